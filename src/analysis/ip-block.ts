import * as ipaddr from 'ipaddr.js';

/**
 * `ipBlock` peers: a CIDR minus its `except` CIDRs, IPv4 or IPv6. They match addresses outside the
 * cluster only (pod IPs are not known before deployment, and Kubernetes leaves ipBlock-vs-pod-IP
 * behaviour to the network plugin).
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed network. @internal */
export interface Network {
  readonly address: Address;
  readonly prefix: number;
  readonly text: string;
}

/** A compiled ipBlock. @internal */
export interface CompiledIpBlock {
  readonly cidr: Network;
  readonly except: readonly Network[];
}

/**
 * Parses an address; IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) become IPv4 so they meet IPv4 blocks.
 * @internal
 */
export function parseAddress(text: string): Address | undefined {
  if (typeof text !== 'string' || !ipaddr.isValid(text)) {
    return undefined;
  }
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed;
}

/** Parsed CIDRs: large inputs repeat the same few (0.0.0.0/0, 10.0.0.0/8...), and parsing is the slow part. */
const networkCache = new Map<string, { network?: Network; hostBits?: boolean }>();

/** Parses a CIDR; host bits are tolerated (reported through `hostBits`) and masked away. @internal */
export function parseNetwork(text: string): { network?: Network; hostBits?: boolean } {
  if (typeof text !== 'string') {
    return {};
  }
  let parsed = networkCache.get(text);
  if (!parsed) {
    parsed = parseNetworkUncached(text);
    if (networkCache.size > 10000) networkCache.clear();
    networkCache.set(text, parsed);
  }
  return parsed;
}

function parseNetworkUncached(text: string): { network?: Network; hostBits?: boolean } {
  if (typeof text !== 'string' || !text.includes('/')) {
    return {};
  }
  try {
    const [address, prefix] = ipaddr.parseCIDR(text);
    const base = address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(text)
      : ipaddr.IPv6.networkAddressFromCIDR(text);
    return {
      network: { address: base, prefix, text: `${base.toString()}/${prefix}` },
      hostBits: base.toString() !== address.toString(),
    };
  } catch {
    return {};
  }
}

/** Whether an address lies in a network (same family only). @internal */
export function networkContains(network: Network, address: Address): boolean {
  return address.kind() === network.address.kind() && (address as any).match(network.address, network.prefix);
}

/** Whether an ipBlock admits an address: inside the CIDR and outside every exception. @internal */
export function ipBlockMatches(block: CompiledIpBlock, address: Address): boolean {
  if (!networkContains(block.cidr, address)) {
    return false;
  }
  return !block.except.some((e) => networkContains(e, address));
}

/** `10.0.0.0/8 except 10.1.0.0/16`. @internal */
export function describeIpBlock(block: CompiledIpBlock): string {
  return block.except.length === 0 ? block.cidr.text : `${block.cidr.text} except ${block.except.map((e) => e.text).join(', ')}`;
}
