import { IConstruct } from 'constructs';
import { fail, show } from './errors';
import { isDns1123Subdomain } from './names';

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Keys and values already found valid: a cluster repeats a few hundred of them thousands of times, and
 * the engine checks every label of every pod and selector (bounded, so hostile input cannot grow it).
 */
const validKeys = new Set<string>();
const validValues = new Set<string>();
const MEMO_LIMIT = 10_000;

function remember(memo: Set<string>, text: string): undefined {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.add(text);
  return undefined;
}

/**
 * Why a label key is invalid, or undefined when it is valid.
 * A key is an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 characters.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 * @internal
 */
export function labelKeyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key === '') {
    return 'a label key cannot be empty';
  }
  if (validKeys.has(key)) return undefined;
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) {
    return `the prefix ${show(prefix)} must be a DNS-1123 subdomain (lower case, at most 253 characters)`;
  }
  if (name.length > 63) {
    return `the name part ${show(name)} is longer than 63 characters`;
  }
  if (!LABEL_NAME.test(name)) {
    return `the name part ${show(name)} must start and end with a letter or digit and contain only letters, digits, "-", "_" and "."`;
  }
  return remember(validKeys, key);
}

/**
 * Why a label value is invalid, or undefined when it is valid (empty values are valid).
 * @internal
 */
export function labelValueProblem(value: string): string | undefined {
  if (typeof value !== 'string') {
    return 'a label value must be a string';
  }
  if (validValues.has(value)) return undefined;
  if (value.length > 63) {
    return 'a label value is at most 63 characters';
  }
  if (value !== '' && !LABEL_NAME.test(value)) {
    return 'a label value must be empty or start and end with a letter or digit and contain only letters, digits, "-", "_" and "."';
  }
  return remember(validValues, value);
}

/** @internal */
export function validateLabelKey(scope: IConstruct, key: string, field: string): void {
  const problem = labelKeyProblem(key);
  if (problem) {
    fail(scope, `invalid label key ${show(key)} in ${field}: ${problem}`);
  }
}

/**
 * Validates every key and value of a label map.
 * @param allowEmpty whether `{}` is acceptable (an empty map selects every pod, which is rarely what a
 * caller that asked for specific pods meant).
 * @internal
 */
export function validateLabels(scope: IConstruct, labels: { [key: string]: string } | undefined, field: string, allowEmpty = true): void {
  if (labels === undefined) {
    return;
  }
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    fail(scope, `invalid ${field} ${show(labels)}: expected a map of label keys to values`);
  }
  const keys = Object.keys(labels);
  if (!allowEmpty && keys.length === 0) {
    fail(scope, `${field} is empty: an empty label map selects every pod; give at least one label`);
  }
  for (const key of keys) {
    validateLabelKey(scope, key, field);
    const problem = labelValueProblem(labels[key]);
    if (problem) {
      fail(scope, `invalid label value ${show(labels[key])} for key ${show(key)} in ${field}: ${problem}`);
    }
  }
}
