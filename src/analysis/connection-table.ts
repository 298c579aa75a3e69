import { forEachMember } from './bitset';
import { ClusterModel, CompiledRule, PodModel, PolicyModel } from './cluster-model';
import { ConnectionSet } from './connection-set';
import { Address } from './ip-block';
import { Group, MatrixBuilder } from './matrix-builder';
import { ContainerPort } from './port-matcher';
import { rulePortSet } from './rule-connections';
import { TierConnectionTable } from './tier-connection-table';
import { Direction } from '../model/direction';

/**
 * The bulk path of connection sets: the matrix builder's groups of identical pods and its rule peer
 * sets, with a connection set instead of a bit per cell. Sets are interned (an id each) and their
 * unions and intersections memoized, so a cell costs a few integer operations; the cells are kept per
 * group pair, and pod pairs are read through the pods' groups. The cluster-scoped tiers rewrite each
 * group's egress row and ingress column before they meet (tier-connection-table.ts).
 */

/** Interned connection sets: equal sets share one id; union, intersection and difference are memoized on ids. */
class SetTable {
  public readonly sets: ConnectionSet[] = [];
  private readonly idOfText = new Map<string, number>();
  private readonly unions = new Memo();
  private readonly intersections = new Memo();
  /** `a - b` (not symmetric): ids below SMALL in a flat array, others in a map; -1 when not computed yet. */
  private readonly differences = new Int32Array(SMALL * SMALL).fill(-1);
  private readonly largeDifferences = new Map<number, number>();
  public readonly none: number;
  public readonly all: number;

  constructor() {
    this.none = this.id(ConnectionSet.none());
    this.all = this.id(ConnectionSet.all());
  }

  public id(set: ConnectionSet): number {
    const text = set.toString();
    let id = this.idOfText.get(text);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.idOfText.set(text, id);
    }
    return id;
  }

  public union(a: number, b: number): number {
    if (a === b || b === this.none || a === this.all) return a;
    if (a === this.none || b === this.all) return b;
    return this.memo(this.unions, a, b, (x, y) => x.union(y));
  }

  public intersect(a: number, b: number): number {
    if (a === b || b === this.all || a === this.none) return a;
    if (a === this.all || b === this.none) return b;
    return this.memo(this.intersections, a, b, (x, y) => x.intersect(y));
  }

  public subtract(a: number, b: number): number {
    if (a === this.none || b === this.none) return a;
    if (a === b || b === this.all) return this.none;
    const small = a < SMALL && b < SMALL;
    let id = small ? this.differences[a * SMALL + b] : this.largeDifferences.get(a * 1048576 + b) ?? -1;
    if (id < 0) {
      id = this.id(this.sets[a].subtract(this.sets[b]));
      if (small) this.differences[a * SMALL + b] = id;
      else this.largeDifferences.set(a * 1048576 + b, id);
    }
    return id;
  }

  private memo(cache: Memo, a: number, b: number, f: (x: ConnectionSet, y: ConnectionSet) => ConnectionSet): number {
    let id = cache.get(a, b);
    if (id < 0) {
      id = this.id(f(this.sets[a], this.sets[b]));
      cache.set(a, b, id);
    }
    return id;
  }
}

/** The ids below this index a flat array (the hot path: clusters hold few distinct sets); others a map. */
const SMALL = 256;

/** A symmetric memo of id pairs: -1 when not computed yet. */
class Memo {
  private readonly small = new Int32Array(SMALL * SMALL).fill(-1);
  private readonly large = new Map<number, number>();

  public get(a: number, b: number): number {
    if (a < SMALL && b < SMALL) return this.small[a * SMALL + b];
    return this.large.get(a < b ? a * 1048576 + b : b * 1048576 + a) ?? -1;
  }

  public set(a: number, b: number, id: number): void {
    if (a < SMALL && b < SMALL) {
      this.small[a * SMALL + b] = id;
      this.small[b * SMALL + a] = id;
    } else {
      this.large.set(a < b ? a * 1048576 + b : b * 1048576 + a, id);
    }
  }
}

/**
 * Every endpoint's connections to every other: `pods` in order, then the external address when given.
 * @internal
 */
export class ConnectionTable {
  public static build(model: ClusterModel, pods: readonly PodModel[], external: Address | undefined): ConnectionTable {
    return new ConnectionTable(new MatrixBuilder(model, pods, external), pods, model, external);
  }

  /** The number of endpoints (pods, plus the external address). */
  public readonly size: number;
  private readonly table = new SetTable();
  private readonly groupOf: Int32Array;
  private readonly total: number;
  /** Per (source group, destination group): the set id. */
  private readonly cells: Int32Array;
  /** Per rule, per destination group: the rule's port set id (named ports differ per group). */
  private readonly portIds = new Map<CompiledRule, Int32Array | number>();
  /** Per group: an index of its named container ports (groups that serve the same names share it). */
  private readonly portsIndex: Int32Array;
  /** The named container ports of each index (undefined: the external address). */
  private readonly portsOfIndex: (readonly ContainerPort[] | undefined)[] = [];
  /** The cluster-scoped tiers around each group's NetworkPolicy sets (undefined without such policies). */
  private readonly tiers: TierConnectionTable | undefined;

  private constructor(private readonly builder: MatrixBuilder, private readonly pods: readonly PodModel[], model: ClusterModel,
    external: Address | undefined) {
    this.total = builder.total;
    this.tiers = TierConnectionTable.create(model, builder.groups, external, this.table);
    this.groupOf = Int32Array.from(builder.ext >= 0 ? [...builder.podGroup, builder.ext] : builder.podGroup);
    this.size = this.groupOf.length;
    this.portsIndex = this.indexContainerPorts();
    const ingress = this.ingressTable();
    this.cells = new Int32Array(this.total * this.total);
    for (let gi = 0; gi < this.total; gi++) this.fillRow(gi, ingress);
  }

  /** The connections from endpoint `i` to endpoint `j` (indices into pods, then the external address). */
  public at(i: number, j: number): ConnectionSet {
    return this.table.sets[this.idAt(i, j)];
  }

  /** The interned id of a cell: equal ids, equal sets (within one table). */
  public idAt(i: number, j: number): number {
    if (i === j) {
      // A Pod reaches itself (loopback); the external address to itself involves no pod.
      if (i >= this.pods.length) return this.table.none;
      if (this.pods[i].kind === 'Pod') return this.table.all;
    }
    return this.cells[this.groupOf[i] * this.total + this.groupOf[j]];
  }

  /**
   * Calls `f` with every pair with a non-empty set, row by row, Pods to themselves (loopback) left out:
   * the hot loop of `allConnections`, reading the cells directly.
   */
  public forEachNonEmpty(f: (i: number, j: number, set: ConnectionSet) => void): void {
    const { cells, groupOf, total, size } = this;
    const none = this.table.none;
    const sets = this.table.sets;
    for (let i = 0; i < size; i++) {
      const base = groupOf[i] * total;
      for (let j = 0; j < size; j++) {
        const id = i === j ? this.idAt(i, j) : cells[base + groupOf[j]];
        if (id !== none && !(i === j && this.isLoopback(i, j))) f(i, j, sets[id]);
      }
    }
  }

  /** The group of endpoint `i`: endpoints of one group have the same connections and the same reasons. */
  public groupAt(i: number): number {
    return this.groupOf[i];
  }

  /** Whether the cell is a Pod to itself: loopback, which no policy governs. */
  public isLoopback(i: number, j: number): boolean {
    return i === j && i < this.pods.length && this.pods[i].kind === 'Pod';
  }

  /** The set of an id. */
  public setOf(id: number): ConnectionSet {
    return this.table.sets[id];
  }

  /** Whether the id is the empty set. */
  public isNone(id: number): boolean {
    return id === this.table.none;
  }

  /**
   * For each destination group, what its ingress admits from each source group (`[dst][src]`), or
   * undefined when no policy isolates its ingress (everything).
   */
  private ingressTable(): (Int32Array | undefined)[] {
    const b = this.builder;
    return Array.from({ length: this.total }, (_, gj) => {
      const g: Group | undefined = b.groups[gj];
      const isolated = g !== undefined && g.ingressPolicies.length > 0;
      if (!isolated && (!this.tiers || !g)) return undefined;
      const column = new Int32Array(this.total).fill(isolated ? this.table.none : this.table.all);
      // Ingress port sets resolve against the subject (the destination), whatever the peer.
      if (isolated) this.admit(column, g.ingressPolicies, (p) => p.ingressRules, (rule) => this.rulePortId(rule, gj), false);
      const changed = this.tiers?.apply(Direction.INGRESS, gj, column, isolated) ?? false;
      return isolated || changed ? column : undefined;
    });
  }

  /** Row `gi`: its egress to each destination group, intersected with that group's ingress from `gi`. */
  private fillRow(gi: number, ingress: (Int32Array | undefined)[]): void {
    const g: Group | undefined = this.builder.groups[gi];
    const base = gi * this.total;
    if (!g || g.egressPolicies.length === 0) {
      this.cells.fill(this.table.all, base, base + this.total);
    } else {
      const row = this.cells.subarray(base, base + this.total).fill(this.table.none);
      // Egress port sets resolve against each peer (the destination) when the rule names ports.
      this.admit(row, g.egressPolicies, (p) => p.egressRules, (rule, gj) => this.rulePortId(rule, gj), true);
    }
    if (g) this.tiers?.apply(Direction.EGRESS, gi, this.cells.subarray(base, base + this.total), g.egressPolicies.length > 0);
    for (let gj = 0; gj < this.total; gj++) {
      const column = ingress[gj];
      if (column) this.cells[base + gj] = this.table.intersect(this.cells[base + gj], column[gi]);
    }
  }

  /** Adds to `cells[peer]` what each rule admits, for each peer group the rule matches. */
  private admit(cells: Int32Array, policies: readonly PolicyModel[], rulesOf: (p: PolicyModel) => readonly CompiledRule[],
    portsOf: (rule: CompiledRule, peer: number) => number, perPeer: boolean): void {
    const table = this.table;
    for (const policy of policies) {
      for (const rule of rulesOf(policy)) {
        const peers = this.builder.rulePeers(policy, rule);
        if (perPeer && rule.ports.some((e) => e.name !== undefined)) {
          forEachMember(peers, this.total, (k) => { cells[k] = table.union(cells[k], portsOf(rule, k)); });
        } else {
          const id = portsOf(rule, -1);
          if (id !== table.none) forEachMember(peers, this.total, (k) => { cells[k] = table.union(cells[k], id); });
        }
      }
    }
  }

  /** A rule's port set id towards destination group `gj` (the external address serves no named ports). */
  private rulePortId(rule: CompiledRule, gj: number): number {
    let ids = this.portIds.get(rule);
    if (ids === undefined) {
      const named = rule.ports.some((e) => e.name !== undefined);
      ids = named ? new Int32Array(this.portsOfIndex.length).fill(-1) : this.table.id(rulePortSet(rule, undefined));
      this.portIds.set(rule, ids);
    }
    if (typeof ids === 'number') return ids;
    const k = this.portsIndex[gj];
    if (ids[k] < 0) ids[k] = this.table.id(rulePortSet(rule, this.portsOfIndex[k]));
    return ids[k];
  }

  /** Numbers the distinct sets of named container ports, so named rules resolve once per set, not per group. */
  private indexContainerPorts(): Int32Array {
    const indexOfKey = new Map<string, number>();
    this.portsOfIndex.push(undefined);
    return Int32Array.from({ length: this.total }, (_, gj) => {
      const g: Group | undefined = this.builder.groups[gj];
      if (!g) return 0;
      const named = g.containerPorts.filter((c) => c.name !== undefined);
      const key = named.map((c) => `${c.name}/${c.protocol}/${c.port}`).sort().join(',');
      let k = indexOfKey.get(key);
      if (k === undefined) {
        k = this.portsOfIndex.length;
        this.portsOfIndex.push(named);
        indexOfKey.set(key, k);
      }
      return k;
    });
  }
}
