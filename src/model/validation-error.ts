import { VALIDATION_ERROR } from './validation-brand';

/**
 * Recognises the errors constructs throw for an input they refuse.
 *
 * Every such error's message is `<construct path>: <what is wrong>`, naming the field and the bad value,
 * in every language. In JavaScript and TypeScript the error also carries them as properties:
 * `constructPath`, `field` and `value` (the value as given). jsii cannot export a subclass of `Error`,
 * so in Python, Java, Go and .NET the error arrives as the runtime's generic exception with that message.
 */
export class ValidationErrors {
  /**
   * Whether `x` is an error a construct of this library threw for a bad input (JavaScript and TypeScript).
   * @param x any value, typically what a `catch` caught
   */
  public static isValidationError(x: any): boolean {
    return x !== null && typeof x === 'object' && (x as { [VALIDATION_ERROR]?: unknown })[VALIDATION_ERROR] === true;
  }

  private constructor() {}
}
