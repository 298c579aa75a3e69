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

  constructor(public readonly size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
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

  /** this |= (x & y). */
  public orAnd(x: BitSet, y: BitSet): void {
    const a = this.words;
    for (let i = 0; i < a.length; i++) a[i] |= x.words[i] & y.words[i];
  }
}
