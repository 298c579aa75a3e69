import { Protocol } from '../model/protocol';

/**
 * One side of a connection.
 *
 * - `{ namespace, pod }` names a Pod or a workload (Deployment, StatefulSet, ...) of the manifests;
 * - `{ namespace, labels }` is a hypothetical pod with those labels (it has no container ports, so
 *   named ports never match it);
 * - `{ ip }` is an address outside the cluster (the internet, a VM, a database service);
 * - `{ namespace, service, port }` (a destination only) is a `v1` Service of the manifests on one of its
 *   ports: the connection goes to the pods the Service selects, on the `targetPort` (policies see the
 *   pod's port, never the Service port).
 */
export interface Endpoint {
  /**
   * The namespace of the pod or hypothetical pod. Must be a namespace of the manifests (declared, or
   * used by some object).
   *
   * @default - the namespace of objects without metadata.namespace: "default", or the `defaultNamespace`
   * the manifests were read with
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

  /**
   * The name of a `v1` Service of the manifests (a destination only): the connection goes to the pods
   * it selects, on the `targetPort` of the Service port `port`.
   *
   * @default - not a Service: give `pod`, `labels` or `ip`
   */
  readonly service?: string;

  /**
   * The Service port clients connect to (with `service` only), such as 5000 for a Service that sends
   * port 5000 to the pods' port 8080.
   *
   * @default - `ConnectOptions.port` when given, else the Service's only port
   */
  readonly port?: number;
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
 * Factories for the kinds of `Endpoint`, for languages where a struct literal with exactly one
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

  /**
   * A `v1` Service of the manifests, as a destination: its pods on the `targetPort` of Service port `port`.
   *
   * @param namespace its namespace
   * @param name its `metadata.name`
   * @param port the Service port clients connect to (default: `ConnectOptions.port`, else its only port)
   */
  public static service(namespace: string, name: string, port?: number): Endpoint {
    return port === undefined ? { namespace, service: name } : { namespace, service: name, port };
  }

  private constructor() {}
}
