import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { fail, show } from '../model/errors';
import { objectNameProblems, validateNamespaceName } from '../model/names';

/**
 * The API version of the cluster-scoped policies a construct emits.
 */
export enum ClusterPolicyApi {
  /**
   * `policy.networking.k8s.io/v1alpha2` ClusterNetworkPolicy (Calico 3.32, Cilium 1.20, Antrea 2.7,
   * kube-network-policies, Kube-OVN).
   */
  V1ALPHA2 = 'v1alpha2',
  /**
   * `policy.networking.k8s.io/v1alpha1` AdminNetworkPolicy and BaselineAdminNetworkPolicy
   * (OVN-Kubernetes, OpenShift). The Baseline tier is then the cluster's single BaselineAdminNetworkPolicy,
   * named `default`.
   */
  V1ALPHA1 = 'v1alpha1',
}

/** One rule of a cluster policy as the constructs write it, before the version's vocabulary. @internal */
export interface ClusterRuleDef {
  readonly name: string;
  readonly action: 'Accept' | 'Deny';
  /** Peers in v1alpha2 form (`namespaces`, `pods`, `networks`): the same in v1alpha1. */
  readonly peers: object[];
  /** Numbered ports; undefined: every port. */
  readonly ports?: { readonly protocol: 'TCP' | 'UDP'; readonly port: number }[];
}

/** One cluster policy as the constructs write it. @internal */
export interface ClusterPolicyDef {
  readonly name: string;
  readonly tier: 'Admin' | 'Baseline';
  readonly priority: number;
  readonly subject: object;
  readonly ingress?: ClusterRuleDef[];
  readonly egress?: ClusterRuleDef[];
}

const GROUP = 'policy.networking.k8s.io';
/** The CRD's limits, checked at construction so the API server never refuses what we emit. */
const MAX_RULES = 25;
const MAX_PEERS = 25;

/** Validates a priority prop: an integer from 0 to 1000 (lower goes first). @internal */
export function validatePriority(scope: Construct, value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 1000) {
    fail(scope, `invalid ${field} ${show(value)}: it must be an integer from 0 to 1000 (lower values are evaluated first)`);
  }
}

/** Validates a policy name prop (a DNS-1123 subdomain, like every object name). @internal */
export function validatePolicyName(scope: Construct, value: string, field: string): void {
  const [bad] = objectNameProblems(value, field);
  if (bad) fail(scope, bad);
}

/** Creates the ApiObject of a cluster policy, in the version asked for. @internal */
export function createClusterPolicy(scope: Construct, id: string, def: ClusterPolicyDef, api: ClusterPolicyApi): ApiObject {
  checkLimits(scope, def);
  if (api === ClusterPolicyApi.V1ALPHA2) {
    return new ApiObject(scope, id, {
      apiVersion: `${GROUP}/v1alpha2`,
      kind: 'ClusterNetworkPolicy',
      metadata: { name: def.name },
      spec: { tier: def.tier, priority: def.priority, subject: def.subject, ...rules(def, renderV1alpha2Rule) },
    });
  }
  if (def.tier === 'Admin') {
    return new ApiObject(scope, id, {
      apiVersion: `${GROUP}/v1alpha1`,
      kind: 'AdminNetworkPolicy',
      metadata: { name: def.name },
      spec: { priority: def.priority, subject: def.subject, ...rules(def, renderV1alpha1Rule) },
    });
  }
  // The CRD admits one BaselineAdminNetworkPolicy per cluster, named `default`, without priority.
  return new ApiObject(scope, id, {
    apiVersion: `${GROUP}/v1alpha1`,
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: { subject: def.subject, ...rules(def, renderV1alpha1Rule) },
  });
}

function checkLimits(scope: Construct, def: ClusterPolicyDef): void {
  for (const [direction, list] of [['ingress', def.ingress], ['egress', def.egress]] as const) {
    if ((list?.length ?? 0) > MAX_RULES) fail(scope, `policy ${def.name} would have ${list!.length} ${direction} rules: the CRD allows at most ${MAX_RULES}`);
    for (const rule of list ?? []) {
      if (rule.peers.length > MAX_PEERS) fail(scope, `rule ${rule.name} of ${def.name} would have ${rule.peers.length} peers: the CRD allows at most ${MAX_PEERS}`);
    }
  }
}

function rules(def: ClusterPolicyDef, render: (r: ClusterRuleDef, peersField: 'from' | 'to') => object): object {
  return {
    ...(def.ingress && def.ingress.length > 0 ? { ingress: def.ingress.map((r) => render(r, 'from')) } : {}),
    ...(def.egress && def.egress.length > 0 ? { egress: def.egress.map((r) => render(r, 'to')) } : {}),
  };
}

function renderV1alpha2Rule(r: ClusterRuleDef, peersField: 'from' | 'to'): object {
  const protocols = r.ports?.map((p) => ({ [p.protocol.toLowerCase()]: { destinationPort: { number: p.port } } }));
  return { name: r.name, action: r.action, [peersField]: r.peers, ...(protocols ? { protocols } : {}) };
}

function renderV1alpha1Rule(r: ClusterRuleDef, peersField: 'from' | 'to'): object {
  const ports = r.ports?.map((p) => ({ portNumber: { protocol: p.protocol, port: p.port } }));
  return { name: r.name, action: r.action === 'Accept' ? 'Allow' : 'Deny', [peersField]: r.peers, ...(ports ? { ports } : {}) };
}

/** A subject or peer selecting every namespace except some, by the name label the API server sets. @internal */
export function namespacesExcept(exempt: readonly string[]): object {
  return exempt.length === 0 ? { namespaces: {} }
    : { namespaces: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...exempt] }] } };
}

/** A list of namespace names, each valid and listed once. @internal */
export function validExempt(scope: Construct, list: string[], field = 'exemptNamespaces'): string[] {
  if (!Array.isArray(list)) fail(scope, `invalid ${field} ${show(list)}: give a list of namespace names`);
  list.forEach((n, i) => {
    validateNamespaceName(scope, n, `${field}[${i}]`);
    if (list.indexOf(n) !== i) fail(scope, `duplicate namespace ${show(n)} in ${field}[${i}]`);
  });
  return [...list];
}
