import { ClusterModel, CompiledPeer, CompiledRule, PodLike, PodsPeer, PolicyModel, unknownPeer } from './cluster-model';
import { DirectionVerdict, RuleReference } from './explanation';
import { Address, describeIpBlock, ipBlockMatches } from './ip-block';
import { ContainerPort, describePort, portMatches } from './port-matcher';
import { Direction } from '../model/direction';
import { groupBy } from '../model/group-by';
import { Protocol } from '../model/protocol';

/**
 * Evaluates one connection, direction by direction, recording why. This is the readable path used by
 * `canConnect` and `explain`; the matrix has its own set-based path, and the tests check they agree.
 */

/** A resolved endpoint: a pod-like thing inside the cluster, or an address outside it. @internal */
export interface ResolvedEndpoint {
  readonly text: string;
  readonly pod?: PodLike;
  /** The model pod when it names one (for the self-traffic rule). */
  readonly podId?: string;
  readonly podKind?: string;
  readonly ip?: Address;
  readonly ipText?: string;
}

/** @internal */
export class ConnectionEvaluator {
  private readonly policiesByNamespace: Map<string, PolicyModel[]>;

  constructor(private readonly model: ClusterModel) {
    this.policiesByNamespace = groupBy(model.policies, (p) => p.namespace);
  }

  /** The policies of the pod's namespace that select it and isolate the direction. */
  public selectingPolicies(pod: PodLike, direction: Direction): PolicyModel[] {
    if (pod.hostNetwork) return [];
    return (this.policiesByNamespace.get(pod.namespace) ?? [])
      .filter((p) => (direction === Direction.INGRESS ? p.ingress : p.egress) && p.podSelector.matches(pod.labels));
  }

  /** Whether a peer of a rule of `policy` matches an endpoint. */
  public peerMatches(policy: PolicyModel, peer: CompiledPeer, endpoint: ResolvedEndpoint): boolean {
    switch (peer.kind) {
      case 'ipBlock': return endpoint.ip !== undefined && ipBlockMatches(peer.ipBlock, endpoint.ip);
      case 'pods': return this.podsPeerMatches(policy, peer, endpoint);
      default: return unknownPeer(peer);
    }
  }

  private podsPeerMatches(policy: PolicyModel, peer: PodsPeer, endpoint: ResolvedEndpoint): boolean {
    const pod = endpoint.pod;
    if (!pod || pod.hostNetwork) {
      return false;
    }
    if (peer.namespaceSelector) {
      const ns = this.model.namespaces.get(pod.namespace);
      if (!ns || !peer.namespaceSelector.matches(ns.labels)) return false;
    } else if (pod.namespace !== policy.namespace) {
      return false;
    }
    return peer.podSelector === undefined || peer.podSelector.matches(pod.labels);
  }

  public evaluate(direction: Direction, subject: ResolvedEndpoint, other: ResolvedEndpoint, port: number, protocol: Protocol,
    destinationPorts: readonly ContainerPort[] | undefined): DirectionVerdict {
    const pod = subject.pod;
    if (!pod) {
      return ungoverned(direction, `${subject.text} is outside the cluster; no NetworkPolicy governs its ${direction}`);
    }
    if (pod.hostNetwork) {
      return ungoverned(direction, `${subject.text} uses hostNetwork; NetworkPolicies do not apply to it`);
    }
    const policies = this.selectingPolicies(pod, direction);
    const names = policies.map((p) => p.id);
    if (policies.length === 0) {
      return {
        direction,
        applies: true,
        isolated: false,
        allowed: true,
        policies: [],
        reason: `no NetworkPolicy in namespace ${pod.namespace} selects ${subject.text} for ${direction}, so its ${direction} is not isolated and everything is allowed`,
      };
    }
    const misses: string[] = [];
    let rules = 0;
    for (const policy of policies) {
      const list = direction === Direction.INGRESS ? policy.ingressRules : policy.egressRules;
      for (const rule of list) {
        rules++;
        const portOk = rule.allPorts || rule.ports.some((e) => portMatches(e, port, protocol, destinationPorts));
        const peer = rule.allPeers ? undefined : rule.peers.find((p) => this.peerMatches(policy, p, other));
        const peerOk = rule.allPeers || peer !== undefined;
        if (portOk && peerOk) {
          const admittedBy: RuleReference = {
            policy: policy.id,
            ruleIndex: rule.index,
            peerIndex: peer?.index,
            peer: peer ? describePeer(policy, peer) : `every peer (the rule has no ${peersField(direction)})`,
            ports: describePorts(rule),
          };
          return {
            direction,
            applies: true,
            isolated: true,
            allowed: true,
            policies: names,
            admittedBy,
            reason: `isolated by ${names.join(', ')}; ${direction} rule ${rule.index} of ${policy.id} admits it ` +
              `(${peersField(direction)} ${admittedBy.peer}, ports ${admittedBy.ports})`,
          };
        }
        misses.push(`rule ${rule.index} of ${policy.id}: ${this.whyNot(policy, rule, peerOk, portOk, other, port, protocol, direction, destinationPorts)}`);
      }
    }
    const shown = misses.slice(0, 5).join('; ') + (misses.length > 5 ? `; and ${misses.length - 5} more rules` : '');
    const what = rules === 0
      ? `they have no ${direction} rules, so they admit nothing`
      : `none of their ${direction} rules (${rules}) admits ${other.text} on ${protocol}/${port}: ${shown}`;
    return {
      direction,
      applies: true,
      isolated: true,
      allowed: false,
      policies: names,
      reason: `isolated by ${names.join(', ')}; ${what}. To allow it, ${this.fix(direction, subject, other, port, protocol)}`,
    };
  }

  private whyNot(policy: PolicyModel, rule: CompiledRule, peerOk: boolean, portOk: boolean, other: ResolvedEndpoint,
    port: number, protocol: Protocol, direction: Direction, destinationPorts: readonly ContainerPort[] | undefined): string {
    const reasons: string[] = [];
    if (!peerOk) {
      const peers = rule.peers.map((p) => describePeer(policy, p)).join(' or ');
      const hint = other.pod?.hostNetwork ? ' (hostNetwork pods never match selectors)'
        : other.ip && rule.peers.every((p) => p.kind === 'pods') ? ' (pod selectors never match addresses outside the cluster)'
          : other.pod && rule.peers.every((p) => p.kind === 'ipBlock') ? ' (ipBlocks match only addresses outside the cluster)' : '';
      reasons.push(`${peersField(direction)} ${peers} does not match ${other.text}${hint}`);
    }
    if (!portOk) {
      const named = rule.ports.some((e) => e.name !== undefined && e.protocol === protocol);
      const hint = named && destinationPorts === undefined ? ' (a named port never matches an address outside the cluster)'
        : named ? ' (named ports are resolved against the destination pod\'s container ports)' : '';
      reasons.push(`ports ${describePorts(rule)} do not include ${protocol}/${port}${hint}`);
    }
    return reasons.join(' and ');
  }

  private fix(direction: Direction, subject: ResolvedEndpoint, other: ResolvedEndpoint, port: number, protocol: Protocol): string {
    if (other.pod?.hostNetwork) {
      return `note that selectors and ipBlocks never match the hostNetwork pod ${other.text} here; only a rule without ` +
        `${peersField(direction)} admits it (on port ${protocol}/${port}) in a NetworkPolicy of ${subject.pod!.namespace} that selects ${subject.text}`;
    }
    const peer = other.ip ? `ipBlock ${other.ipText}/${other.ipText!.includes(':') ? 128 : 32} (or a CIDR around it)`
      : `podSelector ${labelsText(other.pod!.labels)}` +
        (other.pod!.namespace === subject.pod!.namespace ? '' : ` with namespaceSelector {kubernetes.io/metadata.name=${other.pod!.namespace}} in the same peer`);
    return `add to a NetworkPolicy in namespace ${subject.pod!.namespace} that selects ${subject.text} an ${direction} rule ` +
      `${peersField(direction)} ${peer} on port ${protocol}/${port}`;
  }
}

/** The verdict for a side no NetworkPolicy can govern (an address outside the cluster, a hostNetwork pod). */
function ungoverned(direction: Direction, reason: string): DirectionVerdict {
  return { direction, applies: false, isolated: false, allowed: true, policies: [], reason };
}

/** The field that lists a rule's peers. */
function peersField(direction: Direction): string {
  return direction === Direction.INGRESS ? 'from' : 'to';
}

/** `pods {app=web} in namespace x`, `addresses 10.0.0.0/8 except ...`: a peer of one of the policy's rules. @internal */
export function describePeer(policy: PolicyModel, peer: CompiledPeer): string {
  switch (peer.kind) {
    case 'ipBlock': return `addresses ${describeIpBlock(peer.ipBlock)}`;
    case 'pods': return describePodsPeer(policy, peer);
    default: return unknownPeer(peer);
  }
}

function describePodsPeer(policy: PolicyModel, peer: PodsPeer): string {
  const pods = peer.podSelector && !peer.podSelector.isEmpty ? `pods ${peer.podSelector.describe()}` : 'all pods';
  return peer.namespaceSelector
    ? `${pods} in namespaces ${peer.namespaceSelector.isEmpty ? '{} (all namespaces)' : peer.namespaceSelector.describe()}`
    : `${pods} in namespace ${policy.namespace}`;
}

function describePorts(rule: CompiledRule): string {
  return rule.allPorts ? 'all ports' : rule.ports.map(describePort).join(', ');
}

/** `{app=web, tier=db}`. @internal */
export function labelsText(labels: { readonly [key: string]: string }): string {
  return `{${Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(', ')}}`;
}
