import { Direction } from '../model/direction';
import { Protocol } from '../model/protocol';

/**
 * The rule that admitted a connection for one direction.
 */
export interface RuleReference {
  /**
   * The policy, as `namespace/name`.
   */
  readonly policy: string;

  /**
   * The index of the rule in the policy's `ingress` or `egress` list (0-based).
   */
  readonly ruleIndex: number;

  /**
   * The index of the peer in the rule's `from` or `to` list (0-based).
   *
   * @default - the rule has no peers and admits every peer
   */
  readonly peerIndex?: number;

  /**
   * The peer in words, such as `pods {app=web} in namespace x`.
   */
  readonly peer: string;

  /**
   * The ports of the rule in words, such as `TCP/80, TCP/http`, or `all ports`.
   */
  readonly ports: string;
}

/**
 * The rule of a cluster-scoped policy (ClusterNetworkPolicy, AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy) that decided a direction.
 */
export interface ClusterRuleReference {
  /**
   * The tier: `Admin` or `Baseline`.
   */
  readonly tier: string;

  /**
   * The policy, as `Kind/name` (cluster-scoped policies have no namespace).
   */
  readonly policy: string;

  /**
   * The priority of the policy in its tier (lower first).
   */
  readonly priority: number;

  /**
   * The index of the rule in the policy's `ingress` or `egress` list (0-based).
   */
  readonly ruleIndex: number;

  /**
   * The rule's `name`.
   *
   * @default - the rule has no name
   */
  readonly ruleName?: string;

  /**
   * The rule's action as the engine reads it: `Accept` (v1alpha1 `Allow`), `Deny` or `Pass`.
   */
  readonly action: string;

  /**
   * Other policies of the same tier and priority with a rule that also matches this connection with
   * another action: the API leaves their order undefined, so the cluster may apply either.
   *
   * @default - no tie
   */
  readonly tiedWith?: string[];
}

/**
 * The verdict for one direction: the egress of the source or the ingress of the destination.
 */
export interface DirectionVerdict {
  /**
   * Which side this is: the source's egress or the destination's ingress.
   */
  readonly direction: Direction;

  /**
   * Whether NetworkPolicies govern this side at all (false for an address outside the cluster, a
   * hostNetwork pod, or a pod talking to itself).
   */
  readonly applies: boolean;

  /**
   * Whether the pod is isolated for this direction: some policy of its namespace selects it and lists
   * this policy type.
   */
  readonly isolated: boolean;

  /**
   * Whether this side lets the connection through.
   */
  readonly allowed: boolean;

  /**
   * The policies (`namespace/name`) that select the pod for this direction.
   */
  readonly policies: string[];

  /**
   * The first rule that admitted the connection.
   *
   * @default - no rule admitted it (or the side is not isolated)
   */
  readonly admittedBy?: RuleReference;

  /**
   * The rule of a cluster-scoped policy that decided this direction (Accept or Deny), or passed it on
   * to the NetworkPolicies (Pass).
   *
   * @default - no cluster-scoped policy rule matched
   */
  readonly decidedBy?: ClusterRuleReference;

  /**
   * Why, in words a person can act on.
   */
  readonly reason: string;
}

/** @internal */
export interface ExplanationProps {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
  readonly note?: string;
}

/**
 * Why a connection is allowed or denied: both directions, with the policies and rules involved.
 */
export class Explanation {
  /** @internal */
  public static _create(props: ExplanationProps): Explanation {
    return new Explanation(props);
  }

  /** Whether the connection is allowed: the source's egress AND the destination's ingress admit it. */
  public readonly allowed: boolean;

  /** The source, as `namespace/name`, `namespace {labels}` or an address. */
  public readonly from: string;

  /** The destination, in the same form. */
  public readonly to: string;

  /** The destination port. */
  public readonly port: number;

  /** The protocol. */
  public readonly protocol: Protocol;

  /** The egress side: what the source's policies say. */
  public readonly egress: DirectionVerdict;

  /** The ingress side: what the destination's policies say. */
  public readonly ingress: DirectionVerdict;

  /**
   * What the engine translated before evaluating, such as a Service port to the pods' port.
   *
   * @default - nothing was translated
   */
  public readonly note?: string;

  /** The whole explanation in words, several lines. */
  public readonly text: string;

  private constructor(props: ExplanationProps) {
    this.from = props.from;
    this.to = props.to;
    this.port = props.port;
    this.protocol = props.protocol;
    this.egress = props.egress;
    this.ingress = props.ingress;
    this.note = props.note;
    this.allowed = props.egress.allowed && props.ingress.allowed;
    const lines = [`${this.from} -> ${this.to} on ${this.protocol}/${this.port}: ${this.allowed ? 'ALLOWED' : 'DENIED'}`];
    if (props.note) lines.push(`  ${props.note}`);
    lines.push(`  egress of ${this.from}: ${this.egress.allowed ? 'allowed' : 'DENIED'}: ${this.egress.reason}`);
    lines.push(`  ingress of ${this.to}: ${this.ingress.allowed ? 'allowed' : 'DENIED'}: ${this.ingress.reason}`);
    this.text = lines.join('\n');
  }

  /** The explanation in words. */
  public toString(): string {
    return this.text;
  }
}
