import * as crypto from 'crypto';
import { IConstruct } from 'constructs';
import { failOnFirst } from './errors';
import { Problem, problemUnless } from './problem';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes object names (NetworkPolicy included) are DNS-1123 subdomains: 253 characters at most. */
const MAX_OBJECT_NAME = 253;

/** @internal */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** @internal */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= MAX_OBJECT_NAME && DNS1123_SUBDOMAIN.test(value);
}

/**
 * The label the API server sets on every namespace to its name (since Kubernetes 1.21), so a
 * namespaceSelector can select a namespace by name.
 * @internal
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const LABEL_RULE = 'lower case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';
// The rule texts are built once: the engine checks the name of every object it reads.
const NAMESPACE_NAME_RULE = `it must be a DNS-1123 label (${LABEL_RULE})`;
const NAME_PART_RULE = `it becomes part of policy and label names, so it must be a DNS-1123 label (${LABEL_RULE})`;
const OBJECT_NAME_RULE = 'it must be a DNS-1123 subdomain (lower case letters, digits, "-" and ".", starting and ending with a letter or digit, ' +
  `at most ${MAX_OBJECT_NAME} characters)`;

/**
 * Namespace names are DNS-1123 labels: lower case alphanumerics and '-', 63 characters at most.
 * @internal
 */
export function namespaceNameProblems(value: unknown, field = 'namespace'): Problem[] {
  return problemUnless(typeof value === 'string' && isDns1123Label(value), field, value, NAMESPACE_NAME_RULE);
}

/**
 * A user-chosen name that becomes part of policy and label names (a hub or server name): a DNS-1123 label.
 * @internal
 */
export function namePartProblems(value: unknown, field: string): Problem[] {
  return problemUnless(typeof value === 'string' && isDns1123Label(value), field, value, NAME_PART_RULE);
}

/**
 * An object name (a NetworkPolicy's, a Pod's...): a DNS-1123 subdomain.
 * @internal
 */
export function objectNameProblems(value: unknown, field = 'name'): Problem[] {
  return problemUnless(typeof value === 'string' && isDns1123Subdomain(value), field, value, OBJECT_NAME_RULE);
}

/** @internal */
export function validateNamespaceName(scope: IConstruct, namespace: string, field = 'namespace'): void {
  failOnFirst(scope, namespaceNameProblems(namespace, field));
}

/** @internal */
export function validateNamePart(scope: IConstruct, value: string, field: string): void {
  failOnFirst(scope, namePartProblems(value, field));
}

/**
 * Turns any text into a DNS-1123 fragment: lower case, runs of other characters become one '-'.
 * @internal
 */
export function slugify(text: string): string {
  // Nearly every part of a derived name is a slug already (`allow`, `web`, `ns-0001`): the loop is
  // cheaper than the three passes of the regular expressions, which ran on every part of every name.
  if (isSlug(text)) return text;
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Whether `slugify` leaves `text` unchanged: empty, or lower case letters and digits in words joined
 * by single '-'.
 */
function isSlug(text: string): boolean {
  let afterDash = true; // at the start, as after a '-': a leading '-' is not a slug
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 /* - */) {
      if (afterDash) return false;
      afterDash = true;
    } else if ((c >= 97 /* a */ && c <= 122 /* z */) || (c >= 48 /* 0 */ && c <= 57 /* 9 */)) {
      afterDash = false;
    } else {
      return false;
    }
  }
  return text.length === 0 || !afterDash;
}

/**
 * A readable fragment that names a label map: its values (or key=value when a value is empty), in key order.
 * `{ app: 'web', tier: 'frontend' }` becomes `web-frontend`. An empty map is `all-pods`. The fragment is
 * lossy (keys are dropped, case is folded): names built from it go through `labelsPolicyName`.
 * @internal
 */
export function labelsSlug(labels: { [key: string]: string }): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) {
    return 'all-pods';
  }
  const slug = slugify(keys.map((k) => labels[k] === '' ? k : labels[k]).join('-'));
  return slug === '' ? 'pods' : slug;
}

/** The tail `shortened` appends; a plain fragment ending like it could be mistaken for a shortened one. */
const HASH_TAIL = /-[0-9a-f]{10}$/;

/**
 * Whether `labelsSlug` names exactly this map, so that two maps with the same slug cannot both be exact:
 * the empty map (`all-pods`), and `{ app: <value> }` whose value is already plain words without the
 * separator word `to` (names join the two sides with `-to-`). Every other map is named with a hash.
 */
function isExactSlug(labels: { [key: string]: string }): boolean {
  const keys = Object.keys(labels);
  if (keys.length === 0) {
    return true;
  }
  if (keys.length !== 1 || keys[0] !== 'app') {
    return false;
  }
  const value = labels.app;
  return value !== '' && isSlug(value) && !`-${value}-`.includes('-to-') && value !== 'all-pods' && value !== 'pods' && !HASH_TAIL.test(value);
}

/** A part of a policy name: a fixed word, a name taken as it is, or a label map. */
export type NamePart = string | { readonly labels: { [key: string]: string } };

/**
 * A policy name from fixed words, names and label maps, injective: `allow-web-to-api` while every part
 * reads back exactly (label maps per `isExactSlug`; a name with '-' only as the last part or right after
 * `to`), otherwise the readable name cut to fit and a hash of the exact parts. So `{ app: Web }` and
 * `{ app: web }`, or `{ app: web, tier: "" }` and `{ app: web-tier }`, never share a name.
 * @param dashFree the indexes of parts that must be free of '-' for the name to be exact (a namespace
 * followed by a label map: `a-b` + `c` and `a` + `b-c` would read the same)
 * @internal
 */
export function labelsPolicyName(parts: NamePart[], dashFree: number[] = []): string {
  // One pass for the readable fragments and whether each reads back exactly: every derived name comes
  // through here at construction (700 for a ClusterBaseline of 100 namespaces).
  const readable: string[] = [];
  let exact = true;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p === 'string') {
      exact = exact && isSlug(p) && (!dashFree.includes(i) || !p.includes('-'));
      readable.push(p);
    } else {
      exact = exact && isExactSlug(p.labels);
      readable.push(labelsSlug(p.labels));
    }
  }
  if (exact) {
    return policyName(...readable);
  }
  const canonical = JSON.stringify(parts.map((p) => typeof p === 'string' ? p : sortedEntries(p.labels)));
  return shortened(readable.map(slugify).filter((p) => p !== '').join('-'), MAX_OBJECT_NAME, canonical, true);
}

function sortedEntries(labels: { [key: string]: string }): [string, string][] {
  return Object.keys(labels).sort().map((k) => [k, labels[k]]);
}

/**
 * `text` cut to leave room for `-<hash>` within `max`, then the hash of `input`: deterministic, valid
 * (the cut never ends in '-' or '.') and distinct for distinct inputs.
 * @param always add the hash even when `text` fits (the text is lossy)
 */
function shortened(text: string, max: number, input: string, always = false): string {
  if (!always && text.length <= max) {
    return text;
  }
  const hash = sha256Hex(input).slice(0, 10);
  const cut = text.slice(0, max - hash.length - 1).replace(/[-.]+$/, '');
  return cut === '' ? hash : `${cut}-${hash}`;
}

/**
 * The SHA-256 of `input` in hex: the one-shot `crypto.hash` where Node has it (20.12 and later), about
 * twice as fast as `createHash` for a short name, which every lossy derived name pays at construction.
 */
const sha256Hex: (input: string) => string = typeof (crypto as { hash?: unknown }).hash === 'function'
  ? (input) => crypto.hash('sha256', input, 'hex')
  : (input) => crypto.createHash('sha256').update(input).digest('hex');

/**
 * Joins fragments into a deterministic, valid object name. A name longer than the Kubernetes limit is
 * cut and given a short hash of the full name, so two long names stay distinct.
 * @internal
 */
export function policyName(...parts: string[]): string {
  const joined = parts.map(slugify).filter((p) => p !== '').join('-');
  return shortened(joined, MAX_OBJECT_NAME, joined);
}

/**
 * `readable` (already a valid name) with a hash of `input`, for a name that could otherwise equal one
 * derived from another input.
 * @internal
 */
export function hashedPolicyName(readable: string, input: string): string {
  return shortened(readable, MAX_OBJECT_NAME, input, true);
}

/**
 * `<name>-<suffix>` (the egress side of a policy), within the object name limit: when too long, the
 * name is cut and `-<hash>` of the full name goes before the suffix, which stays readable.
 * @internal
 */
export function suffixedName(name: string, suffix: string): string {
  const full = `${name}-${suffix}`;
  if (full.length <= MAX_OBJECT_NAME) {
    return full;
  }
  return `${shortened(name, MAX_OBJECT_NAME - suffix.length - 1, full, true)}-${suffix}`;
}

/** The name part of a label key (after the prefix) is at most 63 characters. */
const MAX_LABEL_NAME = 63;

/**
 * A label key `<prefix>/<name>` derived from user names, within the 63 characters of the name part:
 * when too long (or `ambiguous`: it could equal the key derived for something else), the name is cut and
 * given a hash of `input`.
 * @internal
 */
export function derivedLabelKey(prefix: string, name: string, input: string, ambiguous = false): string {
  return `${prefix}/${shortened(name, MAX_LABEL_NAME, input, ambiguous)}`;
}
