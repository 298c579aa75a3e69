/* eslint-disable no-bitwise */ // a bit set is bitwise by nature
import { BitSet } from './bitset';

/**
 * Complements of bit sets for the matrix fill: a destination that admits almost every source (a
 * guardrail that denies a few peers) is cheaper to record by the sources it refuses.
 */

/** Whether more than half of the members below `limit` are in the set. @internal */
export function mostlyFull(set: BitSet, limit: number): boolean {
  let count = 0;
  const words = set.words;
  for (let w = 0; w < words.length; w++) {
    let v = words[w] - ((words[w] >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    count += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return count * 2 > limit;
}

/** Calls `f` with every index below `limit` that is NOT in the set, in increasing order. @internal */
export function forEachNonMember(set: BitSet, limit: number, f: (i: number) => void): void {
  const words = set.words;
  for (let w = 0; w < words.length; w++) {
    let bits = ~words[w];
    while (bits !== 0) {
      const low = bits & -bits;
      const i = w * 32 + 31 - Math.clz32(low);
      if (i < limit) f(i);
      bits ^= low;
    }
  }
}

/** `row &= ~refused`, word by word. @internal */
export function andNotInto(row: Uint32Array, refused: BitSet): void {
  for (let w = 0; w < row.length; w++) row[w] &= ~refused.words[w];
}

/**
 * Bit sets carved out of shared buffers. A Uint32Array over 64 bytes gets a backing store of its own
 * outside the heap, which is slow to allocate and makes the collector run: the tier matrix makes a few
 * thousand sets per port, so they share one buffer per 256 sets. Each is an ordinary BitSet.
 * @internal
 */
export class BitSetSlab {
  private buffer = new Uint32Array(0);
  private used = 0;
  private readonly wordsPerSet: number;

  constructor(private readonly size: number) {
    this.wordsPerSet = (size + 31) >>> 5;
  }

  /** An empty set of `size` members. */
  public next(): BitSet {
    if (this.used + this.wordsPerSet > this.buffer.length) {
      this.buffer = new Uint32Array(this.wordsPerSet * 256);
      this.used = 0;
    }
    // Through the constructor, so every set has one shape and the matrix's hot loops stay monomorphic.
    const set = new BitSet(this.size, this.buffer.subarray(this.used, this.used + this.wordsPerSet));
    this.used += this.wordsPerSet;
    return set;
  }
}
