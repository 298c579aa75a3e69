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
