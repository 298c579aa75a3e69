import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createInNamespaceAllow, gate, hubAccessLabel, requireLabels } from './rules';
import { validateLabelKey } from '../model/labels';
import { hashedPolicyName, policyName, validateNamePart, validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * Props for `HubAccess`.
 */
export interface HubAccessProps {
  /**
   * The namespace of the hub and of the pods that reach it.
   */
  readonly namespace: string;

  /**
   * A short name of the hub (a DNS-1123 label such as "db"); it names the policy and the default access label.
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
   * Also emit the egress side (`<name>-egress`: pods with the access label may connect to the hub).
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
   * @default "allow-<hubName>-access" (with a hash when hubName ends in "-to", which would read as a server's name)
   */
  readonly name?: string;
}

/**
 * Hub and spoke: the hub pods accept connections from every pod of the namespace that carries the
 * access label `networking/allow-<hubName>-access: "true"`.
 *
 * Implements the first case of the guide's section "If You Know the Sources and Sinks for
 * Communication" (a database that many pods use).
 */
export class HubAccess extends Construct {
  /** The name of the ingress NetworkPolicy. */
  public readonly name: string;

  /** The label key that grants access to the hub (set it to "true" on the spokes). */
  public readonly accessLabel: string;

  /** The NetworkPolicies: the ingress one, then the egress one when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: HubAccessProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    validateNamePart(this, props.hubName, 'hubName');
    requireLabels(this, props.hubLabels, 'hubLabels');
    this.accessLabel = props.accessLabel ?? hubAccessLabel(props.hubName);
    if (props.accessLabel !== undefined) {
      validateLabelKey(this, this.accessLabel, 'accessLabel');
    }
    validatePorts(this, props.ports);
    // A hub "x-to" would read as the server "x" (`allow-x-to-access`): its name gets a hash instead.
    this.name = props.name ?? (props.hubName.endsWith('-to') ? hashedPolicyName(`allow-${props.hubName}-access`, `hub:${props.hubName}`)
      : policyName('allow', props.hubName, 'access'));
    this.policies = createInNamespaceAllow(this, {
      name: this.name,
      namespace: props.namespace,
      sourceLabels: gate(this.accessLabel),
      targetLabels: props.hubLabels,
      ports: props.ports,
      egress: props.egress,
    });
  }
}
