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
}

/**
 * Pods of the baseline's namespace that accept ingress from every source, the internet included (or
 * from `sources` only), selected by labels they already carry: an `InternetAccess` whose `podLabels`
 * are these, so an existing workload needs no access label on its pod template. For the YAML config
 * (`internetFacing`) and `NamespaceBaseline.addInternetFacing`.
 */
export interface InternetFacingSpec {
  /**
   * The labels of the pods (their own labels, such as `{ app: web }`). Must not be empty.
   */
  readonly podLabels: { [key: string]: string };

  /**
   * The ports on which the pods accept that traffic (the container ports).
   *
   * @default - every port
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
   * @default "internet-access-<podLabels>", e.g. `internet-access-web` for `{ app: web }` (the name `exposeToInternet` gives a workload named web)
   */
  readonly name?: string;
}
