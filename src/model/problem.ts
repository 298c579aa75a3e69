/**
 * The validation vocabulary: each rule (a port, a port name, a namespace, an object name, a CIDR...)
 * says what is wrong with a value as a list of problems, and each layer maps the same problems onto
 * its own report: constructs onto a `ValidationError` (errors.ts `fail`), the CLI config onto a config
 * line, the engine onto an NP011 finding. The rule texts live only in the rules.
 */

/** One thing wrong with one value. @internal */
export interface Problem {
  /** Where the value is, as the caller named it: `namespace`, `ports[0].port`, `cidrs[1]`. */
  readonly field: string;
  /** The value as given. */
  readonly value: unknown;
  /** Why it is refused, as a clause that reads after the value: `a port must be an integer from 1 to 65535`. */
  readonly message: string;
}

/** A list with the one problem, or an empty list when `valid`. @internal */
export function problemUnless(valid: boolean, field: string, value: unknown, message: string): Problem[] {
  return valid ? [] : [{ field, value, message }];
}
