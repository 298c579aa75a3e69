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
 * @internal
 */
export function show(value: unknown): string {
  return JSON.stringify(value);
}
