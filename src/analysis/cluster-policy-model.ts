import { Network } from './ip-block';
import { CompiledSelector } from './label-selector';
import { Protocol } from '../model/protocol';

/**
 * Cluster-scoped policies of `policy.networking.k8s.io` in the engine's model: ClusterNetworkPolicy
 * (v1alpha2, `tier: Admin | Baseline`) and the older AdminNetworkPolicy / BaselineAdminNetworkPolicy
 * (v1alpha1), read into one shape. v1alpha1 `Allow` is read as `Accept` (the same meaning); a
 * BaselineAdminNetworkPolicy has no priority and is the Baseline tier's only v1alpha1 object (its name
 * must be `default`); it gets priority 1001 here, after every Baseline ClusterNetworkPolicy (no API
 * orders objects of the two versions, which a cluster rarely serves together; lint NP024 says so).
 */

/** The tier of a cluster-scoped policy. @internal */
export enum PolicyTier {
  ADMIN = 'Admin',
  BASELINE = 'Baseline',
}

/** What a matching rule does. @internal */
export enum RuleAction {
  /** Final: the direction admits the connection (v1alpha1 `Allow`). */
  ACCEPT = 'Accept',
  /** Final: the direction refuses the connection. */
  DENY = 'Deny',
  /** Skips the rest of the tier: the next tier decides. */
  PASS = 'Pass',
}

/** A `namespaces` or `pods` selection: subject, or peer. Undefined pod selector = every pod. @internal */
export interface PodSelection {
  readonly kind: 'pods';
  readonly namespaceSelector: CompiledSelector;
  readonly podSelector?: CompiledSelector;
}

/** An egress `networks` peer: any of the CIDRs. @internal */
export interface NetworksPeer {
  readonly kind: 'networks';
  readonly networks: readonly Network[];
}

/** An egress `nodes` peer: the node addresses (hostNetwork pods speak with them). @internal */
export interface NodesPeer {
  readonly kind: 'nodes';
  readonly selector: CompiledSelector;
}

/** An egress `domainNames` peer (experimental): names, which the engine cannot resolve. @internal */
export interface DomainNamesPeer {
  readonly kind: 'domainNames';
  readonly names: readonly string[];
}

/** One peer of a cluster policy rule. @internal */
export type ClusterPeer = PodSelection | NetworksPeer | NodesPeer | DomainNamesPeer;

/**
 * One protocol/port match. `protocol` undefined only for a named port (the container port's protocol
 * decides); `port` undefined = every port of the protocol; `endPort` for ranges (inclusive).
 * @internal
 */
export interface ClusterPort {
  readonly protocol?: Protocol;
  readonly port?: number;
  readonly endPort?: number;
  readonly name?: string;
}

/** One ingress or egress rule of a cluster policy. @internal */
export interface ClusterRule {
  /** Its index in the policy's `ingress`/`egress` list. */
  readonly index: number;
  readonly name?: string;
  readonly action: RuleAction;
  readonly peers: readonly ClusterPeer[];
  /** Undefined: every protocol and port (no `protocols`/`ports`). */
  readonly ports?: readonly ClusterPort[];
}

/** One cluster-scoped policy. @internal */
export interface ClusterPolicyModel {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  /** `ClusterNetworkPolicy/name`: how explain and lint name it. */
  readonly id: string;
  readonly tier: PolicyTier;
  readonly priority: number;
  readonly subject: PodSelection;
  readonly ingressRules: readonly ClusterRule[];
  readonly egressRules: readonly ClusterRule[];
  readonly raw: any;
}

/** The kinds and the one apiVersion each is read in. @internal */
export const CLUSTER_POLICY_KINDS: { readonly [kind: string]: string } = {
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
};

/** Whether a kind is one of the cluster-scoped policy kinds. @internal */
export function isClusterPolicyKind(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(CLUSTER_POLICY_KINDS, kind);
}

/** The decision of a tier's rule, for explain. @internal */
export interface TierMatch {
  readonly policy: ClusterPolicyModel;
  readonly rule: ClusterRule;
  /** Other policies of the same priority whose rules also match with another action: the spec leaves the order undefined. */
  readonly tiedWith: readonly ClusterPolicyModel[];
}

/** `rule 0 ("deny-metadata") of ClusterNetworkPolicy/guardrails`. @internal */
export function describeRule(policy: ClusterPolicyModel, rule: ClusterRule): string {
  return `rule ${rule.index}${rule.name ? ` (${JSON.stringify(rule.name)})` : ''} of ${policy.id}`;
}
