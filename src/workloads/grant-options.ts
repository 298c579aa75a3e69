import { PortSpec } from '../model/ports';
import { EgressSideOptions } from '../policies/egress-side';

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
 * Options for `Workloads.addHubClient`. The egress side lets the clients reach the hub
 * (`allow-<hubName>-access-egress`).
 */
export interface HubClientOptions extends WorkloadPortOptions, EgressSideOptions {
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
}

/**
 * Options for `Workloads.addServerTarget`. The egress side lets the server reach the labelled pods
 * (`allow-<serverName>-to-access-egress`).
 */
export interface ServerTargetOptions extends EgressSideOptions {
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
}

/**
 * Options for `Workloads.allowConnection` and `Workloads.allowFromNamespace`. The egress side is on the
 * source pods, in the source namespace.
 */
export interface WorkloadConnectionOptions extends WorkloadPortOptions, EgressSideOptions {
  /**
   * The name of the ingress policy (in the destination's namespace).
   *
   * @default "allow-<from>-to-<to>" in one namespace, "allow-<from namespace>-<from>-to-<to>" across namespaces
   */
  readonly name?: string;

  /**
   * Across namespaces: the namespace label whose value is the namespace name.
   *
   * @default "kubernetes.io/metadata.name"
   */
  readonly namespaceLabelKey?: string;
}
