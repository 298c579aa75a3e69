import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterPolicyApi, createClusterPolicy, namespacesExcept, validExempt, validatePolicyName, validatePriority } from './cluster-policy-object';
import { detach } from '../model/detach';
import { fail, show } from '../model/errors';

/**
 * Props for `ClusterDefaultDeny`.
 */
export interface ClusterDefaultDenyProps {
  /**
   * The policy's name (`metadata.name`). Ignored with `ClusterPolicyApi.V1ALPHA1`, where the Baseline
   * tier is the cluster's one BaselineAdminNetworkPolicy named `default`.
   *
   * @default "baseline-default-deny"
   */
  readonly name?: string;

  /**
   * The priority in the Baseline tier, 0-1000 (lower first). Ignored with `ClusterPolicyApi.V1ALPHA1`.
   *
   * @default 1000 (after every other Baseline policy)
   */
  readonly priority?: number;

  /**
   * Namespaces left out of the default deny. `kube-system` is left out by default: its pods (the cluster
   * DNS first) serve every namespace, and a deny there would cut DNS for the whole cluster.
   *
   * @default ["kube-system"]
   */
  readonly exemptNamespaces?: string[];

  /**
   * Deny egress too: every pod not selected by an egress NetworkPolicy loses all egress, DNS included,
   * so pair it with `AdminGuardrails` (which accepts DNS to the cluster DNS pods for every pod) or
   * per-namespace DNS allows.
   *
   * @default false
   */
  readonly denyEgress?: boolean;

  /**
   * The API version to emit.
   *
   * @default ClusterPolicyApi.V1ALPHA2
   */
  readonly api?: ClusterPolicyApi;
}

/**
 * A default deny for every namespace, those created later included, in the Baseline tier of
 * `policy.networking.k8s.io`: a NetworkPolicy that selects a pod overrides it for that pod and direction,
 * so each namespace's own policies still decide what its pods accept.
 *
 * Its limit: ClusterNetworkPolicy ingress peers are namespaces and pods only (no CIDRs), so it denies
 * traffic from other pods but NOT traffic from outside the cluster (a load balancer, a node port, a VM)
 * to a pod no NetworkPolicy selects. Keep the per-namespace `DefaultDenyIngress` (or `ClusterBaseline`)
 * for that: a NetworkPolicy's isolation covers every source.
 */
export class ClusterDefaultDeny extends Construct {
  /** The default name. */
  public static readonly DEFAULT_NAME: string = 'baseline-default-deny';

  /** The ClusterNetworkPolicy (or BaselineAdminNetworkPolicy) object. */
  public readonly policy: ApiObject;

  public constructor(scope: Construct, id: string, props: ClusterDefaultDenyProps = {}) {
    super(scope, id);
    try {
      const name = props.name ?? ClusterDefaultDeny.DEFAULT_NAME;
      const priority = props.priority ?? 1000;
      const api = props.api ?? ClusterPolicyApi.V1ALPHA2;
      validatePolicyName(this, name, 'name');
      validatePriority(this, priority, 'priority');
      const exempt = validExempt(this, props.exemptNamespaces ?? ['kube-system']);
      if (!Object.values(ClusterPolicyApi).includes(api)) fail(this, `invalid api ${show(api)}: use ClusterPolicyApi.V1ALPHA2 or V1ALPHA1`);
      const everyPeer = { namespaces: {} };
      this.policy = createClusterPolicy(this, 'Resource', {
        name,
        tier: 'Baseline',
        priority,
        subject: namespacesExcept(exempt),
        ingress: [{ name: 'default-deny-ingress', action: 'Deny', peers: [everyPeer] }],
        egress: props.denyEgress ? [{ name: 'default-deny-egress', action: 'Deny', peers: [everyPeer, { networks: ['0.0.0.0/0', '::/0'] }] }] : undefined,
      }, api);
    } catch (err) {
      detach(this);
      throw err;
    }
  }
}
