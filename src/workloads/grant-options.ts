import { PortSpec } from '../model/ports';

/**
 * The ports of a grant to a workload.
 */
export interface WorkloadPortOptions {
  /**
   * The destination ports to admit.
   *
   * @default - the ports the destination's containers declare; every port when they declare none
   */
  readonly ports?: PortSpec[];

  /**
   * When the ports come from the containers, refer to the named ones by name (`port: "http"`) instead of
   * by number.
   *
   * @default false
   */
  readonly namedPorts?: boolean;
}

/**
 * Options for `Workloads.exposeToInternet`.
 */
export interface InternetExposureOptions extends WorkloadPortOptions {
  /**
   * The CIDRs (IPv4 or IPv6) the traffic may come from.
   *
   * @default - every source
   */
  readonly sources?: string[];

  /**
   * Grant through the guide's gate label (`networking/allow-internet-access: "true"` on the pod template
   * and the namespace's `internet-access` policy) even when the containers declare ports: every port,
   * every source. `ports` and `sources` cannot be combined with it.
   *
   * @default - the gate label only when the containers declare no ports and neither `ports` nor `sources` is given
   */
  readonly useGateLabel?: boolean;

  /**
   * The name of the workload's own policy (when the grant is scoped to ports or sources).
   *
   * @default "internet-access-<workload name>"
   */
  readonly name?: string;
}

/**
 * Options for `Workloads.addHubClient`.
 */
export interface HubClientOptions extends WorkloadPortOptions {
  /**
   * The short name of the hub: it names the policy (`allow-<hubName>-access`) and the access label.
   *
   * @default - the hub's `metadata.name` when you gave one, else its construct id
   */
  readonly hubName?: string;

  /**
   * The label key that grants access to the hub.
   *
   * @default "networking/allow-<hubName>-access"
   */
  readonly accessLabel?: string;

  /**
   * Also let the clients' egress reach the hub (`allow-<hubName>-access-egress`). Turn it on only when
   * the namespace denies egress: an egress policy isolates the pods it selects.
   *
   * @default false
   */
  readonly egress?: boolean;
}

/**
 * Options for `Workloads.addServerTarget`.
 */
export interface ServerTargetOptions {
  /**
   * The short name of the server: it names the policy (`allow-<serverName>-to-access`) and the access label.
   *
   * @default - the server's `metadata.name` when you gave one, else its construct id
   */
  readonly serverName?: string;

  /**
   * The label key that opens a pod to the server.
   *
   * @default "networking/allow-<serverName>-to-access"
   */
  readonly accessLabel?: string;

  /**
   * The ports of the labelled pods the server may reach. One policy serves every pod labelled for the
   * server, so the ports are not taken from any one target's containers.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * Also let the server's egress reach the labelled pods (`allow-<serverName>-to-access-egress`). Turn it
   * on only when the namespace denies egress: an egress policy isolates the pods it selects.
   *
   * @default false
   */
  readonly egress?: boolean;
}

/**
 * Options for `Workloads.allowConnection` and `Workloads.allowFromNamespace`.
 */
export interface WorkloadConnectionOptions extends WorkloadPortOptions {
  /**
   * The name of the ingress policy (in the destination's namespace).
   *
   * @default "allow-<from>-to-<to>" in one namespace, "allow-<from namespace>-<from>-to-<to>" across namespaces
   */
  readonly name?: string;

  /**
   * Also emit the egress side on the source pods, in the source namespace. Turn it on only when the
   * source namespace denies egress: an egress policy isolates the pods it selects.
   *
   * @default false
   */
  readonly egress?: boolean;

  /**
   * Across namespaces: the namespace label whose value is the namespace name.
   *
   * @default "kubernetes.io/metadata.name"
   */
  readonly namespaceLabelKey?: string;
}

/**
 * Options for `Workloads.markNewDeployment`.
 */
export interface NewDeploymentOptions {
  /**
   * The label key that marks new deployments.
   *
   * @default "networking/allow-all-connections"
   */
  readonly label?: string;

  /**
   * Also emit the egress sides of the pair. Turn it on only when the namespace denies egress.
   *
   * @default false
   */
  readonly egress?: boolean;
}
