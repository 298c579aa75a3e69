import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createInNamespaceAllow } from './rules';
import { validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * Props for `AllowSameNamespace`.
 */
export interface AllowSameNamespaceProps {
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
   * Also emit the egress side (`<name>-egress`: every pod may connect to every pod of the namespace).
   *
   * Turn it on only when the namespace denies egress: an egress policy isolates the pods it selects for
   * egress and cuts every other connection they make that no policy admits.
   *
   * @default false
   */
  readonly egress?: boolean;

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
export class AllowSameNamespace extends Construct {
  /** The name of the ingress NetworkPolicy. */
  public readonly name: string;

  /** The NetworkPolicies: the ingress one, then the egress one when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: AllowSameNamespaceProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    validatePorts(this, props.ports);
    this.name = props.name ?? 'allow-same-namespace';
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
