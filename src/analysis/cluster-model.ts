import { ClusterPolicyModel } from './cluster-policy-model';
import { CompiledIpBlock } from './ip-block';
import { CompiledSelector, Labels } from './label-selector';
import { LintFinding } from './lint-finding';
import { CompiledPort, ContainerPort } from './port-matcher';
import { ServiceModel } from './service-model';

/**
 * The model the engine evaluates: namespaces, pods (one per Pod or workload template) and compiled
 * policies. Built once from manifests by the reader; never mutated afterwards.
 */

/** The label the API server puts on every namespace (since 1.21), with the namespace name as value (defined in model/names). @internal */
export { NAMESPACE_NAME_LABEL } from '../model/names';

/** @internal */
export interface NamespaceModel {
  readonly name: string;
  /** Declared labels plus the automatic `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** Whether a Namespace object for it is in the input (otherwise it is only referenced). */
  readonly declared: boolean;
}

/** A Pod, or the pod template of a workload. @internal */
export interface PodModel {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  /** `namespace/name`, or `namespace/Kind/name` when two kinds share a name (model/workload-id). */
  id: string;
  readonly labels: Labels;
  readonly containerPorts: readonly ContainerPort[];
  /** hostNetwork pods use the node's address: policies neither select them nor match them as peers. */
  readonly hostNetwork: boolean;
}

/** One peer of a rule: pods (by namespace and pod selectors) or an ipBlock. @internal */
export type CompiledPeer = PodsPeer | IpBlockPeer;

/** A peer of pods. @internal */
export interface PodsPeer {
  readonly kind: 'pods';
  /** Its index in the rule's `from`/`to`. */
  readonly index: number;
  /** The namespace part (undefined = the policy's own namespace). */
  readonly namespaceSelector?: CompiledSelector;
  /** The pod part (undefined = every pod of those namespaces). */
  readonly podSelector?: CompiledSelector;
}

/** A peer of addresses outside the cluster. @internal */
export interface IpBlockPeer {
  readonly kind: 'ipBlock';
  /** Its index in the rule's `from`/`to`. */
  readonly index: number;
  readonly ipBlock: CompiledIpBlock;
}

/** For the `default` of an exhaustive switch: a new kind of peer fails to compile until it is handled. @internal */
export function unknownPeer(peer: never): never {
  throw new Error(`unknown peer kind ${JSON.stringify((peer as { kind?: unknown }).kind)}`);
}

/** One ingress or egress rule. @internal */
export interface CompiledRule {
  readonly index: number;
  /** No `from`/`to` (or an empty list): every peer, inside or outside the cluster. */
  readonly allPeers: boolean;
  readonly peers: readonly CompiledPeer[];
  /** No `ports` (or an empty list): every port and protocol. */
  readonly allPorts: boolean;
  readonly ports: readonly CompiledPort[];
}

/** @internal */
export interface PolicyModel {
  readonly name: string;
  readonly namespace: string;
  /** `namespace/name`. */
  readonly id: string;
  readonly podSelector: CompiledSelector;
  /** Whether the policy isolates the pods it selects for ingress / egress (effective policyTypes). */
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly explicitPolicyTypes: boolean;
  readonly ingressRules: readonly CompiledRule[];
  readonly egressRules: readonly CompiledRule[];
  /** The raw object, for lint. */
  readonly raw: any;
}

/** @internal */
export interface ClusterModel {
  /** The namespace of objects and endpoints that name none (`ManifestOptions.defaultNamespace`). */
  readonly defaultNamespace?: string;
  readonly namespaces: Map<string, NamespaceModel>;
  readonly pods: readonly PodModel[];
  readonly policies: readonly PolicyModel[];
  /** The `v1` Services (they translate Service ports to pod ports; policies see only the latter). */
  readonly services: readonly ServiceModel[];
  /** ClusterNetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy objects (cluster-policy-model.ts). */
  readonly clusterPolicies?: readonly ClusterPolicyModel[];
  /** Every object read (kind, namespace, name, raw), for lint checks on any kind. */
  readonly objects: readonly { kind: string; namespace?: string; name: string; raw: any }[];
  /** Pods, workloads and policies the API server would reject for their metadata: not in the analysis. */
  readonly excluded: readonly ExcludedObject[];
  readonly problems: LintFinding[];
}

/** An object left out of the analysis, and why (the message of its first NP011 finding). @internal */
export interface ExcludedObject {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly reason: string;
}

/** A pod-like endpoint of a query: a pod of the model or a hypothetical pod. @internal */
export interface PodLike {
  readonly namespace: string;
  readonly labels: Labels;
  readonly containerPorts: readonly ContainerPort[];
  readonly hostNetwork: boolean;
}
