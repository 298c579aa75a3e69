import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { EgressPresets } from './egress-presets';
import { toKubePorts } from './kube-ports';
import { createNetworkPolicy, selectorOf } from './network-policy';
import { IPolicySet } from './policy-set';
import { cidrContains, ParsedCidr, validateCidr, validateIpBlock } from '../model/cidr';
import { fail, show } from '../model/errors';
import { validateLabels } from '../model/labels';
import { validateNamespaceName } from '../model/names';
import { PortSpec, validatePorts } from '../model/ports';

/**
 * Props for `InternetEgress`.
 */
export interface InternetEgressProps {
  /**
   * The namespace whose labelled pods may reach the internet.
   */
  readonly namespace: string;

  /**
   * The labels of the pods that may reach the internet; they must be set on the pods (for example in the
   * pod template of a Deployment). An empty map is refused: it would open the internet to every pod.
   *
   * Careful: an egress policy isolates the egress of every pod it selects, so only label pods whose
   * namespace already denies egress (`DefaultDenyEgress`), or they lose every other connection.
   *
   * @default { "networking/allow-internet-egress": "true" }
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * The ports the pods may connect to, by number (a named port cannot match an address outside the
   * cluster and is refused).
   *
   * @default - every port and protocol
   */
  readonly ports?: PortSpec[];

  /**
   * The destinations, as IPv4 or IPv6 CIDRs. Narrow them to the address ranges of the services the pods
   * really call when you know them.
   *
   * @default ["0.0.0.0/0", "::/0"] (`EgressPresets.ANY_IPV4`, `EgressPresets.ANY_IPV6`)
   */
  readonly cidrs?: string[];

  /**
   * The ranges excluded from `cidrs`. Giving it replaces the default exclusions entirely (keep them with
   * `[...EgressPresets.PRIVATE, "203.0.113.0/24"]`); `[]` excludes nothing.
   *
   * Each entry must lie strictly inside one of the `cidrs` of its own address family, and is excluded
   * from each of them that holds it: IPv4 entries go with the IPv4 CIDRs, IPv6 entries with the IPv6 ones.
   * The default exclusions are applied to every CIDR that holds them; a CIDR that lies inside a default
   * exclusion (such as `10.1.0.0/16`) is refused unless `except` is given, so a private range is never
   * opened by accident. A CIDR that lies inside an entry of a given `except` is refused too: an ipBlock's
   * `except` narrows only its own `cidr`, so the entry would not close it.
   *
   * @default - the private, carrier-grade NAT, link-local and special-purpose IPv4 ranges, Azure's
   * platform address, and the IPv6 prefixes that embed IPv4 addresses (NAT64, 6to4), which hold or reach
   * the cluster and the cloud metadata address 169.254.169.254: `EgressPresets.PRIVATE`
   */
  readonly except?: string[];

  /**
   * The NetworkPolicy's name.
   *
   * @default "allow-internet-egress"
   */
  readonly name?: string;
}

/**
 * Lets the pods that carry a label (by default `networking/allow-internet-egress: "true"`) open
 * connections to addresses outside the cluster: every IPv4 and IPv6 address except the ranges that
 * are not the internet (`EgressPresets.PRIVATE`: private, carrier-grade NAT, link-local and
 * special-purpose ranges, Azure's platform address, NAT64 and 6to4), which hold or reach the pods,
 * services, nodes and the cloud metadata address.
 *
 * It is the egress counterpart of the guide's label-gated internet access. If the cluster gives pods or
 * services public addresses, add those ranges to `except`.
 */
export class InternetEgress extends Construct implements IPolicySet {
  /** The default policy name. */
  public static readonly DEFAULT_NAME: string = 'allow-internet-egress';

  /** The default label key that grants a pod internet egress (set it to "true"). */
  public static readonly DEFAULT_LABEL: string = 'networking/allow-internet-egress';

  /** The default labels of the pods granted internet egress: `{ [DEFAULT_LABEL]: "true" }`. */
  public static readonly DEFAULT_POD_LABELS: { [key: string]: string } = Object.freeze({ [InternetEgress.DEFAULT_LABEL]: 'true' });

  /** The name of the NetworkPolicy. */
  public readonly name: string;

  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  /** The NetworkPolicy, as the only element: `[policy]`. */
  public readonly policies: ApiObject[];

  public constructor(scope: Construct, id: string, props: InternetEgressProps) {
    super(scope, id);
    this.name = props.name ?? InternetEgress.DEFAULT_NAME;
    const podLabels = props.podLabels ?? InternetEgress.DEFAULT_POD_LABELS;

    validateNamespaceName(this, props.namespace);
    validateLabels(this, podLabels, 'podLabels', false);
    validatePorts(this, props.ports, 'ports');
    (props.ports ?? []).forEach((p, i) => {
      if (p.name !== undefined) {
        // Named ports resolve against the destination pod's containers; an address has none.
        fail(this, `invalid ports[${i}] ${show(p)}: a named port never matches an address outside the cluster; use a port number`);
      }
    });
    const blocks = ipBlocks(this, props.cidrs, props.except);

    this.policy = createNetworkPolicy(this, 'Policy', {
      name: this.name,
      namespace: props.namespace,
      podSelector: selectorOf(podLabels),
      egress: [{
        to: blocks.map((b) => ({ ipBlock: b })),
        ports: toKubePorts(props.ports),
      }],
    });
    this.policies = [this.policy];
  }
}

/**
 * Validates `cidrs` and `except`, and gives every CIDR the exceptions that lie inside it. CIDRs are
 * written in Go's canonical form, and compared as networks, never as text.
 */
function ipBlocks(scope: Construct, givenCidrs: string[] | undefined, givenExcept: string[] | undefined): k8s.IpBlock[] {
  const cidrs = givenCidrs ?? [EgressPresets.ANY_IPV4, EgressPresets.ANY_IPV6];
  const custom = givenExcept !== undefined;
  const except = givenExcept ?? EgressPresets.PRIVATE;
  if (!Array.isArray(cidrs) || cidrs.length === 0) {
    fail(scope, `invalid cidrs ${show(cidrs)}: give at least one CIDR, or leave cidrs out for every address`);
  }
  if (!Array.isArray(except)) {
    fail(scope, `invalid except ${show(except)}: expected a list of CIDRs such as ["10.0.0.0/8"]`);
  }
  const outers = cidrs.map((c, i) => validateCidr(scope, c, `cidrs[${i}]`));
  const inners = except.map((e, i) => validateCidr(scope, e, `except[${i}]`));
  const perCidr: string[][] = cidrs.map(() => []);

  inners.forEach((inner, i) => {
    let placed = false;
    outers.forEach((outer, j) => {
      if (strictlyInside(inner, outer)) {
        if (!perCidr[j].includes(inner.canonical)) perCidr[j].push(inner.canonical);
        placed = true;
      } else if (cidrContains(inner, outer)) {
        // An ipBlock's except applies to its own cidr only: this CIDR would stay open whole.
        fail(scope, custom
          ? `cidrs[${j}] ${show(cidrs[j])} lies inside except[${i}] ${show(except[i])}, so the exclusion would not apply to it ` +
            '(an except narrows only the ipBlock it belongs to); remove the CIDR from cidrs to keep it closed, or narrow except to open it'
          : `cidrs[${j}] ${show(cidrs[j])} lies inside the default exclusion ${show(except[i])}, a range that is not the internet; ` +
            'to admit it on purpose, give except (for example [])');
      }
    });
    if (!placed && custom) {
      const family = familyOf(inner);
      const sameFamily = cidrs.filter((_, j) => familyOf(outers[j]) === family);
      fail(scope, `invalid except ${show(except[i])} in except[${i}]: ` + (sameFamily.length > 0
        ? `it must lie strictly inside one of the ${family} cidrs ${show(sameFamily)}`
        : `it must lie strictly inside a cidr, and there is no ${family} cidr in ${show(cidrs)}`));
    }
  });

  return outers.map((outer, j) => {
    validateIpBlock(scope, outer.canonical, perCidr[j], `cidrs[${j}]`);
    return perCidr[j].length > 0 ? { cidr: outer.canonical, except: perCidr[j] } : { cidr: outer.canonical };
  });
}

function strictlyInside(inner: ParsedCidr, outer: ParsedCidr): boolean {
  return cidrContains(outer, inner) && inner.network.prefix > outer.network.prefix;
}

function familyOf(cidr: ParsedCidr): string {
  return cidr.network.address.family;
}
