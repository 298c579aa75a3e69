/* eslint-disable no-bitwise */ // a bit set is bitwise by nature
/**
 * Fixed-size bit sets over group indices: the matrix unions and intersects peer sets word by word.
 * @internal
 */
export class BitSet {
  public static full(size: number): BitSet {
    const s = new BitSet(size);
    s.words.fill(0xffffffff);
    return s;
  }

  public readonly words: Uint32Array;

  /** @param words the storage (a view into a shared buffer, bitset-complement.ts's slab), zeroed; default: its own */
  constructor(public readonly size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  public add(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }

  public has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** this |= other. */
  public or(other: BitSet): void {
    const a = this.words;
    const b = other.words;
    for (let i = 0; i < a.length; i++) a[i] |= b[i];
  }

  /** this |= (x & y & z). */
  public orAndAnd(x: BitSet, y: BitSet, z: BitSet): void {
    const a = this.words;
    for (let i = 0; i < a.length; i++) a[i] |= x.words[i] & y.words[i] & z.words[i];
  }

  /** this |= (x & y). */
  public orAnd(x: BitSet, y: BitSet): void {
    const a = this.words;
    for (let i = 0; i < a.length; i++) a[i] |= x.words[i] & y.words[i];
  }
}

/** Calls `f` with every member of a set below `limit`, in increasing order. @internal */
export function forEachMember(set: BitSet, limit: number, f: (i: number) => void): void {
  const words = set.words;
  for (let w = 0; w < words.length; w++) {
    let bits = words[w];
    while (bits !== 0) {
      const low = bits & -bits;
      const i = w * 32 + 31 - Math.clz32(low);
      if (i < limit) f(i);
      bits ^= low;
    }
  }
}

/** Bit `i` of a word array, as 0 or 1 (the hot read of the matrix fill). @internal */
export function bitOf(words: Uint32Array, i: number): number {
  return (words[i >>> 5] >>> (i & 31)) & 1;
}
