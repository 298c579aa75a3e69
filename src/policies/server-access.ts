import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressSideOptions } from './egress-side';
import { createLabelGatedAllow } from './label-gated-allow';
import { MatchExpressions } from './network-policy';
import { IPolicySet } from './policy-set';
import { serverAccessLabel } from './rules';
import { policyName } from '../model/names';
import { PortSpec } from '../model/ports';

/**
 * A server that initiates connections to many pods of a namespace (the guide's reverse case): what
 * `ServerAccess` needs beside its namespace, and what `NamespaceBaseline` takes in `servers`.
 */
export interface ServerSpec {
  /**
   * A short name of the server (a DNS-1123 label such as "backup"), unique among the servers of the
   * namespace; it names the policy and the default access label.
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
   * The name of the ingress NetworkPolicy (the egress one gets the suffix `-egress`).
   *
   * @default "allow-<serverName>-to-access"
   */
  readonly name?: string;
}

/**
 * Props for `ServerAccess`. The egress side is on the server: the server pods may connect to the labelled pods.
 */
export interface ServerAccessProps extends ServerSpec, EgressSideOptions {
  /**
   * The namespace of the server and of the pods it reaches.
   */
  readonly namespace: string;

  /**
   * The matchExpressions of the workload selector that goes with `serverLabels` (set by `Workloads`, from
   * the workload's own selector), so the policies select exactly its pods.
   * @internal
   */
  readonly _serverExpressions?: MatchExpressions;
}

/**
 * The reverse of hub and spoke: a server that initiates connections to many pods. Pods labelled
 * `networking/allow-<serverName>-to-access: "true"` accept connections from the server pods.
 *
 * Implements the second case of the guide's section "If You Know the Sources and Sinks for
 * Communication" (there under the mistaken name `allow-db-access`).
 */
export class ServerAccess extends Construct implements IPolicySet {
  /** The default name of the ingress policy of a server: "allow-<serverName>-to-access". */
  public static defaultName(serverName: string): string {
    return policyName('allow', serverName, 'to', 'access');
  }

  /**
   * The default access label of a server: "networking/allow-<serverName>-to-access", cut and given a
   * hash when longer than a label allows.
   */
  public static defaultAccessLabel(serverName: string): string {
    return serverAccessLabel(serverName);
  }

  /** The name of the ingress NetworkPolicy. */
  public readonly name: string;

  /** The label key that opens a pod to the server (set it to "true" on those pods). */
  public readonly accessLabel: string;

  /** The NetworkPolicies: the ingress one, then the egress one when `egress` is on. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: ServerAccessProps) {
    super(scope, id);
    const allow = createLabelGatedAllow(this, {
      namespace: props.namespace,
      shortName: props.serverName,
      shortNameField: 'serverName',
      labels: props.serverLabels,
      labelsField: 'serverLabels',
      expressions: props._serverExpressions,
      accessLabel: props.accessLabel,
      defaultAccessLabel: ServerAccess.defaultAccessLabel,
      name: props.name,
      defaultName: ServerAccess.defaultName,
      ports: props.ports,
      egress: props.egress,
      labelledPods: 'target',
    });
    this.name = allow.name;
    this.accessLabel = allow.accessLabel;
    this.policies = allow.policies;
  }
}
