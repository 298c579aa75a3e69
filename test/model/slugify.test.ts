/**
 * `slugify` returns a text that is a slug already as it is (a loop instead of its regular expressions,
 * for speed). Derived policy names depend on it byte for byte, so it must say exactly what the regular
 * expressions say, for any text.
 */
import * as fc from 'fast-check';
import { labelsPolicyName, slugify } from '../../src/model/names';

/** The definition: lower case, every run of other characters one '-', no '-' at either end. */
function slugifyByRegex(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Texts made of the characters that matter: slug characters, '-', upper case, others, non-ASCII. */
const text = fc.array(fc.constantFrom('a', 'z', '0', '9', '-', '-', 'A', 'Z', '.', '_', ' ', 'İ', 'ß', 'é', 'to'), { maxLength: 10 })
  .map((parts) => parts.join(''));

describe('slugify', () => {
  test('equals the regular-expression definition on any text', () => {
    fc.assert(fc.property(fc.oneof(text, fc.string(), fc.string({ unit: 'grapheme' })), (t) => {
      expect(slugify(t)).toBe(slugifyByRegex(t));
    }), { numRuns: 2000 });
  });

  test('edge cases: empty, dashes only, leading and trailing and doubled dashes, upper case', () => {
    for (const t of ['', '-', '--', '-a', 'a-', 'a--b', 'A', 'a-B', 'ns-0001', 'web', '9']) {
      expect(slugify(t)).toBe(slugifyByRegex(t));
    }
  });

  test('a derived name reads back exactly only when every text part is a slug', () => {
    // `Web` is not a slug: the name is the readable one with a hash of the exact parts
    expect(labelsPolicyName(['allow', 'Web', 'to', { labels: { app: 'api' } }])).toMatch(/^allow-web-to-api-[0-9a-f]{10}$/);
    expect(labelsPolicyName(['allow', 'web', 'to', { labels: { app: 'api' } }])).toBe('allow-web-to-api');
  });
});
