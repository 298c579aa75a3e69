/**
 * A brute-force oracle of the tiers over EVERY port (1..65535 of TCP, UDP and SCTP), written from the
 * ClusterNetworkPolicy API text with no code shared with src/analysis. For each direction and each
 * port: the Admin tier's first matching rule (policies by priority, lower first, with the
 * BaselineAdminNetworkPolicy after every Baseline ClusterNetworkPolicy; rules in order) decides if it
 * is Accept/Allow or Deny; otherwise (no match or Pass) the NetworkPolicies decide if one selects the
 * pod for the direction; otherwise the Baseline tier's first matching rule, a Deny refusing; otherwise
 * allowed. The first match is found by writing each rule's action into a byte per port, last rule
 * first, so that earlier rules overwrite later ones.
 */
import { Ep, format, inCidr, networkPolicyBytes, PortBytes, PROTOCOLS, selectorMatches } from './all-ports-oracle';

const [NO_MATCH, ACCEPT, DENY] = [0, 1, 2];
const ACTIONS = ['', 'Accept', 'Deny', 'Pass'];

const podSpec = (p: any) => (p.kind === 'Pod' ? p.spec : p.spec.template.spec);
const podLabels = (p: any) => (p.kind === 'Pod' ? p.metadata.labels : p.spec.template.metadata.labels) ?? {};

/** The connections from `src` to `dst` through the tiers and the NetworkPolicies, as netpol-analyzer prints them. */
export function tierOracleConnections(manifests: any[], src: Ep, dst: Ep): string {
  if (src.pod && src.pod === dst.pod && src.pod.kind === 'Pod') return 'All Connections';
  const egress = side(manifests, src, dst, dst, 'Egress');
  const ingress = side(manifests, dst, src, dst, 'Ingress');
  egress.forEach((e, k) => {
    for (let p = 1; p <= 65535; p++) e[p] = e[p] && ingress[k][p];
  });
  return format(egress);
}

function side(manifests: any[], subject: Ep, other: Ep, dst: Ep, type: 'Ingress' | 'Egress'): PortBytes {
  const np = networkPolicyBytes(manifests, subject, other, dst, type);
  if (!subject.pod || podSpec(subject.pod).hostNetwork) return PROTOCOLS.map(() => new Uint8Array(65536).fill(1, 1));
  const admin = firstMatch(manifests, tier(manifests, 'Admin'), subject.pod, other, dst, type);
  const baseline = firstMatch(manifests, tier(manifests, 'Baseline'), subject.pod, other, dst, type);
  return PROTOCOLS.map((_, k) => {
    const out = new Uint8Array(65536);
    for (let p = 1; p <= 65535; p++) {
      const a = admin[k][p];
      if (a === ACCEPT || a === DENY) out[p] = a === ACCEPT ? 1 : 0;
      else if (np) out[p] = np[k][p];
      else out[p] = baseline[k][p] === DENY ? 0 : 1;
    }
    return out;
  });
}

/** The policies of a tier in evaluation order. */
function tier(manifests: any[], name: 'Admin' | 'Baseline'): any[] {
  const policies = manifests.filter((o) => (o.kind === 'ClusterNetworkPolicy' && o.spec.tier === name) ||
    (name === 'Admin' && o.kind === 'AdminNetworkPolicy') || (name === 'Baseline' && o.kind === 'BaselineAdminNetworkPolicy'));
  return policies.sort((a, b) => (a.spec.priority ?? 1001) - (b.spec.priority ?? 1001));
}

/** Per protocol and port, the index in ACTIONS of the first matching rule's action (0: none matches). */
function firstMatch(manifests: any[], policies: any[], subject: any, other: Ep, dst: Ep, type: 'Ingress' | 'Egress'): PortBytes {
  const bytes = PROTOCOLS.map(() => new Uint8Array(65536).fill(NO_MATCH));
  const rules: any[] = [];
  for (const p of policies) {
    if (!selects(manifests, p.spec.subject, subject)) continue;
    rules.push(...((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []));
  }
  for (const rule of rules.reverse()) {
    const peers = type === 'Ingress' ? rule.from : rule.to;
    if (!peers.some((peer: any) => peerMatches(manifests, peer, other))) continue;
    const action = ACTIONS.indexOf(rule.action === 'Allow' ? 'Accept' : rule.action);
    for (const [k, from, to] of portRanges(rule, dst)) bytes[k].fill(action, from, to + 1);
  }
  return bytes;
}

/** The (protocol index, first, last) ranges a rule's protocols/ports match towards `dst`. */
function portRanges(rule: any, dst: Ep): [number, number, number][] {
  const entries = rule.protocols ?? rule.ports;
  if (!entries) return PROTOCOLS.map((_, k) => [k, 1, 65535]);
  return entries.flatMap((e: any): [number, number, number][] => {
    const named = e.destinationNamedPort ?? e.namedPort;
    if (named) {
      // The destination's container ports of that name, on their own protocol.
      const ports = dst.pod ? podSpec(dst.pod).containers.flatMap((c: any) => c.ports ?? []) : [];
      return ports.filter((c: any) => c.name === named).map((c: any) => [PROTOCOLS.indexOf(c.protocol ?? 'TCP'), c.containerPort, c.containerPort]);
    }
    if (e.portNumber) return [[PROTOCOLS.indexOf(e.portNumber.protocol), e.portNumber.port, e.portNumber.port]];
    if (e.portRange) return [[PROTOCOLS.indexOf(e.portRange.protocol), e.portRange.start, e.portRange.end]];
    const k = e.tcp ? 0 : e.udp ? 1 : 2;
    const d = (e.tcp ?? e.udp ?? e.sctp).destinationPort;
    if (!d) return [[k, 1, 65535]];
    return d.range ? [[k, d.range.start, d.range.end]] : [[k, d.number, d.number]];
  });
}

function nsLabelsOf(manifests: any[], n: string): { [k: string]: string } {
  return { ...(manifests.find((o) => o.kind === 'Namespace' && o.metadata.name === n)?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': n };
}

/** A subject or `namespaces`/`pods` peer: hostNetwork pods are never selected. */
function selects(manifests: any[], sel: any, pod: any): boolean {
  if (podSpec(pod).hostNetwork) return false;
  const ns = nsLabelsOf(manifests, pod.metadata.namespace);
  if (sel.namespaces) return selectorMatches(sel.namespaces, ns);
  if (sel.pods) return selectorMatches(sel.pods.namespaceSelector, ns) && selectorMatches(sel.pods.podSelector, podLabels(pod));
  return false;
}

function peerMatches(manifests: any[], peer: any, other: Ep): boolean {
  if (peer.networks) return !!other.ip && peer.networks.some((n: string) => inCidr(other.ip!, n));
  return !!other.pod && selects(manifests, peer, other.pod);
}
