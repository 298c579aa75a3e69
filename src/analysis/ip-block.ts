import { IpAddress } from '../model/ip-address';
import { CidrReading, describeAmbiguities, formatNetwork, IpNetwork, networkContains, readAddress, readCidr } from '../model/ip-network';

/**
 * `ipBlock` peers: a CIDR minus its `except` CIDRs, IPv4 or IPv6, read as the API server reads them
 * (`model/ip-network.ts`). They match addresses outside the cluster only (pod IPs are not known before
 * deployment, and Kubernetes leaves ipBlock-vs-pod-IP behaviour to the network plugin).
 */

/** A parsed network and its canonical text. @internal */
export interface Network extends IpNetwork {
  readonly text: string;
}

/** A compiled ipBlock. @internal */
export interface CompiledIpBlock {
  readonly cidr: Network;
  readonly except: readonly Network[];
  /** The forms the API server accepts but reads in its own way (host bits, leading zeros, IPv4-mapped): lint warnings. */
  readonly readings?: readonly { readonly message: string; readonly fix: string }[];
}

/** An address as the engine compares it. @internal */
export type Address = IpAddress;

/**
 * Parses an address given to the engine (an endpoint, the internet address): only Go's own grammar,
 * without the forms other software reads differently (leading zeros, IPv4-mapped IPv6), which are
 * refused with the text to write instead.
 * @internal
 */
export function parseAddress(text: string): { address?: Address; problem?: string } {
  const r = readAddress(text);
  if (!r.address) {
    return { problem: `it ${r.problem}` + (r.cReading ? `; C libraries read it as ${r.cReading}: did you mean ${r.cReading}?` : '') };
  }
  if (r.ambiguities.length > 0) {
    return {
      problem: `it is written with ${describeAmbiguities(r.ambiguities)}, which software reads differently; the API server reads it as ${r.canonical}` +
      `${r.cReading ? ` and C libraries as ${r.cReading}` : ''}: did you mean ${r.canonical}?`,
    };
  }
  return { address: r.address };
}

/** How the API server reads a CIDR, with the network's canonical text. @internal */
export type NetworkReading = Omit<CidrReading, 'network'> & { readonly network?: Network };

/** Read CIDRs: large inputs repeat the same few (0.0.0.0/0, 10.0.0.0/8...), and parsing is the slow part. */
const readingCache = new Map<string, NetworkReading>();

/** Reads a CIDR as the API server does (host bits masked, leading zeros decimal, IPv4-mapped as IPv4). @internal */
export function readNetwork(text: unknown): NetworkReading {
  if (typeof text !== 'string') {
    return { ...readCidr(text), network: undefined };
  }
  let reading = readingCache.get(text);
  if (!reading) {
    const r = readCidr(text);
    reading = { ...r, network: r.network ? { ...r.network, text: formatNetwork(r.network) } : undefined };
    if (readingCache.size > 10000) readingCache.clear();
    readingCache.set(text, reading);
  }
  return reading;
}

/** Whether an address lies in a network (same family only). @internal */
export { networkContains };

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
