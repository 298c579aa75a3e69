import { BitSet, bitOf } from './bitset';
import { BitSetSlab } from './bitset-complement';
import { rowAnd, transposeSets } from './bitset-transpose';
import { ClusterModel, CompiledPeer, CompiledRule, PodModel, PolicyModel, unknownPeer } from './cluster-model';
import { GroupSelections } from './group-selections';
import { Address, describeIpBlock, ipBlockMatches } from './ip-block';
import { Labels } from './label-selector';
import { ContainerPort, portMatches } from './port-matcher';
import { TierMatrix } from './tier-matrix';
import { groupBy } from '../model/group-by';
import { Protocol } from '../model/protocol';

/**
 * The bulk path: pods with the same namespace, labels, container ports and hostNetwork behave the
 * same, so they form one group; every peer is matched against groups once (a bit set), and each
 * group's allowed peers on a port are unions of those sets. Cost grows with groups x rules, not
 * pods x pods x policies.
 */

/** Pods that behave alike. @internal */
export interface Group {
  readonly namespace: string;
  readonly labels: Labels;
  readonly containerPorts: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  readonly ingressPolicies: PolicyModel[];
  readonly egressPolicies: PolicyModel[];
}

function groupKey(p: PodModel): string {
  const labels = Object.keys(p.labels).sort().map((k) => `${k}=${p.labels[k]}`).join(',');
  const ports = p.containerPorts.filter((c) => c.name !== undefined)
    .map((c) => `${c.name}/${c.protocol}/${c.port}`).sort().join(',');
  return `${p.namespace}\u0000${labels}\u0000${ports}\u0000${p.hostNetwork}`;
}

/**
 * Computes, for each port, the endpoint-by-endpoint matrix (row = source, column = destination) as
 * a flat byte array. Endpoints are `pods` (all of the model's, or some) in order, then the external
 * address when given. Pods left out cannot change a verdict between the others: a policy selects
 * only pods of its namespace, and a peer matches the pod at the other end, so groups are built of
 * `pods` alone.
 * @internal
 */
export function buildMatrix(model: ClusterModel, pods: readonly PodModel[], external: Address | undefined, ports: number[],
  protocol: Protocol): Uint8Array[] {
  const builder = new MatrixBuilder(model, pods, external);
  return ports.map((port) => builder.cellsOn(port, protocol));
}

/**
 * The steps of `buildMatrix`; what does not depend on the port is computed once. The groups, their
 * selecting policies and the rules' peer sets are also the base of the connection sets (connection-table.ts).
 * @internal
 */
export class MatrixBuilder {
  public readonly groups: Group[] = [];
  /** The group of each pod, in the order of `pods`. */
  public readonly podGroup: number[];
  private readonly groupsByNamespace: Map<string, number[]>;
  /** The index of the external address, after the groups; -1 without one. */
  public readonly ext: number;
  public readonly total: number;
  public readonly all: BitSet;
  /** Peer sets by what the peer says (many policies repeat the same peers). */
  private readonly peerSetsByKey = new Map<string, BitSet>();
  private readonly rulePeerSets = new Map<CompiledRule, BitSet>();
  /** The cluster-scoped tiers (undefined without ClusterNetworkPolicies and the like). */
  private readonly tiers: TierMatrix | undefined;
  /** Storage of the builder's sets: a few thousand at 1,000 pods, each too large for the heap (bitset-complement.ts). */
  private readonly slab: BitSetSlab;
  /** The groups each pods peer selects, from a label index. */
  private readonly selections: GroupSelections;

  constructor(private readonly model: ClusterModel, private readonly pods: readonly PodModel[], private readonly external: Address | undefined) {
    this.podGroup = this.groupPods();
    this.groupsByNamespace = groupBy(this.groups.map((_, i) => i), (i) => this.groups[i].namespace);
    this.ext = external ? this.groups.length : -1;
    this.total = this.groups.length + (external ? 1 : 0);
    this.all = BitSet.full(this.total);
    this.slab = new BitSetSlab(this.total);
    this.selections = new GroupSelections(model, this.groups, external, this.slab);
    this.selectPolicies();
    this.tiers = TierMatrix.create(model, this.groups, this.all, this.selections);
  }

  /** The matrix on one port. */
  public cellsOn(port: number, protocol: Protocol): Uint8Array {
    const rulePorts = this.rulePortsOn(port, protocol);
    const ingress: BitSet[] = [];
    const egress: BitSet[] = [];
    this.groups.forEach((g, gi) => {
      ingress.push(this.admitted(g.ingressPolicies, (p) => p.ingressRules, (rule, set, policy) => {
        if (rulePorts(rule).has(gi)) set.or(this.rulePeers(policy, rule));
      }));
      egress.push(this.admitted(g.egressPolicies, (p) => p.egressRules,
        (rule, set, policy) => set.orAnd(this.rulePeers(policy, rule), rulePorts(rule))));
    });
    // The cluster-scoped tiers around the NetworkPolicies (tier-matrix.ts), all groups at once.
    this.tiers?.apply(port, protocol, ingress, egress);
    if (this.external) {
      // Outside the cluster: no policy governs the address's own ingress or egress.
      ingress.push(this.all);
      egress.push(this.all);
    }
    const endpoints = this.external ? [...this.podGroup, this.ext] : this.podGroup;
    return fillCells(endpoints.length, this.total, endpoints, this.ext, ingress, egress, this.pods);
  }

  /** Pods with the same namespace, labels, named ports and hostNetwork form one group. */
  private groupPods(): number[] {
    const groupOfKey = new Map<string, number>();
    return this.pods.map((p) => {
      const key = groupKey(p);
      let g = groupOfKey.get(key);
      if (g === undefined) {
        g = this.groups.length;
        groupOfKey.set(key, g);
        const { namespace, labels, containerPorts, hostNetwork } = p;
        this.groups.push({ namespace, labels, containerPorts, hostNetwork, ingressPolicies: [], egressPolicies: [] });
      }
      return g;
    });
  }

  /** Which groups each policy selects (hostNetwork pods are never selected). */
  private selectPolicies(): void {
    for (const policy of this.model.policies) {
      for (const gi of this.groupsByNamespace.get(policy.namespace) ?? []) {
        const g = this.groups[gi];
        if (g.hostNetwork || !policy.podSelector.matches(g.labels)) continue;
        if (policy.ingress) g.ingressPolicies.push(policy);
        if (policy.egress) g.egressPolicies.push(policy);
      }
    }
  }

  /** Every peer when no policy isolates the direction; else the union of what each rule admits. */
  private admitted(policies: readonly PolicyModel[], rulesOf: (p: PolicyModel) => readonly CompiledRule[],
    add: (rule: CompiledRule, set: BitSet, policy: PolicyModel) => void): BitSet {
    if (policies.length === 0) return this.all;
    const set = this.slab.next();
    for (const policy of policies) {
      for (const rule of rulesOf(policy)) add(rule, set, policy);
    }
    return set;
  }

  /** The endpoints a rule's peers match. */
  public rulePeers(policy: PolicyModel, rule: CompiledRule): BitSet {
    if (rule.allPeers) return this.all;
    let set = this.rulePeerSets.get(rule);
    if (!set) {
      set = this.slab.next();
      for (const peer of rule.peers) set.or(this.peerSet(policy, peer));
      this.rulePeerSets.set(rule, set);
    }
    return set;
  }

  /** The endpoints one peer matches, cached by what the peer says. */
  private peerSet(policy: PolicyModel, peer: CompiledPeer): BitSet {
    const key = peerKey(policy, peer);
    let set = this.peerSetsByKey.get(key);
    if (!set) {
      set = this.matchedBy(policy, peer);
      this.peerSetsByKey.set(key, set);
    }
    return set;
  }

  /** The external address for an ipBlock that holds it; the groups of pods a pods peer selects. */
  private matchedBy(policy: PolicyModel, peer: CompiledPeer): BitSet {
    switch (peer.kind) {
      case 'ipBlock': {
        const set = this.slab.next();
        if (this.external && ipBlockMatches(peer.ipBlock, this.external)) set.add(this.ext);
        return set;
      }
      case 'pods':
        return this.selections.podsPeer(policy.namespace, peer);
      default:
        return unknownPeer(peer);
    }
  }

  /**
   * The destinations a rule's ports admit on this port: numeric entries admit every destination,
   * named entries the groups that serve the name (never an address outside the cluster).
   */
  private rulePortsOn(port: number, protocol: Protocol): (rule: CompiledRule) => BitSet {
    const namedPortGroups = this.namedPortGroups(port, protocol);
    const rulePortSets = new Map<CompiledRule, BitSet>();
    const none = this.slab.next();
    return (rule) => {
      if (rule.allPorts) return this.all;
      let set = rulePortSets.get(rule);
      if (set) return set;
      if (rule.ports.some((e) => e.name === undefined && portMatches(e, port, protocol, undefined))) {
        set = this.all;
      } else {
        const named = rule.ports.filter((e) => e.name !== undefined && e.protocol === protocol && namedPortGroups.has(e.name));
        set = named.length === 0 ? none : this.slab.next();
        for (const e of named) set.or(namedPortGroups.get(e.name!)!);
      }
      rulePortSets.set(rule, set);
      return set;
    };
  }

  /** The groups that serve each named port on this port and protocol (`name` -> groups). */
  private namedPortGroups(port: number, protocol: Protocol): Map<string, BitSet> {
    const named = new Map<string, BitSet>();
    this.groups.forEach((g, gi) => {
      for (const c of g.containerPorts) {
        if (c.name === undefined || c.port !== port || c.protocol !== protocol) continue;
        let set = named.get(c.name);
        if (!set) named.set(c.name, set = this.slab.next());
        set.add(gi);
      }
    });
    return named;
  }
}

/** What a peer says, as a cache key: equal keys match the same endpoints. */
function peerKey(policy: PolicyModel, peer: CompiledPeer): string {
  switch (peer.kind) {
    case 'ipBlock': return `ip ${describeIpBlock(peer.ipBlock)}`;
    case 'pods': return `${peer.namespaceSelector ? `ns ${peer.namespaceSelector.describe()}` : `in ${policy.namespace}`} pods ${peer.podSelector?.describe() ?? '*'}`;
    default: return unknownPeer(peer);
  }
}

/**
 * Expands the group verdicts to endpoints. The ingress sets are transposed first (for each source,
 * the destinations that admit it: bitset-transpose.ts), so each source group's row is one AND of two
 * bit sets, and each cell is a single bit read from a small row: the n x n loop stays cache-friendly
 * at 5,000 pods. Endpoints of one group have the same row but for the diagonal, so only a group's
 * first endpoint reads bits; the others copy its row (half the rows of the bench cluster) and mend two
 * cells: the first endpoint's column and their own diagonal.
 */
function fillCells(n: number, total: number, endpointGroup: number[], ext: number, ingress: BitSet[], egress: BitSet[],
  pods: readonly PodModel[]): Uint8Array {
  const admittedBy = transposeSets(ingress, total);
  const row = new Uint32Array(admittedBy.words);
  const firstOf = new Int32Array(total).fill(-1);
  const groupOf = Int32Array.from(endpointGroup);
  const cells = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    const gi = groupOf[i];
    const base = i * n;
    const first = firstOf[gi];
    if (first < 0) {
      firstOf[gi] = i;
      fillRow(cells, base, rowAnd(admittedBy, gi, egress[gi], row), groupOf);
    } else {
      cells.copyWithin(base, first * n, first * n + n);
      // Column `first` holds the first endpoint's own (diagonal) cell, which the lines below may have set;
      // in this row it is an ordinary cell, as column i of the first row is (same group, off its diagonal).
      cells[base + first] = cells[first * n + i];
    }
    // The internet to itself involves no pod: outside the question.
    if (gi === ext) cells[base + i] = 0;
    // A Pod always reaches itself (loopback); replicas of one workload are distinct pods and are evaluated.
    if (i < pods.length && pods[i].kind === 'Pod') cells[base + i] = 1;
  }
  return cells;
}

/** One row of cells: the bit of each endpoint's group in the source group's row. */
function fillRow(cells: Uint8Array, base: number, row: Uint32Array, groupOf: Int32Array): void {
  for (let j = 0; j < groupOf.length; j++) {
    cells[base + j] = bitOf(row, groupOf[j]);
  }
}
