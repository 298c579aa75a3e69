/**
 * A deliberately small reachability check for tests (matchLabels, pod and namespace peers, numeric
 * ports): enough to state what our policies admit in the guide's own words. The project's full engine
 * lives in src/analysis/; this one only exists so these tests do not depend on it.
 */
import { KubeObject } from './synth';

export interface Pod {
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  /** Extra labels of the pod's namespace (kubernetes.io/metadata.name is always there). */
  readonly namespaceLabels?: { [key: string]: string };
}

function matches(selector: any, labels: { [key: string]: string }): boolean {
  if (selector.matchExpressions) throw new Error('matchExpressions not supported by the test checker');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function namespaceLabels(pod: Pod): { [key: string]: string } {
  return { ...pod.namespaceLabels, 'kubernetes.io/metadata.name': pod.namespace };
}

function peerMatches(peer: any, policyNamespace: string, pod: Pod): boolean {
  if (peer.ipBlock) return false; // pod IPs are not treated as ipBlock members here
  const inNamespace = peer.namespaceSelector ? matches(peer.namespaceSelector, namespaceLabels(pod)) : pod.namespace === policyNamespace;
  return inNamespace && matches(peer.podSelector ?? {}, pod.labels);
}

function portMatches(ports: any[] | undefined, port: number, protocol: string): boolean {
  if (!ports) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === protocol &&
    (p.port === undefined || (typeof p.port === 'number' && port >= p.port && port <= (p.endPort ?? p.port))));
}

function side(objects: KubeObject[], pod: Pod, peer: Pod, port: number, protocol: string, type: 'Ingress' | 'Egress'): boolean {
  const selecting = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === pod.namespace &&
    o.spec.policyTypes.includes(type) && matches(o.spec.podSelector, pod.labels));
  if (selecting.length === 0) return true; // not isolated in this direction
  return selecting.some((p) => ((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule: any) => {
    const peers = type === 'Ingress' ? rule.from : rule.to;
    return (peers === undefined || peers.some((x: any) => peerMatches(x, p.metadata.namespace, peer))) &&
      portMatches(rule.ports, port, protocol);
  }));
}

/** Whether `from` may open a connection to `to` on `port`: the egress side of `from` AND the ingress side of `to`. */
export function canConnect(objects: KubeObject[], from: Pod, to: Pod, port = 80, protocol = 'TCP'): boolean {
  return side(objects, from, to, port, protocol, 'Egress') && side(objects, to, from, port, protocol, 'Ingress');
}

/** Whether `to` accepts the connection (ignores the egress side of `from`). */
export function accepts(objects: KubeObject[], to: Pod, from: Pod, port = 80, protocol = 'TCP'): boolean {
  return side(objects, to, from, port, protocol, 'Ingress');
}

/** Whether `pod` is isolated for ingress. */
export function isolatedForIngress(objects: KubeObject[], pod: Pod): boolean {
  return objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === pod.namespace &&
    o.spec.policyTypes.includes('Ingress') && matches(o.spec.podSelector, pod.labels));
}
