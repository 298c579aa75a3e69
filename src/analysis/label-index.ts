/* eslint-disable no-bitwise */ // sets of items are bit sets
import { BitSet } from './bitset';
import { BitSetSlab } from './bitset-complement';
import { CompiledSelector, Labels, Requirement } from './label-selector';

/**
 * The items (groups of pods) a label selector matches, as bit sets, from an index of the label
 * values: each key a selector names is read once from every item, and a selector is then a few
 * word-by-word ANDs. Same result as `CompiledSelector.matches` on each item (a missing key satisfies
 * NotIn and DoesNotExist), at a cost that does not grow with the number of selectors times items:
 * the cluster-scoped policies' selectors all range over the whole cluster.
 * @internal
 */
export class LabelIndex {
  /** Per label key: the items that have it, and those by value. */
  private readonly byKey = new Map<string, { readonly any: BitSet; readonly values: Map<string, BitSet> }>();
  private readonly everything: BitSet;

  constructor(private readonly items: readonly Labels[], private readonly slab: BitSetSlab) {
    this.everything = slab.next();
    for (let i = 0; i < items.length; i++) this.everything.add(i);
  }

  /** The items the selector matches: every requirement holds. */
  public matching(selector: CompiledSelector): BitSet {
    const out = this.slab.next();
    out.words.set(this.everything.words);
    for (const r of selector.requirements) {
      const key = this.key(r.key);
      switch (r.operator) {
        case 'In':
          and(out, this.anyOf(key.values, r), false);
          break;
        case 'NotIn':
          and(out, this.anyOf(key.values, r), true);
          break;
        case 'Exists':
          and(out, key.any, false);
          break;
        case 'DoesNotExist':
          and(out, key.any, true);
          break;
      }
    }
    return out;
  }

  /** The items whose value of the requirement's key is one of its values. */
  private anyOf(values: Map<string, BitSet>, r: Requirement): BitSet {
    if (r.values.length === 1) return values.get(r.values[0]) ?? this.slab.next();
    const set = this.slab.next();
    for (const v of r.values) {
      const s = values.get(v);
      if (s) set.or(s);
    }
    return set;
  }

  private key(key: string): { readonly any: BitSet; readonly values: Map<string, BitSet> } {
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { any: this.slab.next(), values: new Map() };
      for (let i = 0; i < this.items.length; i++) {
        const labels = this.items[i];
        if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
        entry.any.add(i);
        const value = labels[key];
        let set = entry.values.get(value);
        if (!set) entry.values.set(value, set = this.slab.next());
        set.add(i);
      }
      this.byKey.set(key, entry);
    }
    return entry;
  }
}

/** `out &= set` (`negate`: `out &= ~set`), word by word. */
function and(out: BitSet, set: BitSet, negate: boolean): void {
  const o = out.words;
  const s = set.words;
  if (negate) for (let w = 0; w < o.length; w++) o[w] &= ~s[w];
  else for (let w = 0; w < o.length; w++) o[w] &= s[w];
}
