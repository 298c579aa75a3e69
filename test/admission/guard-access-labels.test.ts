/**
 * NamespaceBaseline.guardAccessLabels(): the admission policy knows every gate of the namespace
 * and the workloads granted each one, admits every pod the app itself makes, and rejects the forged pods
 * that, as the reachability engine shows, would otherwise get the access.
 */
import { admissionObjects, KubeObject, pod, review } from './cel';
import { Reachability } from '../../src/analysis/reachability';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { AccessLabelAdmission } from '../../src/policies/access-label-admission';
import { Workloads } from '../../src/workloads/workloads';
import { synthApp } from '../support/kube';
import { charts, deployment } from '../workloads/support';

const DB = 'networking/allow-db-access';
const CACHE = 'networking/allow-cache-access';
const BACKUP = 'networking/allow-backup-to-access';
const INTERNET = 'networking/allow-internet-access';
const NEW = 'networking/allow-all-connections';

/** The pods the app's Deployments create: their pod templates, as pods of their namespace. */
function templatePods(objects: KubeObject[]): { name: string; pod: object }[] {
  return objects.filter((o) => o.kind === 'Deployment').map((d) => ({
    name: d.metadata.name,
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { ...d.spec.template.metadata, name: `${d.metadata.name}-x`, namespace: d.metadata.namespace }, spec: d.spec.template.spec },
  }));
}

/** The guide's shop with every label-granted access: internet via the gate, a hub, a server, a new deployment, and a hub without clients. */
function shop(guard = true) {
  const { app, charts: [s] } = charts('shop');
  const baseline = new NamespaceBaseline(s, 'baseline', {
    namespace: 'shop', newDeployments: true, hubs: [{ hubName: 'cache', hubLabels: { app: 'cache' } }],
  });
  if (guard) {
    // before the grants: the policy is computed at synthesis
    expect(baseline.guardAccessLabels()).toBe(baseline.guardAccessLabels());
  }
  const w = {
    web: deployment(s, 'web'),
    api: deployment(s, 'api', [{ number: 9000 }]),
    db: deployment(s, 'db', [{ number: 5432 }]),
    backup: deployment(s, 'backup'),
    worker: deployment(s, 'worker'),
    cache: deployment(s, 'cache', [], { podMetadata: { labels: { app: 'cache' } } }),
  };
  baseline.exposeToInternet(w.web);
  baseline.addHubClient(w.db, w.api);
  baseline.addServerTarget(w.backup, w.db);
  baseline.markNewDeployment(w.worker);
  return { app, chart: s, baseline, ...w };
}

describe('NamespaceBaseline.guardAccessLabels()', () => {
  test('opt-in: without it, no admission policy', () => {
    const { app } = shop(false);
    expect(synthApp(app).filter((o) => o.kind.startsWith('ValidatingAdmissionPolicy'))).toEqual([]);
  });

  test('one validation per gate of the namespace, and every pod the app makes is admitted', () => {
    const { app } = shop();
    const objects = synthApp(app);
    const { policy } = admissionObjects(objects);
    expect(policy.metadata.name).toBe('netpol-access-labels-shop');
    expect(policy.spec.validations).toHaveLength(5);
    const pods = templatePods(objects);
    expect(pods.map((p) => p.name).sort()).toEqual(['api', 'backup', 'cache', 'db', 'web', 'worker']);
    for (const p of pods) {
      expect({ name: p.name, ...review(policy, p.pod) }).toEqual({ name: p.name, allowed: true, messages: [] });
    }
  });

  test('a forged pod carrying an access label gets the access (engine), and the admission policy rejects it', () => {
    const { app } = shop();
    const { policy } = admissionObjects(synthApp(app));
    const reach = Reachability.fromApp(app);
    const forged = { namespace: 'shop', labels: { app: 'debug', [DB]: 'true' } };
    expect(reach.canConnect(forged, { namespace: 'shop', pod: 'db' }, { port: 5432 })).toBe(true);
    expect(reach.canConnect({ namespace: 'shop', labels: { app: 'debug' } }, { namespace: 'shop', pod: 'db' }, { port: 5432 })).toBe(false);
    const verdict = review(policy, pod('shop', forged.labels));
    expect(verdict.allowed).toBe(false);
    expect(verdict.messages).toHaveLength(1);
    expect(verdict.messages[0]).toMatch(new RegExp(`^the label ${DB}=true grants network access, and namespace shop grants only ${DB}=true on pods with cdk8s.io/metadata.addr=`));

    for (const key of [INTERNET, BACKUP, NEW, CACHE]) {
      expect({ key, allowed: review(policy, pod('shop', { app: 'debug', [key]: 'true' })).allowed }).toEqual({ key, allowed: false });
    }
    // the internet gate only on web, the new-deployment label only on worker, the backup label only on db
    const objects = synthApp(app);
    const labelsOf = (name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!.spec.template.metadata.labels;
    expect(review(policy, pod('shop', { ...labelsOf('api'), [INTERNET]: 'true' })).allowed).toBe(false);
    expect(review(policy, pod('shop', { ...labelsOf('web'), [NEW]: 'true' })).allowed).toBe(false);
    expect(review(policy, pod('shop', { ...labelsOf('api'), [BACKUP]: 'true' })).allowed).toBe(false);
    expect(review(policy, pod('shop', { ...labelsOf('worker'), [DB]: 'true' })).allowed).toBe(false);
  });

  test('a hub declared as a HubSpec, without a client workload: no pod may carry its label, until an entitlement is added', () => {
    const { app, baseline } = shop();
    const before = admissionObjects(synthApp(app)).policy;
    expect(review(before, pod('shop', { app: 'reporting', [CACHE]: 'true' })).messages[0]).toContain(
      `the label ${CACHE}=true grants network access, and no pod of namespace shop may carry it (no workload was granted it)`);
    baseline.guardAccessLabels().addEntitlement({ labelKey: CACHE, podLabels: { app: 'reporting' } });
    const after = admissionObjects(synthApp(app)).policy;
    expect(review(after, pod('shop', { app: 'reporting', [CACHE]: 'true' })).allowed).toBe(true);
    expect(review(after, pod('shop', { app: 'other', [CACHE]: 'true' })).allowed).toBe(false);
  });

  test('grants made with the static Workloads methods elsewhere in the app count too; a port-scoped internet grant entitles nobody to the gate', () => {
    const { app, charts: [chart] } = charts('shop');
    new NamespaceBaseline(chart, 'baseline', { namespace: 'shop' }).guardAccessLabels();
    const web = deployment(chart, 'web', [{ number: 8443 }]);
    const api = deployment(chart, 'api');
    const db = deployment(chart, 'db', [{ number: 5432 }]);
    Workloads.exposeToInternet(chart, web);
    Workloads.addHubClient(chart, db, api);
    const objects = synthApp(app);
    const { policy } = admissionObjects(objects);
    expect(policy.spec.validations).toHaveLength(2);
    for (const p of templatePods(objects)) {
      expect(review(policy, p.pod).allowed).toBe(true);
    }
    const webLabels = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'web')!.spec.template.metadata.labels;
    expect(review(policy, pod('shop', { ...webLabels, [INTERNET]: 'true' })).allowed).toBe(false);
    expect(review(policy, pod('shop', { app: 'x', [DB]: 'true' })).allowed).toBe(false);
  });

  test('nothing to guard (internetAccess off, no gate): the synthesis says so', () => {
    const { app, charts: [chart] } = charts('shop');
    new NamespaceBaseline(chart, 'baseline', { namespace: 'shop', internetAccess: false }).guardAccessLabels();
    expect(() => synthApp(app)).toThrow('shop/baseline/AccessLabelAdmission: no access label to guard');
  });

  test('internet egress: its gate is guarded too, and a workload whose template carries it is entitled', () => {
    const { app, charts: [chart] } = charts('shop');
    new NamespaceBaseline(chart, 'baseline', { namespace: 'shop', internetAccess: false, denyEgress: true, internetEgress: true }).guardAccessLabels();
    deployment(chart, 'crawler', [], { podMetadata: { labels: { 'networking/allow-internet-egress': 'true' } } });
    deployment(chart, 'api');
    const objects = synthApp(app);
    const { policy } = admissionObjects(objects);
    expect(policy.spec.validations).toHaveLength(1);
    for (const p of templatePods(objects)) {
      expect(review(policy, p.pod).allowed).toBe(true);
    }
    const apiLabels = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'api')!.spec.template.metadata.labels;
    expect(review(policy, pod('shop', { ...apiLabels, 'networking/allow-internet-egress': 'true' })).allowed).toBe(false);
  });

  test('per namespace of a ClusterBaseline: each guards its own namespace only', () => {
    const { app, charts: [chart] } = charts('shop');
    const cluster = new ClusterBaseline(chart, 'cluster', { namespaces: ['shop', 'orders'] });
    cluster.baseline('shop').guardAccessLabels();
    cluster.baseline('orders').guardAccessLabels();
    const objects = synthApp(app);
    const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    expect(policies.map((p) => [p.metadata.name, p.spec.matchConstraints.namespaceSelector.matchLabels['kubernetes.io/metadata.name']]))
      .toEqual([['netpol-access-labels-shop', 'shop'], ['netpol-access-labels-orders', 'orders']]);
  });

  test('two admission policies with one name (cluster-scoped) fail the synthesis, naming both paths', () => {
    const { app, charts: [chart] } = charts('shop');
    new NamespaceBaseline(chart, 'baseline', { namespace: 'shop' }).guardAccessLabels();
    new AccessLabelAdmission(chart, 'mine', { namespace: 'shop', guardedLabels: [DB] });
    expect(() => synthApp(app)).toThrow('shop/mine: the ValidatingAdmissionPolicy name "netpol-access-labels-shop" is also used by shop/baseline/AccessLabelAdmission');
  });
});
