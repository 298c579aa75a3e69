/**
 * The workload helpers take workloads of every cdk8s-plus major (here 28, 33 and 34, built in one app
 * with the repo's cdk8s) and L1 objects (KubeDeployment, a plain ApiObject, ...), all read through their
 * API object; what they allow is checked through the reachability engine.
 */
import { ApiObject, Chart } from 'cdk8s';
import * as kplus28 from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import * as kplus34 from 'cdk8s-plus-34';
import { allowedConnections, charts } from './support';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { WorkloadRef } from '../../src/workloads/workload-ref';
import { Workloads } from '../../src/workloads/workloads';
import { objectNamed, synthApp } from '../support/kube';

const user = { user: 1000 };

function kplusShop(kplus: typeof kplus28 | typeof kplus33 | typeof kplus34) {
  const { app, charts: [chart] } = charts('shop');
  const baseline = new NamespaceBaseline(chart, 'baseline', { namespace: 'shop' });
  const web = new kplus.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'web', ports: [{ number: 8080 }], securityContext: user }] });
  const api = new kplus.StatefulSet(chart, 'api', { metadata: { name: 'api' }, containers: [{ image: 'api', ports: [{ number: 9000 }], securityContext: user }] });
  const db = new kplus.Deployment(chart, 'db', { metadata: { name: 'db' }, containers: [{ image: 'db', ports: [{ number: 5432 }], securityContext: user }] });
  const job = new kplus.Job(chart, 'report', { metadata: { name: 'report' }, containers: [{ image: 'report', securityContext: user }] });
  baseline.exposeToInternet(web);
  baseline.allowConnection(web, api);
  baseline.addHubClient(db, api);
  baseline.allowConnection(job, db);
  return { app, chart, web, api, db };
}

// The internet grant admits every source on web's port, pods of the cluster included.
const SHOP = [
  'internet -> shop/web:8080',
  'shop/api -> shop/db:5432',
  'shop/api -> shop/web:8080',
  'shop/db -> shop/web:8080',
  'shop/report -> shop/db:5432',
  'shop/report -> shop/web:8080',
  'shop/web -> shop/api:9000',
];

describe('workloads of every cdk8s-plus major', () => {
  test.each([['cdk8s-plus-28', kplus28], ['cdk8s-plus-33', kplus33], ['cdk8s-plus-34', kplus34]] as const)(
    '%s: the shop allows exactly what was declared', (_name, kplus) => {
      const s = kplusShop(kplus);
      expect(allowedConnections(s.app, [5432, 8080, 9000])).toEqual(SHOP);
      const objects = synthApp(s.app);
      // The access label is on the pod template, the workload's own selector is unchanged.
      const api = objectNamed(objects, 'StatefulSet', 'api');
      expect(api.spec.template.metadata.labels['networking/allow-db-access']).toBe('true');
      expect(Object.keys(api.spec.selector.matchLabels)).toEqual(['cdk8s.io/metadata.addr']);
    });

  test('a Namespace and a Pods selection of cdk8s-plus-34 are accepted', () => {
    const { app, charts: [chart] } = charts('shop');
    const web = new kplus34.Deployment(chart, 'web', { metadata: { name: 'web' }, containers: [{ image: 'web', ports: [{ number: 8080 }], securityContext: user }] });
    const monitoring = new kplus34.Namespace(chart, 'monitoring', { metadata: { name: 'monitoring' } });
    Workloads.allowFromNamespace(chart, monitoring, web);
    Workloads.allowFromPods(chart, kplus34.Pods.select(chart, 'probes', { labels: { app: 'probe' } }), web);
    const policies = synthApp(app).filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort();
    expect(policies).toEqual(['allow-monitoring-to-web', 'allow-probe-to-web']);
    const probe = objectNamed(synthApp(app), 'NetworkPolicy', 'allow-probe-to-web');
    expect(probe.spec.ingress[0].from).toEqual([{ podSelector: { matchLabels: { app: 'probe' } } }]);
  });
});

test('guardAccessLabels reads workloads of every major and names a cdk8s-plus workload by its own path', () => {
  const { app, charts: [chart] } = charts('shop');
  const baseline = new NamespaceBaseline(chart, 'baseline', { namespace: 'shop' });
  const db = new kplus34.Deployment(chart, 'db', { metadata: { name: 'db' }, containers: [{ image: 'db', ports: [{ number: 5432 }], securityContext: user }] });
  const api = new kplus33.Deployment(chart, 'api', {
    metadata: { name: 'api' }, select: false, podMetadata: { labels: { app: 'api' } }, containers: [{ image: 'api', securityContext: user }],
  });
  baseline.addHubClient(db, api);
  baseline.guardAccessLabels();
  // A label set by hand on a workload that selects by expressions only: the entitlement cannot be written.
  api.select(kplus33.LabelSelector.of({ expressions: [kplus33.LabelExpression.in('app', ['api'])] }));
  expect(() => synthApp(app)).toThrow(/shop\/api: the workload selects its pods with matchExpressions only/);
});

describe('L1 objects and plain ApiObjects', () => {
  function l1Shop() {
    const { app, charts: [chart] } = charts('shop');
    const web = new kplus28.k8s.KubeDeployment(chart, 'web', {
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'web', ports: [{ containerPort: 8080 }] }] },
        },
      },
    });
    // A plain ApiObject.
    const api = new ApiObject(chart, 'api', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'api' },
      spec: {
        serviceName: 'api',
        selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] },
        template: {
          metadata: { labels: { app: 'api', track: 'stable' } },
          spec: { containers: [{ name: 'api', image: 'api', ports: [{ containerPort: 9000, name: 'grpc' }] }] },
        },
      },
    });
    // An L1 Job whose pod template has no metadata: an access label creates it.
    const batch = new kplus28.k8s.KubeJob(chart, 'batch', {
      metadata: { name: 'batch' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'batch', image: 'batch' }] } } },
    });
    // An L1 Pod has no selector: its own labels select it.
    const debug = new kplus28.k8s.KubePod(chart, 'debug', {
      metadata: { name: 'debug', labels: { app: 'debug' } },
      spec: { containers: [{ name: 'debug', image: 'debug' }] },
    });
    return { app, chart, web, api, debug, batch };
  }

  test('the selector, ports and pod labels are read from the API object', () => {
    const s = l1Shop();
    expect(WorkloadRef.of(s.web).selectorLabels).toEqual({ app: 'web' });
    expect(WorkloadRef.of(s.web).ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(WorkloadRef.of(s.api, { namedPorts: true }).ports).toEqual([{ name: 'grpc', protocol: 'TCP' }]);
    expect(WorkloadRef.of(s.debug).selectorLabels).toEqual({ app: 'debug' });
    expect(WorkloadRef.of(s.web).name).toBe('web');
  });

  test('grants on L1 objects: labels land on the pod template (created when absent), matchExpressions are kept', () => {
    const s = l1Shop();
    new NamespaceBaseline(s.chart, 'baseline', { namespace: 'shop' });
    Workloads.exposeToInternet(s.chart, s.web);
    Workloads.addHubClient(s.chart, s.api, s.web);
    Workloads.addServerTarget(s.chart, s.debug, s.api, { ports: [{ port: 9000 }] });
    Workloads.addHubClient(s.chart, s.api, s.batch);
    const objects = synthApp(s.app);
    const api = objectNamed(objects, 'StatefulSet', 'api');
    expect(api.spec.template.metadata.labels).toEqual({ 'app': 'api', 'track': 'stable', 'networking/allow-debug-to-access': 'true' });
    expect(objectNamed(objects, 'Job', 'batch').spec.template.metadata).toEqual({ labels: { 'networking/allow-api-access': 'true' } });
    expect(api.spec.selector).toEqual({ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] });
    expect(objectNamed(objects, 'Deployment', 'web').spec.template.metadata.labels).toEqual({ 'app': 'web', 'networking/allow-api-access': 'true' });
    // The debug pod is a server that reaches the api; its own selector did not take in the label it got.
    expect(WorkloadRef.of(s.debug).selectorLabels).toEqual({ app: 'debug' });
    const hub = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-api-access')!;
    expect(hub.spec.podSelector.matchExpressions).toEqual([{ key: 'track', operator: 'NotIn', values: ['canary'] }]);
    expect(allowedConnections(s.app, [8080, 9000])).toEqual([
      'internet -> shop/web:8080', 'shop/api -> shop/web:8080', 'shop/batch -> shop/api:9000', 'shop/batch -> shop/web:8080',
      'shop/debug -> shop/api:9000', 'shop/debug -> shop/web:8080', 'shop/web -> shop/api:9000',
    ]);
  });

  test('an access label the L1 Pod already had stays part of the selector read from its labels', () => {
    const { charts: [chart] } = charts('shop');
    const db = new kplus28.k8s.KubeDeployment(chart, 'db', {
      metadata: { name: 'db' },
      spec: { selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db' }] } } },
    });
    const debug = new kplus28.k8s.KubePod(chart, 'debug', {
      metadata: { name: 'debug', labels: { 'app': 'debug', 'networking/allow-db-access': 'true' } },
      spec: { containers: [{ name: 'debug', image: 'debug' }] },
    });
    const before = WorkloadRef.of(debug).selectorLabels;
    Workloads.addHubClient(chart, db, debug);
    expect(before).toEqual({ 'app': 'debug', 'networking/allow-db-access': 'true' });
    expect(WorkloadRef.of(debug).selectorLabels).toEqual(before);
  });

  test('a label added to an L1 Pod without labels is not its selector: refused with a clear error', () => {
    const { charts: [chart] } = charts('shop');
    const bare = new kplus28.k8s.KubePod(chart, 'bare', { metadata: { name: 'bare' }, spec: { containers: [{ name: 'x', image: 'x' }] } });
    expect(() => WorkloadRef.of(bare).selectorLabels).toThrow(/^shop\/bare: the workload has no selector and its pods have no labels to select them by/);
  });

  test('an API object of another kind is refused, naming the supported cdk8s-plus majors', () => {
    const { charts: [chart] } = charts('shop');
    const svc = new kplus28.k8s.KubeService(chart, 'svc', { spec: { ports: [{ port: 80 }] } });
    expect(() => WorkloadRef.of(svc)).toThrow(/^invalid workload shop\/svc: expected a Pod or workload .*cdk8s-plus-28 to cdk8s-plus-34.*its API object is a v1 Service$/);
    expect(() => WorkloadRef.of(new Chart(chart, 'x'))).toThrow(/it has no API object$/);
  });
});
