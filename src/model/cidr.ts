import { IConstruct } from 'constructs';
import { fail, failOnFirst, show } from './errors';
import { Ambiguity, IpNetwork, networkInside, readAddress, readCidr } from './ip-network';
import { Problem } from './problem';

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

/**
 * What is wrong with a CIDR: one problem the API server refuses, or the forms it accepts but that
 * software reads differently (`accepted`: the engine warns, constructs refuse them too).
 * @internal
 */
export interface CidrProblem extends Problem {
  /** Whether the API server accepts the text (and reads it as `canonical`). */
  readonly accepted: boolean;
  /** The text to write instead: Go's canonical form, or what C libraries make of a text Go refuses. */
  readonly suggestion?: string;
  /** For host bits, the one address as a CIDR (`10.0.0.5/32`). */
  readonly oneAddress?: string;
}

/** @internal */
export function cidrProblems(text: unknown, field: string): CidrProblem[] {
  const r = readCidr(text);
  if (!r.network) {
    const message = `it ${r.problem}${r.cReading ? `; C libraries read it as ${r.cReading}` : ''}`;
    return [{ field, value: text, message, accepted: false, suggestion: r.cReading }];
  }
  const problems: CidrProblem[] = [];
  const accepted = (message: string, more: Partial<CidrProblem> = {}) =>
    problems.push({ field, value: text, message, accepted: true, suggestion: r.canonical, ...more });
  if (r.ambiguities.includes(Ambiguity.IPV4_MAPPED)) {
    accepted(`it is an IPv4-mapped IPv6 CIDR, which the API server reads as ${r.canonical} and other software may read as IPv6`);
  }
  if (r.ambiguities.includes(Ambiguity.LEADING_ZEROS)) {
    accepted(`it has leading zeros, which the API server reads as decimal (${r.canonical})` +
      (r.cReading ? ` and C libraries as octal (${r.cReading})` : ', and Go\'s netip and strict API servers refuse it'));
  }
  if (r.hostBits) {
    const bits = r.network.address.family === 'IPv4' ? 32 : 128;
    const one = readAddress(String(text).slice(0, String(text).indexOf('/'))).canonical;
    accepted('host bits are set', { oneAddress: `${one}/${bits}` });
  }
  return problems;
}

/** A CIDR problem as a construct says it, with the text to write instead. */
function describeCidrProblem(p: CidrProblem): string {
  const head = `invalid CIDR ${show(p.value)} in ${p.field}: ${p.message}`;
  if (p.oneAddress) {
    return `${head}; did you mean ${show(p.suggestion)}? (or ${show(p.oneAddress)} for that one address)`;
  }
  if (p.suggestion) {
    return p.accepted ? `${head}; did you mean ${show(p.suggestion)}?` : `${head}: did you mean ${show(p.suggestion)}?`;
  }
  return `${head}; expected an IPv4 CIDR such as "10.0.0.0/8" or an IPv6 CIDR such as "2001:db8::/32"`;
}

/** @internal */
export function validateCidr(scope: IConstruct, cidr: string, field: string): ParsedCidr {
  failOnFirst(scope, cidrProblems(cidr, field), (p) => describeCidrProblem(p as CidrProblem));
  return parseCidr(cidr)!;
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
