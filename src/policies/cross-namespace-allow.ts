import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createNetworkPolicy, MatchExpressions, selectorOf } from './network-policy';
import { IPolicySet } from './policy-set';
import { EGRESS_SUFFIX, NAMESPACE_NAME_LABEL, createOrRollBack, egressTo, ingressFrom, namespacedPodPeer } from './rules';
import { validateLabelKey, validateLabels } from '../model/labels';
import { labelsPolicyName, suffixedName, validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * A connection from pods of one namespace to pods of another: what `CrossNamespaceAllow` and
 * `NamespaceBaseline`'s `allowFrom` share. The target namespace is `toNamespace`, or the baseline's.
 */
export interface CrossNamespaceSpec {
  /**
   * The namespace of the pods that initiate the connection (N1 in the guide).
   */
  readonly fromNamespace: string;

  /**
   * The labels of the initiating pods in `fromNamespace`.
   *
   * @default - every pod of `fromNamespace`
   */
  readonly fromLabels?: { [key: string]: string };

  /**
   * The labels of the accepting pods in the target namespace.
   *
   * @default - every pod of the target namespace
   */
  readonly toLabels?: { [key: string]: string };

  /**
   * The ports of the accepting pods that may be reached.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * The name of the ingress NetworkPolicy in the target namespace (the egress one in `fromNamespace`,
   * when there is one, gets the suffix `-egress`).
   *
   * @default "allow-<fromNamespace>-<from labels>-to-<to labels>", for example "allow-monitoring-prometheus-to-api"
   */
  readonly name?: string;
}

/**
 * Props for `CrossNamespaceAllow`.
 */
export interface CrossNamespaceAllowProps extends CrossNamespaceSpec {
  /**
   * The namespace of the pods that accept the connection (N2 in the guide). The ingress policy is
   * created here.
   */
  readonly toNamespace: string;

  /**
   * The matchExpressions of the workload selector that goes with `fromLabels` (set by `Workloads`, from
   * the workload's own selector), so the policies select exactly its pods.
   * @internal
   */
  readonly _fromExpressions?: MatchExpressions;

  /**
   * The matchExpressions of the workload selector that goes with `toLabels` (set by `Workloads`, from
   * the workload's own selector), so the policies select exactly its pods.
   * @internal
   */
  readonly _toExpressions?: MatchExpressions;

  /**
   * The namespace label whose value is the namespace name. The default is set by Kubernetes itself on
   * every namespace (since 1.21) and cannot be forged by anyone who may label namespaces; the guide's
   * convention is "networking/namespace" (then label the namespaces yourself).
   *
   * @default "kubernetes.io/metadata.name"
   */
  readonly namespaceLabelKey?: string;

  /**
   * Also emit the egress side in `fromNamespace`: the `fromLabels` pods may connect to the `toLabels`
   * pods of `toNamespace` on `ports`.
   *
   * Turn it on only when `fromNamespace` denies egress: an egress policy isolates the pods it selects
   * for egress and cuts every other connection they make that no policy admits.
   *
   * @default false
   */
  readonly sourceEgress?: boolean;
}

/**
 * Lets pods of one namespace connect to pods of another: an ingress policy in the target namespace
 * whose single peer has a namespaceSelector AND a podSelector (two peers would mean OR and admit far
 * more than intended).
 *
 * Implements the guide's section "Across Namespaces", with the namespace label that Kubernetes sets
 * itself instead of a hand-made one.
 */
export class CrossNamespaceAllow extends Construct implements IPolicySet {
  /** The name of the ingress NetworkPolicy (in `toNamespace`). */
  public readonly name: string;

  /**
   * The name of the egress NetworkPolicy in `fromNamespace`, when `sourceEgress` is on: by default
   * "allow-<from labels>-to-<toNamespace>-<to labels>-egress".
   */
  public readonly egressName?: string;

  /** The NetworkPolicies: the ingress one, then the egress one when `sourceEgress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: CrossNamespaceAllowProps) {
    super(scope, id);
    validateNamespaceName(this, props.fromNamespace, 'fromNamespace');
    validateNamespaceName(this, props.toNamespace, 'toNamespace');
    validateLabels(this, props.fromLabels, 'fromLabels');
    validateLabels(this, props.toLabels, 'toLabels');
    validatePorts(this, props.ports);
    const namespaceLabelKey = props.namespaceLabelKey ?? NAMESPACE_NAME_LABEL;
    validateLabelKey(this, namespaceLabelKey, 'namespaceLabelKey');

    const from = { labels: props.fromLabels ?? {} };
    const to = { labels: props.toLabels ?? {} };
    // The namespace is followed by a label map: it must be free of '-' for the name to read back exactly.
    this.name = props.name ?? labelsPolicyName(['allow', props.fromNamespace, from, 'to', to], [1]);
    this.policies = [createNetworkPolicy(this, 'Policy', {
      name: this.name,
      namespace: props.toNamespace,
      podSelector: selectorOf(props.toLabels, props._toExpressions),
      ingress: [ingressFrom([namespacedPodPeer(namespaceLabelKey, props.fromNamespace, props.fromLabels, props._fromExpressions)], props.ports)],
    })];
    if (props.sourceEgress) {
      // In the source namespace the target namespace must be part of the name: one source may reach many.
      const egressName = props.name !== undefined ? suffixedName(props.name, EGRESS_SUFFIX)
        : labelsPolicyName(['allow', from, 'to', props.toNamespace, to, EGRESS_SUFFIX], [3]);
      this.egressName = egressName;
      this.policies.push(createOrRollBack(this, this.policies, () => createNetworkPolicy(this, 'EgressPolicy', {
        name: egressName,
        namespace: props.fromNamespace,
        podSelector: selectorOf(props.fromLabels, props._fromExpressions),
        egress: [egressTo([namespacedPodPeer(namespaceLabelKey, props.toNamespace, props.toLabels, props._toExpressions)], props.ports)],
      })));
    }
  }
}
