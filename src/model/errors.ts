import { IConstruct } from 'constructs';

/**
 * Throws an error that names the construct path, so a user can find the bad input in a large app.
 * @internal
 */
export function fail(scope: IConstruct, message: string): never {
  throw new Error(`${scope.node.path}: ${message}`);
}

/**
 * Quotes a user value for an error message (JSON keeps empty strings and odd characters visible).
 * A construct (anything with a `node.path`) is shown as its path: its JSON is huge and circular. Never
 * throws: a circular value shows `[circular]` where it repeats, a function or a BigInt its text.
 * @internal
 */
export function show(value: unknown): string {
  const path = constructPath(value);
  if (path !== undefined) {
    return path;
  }
  // The objects from the root to the one being written: a value among them is a cycle (a repeated, shared one is not).
  const ancestors: unknown[] = [];
  try {
    const text = JSON.stringify(value, function (this: unknown, _key: string, v: unknown) {
      const nested = constructPath(v);
      if (nested !== undefined) return nested;
      if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') return String(v);
      if (v !== null && typeof v === 'object') {
        while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
        if (ancestors.includes(v)) return '[circular]';
        ancestors.push(v);
      }
      return v;
    });
    return text ?? String(value);
  } catch {
    return String(value);
  }
}

/** The construct path of a construct (a value with `node.path`), else undefined. */
function constructPath(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const node = (value as { node?: unknown }).node;
  const path = node !== null && typeof node === 'object' ? (node as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? (path === '' ? '(the app root)' : path) : undefined;
}
