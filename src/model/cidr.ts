import { IConstruct } from 'constructs';
import { fail, show } from './errors';
import { Ambiguity, CidrReading, IpNetwork, networkInside, readAddress, readCidr } from './ip-network';

/** A CIDR a construct accepted: its network and Go's canonical text for it. @internal */
export interface ParsedCidr {
  readonly network: IpNetwork;
  readonly canonical: string;
}

/**
 * Parses a CIDR a construct may emit; undefined when the API server rejects it, when its bits after the
 * prefix are set (`10.0.0.5/8`: 10.0.0.0/8 or 10.0.0.5/32?), or when software reads it differently
 * (leading zeros, IPv4-mapped IPv6). See `ip-network.ts`.
 * @internal
 */
export function parseCidr(cidr: string): ParsedCidr | undefined {
  const r = readCidr(cidr);
  return r.network && !r.hostBits && r.ambiguities.length === 0 ? { network: r.network, canonical: r.canonical! } : undefined;
}

/** Whether `inner` lies inside `outer` (or is it). @internal */
export function cidrContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  return networkInside(inner.network, outer.network);
}

/** @internal */
export function validateCidr(scope: IConstruct, cidr: string, field: string): ParsedCidr {
  const parsed = parseCidr(cidr);
  if (!parsed) {
    fail(scope, `invalid CIDR ${show(cidr)} in ${field}: ${whyRefused(cidr, readCidr(cidr))}`);
  }
  return parsed;
}

/** Why a CIDR is refused, with the form to write instead. */
function whyRefused(text: string, r: CidrReading): string {
  if (!r.network) {
    const c = r.cReading ? `; C libraries read it as ${r.cReading}: did you mean ${show(r.cReading)}?` : '';
    return `it ${r.problem}${c || '; expected an IPv4 CIDR such as "10.0.0.0/8" or an IPv6 CIDR such as "2001:db8::/32"'}`;
  }
  if (r.ambiguities.includes(Ambiguity.IPV4_MAPPED)) {
    return `it is an IPv4-mapped IPv6 CIDR, which the API server reads as ${r.canonical} and other software may read as IPv6; ` +
      `did you mean ${show(r.canonical)}?`;
  }
  if (r.ambiguities.includes(Ambiguity.LEADING_ZEROS)) {
    const c = r.cReading ? ` and C libraries as octal (${r.cReading})` : ', and Go\'s netip and strict API servers refuse it';
    return `it has leading zeros, which the API server reads as decimal (${r.canonical})${c}; did you mean ${show(r.canonical)}?`;
  }
  const bits = r.network.address.family === 'IPv4' ? 32 : 128;
  const one = readAddress(text.slice(0, text.indexOf('/'))).canonical;
  return `host bits are set; did you mean ${show(r.canonical)}? (or ${show(`${one}/${bits}`)} for that one address)`;
}

/**
 * Validates a CIDR and its `except` list: every exception must be a valid CIDR strictly inside the CIDR.
 * Returns the CIDR, whose canonical text is what constructs write.
 * @internal
 */
export function validateIpBlock(scope: IConstruct, cidr: string, except: string[] | undefined, field: string): ParsedCidr {
  const outer = validateCidr(scope, cidr, field);
  (except ?? []).forEach((e, i) => {
    const inner = validateCidr(scope, e, `${field}.except[${i}]`);
    if (!cidrContains(outer, inner) || inner.network.prefix === outer.network.prefix) {
      fail(scope, `invalid except ${show(e)} in ${field}: it must lie strictly inside ${show(cidr)}`);
    }
  });
  return outer;
}
