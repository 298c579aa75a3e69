/* eslint-disable no-bitwise */ // mulberry32 is bit arithmetic by definition
/** A seeded pseudo-random generator (mulberry32), so generated clusters are the same on every run. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  public int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a list. */
  public pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)];
  }

  /** True with probability p. */
  public chance(p: number): boolean {
    return this.next() < p;
  }

  /** Picks one of the keys by weight: `{ a: 3, b: 1 }` gives "a" three times as often as "b". */
  public weighted<K extends string>(weights: { [key in K]: number }): K {
    const entries = Object.entries(weights) as [K, number][];
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1][0];
  }
}
