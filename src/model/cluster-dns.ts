/**
 * The cluster DNS as the library allows it by default (`AllowDnsEgress`, `EgressPresets`): the pods
 * labelled `k8s-app: kube-dns` (CoreDNS keeps kube-dns's label on kubeadm, EKS, GKE and AKS) in the
 * namespace `kube-system`, on port 53 over UDP and TCP. The CLI's `explain --to dns` and `summary` ask
 * the engine about these same pods.
 */

/** The namespace of the cluster DNS pods. @internal */
export const CLUSTER_DNS_NAMESPACE = 'kube-system';

/** The labels of the cluster DNS pods. @internal */
export const CLUSTER_DNS_POD_LABELS: { readonly [key: string]: string } = Object.freeze({ 'k8s-app': 'kube-dns' });

/** The port DNS servers listen on (UDP, and TCP for answers too large for a UDP packet). @internal */
export const DNS_PORT = 53;
