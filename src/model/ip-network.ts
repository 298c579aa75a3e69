import { bitsOf, formatAddress, IpAddress, isIPv4Mapped, maskAddress, parseGoAddress, samePrefix, unmapIPv4 } from './ip-address';

/**
 * CIDRs and addresses read as the Kubernetes API server reads them (k8s.io/utils/net ParseCIDRSloppy and
 * ParseIPSloppy, on top of Go's net.ParseCIDR/ParseIP), with the forms other software reads differently
 * named, so constructs can refuse them and the lint can report them:
 * - leading zeros (`010.0.0.0/8`, `10.0.0.0/08`): decimal to the API server (10.0.0.0/8), octal to C
 *   libraries (8.0.0.0/8), refused by Go's netip (and by the API server under StrictIPCIDRValidation);
 * - IPv4-mapped IPv6 (`::ffff:0:0/96`): the IPv4 network to Go (0.0.0.0/0), IPv6 to other readers.
 * Host bits (`10.0.0.5/8`) are masked away, as Go does; the API server accepts them with a warning.
 * Hexadecimal, integer and 3-part forms (`0x0a.0.0.0`, `167772160`, `1.2.3`) are refused, as Go does;
 * `cReading` says what inet_aton would make of them, for error messages.
 */

/** A network: `address` is masked; IPv4-mapped CIDRs of /96 or longer are their IPv4 network. @internal */
export interface IpNetwork {
  readonly address: IpAddress;
  readonly prefix: number;
  /**
   * The prefix length as written (an IPv4-mapped `::ffff:10.0.0.0/104` has 104, not 8): the API server
   * compares these when it checks that an `except` lies strictly inside its `cidr`.
   */
  readonly writtenPrefix: number;
}

/** A form the API server accepts but other software reads differently. @internal */
export enum Ambiguity {
  LEADING_ZEROS = 'leading zeros',
  IPV4_MAPPED = 'IPv4-mapped IPv6',
}

/** `leading zeros and an IPv4-mapped IPv6 address`, for messages. @internal */
export function describeAmbiguities(ambiguities: readonly Ambiguity[]): string {
  return ambiguities.map((a) => a === Ambiguity.LEADING_ZEROS ? 'leading zeros' : 'an IPv4-mapped IPv6 address').join(' and ');
}

/** How the API server reads a CIDR. @internal */
export interface CidrReading {
  /** The network, undefined when the API server rejects the text. */
  readonly network?: IpNetwork;
  /** Go's String() of the network: `10.0.0.0/8`. */
  readonly canonical?: string;
  /** Whether bits after the prefix are set (masked away in `network`). */
  readonly hostBits: boolean;
  readonly ambiguities: readonly Ambiguity[];
  /** Why the API server rejects the text. */
  readonly problem?: string;
  /** What C's inet_aton makes of an IPv4 text, when that differs from the API server's reading. */
  readonly cReading?: string;
}

/** How the API server reads an address. @internal */
export interface AddressReading {
  readonly address?: IpAddress;
  readonly canonical?: string;
  readonly ambiguities: readonly Ambiguity[];
  readonly problem?: string;
  readonly cReading?: string;
}

/** Reads a CIDR as ParseCIDRSloppy does. @internal */
export function readCidr(text: unknown): CidrReading {
  if (typeof text !== 'string') return { hostBits: false, ambiguities: [], problem: 'is not a string' };
  const slash = text.indexOf('/');
  if (slash < 0) {
    const hint = parseGoAddress(text).address || readAddress(text).address ? ' (write 10.0.0.5/32 for one IPv4 address, 2001:db8::5/128 for one IPv6 address)' : '';
    return { hostBits: false, ambiguities: [], problem: `has no prefix length${hint}` };
  }
  let zeros = false;
  let parsed = parseGoCidr(text);
  if (typeof parsed === 'string') {
    const stripped = stripLeadingZeros(text);
    const retry = stripped === text ? parsed : parseGoCidr(stripped);
    zeros = typeof retry !== 'string';
    parsed = retry;
  }
  const cReading = cCidrReading(text);
  if (typeof parsed === 'string') return { hostBits: false, ambiguities: [], problem: parsed, cReading };
  const { address, prefix } = parsed;
  const network = toNetwork(address, prefix);
  const ambiguities: Ambiguity[] = [];
  if (zeros || /\/0\d/.test(text)) ambiguities.push(Ambiguity.LEADING_ZEROS);
  if (isIPv4Mapped(address)) ambiguities.push(Ambiguity.IPV4_MAPPED);
  const canonical = `${formatAddress(network.address)}/${network.prefix}`;
  return {
    network,
    canonical,
    hostBits: !samePrefix(address, maskAddress(address, prefix), bitsOf(address.family)),
    ambiguities,
    cReading: cReading !== canonical ? cReading : undefined,
  };
}

/** Reads an address as ParseIPSloppy does; IPv4-mapped addresses are their IPv4 address. @internal */
export function readAddress(text: unknown): AddressReading {
  if (typeof text !== 'string') return { ambiguities: [], problem: 'is not a string' };
  let parsed = parseGoAddress(text);
  let zeros = false;
  if (!parsed.address) {
    const stripped = stripLeadingZeros(text);
    if (stripped !== text && parseGoAddress(stripped).address) {
      parsed = parseGoAddress(stripped);
      zeros = true;
    }
  }
  const c = cAddress(text);
  const cReading = c ? formatAddress(c) : undefined;
  if (!parsed.address) return { ambiguities: [], problem: parsed.problem, cReading };
  const address = unmapIPv4(parsed.address);
  const canonical = formatAddress(address);
  const ambiguities = [...(zeros ? [Ambiguity.LEADING_ZEROS] : []), ...(isIPv4Mapped(parsed.address) ? [Ambiguity.IPV4_MAPPED] : [])];
  return { address, canonical, ambiguities, cReading: cReading !== canonical ? cReading : undefined };
}

/** Go's net.ParseCIDR: an address, `/`, a decimal prefix length within the address's bits. */
function parseGoCidr(text: string): { address: IpAddress; prefix: number } | string {
  const slash = text.indexOf('/');
  const parsed = parseGoAddress(text.slice(0, slash));
  if (!parsed.address) return parsed.problem;
  const mask = text.slice(slash + 1);
  const bits = bitsOf(parsed.address.family);
  if (!/^\d+$/.test(mask)) return `has the prefix length ${JSON.stringify(mask)}, which is not a number`;
  if (Number(mask) > bits) return `has the prefix length /${mask}, over ${bits} for ${parsed.address.family}`;
  return { address: parsed.address, prefix: Number(mask) };
}

/** Masks the address; an IPv4-mapped network of /96 or longer is the IPv4 network, as Go's IPNet reads it. */
function toNetwork(address: IpAddress, prefix: number): IpNetwork {
  const masked = maskAddress(address, prefix);
  if (prefix >= 96 && isIPv4Mapped(masked)) {
    return { address: unmapIPv4(masked), prefix: prefix - 96, writtenPrefix: prefix };
  }
  return { address: masked, prefix, writtenPrefix: prefix };
}

/**
 * ParseCIDRSloppy's retry: a dotted IPv4 at the end of the text (after the start or a `:`), with an
 * optional prefix length, loses the leading zeros of each number.
 */
function stripLeadingZeros(text: string): string {
  return text.replace(/(^|:)(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/, (_m, lead: string, ...rest: string[]) => {
    const n = (s: string) => s.replace(/^0+(?=\d)/, '');
    const prefix = rest[4] === undefined ? '' : `/${n(rest[4])}`;
    return `${lead}${n(rest[0])}.${n(rest[1])}.${n(rest[2])}.${n(rest[3])}${prefix}`;
  });
}

/** What inet_aton reads in an IPv4 text: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x). */
function cAddress(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values = parts.map((p) => /^0[xX][0-9a-fA-F]+$/.test(p) ? parseInt(p.slice(2), 16)
    : /^0[0-7]*$/.test(p) ? parseInt(p, 8) : /^[1-9]\d*$/.test(p) ? Number(p) : NaN);
  const last = values.length - 1;
  if (values.some((v, i) => Number.isNaN(v) || (i < last && v > 255)) || values[last] >= 2 ** (8 * (4 - last))) return undefined;
  let value = values[last];
  values.slice(0, last).forEach((v, i) => { value += v * 2 ** (8 * (3 - i)); });
  return { family: 'IPv4', bytes: [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256) };
}

function cCidrReading(text: string): string | undefined {
  const slash = text.indexOf('/');
  const address = cAddress(text.slice(0, slash));
  const mask = text.slice(slash + 1);
  if (!address || !/^\d+$/.test(mask) || Number(mask) > 32) return undefined;
  return `${formatAddress(maskAddress(address, Number(mask)))}/${Number(mask)}`;
}

/** Whether a network holds an address: same family, same first `prefix` bits. @internal */
export function networkContains(network: IpNetwork, address: IpAddress): boolean {
  return samePrefix(network.address, address, network.prefix);
}

/** Whether `inner` lies inside `outer` (or is it). @internal */
export function networkInside(inner: IpNetwork, outer: IpNetwork): boolean {
  return inner.prefix >= outer.prefix && networkContains(outer, inner.address);
}

/** `10.0.0.0/8`. @internal */
export function formatNetwork(network: IpNetwork): string {
  return `${formatAddress(network.address)}/${network.prefix}`;
}
