/**
 * Address ranges that egress policies commonly need, as constants every jsii language can read.
 *
 * `PRIVATE_IPV4` and `PRIVATE_IPV6` are what `InternetEgress` excludes by default: the ranges that hold
 * pods, services, nodes and the cloud metadata service in almost every cluster, the special-purpose
 * ranges, and the IPv6 prefixes that embed an IPv4 address (NAT64, 6to4), so "the internet" never
 * includes the cluster itself or the node's credentials endpoint, directly or through a translator.
 *
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry.xhtml
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/iana-ipv6-special-registry.xhtml
 */
export class EgressPresets {
  /** Every IPv4 address. */
  public static readonly ANY_IPV4: string = '0.0.0.0/0';

  /** Every IPv6 address. */
  public static readonly ANY_IPV6: string = '::/0';

  /**
   * The IPv4 ranges that are not the internet:
   * - `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`: private networks (RFC 1918), where pod, service and
   *   node addresses usually live;
   * - `100.64.0.0/10`: carrier-grade NAT space (RFC 6598), often used for pods (EKS custom networking, GKE);
   * - `169.254.0.0/16`: link-local (RFC 3927), which holds the cloud metadata address `169.254.169.254`
   *   (node credentials on AWS, GCP and Azure) and NodeLocal DNSCache's `169.254.20.10`;
   * - `168.63.129.16/32`: Azure's platform address (`AZURE_PLATFORM_IPV4`), which serves DNS, DHCP,
   *   health probes and the WireServer that hands VM extensions their configuration;
   * - `0.0.0.0/8`: "this network" (RFC 1122); Linux delivers connections to `0.0.0.0` to the local host;
   * - `192.0.0.0/24`: IETF protocol assignments (RFC 6890), such as DS-Lite and NAT64 discovery;
   * - `198.18.0.0/15`: benchmarking (RFC 2544), used by some networks as internal space;
   * - `240.0.0.0/4`: reserved (RFC 1112) and the broadcast address; GKE and others can use it for pods.
   */
  public static readonly PRIVATE_IPV4: string[] = Object.freeze([
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '169.254.0.0/16',
    '168.63.129.16/32',
    '0.0.0.0/8',
    '192.0.0.0/24',
    '198.18.0.0/15',
    '240.0.0.0/4',
  ]) as string[];

  /**
   * The IPv6 ranges that are not the internet:
   * - `fc00::/7`: unique local addresses (RFC 4193), the IPv6 counterpart of the private ranges;
   * - `fe80::/10`: link-local (RFC 4291);
   * - `64:ff9b::/96` and `64:ff9b:1::/48`: NAT64 (RFC 6052, RFC 8215), which embed an IPv4 address: where
   *   the network translates them, `64:ff9b::a01:203` reaches 10.1.2.3 and `64:ff9b::a9fe:a9fe` the
   *   metadata address;
   * - `2002::/16`: 6to4 (RFC 3056), which embeds an IPv4 address the same way (`2002:a01:203::1`).
   */
  public static readonly PRIVATE_IPV6: string[] = Object.freeze([
    'fc00::/7',
    'fe80::/10',
    '64:ff9b::/96',
    '64:ff9b:1::/48',
    '2002::/16',
  ]) as string[];

  /** `PRIVATE_IPV4` and `PRIVATE_IPV6` together: `InternetEgress`'s default `except`. */
  public static readonly PRIVATE: string[] = Object.freeze([
    ...EgressPresets.PRIVATE_IPV4,
    ...EgressPresets.PRIVATE_IPV6,
  ]) as string[];

  /** The cloud metadata address (AWS, GCP, Azure), inside `169.254.0.0/16`. */
  public static readonly CLOUD_METADATA_IPV4: string = '169.254.169.254/32';

  /** AWS's IPv6 instance metadata address (IMDS on Nitro instances), the IPv6 counterpart of `CLOUD_METADATA_IPV4`. */
  public static readonly CLOUD_METADATA_IPV6: string = 'fd00:ec2::254/128';
  /** Azure's platform address (DNS, DHCP, health probes, the WireServer), outside every private range. */
  public static readonly AZURE_PLATFORM_IPV4: string = '168.63.129.16/32';

  /** The address NodeLocal DNSCache listens on by default, for `AllowDnsEgress`'s `dnsCidrs`. */
  public static readonly NODE_LOCAL_DNS_IPV4: string = '169.254.20.10/32';

  private constructor() {}
}
