import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowDnsEgress } from './allow-dns-egress';
import { ClusterPolicyApi, ClusterRuleDef, createClusterPolicy, namespacesExcept, validExempt, validatePolicyName, validatePriority } from './cluster-policy-object';
import { EgressPresets } from './egress-presets';
import { validateCidr } from '../model/cidr';
import { detach } from '../model/detach';
import { fail, show } from '../model/errors';
import { validateLabels } from '../model/labels';
import { NAMESPACE_NAME_LABEL, validateNamespaceName } from '../model/names';

/**
 * Props for `AdminGuardrails`.
 */
export interface AdminGuardrailsProps {
  /**
   * The name of the policy (`metadata.name`); the DNS server side is `<name>-dns`.
   *
   * @default "admin-guardrails"
   */
  readonly name?: string;

  /**
   * The priority in the Admin tier, 0-1000 (lower first): put policies that must win over the
   * guardrails (a `Pass` that delegates to namespace owners, say) at lower values.
   *
   * @default 10
   */
  readonly priority?: number;

  /**
   * Egress denied to every pod (outside `exemptNamespaces`), whatever the NetworkPolicies say: at most
   * 25 CIDRs. The default is the cloud metadata addresses, which hand out the node's credentials.
   *
   * @default [EgressPresets.CLOUD_METADATA_IPV4, EgressPresets.CLOUD_METADATA_IPV6]
   */
  readonly deniedEgressCidrs?: string[];

  /**
   * Accept DNS (UDP and TCP 53) from every pod to the cluster DNS pods, in both directions (the
   * client's egress and the DNS pods' ingress), so that no namespace's policies can break it.
   *
   * @default true
   */
  readonly allowDns?: boolean;

  /**
   * The namespace of the cluster DNS pods.
   *
   * @default AllowDnsEgress.DEFAULT_DNS_NAMESPACE ("kube-system")
   */
  readonly dnsNamespace?: string;

  /**
   * The labels of the cluster DNS pods.
   *
   * @default AllowDnsEgress.DEFAULT_DNS_POD_LABELS ({ "k8s-app": "kube-dns" })
   */
  readonly dnsPodLabels?: { [key: string]: string };

  /**
   * Namespaces whose pods the guardrails leave alone (a node agent that must reach the metadata service,
   * say). hostNetwork pods are never subject to these policies anyway.
   *
   * @default - none
   */
  readonly exemptNamespaces?: string[];

  /**
   * The API version to emit.
   *
   * @default ClusterPolicyApi.V1ALPHA2
   */
  readonly api?: ClusterPolicyApi;
}

/**
 * Admin-tier guardrails of `policy.networking.k8s.io`, which no NetworkPolicy can override: deny egress
 * to the cloud metadata addresses (and any other ranges) for every pod, and accept DNS to the cluster
 * DNS pods for every pod. Admin `Deny` and `Accept` are final for their direction; everything else goes
 * on to the NetworkPolicies and the Baseline tier.
 */
export class AdminGuardrails extends Construct {
  /** The default name. */
  public static readonly DEFAULT_NAME: string = 'admin-guardrails';

  /** The policy of the pods' egress (the denied ranges, and DNS). */
  public readonly policy: ApiObject;

  /** Every object: the egress policy and, with `allowDns`, the DNS pods' ingress policy. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: AdminGuardrailsProps = {}) {
    super(scope, id);
    try {
      const name = props.name ?? AdminGuardrails.DEFAULT_NAME;
      const priority = props.priority ?? 10;
      const api = props.api ?? ClusterPolicyApi.V1ALPHA2;
      validatePolicyName(this, name, 'name');
      validatePriority(this, priority, 'priority');
      if (!Object.values(ClusterPolicyApi).includes(api)) fail(this, `invalid api ${show(api)}: use ClusterPolicyApi.V1ALPHA2 or V1ALPHA1`);
      const exempt = validExempt(this, props.exemptNamespaces ?? []);
      const cidrs = this.deniedCidrs(props.deniedEgressCidrs);
      const dns = (props.allowDns ?? true) ? this.dnsPeer(props) : undefined;
      const dnsPorts: ClusterRuleDef['ports'] = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }];
      const egress: ClusterRuleDef[] = [
        ...(dns ? [{ name: 'accept-cluster-dns', action: 'Accept' as const, peers: [dns], ports: dnsPorts }] : []),
        ...(cidrs.length > 0 ? [{ name: 'deny-egress-ranges', action: 'Deny' as const, peers: [{ networks: cidrs }] }] : []),
      ];
      if (egress.length === 0) fail(this, 'nothing to emit: allowDns is false and deniedEgressCidrs is empty');
      this.policy = createClusterPolicy(this, 'Resource', { name, tier: 'Admin', priority, subject: namespacesExcept(exempt), egress }, api);
      this.policies = [this.policy];
      if (dns) {
        this.policies.push(createClusterPolicy(this, 'Dns', {
          name: `${name}-dns`,
          tier: 'Admin',
          priority,
          subject: dns,
          ingress: [{ name: 'accept-cluster-dns', action: 'Accept', peers: [{ namespaces: {} }], ports: dnsPorts }],
        }, api));
      }
    } catch (err) {
      detach(this);
      throw err;
    }
  }

  private deniedCidrs(given: string[] | undefined): string[] {
    const cidrs = given ?? [EgressPresets.CLOUD_METADATA_IPV4, EgressPresets.CLOUD_METADATA_IPV6];
    if (!Array.isArray(cidrs)) fail(this, `invalid deniedEgressCidrs ${show(cidrs)}: give a list of CIDRs`);
    if (cidrs.length > 25) fail(this, `invalid deniedEgressCidrs: ${cidrs.length} CIDRs, the CRD allows at most 25 in one peer`);
    cidrs.forEach((c, i) => validateCidr(this, c, `deniedEgressCidrs[${i}]`));
    return [...cidrs];
  }

  /** The cluster DNS pods, as a `pods` peer (and subject). */
  private dnsPeer(props: AdminGuardrailsProps): object {
    const namespace = props.dnsNamespace ?? AllowDnsEgress.DEFAULT_DNS_NAMESPACE;
    const labels = props.dnsPodLabels ?? AllowDnsEgress.DEFAULT_DNS_POD_LABELS;
    validateNamespaceName(this, namespace, 'dnsNamespace');
    validateLabels(this, labels, 'dnsPodLabels', false);
    return { pods: { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } }, podSelector: { matchLabels: { ...labels } } } };
  }
}
