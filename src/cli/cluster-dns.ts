/**
 * "The cluster DNS" of `explain --to dns` and of `summary`: the pods the library's `AllowDnsEgress` and
 * `EgressPresets` allow by default (model/cluster-dns), whether or not the manifests hold kube-system.
 * When they do not, the DNS pods are an implied endpoint (a pod with those labels in kube-system), and
 * the output says so.
 */
import { defaultNamespace, lacksNamespace } from './default-namespace';
import { labelsText } from '../analysis/connection-evaluator';
import { Endpoint } from '../analysis/endpoint';
import { CLUSTER_DNS_NAMESPACE, CLUSTER_DNS_POD_LABELS, DNS_PORT } from '../model/cluster-dns';

/** The word for the cluster DNS pods in --from/--to. */
export const DNS = 'dns';

/** The cluster DNS pods as an engine endpoint: a pod with their labels in their namespace. */
export function dnsEndpoint(): Endpoint {
  return { namespace: CLUSTER_DNS_NAMESPACE, labels: { ...CLUSTER_DNS_POD_LABELS } };
}

/** How the summary and explain name the DNS pods: `kube-system {k8s-app=kube-dns}`. */
export const DNS_TEXT = `${CLUSTER_DNS_NAMESPACE} ${labelsText(CLUSTER_DNS_POD_LABELS)}`;

/** What to check DNS on: UDP and TCP, port 53. */
export const DNS_PORT_NUMBER = DNS_PORT;

/** What `dns` stands for, as a note. */
export function dnsNote(implied: boolean): string {
  const what = `"dns" stands for the cluster DNS pods, ${DNS_TEXT} on port ${DNS_PORT} (the pods AllowDnsEgress and EgressPresets allow by default)`;
  return implied ? `${what}; the manifests hold no ${CLUSTER_DNS_NAMESPACE} objects, so the analysis assumes a pod with those labels there` : what;
}

/**
 * The manifests, with a `kube-system` Namespace added when they declare none (the engine then knows
 * the namespace of the DNS pods); `implied` when no object of the manifests is in kube-system.
 */
export function withClusterDns(objects: readonly unknown[]): { objects: unknown[]; implied: boolean } {
  const inKubeSystem = (o: any) => o !== null && typeof o === 'object' &&
    (o.kind === 'Namespace' ? o.metadata?.name === CLUSTER_DNS_NAMESPACE
      : (lacksNamespace(o) ? defaultNamespace() : o.metadata?.namespace) === CLUSTER_DNS_NAMESPACE);
  const declared = objects.some((o: any) => inKubeSystem(o) && o.kind === 'Namespace');
  const implied = !objects.some(inKubeSystem);
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: CLUSTER_DNS_NAMESPACE } };
  return { objects: declared ? [...objects] : [namespace, ...objects], implied };
}
