import { andOfOr, BitSet, bitOf, forEachMember } from './bitset';
import { ClusterModel, CompiledPeer, CompiledRule, PodModel, PolicyModel } from './cluster-model';
import { Address, describeIpBlock, ipBlockMatches } from './ip-block';
import { Labels } from './label-selector';
import { ContainerPort, portMatches } from './port-matcher';
import { Protocol } from '../model/protocol';

/**
 * The bulk path: pods with the same namespace, labels, container ports and hostNetwork behave the
 * same, so they form one group; every peer is matched against groups once (a bit set), and each
 * group's allowed peers on a port are unions of those sets. Cost grows with groups x rules, not
 * pods x pods x policies.
 */


interface Group {
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
  const groups: Group[] = [];
  const groupOfKey = new Map<string, number>();
  const podGroup = pods.map((p) => {
    const key = groupKey(p);
    let g = groupOfKey.get(key);
    if (g === undefined) {
      g = groups.length;
      groupOfKey.set(key, g);
      groups.push({
        namespace: p.namespace,
        labels: p.labels,
        containerPorts: p.containerPorts,
        hostNetwork: p.hostNetwork,
        ingressPolicies: [],
        egressPolicies: [],
      });
    }
    return g;
  });
  const G = groups.length;
  const ext = external ? G : -1;
  const total = G + (external ? 1 : 0);

  const groupsByNamespace = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = groupsByNamespace.get(g.namespace) ?? [];
    list.push(i);
    groupsByNamespace.set(g.namespace, list);
  });

  // Which groups each policy selects (hostNetwork pods are never selected).
  for (const policy of model.policies) {
    for (const gi of groupsByNamespace.get(policy.namespace) ?? []) {
      const g = groups[gi];
      if (g.hostNetwork || !policy.podSelector.matches(g.labels)) continue;
      if (policy.ingress) g.ingressPolicies.push(policy);
      if (policy.egress) g.egressPolicies.push(policy);
    }
  }

  // Peer sets are cached by what the peer says (many policies repeat the same peers), and the
  // namespaces a namespaceSelector matches by the selector's text.
  const namespaceNames = [...model.namespaces.keys()];
  const namespacesOf = new Map<string, string[]>();
  const peerSetsByKey = new Map<string, BitSet>();
  const peerSet = (policy: PolicyModel, peer: CompiledPeer): BitSet => {
    const nsSelector = peer.namespaceSelector;
    const key = peer.ipBlock ? `ip ${describeIpBlock(peer.ipBlock)}`
      : `${nsSelector ? `ns ${nsSelector.describe()}` : `in ${policy.namespace}`} pods ${peer.podSelector?.describe() ?? '*'}`;
    let set = peerSetsByKey.get(key);
    if (set) return set;
    set = new BitSet(total);
    if (peer.ipBlock) {
      if (external && ipBlockMatches(peer.ipBlock, external)) set.add(ext);
    } else {
      let namespaces = [policy.namespace];
      if (nsSelector) {
        const nsKey = nsSelector.describe();
        namespaces = namespacesOf.get(nsKey) ?? namespaceNames.filter((n) => nsSelector.matches(model.namespaces.get(n)!.labels));
        namespacesOf.set(nsKey, namespaces);
      }
      for (const ns of namespaces) {
        for (const gi of groupsByNamespace.get(ns) ?? []) {
          const g = groups[gi];
          if (!g.hostNetwork && (peer.podSelector === undefined || peer.podSelector.matches(g.labels))) set.add(gi);
        }
      }
    }
    peerSetsByKey.set(key, set);
    return set;
  };
  const all = BitSet.full(total);
  const rulePeerSets = new Map<CompiledRule, BitSet>();
  const rulePeers = (policy: PolicyModel, rule: CompiledRule): BitSet => {
    if (rule.allPeers) return all;
    let set = rulePeerSets.get(rule);
    if (!set) {
      set = new BitSet(total);
      for (const peer of rule.peers) set.or(peerSet(policy, peer));
      rulePeerSets.set(rule, set);
    }
    return set;
  };

  const results: Uint8Array[] = [];
  const n = pods.length + (external ? 1 : 0);
  for (const port of ports) {
    // The groups that serve each named port on this port and protocol (`name` -> groups).
    const namedPortGroups = new Map<string, BitSet>();
    groups.forEach((g, gi) => {
      for (const c of g.containerPorts) {
        if (c.name === undefined || c.port !== port || c.protocol !== protocol) continue;
        let set = namedPortGroups.get(c.name);
        if (!set) namedPortGroups.set(c.name, set = new BitSet(total));
        set.add(gi);
      }
    });
    // The destinations a rule's ports admit on this port: numeric entries admit every destination,
    // named entries the groups that serve the name (never an address outside the cluster).
    const rulePortSets = new Map<CompiledRule, BitSet>();
    const none = new BitSet(total);
    const rulePorts = (rule: CompiledRule): BitSet => {
      if (rule.allPorts) return all;
      let set = rulePortSets.get(rule);
      if (set) return set;
      if (rule.ports.some((e) => e.name === undefined && portMatches(e, port, protocol, undefined))) {
        set = all;
      } else {
        const named = rule.ports.filter((e) => e.name !== undefined && e.protocol === protocol && namedPortGroups.has(e.name));
        if (named.length === 0) {
          set = none;
        } else {
          set = new BitSet(total);
          for (const e of named) set.or(namedPortGroups.get(e.name!)!);
        }
      }
      rulePortSets.set(rule, set);
      return set;
    };

    const ingress: BitSet[] = [];
    const egress: BitSet[] = [];
    for (let gi = 0; gi < G; gi++) {
      const g = groups[gi];
      if (g.ingressPolicies.length === 0) {
        ingress.push(all);
      } else {
        const set = new BitSet(total);
        for (const policy of g.ingressPolicies) {
          for (const rule of policy.ingressRules) {
            if (rulePorts(rule).has(gi)) set.or(rulePeers(policy, rule));
          }
        }
        ingress.push(set);
      }
      if (g.egressPolicies.length === 0) {
        egress.push(all);
      } else {
        const set = new BitSet(total);
        for (const policy of g.egressPolicies) {
          for (const rule of policy.egressRules) set.orAnd(rulePeers(policy, rule), rulePorts(rule));
        }
        egress.push(set);
      }
    }
    if (external) {
      // Outside the cluster: no policy governs the address's own ingress or egress.
      ingress.push(all);
      egress.push(all);
    }

    results.push(fillCells(n, total, external ? [...podGroup, ext] : podGroup, ext, ingress, egress, all, pods));
  }
  return results;
}

/**
 * Expands the group verdicts to endpoints. The ingress sets are transposed first (for each source,
 * the destinations that admit it), so each source group's row is one AND of two bit sets, and each
 * cell is a single bit read from a small row: the n x n loop stays cache-friendly at 5,000 pods.
 */
function fillCells(n: number, total: number, endpointGroup: number[], ext: number, ingress: BitSet[], egress: BitSet[], all: BitSet,
  pods: readonly PodModel[]): Uint8Array {
  const openDestinations = new BitSet(total);
  const admittedBy: BitSet[] = [];
  for (let g = 0; g < total; g++) admittedBy.push(new BitSet(total));
  for (let gj = 0; gj < total; gj++) {
    const set = ingress[gj];
    if (set === all) {
      openDestinations.add(gj);
      continue;
    }
    forEachMember(set, total, (gi) => admittedBy[gi].add(gj));
  }
  const rows: (Uint32Array | undefined)[] = new Array(total);
  const groupOf = Int32Array.from(endpointGroup);
  const cells = new Uint8Array(n * n);
  for (let i = 0; i < n; i++) {
    const gi = groupOf[i];
    let row = rows[gi];
    if (row === undefined) {
      row = andOfOr(egress[gi], admittedBy[gi], openDestinations);
      rows[gi] = row;
    }
    const base = i * n;
    for (let j = 0; j < n; j++) {
      cells[base + j] = bitOf(row, groupOf[j]);
    }
    // The internet to itself involves no pod: outside the question.
    if (gi === ext) cells[base + i] = 0;
    // A Pod always reaches itself (loopback); replicas of one workload are distinct pods and are evaluated.
    if (i < pods.length && pods[i].kind === 'Pod') cells[base + i] = 1;
  }
  return cells;
}
