/**
 * The options a `NamespaceBaseline` and a `ClusterBaseline` share: what every namespace gets.
 */
export interface BaselineOptions {
  /**
   * Create `InternetAccess`: pods labelled `networking/allow-internet-access: "true"` accept ingress
   * from every source (guide: "Explicitly allow internet access for pods that need it").
   *
   * @default true
   */
  readonly internetAccess?: boolean;

  /**
   * Create `AllowSameNamespace`: every pod accepts every pod of its namespace (guide: "If You Don't Know
   * Which Pods Need to Talk To Each Other").
   *
   * @default false
   */
  readonly allowSameNamespace?: boolean;

  /**
   * Create `NewDeploymentAccess`: pods labelled `networking/allow-all-connections: "true"` talk both
   * ways with every pod of their namespace (guide: "What About New Deployments?").
   *
   * @default false
   */
  readonly newDeployments?: boolean;

  /**
   * The namespace label whose value is the namespace name, used by the cross-namespace allows.
   *
   * @default "kubernetes.io/metadata.name" (set by Kubernetes itself, cannot be forged)
   */
  readonly namespaceLabelKey?: string;

  /**
   * Emit the `v1 Namespace` object too. When `namespaceLabelKey` is not the automatic
   * `kubernetes.io/metadata.name`, the namespace carries `<namespaceLabelKey>: <name>`.
   *
   * @default false
   */
  readonly createNamespace?: boolean;

  /**
   * Deny all egress by default (`DefaultDenyEgress`), and give every allow the baseline creates its
   * egress side, so the declared connections keep working. DNS stays allowed unless `allowDns` is false.
   *
   * @default false
   */
  readonly denyEgress?: boolean;

  /**
   * With `denyEgress`: let every pod resolve names through the cluster DNS (`AllowDnsEgress`, port 53
   * over UDP and TCP to the kube-dns pods of kube-system). Turn it off to add your own
   * `AllowDnsEgress` for another DNS setup. Ignored without `denyEgress`.
   *
   * @default true
   */
  readonly allowDns?: boolean;

  /**
   * With `denyEgress`: create `InternetEgress`, so pods labelled `networking/allow-internet-egress: "true"`
   * may connect to addresses outside the cluster (private ranges and the cloud metadata address
   * excluded). Needs `denyEgress`: without it, an egress policy would cut the labelled pods' other egress.
   *
   * @default false
   */
  readonly internetEgress?: boolean;

  /**
   * Lint the NetworkPolicies of the namespace (and of the source namespaces where egress sides are
   * created) when the app is synthesized: ERROR findings, such as a namespaceSelector on a label that no
   * Namespace of the app carries, make `app.synth()` and `cdk8s synth` fail with their code and fix.
   * Only the chart that contains the baseline is read; a `ClusterBaseline` lints its namespaces
   * together, once.
   *
   * @default true
   */
  readonly lint?: boolean;

  /**
   * With `lint`: WARNING findings (a connection to a label no pod of the chart carries, a namespace
   * without default-deny, ...) fail the synthesis too, like ERROR findings. Without it they are printed
   * on stderr at synth, once per finding, and the synthesis goes on.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;

  /**
   * Write the NetworkPolicies without `metadata.namespace`, for a kustomize component or base (the
   * `namespace:` of kustomization.yaml places them) or for `kubectl apply -n <namespace>`, as Online
   * Boutique ships its policies. Only a policy's own namespace is left out: every namespaceSelector
   * that names a namespace (`kubernetes.io/metadata.name`) keeps naming it, so apply the output to the
   * namespace the baseline names. Refused for a `ClusterBaseline` of several namespaces (one
   * namespace-less file can only be applied to one namespace; `cdk8s-netpol synth --out DIR` writes
   * one file per namespace), for two namespace-less namespaces in one chart, and for a policy the
   * baseline would write to another namespace (the egress side of a cross-namespace allow in its
   * source namespace). The lint at synth reads the policies, and the chart's objects without a
   * namespace, in the baseline's namespace. To read the output with the engine, pass that namespace
   * as `defaultNamespace` (`cdk8s-netpol audit --default-namespace <namespace>`).
   *
   * @default false
   */
  readonly omitNamespace?: boolean;
}

/**
 * Every field of BaselineOptions, once: a field added to the interface without its entry here fails to
 * compile, instead of being silently dropped by `baselineOptionsOf`.
 */
const OPTION_FIELDS: { readonly [K in keyof Required<BaselineOptions>]: true } = {
  internetAccess: true,
  allowSameNamespace: true,
  newDeployments: true,
  namespaceLabelKey: true,
  createNamespace: true,
  denyEgress: true,
  allowDns: true,
  internetEgress: true,
  lint: true,
  failOnWarnings: true,
  omitNamespace: true,
};

/**
 * The BaselineOptions fields of `props` and nothing else (own properties only). Props loaded from JSON
 * or written in plain JavaScript may carry other keys (`namespace`, `hubs`); spreading them into the
 * props of another construct would let them override what the caller sets.
 * @internal
 */
export function baselineOptionsOf(props: BaselineOptions): BaselineOptions {
  const options: { [key: string]: unknown } = {};
  for (const field of Object.keys(OPTION_FIELDS)) {
    // an own field left undefined means the default, so it must not replace a value it is merged over
    if (Object.prototype.hasOwnProperty.call(props, field) && (props as { [key: string]: unknown })[field] !== undefined) {
      options[field] = (props as { [key: string]: unknown })[field];
    }
  }
  return options as BaselineOptions;
}
