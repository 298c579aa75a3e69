import { createHash } from 'crypto';
import { IConstruct } from 'constructs';
import { fail, show } from './errors';

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
 * Namespace names are DNS-1123 labels: lower case alphanumerics and '-', 63 characters at most.
 * @internal
 */
export function validateNamespaceName(scope: IConstruct, namespace: string, field = 'namespace'): void {
  if (typeof namespace !== 'string' || !isDns1123Label(namespace)) {
    fail(scope, `invalid ${field} ${show(namespace)}: a namespace name must be a DNS-1123 label ` +
      '(lower case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)');
  }
}

/**
 * Validates a user-chosen name that becomes part of a policy name (a hub or server name).
 * @internal
 */
export function validateNamePart(scope: IConstruct, value: string, field: string): void {
  if (typeof value !== 'string' || !isDns1123Label(value)) {
    fail(scope, `invalid ${field} ${show(value)}: it becomes part of policy and label names, so it must be a DNS-1123 label ` +
      '(lower case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)');
  }
}

/**
 * Turns any text into a DNS-1123 fragment: lower case, runs of other characters become one '-'.
 * @internal
 */
export function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * A readable fragment that names a label map: its values (or key=value when a value is empty), in key order.
 * `{ app: 'web', tier: 'frontend' }` becomes `web-frontend`. An empty map is `all-pods`.
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

/**
 * Joins fragments into a deterministic, valid object name. A name longer than the Kubernetes limit is
 * cut and given a short hash of the full name, so two long names stay distinct.
 * @internal
 */
export function policyName(...parts: string[]): string {
  const name = parts.map(slugify).filter((p) => p !== '').join('-');
  if (name.length <= MAX_OBJECT_NAME) {
    return name;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${name.slice(0, MAX_OBJECT_NAME - 11).replace(/-+$/, '')}-${hash}`;
}
