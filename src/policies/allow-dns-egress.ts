import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { toKubePorts } from './kube-ports';
import { createNetworkPolicy, selectorOf } from './network-policy';
import { IPolicySet } from './policy-set';
import { validateIpBlock } from '../model/cidr';
import { CLUSTER_DNS_NAMESPACE, CLUSTER_DNS_POD_LABELS, DNS_PORT } from '../model/cluster-dns';
import { fail, show } from '../model/errors';
import { validateLabels } from '../model/labels';
import { NAMESPACE_NAME_LABEL, validateNamespaceName } from '../model/names';
import { Ports, validatePort } from '../model/ports';

/**
 * Props for `AllowDnsEgress`.
 */
export interface AllowDnsEgressProps {
  /**
   * The namespace whose pods may resolve names.
   */
  readonly namespace: string;

  /**
   * The pods of `namespace` that may resolve names.
   *
   * Careful: an egress policy isolates the egress of every pod it selects, so only select pods whose
   * namespace already denies egress (`DefaultDenyEgress`), or they lose every other connection.
   *
   * @default - every pod of the namespace
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * The namespace of the cluster DNS pods, selected by its `kubernetes.io/metadata.name` label (set by the
   * API server on every namespace and impossible to forge, unlike a custom `name` label).
   *
   * @default "kube-system"
   */
  readonly dnsNamespace?: string;

  /**
   * The labels of the cluster DNS pods in `dnsNamespace`. CoreDNS keeps kube-dns's `k8s-app: kube-dns`
   * label on kubeadm, EKS, GKE and AKS; OpenShift uses `dns.operator.openshift.io/daemonset-dns: default`
   * in `openshift-dns`. An empty map selects every pod of `dnsNamespace`.
   *
   * @default { "k8s-app": "kube-dns" }
   */
  readonly dnsPodLabels?: { [key: string]: string };

  /**
   * Whether to allow the cluster DNS pods (`dnsNamespace` and `dnsPodLabels`). Turn it off only when DNS
   * is reached by address alone (`dnsCidrs`).
   *
   * @default true
   */
  readonly allowClusterDnsPods?: boolean;

  /**
   * Extra DNS server addresses, as IPv4 or IPv6 CIDRs: NodeLocal DNSCache's `169.254.20.10/32`
   * (`EgressPresets.NODE_LOCAL_DNS_IPV4`), a DNS server outside the cluster, and so on.
   *
   * How an ipBlock applies to traffic that stays on the node is up to the network plugin; test it.
   *
   * @default - no addresses: the cluster DNS pods only
   */
  readonly dnsCidrs?: string[];

  /**
   * The port the DNS servers listen on, as seen by the pod after service translation: the DNS pods'
   * container port (5353 on OpenShift), not the service port. It is always allowed over both UDP and TCP,
   * since DNS falls back to TCP for answers that do not fit a UDP packet.
   *
   * @default 53
   */
  readonly port?: number;

  /**
   * The NetworkPolicy's name.
   *
   * @default "allow-dns-egress"
   */
  readonly name?: string;
}

/**
 * Lets the pods of a namespace resolve names: egress to the cluster DNS pods on port 53 over UDP and TCP,
 * and nothing else. The companion of `DefaultDenyEgress`, which blocks DNS too.
 *
 * The DNS pods are selected by one peer with both a namespace selector and a pod selector (both must
 * match), so no other pod of the DNS namespace and no pod labelled `k8s-app: kube-dns` elsewhere is
 * admitted.
 */
export class AllowDnsEgress extends Construct implements IPolicySet {
  /** The default policy name. */
  public static readonly DEFAULT_NAME: string = 'allow-dns-egress';

  /** The default namespace of the cluster DNS pods. */
  public static readonly DEFAULT_DNS_NAMESPACE: string = CLUSTER_DNS_NAMESPACE;

  /** The default labels of the cluster DNS pods. */
  public static readonly DEFAULT_DNS_POD_LABELS: { [key: string]: string } = Object.freeze({ ...CLUSTER_DNS_POD_LABELS });

  /** The default DNS port. */
  public static readonly DEFAULT_PORT: number = DNS_PORT;

  /** The name of the NetworkPolicy. */
  public readonly name: string;

  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  /** The NetworkPolicy, as the only element: `[policy]`. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: AllowDnsEgressProps) {
    super(scope, id);
    this.name = props.name ?? AllowDnsEgress.DEFAULT_NAME;

    const dnsNamespace = props.dnsNamespace ?? AllowDnsEgress.DEFAULT_DNS_NAMESPACE;
    const dnsPodLabels = props.dnsPodLabels ?? AllowDnsEgress.DEFAULT_DNS_POD_LABELS;
    const allowPods = props.allowClusterDnsPods ?? true;
    const dnsCidrs = props.dnsCidrs ?? [];
    const port = props.port ?? AllowDnsEgress.DEFAULT_PORT;

    validateNamespaceName(this, props.namespace);
    validateLabels(this, props.podLabels, 'podLabels');
    validateNamespaceName(this, dnsNamespace, 'dnsNamespace');
    validateLabels(this, dnsPodLabels, 'dnsPodLabels');
    if (!Array.isArray(dnsCidrs)) {
      fail(this, `invalid dnsCidrs ${show(dnsCidrs)}: expected a list of CIDRs such as ["169.254.20.10/32"]`);
    }
    const canonicalCidrs = dnsCidrs.map((cidr, i) => validateIpBlock(this, cidr, undefined, `dnsCidrs[${i}]`).canonical);
    if (!allowPods && dnsCidrs.length === 0) {
      fail(this, 'allowClusterDnsPods is false and dnsCidrs is empty: the policy would admit no DNS server; ' +
        'give dnsCidrs or allow the cluster DNS pods');
    }
    validatePort(this, { port }, 'port');
    // UDP first: the usual transport; TCP for truncated answers, zone transfers and DNS over TCP clients.
    const ports = [Ports.udp(port), Ports.tcp(port)];

    const to: k8s.NetworkPolicyPeer[] = [];
    if (allowPods) {
      // One peer holding both selectors: the DNS pods AND in the DNS namespace, never either alone.
      to.push({
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dnsNamespace } },
        podSelector: selectorOf(dnsPodLabels),
      });
    }
    for (const cidr of canonicalCidrs) {
      to.push({ ipBlock: { cidr } });
    }

    this.policy = createNetworkPolicy(this, 'Policy', {
      name: this.name,
      namespace: props.namespace,
      podSelector: selectorOf(props.podLabels),
      egress: [{ to, ports: toKubePorts(ports) }],
    });
    this.policies = [this.policy];
  }
}
