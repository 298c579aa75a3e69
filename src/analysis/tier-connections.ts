import { ClusterModel } from './cluster-model';
import { ClusterPolicyModel, ClusterPort, ClusterRule, RuleAction } from './cluster-policy-model';
import { ResolvedEndpoint } from './connection-evaluator';
import { ConnectionSet } from './connection-set';
import { ClusterRuleReference } from './explanation';
import { ContainerPort } from './port-matcher';
import { DirectionConnections, PairConnections } from './rule-connections';
import { clusterPeerMatches, selectionMatches, TierOrder } from './tier-evaluator';
import { Direction } from '../model/direction';
import { Protocol } from '../model/protocol';

/**
 * Connection sets through the tiers (the seam rule-connections.ts leaves for other policy kinds), on
 * the pairwise path: for one direction, each tier is walked in evaluation order (tier-evaluator.ts has
 * the semantics) with the connections no earlier rule decided; Accept adds them, Deny drops them, Pass
 * hands them to the next tier. The direction allows `adminAccepted ∪ (goingOn ∩ lower)`, where `lower`
 * is what the NetworkPolicies allow when one selects the pod, else what the Baseline tier accepts or
 * leaves undecided.
 */

/** The connections one rule's protocols/ports admit towards a destination (`undefined`: outside the cluster). @internal */
export function clusterRulePorts(rule: ClusterRule, destination: readonly ContainerPort[] | undefined): ConnectionSet {
  if (rule.ports === undefined) return ConnectionSet.all();
  let set = ConnectionSet.none();
  for (const e of rule.ports) set = set.union(entryPorts(e, destination));
  return set;
}

function entryPorts(e: ClusterPort, destination: readonly ContainerPort[] | undefined): ConnectionSet {
  if (e.name !== undefined) {
    // A named port is the destination's container ports of that name, on their own protocol.
    let set = ConnectionSet.none();
    for (const c of destination ?? []) if (c.name === e.name) set = set.union(ConnectionSet.ports(c.protocol, c.port));
    return set;
  }
  if (e.port === undefined) return ConnectionSet.allOf(e.protocol as Protocol);
  return ConnectionSet.ports(e.protocol as Protocol, e.port, e.endPort ?? e.port);
}

interface TierWalk {
  readonly accepted: ConnectionSet;
  /** Not decided by the tier (or passed on). */
  readonly goingOn: ConnectionSet;
  /** The rules that matched, in evaluation order, each with the connections it took. */
  readonly rules: TierRuleConnections[];
}

/** A rule of a cluster-scoped policy that matched one direction of a pair, and the connections it decided (Accept/Deny) or passed on. @internal */
export interface TierRuleConnections {
  readonly rule: ClusterRuleReference;
  readonly connections: ConnectionSet;
}

/** `Admin tier: rule 0 ("deny-metadata") of ClusterNetworkPolicy/guard (priority 5) denies TCP 80`: the reasons of the diff and the graph. @internal */
export function describeTierRule(t: TierRuleConnections): string {
  const r = t.rule;
  const verb = r.action === RuleAction.ACCEPT ? 'accepts' : r.action === RuleAction.DENY ? 'denies' : 'passes on';
  return `${r.tier} tier: rule ${r.ruleIndex}${r.ruleName ? ` (${JSON.stringify(r.ruleName)})` : ''} of ${r.policy} (priority ${r.priority}) ${verb} ${t.connections}`;
}

/** @internal */
export class TierConnections {
  private readonly admin: ClusterPolicyModel[];
  private readonly baseline: ClusterPolicyModel[];

  constructor(private readonly model: ClusterModel, private readonly order: TierOrder) {
    this.admin = order.admin;
    this.baseline = order.baseline;
  }

  public get empty(): boolean {
    return this.order.empty;
  }

  /** The pair through the tiers, around its NetworkPolicy connections. */
  public pair(np: PairConnections, source: ResolvedEndpoint, destination: ResolvedEndpoint): PairConnections {
    if (this.empty || !np.egress.applies && !np.ingress.applies) return np;
    if (source.podId !== undefined && source.podId === destination.podId && source.podKind === 'Pod') return np;
    const ports = destination.pod?.containerPorts;
    const egress = this.direction(np.egress, Direction.EGRESS, source, destination, ports);
    const ingress = this.direction(np.ingress, Direction.INGRESS, destination, source, ports);
    return { egress, ingress, connections: egress.connections.intersect(ingress.connections) };
  }

  private direction(np: DirectionConnections, direction: Direction, subject: ResolvedEndpoint, other: ResolvedEndpoint,
    ports: readonly ContainerPort[] | undefined): DirectionConnections {
    const pod = subject.pod;
    if (!pod || pod.hostNetwork) return np;
    const admin = this.walk(this.admin, direction, subject, other, ports);
    let lower = np.connections;
    const tierRules = [...admin.rules];
    if (!np.isolated) {
      const baseline = this.walk(this.baseline, direction, subject, other, ports);
      lower = baseline.accepted.union(baseline.goingOn);
      tierRules.push(...baseline.rules);
    }
    return { ...np, connections: admin.accepted.union(admin.goingOn.intersect(lower)), tierRules };
  }

  private walk(policies: readonly ClusterPolicyModel[], direction: Direction, subject: ResolvedEndpoint, other: ResolvedEndpoint,
    ports: readonly ContainerPort[] | undefined): TierWalk {
    let undecided = ConnectionSet.all();
    let accepted = ConnectionSet.none();
    let passed = ConnectionSet.none();
    const rules: TierRuleConnections[] = [];
    for (const policy of policies) {
      if (!selectionMatches(this.model, policy.subject, subject.pod!)) continue;
      for (const rule of direction === Direction.INGRESS ? policy.ingressRules : policy.egressRules) {
        if (!rule.peers.some((p) => clusterPeerMatches(this.model, p, other))) continue;
        const matched = clusterRulePorts(rule, ports).intersect(undecided);
        if (matched.isEmpty) continue;
        undecided = undecided.subtract(matched);
        rules.push({ rule: referenceOf(policy, rule), connections: matched });
        if (rule.action === RuleAction.ACCEPT) accepted = accepted.union(matched);
        if (rule.action === RuleAction.PASS) passed = passed.union(matched);
      }
    }
    return { accepted, goingOn: undecided.union(passed), rules };
  }
}

function referenceOf(policy: ClusterPolicyModel, rule: ClusterRule): ClusterRuleReference {
  return { tier: policy.tier, policy: policy.id, priority: policy.priority, ruleIndex: rule.index, ruleName: rule.name, action: rule.action };
}
