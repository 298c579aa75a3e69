import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createNetworkPolicy } from './network-policy';
import { IPolicySet } from './policy-set';

/**
 * Props for `DefaultDenyIngress`.
 */
export interface DefaultDenyIngressProps {
  /**
   * The namespace whose pods are isolated for ingress.
   */
  readonly namespace: string;

  /**
   * The name of the NetworkPolicy.
   *
   * @default "default-deny-ingress"
   */
  readonly name?: string;
}

/**
 * Isolates every pod of a namespace for ingress: only connections that another policy admits get in.
 *
 * Implements the guide's section "Isolate your pods": without it, deleting the only policy that
 * selects a pod silently opens that pod to everyone. Create one for every namespace.
 *
 * The policy selects every pod (`podSelector: {}`), lists `policyTypes: [Ingress]` and admits nothing.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic
 */
export class DefaultDenyIngress extends Construct implements IPolicySet {
  /** The default policy name. */
  public static readonly DEFAULT_NAME: string = 'default-deny-ingress';

  /** The name of the NetworkPolicy. */
  public readonly name: string;

  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  /** The NetworkPolicy, as the only element: `[policy]`. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: DefaultDenyIngressProps) {
    super(scope, id);
    this.name = props.name ?? DefaultDenyIngress.DEFAULT_NAME;
    this.policy = createNetworkPolicy(this, 'Policy', {
      name: this.name,
      namespace: props.namespace,
      podSelector: {},
      ingress: [],
    });
    this.policies = [this.policy];
  }
}
