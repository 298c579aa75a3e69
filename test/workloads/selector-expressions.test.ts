/**
 * A workload that selects its pods with matchLabels AND matchExpressions: every policy a grant makes
 * from its selector carries the expressions, so a pod with the same labels that fails an expression (a
 * canary) gets none of the workload's access. Proved through the reachability engine.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Reachability } from '../../src/analysis/reachability';
import { DefaultDenyIngress } from '../../src/policies/default-deny-ingress';
import { HubAccess } from '../../src/policies/hub-access';
import { WorkloadRef } from '../../src/workloads/workload-ref';
import { Workloads } from '../../src/workloads/workloads';
import { objectNamed, synthApp } from '../support/kube';

const STABLE = { app: 'api' };
const CANARY = { app: 'api', track: 'canary' };

/** shop: web, db, and an api Deployment that selects app=api AND track NotIn [canary]. */
function shop() {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const monitoring = new Chart(app, 'monitoring', { namespace: 'monitoring' });
  new DefaultDenyIngress(chart, 'deny', { namespace: 'shop' });
  const workload = (name: string, port: number, labels: { [key: string]: string }) => new kplus.Deployment(chart, name, {
    metadata: { name },
    select: false,
    podMetadata: { labels },
    containers: [{ image: `example/${name}`, ports: [{ number: port }], securityContext: { user: 1000 } }],
  });
  const api = workload('api', 9000, STABLE);
  api.select(kplus.LabelSelector.of({ labels: STABLE, expressions: [kplus.LabelExpression.notIn('track', ['canary'])] }));
  const web = workload('web', 8080, { app: 'web' });
  web.select(kplus.LabelSelector.of({ labels: { app: 'web' } }));
  const db = workload('db', 5432, { app: 'db' });
  db.select(kplus.LabelSelector.of({ labels: { app: 'db' } }));
  const ops = new kplus.Namespace(monitoring, 'ops', { metadata: { name: 'ops' } });
  return { app, chart, api, web, db, ops };
}

const pod = (labels: { [key: string]: string }) => ({ namespace: 'shop', labels });

/** Whether `from` reaches `to` on `port`, both sides (ingress of `to`, egress of `from`). */
function reaches(chart: Chart, from: any, to: any, port: number): boolean {
  return Reachability.fromChart(chart).canConnect(from, to, { port });
}

describe('grants from a workload selected by matchLabels + matchExpressions select exactly its pods', () => {
  test('exposeToInternet: the internet reaches the api, not its canary', () => {
    const s = shop();
    Workloads.exposeToInternet(s.chart, s.api);
    synthApp(s.app);
    expect(reaches(s.chart, { ip: '203.0.113.10' }, pod(STABLE), 9000)).toBe(true);
    expect(reaches(s.chart, { ip: '203.0.113.10' }, pod(CANARY), 9000)).toBe(false);
  });

  test('addHubClient with the api as hub: the client reaches the api, not its canary', () => {
    const s = shop();
    Workloads.addHubClient(s.chart, s.api, s.web, { egress: true });
    synthApp(s.app);
    const client = { namespace: 'shop', pod: 'web' };
    expect(reaches(s.chart, client, pod(STABLE), 9000)).toBe(true);
    expect(reaches(s.chart, client, pod(CANARY), 9000)).toBe(false);
  });

  test('addServerTarget with the api as server: the api reaches the target, its canary does not', () => {
    const s = shop();
    Workloads.addServerTarget(s.chart, s.api, s.db, { egress: true });
    synthApp(s.app);
    const target = { namespace: 'shop', pod: 'db' };
    expect(reaches(s.chart, pod(STABLE), target, 5432)).toBe(true);
    expect(reaches(s.chart, pod(CANARY), target, 5432)).toBe(false);
  });

  test('allowConnection, at both ends: from the api and to the api, never its canary', () => {
    const s = shop();
    Workloads.allowConnection(s.chart, s.api, s.db, { egress: true });
    Workloads.allowConnection(s.chart, s.web, s.api, { egress: true });
    synthApp(s.app);
    expect(reaches(s.chart, pod(STABLE), { namespace: 'shop', pod: 'db' }, 5432)).toBe(true);
    expect(reaches(s.chart, pod(CANARY), { namespace: 'shop', pod: 'db' }, 5432)).toBe(false);
    expect(reaches(s.chart, { namespace: 'shop', pod: 'web' }, pod(STABLE), 9000)).toBe(true);
    expect(reaches(s.chart, { namespace: 'shop', pod: 'web' }, pod(CANARY), 9000)).toBe(false);
  });

  test('allowFromNamespace and allowFromPods: the other namespace reaches the api, not its canary', () => {
    const s = shop();
    Workloads.allowFromNamespace(s.chart, s.ops, s.api);
    const pods = kplus.Pods.select(s.chart, 'web-pods', { labels: { app: 'web' } });
    Workloads.allowFromPods(s.chart, pods, s.api, { name: 'allow-web-pods-to-api' });
    const app = s.app;
    synthApp(app);
    const engine = Reachability.fromApp(app);
    const fromOps = { namespace: 'ops', labels: {} };
    expect(engine.canConnect(fromOps, pod(STABLE), { port: 9000 })).toBe(true);
    expect(engine.canConnect(fromOps, pod(CANARY), { port: 9000 })).toBe(false);
    expect(engine.canConnect(pod({ app: 'web' }), pod(STABLE), { port: 9000 })).toBe(true);
    expect(engine.canConnect(pod({ app: 'web' }), pod(CANARY), { port: 9000 })).toBe(false);
  });

  test('markNewDeployment puts its label on the api\'s pod template only: the canary is not marked', () => {
    const s = shop();
    Workloads.markNewDeployment(s.chart, s.api);
    synthApp(s.app);
    const marked = { ...STABLE, 'networking/allow-all-connections': 'true' };
    expect(reaches(s.chart, pod({ app: 'other' }), pod(marked), 9000)).toBe(true);
    expect(reaches(s.chart, pod({ app: 'other' }), pod(CANARY), 9000)).toBe(false);
  });

  test('a select() that adds an expression after the grant is caught at synthesis', () => {
    const s = shop();
    Workloads.exposeToInternet(s.chart, s.web);
    s.web.select(kplus.LabelSelector.of({ expressions: [kplus.LabelExpression.notIn('track', ['canary'])] }));
    expect(() => synthApp(s.app)).toThrow(/its selector changed/);
  });
});

describe('arguments of the wrong type are named, not crashed on', () => {
  test('allowFromNamespace with a workload as the source names the expected types', () => {
    const s = shop();
    expect(() => Workloads.allowFromNamespace(s.chart, s.web as any, s.api))
      .toThrow(/^invalid from shop\/web: expected a Namespace \(of cdk8s-plus-28 to cdk8s-plus-34, or a KubeNamespace\), as in Workloads.allowFromNamespace\(scope, from: Namespace, to: workload\)/);
  });

  test('allowFromPods with a workload as the source names the expected types', () => {
    const s = shop();
    expect(() => Workloads.allowFromPods(s.chart, s.web as any, s.api)).toThrow(/^invalid from shop\/web: expected a cdk8s-plus Pods selection \(cdk8s-plus-28 to cdk8s-plus-34\)/);
  });
});

describe('the expressions travel as explicit values, never hidden in a label map', () => {
  test('selectorLabels is a plain map: a policy made from it (or a copy) by hand selects by the labels alone', () => {
    const s = shop();
    const labels = WorkloadRef.of(s.api).selectorLabels;
    expect(labels).toEqual(STABLE);
    new HubAccess(s.chart, 'by-hand', { namespace: 'shop', hubName: 'api', hubLabels: labels });
    expect(objectNamed(synthApp(s.app), 'NetworkPolicy', 'allow-api-access').spec.podSelector).toEqual({ matchLabels: STABLE });
  });

  test('the construct props carry them (set by Workloads): HubAccess with _hubExpressions selects with both', () => {
    const s = shop();
    new HubAccess(s.chart, 'with-expressions', {
      namespace: 'shop',
      hubName: 'api',
      hubLabels: STABLE,
      _hubExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }],
    });
    expect(objectNamed(synthApp(s.app), 'NetworkPolicy', 'allow-api-access').spec.podSelector)
      .toEqual({ matchLabels: STABLE, matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] });
  });
});
