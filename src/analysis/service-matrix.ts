import { ClusterModel, PodModel } from './cluster-model';
import { Endpoint } from './endpoint';
import { Address } from './ip-block';
import { buildMatrix } from './matrix-builder';
import { ServiceColumn, serviceColumns } from './service-connections';
import { Protocol } from '../model/protocol';

/**
 * `MatrixOptions.includeServices`: each Service of the namespaces shown becomes a row and a column
 * (`namespace/svc/name`). A column on port P answers what `canConnect` to `{ namespace, service, port: P }`
 * answers: allowed when the source reaches some pod the Service selects on the pod port P is sent to
 * (denied when P is no Service port of the protocol); a headless Service translates nothing, so its pods
 * on P itself. A Service opens no connection: its row is all denied.
 */

/** The matrix cells with the Service rows and columns after the pods' (and the internet's). @internal */
export interface ServiceMatrix {
  readonly refs: Endpoint[];
  readonly ids: string[];
  /** Per port asked, `(n + services)²` cells. */
  readonly cells: Uint8Array[];
}

/** Builds the pod matrix on the ports asked and on the pod ports the Services send them to, then adds the Services. @internal */
export function buildServiceMatrix(model: ClusterModel, pods: readonly PodModel[], internet: Address | undefined, ports: readonly number[],
  protocol: Protocol, namespaces: readonly string[] | undefined): ServiceMatrix {
  const columns = serviceColumns(model.services, pods, namespaces);
  const targets = (port: number) => columns.flatMap((c) =>
    (c.headlessRows !== undefined ? [port] : (entryOn(c, port, protocol)?.backends ?? []).map((b) => b.podPort)));
  const all = [...new Set([...ports, ...ports.flatMap(targets)])];
  const built = buildMatrix(model, pods, internet, all, protocol);
  const byPort = new Map(all.map((p, i) => [p, built[i]]));
  const n = pods.length + (internet ? 1 : 0);
  const m = n + columns.length;
  const cells = ports.map((port) => {
    const out = new Uint8Array(m * m);
    const base = byPort.get(port)!;
    for (let i = 0; i < n; i++) out.set(base.subarray(i * n, (i + 1) * n), i * m);
    columns.forEach((c, k) => {
      for (let i = 0; i < n; i++) out[i * m + n + k] = allowedTo(c, port, protocol, i, n, byPort) ? 1 : 0;
    });
    return out;
  });
  return {
    refs: columns.map((c) => ({ namespace: c.service.namespace, service: c.service.name })),
    ids: columns.map((c) => c.id),
    cells,
  };
}

/** The Service port entry `canConnect` picks for port P of a protocol: the first with both. */
function entryOn(c: ServiceColumn, port: number, protocol: Protocol) {
  return c.ports.find((p) => p.port.port === port && p.port.protocol === protocol);
}

/** Whether row `i` reaches the Service on port P. */
function allowedTo(c: ServiceColumn, port: number, protocol: Protocol, i: number, n: number, byPort: Map<number, Uint8Array>): boolean {
  if (c.headlessRows !== undefined) return c.headlessRows.some((b) => byPort.get(port)![i * n + b] === 1);
  return (entryOn(c, port, protocol)?.backends ?? []).some((b) => byPort.get(b.podPort)![i * n + b.row] === 1);
}
