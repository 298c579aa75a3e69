import { ConnectionSet } from './connection-set';
import { ConnectionTable } from './connection-table';
import { Endpoint } from './endpoint';

/**
 * Which endpoints `Reachability.allConnections` covers.
 */
export interface ConnectionsOptions {
  /**
   * Whether to add the pseudo-endpoint `internet` (an address outside the cluster).
   *
   * @default true
   */
  readonly includeInternet?: boolean;

  /**
   * The address that stands for the internet.
   *
   * @default "203.0.113.10" (a documentation address, outside every private range)
   */
  readonly internetAddress?: string;

  /**
   * Only the Pods and workloads of these namespaces (and `internet`, when included) are endpoints; the
   * policies of every namespace still apply.
   *
   * @default every namespace
   */
  readonly namespaces?: string[];

  /**
   * Whether to add every `v1` Service (of the namespaces shown) as a destination, with the id
   * `namespace/svc/name`: its connection set is in Service ports, the ports clients connect to. Service
   * port P is in the set when the source reaches at least one pod the Service selects on the pod port P
   * is sent to (its targetPort), as `canConnect` to `{ namespace, service, port: P }` answers; a headless
   * Service translates nothing, so its set is every port its pods admit. The pod destinations stay in pod
   * ports, which policies see. `Reachability.diff` ignores it.
   *
   * @default false
   */
  readonly includeServices?: boolean;
}

/**
 * The connections allowed from one endpoint to another.
 */
export interface ConnectionPair {
  /** The source endpoint id (`namespace/name`, as in `Reachability.workloads`, or `internet`). */
  readonly from: string;
  /** The destination endpoint id. */
  readonly to: string;
  /** The allowed connections (never empty in `allConnections`). */
  readonly connections: ConnectionSet;
}

/** A connection table with the ids and endpoints of its rows. @internal */
export interface EndpointTable {
  readonly ids: string[];
  readonly refs: Endpoint[];
  readonly table: ConnectionTable;
}

/** The pairs of a table with a non-empty set, row by row; a Pod to itself (loopback) is left out. @internal */
export function listConnections(t: EndpointTable): ConnectionPair[] {
  const pairs: ConnectionPair[] = [];
  const ids = t.ids;
  t.table.forEachNonEmpty((i, j, connections) => pairs.push({ from: ids[i], to: ids[j], connections }));
  return pairs;
}
