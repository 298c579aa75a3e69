import { BitSetSlab } from '../../src/analysis/bitset-complement';

// Sizes around the 512 members (64 bytes) up to which a slab's sets are arrays of their own, and 600
// sets, so the larger ones span three of the slab's 256-set buffers.
test.each([1, 32, 512, 513, 1000])('a slab of %d-member sets hands out empty, independent sets of that size', (size) => {
  const slab = new BitSetSlab(size);
  const sets = Array.from({ length: 600 }, () => slab.next());
  for (const set of sets) {
    expect(set.size).toBe(size);
    expect(set.words.length).toBe(Math.ceil(size / 32));
    expect(set.words.every((w) => w === 0)).toBe(true);
  }
  sets.forEach((set, k) => {
    set.add(k % size);
    set.add(size - 1);
  });
  sets.forEach((set, k) => {
    const members = Array.from({ length: size }, (_, i) => i).filter((i) => set.has(i));
    expect([k, members]).toEqual([k, [...new Set([k % size, size - 1])].sort((a, b) => a - b)]);
  });
});
