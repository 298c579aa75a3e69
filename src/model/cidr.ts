import { IConstruct } from 'constructs';
import * as ipaddr from 'ipaddr.js';
import { fail, show } from './errors';

/** A parsed CIDR. @internal */
export interface ParsedCidr {
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

/**
 * Parses `a.b.c.d/n` or an IPv6 CIDR; undefined when malformed or when host bits are set
 * (`10.0.0.5/8` is ambiguous: did the author mean 10.0.0.0/8 or 10.0.0.5/32?).
 * @internal
 */
export function parseCidr(cidr: string): ParsedCidr | undefined {
  if (typeof cidr !== 'string' || !cidr.includes('/')) {
    return undefined;
  }
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    return undefined;
  }
  const [address, prefix] = parsed;
  const network = address.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
    : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  if (network.toString() !== address.toString()) {
    return undefined;
  }
  return { address, prefix };
}

/** The canonical network of a CIDR with host bits set, for error messages. */
function networkOf(cidr: string): string | undefined {
  try {
    const [address, prefix] = ipaddr.parseCIDR(cidr);
    const network = address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
      : ipaddr.IPv6.networkAddressFromCIDR(cidr);
    return `${network.toString()}/${prefix}`;
  } catch {
    return undefined;
  }
}

/** Whether `inner` lies inside `outer` (same family, longer or equal prefix, inside the range). @internal */
export function cidrContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.address.kind() !== inner.address.kind() || inner.prefix < outer.prefix) {
    return false;
  }
  return (inner.address as any).match(outer.address, outer.prefix);
}

/** @internal */
export function validateCidr(scope: IConstruct, cidr: string, field: string): ParsedCidr {
  const parsed = parseCidr(cidr);
  if (!parsed) {
    const network = typeof cidr === 'string' ? networkOf(cidr) : undefined;
    const hint = network ? `host bits are set; did you mean ${show(network)}?` :
      'expected an IPv4 CIDR such as "10.0.0.0/8" or an IPv6 CIDR such as "2001:db8::/32"';
    fail(scope, `invalid CIDR ${show(cidr)} in ${field}: ${hint}`);
  }
  return parsed;
}

/**
 * Validates a CIDR and its `except` list: every exception must be a valid CIDR strictly inside the CIDR.
 * @internal
 */
export function validateIpBlock(scope: IConstruct, cidr: string, except: string[] | undefined, field: string): void {
  const outer = validateCidr(scope, cidr, field);
  (except ?? []).forEach((e, i) => {
    const inner = validateCidr(scope, e, `${field}.except[${i}]`);
    if (!cidrContains(outer, inner) || inner.prefix === outer.prefix) {
      fail(scope, `invalid except ${show(e)} in ${field}: it must lie strictly inside ${show(cidr)}`);
    }
  });
}
