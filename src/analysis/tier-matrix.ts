/* eslint-disable no-bitwise */ // sets of groups are bit sets
import { BitSet } from './bitset';
import { ClusterModel } from './cluster-model';
import { ClusterPeer, ClusterPolicyModel, ClusterRule, PolicyTier, RuleAction } from './cluster-policy-model';
import { Address, networkContains } from './ip-block';
import { Labels } from './label-selector';
import { ContainerPort } from './port-matcher';
import { clusterPortMatches, selectionMatches, tierPolicies } from './tier-evaluator';
import { Direction } from '../model/direction';
import { Protocol } from '../model/protocol';

/**
 * The matrix's set-based path through the tiers (the semantics are written down in tier-evaluator.ts,
 * the pairwise path; the tests check that both agree). For a group of identical pods and a direction,
 * each tier is walked once in evaluation order: a rule decides the endpoints it matches that no earlier
 * rule decided. The direction admits `adminAccept ∪ (undecided by Admin ∩ (NetworkPolicy admits, if a
 * NetworkPolicy selects the group; else baselineAccept ∪ undecided by Baseline))`. Peer sets do not
 * depend on the port and are computed once per rule.
 */

/** What the tier matrix needs to know of a group. @internal */
export interface TierGroup {
  readonly namespace: string;
  readonly labels: Labels;
  readonly containerPorts: readonly ContainerPort[];
  readonly hostNetwork: boolean;
}

/** The final decisions (Accept or Deny) of one tier for one group and direction: the rest is undecided or passed. */
interface TierOutcome {
  readonly accept: BitSet;
  readonly final: BitSet;
}

/** @internal */
export class TierMatrix {
  /** A tier matrix, or undefined when the model has no cluster-scoped policies (nothing to do). */
  public static create(model: ClusterModel, groups: readonly TierGroup[], external: Address | undefined): TierMatrix | undefined {
    return (model.clusterPolicies ?? []).length === 0 ? undefined : new TierMatrix(model, groups, external);
  }

  private readonly total: number;
  private readonly ext: number;
  /** Per tier, per group: the policies that select it, in evaluation order. */
  private readonly selecting: Map<PolicyTier, ClusterPolicyModel[][]> = new Map();
  private readonly peerSets = new Map<ClusterRule, BitSet>();
  /** The egress rule sets on the current port (they do not depend on the subject group). */
  private readonly egressSets = new Map<ClusterRule, BitSet>();
  private egressPortsKey = '';

  private constructor(private readonly model: ClusterModel, private readonly groups: readonly TierGroup[],
    private readonly external: Address | undefined) {
    this.ext = external ? groups.length : -1;
    this.total = groups.length + (external ? 1 : 0);
    for (const tier of [PolicyTier.ADMIN, PolicyTier.BASELINE]) {
      const policies = tierPolicies(model, tier);
      this.selecting.set(tier, groups.map((g) => policies.filter((p) => selectionMatches(model, p.subject, g))));
    }
  }

  /**
   * The endpoints group `gi` admits for a direction on a port, given what its NetworkPolicies admit
   * (`selected`: whether any NetworkPolicy selects it for the direction).
   */
  public admitted(direction: Direction, gi: number, port: number, protocol: Protocol, selected: boolean, networkPolicy: BitSet): BitSet {
    const admin = this.outcome(PolicyTier.ADMIN, direction, gi, port, protocol);
    const lower = selected ? networkPolicy : this.lowerThanNetworkPolicy(direction, gi, port, protocol, networkPolicy);
    if (!admin) return lower;
    const out = new BitSet(this.total);
    const a = admin.accept.words;
    const d = admin.final.words;
    const l = lower.words;
    for (let w = 0; w < out.words.length; w++) out.words[w] = a[w] | (~d[w] & l[w]);
    return out;
  }

  /** The Baseline tier, then Kubernetes' default allow. */
  private lowerThanNetworkPolicy(direction: Direction, gi: number, port: number, protocol: Protocol, everything: BitSet): BitSet {
    const baseline = this.outcome(PolicyTier.BASELINE, direction, gi, port, protocol);
    if (!baseline) return everything;
    const out = new BitSet(this.total);
    const a = baseline.accept.words;
    const d = baseline.final.words;
    for (let w = 0; w < out.words.length; w++) out.words[w] = a[w] | ~d[w];
    return out;
  }

  /** One tier's decisions for a group (undefined: no policy of the tier selects it for the direction). */
  private outcome(tier: PolicyTier, direction: Direction, gi: number, port: number, protocol: Protocol): TierOutcome | undefined {
    const policies = this.selecting.get(tier)![gi];
    if (policies.length === 0) return undefined;
    const accept = new BitSet(this.total);
    const final = new BitSet(this.total);
    // Matched by an earlier rule, whatever its action: later rules do not see these endpoints.
    const decided = new BitSet(this.total);
    for (const policy of policies) {
      for (const rule of direction === Direction.INGRESS ? policy.ingressRules : policy.egressRules) {
        const matched = this.ruleSet(rule, direction, gi, port, protocol);
        if (!matched) continue;
        for (let w = 0; w < decided.words.length; w++) {
          const fresh = matched.words[w] & ~decided.words[w];
          decided.words[w] |= fresh;
          if (rule.action !== RuleAction.PASS) final.words[w] |= fresh;
          if (rule.action === RuleAction.ACCEPT) accept.words[w] |= fresh;
        }
      }
    }
    return { accept, final };
  }

  /** The endpoints a rule matches for group `gi` on a port (undefined: none). */
  private ruleSet(rule: ClusterRule, direction: Direction, gi: number, port: number, protocol: Protocol): BitSet | undefined {
    const peers = this.rulePeers(rule);
    if (rule.ports === undefined) return peers;
    if (direction === Direction.INGRESS) {
      // The subject is the destination: its own container ports resolve named ports.
      const ok = rule.ports.some((e) => clusterPortMatches(e, port, protocol, this.groups[gi].containerPorts));
      return ok ? peers : undefined;
    }
    const key = `${protocol}/${port}`;
    if (this.egressPortsKey !== key) {
      this.egressPortsKey = key;
      this.egressSets.clear();
    }
    let set = this.egressSets.get(rule);
    if (set) return set;
    set = new BitSet(this.total);
    this.egressSets.set(rule, set);
    for (let j = 0; j < this.total; j++) {
      if (!peers.has(j)) continue;
      const destination = j === this.ext ? undefined : this.groups[j].containerPorts;
      if (rule.ports.some((e) => clusterPortMatches(e, port, protocol, destination))) set.add(j);
    }
    return set;
  }

  private rulePeers(rule: ClusterRule): BitSet {
    let set = this.peerSets.get(rule);
    if (!set) {
      set = new BitSet(this.total);
      for (const peer of rule.peers) this.addPeer(set, peer);
      this.peerSets.set(rule, set);
    }
    return set;
  }

  private addPeer(set: BitSet, peer: ClusterPeer): void {
    switch (peer.kind) {
      case 'pods':
        this.groups.forEach((g, gi) => { if (selectionMatches(this.model, peer, g)) set.add(gi); });
        return;
      case 'networks':
        if (this.external && peer.networks.some((n) => networkContains(n, this.external!))) set.add(this.ext);
        return;
      case 'nodes':
        if (peer.selector.isEmpty) this.groups.forEach((g, gi) => { if (g.hostNetwork) set.add(gi); });
        return;
      case 'domainNames':
        return;
    }
  }
}
