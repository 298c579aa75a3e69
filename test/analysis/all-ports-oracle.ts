/* eslint-disable no-bitwise */ // port bytes are combined bit by bit
/**
 * A brute-force oracle over EVERY port (1..65535 of TCP, UDP and SCTP), written straight from the
 * Kubernetes NetworkPolicy documentation with no code shared with src/analysis: one byte per port and
 * protocol, filled rule by rule, and printed in netpol-analyzer's notation for comparison.
 */
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';

export type Labels = { [k: string]: string };
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** A label selector, straight from the documentation (shared by the oracles, never by src/analysis). */
export function selectorMatches(sel: any, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export function inCidr(ip: string, cidr: string): boolean {
  const a = ipaddr.parse(ip);
  const [net, bits] = ipaddr.parseCIDR(cidr);
  return a.kind() === net.kind() && a.match(net, bits);
}

export interface Ep { pod?: any; ip?: string }

/** Ports allowed, per protocol: byte p of array k is 1 when PROTOCOLS[k]/p is allowed. */
export type PortBytes = Uint8Array[];

const allBytes = (): PortBytes => PROTOCOLS.map(() => new Uint8Array(65536).fill(1, 1));
const noBytes = (): PortBytes => PROTOCOLS.map(() => new Uint8Array(65536));

/** The connections from `src` to `dst`, as netpol-analyzer prints them. */
export function oracleConnections(manifests: any[], src: Ep, dst: Ep): string {
  if (src.pod && src.pod === dst.pod && src.pod.kind === 'Pod') return 'All Connections';
  const egress = side(manifests, src, dst, dst, 'Egress');
  const ingress = side(manifests, dst, src, dst, 'Ingress');
  egress.forEach((e, k) => {
    for (let p = 1; p <= 65535; p++) e[p] &= ingress[k][p];
  });
  return format(egress);
}

function side(manifests: any[], subject: Ep, other: Ep, dst: Ep, type: 'Ingress' | 'Egress'): PortBytes {
  return networkPolicyBytes(manifests, subject, other, dst, type) ?? allBytes();
}

/** What the NetworkPolicies selecting `subject` for the direction admit, or undefined when none does (or it is not a pod governed by them). */
export function networkPolicyBytes(manifests: any[], subject: Ep, other: Ep, dst: Ep, type: 'Ingress' | 'Egress'): PortBytes | undefined {
  const podLabels = (p: any) => (p.kind === 'Pod' ? p.metadata.labels : p.spec.template.metadata.labels) ?? {};
  const podSpec = (p: any) => (p.kind === 'Pod' ? p.spec : p.spec.template.spec);
  const nsLabels = (n: string) => ({
    ...(manifests.find((o) => o.kind === 'Namespace' && o.metadata.name === n)?.metadata.labels ?? {}),
    'kubernetes.io/metadata.name': n,
  });
  const types = (p: any) => (p.spec.policyTypes?.length ? p.spec.policyTypes : ['Ingress', ...(p.spec.egress?.length ? ['Egress'] : [])]);
  if (!subject.pod || podSpec(subject.pod).hostNetwork) return undefined;
  const selecting = manifests.filter((p) => p.kind === 'NetworkPolicy' && p.metadata.namespace === subject.pod.metadata.namespace &&
    types(p).includes(type) && selectorMatches(p.spec.podSelector, podLabels(subject.pod)));
  if (selecting.length === 0) return undefined;
  const peerMatches = (policy: any, peer: any) => {
    if (peer.ipBlock) {
      return !!other.ip && inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e: string) => inCidr(other.ip!, e));
    }
    if (!other.pod || podSpec(other.pod).hostNetwork) return false;
    const ns = other.pod.metadata.namespace;
    const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, nsLabels(ns)) : ns === policy.metadata.namespace;
    return nsOk && (!peer.podSelector || selectorMatches(peer.podSelector, podLabels(other.pod)));
  };
  const bytes = noBytes();
  for (const p of selecting) {
    for (const rule of (type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []) {
      const peers = type === 'Ingress' ? rule.from : rule.to;
      if (peers && peers.length > 0 && !peers.some((peer: any) => peerMatches(p, peer))) continue;
      if (!rule.ports || rule.ports.length === 0) {
        bytes.forEach((b) => b.fill(1, 1));
        continue;
      }
      for (const entry of rule.ports) {
        const b = bytes[PROTOCOLS.indexOf(entry.protocol ?? 'TCP')];
        if (entry.port === undefined) {
          b.fill(1, 1);
        } else if (typeof entry.port === 'string') {
          // A named port: the destination's container ports of that name and protocol.
          for (const c of dst.pod ? podSpec(dst.pod).containers : []) {
            for (const cp of c.ports ?? []) {
              if (cp.name === entry.port && (cp.protocol ?? 'TCP') === (entry.protocol ?? 'TCP')) b[cp.containerPort] = 1;
            }
          }
        } else {
          b.fill(1, entry.port, (entry.endPort ?? entry.port) + 1);
        }
      }
    }
  }
  return bytes;
}

/** `All Connections`, `No Connections` or `TCP 80,8000-9000;UDP 53`. */
export function format(bytes: PortBytes): string {
  const parts: string[] = [];
  let all = true;
  bytes.forEach((b, k) => {
    const ranges: string[] = [];
    for (let p = b.indexOf(1, 1); p > 0; p = b.indexOf(1, p + 1)) {
      const end = b.indexOf(0, p);
      const q = end < 0 ? 65535 : end - 1;
      ranges.push(p === q ? `${p}` : `${p}-${q}`);
      p = q;
    }
    if (ranges.length !== 1 || ranges[0] !== '1-65535') all = false;
    if (ranges.length > 0) parts.push(`${PROTOCOLS[k]} ${ranges.join(',')}`);
  });
  return all ? 'All Connections' : parts.length === 0 ? 'No Connections' : parts.join(';');
}

// ---------------------------------------------------------------- random clusters over many ports

export const NS = ['x', 'y', 'z'];
const KEYS = ['app', 'tier'];
const VALUES = ['web', 'db', 'api'];
const PORT_NAMES = ['http', 'dns', 'metrics'];
export const EXTERNAL = ['203.0.113.10', '10.1.2.3', '2001:db8::1'];
const CIDRS = [{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, { cidr: '10.0.0.0/8' }, { cidr: '203.0.113.0/24' }, { cidr: '::/0' }];

const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 });
const nsLabelsArb = fc.dictionary(fc.constantFrom('team', 'env'), fc.constantFrom('a', 'b'), { maxKeys: 2 });
const selectorArb = fc.record({
  matchLabels: labelsArb,
  matchExpressions: fc.array(fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }), { maxLength: 1 }),
}, { requiredKeys: [] });
const nsSelectorArb = fc.oneof(
  fc.record({ matchLabels: fc.constantFrom(...NS).map((n) => ({ 'kubernetes.io/metadata.name': n })) }),
  fc.record({ matchLabels: nsLabelsArb }),
);
const peerArb = fc.oneof(
  fc.record({ podSelector: selectorArb }),
  fc.record({ namespaceSelector: nsSelectorArb }),
  fc.record({ podSelector: selectorArb, namespaceSelector: nsSelectorArb }),
  fc.record({ ipBlock: fc.constantFrom(...CIDRS) }),
);
const NUMBERS = [1, 53, 80, 81, 8080, 65535];
const portArb = fc.oneof(
  fc.record({ port: fc.constantFrom(...NUMBERS), protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }, { requiredKeys: ['port'] }),
  fc.record({ port: fc.constantFrom(...PORT_NAMES), protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: ['port'] }),
  fc.constantFrom({ port: 1, endPort: 80 }, { port: 80, endPort: 9000 }, { port: 8000, endPort: 65535, protocol: 'UDP' }, { port: 1, endPort: 65535 }, { port: 81, endPort: 8080 }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }),
);
const ruleArb = (peerField: string) =>
  fc.record({ [peerField]: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(portArb, { maxLength: 3 }) }, { requiredKeys: [] });
const policyArb = fc.record({
  namespace: fc.constantFrom(...NS),
  podSelector: fc.oneof(fc.constant({}), selectorArb),
  policyTypes: fc.option(fc.subarray(['Ingress', 'Egress'], { minLength: 1 }), { nil: undefined }),
  ingress: fc.option(fc.array(ruleArb('from'), { maxLength: 3 }), { nil: undefined }),
  egress: fc.option(fc.array(ruleArb('to'), { maxLength: 3 }), { nil: undefined }),
});
const containerPortArb = fc.record({ name: fc.constantFrom(...PORT_NAMES), containerPort: fc.constantFrom(53, 80, 8080, 65535), protocol: fc.constantFrom('TCP', 'UDP') });
const podArb = fc.record({
  namespace: fc.constantFrom(...NS),
  kind: fc.constantFrom('Pod', 'Pod', 'Deployment'),
  labels: labelsArb,
  ports: fc.uniqueArray(containerPortArb, { maxLength: 3, selector: (p) => p.name }),
  hostNetwork: fc.integer({ min: 0, max: 9 }).map((i) => i === 0),
});
export const clusterArb = fc.record({
  namespaces: fc.tuple(nsLabelsArb, nsLabelsArb, nsLabelsArb),
  pods: fc.array(podArb, { minLength: 1, maxLength: 6 }),
  policies: fc.array(policyArb, { maxLength: 6 }),
});

export type RandomCluster = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

export function manifestsOf(c: RandomCluster): any[] {
  const out: any[] = NS.map((n, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: c.namespaces[i] } }));
  c.pods.forEach((p, i) => {
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
  c.policies.forEach((p, i) => {
    const spec: any = { podSelector: p.podSelector };
    if (p.policyTypes) spec.policyTypes = p.policyTypes;
    if (p.ingress) spec.ingress = p.ingress;
    if (p.egress) spec.egress = p.egress;
    out.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${i}`, namespace: p.namespace }, spec });
  });
  return out;
}
