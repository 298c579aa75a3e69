import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createNetworkPolicy } from './network-policy';
import { IPolicySet } from './policy-set';

/**
 * Props for `DefaultDenyEgress`.
 */
export interface DefaultDenyEgressProps {
  /**
   * The namespace whose pods lose all egress that no other policy allows.
   */
  readonly namespace: string;

  /**
   * The NetworkPolicy's name.
   *
   * @default "default-deny-egress"
   */
  readonly name?: string;
}

/**
 * Isolates the egress of every pod of a namespace: a pod may then open only the connections that some
 * other egress policy allows.
 *
 * This blocks DNS too, so name lookups fail at once; pair it with `AllowDnsEgress`. It does not touch
 * ingress (use `DefaultDenyIngress` for that), so the two directions can be adopted one at a time.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic
 */
export class DefaultDenyEgress extends Construct implements IPolicySet {
  /** The default policy name. */
  public static readonly DEFAULT_NAME: string = 'default-deny-egress';

  /** The name of the NetworkPolicy. */
  public readonly name: string;

  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  /** The NetworkPolicy, as the only element: `[policy]`. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: DefaultDenyEgressProps) {
    super(scope, id);
    this.name = props.name ?? DefaultDenyEgress.DEFAULT_NAME;
    this.policy = createNetworkPolicy(this, 'Policy', {
      name: this.name,
      namespace: props.namespace,
      podSelector: {},
      // An empty list: egress is governed and nothing is admitted.
      egress: [],
    });
    this.policies = [this.policy];
  }
}
