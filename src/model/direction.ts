/**
 * A direction of traffic as NetworkPolicies govern it: the egress of the pod that opens a connection,
 * or the ingress of the pod that accepts it. The values are the lower-case words of the Kubernetes
 * spec's `ingress` and `egress` fields (policyTypes writes them capitalized).
 */
export enum Direction {
  /** Connections the pod accepts (`spec.ingress`, policyTypes `Ingress`). */
  INGRESS = 'ingress',
  /** Connections the pod opens (`spec.egress`, policyTypes `Egress`). */
  EGRESS = 'egress',
}
