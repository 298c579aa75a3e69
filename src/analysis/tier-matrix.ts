/* eslint-disable no-bitwise */ // sets of groups are bit sets
import { BitSet, forEachMember } from './bitset';
import { BitSetSlab } from './bitset-complement';
import { ClusterModel } from './cluster-model';
import { ClusterPolicyModel, ClusterRule, PolicyTier, RuleAction } from './cluster-policy-model';
import { GroupSelections } from './group-selections';
import { Labels } from './label-selector';
import { ContainerPort } from './port-matcher';
import { clusterPortMatches, tierPolicies } from './tier-evaluator';
import { TierTrie } from './tier-trie';
import { Direction } from '../model/direction';
import { Protocol } from '../model/protocol';

/**
 * The matrix's set-based path through the tiers (the semantics are written down in tier-evaluator.ts,
 * the pairwise path; the tests check that both agree). Per tier and direction, each distinct list of
 * selecting policies is walked once per port (tier-trie.ts): a rule decides the endpoints it matches
 * that no earlier rule decided. A group's direction then admits `adminAccept ∪ (undecided by Admin ∩
 * (NetworkPolicy admits, if a NetworkPolicy selects the group; else baselineAccept ∪ undecided by
 * Baseline))`. Everything that does not depend on the port (selections, peer sets, the tries) is
 * computed once per model.
 *
 * Why so: at 1,000 pods and 20 policies the tier work itself is a few milliseconds once optimized;
 * in the one cold run that a matrix is, what cost was V8 optimizing the code that does it (tens of
 * milliseconds per function where per-rule code was inlined into per-group code, measured with
 * --trace-opt). So the per-port work is one pass over a few hundred trie nodes with small word
 * kernels, selections come from a label index (label-index.ts) rather than matching every selector
 * against every group, and no strings are built per group or port.
 */

/** What the tier matrix needs to know of a group. @internal */
export interface TierGroup {
  readonly namespace: string;
  readonly labels: Labels;
  readonly containerPorts: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  /** The NetworkPolicies that select it for each direction (only whether there are any matters). */
  readonly ingressPolicies: readonly unknown[];
  readonly egressPolicies: readonly unknown[];
}

/** What the rules of one tier and direction decided at each node of its trie, on one port. */
interface NodeOutcomes {
  readonly accept: BitSet[];
  /** Decided by Accept or Deny (Pass is not final). */
  readonly final: BitSet[];
}

/** One tier: its tries, by direction. */
interface Tier {
  readonly ingress: TierTrie;
  readonly egress: TierTrie;
}

/** @internal */
export class TierMatrix {
  /** A tier matrix, or undefined when the model has no cluster-scoped policies (nothing to do). */
  public static create(model: ClusterModel, groups: readonly TierGroup[], all: BitSet, selections: GroupSelections): TierMatrix | undefined {
    return (model.clusterPolicies ?? []).length === 0 ? undefined : new TierMatrix(model, groups, all, selections);
  }

  private readonly total: number;
  private readonly admin: Tier;
  private readonly baseline: Tier;
  private readonly rulePeers = new Map<ClusterRule, BitSet>();
  private readonly egressRules: ClusterRule[] = [];

  private constructor(model: ClusterModel, private readonly groups: readonly TierGroup[], private readonly all: BitSet,
    peerSets: GroupSelections) {
    this.total = all.size;
    const signatures = namedPortSignatures(groups);
    const tier = (t: PolicyTier): Tier => {
      const policies = tierPolicies(model, t);
      for (const p of policies) {
        for (const rule of [...p.ingressRules, ...p.egressRules]) this.rulePeers.set(rule, peerSets.peers(rule.peers));
        this.egressRules.push(...p.egressRules);
      }
      const selecting: number[][] = groups.map(() => []);
      policies.forEach((p, pi) => forEachMember(peerSets.selected(p.subject), groups.length, (gi) => selecting[gi].push(pi)));
      return {
        ingress: TierTrie.build(policies, selecting, Direction.INGRESS, signatures),
        egress: TierTrie.build(policies, selecting, Direction.EGRESS, signatures),
      };
    };
    this.admin = tier(PolicyTier.ADMIN);
    this.baseline = tier(PolicyTier.BASELINE);
  }

  /**
   * Replaces, on one port, each group's NetworkPolicy sets of both directions (`ingress[gi]`, `egress[gi]`:
   * what its NetworkPolicies admit, every endpoint when none selects it) by what the tiers make of them.
   */
  public apply(port: number, protocol: Protocol, ingress: BitSet[], egress: BitSet[]): void {
    const slab = new BitSetSlab(this.total);
    const egressSets = this.egressRuleSets(port, protocol, slab);
    const ruleSet = (direction: Direction, rule: ClusterRule, subject: number): BitSet | undefined =>
      (direction === Direction.EGRESS ? egressSets.get(rule) : this.ingressRuleSet(rule, port, protocol, subject));
    for (const direction of [Direction.INGRESS, Direction.EGRESS]) {
      const trie = (t: Tier) => (direction === Direction.INGRESS ? t.ingress : t.egress);
      const admin = outcomes(trie(this.admin), direction, ruleSet, slab);
      const baseline = outcomes(trie(this.baseline), direction, ruleSet, slab);
      const sets = direction === Direction.INGRESS ? ingress : egress;
      const adminNode = trie(this.admin).groupNode;
      const baselineNode = trie(this.baseline).groupNode;
      // Without a NetworkPolicy, a group's sets depend on its nodes alone: groups on the same nodes share them.
      const shared = new Map<number, BitSet>();
      for (let gi = 0; gi < this.groups.length; gi++) {
        const g = this.groups[gi];
        const a = adminNode[gi];
        const b = baselineNode[gi];
        if ((direction === Direction.INGRESS ? g.ingressPolicies : g.egressPolicies).length > 0) {
          if (a >= 0) sets[gi] = over(admin, a, sets[gi], slab);
          continue;
        }
        const key = (a + 1) * (baseline.accept.length + 1) + b + 1;
        let set = shared.get(key);
        if (!set) {
          set = b >= 0 ? over(baseline, b, this.all, slab) : this.all;
          if (a >= 0) set = over(admin, a, set, slab);
          shared.set(key, set);
        }
        sets[gi] = set;
      }
    }
  }

  /** An ingress rule's endpoints on a port for a subject (undefined: none): the subject's own container ports resolve named ports. */
  private ingressRuleSet(rule: ClusterRule, port: number, protocol: Protocol, subject: number): BitSet | undefined {
    if (rule.ports === undefined) return this.rulePeers.get(rule);
    const ports = this.groups[subject].containerPorts;
    return rule.ports.some((e) => clusterPortMatches(e, port, protocol, ports)) ? this.rulePeers.get(rule) : undefined;
  }

  /**
   * The egress rules' endpoints on a port (they do not depend on the subject): a numbered entry admits
   * every peer, named ones only the pods that serve the name on this port (never an address outside).
   */
  private egressRuleSets(port: number, protocol: Protocol, slab: BitSetSlab): Map<ClusterRule, BitSet> {
    const sets = new Map<ClusterRule, BitSet>();
    for (const rule of this.egressRules) {
      const peers = this.rulePeers.get(rule)!;
      if (rule.ports === undefined || rule.ports.some((e) => e.name === undefined && clusterPortMatches(e, port, protocol, undefined))) {
        sets.set(rule, peers);
        continue;
      }
      const named = rule.ports.filter((e) => e.name !== undefined);
      const set = slab.next();
      if (named.length > 0) {
        forEachMember(peers, this.groups.length, (j) => {
          if (named.some((e) => clusterPortMatches(e, port, protocol, this.groups[j].containerPorts))) set.add(j);
        });
      }
      sets.set(rule, set);
    }
    return sets;
  }
}

/**
 * Walks a trie on one port, parents first: each node starts from its parent's decisions and applies
 * its policy's rules in order (`ruleSet`: a rule's endpoints for a subject, undefined: none).
 */
function outcomes(trie: TierTrie, direction: Direction, ruleSet: (direction: Direction, rule: ClusterRule, subject: number) => BitSet | undefined,
  slab: BitSetSlab): NodeOutcomes {
  const accept: BitSet[] = [];
  const final: BitSet[] = [];
  // Matched by an earlier rule, whatever its action: later rules do not see these endpoints.
  const decided: BitSet[] = [];
  for (let node = 0; node < trie.size; node++) {
    const a = slab.next();
    const f = slab.next();
    const d = slab.next();
    const parent = trie.parent[node];
    if (parent >= 0) {
      a.words.set(accept[parent].words);
      f.words.set(final[parent].words);
      d.words.set(decided[parent].words);
    }
    const policy: ClusterPolicyModel = trie.policy[node];
    for (const rule of direction === Direction.INGRESS ? policy.ingressRules : policy.egressRules) {
      const matched = ruleSet(direction, rule, trie.subject[node]);
      if (matched) decide(matched, rule.action, a, f, d);
    }
    accept.push(a);
    final.push(f);
    decided.push(d);
  }
  return { accept, final };
}

/** A rule decides what it matches that is still undecided: final unless it passes, admitted if it accepts. */
function decide(matched: BitSet, action: RuleAction, accept: BitSet, final: BitSet, decided: BitSet): void {
  const m = matched.words;
  const a = accept.words;
  const f = final.words;
  const d = decided.words;
  const isFinal = action !== RuleAction.PASS;
  const isAccept = action === RuleAction.ACCEPT;
  for (let w = 0; w < d.length; w++) {
    const fresh = m[w] & ~d[w];
    d[w] |= fresh;
    if (isFinal) f[w] |= fresh;
    if (isAccept) a[w] |= fresh;
  }
}

/** What a tier's decisions at a node make of what comes after it (`lower`), as a new set. */
function over(tier: NodeOutcomes, node: number, lower: BitSet, slab: BitSetSlab): BitSet {
  const out = slab.next();
  acceptOver(out, tier.accept[node], tier.final[node], lower);
  return out;
}

/** `out = accept ∪ (lower \ final)`: a tier's final decisions over what comes after it. */
function acceptOver(out: BitSet, accept: BitSet, final: BitSet, lower: BitSet): void {
  const o = out.words;
  const a = accept.words;
  const f = final.words;
  const l = lower.words;
  for (let w = 0; w < o.length; w++) o[w] = a[w] | (~f[w] & l[w]);
}

/** Per group, a number for its named container ports (name, protocol, port): equal numbers, equal named ports. */
function namedPortSignatures(groups: readonly TierGroup[]): number[] {
  const ids = new Map<string, number>();
  return groups.map((g) => {
    const key = g.containerPorts.filter((c) => c.name !== undefined).map((c) => `${c.name}/${c.protocol}/${c.port}`).sort().join(',');
    let id = ids.get(key);
    if (id === undefined) ids.set(key, id = ids.size);
    return id;
  });
}
