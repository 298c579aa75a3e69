/**
 * The brand of a ValidationError: `Symbol.for`, so that two copies of this library in one app (a nested
 * node_modules) recognise each other's errors, where `instanceof` would not. Not exported from the package.
 */
export const VALIDATION_ERROR = Symbol.for('cdk8s-netpol-baseline.ValidationError');
