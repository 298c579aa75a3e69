import { PortSpec } from '../model/ports';

/**
 * A hub that many pods of the namespace reach (the guide's database), for `NamespaceBaseline`.
 * Becomes a `HubAccess`.
 */
export interface HubSpec {
  /**
   * A short name of the hub (a DNS-1123 label such as "db"), unique among the hubs of the namespace;
   * it names the policy and the default access label.
   */
  readonly hubName: string;

  /**
   * The labels of the hub pods, for example `{ app: "db" }`. Must not be empty.
   */
  readonly hubLabels: { [key: string]: string };

  /**
   * The label key that grants access: pods labelled `<accessLabel>: "true"` may connect to the hub.
   *
   * @default "networking/allow-<hubName>-access"
   */
  readonly accessLabel?: string;

  /**
   * The ports of the hub that may be reached.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];
}

/**
 * A server that initiates connections to many pods of the namespace (the guide's reverse case), for
 * `NamespaceBaseline`. Becomes a `ServerAccess`.
 */
export interface ServerSpec {
  /**
   * A short name of the server (a DNS-1123 label such as "backup"), unique among the servers of the
   * namespace; it names the policy and the default access label.
   */
  readonly serverName: string;

  /**
   * The labels of the server pods, for example `{ app: "backup" }`. Must not be empty.
   */
  readonly serverLabels: { [key: string]: string };

  /**
   * The label key that opens a pod to the server: pods labelled `<accessLabel>: "true"` accept its connections.
   *
   * @default "networking/allow-<serverName>-to-access"
   */
  readonly accessLabel?: string;

  /**
   * The ports of the labelled pods that the server may reach.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];
}

/**
 * One explicit connection between two sets of pods of the namespace, for `NamespaceBaseline`.
 * Becomes an `AllowConnection`.
 */
export interface ConnectionSpec {
  /**
   * The labels of the pods that initiate the connection. Must not be empty.
   */
  readonly fromLabels: { [key: string]: string };

  /**
   * The labels of the pods that accept the connection. Must not be empty.
   */
  readonly toLabels: { [key: string]: string };

  /**
   * The ports of the accepting pods that may be reached.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * The name of the ingress NetworkPolicy; set it when two connections between the same label sets
   * would otherwise get the same name.
   *
   * @default "allow-<from labels>-to-<to labels>"
   */
  readonly name?: string;
}

/**
 * Ingress into the baseline's namespace from pods of another namespace, for `NamespaceBaseline`.
 * Becomes a `CrossNamespaceAllow` whose target is the baseline's namespace.
 */
export interface NamespaceIngressSpec {
  /**
   * The namespace of the pods that initiate the connection.
   */
  readonly fromNamespace: string;

  /**
   * The labels of the initiating pods in `fromNamespace`.
   *
   * @default - every pod of `fromNamespace`
   */
  readonly fromLabels?: { [key: string]: string };

  /**
   * The labels of the accepting pods in the baseline's namespace.
   *
   * @default - every pod of the baseline's namespace
   */
  readonly toLabels?: { [key: string]: string };

  /**
   * The ports of the accepting pods that may be reached.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * Whether `fromNamespace` denies egress, so the connection also needs an egress policy there (the
   * baseline then creates it in `fromNamespace`). Leave it out inside a `ClusterBaseline`: it knows
   * whether the source namespace is one of its own that denies egress.
   *
   * @default - false; inside a ClusterBaseline, whether the source namespace is one of its namespaces with `denyEgress`
   */
  readonly sourceDeniesEgress?: boolean;

  /**
   * The name of the ingress NetworkPolicy (the egress one in the source namespace, when there is one,
   * gets the suffix `-egress`).
   *
   * @default "allow-<fromNamespace>-<from labels>-to-<to labels>"
   */
  readonly name?: string;
}
