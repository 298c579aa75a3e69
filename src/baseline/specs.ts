import { IConstruct } from 'constructs';
import { PortSpec } from '../model/ports';
import { CrossNamespaceSpec } from '../policies/cross-namespace-allow';

/**
 * Ingress into the baseline's namespace from pods of another namespace, for `NamespaceBaseline`.
 * Becomes a `CrossNamespaceAllow` whose target is the baseline's namespace.
 */
export interface NamespaceIngressSpec extends CrossNamespaceSpec {
  /**
   * Whether `fromNamespace` denies egress, so the connection also needs an egress policy there (the
   * baseline then creates it in `fromNamespace`). Leave it out inside a `ClusterBaseline`: it knows
   * whether the source namespace is one of its own that denies egress.
   *
   * @default - false; inside a ClusterBaseline, whether the source namespace is one of its namespaces with `denyEgress`
   */
  readonly sourceDeniesEgress?: boolean;

  /**
   * A `v1` Service of the baseline's namespace (cdk8s-plus of any major, a `KubeService` or an `ApiObject`
   * of kind Service) that stands for the destination pods: its selector selects them and its targetPorts
   * (resolved to the pods' port numbers where named) are the ports, never the Service `port`. Give this or
   * `toLabels`, not both, and no `ports`.
   *
   * @default - the pods of `toLabels`
   */
  readonly toService?: IConstruct;
}

/**
 * Pods of the baseline's namespace that accept ingress from every source, the internet included (or
 * from `sources` only), selected by labels they already carry: an `InternetAccess` whose `podLabels`
 * are these, so an existing workload needs no access label on its pod template. For the YAML config
 * (`internetFacing`) and `NamespaceBaseline.addInternetFacing`.
 */
export interface InternetFacingSpec {
  /**
   * The labels of the pods (their own labels, such as `{ app: web }`). Must not be empty. Give this or
   * `service`, not both.
   *
   * @default - the pods `service` selects
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * A `v1` Service of the namespace (cdk8s-plus of any major, a `KubeService` or an `ApiObject` of kind
   * Service) that stands for the pods: its selector selects them and its targetPorts (resolved to the
   * pods' port numbers where named) are the ports, never the Service `port` (a policy sees the pod's
   * port). Give this or `podLabels`, not both, and no `ports`.
   *
   * @default - the pods of `podLabels`
   */
  readonly service?: IConstruct;

  /**
   * The ports on which the pods accept that traffic (the container ports).
   *
   * @default - every port; with `service`, its targetPorts
   */
  readonly ports?: PortSpec[];

  /**
   * The CIDRs the traffic may come from (IPv4 or IPv6 network addresses).
   *
   * @default - every source, inside or outside the cluster
   */
  readonly sources?: string[];

  /**
   * The name of the NetworkPolicy.
   *
   * @default "internet-access-<podLabels>", e.g. `internet-access-web` for `{ app: web }` (the name `exposeToInternet` gives a workload named web); "internet-access-<Service name>" with `service`
   */
  readonly name?: string;
}

/**
 * A hub of a `NamespaceBaseline` (its `hubs` and `addHub`): a `HubSpec` whose hub pods may be given by
 * a Service instead of labels. Its own struct, not an extension of `HubSpec`: there `hubLabels` is
 * required, and a sub-interface cannot make a field optional.
 */
export interface BaselineHubSpec {
  /**
   * A short name of the hub (a DNS-1123 label such as "db"), unique among the hubs of the namespace;
   * it names the policy and the default access label.
   */
  readonly hubName: string;

  /**
   * The labels of the hub pods, for example `{ app: "db" }`. Must not be empty. Give this or
   * `hubService`, not both.
   *
   * @default - the pods `hubService` selects
   */
  readonly hubLabels?: { [key: string]: string };

  /**
   * A `v1` Service of the baseline's namespace (cdk8s-plus of any major, a `KubeService` or an `ApiObject`
   * of kind Service) that stands for the hub pods: its selector selects them and its targetPorts
   * (resolved to the pods' port numbers where named) are the ports, never the Service `port`. Give this or
   * `hubLabels`, not both, and no `ports`.
   *
   * @default - the pods of `hubLabels`
   */
  readonly hubService?: IConstruct;

  /**
   * The label key that grants access to the hub: pods labelled `<accessLabel>: "true"` may connect.
   *
   * @default "networking/allow-<hubName>-access" (see `HubSpec.accessLabel`)
   */
  readonly accessLabel?: string;

  /**
   * The ports of the hub that the spokes may reach (the container ports).
   *
   * @default - every port; with `hubService`, its targetPorts
   */
  readonly ports?: PortSpec[];

  /**
   * The name of the ingress NetworkPolicy (the egress one gets the suffix `-egress`).
   *
   * @default "allow-<hubName>-access" (see `HubSpec.name`)
   */
  readonly name?: string;
}

/**
 * An explicit connection between pods of a `NamespaceBaseline`'s namespace (its `connections` and
 * `addConnection`): a `ConnectionSpec` whose destination pods may be given by a Service instead of
 * labels. Its own struct, not an extension of `ConnectionSpec`: there `toLabels` is required, and a
 * sub-interface cannot make a field optional.
 */
export interface BaselineConnectionSpec {
  /**
   * The labels of the pods that initiate the connection (deployment A). Must not be empty; use
   * `allowSameNamespace` to admit every pod.
   */
  readonly fromLabels: { [key: string]: string };

  /**
   * The labels of the pods that accept the connection (deployment B). Must not be empty. Give this or
   * `toService`, not both.
   *
   * @default - the pods `toService` selects
   */
  readonly toLabels?: { [key: string]: string };

  /**
   * A `v1` Service of the baseline's namespace (cdk8s-plus of any major, a `KubeService` or an `ApiObject`
   * of kind Service) that stands for the accepting pods: its selector selects them and its targetPorts
   * (resolved to the pods' port numbers where named) are the ports, never the Service `port`. Give this or
   * `toLabels`, not both, and no `ports`.
   *
   * @default - the pods of `toLabels`
   */
  readonly toService?: IConstruct;

  /**
   * The ports of the accepting pods that may be reached.
   *
   * @default - every port; with `toService`, its targetPorts
   */
  readonly ports?: PortSpec[];

  /**
   * The name of the ingress NetworkPolicy (the egress one gets the suffix `-egress`). Set it when two
   * connections between the same label sets would otherwise get the same name.
   *
   * @default "allow-<from labels>-to-<to labels>" (see `ConnectionSpec.name`); with `toService`, the labels
   * of its selector stand for the to labels
   */
  readonly name?: string;
}
