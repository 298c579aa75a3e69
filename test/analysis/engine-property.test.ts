/**
 * The engine against a deliberately simple brute-force evaluator, written here straight from the
 * Kubernetes NetworkPolicy documentation (no shared code with src/analysis), on random clusters.
 * Both the pairwise path (canConnect) and the bulk path (matrix) must agree with it on every pair.
 */
import * as fc from 'fast-check';
import { inCidr, Labels, selectorMatches } from './all-ports-oracle';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

// ---------------------------------------------------------------- the brute-force oracle

interface Ep { pod?: any; ip?: string }

function oracle(manifests: any[], src: Ep, dst: Ep, port: number, protocol: string): boolean {
  if (src.pod && src.pod === dst.pod && src.pod.kind === 'Pod') return true;
  const nsLabels = (n: string) => ({ ...(manifests.find((o) => o.kind === 'Namespace' && o.metadata.name === n)?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': n });
  const podLabels = (p: any) => (p.kind === 'Pod' ? p.metadata.labels : p.spec.template.metadata.labels) ?? {};
  const podSpec = (p: any) => (p.kind === 'Pod' ? p.spec : p.spec.template.spec);
  const policies = manifests.filter((o) => o.kind === 'NetworkPolicy');
  const types = (p: any) => (p.spec.policyTypes?.length ? p.spec.policyTypes : ['Ingress', ...(p.spec.egress?.length ? ['Egress'] : [])]);

  const peerMatches = (policy: any, peer: any, ep: Ep) => {
    if (peer.ipBlock) return !!ep.ip && inCidr(ep.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(ep.ip!, e));
    if (!ep.pod || podSpec(ep.pod).hostNetwork) return false;
    const ns = ep.pod.metadata.namespace;
    const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, nsLabels(ns)) : ns === policy.metadata.namespace;
    return nsOk && (!peer.podSelector || selectorMatches(peer.podSelector, podLabels(ep.pod)));
  };
  const portMatches = (entry: any) => {
    if ((entry.protocol ?? 'TCP') !== protocol) return false;
    if (entry.port === undefined) return true;
    if (typeof entry.port === 'string') {
      if (!dst.pod) return false;
      return podSpec(dst.pod).containers.some((c: any) => (c.ports ?? []).some((cp: any) =>
        cp.name === entry.port && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port));
    }
    return entry.endPort !== undefined ? port >= entry.port && port <= entry.endPort : port === entry.port;
  };
  const side = (subject: Ep, other: Ep, type: 'Ingress' | 'Egress') => {
    if (!subject.pod || podSpec(subject.pod).hostNetwork) return true;
    const selecting = policies.filter((p) => p.metadata.namespace === subject.pod.metadata.namespace &&
      types(p).includes(type) && selectorMatches(p.spec.podSelector, podLabels(subject.pod)));
    if (selecting.length === 0) return true;
    return selecting.some((p) => ((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule: any) => {
      const peers = type === 'Ingress' ? rule.from : rule.to;
      const peerOk = !peers || peers.length === 0 || peers.some((peer: any) => peerMatches(p, peer, other));
      const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some(portMatches);
      return peerOk && portOk;
    }));
  };
  return side(src, dst, 'Egress') && side(dst, src, 'Ingress');
}

// ---------------------------------------------------------------- random clusters

const NS = ['x', 'y', 'z'];
const KEYS = ['app', 'tier'];
const VALUES = ['web', 'db', 'api'];
const PORT_NAMES = ['http', 'dns', 'metrics'];
const EXTERNAL = ['203.0.113.10', '10.1.2.3', '192.168.0.7', '2001:db8::1'];
const CIDRS = [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, { cidr: '10.0.0.0/8' }, { cidr: '203.0.113.0/24' },
  { cidr: '192.168.0.0/16', except: ['192.168.0.0/24'] }, { cidr: '2001:db8::/32' }, { cidr: '::/0' }];

const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 });
const nsLabelsArb = fc.dictionary(fc.constantFrom('team', 'env'), fc.constantFrom('a', 'b'), { maxKeys: 2 });
const expressionArb = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }) }),
  fc.record({ key: fc.constantFrom(...KEYS, 'kubernetes.io/metadata.name', 'team'), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const selectorArb = fc.record({ matchLabels: labelsArb, matchExpressions: fc.array(expressionArb, { maxLength: 2 }) }, { requiredKeys: [] });
const nsSelectorArb = fc.oneof(
  fc.record({ matchLabels: fc.constantFrom(...NS).map((n) => ({ 'kubernetes.io/metadata.name': n })) }),
  fc.record({ matchLabels: nsLabelsArb }),
  fc.record({ matchExpressions: fc.array(fc.record({ key: fc.constantFrom('kubernetes.io/metadata.name'), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...NS), { minLength: 1, maxLength: 2 }) }), { maxLength: 1 }) }),
);
const peerArb = fc.oneof(
  fc.record({ podSelector: selectorArb }),
  fc.record({ namespaceSelector: nsSelectorArb }),
  fc.record({ podSelector: selectorArb, namespaceSelector: nsSelectorArb }),
  fc.record({ ipBlock: fc.constantFrom(...CIDRS) }),
);
const portArb = fc.oneof(
  fc.record({ port: fc.constantFrom(53, 80, 8080), protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }, { requiredKeys: ['port'] }),
  fc.record({ port: fc.constantFrom(...PORT_NAMES), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['port'] }),
  fc.record({ port: fc.constantFrom(50, 80), endPort: fc.constantFrom(80, 9000) }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP') }),
);
const ruleArb = (peerField: string) =>
  fc.record({ [peerField]: fc.array(peerArb, { maxLength: 3 }), ports: fc.array(portArb, { maxLength: 2 }) }, { requiredKeys: [] });
const policyArb = fc.record({
  namespace: fc.constantFrom(...NS),
  podSelector: fc.oneof(fc.constant({}), selectorArb),
  policyTypes: fc.option(fc.subarray(['Ingress', 'Egress'], { minLength: 1 }), { nil: undefined }),
  ingress: fc.option(fc.array(ruleArb('from'), { maxLength: 3 }), { nil: undefined }),
  egress: fc.option(fc.array(ruleArb('to'), { maxLength: 3 }), { nil: undefined }),
});
const containerPortArb = fc.record({ name: fc.constantFrom(...PORT_NAMES), containerPort: fc.constantFrom(53, 80, 8080), protocol: fc.constantFrom('TCP', 'UDP') });
const podArb = fc.record({
  namespace: fc.constantFrom(...NS),
  kind: fc.constantFrom('Pod', 'Pod', 'Deployment'),
  labels: labelsArb,
  ports: fc.uniqueArray(containerPortArb, { maxLength: 3, selector: (p) => p.name }),
  hostNetwork: fc.integer({ min: 0, max: 9 }).map((i) => i === 0),
});
const clusterArb = fc.record({
  namespaces: fc.tuple(nsLabelsArb, nsLabelsArb, nsLabelsArb),
  pods: fc.array(podArb, { minLength: 1, maxLength: 7 }),
  policies: fc.array(policyArb, { maxLength: 6 }),
  port: fc.constantFrom(53, 80, 8080, 9000),
  protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'),
  internet: fc.constantFrom(...EXTERNAL),
});

function manifestsOf(c: fc.Arbitrary<any> extends fc.Arbitrary<infer T> ? T : never): any[] {
  const out: any[] = NS.map((n, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: c.namespaces[i] } }));
  c.pods.forEach((p: any, i: number) => {
    const spec = { containers: [{ name: 'c', ports: p.ports }], ...(p.hostNetwork ? { hostNetwork: true } : {}) };
    out.push(p.kind === 'Pod'
      ? { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: p.namespace, labels: p.labels }, spec }
      : {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `p${i}`, namespace: p.namespace },
        spec: { selector: { matchLabels: p.labels }, template: { metadata: { labels: p.labels }, spec } },
      });
  });
  c.policies.forEach((p: any, i: number) => {
    const spec: any = { podSelector: p.podSelector };
    if (p.policyTypes) spec.policyTypes = p.policyTypes;
    if (p.ingress) spec.ingress = p.ingress;
    if (p.egress) spec.egress = p.egress;
    out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${i}`, namespace: p.namespace }, spec });
  });
  return out;
}

test('canConnect and matrix agree with the brute-force oracle on random clusters', () => {
  const verdicts = { allowed: 0, denied: 0 };
  fc.assert(fc.property(clusterArb, (c) => {
    const manifests = manifestsOf(c);
    const reach = Reachability.fromManifests(manifests);
    expect(reach.warnings.filter((w) => w.startsWith('ERROR'))).toEqual([]);
    const pods = manifests.filter((o) => o.kind === 'Pod' || o.kind === 'Deployment');
    const eps: { ep: Ep; ref: any; id: string }[] = [
      ...pods.map((p) => ({ ep: { pod: p }, ref: { namespace: p.metadata.namespace, pod: p.metadata.name }, id: `${p.metadata.namespace}/${p.metadata.name}` })),
      ...EXTERNAL.map((ip) => ({ ep: { ip }, ref: { ip }, id: ip })),
    ];
    const m = reach.matrix({ ports: [c.port], protocol: c.protocol as Protocol, internetAddress: c.internet });
    for (const s of eps) {
      for (const d of eps) {
        if (s.ep.ip && d.ep.ip) continue;
        const expected = oracle(manifests, s.ep, d.ep, c.port, c.protocol);
        verdicts[expected ? 'allowed' : 'denied']++;
        const actual = reach.canConnect(s.ref, d.ref, { port: c.port, protocol: c.protocol as Protocol });
        if (actual !== expected) {
          throw new Error(`${s.id} -> ${d.id} ${c.protocol}/${c.port}: engine ${actual}, oracle ${expected}\n` +
            reach.explain(s.ref, d.ref, { port: c.port, protocol: c.protocol as Protocol }).text);
        }
        const mid = (x: typeof s) => (x.ep.ip ? (x.ep.ip === c.internet ? 'internet' : undefined) : x.id);
        const [ms, md] = [mid(s), mid(d)];
        if (ms !== undefined && md !== undefined && m.isAllowedBetween(ms, md) !== expected) {
          throw new Error(`matrix ${ms} -> ${md} ${c.protocol}/${c.port}: ${!expected}, oracle ${expected}`);
        }
      }
    }
  }), { numRuns: 1000 });
  // Random policies must exercise both outcomes in earnest, or the comparison proves little.
  const share = verdicts.denied / (verdicts.allowed + verdicts.denied);
  expect(share).toBeGreaterThan(0.15);
  expect(share).toBeLessThan(0.9);
});

test('the matrix equals pairwise canConnect on every port it computes', () => {
  fc.assert(fc.property(clusterArb, (c) => {
    const reach = Reachability.fromManifests(manifestsOf(c));
    const m = reach.matrix({ ports: [53, 80, 8080], protocol: c.protocol as Protocol, internetAddress: c.internet });
    for (const port of m.ports) {
      for (let i = 0; i < m.size; i++) {
        for (let j = 0; j < m.size; j++) {
          const expected = i === j && m.endpoints[i] === 'internet' ? false
            : reach.canConnect(m.endpoint(i), m.endpoint(j), { port, protocol: c.protocol as Protocol });
          expect([m.endpoints[i], m.endpoints[j], port, m.isAllowed(i, j, port)]).toEqual([m.endpoints[i], m.endpoints[j], port, expected]);
        }
      }
      expect(m.allowedPairs(port).length).toBe(m.allowedCount(port));
      expect(m.allowedCount(port) + m.deniedCount(port)).toBe(m.size * m.size);
    }
  }), { numRuns: 300 });
});
