import { ClusterModel, NAMESPACE_NAME_LABEL, PodLike } from './cluster-model';
import { ClusterPeer, ClusterPolicyModel, ClusterRule, PodSelection, PolicyTier, RuleAction } from './cluster-policy-model';
import { ConnectionSet } from './connection-set';
import { Address, networkContains } from './ip-block';
import { ContainerPort } from './port-matcher';
import { clusterRulePorts } from './tier-connections';
import { selectionMatches, tierPolicies } from './tier-evaluator';
import { Direction } from '../model/direction';
import { groupBy } from '../model/group-by';

/**
 * The bulk connection table's path through the tiers (connection-table.ts calls it per group and
 * direction; tier-connections.ts is the pairwise path with the same semantics, and the property tests
 * check that both agree). For one subject group and direction, each tier is walked once in evaluation
 * order over every peer group at a time: a rule takes, per peer, the connections no earlier rule of the
 * tier matched; Accept adds them, Deny drops them, Pass hands them to the next tier. The direction then
 * admits `adminAccepted ∪ (adminGoingOn ∩ lower)`, `lower` being what the NetworkPolicies admit when
 * one selects the group, else what the Baseline tier accepts or leaves undecided.
 *
 * Groups of identical pods (namespace, labels, named container ports, hostNetwork) are valid here:
 * subjects and peers select by namespace and pod labels, `nodes` by hostNetwork, and named ports by
 * the named container ports. A walk depends only on the policies that select the group and, for
 * ingress (named ports resolve against the subject, the destination), on its named ports: groups with
 * the same of both share one walk.
 */

/** What the connection table offers: interned connection sets with memoized operations on ids. @internal */
export interface SetIds {
  readonly none: number;
  readonly all: number;
  id(set: ConnectionSet): number;
  union(a: number, b: number): number;
  intersect(a: number, b: number): number;
  subtract(a: number, b: number): number;
}

/** One tier's walk for a subject: per peer class, the set ids accepted and going on (undecided or passed). */
interface TierWalk {
  readonly accepted: Int32Array;
  readonly goingOn: Int32Array;
  /** The classes where the tier decided or passed something (elsewhere: nothing accepted, everything going on). */
  readonly touched: Int32Array;
}

/** A walk after some of the tier's policies: per peer class, what no rule matched yet, and what was accepted or passed. */
interface WalkState {
  readonly undecided: Int32Array;
  readonly accepted: Int32Array;
  readonly passed: Int32Array;
}

/** @internal */
export class TierConnectionTable {
  /** The tier part, or undefined when the model has no cluster-scoped policies (the table stays as it is). */
  public static create(model: ClusterModel, groups: readonly PodLike[], external: Address | undefined, ids: SetIds): TierConnectionTable | undefined {
    return (model.clusterPolicies ?? []).length === 0 ? undefined : new TierConnectionTable(model, groups, external, ids);
  }

  /** Groups, then the external address (index `groups.length`) when given. */
  private readonly total: number;
  /** Per tier, per group: the policies that select it, in evaluation order. */
  private readonly selecting = new Map<PolicyTier, ClusterPolicyModel[][]>();
  /** Per tier, per group: a key of its selecting policies, the walks' cache key. */
  private readonly selectionKeys = new Map<PolicyTier, string[]>();
  /** Per rule: the peer classes it matches. */
  private readonly peerLists = new Map<ClusterRule, Int32Array>();
  /**
   * Peer classes: endpoints matched by the same cluster rules (and serving the same named ports, where a
   * rule names one) are alike to every walk, which runs over classes, not endpoints. Per class: one of its endpoints.
   */
  private readonly classRep: number[] = [];
  /** Per class: its endpoints. */
  private readonly classMembers: number[][] = [];
  /** Per rule, per named-ports index: the rule's port set id. */
  private readonly portIds = new Map<ClusterRule, Int32Array>();
  /** Per endpoint: an index of its named container ports (0: none known, the external address). */
  private readonly portsIndex: Int32Array;
  private readonly portsOfIndex: (readonly ContainerPort[] | undefined)[] = [undefined];
  private readonly walks = new Map<string, TierWalk>();
  /** Walk states by the key of a prefix of the policy list: groups whose lists share a prefix walk it once. */
  private readonly prefixes = new Map<string, WalkState>();
  private readonly groupsByNamespace: Map<string, number[]>;
  /** Groups a subject or pods peer selects (by what it says: policies repeat the same selections). */
  private readonly selections = new Map<string, Uint8Array>();
  /** Per tier: each policy's index in evaluation order. */
  private readonly policyIndex = new Map<ClusterPolicyModel, number>();
  /** Per rule: whether it names a port (its port set then depends on the destination's named ports). */
  private readonly namedRule = new Map<ClusterRule, boolean>();
  /** The tiers with an ingress rule that names a port: only there do ingress walks depend on the subject's named ports. */
  private readonly namedIngress = new Set<PolicyTier>();
  /** A non-isolated direction's result by its two walks' keys (it does not depend on the NetworkPolicies). */
  private readonly openResults = new Map<string, Int32Array>();

  private constructor(private readonly model: ClusterModel, private readonly groups: readonly PodLike[],
    private readonly external: Address | undefined, private readonly ids: SetIds) {
    this.total = groups.length + (external ? 1 : 0);
    this.groupsByNamespace = groupBy(groups.map((_, i) => i), (i) => groups[i].namespace);
    this.portsIndex = this.indexNamedPorts();
    for (const tier of [PolicyTier.ADMIN, PolicyTier.BASELINE]) {
      const policies = tierPolicies(model, tier);
      policies.forEach((p, i) => this.policyIndex.set(p, i));
      if (policies.some((p) => p.ingressRules.some((r) => this.isNamed(r)))) this.namedIngress.add(tier);
      const subjects = policies.map((p) => this.selected(p.subject));
      const selecting = groups.map((_, gi) => policies.filter((_p, pi) => subjects[pi][gi] === 1));
      this.selecting.set(tier, selecting);
      this.selectionKeys.set(tier, selecting.map((list) => `${tier}|${list.map((p) => this.policyIndex.get(p)).join(',')}`));
    }
    this.peerClasses();
  }

  /**
   * Rewrites `cells` (per peer endpoint, the set id the NetworkPolicies admit for group `gi` in this
   * direction; every set when `isolated` is false) into what the direction admits through the tiers.
   * @returns whether a cluster-scoped policy selects the group for the direction (else `cells` is as it was)
   */
  public apply(direction: Direction, gi: number, cells: Int32Array, isolated: boolean): boolean {
    if (gi >= this.groups.length || this.groups[gi].hostNetwork) return false;
    const admin = this.walkOf(PolicyTier.ADMIN, direction, gi);
    const baseline = isolated ? undefined : this.walkOf(PolicyTier.BASELINE, direction, gi);
    if (!admin && !baseline) return false;
    if (!isolated) cells.set(this.openResult(direction, gi, admin, baseline));
    else this.combine(admin!, cells);
    return true;
  }

  /**
   * `cells[k] = accepted[c] ∪ (goingOn[c] ∩ cells[k])`, c the class of endpoint k: the Admin tier's final
   * decisions around what comes after it. Only the classes the tier touched change.
   */
  private combine(admin: TierWalk, cells: Int32Array): void {
    const { ids } = this;
    const touched = admin.touched;
    for (let t = 0; t < touched.length; t++) {
      const c = touched[t];
      const accepted = admin.accepted[c];
      const goingOn = admin.goingOn[c];
      const members = this.classMembers[c];
      for (let m = 0; m < members.length; m++) cells[members[m]] = ids.union(accepted, ids.intersect(goingOn, cells[members[m]]));
    }
  }

  /** A direction no NetworkPolicy isolates: the Admin tier around the Baseline tier's lower set. */
  private openResult(direction: Direction, gi: number, admin: TierWalk | undefined, baseline: TierWalk | undefined): Int32Array {
    const key = `${this.walkKey(PolicyTier.ADMIN, direction, gi)}\u0000${this.walkKey(PolicyTier.BASELINE, direction, gi)}`;
    let result = this.openResults.get(key);
    if (result) return result;
    const { ids } = this;
    result = new Int32Array(this.total).fill(ids.all);
    for (const c of baseline?.touched ?? []) {
      const lower = ids.union(baseline!.accepted[c], baseline!.goingOn[c]);
      for (const k of this.classMembers[c]) result[k] = lower;
    }
    if (admin) this.combine(admin, result);
    this.openResults.set(key, result);
    return result;
  }

  /** The walk of one tier for a group and direction, shared by the groups with the same key; undefined when no policy of the tier selects it. */
  private walkOf(tier: PolicyTier, direction: Direction, gi: number): TierWalk | undefined {
    const policies = this.selecting.get(tier)![gi];
    if (policies.length === 0) return undefined;
    const key = this.walkKey(tier, direction, gi);
    let walk = this.walks.get(key);
    if (!walk) {
      const { undecided, accepted, passed } = this.walk(policies, direction, gi, key.slice(0, key.indexOf('|') + 1));
      const goingOn = new Int32Array(this.classRep.length);
      const touched: number[] = [];
      for (let c = 0; c < goingOn.length; c++) {
        goingOn[c] = this.ids.union(undecided[c], passed[c]);
        if (goingOn[c] !== this.ids.all || accepted[c] !== this.ids.none) touched.push(c);
      }
      walk = { accepted, goingOn, touched: Int32Array.from(touched) };
      this.walks.set(key, walk);
    }
    return walk;
  }

  private walkKey(tier: PolicyTier, direction: Direction, gi: number): string {
    // Ingress port sets resolve against the subject (the destination): its named ports are part of the key.
    const ports = direction === Direction.INGRESS && this.namedIngress.has(tier) ? this.portsIndex[gi] : '';
    return `${direction} ${ports} ${this.selectionKeys.get(tier)![gi]}`;
  }

  /**
   * The tier's policies in order, one policy at a time, every peer endpoint at once: the state after
   * each prefix of the list is kept under its key (`prefix`, the direction and named ports, then the
   * policy indices), so groups whose lists share a prefix (most: the broad policies select them all)
   * walk it once.
   */
  private walk(policies: readonly ClusterPolicyModel[], direction: Direction, gi: number, prefix: string): WalkState {
    let key = prefix;
    let state: WalkState | undefined;
    for (const policy of policies) {
      key += `${this.policyIndex.get(policy)},`;
      let next = this.prefixes.get(key);
      if (!next) {
        next = this.step(state, policy, direction, gi);
        this.prefixes.set(key, next);
      }
      state = next;
    }
    return state!;
  }

  /** `from` (undefined: nothing matched yet) then one policy's rules; each rule sees only what no earlier rule matched. */
  private step(from: WalkState | undefined, policy: ClusterPolicyModel, direction: Direction, gi: number): WalkState {
    const { ids } = this;
    const n = this.classRep.length;
    const undecided = from ? Int32Array.from(from.undecided) : new Int32Array(n).fill(ids.all);
    const accepted = from ? Int32Array.from(from.accepted) : new Int32Array(n).fill(ids.none);
    const passed = from ? Int32Array.from(from.passed) : new Int32Array(n).fill(ids.none);
    for (const rule of direction === Direction.INGRESS ? policy.ingressRules : policy.egressRules) {
      // Ports resolve against the destination: the subject for ingress (one set for every peer), the peer for egress.
      const perPeer = direction === Direction.EGRESS && this.isNamed(rule);
      const ports = perPeer ? -1 : this.portId(rule, gi);
      const peers = this.peersOf(rule);
      for (let i = 0; i < peers.length; i++) {
        const k = peers[i];
        if (undecided[k] === ids.none) continue;
        const matched = ids.intersect(perPeer ? this.portId(rule, this.classRep[k]) : ports, undecided[k]);
        if (matched === ids.none) continue;
        undecided[k] = ids.subtract(undecided[k], matched);
        if (rule.action === RuleAction.ACCEPT) accepted[k] = ids.union(accepted[k], matched);
        if (rule.action === RuleAction.PASS) passed[k] = ids.union(passed[k], matched);
      }
    }
    return { undecided, accepted, passed };
  }

  /** The peer classes a rule matches. */
  private peersOf(rule: ClusterRule): Int32Array {
    return this.peerLists.get(rule)!;
  }

  /** Numbers the peer classes: endpoints with the same matching rules (and named ports, where egress rules name ports). */
  private peerClasses(): void {
    const rules = [...this.selecting.keys()].flatMap((tier) => tierPolicies(this.model, tier)).flatMap((p) => [...p.ingressRules, ...p.egressRules]);
    const members = rules.map((r) => this.members(r));
    // Refined rule by rule: two endpoints stay in one class while every rule so far matches both or neither.
    let classOf = rules.some((r) => this.isNamed(r)) ? Int32Array.from(this.portsIndex) : new Int32Array(this.total);
    for (const member of members) {
      const split = new Map<number, number>();
      const next = new Int32Array(this.total);
      for (let k = 0; k < this.total; k++) {
        const key = classOf[k] * 2 + member[k];
        let c = split.get(key);
        if (c === undefined) {
          c = split.size;
          split.set(key, c);
        }
        next[k] = c;
      }
      classOf = next;
    }
    for (let k = 0; k < this.total; k++) {
      const c = classOf[k];
      if (c === this.classRep.length) {
        this.classRep.push(k);
        this.classMembers.push([]);
      }
      this.classMembers[c].push(k);
    }
    rules.forEach((r, i) => {
      const classes = new Set<number>();
      for (let k = 0; k < this.total; k++) if (members[i][k]) classes.add(classOf[k]);
      this.peerLists.set(r, Int32Array.from(classes));
    });
  }

  /** The endpoints a rule's peers match (1 per endpoint): groups, and the external address for a `networks` peer holding it. */
  private members(rule: ClusterRule): Uint8Array {
    const member = new Uint8Array(this.total);
    for (const peer of rule.peers) {
      if (peer.kind === 'pods') {
        const set = this.selected(peer);
        for (let k = 0; k < set.length; k++) if (set[k]) member[k] = 1;
      } else {
        for (let k = 0; k < this.total; k++) if (!member[k] && this.peerMatches(peer, k)) member[k] = 1;
      }
    }
    return member;
  }

  /** The groups a subject or pods peer selects (1 per selected group), cached by what it says. */
  private selected(s: PodSelection): Uint8Array {
    const key = `${s.namespaceSelector.describe()}\u0000${s.podSelector?.describe() ?? '*'}`;
    let set = this.selections.get(key);
    if (!set) {
      set = new Uint8Array(this.groups.length);
      // Namespaces first (few), then the pods of the matching ones: selectionMatches in two steps.
      for (const [namespace, members] of this.groupsByNamespace) {
        const ns = this.model.namespaces.get(namespace);
        if (!s.namespaceSelector.matches(ns ? ns.labels : { [NAMESPACE_NAME_LABEL]: namespace })) continue;
        for (const gi of members) {
          const g = this.groups[gi];
          if (!g.hostNetwork && (s.podSelector === undefined || s.podSelector.matches(g.labels))) set[gi] = 1;
        }
      }
      this.selections.set(key, set);
    }
    return set;
  }

  private isNamed(rule: ClusterRule): boolean {
    let named = this.namedRule.get(rule);
    if (named === undefined) {
      named = rule.ports?.some((e) => e.name !== undefined) ?? false;
      this.namedRule.set(rule, named);
    }
    return named;
  }

  /** As `clusterPeerMatches` (tier-evaluator.ts), for a group or the external address. */
  private peerMatches(peer: ClusterPeer, k: number): boolean {
    const g = this.groups[k] as PodLike | undefined;
    switch (peer.kind) {
      case 'pods': return g !== undefined && selectionMatches(this.model, peer, g);
      case 'networks': return g === undefined && peer.networks.some((n) => networkContains(n, this.external!));
      case 'nodes': return g?.hostNetwork === true && peer.selector.isEmpty;
      case 'domainNames': return false;
    }
  }

  /** A rule's port set id towards destination endpoint `k` (named ports resolve once per set of names). */
  private portId(rule: ClusterRule, k: number): number {
    let ids = this.portIds.get(rule);
    if (!ids) {
      ids = new Int32Array(this.portsOfIndex.length).fill(-1);
      this.portIds.set(rule, ids);
    }
    const index = this.isNamed(rule) ? this.portsIndex[k] : 0;
    if (ids[index] < 0) ids[index] = this.ids.id(clusterRulePorts(rule, this.portsOfIndex[index]));
    return ids[index];
  }

  /** Numbers the distinct sets of named container ports (0: the external address, which serves none). */
  private indexNamedPorts(): Int32Array {
    const indexOfKey = new Map<string, number>();
    return Int32Array.from({ length: this.total }, (_, k) => {
      const g = this.groups[k] as PodLike | undefined;
      if (!g) return 0;
      const named = g.containerPorts.filter((c) => c.name !== undefined);
      const key = named.map((c) => `${c.name}/${c.protocol}/${c.port}`).sort().join(',');
      let index = indexOfKey.get(key);
      if (index === undefined) {
        index = this.portsOfIndex.length;
        this.portsOfIndex.push(named);
        indexOfKey.set(key, index);
      }
      return index;
    });
  }
}
