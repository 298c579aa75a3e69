import { ClusterModel, PodLike } from './cluster-model';
import {
  ClusterPeer, ClusterPolicyModel, ClusterPort, ClusterRule, describeRule, PodSelection, PolicyTier, RuleAction, TierMatch,
} from './cluster-policy-model';
import { ResolvedEndpoint } from './connection-evaluator';
import { ClusterRuleReference, DirectionVerdict } from './explanation';
import { networkContains } from './ip-block';
import { ContainerPort } from './port-matcher';
import { Direction } from '../model/direction';
import { Protocol } from '../model/protocol';

/**
 * Evaluates one direction of one connection through the tiers of policy.networking.k8s.io, as the
 * ClusterNetworkPolicy API (v1alpha2) and its v1alpha1 predecessors define them:
 *
 * 1. Admin tier: the policies that select the pod (subject) for this direction, by priority (lower
 *    first), rules in written order. The first matching rule decides: Accept (v1alpha1 Allow) and
 *    Deny are final for this direction; Pass skips the rest of the Admin tier.
 * 2. NetworkPolicy: if a NetworkPolicy selects the pod for this direction, its verdict is final.
 * 3. Baseline tier: as the Admin tier (a v1alpha1 BaselineAdminNetworkPolicy has Allow/Deny only).
 * 4. Otherwise the connection is allowed (Kubernetes' default).
 *
 * Each direction is decided on its own: an egress Accept does not bypass the destination's ingress.
 * There is no implicit isolation: a selected pod without a matching rule goes on to the next tier.
 * Policies of one tier with the same priority that match one connection have no defined order: the
 * engine takes them by name and reports the tie (`tiedWith`, lint NP026); it does not pretend to know.
 *
 * Peers as the engine matches them: `namespaces`/`pods` match pods (never hostNetwork pods, never
 * addresses outside the cluster); egress `networks` match addresses outside the cluster (pod IPs are
 * not known before deployment, although the API says networks also match pod IPs); `nodes` with an
 * empty selector match hostNetwork pods (they speak with their node's address), a non-empty one
 * matches nothing (node labels are not in the manifests); `domainNames` match nothing (names are not
 * resolved). Ingress peers have no CIDRs in the API, so nothing in a tier matches traffic from outside
 * the cluster. Named ports are resolved against the destination pod's container ports (name, port and
 * protocol). A Pod reaching itself is not subject to any of it (the caller handles it).
 */

/** The policies of a tier, sorted for evaluation (priority, then name). @internal */
export function tierPolicies(model: ClusterModel, tier: PolicyTier): ClusterPolicyModel[] {
  return (model.clusterPolicies ?? []).filter((p) => p.tier === tier)
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether a subject or pods peer selects a pod (hostNetwork pods never). @internal */
export function selectionMatches(model: ClusterModel, s: PodSelection, pod: PodLike): boolean {
  if (pod.hostNetwork) return false;
  const ns = model.namespaces.get(pod.namespace);
  const nsLabels = ns ? ns.labels : { 'kubernetes.io/metadata.name': pod.namespace };
  return s.namespaceSelector.matches(nsLabels) && (s.podSelector === undefined || s.podSelector.matches(pod.labels));
}

/** Whether a peer matches the other end of the connection. @internal */
export function clusterPeerMatches(model: ClusterModel, peer: ClusterPeer, other: ResolvedEndpoint): boolean {
  switch (peer.kind) {
    case 'pods': return other.pod !== undefined && selectionMatches(model, peer, other.pod);
    case 'networks': return other.ip !== undefined && peer.networks.some((n) => networkContains(n, other.ip!));
    case 'nodes': return other.pod?.hostNetwork === true && peer.selector.isEmpty;
    case 'domainNames': return false;
  }
}

/** Whether a port entry matches (`destination` undefined: an address outside the cluster). @internal */
export function clusterPortMatches(entry: ClusterPort, port: number, protocol: Protocol, destination: readonly ContainerPort[] | undefined): boolean {
  if (entry.name !== undefined) {
    return destination !== undefined && destination.some((c) => c.name === entry.name && c.port === port && c.protocol === protocol);
  }
  if (entry.protocol !== protocol) return false;
  if (entry.port === undefined) return true;
  return entry.endPort === undefined ? port === entry.port : port >= entry.port && port <= entry.endPort;
}

/** The traffic of one direction: who is subject, who is the other end, and what flows. @internal */
export interface DirectedTraffic {
  readonly direction: Direction;
  readonly subject: ResolvedEndpoint;
  readonly other: ResolvedEndpoint;
  readonly port: number;
  readonly protocol: Protocol;
  readonly destinationPorts: readonly ContainerPort[] | undefined;
}

/** The cluster-scoped policies of each tier in evaluation order, sorted once per model for every evaluator. @internal */
export class TierOrder {
  public readonly admin: ClusterPolicyModel[];
  public readonly baseline: ClusterPolicyModel[];

  constructor(model: ClusterModel) {
    this.admin = tierPolicies(model, PolicyTier.ADMIN);
    this.baseline = tierPolicies(model, PolicyTier.BASELINE);
  }

  /** Whether the model has any cluster-scoped policy (without, the NetworkPolicy verdict stands alone). */
  public get empty(): boolean {
    return this.admin.length + this.baseline.length === 0;
  }
}

/** @internal */
export class TierEvaluator {
  private readonly admin: ClusterPolicyModel[];
  private readonly baseline: ClusterPolicyModel[];

  constructor(private readonly model: ClusterModel, private readonly order: TierOrder) {
    this.admin = order.admin;
    this.baseline = order.baseline;
  }

  /** Whether the model has any cluster-scoped policy (without, the NetworkPolicy verdict stands alone). */
  public get empty(): boolean {
    return this.order.empty;
  }

  /** The verdict of the tiers around the NetworkPolicy verdict `networkPolicy`. */
  public evaluate(t: DirectedTraffic, networkPolicy: () => DirectionVerdict): DirectionVerdict {
    const pod = t.subject.pod;
    if (!pod || pod.hostNetwork || this.empty) return networkPolicy();
    const admin = this.firstMatch(this.admin, t);
    const np = networkPolicy();
    if (admin && admin.rule.action !== RuleAction.PASS) return decided(t, admin, np, 'the Admin tier, which NetworkPolicies cannot override');
    const passed = admin ? `${describeRule(admin.policy, admin.rule)} passes it on to the NetworkPolicies (Pass); ` : '';
    if (np.isolated) return { ...np, decidedBy: admin ? reference(admin) : undefined, reason: passed + np.reason };
    const baseline = this.firstMatch(this.baseline, t);
    if (baseline && baseline.rule.action !== RuleAction.PASS) {
      return decided(t, baseline, np, 'the Baseline tier, as no NetworkPolicy selects the pod for this direction', passed);
    }
    const ref = baseline ?? admin;
    const skipped = baseline ? `${describeRule(baseline.policy, baseline.rule)} passes it on (Pass); ` : '';
    return { ...np, decidedBy: ref ? reference(ref) : undefined, reason: passed + skipped + np.reason + '; no cluster-scoped policy rule denies it' };
  }

  /** The first rule of a tier that matches, with the same-priority policies that disagree. */
  private firstMatch(policies: readonly ClusterPolicyModel[], t: DirectedTraffic): TierMatch | undefined {
    let found: { policy: ClusterPolicyModel; rule: ClusterRule } | undefined;
    const tiedWith: ClusterPolicyModel[] = [];
    for (const policy of policies) {
      if (found && policy.priority !== found.policy.priority) break;
      if (!selectionMatches(this.model, policy.subject, t.subject.pod!)) continue;
      const rules = t.direction === Direction.INGRESS ? policy.ingressRules : policy.egressRules;
      const rule = rules.find((r) => this.ruleMatches(r, t));
      if (!rule) continue;
      if (!found) found = { policy, rule };
      else if (rule.action !== found.rule.action) tiedWith.push(policy);
    }
    return found ? { ...found, tiedWith } : undefined;
  }

  private ruleMatches(rule: ClusterRule, t: DirectedTraffic): boolean {
    return rule.peers.some((p) => clusterPeerMatches(this.model, p, t.other)) &&
      (rule.ports === undefined || rule.ports.some((e) => clusterPortMatches(e, t.port, t.protocol, t.destinationPorts)));
  }
}

function reference(m: TierMatch): ClusterRuleReference {
  return {
    tier: m.policy.tier,
    policy: m.policy.id,
    priority: m.policy.priority,
    ruleIndex: m.rule.index,
    ruleName: m.rule.name,
    action: m.rule.action,
    tiedWith: m.tiedWith.length > 0 ? m.tiedWith.map((p) => p.id) : undefined,
  };
}

/** A verdict made by an Accept or Deny rule of a tier. */
function decided(t: DirectedTraffic, m: TierMatch, np: DirectionVerdict, where: string, prefix = ''): DirectionVerdict {
  const accepted = m.rule.action === RuleAction.ACCEPT;
  const tie = m.tiedWith.length > 0
    ? `; UNDEFINED ORDER: ${m.tiedWith.map((p) => p.id).join(', ')} ha${m.tiedWith.length > 1 ? 've' : 's'} the same priority ` +
      `(${m.policy.priority}) and a rule that matches with another action, and the API lets the cluster apply either; give them distinct priorities`
    : '';
  return {
    direction: t.direction,
    applies: true,
    // What the NetworkPolicies say is kept for `isolated` and `policies`; the tier rule decided.
    isolated: np.isolated,
    allowed: accepted,
    policies: np.policies,
    decidedBy: reference(m),
    reason: `${prefix}${describeRule(m.policy, m.rule)} (${m.policy.tier} tier, priority ${m.policy.priority}) ` +
      `${accepted ? 'accepts' : 'denies'} ${t.other.text} on ${t.protocol}/${t.port}: a final decision of ${where}${tie}`,
  };
}
