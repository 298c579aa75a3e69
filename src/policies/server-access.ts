import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createInNamespaceAllow, gate, serverAccessLabel, requireLabels } from './rules';
import { validateLabelKey } from '../model/labels';
import { policyName, validateNamePart, validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * Props for `ServerAccess`.
 */
export interface ServerAccessProps {
  /**
   * The namespace of the server and of the pods it reaches.
   */
  readonly namespace: string;

  /**
   * A short name of the server (a DNS-1123 label such as "backup"); it names the policy and the default
   * access label.
   */
  readonly serverName: string;

  /**
   * The labels of the server pods that initiate the connections, for example `{ app: "backup" }`.
   * Must not be empty.
   */
  readonly serverLabels: { [key: string]: string };

  /**
   * The label key that opens a pod to the server: pods labelled `<accessLabel>: "true"` accept its connections.
   *
   * @default "networking/allow-<serverName>-to-access" (cut and given a hash when longer than a label allows)
   */
  readonly accessLabel?: string;

  /**
   * The ports of the labelled pods that the server may reach.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * Also emit the egress side (`<name>-egress`: the server pods may connect to the labelled pods).
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
   * @default "allow-<serverName>-to-access"
   */
  readonly name?: string;
}

/**
 * The reverse of hub and spoke: a server that initiates connections to many pods. Pods labelled
 * `networking/allow-<serverName>-to-access: "true"` accept connections from the server pods.
 *
 * Implements the second case of the guide's section "If You Know the Sources and Sinks for
 * Communication" (there under the mistaken name `allow-db-access`).
 */
export class ServerAccess extends Construct {
  /** The name of the ingress NetworkPolicy. */
  public readonly name: string;

  /** The label key that opens a pod to the server (set it to "true" on those pods). */
  public readonly accessLabel: string;

  /** The NetworkPolicies: the ingress one, then the egress one when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: ServerAccessProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    validateNamePart(this, props.serverName, 'serverName');
    requireLabels(this, props.serverLabels, 'serverLabels');
    this.accessLabel = props.accessLabel ?? serverAccessLabel(props.serverName);
    if (props.accessLabel !== undefined) {
      validateLabelKey(this, this.accessLabel, 'accessLabel');
    }
    validatePorts(this, props.ports);
    this.name = props.name ?? policyName('allow', props.serverName, 'to', 'access');
    this.policies = createInNamespaceAllow(this, {
      name: this.name,
      namespace: props.namespace,
      sourceLabels: props.serverLabels,
      targetLabels: gate(this.accessLabel),
      ports: props.ports,
      egress: props.egress,
    });
  }
}
