/**
 * The codes of lint findings (`LintFinding.code`), one per kind of problem. The values are the codes
 * themselves, so `finding.code === LintCode.NP006` (and `LintOptions.ignore: [LintCode.NP006]`) read as
 * the README's table of codes.
 */
export enum LintCode {
  /** A `policyTypes` entry is not the string `Ingress` or `Egress` (e.g. the guide's `- Ingress:` map). Error. */
  NP001 = 'NP001',
  /** `ingress`/`egress` rules nested under `policyTypes` instead of `spec`. Error. */
  NP002 = 'NP002',
  /** The same kind, namespace and name twice (the later object replaces the earlier). Error. */
  NP003 = 'NP003',
  /** A policy without explicit `policyTypes` (left to the API server's default). Warning. */
  NP004 = 'NP004',
  /** A namespace with pods but no ingress default-deny. Warning. */
  NP005 = 'NP005',
  /** A Pod or workload not isolated for ingress. Warning. */
  NP006 = 'NP006',
  /** A policy whose `podSelector` selects none of the pods of its namespace. Warning. */
  NP007 = 'NP007',
  /** A peer that matches none of the pods of the namespaces it targets. Warning. */
  NP008 = 'NP008',
  /** A `namespaceSelector` that matches no namespace. Error, warning or info. */
  NP009 = 'NP009',
  /** A `namespaceSelector` on a label other than `kubernetes.io/metadata.name`, which anyone who can label namespaces can forge. Warning. */
  NP010 = 'NP010',
  /** A malformed object the API server would reject (error), or one it accepts but reads in its own way (warning). */
  NP011 = 'NP011',
  /** Rules for a direction the policy's `policyTypes` does not list (they have no effect). Warning. */
  NP012 = 'NP012',
  /** A `hostNetwork` pod, outside NetworkPolicy. Info. */
  NP013 = 'NP013',
  /** A policy isolating some pods for egress in a namespace without an egress default-deny: they lose all other egress, DNS included. Warning. */
  NP014 = 'NP014',
  /** An allow-all rule on `podSelector: {}`: that direction of the namespace denies nothing. Warning. */
  NP015 = 'NP015',
  /** A `NetworkPolicy` of another API (Calico, Antrea...), left out of the analysis (warning); a Pod, Namespace or workload kind of another API group (info). */
  NP016 = 'NP016',
  /** (`cdk8s-netpol audit` only) a YAML value that kubectl (YAML 1.1) reads differently from YAML 1.2 tools. Warning. */
  NP017 = 'NP017',
  /** A rule port that none of the destination pods declare while they declare ports, often a Service `port` where the pod's `targetPort` belongs (the fix names it). Warning. */
  NP018 = 'NP018',
  /** A named port that is a different number or protocol on different pods a rule leads to. Warning. */
  NP019 = 'NP019',
  /** A Service whose selector matches no Pod or workload. Warning. */
  NP020 = 'NP020',
  /** A Service `targetPort` that none of the pods it selects declare. Warning. */
  NP021 = 'NP021',
  /** A ClusterNetworkPolicy/AdminNetworkPolicy rule that never applies: an earlier rule of its tier matches all of its traffic. Warning. */
  NP022 = 'NP022',
  /** Baseline-tier rules that never apply to the manifests' pods: NetworkPolicies select every pod they select, for that direction. Warning. */
  NP023 = 'NP023',
  /** A v1alpha1 AdminNetworkPolicy or BaselineAdminNetworkPolicy beside v1alpha2 ClusterNetworkPolicies. Info. */
  NP024 = 'NP024',
  /** A cluster-scoped policy over the CRD's limits (priority 0-1000, 25 rules, 25 peers, rule names of 100 characters, a BANP not named `default`): rejected. Error. */
  NP025 = 'NP025',
  /** Two cluster-scoped policies of one tier and priority that overlap with different actions: their order is undefined. Warning. */
  NP026 = 'NP026',
}
