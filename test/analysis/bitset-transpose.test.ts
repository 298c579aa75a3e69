import * as fc from 'fast-check';
import { BitSet } from '../../src/analysis/bitset';
import { transposeSets } from '../../src/analysis/bitset-transpose';

/** Random square bit matrices, sizes across word boundaries, rows with garbage beyond `size` (as BitSet.full has). */
const matrixArb = fc.integer({ min: 1, max: 100 }).chain((size) => fc.tuple(fc.constant(size),
  fc.array(fc.oneof(fc.constant('full'), fc.constant('empty'), fc.array(fc.boolean(), { minLength: size, maxLength: size })),
    { minLength: size, maxLength: size })));

test('transposeSets: row r holds bit c exactly when input row c holds bit r', () => {
  fc.assert(fc.property(matrixArb, ([size, spec]) => {
    const sets = spec.map((row) => {
      if (row === 'full') return BitSet.full(size);
      const s = new BitSet(size);
      if (row !== 'empty') row.forEach((bit, i) => { if (bit) s.add(i); });
      return s;
    });
    const { words, rows } = transposeSets(sets, size);
    expect(words).toBe(Math.ceil(size / 32));
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < words * 32; c++) {
        // eslint-disable-next-line no-bitwise
        const got = (rows[r * words + (c >>> 5)] >>> (c & 31)) & 1;
        const want = c < size && sets[c].has(r) ? 1 : 0;
        if (got !== want) throw new Error(`size ${size}: (${r}, ${c}) is ${got}, input (${c}, ${r}) is ${want}`);
      }
    }
  }), { numRuns: 300 });
});
