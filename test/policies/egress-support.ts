// Test support for the egress constructs: synthesize a chart, validate every object (test/support/kube.ts),
// and ask the reachability engine (src/analysis, through test/engine/support.ts) what one synthesized
// policy does to one egress connection.
import { Chart, Testing } from 'cdk8s';
import { ip, Labels, net, Net, Peer, pod } from '../engine/support';
import { validateAll } from '../support/kube';

export type { Labels };

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
  }
  validateAll(objects as any);
  return objects;
}

/** A fresh chart with id `test`, for error tests. */
export function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

/** Whether the policy, alone in the cluster, isolates the source pod for egress (selects it and lists Egress). */
export function isolatesEgress(policy: any, source: Source): boolean {
  return net([policy]).isolatedForEgress(pod(source.namespace, source.labels));
}

/**
 * Whether the policy, alone in the cluster, isolates the source for egress AND admits its connection
 * to the destination: the engine's full verdict (the destination has no policy, so its ingress is open).
 */
export function admitsEgress(policy: any, from: Source, to: Destination): boolean {
  const engine: Net = net([policy], to.namespace !== undefined && to.namespaceLabels ? { [to.namespace]: to.namespaceLabels } : {});
  const source = pod(from.namespace, from.labels);
  const destination: Peer = to.ip !== undefined ? ip(to.ip) : pod(to.namespace!, to.labels);
  return engine.isolatedForEgress(source) && engine.canConnect(source, destination, to.port, to.protocol ?? 'TCP');
}
