import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * Keys that cdk8s cannot render: its sanitizer reads `obj.constructor.name` to tell plain objects, so
 * an object with an own key `constructor` (a valid label key) fails synthesis inside cdk8s.
 */
const UNRENDERABLE_KEYS: ReadonlySet<string> = new Set(['constructor']);

/** One value taken out of a spec, and the JSON pointer where it goes back. */
interface DeferredValue {
  readonly pointer: string;
  readonly value: unknown;
}

/**
 * A copy of `value` without the keys cdk8s cannot render, and where each of them goes back: pass the
 * copy to the ApiObject and give the rest to `restoreDeferred`, which writes them with JSON patches
 * (applied after cdk8s's sanitizer). Objects without such keys are copied unchanged.
 * @internal
 */
export function deferUnrenderableKeys<T>(value: T, pointer: string, deferred: DeferredValue[] = []): { value: T; deferred: DeferredValue[] } {
  // Nearly every spec has no such key: it is passed on as it is, without a copy (18,000 policies at a time).
  return { value: hasUnrenderableKey(value) ? strip(value, pointer, deferred) as T : value, deferred };
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Whether any plain object inside `value` has an own key of UNRENDERABLE_KEYS. It runs on every policy
 * at construction, so it is written as plain loops over a Set: the `some`/`includes` version (closures
 * per level) was a visible part of building a ClusterBaseline of 100 namespaces.
 */
function hasUnrenderableKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (hasUnrenderableKey(value[i])) return true;
    }
    return false;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if (UNRENDERABLE_KEYS.has(keys[i]) || hasUnrenderableKey((value as { [key: string]: unknown })[keys[i]])) return true;
  }
  return false;
}

function strip(value: unknown, pointer: string, deferred: DeferredValue[]): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => strip(item, `${pointer}/${i}`, deferred));
  }
  // Only plain data is copied: a token (Lazy) or an IntOrString must reach cdk8s as it is.
  if (!isPlainObject(value)) {
    return value;
  }
  const copy: { [key: string]: unknown } = {};
  for (const key of Object.keys(value)) {
    const item = (value as { [key: string]: unknown })[key];
    const itemPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (UNRENDERABLE_KEYS.has(key)) {
      deferred.push({ pointer: itemPointer, value: item });
    } else {
      copy[key] = strip(item, itemPointer, deferred);
    }
  }
  return copy;
}

/**
 * Writes the values `deferUnrenderableKeys` took out, after cdk8s's sanitizer has run.
 * @internal
 */
export function restoreDeferred(object: ApiObject, deferred: DeferredValue[]): void {
  for (const d of deferred) {
    object.addJsonPatch(JsonPatch.add(d.pointer, d.value));
  }
}
