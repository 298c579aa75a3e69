/* eslint-disable no-bitwise */ // sets of groups are bit sets
import { BitSet } from './bitset';
import { BitSetSlab } from './bitset-complement';
import { ClusterModel, NAMESPACE_NAME_LABEL } from './cluster-model';
import { ClusterPeer, ClusterPolicyModel, ClusterRule, PodSelection, PolicyTier, RuleAction } from './cluster-policy-model';
import { Address, networkContains } from './ip-block';
import { Labels } from './label-selector';
import { ContainerPort } from './port-matcher';
import { clusterPortMatches, tierPolicies } from './tier-evaluator';
import { Direction } from '../model/direction';
import { groupBy } from '../model/group-by';
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
  /** Matched by any rule so far (Pass included): what the rest of the tier does not see. */
  readonly decided: BitSet;
}

/** @internal */
export class TierMatrix {
  /** A tier matrix, or undefined when the model has no cluster-scoped policies (nothing to do). */
  public static create(model: ClusterModel, groups: readonly TierGroup[], external: Address | undefined, all: BitSet): TierMatrix | undefined {
    return (model.clusterPolicies ?? []).length === 0 ? undefined : new TierMatrix(model, groups, external, all);
  }

  private readonly total: number;
  private readonly ext: number;
  /** Per tier, per group: the policies that select it, in evaluation order. */
  private readonly selecting: Map<PolicyTier, ClusterPolicyModel[][]> = new Map();
  private readonly peerSets = new Map<ClusterRule, BitSet>();
  private readonly selections = new Map<string, BitSet>();
  private readonly slab: BitSetSlab;
  private readonly policyIndex = new Map<ClusterPolicyModel, number>();
  /** What the Baseline tier and the default allow admit, by Baseline outcome (on the current port). */
  private readonly lowerSets = new Map<TierOutcome, BitSet>();
  /** Admin outcome and a shared lower set → the combined set (on the current port). */
  private readonly combined = new Map<TierOutcome, Map<BitSet, BitSet>>();
  private readonly groupsByNamespace: Map<string, number[]>;
  /** The egress rule sets on the current port (they do not depend on the subject group). */
  private readonly egressSets = new Map<ClusterRule, BitSet>();
  /**
   * Outcomes by what they depend on: the tier, the direction, the policies that select the group and,
   * for ingress, its named ports. Groups share them (most are selected by the same few policies).
   */
  private readonly outcomes = new Map<string, TierOutcome>();
  /** The port and protocol the per-port caches hold. */
  private portKey = '';
  /** Per tier, per group: the indices of the selecting policies, as a cache key. */
  private readonly selectionKeys: Map<PolicyTier, string[]> = new Map();
  /** The same with the group's named ports: ingress outcomes resolve named ports against the subject. */
  private readonly ingressKeys: Map<PolicyTier, string[]> = new Map();

  private constructor(private readonly model: ClusterModel, private readonly groups: readonly TierGroup[],
    private readonly external: Address | undefined, private readonly all: BitSet) {
    this.groupsByNamespace = groupBy(groups.map((_, i) => i), (i) => groups[i].namespace);
    this.ext = external ? groups.length : -1;
    this.total = groups.length + (external ? 1 : 0);
    this.slab = new BitSetSlab(this.total);
    for (const tier of [PolicyTier.ADMIN, PolicyTier.BASELINE]) {
      const policies = tierPolicies(model, tier);
      const subjects = policies.map((p) => this.selected(p.subject));
      const selecting = groups.map((_, gi) => policies.filter((_p, pi) => subjects[pi].has(gi)));
      this.selecting.set(tier, selecting);
      policies.forEach((p, i) => this.policyIndex.set(p, i));
      const keys = selecting.map((list) => `${tier} egress|${list.map((p) => `${policies.indexOf(p)},`).join('')}`);
      this.selectionKeys.set(tier, keys);
      // Named ports split ingress outcomes by the group's container ports, only where a rule has one.
      const named = (list: ClusterPolicyModel[]) => list.some((p) => p.ingressRules.some((r) => r.ports?.some((e) => e.name !== undefined)));
      this.ingressKeys.set(tier, keys.map((k, gi) => `${tier} ingress ${!named(selecting[gi]) ? '' : groups[gi].containerPorts
        .filter((c) => c.name !== undefined).map((c) => `${c.name}/${c.protocol}/${c.port}`).sort().join(',')}${k.slice(k.indexOf('|'))}`));
    }
  }

  /**
   * The endpoints group `gi` admits for a direction on a port, given what its NetworkPolicies admit
   * (`selected`: whether any NetworkPolicy selects it for the direction).
   */
  public admitted(direction: Direction, gi: number, port: number, protocol: Protocol, selected: boolean, networkPolicy: BitSet): BitSet {
    const portKey = `${protocol}/${port}`;
    if (this.portKey !== portKey) {
      this.portKey = portKey;
      this.egressSets.clear();
      this.outcomes.clear();
      this.lowerSets.clear();
      this.combined.clear();
    }
    const admin = this.outcome(PolicyTier.ADMIN, direction, gi, port, protocol);
    const lower = selected ? networkPolicy : this.lowerThanNetworkPolicy(direction, gi, port, protocol, networkPolicy);
    if (!admin) return lower;
    // Without a NetworkPolicy, `lower` is one of few shared sets: so is the result.
    const byLower = selected ? undefined : (this.combined.get(admin) ?? this.combined.set(admin, new Map()).get(admin)!);
    const known = byLower?.get(lower);
    if (known) return known;
    const out = this.slab.next();
    const a = admin.accept.words;
    const d = admin.final.words;
    const l = lower.words;
    const o = out.words;
    for (let w = 0; w < o.length; w++) o[w] = a[w] | (~d[w] & l[w]);
    const result = this.shared(out);
    byLower?.set(lower, result);
    return result;
  }

  /** The builder's own `all` for a full set: the matrix fill skips the transposition of open destinations. */
  private shared(set: BitSet): BitSet {
    const whole = this.total >>> 5;
    const words = set.words;
    for (let w = 0; w < whole; w++) if (words[w] !== 0xffffffff) return set;
    for (let i = whole << 5; i < this.total; i++) if (!set.has(i)) return set;
    return this.all;
  }

  /** The Baseline tier, then Kubernetes' default allow. */
  private lowerThanNetworkPolicy(direction: Direction, gi: number, port: number, protocol: Protocol, everything: BitSet): BitSet {
    const baseline = this.outcome(PolicyTier.BASELINE, direction, gi, port, protocol);
    if (!baseline) return everything;
    let set = this.lowerSets.get(baseline);
    if (set) return set;
    const out = this.slab.next();
    const a = baseline.accept.words;
    const d = baseline.final.words;
    const o = out.words;
    for (let w = 0; w < o.length; w++) o[w] = a[w] | ~d[w];
    set = this.shared(out);
    this.lowerSets.set(baseline, set);
    return set;
  }

  /** One tier's decisions for a group (undefined: no policy of the tier selects it for the direction). */
  private outcome(tier: PolicyTier, direction: Direction, gi: number, port: number, protocol: Protocol): TierOutcome | undefined {
    const policies = this.selecting.get(tier)![gi];
    if (policies.length === 0) return undefined;
    const keys = direction === Direction.INGRESS ? this.ingressKeys.get(tier)! : this.selectionKeys.get(tier)!;
    return this.outcomes.get(keys[gi]) ?? this.walk(policies, direction, gi, port, protocol, keys[gi]);
  }

  /**
   * The outcome of a list of policies, one policy at a time: the outcome of each prefix of the list is
   * kept under its key, so groups whose lists share a prefix (most do: the broad policies come first
   * or last alike) compute it once, and each step applies one policy's rules.
   */
  private walk(policies: readonly ClusterPolicyModel[], direction: Direction, gi: number, port: number, protocol: Protocol,
    fullKey: string): TierOutcome {
    let key = fullKey.slice(0, fullKey.indexOf('|') + 1);
    let node: TierOutcome | undefined;
    for (const policy of policies) {
      key += `${this.policyIndex.get(policy)},`;
      let next = this.outcomes.get(key);
      if (!next) {
        next = this.extend(node, policy, direction, gi, port, protocol);
        this.outcomes.set(key, next);
      }
      node = next;
    }
    return node!;
  }

  /** `from` (undefined: nothing decided yet) followed by one policy's rules, in order. */
  private extend(from: TierOutcome | undefined, policy: ClusterPolicyModel, direction: Direction, gi: number, port: number,
    protocol: Protocol): TierOutcome {
    const accept = this.slab.next();
    const final = this.slab.next();
    // Matched by an earlier rule, whatever its action: later rules do not see these endpoints.
    const decided = this.slab.next();
    const [a, f, d] = [accept.words, final.words, decided.words];
    if (from) {
      a.set(from.accept.words);
      f.set(from.final.words);
      d.set(from.decided.words);
    }
    for (const rule of direction === Direction.INGRESS ? policy.ingressRules : policy.egressRules) {
      const matched = this.ruleSet(rule, direction, gi, port, protocol);
      if (!matched) continue;
      const m = matched.words;
      const isFinal = rule.action !== RuleAction.PASS;
      const isAccept = rule.action === RuleAction.ACCEPT;
      for (let w = 0; w < d.length; w++) {
        const fresh = m[w] & ~d[w];
        d[w] |= fresh;
        if (isFinal) f[w] |= fresh;
        if (isAccept) a[w] |= fresh;
      }
    }
    return { accept, final, decided };
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
    let set = this.egressSets.get(rule);
    if (set) return set;
    // A numbered entry admits every destination; named ones only pods that serve the name on this port.
    const numbered = rule.ports.some((e) => e.name === undefined && clusterPortMatches(e, port, protocol, undefined));
    const named = rule.ports.filter((e) => e.name !== undefined);
    set = numbered ? peers : this.slab.next();
    this.egressSets.set(rule, set);
    if (numbered || named.length === 0) return set;
    for (let j = 0; j < this.groups.length; j++) {
      if (peers.has(j) && named.some((e) => clusterPortMatches(e, port, protocol, this.groups[j].containerPorts))) set.add(j);
    }
    return set;
  }

  /**
   * The groups a subject or pods peer selects, cached by what it says: namespaces first (few), then
   * the pods of the matching namespaces (hostNetwork pods never).
   */
  private selected(selection: PodSelection): BitSet {
    const key = `${selection.namespaceSelector.describe()} ${selection.podSelector?.describe() ?? '*'}`;
    let set = this.selections.get(key);
    if (set) return set;
    set = this.slab.next();
    this.selections.set(key, set);
    for (const [namespace, members] of this.groupsByNamespace) {
      const ns = this.model.namespaces.get(namespace);
      if (!selection.namespaceSelector.matches(ns ? ns.labels : { [NAMESPACE_NAME_LABEL]: namespace })) continue;
      for (const gi of members) {
        const g = this.groups[gi];
        if (!g.hostNetwork && (selection.podSelector === undefined || selection.podSelector.matches(g.labels))) set.add(gi);
      }
    }
    return set;
  }

  private rulePeers(rule: ClusterRule): BitSet {
    let set = this.peerSets.get(rule);
    if (!set) {
      set = this.slab.next();
      for (const peer of rule.peers) this.addPeer(set, peer);
      this.peerSets.set(rule, set);
    }
    return set;
  }

  private addPeer(set: BitSet, peer: ClusterPeer): void {
    switch (peer.kind) {
      case 'pods':
        set.or(this.selected(peer));
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
