/* eslint-disable no-bitwise */ // a bit matrix is bitwise by nature
import { BitSet } from './bitset';

/**
 * The transpose of a square bit matrix given by its rows: row `r` of the result holds bit `c` when row
 * `c` of the input holds bit `r`. The matrix fill needs, per source group, the destinations whose
 * ingress admits it. Setting those bits one by one costs a call per member, and the sets of the
 * cluster-scoped tiers are neither nearly empty nor nearly full (a Baseline deny of a few namespaces,
 * an Admin accept of others), so that came to ~100,000 calls per port at 1,000 pods. Transposing
 * 32 x 32 blocks of words costs the same for any density: (size / 32)^2 blocks of 80 word operations.
 */

/** A transposed bit matrix: row `r` at `rows[r * words, (r + 1) * words)`. @internal */
export interface Transposed {
  readonly words: number;
  readonly rows: Uint32Array;
}

/** Row `r` of a transposed matrix AND a set, written to `out` (`t.words` words), which it returns. @internal */
export function rowAnd(t: Transposed, r: number, set: BitSet, out: Uint32Array): Uint32Array {
  const rows = t.rows;
  const other = set.words;
  const start = r * t.words;
  for (let w = 0; w < t.words; w++) out[w] = rows[start + w] & other[w];
  return out;
}

/**
 * The transposed rows of `sets` (each of `size` members; `sets.length === size`), `words` words a row,
 * row `r` at `rows[r * words, (r + 1) * words)`. Bits from `size` on may be set in the input (a full
 * set has them); they only reach rows from `size` on, which are not part of the result, and the
 * result's bits from `size` on are zero. @internal
 */
export function transposeSets(sets: readonly BitSet[], size: number): Transposed {
  const words = (size + 31) >>> 5;
  const rows = new Uint32Array(words * words * 32);
  const block = new Uint32Array(32);
  for (let bc = 0; bc < words; bc++) {
    // Input rows 32*bc .. 32*bc+31, word bw of each: the block that lands in output rows 32*bw.., word bc.
    for (let bw = 0; bw < words; bw++) {
      for (let k = 0; k < 32; k++) {
        const r = (bc << 5) + k;
        block[k] = r < size ? sets[r].words[bw] : 0;
      }
      transpose32(block);
      for (let k = 0; k < 32; k++) rows[((bw << 5) + k) * words + bc] = block[k];
    }
  }
  return { words, rows };
}

/**
 * Transposes a 32 x 32 bit block in place (bit `c` of word `r` = element (r, c), least significant
 * bit first): swaps the off-diagonal 16 x 16 quarters, then 8 x 8 within each, down to single bits.
 * @internal
 */
export function transpose32(a: Uint32Array): void {
  let m = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, m ^= m << j) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((a[k] >>> j) ^ a[k + j]) & m;
      a[k] ^= t << j;
      a[k + j] ^= t;
    }
  }
}
