// The invariant behind the guide's default-deny: with a baseline in place, every allow policy only adds
// connections. Removing any single allow policy never widens what is allowed; removing the default-deny
// does (the guide: a pod whose only policy goes away becomes open to everyone).
import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Reachability } from '../../src/analysis/reachability';
import { ReachabilityMatrix } from '../../src/analysis/reachability-matrix';
import { ClusterBaseline } from '../../src/baseline/cluster-baseline';
import { NamespaceBaseline } from '../../src/baseline/namespace-baseline';
import { NamespaceIngressSpec } from '../../src/baseline/specs';
import { Ports, PortSpec } from '../../src/model/ports';
import { Protocol } from '../../src/model/protocol';
import { ConnectionSpec } from '../../src/policies/allow-connection';
import { HubSpec } from '../../src/policies/hub-access';
import { ServerSpec } from '../../src/policies/server-access';
import { validateAll } from '../support/kube';

const NAMESPACES = ['a', 'b', 'c'];
const APPS = ['web', 'api', 'db', 'backup', 'worker'];
const HUBS = ['db', 'cache'];
const SERVERS = ['backup', 'scanner'];
const MATRIX_PORTS = [22, 53, 80, 5432, 8080];

type Labels = { [key: string]: string };

interface NamespacePlan {
  readonly hubs: HubSpec[];
  readonly servers: ServerSpec[];
  readonly connections: ConnectionSpec[];
  readonly allowFrom: NamespaceIngressSpec[];
  /** Used when each namespace gets its own NamespaceBaseline. */
  readonly denyEgress: boolean;
}

interface Plan {
  readonly cluster: boolean;
  readonly options: {
    readonly internetAccess: boolean;
    readonly allowSameNamespace: boolean;
    readonly newDeployments: boolean;
    readonly denyEgress: boolean;
    readonly allowDns: boolean;
    readonly internetEgress: boolean;
    readonly createNamespace: boolean;
    readonly namespaceLabelKey?: string;
  };
  readonly namespaces: { [name: string]: NamespacePlan };
  readonly pods: Array<{ namespace: string; labels: Labels }>;
}

const portsArb: fc.Arbitrary<PortSpec[] | undefined> = fc.option(fc.constantFrom(
  [Ports.tcp(80)], [Ports.tcp(5432)], [Ports.tcp(8080), Ports.tcp(22)], [Ports.named('http')], [Ports.tcpRange(5000, 6000)],
), { nil: undefined });
const appLabels: fc.Arbitrary<Labels> = fc.constantFrom(...APPS).map((app) => ({ app }));

const namespacePlan: fc.Arbitrary<NamespacePlan> = fc.record({
  hubs: fc.uniqueArray(fc.constantFrom(...HUBS), { maxLength: 2 })
    .chain((names) => fc.tuple(...names.map((hubName) => fc.record({ hubName: fc.constant(hubName), hubLabels: appLabels, ports: portsArb })))),
  servers: fc.uniqueArray(fc.constantFrom(...SERVERS), { maxLength: 2 })
    .chain((names) => fc.tuple(...names.map((serverName) =>
      fc.record({ serverName: fc.constant(serverName), serverLabels: appLabels, ports: portsArb })))),
  connections: fc.uniqueArray(fc.record({ fromLabels: appLabels, toLabels: appLabels, ports: portsArb }),
    { maxLength: 3, selector: (c) => `${c.fromLabels.app}>${c.toLabels.app}` }),
  allowFrom: fc.uniqueArray(fc.record({
    fromNamespace: fc.constantFrom(...NAMESPACES, 'ext'),
    fromLabels: fc.option(appLabels, { nil: undefined }),
    toLabels: fc.option(appLabels, { nil: undefined }),
    ports: portsArb,
  }), { maxLength: 2, selector: (a) => `${a.fromNamespace}/${a.fromLabels?.app}/${a.toLabels?.app}` }),
  denyEgress: fc.boolean(),
}).map((p) => p as NamespacePlan);

const podArb = fc.record({
  namespace: fc.constantFrom(...NAMESPACES, 'ext'),
  labels: fc.record({
    app: fc.constantFrom(...APPS),
    access: fc.subarray([
      'networking/allow-db-access', 'networking/allow-cache-access', 'networking/allow-backup-to-access', 'networking/allow-scanner-to-access',
      'networking/allow-internet-access', 'networking/allow-all-connections', 'networking/allow-internet-egress',
    ], { maxLength: 3 }),
  }).map(({ app, access }) => Object.fromEntries([['app', app], ...access.map((k) => [k, 'true'])]) as Labels),
});

const planArb: fc.Arbitrary<Plan> = fc.record({
  cluster: fc.boolean(),
  options: fc.record({
    internetAccess: fc.boolean(),
    allowSameNamespace: fc.boolean(),
    newDeployments: fc.boolean(),
    denyEgress: fc.boolean(),
    allowDns: fc.boolean(),
    internetEgress: fc.boolean(),
    createNamespace: fc.boolean(),
    namespaceLabelKey: fc.option(fc.constant('networking/namespace'), { nil: undefined }),
  }),
  namespaces: fc.record({ a: namespacePlan, b: namespacePlan, c: namespacePlan }),
  pods: fc.array(podArb, { minLength: 2, maxLength: 10 }),
}).map((p) => p as Plan);

/** Synthesizes the baselines of a plan (lint at synth included) and returns the policies and Namespaces. */
function build(plan: Plan): any[] {
  const chart = new Chart(Testing.app(), 'invariant');
  const o = plan.options;
  if (plan.cluster) {
    const cluster = new ClusterBaseline(chart, 'cluster', { namespaces: NAMESPACES, ...o, internetEgress: o.internetEgress && o.denyEgress });
    for (const namespace of NAMESPACES) {
      const p = plan.namespaces[namespace];
      const b = cluster.baseline(namespace);
      p.hubs.forEach((h) => b.addHub(h));
      p.servers.forEach((s) => b.addServer(s));
      p.connections.forEach((c) => b.addConnection(c));
      p.allowFrom.filter((a) => a.fromNamespace !== namespace).forEach((a) => cluster.addAllowFrom(namespace, a));
    }
  } else {
    for (const namespace of NAMESPACES) {
      const p = plan.namespaces[namespace];
      new NamespaceBaseline(chart, namespace, {
        namespace,
        ...o,
        denyEgress: p.denyEgress,
        internetEgress: o.internetEgress && p.denyEgress,
        hubs: p.hubs,
        servers: p.servers,
        connections: p.connections,
        // a standalone baseline is told whether the source denies egress
        allowFrom: p.allowFrom.filter((a) => a.fromNamespace !== namespace)
          .map((a) => ({ ...a, sourceDeniesEgress: a.fromNamespace === 'ext' ? false : plan.namespaces[a.fromNamespace].denyEgress })),
      });
    }
  }
  const objects = Testing.synth(chart);
  validateAll(objects);
  return objects;
}

/** Pods with a container port named http (8080), plus the cluster DNS pod. */
function podManifests(plan: Plan): any[] {
  const pods = [...plan.pods, { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }];
  return pods.map((p, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod${i}`, namespace: p.namespace, labels: p.labels },
    spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }] },
  }));
}

function matrices(objects: any[], pods: any[]): ReachabilityMatrix[] {
  const reach = Reachability.fromManifests([...pods, ...objects]);
  return [reach.matrix({ ports: MATRIX_PORTS }), reach.matrix({ ports: [53], protocol: Protocol.UDP })];
}

/** The connections allowed in `after` but not in `before`, as `from→to:port/protocol`. */
function widened(before: ReachabilityMatrix[], after: ReachabilityMatrix[]): string[] {
  const extra: string[] = [];
  before.forEach((b, m) => {
    const a = after[m];
    expect(a.endpoints).toEqual(b.endpoints);
    for (const port of b.ports) {
      for (const pair of a.allowedPairs(port)) {
        if (!b.isAllowedBetween(pair.from, pair.to, port)) extra.push(`${pair.from}→${pair.to}:${port}/${b.protocol}`);
      }
    }
  });
  return extra;
}

const isPolicy = (o: any) => o.kind === 'NetworkPolicy';
const hasRules = (o: any) => (o.spec.ingress ?? []).length > 0 || (o.spec.egress ?? []).length > 0;
const isDefaultDeny = (o: any) => isPolicy(o) && !hasRules(o) && Object.keys(o.spec.podSelector ?? {}).length === 0;

describe('removing a policy from a synthesized baseline', () => {
  let widenedByDefaultDeny = 0;

  test('removing any single allow policy never widens what is allowed (random baselines and pods)', () => {
    fc.assert(fc.property(planArb, (plan) => {
      const objects = build(plan);
      const pods = podManifests(plan);
      const before = matrices(objects, pods);
      const allows = objects.filter((o) => isPolicy(o) && hasRules(o));
      expect(allows.length).toBeGreaterThan(0);
      for (const removed of allows) {
        const after = matrices(objects.filter((o) => o !== removed), pods);
        expect({ removed: `${removed.metadata.namespace}/${removed.metadata.name}`, widened: widened(before, after) })
          .toEqual({ removed: `${removed.metadata.namespace}/${removed.metadata.name}`, widened: [] });
      }
      // removing a default-deny never narrows; it is the removal the guide warns about
      for (const removed of objects.filter(isDefaultDeny)) {
        const after = matrices(objects.filter((o) => o !== removed), pods);
        expect(widened(after, before)).toEqual([]);
        if (widened(before, after).length > 0) widenedByDefaultDeny += 1;
      }
    }), { numRuns: 100 });
    // the property above must not hold vacuously: default-deny removals did open connections
    expect(widenedByDefaultDeny).toBeGreaterThan(0);
  });

  test('removing the default-deny opens the pods no allow selects to everyone (the guide\'s warning)', () => {
    const chart = new Chart(Testing.app(), 'deny');
    new NamespaceBaseline(chart, 'shop', { namespace: 'shop', hubs: [{ hubName: 'db', hubLabels: { app: 'db' }, ports: [Ports.tcp(5432)] }] });
    const objects = Testing.synth(chart);
    const pods = podManifests({ pods: [{ namespace: 'shop', labels: { app: 'db' } }, { namespace: 'shop', labels: { app: 'web' } }] } as any);
    const before = matrices(objects, pods);
    const after = matrices(objects.filter((o) => o.metadata.name !== 'default-deny-ingress'), pods);
    expect(widened(before, after)).toEqual(expect.arrayContaining(['shop/pod0→shop/pod1:80/TCP', 'internet→shop/pod1:5432/TCP', 'kube-system/pod2→shop/pod1:8080/TCP']));
    // the db keeps its hub policy, so it stays isolated: only the unselected web pod opened up
    expect(widened(before, after).filter((c) => c.includes('→shop/pod0'))).toEqual([]);
    // and removing the hub allow instead only narrows
    expect(widened(before, matrices(objects.filter((o) => o.metadata.name !== 'allow-db-access'), pods))).toEqual([]);
  });

  test('with denyEgress, the default-deny egress is what closes egress (and the DNS allow, which selects every pod, closes it too)', () => {
    const pods = podManifests({ pods: [{ namespace: 'shop', labels: { app: 'web' } }, { namespace: 'ext', labels: { app: 'x' } }] } as any);
    const synthesize = (allowDns: boolean) => {
      const chart = new Chart(Testing.app(), 'deny');
      new NamespaceBaseline(chart, 'shop', { namespace: 'shop', denyEgress: true, allowDns });
      return Testing.synth(chart);
    };
    const withoutDns = synthesize(false);
    expect(widened(matrices(withoutDns, pods), matrices(withoutDns.filter((o) => o.metadata.name !== 'default-deny-egress'), pods)))
      .toEqual(expect.arrayContaining(['shop/pod0→ext/pod1:80/TCP', 'shop/pod0→internet:80/TCP', 'shop/pod0→kube-system/pod2:53/UDP']));
    const withDns = synthesize(true);
    const before = matrices(withDns, pods);
    expect(widened(before, matrices(withDns.filter((o) => o.metadata.name !== 'default-deny-egress'), pods))).toEqual([]);
    expect(widened(before, matrices(withDns.filter((o) => !o.metadata.name.startsWith('default-deny-egress') && o.metadata.name !== 'allow-dns-egress'), pods)))
      .toEqual(expect.arrayContaining(['shop/pod0→ext/pod1:80/TCP', 'shop/pod0→internet:80/TCP']));
  });
});
