import { ConnectionSet } from './connection-set';
import { EndpointTable } from './connections';
import { ClusterRuleReference, RuleReference } from './explanation';
import { DirectionConnections, PairConnections } from './rule-connections';
import { describeTierRule } from './tier-connections';
import { Direction } from '../model/direction';

/**
 * The connectivity diff of two states of the manifests: every ordered pair of endpoints present on
 * both sides whose connection set differs, with what was gained and lost and the rules behind each
 * side. Endpoints present on one side only (a new workload, a new namespace) are reported as such,
 * not as a wall of added pairs. Policies are compared by what they allow, never by name: renaming a
 * policy changes nothing.
 */

/**
 * Why one direction of a pair allows what it allows, on one side of a diff.
 */
export interface DirectionReason {
  /** The source's egress or the destination's ingress. */
  readonly direction: Direction;
  /** Whether some policy selects the pod for this direction (when none does, everything is allowed). */
  readonly isolated: boolean;
  /** The policies (`namespace/name`) that select the pod for this direction. */
  readonly policies: string[];
  /** The NetworkPolicy rules that admit the other side, with their ports. */
  readonly rules: RuleReference[];
  /**
   * The rules of cluster-scoped policies (ClusterNetworkPolicy, AdminNetworkPolicy,
   * BaselineAdminNetworkPolicy) that match the other side, in evaluation order: the Admin tier's, then
   * the Baseline tier's when no NetworkPolicy isolates the pod for this direction.
   */
  readonly clusterRules: ClusterRuleReference[];
  /** The same in words. */
  readonly reason: string;
}

/**
 * One pair of endpoints whose connections differ between the two sides of a diff.
 */
export interface ConnectionChange {
  /** The source endpoint id (`namespace/name`, as in `Reachability.workloads`, or `internet`). */
  readonly from: string;
  /** The destination endpoint id. */
  readonly to: string;
  /** What the pair allowed before. */
  readonly before: ConnectionSet;
  /** What it allows after. */
  readonly after: ConnectionSet;
  /** Allowed after but not before. */
  readonly gained: ConnectionSet;
  /** Allowed before but not after. */
  readonly lost: ConnectionSet;
  /** Why, before: the source's egress, then the destination's ingress. */
  readonly beforeReasons: DirectionReason[];
  /** Why, after. */
  readonly afterReasons: DirectionReason[];
}

/**
 * An endpoint present on one side of a diff only.
 */
export interface EndpointChange {
  /** Its id. */
  readonly id: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Whether its namespace is on this side only too. */
  readonly newNamespace: boolean;
  /** How many endpoints (of its side) it can reach on some port. */
  readonly reaches: number;
  /** How many endpoints (of its side) can reach it on some port. */
  readonly reachableFrom: number;
  /** Whether every other endpoint of its side can reach it on every port (no policy isolates its ingress). */
  readonly openToAll: boolean;
}

/** One side of a diff, as the diff reads it. @internal */
export interface DiffSide {
  readonly table: EndpointTable;
  readonly namespaces: string[];
  readonly namespaceOf: (id: string) => string | undefined;
  /** The connections of a pair by endpoint index, with the rules behind them. */
  readonly explain: (i: number, j: number) => PairConnections;
}

/** The raw result of comparing two sides. @internal */
export interface DiffParts {
  readonly added: ConnectionChange[];
  readonly removed: ConnectionChange[];
  readonly changed: ConnectionChange[];
  readonly addedEndpoints: EndpointChange[];
  readonly removedEndpoints: EndpointChange[];
  readonly addedNamespaces: string[];
  readonly removedNamespaces: string[];
}

/** Compares two sides pair by pair (endpoints on both sides only). @internal */
export function compareSides(before: DiffSide, after: DiffSide): DiffParts {
  const b = before.table;
  const a = after.table;
  const afterIndex = new Map(a.ids.map((id, i) => [id, i]));
  const common = b.ids.flatMap((id, i) => (afterIndex.has(id) ? [[i, afterIndex.get(id)!]] : []));
  const delta = deltaOf(b, a);
  // The hot read of the pods² loop: whether two small ids are the same set, in a flat array (0 = not known yet).
  const flat = new Int8Array(256 * 256);
  const unchanged = (idB: number, idA: number) => {
    const k = idB * 256 + idA;
    if (flat[k] === 0) flat[k] = delta(idB, idA) === undefined ? 1 : 2;
    return flat[k] === 1;
  };
  const reasonsB = reasonCache(before);
  const reasonsA = reasonCache(after);
  const parts = { added: [] as ConnectionChange[], removed: [] as ConnectionChange[], changed: [] as ConnectionChange[] };
  const [onB, onA] = [Int32Array.from(common, (c) => c[0]), Int32Array.from(common, (c) => c[1])];
  for (let x = 0; x < onB.length; x++) {
    const bi = onB[x];
    const ai = onA[x];
    for (let y = 0; y < onB.length; y++) {
      const bj = onB[y];
      const aj = onA[y];
      if (bi === bj && (b.table.isLoopback(bi, bj) || a.table.isLoopback(ai, aj))) continue;
      const idB = b.table.idAt(bi, bj);
      const idA = a.table.idAt(ai, aj);
      if (idB < 256 && idA < 256 && unchanged(idB, idA)) continue;
      const d = delta(idB, idA);
      if (d === undefined) continue;
      const change: ConnectionChange = { from: b.ids[bi], to: b.ids[bj], ...d, beforeReasons: reasonsB(bi, bj), afterReasons: reasonsA(ai, aj) };
      (d.before.isEmpty ? parts.added : d.after.isEmpty ? parts.removed : parts.changed).push(change);
    }
  }
  const newNamespaces = after.namespaces.filter((n) => !before.namespaces.includes(n));
  const goneNamespaces = before.namespaces.filter((n) => !after.namespaces.includes(n));
  return {
    ...parts,
    addedEndpoints: onlyIn(after, new Set(b.ids), newNamespaces),
    removedEndpoints: onlyIn(before, new Set(a.ids), goneNamespaces),
    addedNamespaces: newNamespaces,
    removedNamespaces: goneNamespaces,
  };
}

type Delta = { before: ConnectionSet; after: ConnectionSet; gained: ConnectionSet; lost: ConnectionSet } | undefined;

/**
 * What changes between a set id of `b` and one of `a`: undefined when they are the same set. Memoized
 * per pair of ids (tables hold few distinct sets), so the pods² loop costs two reads a cell.
 */
function deltaOf(b: EndpointTable, a: EndpointTable): (idB: number, idA: number) => Delta {
  const memo = new Map<number, Delta>();
  return (idB, idA) => {
    const key = idB * 1048576 + idA;
    if (memo.has(key)) return memo.get(key);
    const [was, is] = [b.table.setOf(idB), a.table.setOf(idA)];
    const d = was.toString() === is.toString() ? undefined : { before: was, after: is, gained: is.subtract(was), lost: was.subtract(is) };
    memo.set(key, d);
    return d;
  };
}

/** The reasons of a pair, computed once per pair of groups (endpoints of one group share them). */
function reasonCache(side: DiffSide): (i: number, j: number) => DirectionReason[] {
  const memo = new Map<number, DirectionReason[]>();
  const t = side.table.table;
  return (i, j) => {
    const key = t.groupAt(i) * 1048576 + t.groupAt(j);
    let reasons = memo.get(key);
    if (reasons === undefined) {
      const pair = side.explain(i, j);
      reasons = [reasonOf(pair.egress, side.table.ids[i]), reasonOf(pair.ingress, side.table.ids[j])];
      memo.set(key, reasons);
    }
    return reasons;
  };
}

/** One direction of a pair in words, with its rules. @internal */
export function reasonOf(d: DirectionConnections, subject: string): DirectionReason {
  const side = `${d.direction} of ${subject}`;
  const rules = d.rules.map((r) => `rule ${r.ruleIndex} of ${r.policy} (${r.peer}, ${r.ports})`);
  const tiers = d.tierRules ?? [];
  const np = !d.applies ? 'outside the cluster or hostNetwork, no policy governs it'
    : !d.isolated ? (tiers.length > 0 ? 'no NetworkPolicy isolates it' : 'no policy isolates it, everything is allowed')
      : rules.length === 0 ? `isolated by ${d.policies.join(', ')}; no rule admits the other side`
        // Through the tiers `d.connections` is the final set, not the NetworkPolicies' own: name their rules only.
        : `isolated by ${d.policies.join(', ')}; ${tiers.length > 0 ? 'admitted by' : `${d.connections} admitted by`} ${rules.join('; ')}`;
  // Through the tiers: the rules that matched, the NetworkPolicies, and what the direction allows in the end.
  const reason = tiers.length === 0 ? `${side}: ${np}` : `${side}: ${tiers.map(describeTierRule).join('; ')}; ${np}; allows ${d.connections}`;
  return { direction: d.direction, isolated: d.isolated, policies: d.policies, rules: d.rules, clusterRules: tiers.map((t) => t.rule), reason };
}

/** The endpoints of `side` the other side does not have, with how connected they are. */
function onlyIn(side: DiffSide, otherIds: Set<string>, newNamespaces: string[]): EndpointChange[] {
  const t = side.table;
  const n = t.table.size;
  return t.ids.flatMap((id, i) => {
    if (otherIds.has(id)) return [];
    let reaches = 0;
    let reachableFrom = 0;
    let openToAll = true;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      if (!t.table.isNone(t.table.idAt(i, j))) reaches++;
      const inbound = t.table.setOf(t.table.idAt(j, i));
      if (!inbound.isEmpty) reachableFrom++;
      if (!inbound.isAll) openToAll = false;
    }
    const namespace = side.namespaceOf(id) ?? '';
    return [{ id, namespace, newNamespace: newNamespaces.includes(namespace), reaches, reachableFrom, openToAll }];
  });
}
