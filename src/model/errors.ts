import { IConstruct } from 'constructs';
import { Problem } from './problem';
import { VALIDATION_ERROR } from './validation-brand';

/**
 * The error a construct throws for an input it refuses: the message is `<path>: <what is wrong>` (all
 * that other jsii languages see), and the path, field and value are properties for JavaScript callers.
 * Not exported from the package: jsii cannot export a subclass of `Error` (`ValidationErrors.isValidationError`
 * recognises it by its brand).
 * @internal
 */
export class ValidationError extends Error {
  /** The path of the construct that refused the input. */
  public readonly constructPath: string;
  /** The field that holds the bad value, when one field is at fault. */
  public readonly field?: string;
  /** The bad value as given, when one field is at fault. */
  public readonly value?: unknown;

  public constructor(path: string, message: string, problem?: Problem) {
    super(`${path}: ${message}`);
    this.name = 'ValidationError';
    this.constructPath = path;
    this.field = problem?.field;
    this.value = problem?.value;
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
  }
}

/**
 * Throws a ValidationError that names the construct path, so a user can find the bad input in a large
 * app. Given a problem, the message is `invalid <field> <value>: <why>` unless `message` says it otherwise.
 * @internal
 */
export function fail(scope: IConstruct, problem: string | Problem, message?: string): never {
  const text = typeof problem === 'string' ? problem : message ?? invalid(problem);
  throw new ValidationError(scope.node.path, text, typeof problem === 'string' ? undefined : problem);
}

/**
 * Throws for the first of `problems`, if any.
 * @param describe how a construct says the problem, when not `invalid <field> <value>: <why>`
 * @internal
 */
export function failOnFirst(scope: IConstruct, problems: readonly Problem[], describe: (p: Problem) => string = invalid): void {
  if (problems.length > 0) {
    fail(scope, problems[0], describe(problems[0]));
  }
}

/** `invalid namespace "Shop": it must be a DNS-1123 label (...)`. @internal */
export function invalid(problem: Problem, what?: string): string {
  return `invalid ${what ?? problem.field} ${show(problem.value)}: ${problem.message}`;
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
