/**
 * The tier-aware engine against a brute-force evaluator written here from the ClusterNetworkPolicy API
 * text (tiers Admin → NetworkPolicy → Baseline → allow; lower priority first; rules in order; the first
 * matching rule's Accept/Allow or Deny is final, Pass leaves the tier), sharing no code with src/analysis,
 * on random clusters of namespaces, pods, NetworkPolicies and cluster-scoped policies. Priorities are
 * distinct, as the order of equal priorities is undefined; the BaselineAdminNetworkPolicy (no priority)
 * comes after the Baseline ClusterNetworkPolicies (the engine's documented choice). canConnect and the matrix must both agree.
 */
import * as fc from 'fast-check';
import { clusterArb, IPS, nsLabels, TRAFFIC } from './cluster-policy-arb';
import { Reachability } from '../../src/analysis/reachability';
import { Protocol } from '../../src/model/protocol';

type Labels = { [k: string]: string };

// ---------------------------------------------------------------- the oracle

const labelsMatch = (sel: any, labels: Labels) => Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

interface Ep { pod?: any; ip?: string }

function inNetwork(ip: string, cidr: string): boolean {
  const toInt = (a: string) => a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
}

/** Whether a subject/peer `{namespaces}` or `{pods}` selects the pod. */
function selects(sel: any, pod: any): boolean {
  if (sel.namespaces) return labelsMatch(sel.namespaces, nsLabels(pod.metadata.namespace));
  if (sel.pods) {
    return labelsMatch(sel.pods.namespaceSelector, nsLabels(pod.metadata.namespace)) && labelsMatch(sel.pods.podSelector, pod.metadata.labels);
  }
  return false;
}

function portOk(rule: any, dst: Ep, port: number, protocol: string): boolean {
  const entries = rule.protocols ?? rule.ports;
  if (!entries) return true;
  return entries.some((e: any) => {
    const named = e.destinationNamedPort ?? e.namedPort;
    if (named) {
      return !!dst.pod && dst.pod.spec.containers[0].ports.some((c: any) => c.name === named && c.containerPort === port && c.protocol === protocol);
    }
    const body = e.tcp ?? e.udp ?? e.portNumber;
    const proto = e.tcp ? 'TCP' : e.udp ? 'UDP' : e.portNumber.protocol;
    const number = e.portNumber ? body.port : body.destinationPort.number;
    return proto === protocol && number === port;
  });
}

/** The action of the first matching rule of a tier, or undefined. */
function tierAction(policies: any[], subject: any, other: Ep, dst: Ep, dir: 'ingress' | 'egress', port: number, protocol: string): string | undefined {
  const ordered = [...policies].sort((a, b) => (a.spec.priority ?? 1001) - (b.spec.priority ?? 1001));
  for (const p of ordered) {
    if (!selects(p.spec.subject, subject)) continue;
    for (const rule of p.spec[dir] ?? []) {
      const peers = dir === 'ingress' ? rule.from : rule.to;
      const peerOk = peers.some((peer: any) => (peer.networks
        ? !!other.ip && peer.networks.some((n: string) => inNetwork(other.ip!, n))
        : !!other.pod && selects(peer, other.pod)));
      if (peerOk && portOk(rule, dst, port, protocol)) return rule.action === 'Allow' ? 'Accept' : rule.action;
    }
  }
  return undefined;
}

/** NetworkPolicy: undefined when none selects the subject for the direction, else whether one admits. */
function networkPolicy(manifests: any[], subject: any, other: Ep, dir: 'ingress' | 'egress'): boolean | undefined {
  const selecting = manifests.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === subject.metadata.namespace &&
    o.spec.policyTypes.includes(dir === 'ingress' ? 'Ingress' : 'Egress') && labelsMatch(o.spec.podSelector, subject.metadata.labels));
  if (selecting.length === 0) return undefined;
  return selecting.some((p) => (p.spec[dir] ?? []).some((rule: any) => (dir === 'ingress' ? rule.from : rule.to).some((peer: any) =>
    !!other.pod && labelsMatch(peer.namespaceSelector, nsLabels(other.pod.metadata.namespace)) &&
    labelsMatch(peer.podSelector, other.pod.metadata.labels))));
}

function side(manifests: any[], subject: Ep, other: Ep, dst: Ep, dir: 'ingress' | 'egress', port: number, protocol: string): boolean {
  if (!subject.pod) return true;
  const tier = (t: string) => manifests.filter((o) => (o.kind === 'ClusterNetworkPolicy' && o.spec.tier === t) ||
    (t === 'Admin' && o.kind === 'AdminNetworkPolicy') || (t === 'Baseline' && o.kind === 'BaselineAdminNetworkPolicy'));
  const admin = tierAction(tier('Admin'), subject.pod, other, dst, dir, port, protocol);
  if (admin === 'Accept' || admin === 'Deny') return admin === 'Accept';
  const np = networkPolicy(manifests, subject.pod, other, dir);
  if (np !== undefined) return np;
  return tierAction(tier('Baseline'), subject.pod, other, dst, dir, port, protocol) !== 'Deny';
}

function oracle(manifests: any[], src: Ep, dst: Ep, port: number, protocol: string): boolean {
  if (src.pod && src.pod === dst.pod) return true;
  return side(manifests, src, dst, dst, 'egress', port, protocol) && side(manifests, dst, src, dst, 'ingress', port, protocol);
}

test('canConnect and the matrix agree with the brute-force tier evaluator on random clusters', () => {
  fc.assert(fc.property(clusterArb, fc.constantFrom(...IPS), (manifests, ip) => {
    const reach = Reachability.fromManifests(manifests);
    expect(reach.warnings.filter((w) => w.startsWith('ERROR'))).toEqual([]);
    const pods = manifests.filter((o) => o.kind === 'Pod');
    const eps: { ep: Ep; ref: any; id: string }[] = [
      ...pods.map((p) => ({ ep: { pod: p }, ref: { namespace: p.metadata.namespace, pod: p.metadata.name }, id: `${p.metadata.namespace}/${p.metadata.name}` })),
      { ep: { ip }, ref: { ip }, id: 'internet' },
    ];
    for (const [port, protocol] of TRAFFIC) {
      const m = reach.matrix({ ports: [port], protocol: protocol as Protocol, internetAddress: ip });
      for (const a of eps) {
        for (const b of eps) {
          if (a.ep.ip && b.ep.ip) continue;
          const want = oracle(manifests, a.ep, b.ep, port, protocol);
          const got = reach.canConnect(a.ref, b.ref, { port, protocol: protocol as Protocol });
          if (got !== want || m.isAllowedBetween(a.id, b.id, port) !== want) {
            throw new Error(`${a.id} -> ${b.id} ${protocol}/${port}: oracle ${want}, canConnect ${got}, matrix ${m.isAllowedBetween(a.id, b.id, port)}\n` +
              reach.explain(a.ref, b.ref, { port, protocol: protocol as Protocol }).text);
          }
        }
      }
    }
  }), { numRuns: 300 });
});

test('connections(from, to) through the tiers contain exactly the ports canConnect allows', () => {
  fc.assert(fc.property(clusterArb, fc.constantFrom(...IPS), (manifests, ip) => {
    const reach = Reachability.fromManifests(manifests);
    const pods = manifests.filter((o) => o.kind === 'Pod').map((p) => ({ namespace: p.metadata.namespace, pod: p.metadata.name }));
    const eps: any[] = [...pods, { ip }];
    for (const a of eps) {
      for (const b of eps) {
        if (a.ip && b.ip) continue;
        const set = reach.connections(a, b);
        for (const [port, protocol] of [...TRAFFIC, [54, 'UDP'], [85, 'TCP']] as [number, string][]) {
          const want = reach.canConnect(a, b, { port, protocol: protocol as Protocol });
          if (set.contains(protocol as Protocol, port) !== want) {
            throw new Error(`${JSON.stringify(a)} -> ${JSON.stringify(b)} ${protocol}/${port}: canConnect ${want}, connections ${set.toString()}`);
          }
        }
      }
    }
  }), { numRuns: 150 });
});
