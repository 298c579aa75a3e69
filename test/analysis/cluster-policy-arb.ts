/**
 * Random clusters of namespaces, pods, NetworkPolicies and cluster-scoped policies (ClusterNetworkPolicy
 * v1alpha2 of both tiers, AdminNetworkPolicy and the BaselineAdminNetworkPolicy `default` v1alpha1), for
 * the tier property tests. Priorities are distinct (the order of equal priorities is undefined).
 */
import * as fc from 'fast-check';

type Labels = { [k: string]: string };
export const NS = ['x', 'y', 'z'];
export const APPS = ['web', 'db'];
export const IPS = ['169.254.169.254', '203.0.113.10'];
export const TRAFFIC: [number, string][] = [[80, 'TCP'], [53, 'UDP'], [443, 'TCP']];

/** The labels of namespace `n`: `x` and `y` are team a, `z` team b. */
export const nsLabels = (n: string): Labels => ({ 'kubernetes.io/metadata.name': n, 'team': n === 'z' ? 'b' : 'a' });

export const selection = fc.oneof(
  fc.constantFrom({ namespaces: {} }, { namespaces: { matchLabels: { team: 'a' } } }, { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'y' } } }),
  fc.constantFrom(...APPS).map((app) => ({ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app } } } })),
);
const protocols = fc.option(fc.constantFrom(
  [{ tcp: { destinationPort: { number: 80 } } }], [{ udp: { destinationPort: { number: 53 } } }], [{ destinationNamedPort: 'http' }],
  [{ tcp: { destinationPort: { number: 443 } } }, { destinationNamedPort: 'dns' }]), { nil: undefined });
const rule = (dir: 'ingress' | 'egress') => fc.record({
  action: fc.constantFrom('Accept', 'Deny', 'Pass'),
  peers: fc.array(dir === 'egress' ? fc.oneof(selection, fc.constantFrom({ networks: ['169.254.0.0/16'] }, { networks: ['0.0.0.0/0'] })) : selection, { minLength: 1, maxLength: 2 }),
  protocols,
}).map((r) => {
  // The CRD refuses named ports beside networks peers.
  const named = r.protocols?.some((e: any) => e.destinationNamedPort) && r.peers.some((peer: any) => peer.networks);
  return { action: r.action, [dir === 'ingress' ? 'from' : 'to']: r.peers, ...(r.protocols && !named ? { protocols: r.protocols } : {}) };
});
/** One cluster-scoped policy, before clusterPolicyManifests gives it a kind, a name and a priority. */
export const clusterPolicy = fc.record({
  tier: fc.constantFrom('Admin', 'Baseline'),
  v1alpha1: fc.boolean(),
  subject: selection,
  ingress: fc.array(rule('ingress'), { maxLength: 3 }),
  egress: fc.array(rule('egress'), { maxLength: 2 }),
});

/** CNP to ANP: Accept → Allow, protocols → ports. A BANP has no Pass and must be the single `default`. */
function toV1alpha1(p: any): any {
  const v1Ports = (protos: any[]) => protos.map((e) => (e.destinationNamedPort ? { namedPort: e.destinationNamedPort }
    : { portNumber: { protocol: e.tcp ? 'TCP' : 'UDP', port: (e.tcp ?? e.udp).destinationPort.number } }));
  const rules = (list: any[]) => list.filter((r) => p.kind === 'AdminNetworkPolicy' || r.action !== 'Pass').map(({ protocols: protos, ...r }: any) => ({
    ...r, action: r.action === 'Accept' ? 'Allow' : r.action, ...(protos ? { ports: v1Ports(protos) } : {}),
  }));
  return { ...p, spec: { ...p.spec, ingress: rules(p.spec.ingress), egress: rules(p.spec.egress) } };
}

export const clusterArb = fc.record({
  pods: fc.array(fc.record({ ns: fc.constantFrom(...NS), app: fc.constantFrom(...APPS), httpPort: fc.constantFrom(80, 443) }),
    { minLength: 1, maxLength: 5 }),
  netpols: fc.array(fc.record({ ns: fc.constantFrom(...NS), dir: fc.constantFrom('ingress', 'egress'), app: fc.constantFrom(...APPS), peer: selection }), { maxLength: 3 }),
  cluster: fc.array(clusterPolicy, { maxLength: 4 }),
}).map(({ pods, netpols, cluster }) => {
  const manifests: any[] = NS.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { team: nsLabels(n).team } } }));
  pods.forEach((p, i) => manifests.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p${i}`, namespace: p.ns, labels: { app: p.app } },
    spec: { containers: [{ name: 'c', image: 'i', ports: [{ name: 'http', containerPort: p.httpPort, protocol: 'TCP' }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }] },
  }));
  netpols.forEach((n, i) => {
    const peer = n.peer.namespaces ? { namespaceSelector: n.peer.namespaces } : { namespaceSelector: {}, podSelector: n.peer.pods.podSelector };
    manifests.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `np${i}`, namespace: n.ns },
      spec: { podSelector: { matchLabels: { app: n.app } }, policyTypes: [n.dir === 'ingress' ? 'Ingress' : 'Egress'], [n.dir]: [{ [n.dir === 'ingress' ? 'from' : 'to']: [peer] }] },
    });
  });
  manifests.push(...clusterPolicyManifests(cluster));
  return manifests;
});

export type ClusterPolicyDraft = typeof clusterPolicy extends fc.Arbitrary<infer T> ? T : never;

/**
 * The drafts as objects: ClusterNetworkPolicy `cnp<i>` with priority 10 * i, or (v1alpha1) an
 * AdminNetworkPolicy, or the BaselineAdminNetworkPolicy `default` (once; later Baseline drafts stay CNPs).
 */
export function clusterPolicyManifests(cluster: readonly ClusterPolicyDraft[]): any[] {
  const manifests: any[] = [];
  let banp = false;
  cluster.forEach((c, i) => {
    const cnp = {
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: `cnp${i}` },
      spec: { tier: c.tier, priority: 10 * i, subject: c.subject, ingress: c.ingress, egress: c.egress },
    };
    if (!c.v1alpha1) return manifests.push(cnp);
    if (c.tier === 'Admin') return manifests.push(toV1alpha1({ ...cnp, apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', spec: { ...cnp.spec, tier: undefined } }));
    if (banp) return manifests.push(cnp);
    banp = true;
    const { priority, tier, ...spec } = cnp.spec;
    return manifests.push(toV1alpha1({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec }));
  });
  return manifests;
}
