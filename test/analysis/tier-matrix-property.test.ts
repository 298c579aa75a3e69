/**
 * The matrix's set-based path through the tiers (tier-matrix.ts: tries of selecting policies, bit
 * sets, transposed ingress) against the pairwise path (canConnect through tier-evaluator.ts) on
 * random clusters large enough for several words of groups (more than 32 distinct pods), several
 * ports in one matrix (the per-port state is rebuilt per port), named ports that differ between pods
 * of one app, port ranges, pod selectors with every operator, hostNetwork pods, `nodes` and `networks` peers, NetworkPolicies beside the
 * tiers, Admin and Baseline ClusterNetworkPolicies with every action. The pairwise path is checked
 * against a brute-force oracle from the API text in cluster-policy-property.test.ts.
 */
import * as fc from 'fast-check';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

const NS = ['a', 'b', 'c', 'd'];
const APPS = ['web', 'api', 'db', 'dns'];
const PORTS = [53, 80, 85, 8080, 9090];

const selection = fc.oneof(
  fc.constantFrom({ namespaces: {} }, { namespaces: { matchLabels: { team: 'red' } } }, { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } },
    { namespaces: { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['red'] }] } }),
  fc.tuple(fc.constantFrom(...APPS), fc.constantFrom({}, { matchLabels: { team: 'blue' } })).map(([app, namespaceSelector]) =>
    ({ pods: { namespaceSelector, podSelector: { matchLabels: { app } } } })),
  fc.constantFrom<any>(
    { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web', 'db'] }] },
    { matchExpressions: [{ key: 'version', operator: 'In', values: ['v1', 'v2', 'v3'] }, { key: 'app', operator: 'Exists' }] },
    { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }], matchLabels: { app: 'api' } },
    { matchExpressions: [{ key: 'canary', operator: 'Exists' }] },
    {},
  ).map((podSelector) => ({ pods: { namespaceSelector: {}, podSelector } })),
);
const protocols = fc.option(fc.constantFrom<any[]>(
  [{ tcp: { destinationPort: { number: 80 } } }],
  [{ tcp: { destinationPort: { range: { start: 80, end: 90 } } } }],
  [{ udp: { destinationPort: { number: 53 } } }],
  [{ destinationNamedPort: 'http' }],
  [{ destinationNamedPort: 'metrics' }, { tcp: { destinationPort: { number: 8080 } } }],
  [{ destinationNamedPort: 'dns' }],
), { nil: undefined });
const egressPeer = fc.oneof(selection,
  fc.constantFrom({ networks: ['203.0.113.0/24'] }, { networks: ['0.0.0.0/0'] }, { nodes: {} }, { nodes: { matchLabels: { zone: 'x' } } }));
const rule = (dir: 'ingress' | 'egress', tier: string) => fc.record({
  action: fc.constantFrom(...(tier === 'Admin' ? ['Accept', 'Deny', 'Pass'] : ['Accept', 'Deny'])),
  peers: fc.array(dir === 'egress' ? egressPeer : selection, { minLength: 1, maxLength: 2 }),
  protocols,
}).map((r) => {
  // The CRD refuses named ports beside networks and nodes peers.
  const named = r.protocols?.some((e: any) => e.destinationNamedPort) && r.peers.some((p: any) => p.networks || p.nodes);
  return { action: r.action, [dir === 'ingress' ? 'from' : 'to']: r.peers, ...(r.protocols && !named ? { protocols: r.protocols } : {}) };
});
const clusterPolicy = fc.constantFrom('Admin', 'Baseline').chain((tier) => fc.record({
  tier: fc.constant(tier),
  subject: selection,
  ingress: fc.array(rule('ingress', tier), { maxLength: 3 }),
  egress: fc.array(rule('egress', tier), { maxLength: 3 }),
}));
const pod = fc.record({
  ns: fc.constantFrom(...NS),
  app: fc.constantFrom(...APPS),
  version: fc.integer({ min: 0, max: 5 }),
  http: fc.constantFrom(80, 85, 8080),
  metrics: fc.boolean(),
  canary: fc.boolean(),
  hostNetwork: fc.integer({ min: 0, max: 9 }).map((i) => i === 0),
});
const netpol = fc.record({
  ns: fc.constantFrom(...NS),
  dir: fc.constantFrom('ingress', 'egress'),
  app: fc.constantFrom(...APPS),
  peer: fc.constantFrom({ podSelector: {} }, { namespaceSelector: { matchLabels: { team: 'red' } } }, { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }),
  port: fc.option(fc.constantFrom({ port: 80 }, { port: 'http' }, { port: 53, protocol: 'UDP' }), { nil: undefined }),
});

const clusterArb = fc.record({
  pods: fc.array(pod, { minLength: 1, maxLength: 45 }),
  netpols: fc.array(netpol, { maxLength: 4 }),
  cluster: fc.array(clusterPolicy, { minLength: 1, maxLength: 6 }),
}).map(({ pods, netpols, cluster }) => {
  const manifests: any[] = NS.map((n, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { team: i % 2 === 0 ? 'red' : 'blue' } } }));
  pods.forEach((p, i) => {
    const ports = [{ name: 'http', containerPort: p.http, protocol: 'TCP' }, { name: 'dns', containerPort: 53, protocol: 'UDP' },
      ...(p.metrics ? [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }] : [])];
    manifests.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: p.ns, labels: { app: p.app, version: `v${p.version}`, ...(p.canary ? { canary: 'yes' } : {}) } },
      spec: { containers: [{ name: 'c', image: 'i', ports }], ...(p.hostNetwork ? { hostNetwork: true } : {}) },
    });
  });
  netpols.forEach((n, i) => manifests.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `np${i}`, namespace: n.ns },
    spec: {
      podSelector: { matchLabels: { app: n.app } },
      policyTypes: [n.dir === 'ingress' ? 'Ingress' : 'Egress'],
      [n.dir]: [{ [n.dir === 'ingress' ? 'from' : 'to']: [n.peer], ...(n.port ? { ports: [n.port] } : {}) }],
    },
  }));
  cluster.forEach((c, i) => manifests.push({
    apiVersion: 'policy.networking.k8s.io/v1alpha2',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: `cnp${i}` },
    spec: { tier: c.tier, priority: 10 + 10 * i, subject: c.subject, ingress: c.ingress, egress: c.egress },
  }));
  return manifests;
});

test('the tier matrix agrees with canConnect on every cell, port and protocol of random clusters', () => {
  fc.assert(fc.property(clusterArb, fc.constantFrom('203.0.113.10', '198.51.100.7'), (manifests, ip) => {
    const reach = Reachability.fromManifests(manifests);
    expect(reach.warnings.filter((w) => w.startsWith('ERROR'))).toEqual([]);
    for (const protocol of [Protocol.TCP, Protocol.UDP]) {
      const m = reach.matrix({ ports: PORTS, protocol, internetAddress: ip });
      for (const port of PORTS) {
        for (let i = 0; i < m.size; i++) {
          for (let j = 0; j < m.size; j++) {
            const [from, to] = [m.endpoint(i), m.endpoint(j)];
            if (from.ip !== undefined && to.ip !== undefined) continue;
            const want = reach.canConnect(from, to, { port, protocol });
            if (m.isAllowed(i, j, port) !== want) {
              throw new Error(`#${i} -> #${j} ${protocol}/${port}: canConnect ${want}, matrix ${!want}\n${reach.explain(from, to, { port, protocol }).text}`);
            }
          }
        }
      }
    }
  }), { numRuns: 150 });
});
