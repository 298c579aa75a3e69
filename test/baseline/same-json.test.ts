/**
 * `sameJson` decides whether the lint at synth may keep the findings of the previous validation. A
 * wrong "same" would keep findings of manifests that changed (a broken policy added after one synth
 * would pass the next), so it is checked against the text JSON writes: same ⇒ same text, and two
 * texts that differ are never "same". A wrong "different" only costs a second lint.
 */
import * as fc from 'fast-check';
import { sameJson } from '../../src/baseline/same-json';

/** A value and a change to it at one random place (a value replaced, a key added or removed). */
function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement];
    const i = pick % value.length;
    return value.map((v, j) => (j === i ? mutate(v, Math.floor(pick / value.length), replacement) : v));
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return { added: replacement };
    const key = keys[pick % keys.length];
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (pick % 3 === 0) delete copy[key];
    else copy[key] = mutate(copy[key], Math.floor(pick / keys.length), replacement);
    return copy;
  }
  return replacement;
}

describe('sameJson', () => {
  test('a value and its JSON copy are the same', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => sameJson(v, JSON.parse(JSON.stringify(v)))), { numRuns: 500 });
  });

  test('same values write the same JSON text; values whose texts differ are not the same', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.nat(), fc.jsonValue(), (v, pick, replacement) => {
      const changed = mutate(v, pick, replacement);
      const sameText = JSON.stringify(v) === JSON.stringify(changed);
      if (sameJson(v, changed)) expect(sameText).toBe(true);
      if (!sameText) expect(sameJson(v, changed)).toBe(false);
    }), { numRuns: 1000 });
  });

  test('key order, arrays against objects, and non-plain objects count', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ 0: 1 }, [1])).toBe(false);
    expect(sameJson({ a: undefined }, {})).toBe(false);
    expect(sameJson(new Date(0), new Date(0))).toBe(false);
    const shared = new Date(0);
    expect(sameJson({ d: shared }, { d: shared })).toBe(true);
    expect(sameJson(NaN, NaN)).toBe(false); // never the same: the lint runs again
    expect(sameJson({ p: -0 }, { p: 0 })).toBe(true); // JSON writes both as 0
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson(1n, 1n)).toBe(true);
  });
});
