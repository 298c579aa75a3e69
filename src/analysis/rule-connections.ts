import { CompiledRule } from './cluster-model';
import { ConnectionEvaluator, describePeer, ResolvedEndpoint } from './connection-evaluator';
import { ConnectionSet } from './connection-set';
import { RuleReference } from './explanation';
import { CompiledPort, ContainerPort, describePort } from './port-matcher';
import type { TierRuleConnections } from './tier-connections';
import { Direction } from '../model/direction';

/**
 * Connection sets of rules and of one pair of endpoints (the readable path of `connections` and of
 * the diff's reasons; connection-table.ts is the bulk path, and the tests check they agree).
 *
 * THE SEAM for other policy kinds: a direction's allowed set is the union, over the rules that
 * select the pod and match the peer, of each rule's port set (`rulePortSet`), resolved against the
 * DESTINATION's container ports; a direction no policy isolates allows `ConnectionSet.all()`; a pair
 * is the intersection of the source's egress and the destination's ingress. A tiered evaluator
 * (AdminNetworkPolicy / ClusterNetworkPolicy) can produce its own per-rule sets the same way
 * (ports resolved with `entryPortSet`), then combine them by precedence with `union` / `subtract`
 * (Allow adds, Deny removes what a higher tier already decided, Pass leaves ports to the next tier)
 * before intersecting the two directions.
 */

/** The connections one `NetworkPolicyPort` admits towards a destination (`undefined`: outside the cluster). @internal */
export function entryPortSet(entry: CompiledPort, destinationPorts: readonly ContainerPort[] | undefined): ConnectionSet {
  if (entry.name !== undefined) {
    // A named port admits the port numbers the destination serves under that name and protocol.
    let set = ConnectionSet.none();
    for (const c of destinationPorts ?? []) {
      if (c.name === entry.name && c.protocol === entry.protocol) set = set.union(ConnectionSet.ports(c.protocol, c.port));
    }
    return set;
  }
  if (entry.port === undefined) return ConnectionSet.allOf(entry.protocol);
  return ConnectionSet.ports(entry.protocol, entry.port, entry.endPort ?? entry.port);
}

/** The connections a rule's ports admit towards a destination: a rule without ports admits all. @internal */
export function rulePortSet(rule: CompiledRule, destinationPorts: readonly ContainerPort[] | undefined): ConnectionSet {
  if (rule.allPorts) return ConnectionSet.all();
  let set = ConnectionSet.none();
  for (const entry of rule.ports) set = set.union(entryPortSet(entry, destinationPorts));
  return set;
}

/** What one direction of one pair allows, and the rules behind it. @internal */
export interface DirectionConnections {
  readonly direction: Direction;
  /** Whether policies can govern this side (false for an address outside the cluster or a hostNetwork pod). */
  readonly applies: boolean;
  /** Whether some policy selects the pod for this direction. */
  readonly isolated: boolean;
  /** The policies that select it for this direction. */
  readonly policies: string[];
  /** The rules whose peers match the other side and whose ports admit something. */
  readonly rules: RuleReference[];
  readonly connections: ConnectionSet;
  /** The cluster-scoped policy rules that matched, in evaluation order (tier-connections.ts); undefined without such policies. */
  readonly tierRules?: readonly TierRuleConnections[];
}

/**
 * The connections one direction allows: `subject` is the source for egress, the destination for
 * ingress; `other` is the far side. @internal
 */
export function directionConnections(evaluator: ConnectionEvaluator, direction: Direction, subject: ResolvedEndpoint,
  other: ResolvedEndpoint, destinationPorts: readonly ContainerPort[] | undefined): DirectionConnections {
  const pod = subject.pod;
  const policies = pod ? evaluator.selectingPolicies(pod, direction) : [];
  if (policies.length === 0) {
    return { direction, applies: pod !== undefined && !pod.hostNetwork, isolated: false, policies: [], rules: [], connections: ConnectionSet.all() };
  }
  let connections = ConnectionSet.none();
  const rules: RuleReference[] = [];
  for (const policy of policies) {
    for (const rule of direction === Direction.INGRESS ? policy.ingressRules : policy.egressRules) {
      const peer = rule.allPeers ? undefined : rule.peers.find((p) => evaluator.peerMatches(policy, p, other));
      if (!rule.allPeers && peer === undefined) continue;
      const ports = rulePortSet(rule, destinationPorts);
      if (ports.isEmpty) continue;
      connections = connections.union(ports);
      rules.push({
        policy: policy.id,
        ruleIndex: rule.index,
        peerIndex: peer?.index,
        peer: peer ? describePeer(policy, peer) : 'every peer',
        ports: rule.allPorts ? 'all ports' : rule.ports.map(describePort).join(', '),
      });
    }
  }
  return { direction, applies: true, isolated: true, policies: policies.map((p) => p.id), rules, connections };
}

/** Both directions of a pair and what they allow together. @internal */
export interface PairConnections {
  readonly egress: DirectionConnections;
  readonly ingress: DirectionConnections;
  readonly connections: ConnectionSet;
}

/** Both directions of a pair (a Pod to itself: loopback, always everything). @internal */
export function pairConnections(evaluator: ConnectionEvaluator, source: ResolvedEndpoint, destination: ResolvedEndpoint): PairConnections {
  const destinationPorts = destination.pod?.containerPorts;
  const self = source.podId !== undefined && source.podId === destination.podId && source.podKind === 'Pod';
  if (self) {
    const open = (direction: Direction): DirectionConnections =>
      ({ direction, applies: false, isolated: false, policies: [], rules: [], connections: ConnectionSet.all() });
    return { egress: open(Direction.EGRESS), ingress: open(Direction.INGRESS), connections: ConnectionSet.all() };
  }
  const egress = directionConnections(evaluator, Direction.EGRESS, source, destination, destinationPorts);
  const ingress = directionConnections(evaluator, Direction.INGRESS, destination, source, destinationPorts);
  return { egress, ingress, connections: egress.connections.intersect(ingress.connections) };
}
