import { ClusterModel, PodModel } from './cluster-model';
import { ConnectionSet } from './connection-set';
import { ConnectionPair, EndpointTable } from './connections';
import { podsSelectedBy, ServiceModel, ServicePortModel, targetPortOn } from './service-model';
import { Protocol } from '../model/protocol';

/**
 * Services as destinations of the bulk connection table, with the semantics `canConnect` gives a
 * Service endpoint (service-endpoint.ts): Service port P is in the set from a source when the source
 * reaches at least one pod the Service selects on the pod port P is sent to (the targetPort, resolved
 * per pod). A headless Service sends nothing: a client reaches its pods on any port they admit. A Service set is written in Service ports: what a client
 * of the Service connects to. The pod sets, which policies see, stay in pod ports.
 */

/** The id of a Service destination, as the CLI reads it: `namespace/svc/name`. @internal */
export function serviceEndpointId(service: ServiceModel): string {
  return `${service.namespace}/svc/${service.name}`;
}

/** One Service port on one pod: the pod port its connections arrive on. @internal */
export interface ServicePortOnPod {
  readonly service: ServiceModel;
  readonly servicePort: ServicePortModel;
  /** The pod port; for a headless Service, the Service port (nothing translates it). */
  readonly podPort: number;
}

/** The pod port of a Service port on one selected pod; undefined when the pod is no endpoint of it (a named targetPort it lacks). */
function podPortOf(service: ServiceModel, port: ServicePortModel, pod: PodModel): number | undefined {
  return service.headless ? port.port : targetPortOn(pod, port);
}

const portIndexes = new WeakMap<ClusterModel, Map<string, ServicePortOnPod[]>>();

/**
 * The Service ports that send to a pod, Service by Service in input order (a port whose named targetPort
 * the pod lacks left out), by pod id. The index is built once per model (the CLI asks for every workload
 * of a list): one pass over each Service's selected pods.
 * @internal
 */
export function servicePortsOf(model: ClusterModel, podId: string): readonly ServicePortOnPod[] {
  let index = portIndexes.get(model);
  if (index === undefined) {
    index = new Map();
    for (const service of model.services.filter((s) => s.type !== 'ExternalName')) {
      for (const pod of podsSelectedBy(service, model.pods)) {
        const ports = service.ports.flatMap((servicePort) => {
          const podPort = podPortOf(service, servicePort, pod);
          return podPort === undefined ? [] : [{ service, servicePort, podPort }];
        });
        index.set(pod.id, [...(index.get(pod.id) ?? []), ...ports]);
      }
    }
    portIndexes.set(model, index);
  }
  return index.get(podId) ?? [];
}

/**
 * A Service as a destination column: per Service port, the table rows of its backends and their pod
 * ports; for a headless Service, the rows of the pods it selects (clients connect to them on any port).
 * @internal
 */
export interface ServiceColumn {
  readonly id: string;
  readonly service: ServiceModel;
  readonly ports: readonly { readonly port: ServicePortModel; readonly backends: readonly { row: number; podPort: number }[] }[];
  readonly headlessRows?: readonly number[];
}

/**
 * The Service columns of a table whose rows are `pods` (then, perhaps, the internet): the Services of
 * the namespaces shown, in input order. A Service that reaches no pod on any port (no selector, no
 * selected pod, ExternalName, targetPorts no pod declares) is kept with no backends: its sets are empty,
 * as `canConnect` to it refuses.
 * @internal
 */
export function serviceColumns(services: readonly ServiceModel[], pods: readonly PodModel[], namespaces?: readonly string[]): ServiceColumn[] {
  const shown = namespaces === undefined ? undefined : new Set(namespaces);
  const rows = new Map(pods.map((p, i) => [p, i]));
  return services.filter((s) => shown === undefined || shown.has(s.namespace)).map((service) => {
    const selected = service.type === 'ExternalName' ? [] : podsSelectedBy(service, pods);
    const ports = service.ports.map((port) => ({
      port,
      backends: selected.flatMap((pod) => {
        const podPort = podPortOf(service, port, pod);
        return podPort === undefined ? [] : [{ row: rows.get(pod)!, podPort }];
      }),
    }));
    const headlessRows = service.headless ? selected.map((pod) => rows.get(pod)!) : undefined;
    return { id: serviceEndpointId(service), service, ports, headlessRows };
  });
}

/**
 * The connections from table row `row` to a Service, in Service ports. A headless Service translates
 * nothing: a client connects to its pods on whatever port it uses, so the set is the union of theirs.
 * @internal
 */
export function serviceSetFrom(t: EndpointTable, row: number, column: ServiceColumn): ConnectionSet {
  if (column.headlessRows !== undefined) {
    return column.headlessRows.reduce((set, b) => set.union(t.table.at(row, b)), ConnectionSet.none());
  }
  let set = ConnectionSet.none();
  for (const { port, backends } of column.ports) {
    const protocol: Protocol = port.protocol;
    if (backends.some((b) => t.table.at(row, b.row).contains(protocol, b.podPort))) {
      set = set.union(ConnectionSet.ports(protocol, port.port));
    }
  }
  return set;
}

/** Every (source row, Service) pair with a non-empty set, row by row, Services in column order. @internal */
export function listServiceConnections(t: EndpointTable, columns: readonly ServiceColumn[]): ConnectionPair[] {
  const pairs: ConnectionPair[] = [];
  for (let i = 0; i < t.ids.length; i++) {
    for (const column of columns) {
      const connections = serviceSetFrom(t, i, column);
      if (!connections.isEmpty) pairs.push({ from: t.ids[i], to: column.id, connections });
    }
  }
  return pairs;
}
