/* eslint-disable no-bitwise */ // addresses are bytes and masks by nature
/**
 * IP addresses in the grammar of Go's net package (net.ParseIP, netip.ParseAddr), which the Kubernetes
 * API server and most network plugins use: IPv4 is exactly four dotted decimal parts (no hexadecimal,
 * octal, integer or 3-part forms, which C's inet_aton accepts); IPv6 is RFC 4291 text, at most four hex
 * digits a group, with an optional trailing dotted IPv4; zone ids (`%eth0`) are refused.
 *
 * Leading zeros are refused here too; `ip-network.ts` adds the API server's tolerance for them.
 */

/** @internal */
export type IpFamily = 'IPv4' | 'IPv6';

/** An address: 4 bytes for IPv4, 16 for IPv6. @internal */
export interface IpAddress {
  readonly family: IpFamily;
  readonly bytes: readonly number[];
}

/** An address, or why the text is not one. @internal */
export type AddressParse = { readonly address: IpAddress; readonly problem?: undefined } | { readonly address?: undefined; readonly problem: string };

/** Parses an address as Go's net.ParseIP does (no zone, no leading zeros). @internal */
export function parseGoAddress(text: string): AddressParse {
  if (text === '') return { problem: 'is empty' };
  if (/\s/.test(text)) return { problem: 'contains white space' };
  if (text.includes('%')) return { problem: `has the zone id ${JSON.stringify(text.slice(text.indexOf('%')))}, which Kubernetes does not accept` };
  // Go decides the family by the first '.' or ':'.
  const first = text.search(/[.:]/);
  if (first < 0) {
    return { problem: /^(0[xX][0-9a-fA-F]+|\d+)$/.test(text) ? 'is a single number, not four dotted parts' : 'is not an IPv4 or IPv6 address' };
  }
  const parsed = text[first] === '.' ? parseIPv4(text) : parseIPv6(text);
  return typeof parsed === 'string' ? { problem: parsed } : { address: { family: parsed.length === 4 ? 'IPv4' : 'IPv6', bytes: parsed } };
}

/** Four dotted decimal parts from 0 to 255, without leading zeros (netip.ParseAddr). */
function parseIPv4(text: string): number[] | string {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return `has ${parts.length} dotted parts; an IPv4 address has exactly four`;
  }
  const bytes: number[] = [];
  for (const part of parts) {
    if (part === '') return 'has an empty part';
    if (/^0[xX]/.test(part)) return `has the hexadecimal part ${JSON.stringify(part)}; Kubernetes reads decimal parts only`;
    if (!/^\d+$/.test(part)) return `has the part ${JSON.stringify(part)}, which is not a decimal number`;
    if (part.length > 1 && part.startsWith('0')) return `has the part ${JSON.stringify(part)} with a leading zero`;
    if (Number(part) > 255) return `has the part ${part}, which is over 255`;
    bytes.push(Number(part));
  }
  return bytes;
}

/** RFC 4291 text as netip.ParseAddr reads it: 8 groups of 1-4 hex digits, one `::`, an optional final IPv4. */
function parseIPv6(text: string): number[] | string {
  const invalid = 'is not a valid IPv6 address';
  const bytes: number[] = new Array(16).fill(0);
  let s = text;
  let ellipsis = -1;
  let i = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return bytes;
  }
  while (i < 16) {
    const digits = /^[0-9a-fA-F]*/.exec(s)![0];
    if (s[digits.length] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return `${invalid}: the dotted IPv4 part must fill its last 32 bits`;
      const v4 = parseIPv4(s);
      if (typeof v4 === 'string') return `${invalid}: its IPv4 part ${v4}`;
      bytes.splice(i, 4, ...v4);
      s = '';
      i += 4;
      break;
    }
    if (digits.length === 0) return `${invalid}: a group has no hex digits`;
    if (digits.length > 4) return `${invalid}: the group ${JSON.stringify(digits)} has more than four hex digits`;
    const group = parseInt(digits, 16);
    bytes[i] = group >> 8;
    bytes[i + 1] = group & 0xff;
    i += 2;
    s = s.slice(digits.length);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return invalid;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return `${invalid}: it has "::" twice`;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return `${invalid}: it has more than eight groups`;
  return expandEllipsis(bytes, i, ellipsis) ?? `${invalid}: ${ellipsis < 0 ? 'it has fewer than eight groups' : '"::" stands for no group'}`;
}

/** Moves the groups after `::` to the end; undefined when the count of groups does not fit. */
function expandEllipsis(bytes: number[], used: number, ellipsis: number): number[] | undefined {
  if (used === 16) {
    return ellipsis < 0 ? bytes : undefined;
  }
  if (ellipsis < 0) return undefined;
  const tail = bytes.slice(ellipsis, used);
  const out = new Array(16).fill(0);
  out.splice(0, ellipsis, ...bytes.slice(0, ellipsis));
  out.splice(16 - tail.length, tail.length, ...tail);
  return out.slice(0, 16);
}

/** Whether an IPv6 address is IPv4-mapped (`::ffff:a.b.c.d`), which Go reads as the IPv4 address. @internal */
export function isIPv4Mapped(a: IpAddress): boolean {
  return a.family === 'IPv6' && a.bytes.slice(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff;
}

/** The IPv4 address of an IPv4-mapped one; any other address unchanged. @internal */
export function unmapIPv4(a: IpAddress): IpAddress {
  return isIPv4Mapped(a) ? { family: 'IPv4', bytes: a.bytes.slice(12) } : a;
}

/** The bit length of a family. @internal */
export function bitsOf(family: IpFamily): number {
  return family === 'IPv4' ? 32 : 128;
}

/** The address with every bit after `prefix` cleared. @internal */
export function maskAddress(a: IpAddress, prefix: number): IpAddress {
  const bytes = a.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - 8 * i));
    return b & (0xff << (8 - keep)) & 0xff;
  });
  return { family: a.family, bytes };
}

/** Whether two addresses agree on their first `prefix` bits (same family only). @internal */
export function samePrefix(a: IpAddress, b: IpAddress, prefix: number): boolean {
  if (a.family !== b.family) return false;
  // Byte by byte, without allocating: the engine calls this for every ipBlock and address it meets.
  for (let i = 0; 8 * i < prefix; i++) {
    const keep = Math.min(8, prefix - 8 * i);
    const mask = (0xff << (8 - keep)) & 0xff;
    if ((a.bytes[i] & mask) !== (b.bytes[i] & mask)) return false;
  }
  return true;
}

/** Go's String(): dotted IPv4, RFC 5952 IPv6 (lower case, the longest run of zero groups as `::`). @internal */
export function formatAddress(a: IpAddress): string {
  if (a.family === 'IPv4') return a.bytes.join('.');
  const groups = [0, 1, 2, 3, 4, 5, 6, 7].map((g) => (a.bytes[2 * g] << 8) | a.bytes[2 * g + 1]);
  let best = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      best = start;
      bestLength = end - start;
    }
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLength).join(':')}`;
}
