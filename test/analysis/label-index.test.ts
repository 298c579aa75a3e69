import * as fc from 'fast-check';
import { BitSetSlab } from '../../src/analysis/bitset-complement';
import { LabelIndex } from '../../src/analysis/label-index';
import { compileSelector } from '../../src/analysis/label-selector';

const KEYS = ['app', 'tier', 'env'];
const VALUES = ['a', 'b', 'c'];
const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES));
const expression = fc.oneof(
  fc.record({
    key: fc.constantFrom(...KEYS),
    operator: fc.constantFrom('In', 'NotIn'),
    values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1 }),
  }),
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const selectorArb = fc.record({
  matchLabels: fc.option(labelsArb, { nil: undefined }),
  matchExpressions: fc.option(fc.array(expression, { maxLength: 3 }), { nil: undefined }),
});

test('LabelIndex.matching selects exactly the items CompiledSelector.matches accepts', () => {
  const itemsArb = fc.array(labelsArb, { minLength: 1, maxLength: 70 });
  fc.assert(fc.property(itemsArb, fc.array(selectorArb, { minLength: 1, maxLength: 4 }), (items, raws) => {
    // One index for several selectors: the per-key index is shared between them.
    const index = new LabelIndex(items, new BitSetSlab(items.length + 1));
    for (const raw of raws) {
      const selector = compileSelector(raw, 'podSelector').selector!;
      const set = index.matching(selector);
      items.forEach((labels, i) => expect([i, set.has(i)]).toEqual([i, selector.matches(labels)]));
      expect(set.has(items.length)).toBe(false);
    }
  }), { numRuns: 500 });
});
