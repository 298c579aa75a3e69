import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressSideOptions } from './egress-side';
import { createLabelGatedAllow } from './label-gated-allow';
import { MatchExpressions } from './network-policy';
import { IPolicySet } from './policy-set';
import { hubAccessLabel } from './rules';
import { hashedPolicyName, policyName } from '../model/names';
import { PortSpec } from '../model/ports';

/**
 * A hub that many pods of a namespace reach (the guide's database): what `HubAccess` needs beside its
 * namespace, and what `NamespaceBaseline` takes in `hubs`.
 */
export interface HubSpec {
  /**
   * A short name of the hub (a DNS-1123 label such as "db"), unique among the hubs of the namespace;
   * it names the policy and the default access label.
   */
  readonly hubName: string;

  /**
   * The labels of the hub pods, for example `{ app: "db" }`. Must not be empty.
   */
  readonly hubLabels: { [key: string]: string };

  /**
   * The label key that grants access to the hub: pods labelled `<accessLabel>: "true"` may connect.
   *
   * @default "networking/allow-<hubName>-access" (cut and given a hash when longer than a label allows,
   * or when it could equal another label of ours: hub "internet" or a hub name ending in "-to")
   */
  readonly accessLabel?: string;

  /**
   * The ports of the hub that the spokes may reach.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * The name of the ingress NetworkPolicy (the egress one gets the suffix `-egress`).
   *
   * @default "allow-<hubName>-access" (with a hash when hubName ends in "-to", which would read as a server's name)
   */
  readonly name?: string;
}

/**
 * Props for `HubAccess`. The egress side is on the spokes: pods with the access label may connect to the hub.
 */
export interface HubAccessProps extends HubSpec, EgressSideOptions {
  /**
   * The namespace of the hub and of the pods that reach it.
   */
  readonly namespace: string;

  /**
   * The matchExpressions of the workload selector that goes with `hubLabels` (set by `Workloads`, from
   * the workload's own selector), so the policies select exactly its pods.
   * @internal
   */
  readonly _hubExpressions?: MatchExpressions;
}

/**
 * Hub and spoke: the hub pods accept connections from every pod of the namespace that carries the
 * access label `networking/allow-<hubName>-access: "true"`.
 *
 * Implements the first case of the guide's section "If You Know the Sources and Sinks for
 * Communication" (a database that many pods use).
 */
export class HubAccess extends Construct implements IPolicySet {
  /**
   * The default name of the ingress policy of a hub: "allow-<hubName>-access", with a hash when hubName
   * ends in "-to" (`allow-x-to-access` would read as the server "x").
   */
  public static defaultName(hubName: string): string {
    return hubName.endsWith('-to') ? hashedPolicyName(`allow-${hubName}-access`, `hub:${hubName}`)
      : policyName('allow', hubName, 'access');
  }

  /**
   * The default access label of a hub: "networking/allow-<hubName>-access", cut and given a hash when
   * longer than a label allows or when it could equal another label of ours.
   */
  public static defaultAccessLabel(hubName: string): string {
    return hubAccessLabel(hubName);
  }

  /** The name of the ingress NetworkPolicy. */
  public readonly name: string;

  /** The label key that grants access to the hub (set it to "true" on the spokes). */
  public readonly accessLabel: string;

  /** The NetworkPolicies: the ingress one, then the egress one when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: HubAccessProps) {
    super(scope, id);
    const allow = createLabelGatedAllow(this, {
      namespace: props.namespace,
      shortName: props.hubName,
      shortNameField: 'hubName',
      labels: props.hubLabels,
      labelsField: 'hubLabels',
      expressions: props._hubExpressions,
      accessLabel: props.accessLabel,
      defaultAccessLabel: HubAccess.defaultAccessLabel,
      name: props.name,
      defaultName: HubAccess.defaultName,
      ports: props.ports,
      egress: props.egress,
      labelledPods: 'source',
    });
    this.name = allow.name;
    this.accessLabel = allow.accessLabel;
    this.policies = allow.policies;
  }
}
