import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressSideOptions } from './egress-side';
import { IPolicySet } from './policy-set';
import { createInNamespaceAllow } from './rules';
import { validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * Props for `AllowSameNamespace`. The egress side lets every pod connect to every pod of the namespace.
 */
export interface AllowSameNamespaceProps extends EgressSideOptions {
  /**
   * The namespace whose pods may talk to each other.
   */
  readonly namespace: string;

  /**
   * The ports on which pods accept connections from pods of the same namespace.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * The name of the ingress NetworkPolicy (the egress one gets the suffix `-egress`).
   *
   * @default "allow-same-namespace"
   */
  readonly name?: string;
}

/**
 * Lets every pod of a namespace accept connections from every pod of the same namespace.
 *
 * Implements the guide's section "If You Don't Know Which Pods Need to Talk To Each Other": a good
 * starting point that still isolates the namespace from the others (allow those explicitly with
 * `CrossNamespaceAllow`).
 */
export class AllowSameNamespace extends Construct implements IPolicySet {
  /** The default policy name. */
  public static readonly DEFAULT_NAME: string = 'allow-same-namespace';

  /** The name of the ingress NetworkPolicy. */
  public readonly name: string;

  /** The NetworkPolicies: the ingress one, then the egress one when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: AllowSameNamespaceProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    validatePorts(this, props.ports);
    this.name = props.name ?? AllowSameNamespace.DEFAULT_NAME;
    this.policies = createInNamespaceAllow(this, {
      name: this.name,
      namespace: props.namespace,
      sourceLabels: {},
      targetLabels: {},
      ports: props.ports,
      egress: props.egress,
    });
  }
}
