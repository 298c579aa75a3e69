import { Protocol } from '../model/protocol';

/**
 * One side of a connection.
 *
 * - `{ namespace, pod }` names a Pod or a workload (Deployment, StatefulSet, ...) of the manifests;
 * - `{ namespace, labels }` is a hypothetical pod with those labels (it has no container ports, so
 *   named ports never match it);
 * - `{ ip }` is an address outside the cluster (the internet, a VM, a database service).
 */
export interface Endpoint {
  /**
   * The namespace of the pod or hypothetical pod. Must be a namespace of the manifests (declared, or
   * used by some object).
   *
   * @default "default" (as for objects without metadata.namespace)
   */
  readonly namespace?: string;

  /**
   * The name of a Pod or workload of the manifests.
   *
   * @default - not a named pod: give `labels` or `ip`
   */
  readonly pod?: string;

  /**
   * The kind of the named pod (`Pod`, `Deployment`, ...), needed only when two kinds share the name.
   *
   * @default - any kind with that name
   */
  readonly kind?: string;

  /**
   * The labels of a hypothetical pod in `namespace` (`{}` is a pod without labels).
   *
   * @default - not a hypothetical pod: give `pod` or `ip`
   */
  readonly labels?: { [key: string]: string };

  /**
   * An IPv4 or IPv6 address outside the cluster, such as `203.0.113.10`. ipBlock peers match it; pod
   * selectors never do. It must be in Go's form (four decimal parts, or IPv6 text): forms that software
   * reads differently (leading zeros, IPv4-mapped IPv6, C's `0x7f000001` or `127.1`) are refused.
   *
   * @default - not an external address: give `pod` or `labels`
   */
  readonly ip?: string;
}

/**
 * The traffic to check.
 */
export interface ConnectOptions {
  /**
   * The destination port, 1-65535.
   *
   * @default 80
   */
  readonly port?: number;

  /**
   * The protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * Factories for the three kinds of `Endpoint`, for languages where a struct literal with exactly one
 * of its fields is awkward (Java's builders, Go's pointers): `Endpoints.pod("shop", "api")`.
 */
export class Endpoints {
  /**
   * A Pod or workload of the manifests, by name.
   *
   * @param namespace its namespace
   * @param name its `metadata.name`
   * @param kind its kind (`Pod`, `Deployment`, ...), needed only when two kinds share the name
   */
  public static pod(namespace: string, name: string, kind?: string): Endpoint {
    return kind === undefined ? { namespace, pod: name } : { namespace, pod: name, kind };
  }

  /**
   * A hypothetical pod with these labels in `namespace` (`{}` is a pod without labels).
   */
  public static labels(namespace: string, labels: { [key: string]: string }): Endpoint {
    return { namespace, labels: { ...labels } };
  }

  /**
   * An IPv4 or IPv6 address outside the cluster, such as `203.0.113.10`.
   */
  public static ip(address: string): Endpoint {
    return { ip: address };
  }

  private constructor() {}
}
