/* eslint-disable no-bitwise */ // a bit set is bitwise by nature
import { BitSet } from './bitset';

/** V8 keeps a typed array of at most this many bytes on the heap (`typed_array_max_size_in_heap`). */
const MAX_BYTES_IN_HEAP = 64;

/**
 * Bit sets carved out of shared buffers. A Uint32Array over 64 bytes gets a backing store of its own
 * outside the heap, which is slow to allocate and makes the collector run: the matrices make a few
 * thousand sets per port, so they share one buffer per 256 sets. Each is an ordinary BitSet. Sets of
 * up to 64 bytes (512 members) are allocated on their own: on the heap that is cheaper than a view.
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
    if (this.wordsPerSet * 4 <= MAX_BYTES_IN_HEAP) return new BitSet(this.size);
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
