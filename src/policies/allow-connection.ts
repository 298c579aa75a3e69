import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressSideOptions } from './egress-side';
import { MatchExpressions } from './network-policy';
import { IPolicySet } from './policy-set';
import { createInNamespaceAllow, requireLabels } from './rules';
import { labelsPolicyName, validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * One explicit connection between two sets of pods of a namespace: what `AllowConnection` needs beside
 * its namespace, and what `NamespaceBaseline` takes in `connections`.
 */
export interface ConnectionSpec {
  /**
   * The labels of the pods that initiate the connection (deployment A). Must not be empty; use
   * `AllowSameNamespace` to admit every pod.
   */
  readonly fromLabels: { [key: string]: string };

  /**
   * The labels of the pods that accept the connection (deployment B). Must not be empty.
   */
  readonly toLabels: { [key: string]: string };

  /**
   * The ports of the accepting pods that may be reached.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * The name of the ingress NetworkPolicy (the egress one gets the suffix `-egress`). Set it when two
   * connections between the same label sets would otherwise get the same name.
   *
   * @default "allow-<from labels>-to-<to labels>", for example "allow-web-to-api" (with a hash of the exact
   * labels when the label maps are not both `{ app: <plain value> }`, so distinct maps get distinct names)
   */
  readonly name?: string;
}

/**
 * Props for `AllowConnection`. The egress side is on the `fromLabels` pods.
 */
export interface AllowConnectionProps extends ConnectionSpec, EgressSideOptions {
  /**
   * The namespace of both deployments.
   */
  readonly namespace: string;

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
}

/**
 * One explicit pod-to-pod connection inside a namespace: pods with `toLabels` accept connections from
 * pods with `fromLabels`.
 *
 * Implements the guide's section "If You Know Exactly Which Connections Should Be Allowed", "Within the
 * same namespace".
 */
export class AllowConnection extends Construct implements IPolicySet {
  /** The name of the ingress NetworkPolicy. */
  public readonly name: string;

  /** The NetworkPolicies: the ingress one, then the egress one when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: AllowConnectionProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    requireLabels(this, props.fromLabels, 'fromLabels');
    requireLabels(this, props.toLabels, 'toLabels');
    validatePorts(this, props.ports);
    this.name = props.name ?? labelsPolicyName(['allow', { labels: props.fromLabels }, 'to', { labels: props.toLabels }]);
    this.policies = createInNamespaceAllow(this, {
      name: this.name,
      namespace: props.namespace,
      sourceLabels: props.fromLabels,
      targetLabels: props.toLabels,
      sourceExpressions: props._fromExpressions,
      targetExpressions: props._toExpressions,
      ports: props.ports,
      egress: props.egress,
    });
  }
}
