import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { toKubePorts } from './kube-ports';
import { createNetworkPolicy, MatchExpressions, selectorOf } from './network-policy';
import { IPolicySet } from './policy-set';
import { gate, ingressFrom } from './rules';
import { validateIpBlock } from '../model/cidr';
import { fail, show } from '../model/errors';
import { validateLabels } from '../model/labels';
import { validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * Props for `InternetAccess`.
 */
export interface InternetAccessProps {
  /**
   * The namespace of the pods.
   */
  readonly namespace: string;

  /**
   * The labels of the pods that accept ingress from outside sources. Must not be empty (an empty map
   * would open every pod of the namespace).
   *
   * @default { "networking/allow-internet-access": "true" }
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * The ports on which the pods accept that traffic.
   *
   * @default - every port
   */
  readonly ports?: PortSpec[];

  /**
   * The CIDRs (IPv4 or IPv6) the traffic may come from, for a more locked-down policy. Each must be a
   * network address such as "203.0.113.0/24" or "2001:db8::/32".
   *
   * @default - every source, inside or outside the cluster
   */
  readonly sources?: string[];

  /**
   * The name of the NetworkPolicy.
   *
   * @default "internet-access"
   */
  readonly name?: string;

  /**
   * The matchExpressions of the workload selector that goes with `podLabels` (set by `Workloads`, from
   * the workload's own selector), so the policies select exactly its pods.
   * @internal
   */
  readonly _podExpressions?: MatchExpressions;
}

/**
 * Lets label-selected pods accept ingress from every source (the internet included), or only from the
 * CIDRs in `sources`, optionally only on `ports`.
 *
 * Implements the guide's section "Explicitly allow internet access for pods that need it": put the label
 * `networking/allow-internet-access: "true"` on the pods that must be reachable from outside.
 */
export class InternetAccess extends Construct implements IPolicySet {
  /** The default policy name. */
  public static readonly DEFAULT_NAME: string = 'internet-access';

  /** The guide's label key for pods that accept traffic from the internet (set it to "true"). */
  public static readonly DEFAULT_LABEL: string = 'networking/allow-internet-access';

  /** The default labels of the pods that accept outside traffic: `{ [DEFAULT_LABEL]: "true" }`. */
  public static readonly DEFAULT_POD_LABELS: { [key: string]: string } = Object.freeze({ [InternetAccess.DEFAULT_LABEL]: 'true' });

  /** The name of the NetworkPolicy. */
  public readonly name: string;

  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  /** The NetworkPolicy, as the only element: `[policy]`. */
  public readonly policies: ApiObject[];

  /** The labels of the pods that accept outside traffic. */
  public readonly podLabels: { [key: string]: string };

  public constructor(scope: Construct, id: string, props: InternetAccessProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    this.podLabels = props.podLabels ?? gate(InternetAccess.DEFAULT_LABEL);
    validateLabels(this, this.podLabels, 'podLabels', false);
    validatePorts(this, props.ports);
    if (props.sources !== undefined) {
      if (!Array.isArray(props.sources) || props.sources.length === 0) {
        fail(this, `invalid sources ${show(props.sources)}: list at least one CIDR, or leave sources out to admit every source`);
      }
    }
    const sources = props.sources?.map((cidr, i) => validateIpBlock(this, cidr, undefined, `sources[${i}]`).canonical);

    this.name = props.name ?? InternetAccess.DEFAULT_NAME;
    // `[{}]` admits everything; `[{ ports }]` every source on those ports; `[{ from: ipBlocks }]` only those CIDRs.
    const rule = sources !== undefined
      ? ingressFrom(sources.map((cidr) => ({ ipBlock: { cidr } })), props.ports)
      : { ports: toKubePorts(props.ports) };
    this.policy = createNetworkPolicy(this, 'Policy', {
      name: this.name,
      namespace: props.namespace,
      podSelector: selectorOf(this.podLabels, props._podExpressions),
      ingress: [rule],
    });
    this.policies = [this.policy];
  }
}
