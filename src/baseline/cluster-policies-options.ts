import { ClusterPolicyApi } from '../policies/cluster-policy-object';

/**
 * Cluster-scoped policies (`policy.networking.k8s.io`) that a `ClusterBaseline` emits beside its
 * per-namespace NetworkPolicies: a Baseline-tier default deny that also covers namespaces created
 * later (`ClusterDefaultDeny`), and Admin-tier guardrails (`AdminGuardrails`: no egress to the cloud
 * metadata addresses, DNS to the cluster DNS pods always accepted). The per-namespace default denies
 * stay: a ClusterNetworkPolicy cannot deny traffic from outside the cluster (its ingress has no CIDR
 * peers), a NetworkPolicy's isolation can.
 */
export interface ClusterPoliciesOptions {
  /**
   * The API version: v1alpha2 ClusterNetworkPolicy, or v1alpha1 AdminNetworkPolicy and
   * BaselineAdminNetworkPolicy for OVN-Kubernetes and OpenShift.
   *
   * @default ClusterPolicyApi.V1ALPHA2
   */
  readonly api?: ClusterPolicyApi;

  /**
   * Emit the Baseline-tier default deny (`ClusterDefaultDeny`, ingress; `kube-system` exempt).
   *
   * @default true
   */
  readonly defaultDeny?: boolean;

  /**
   * Emit the Admin-tier guardrails (`AdminGuardrails` with its defaults).
   *
   * @default true
   */
  readonly guardrails?: boolean;
}
