// Test support for the egress constructs: synthesize a chart, validate every object against the
// Kubernetes schema, and decide with a small, literal reading of the NetworkPolicy spec whether a policy
// admits one egress connection. (The reachability engine will replace the evaluator once it exists.)
import { Chart, Testing } from 'cdk8s';
import * as ipaddr from 'ipaddr.js';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';

export type Labels = { [key: string]: string };

/** A pod that opens a connection. */
export interface Source {
  readonly namespace: string;
  readonly labels?: Labels;
}

/** Where a connection goes: a pod (namespace and labels) or an address. */
export interface Destination {
  readonly namespace?: string;
  /** Extra namespace labels; `kubernetes.io/metadata.name` is always set, as the API server does. */
  readonly namespaceLabels?: Labels;
  readonly labels?: Labels;
  readonly ip?: string;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** Synthesizes what `build` adds to a fresh chart (id `test`), checking every object against the schema. */
export function synthPolicies(build: (chart: Chart) => void): any[] {
  const c = chart();
  build(c);
  const objects = Testing.synth(c);
  for (const object of objects) {
    expect(object.kind).toBe('NetworkPolicy');
    new NetworkPolicy(object).validate();
  }
  return objects;
}

/** A fresh chart with id `test`, for error tests. */
export function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

function matchesSelector(selector: any, labels: Labels): boolean {
  if (selector.matchExpressions !== undefined) {
    throw new Error('matchExpressions are not supported by this test evaluator');
  }
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** Whether the policy applies to the source pod. */
export function selects(policy: any, source: Source): boolean {
  return policy.metadata.namespace === source.namespace && matchesSelector(policy.spec.podSelector, source.labels ?? {});
}

function inCidr(ip: string, cidr: string): boolean {
  const address = ipaddr.parse(ip);
  const [network, prefix] = ipaddr.parseCIDR(cidr);
  return address.kind() === network.kind() && (address as any).match(network, prefix);
}

function peerMatches(peer: any, policyNamespace: string, to: Destination): boolean {
  if (peer.ipBlock) {
    return to.ip !== undefined && inCidr(to.ip, peer.ipBlock.cidr) &&
      !(peer.ipBlock.except ?? []).some((e: string) => inCidr(to.ip!, e));
  }
  if (to.namespace === undefined) {
    return false; // a pod selector never matches a bare address
  }
  const namespaceLabels = { ...to.namespaceLabels, 'kubernetes.io/metadata.name': to.namespace };
  const namespaceOk = peer.namespaceSelector
    ? matchesSelector(peer.namespaceSelector, namespaceLabels)
    : to.namespace === policyNamespace; // a podSelector-only peer stays in the policy's namespace
  const podOk = peer.podSelector ? matchesSelector(peer.podSelector, to.labels ?? {}) : true;
  return namespaceOk && podOk;
}

function portMatches(port: any, to: Destination): boolean {
  if ((port.protocol ?? 'TCP') !== (to.protocol ?? 'TCP')) {
    return false;
  }
  if (port.port === undefined) {
    return true;
  }
  if (typeof port.port === 'string') {
    throw new Error('named ports are not supported by this test evaluator');
  }
  return port.endPort !== undefined ? to.port >= port.port && to.port <= port.endPort : to.port === port.port;
}

/** Whether this one policy selects the source and admits its connection to the destination. */
export function admitsEgress(policy: any, from: Source, to: Destination): boolean {
  if (!selects(policy, from) || !policy.spec.policyTypes.includes('Egress')) {
    return false;
  }
  return (policy.spec.egress ?? []).some((rule: any) =>
    (!rule.to?.length || rule.to.some((peer: any) => peerMatches(peer, policy.metadata.namespace, to))) &&
    (!rule.ports?.length || rule.ports.some((p: any) => portMatches(p, to))));
}
