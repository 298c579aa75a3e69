import { BitSet } from './bitset';
import { CompiledSelector, Labels } from './label-selector';

/** What selecting a group by its pod labels needs to know of it. @internal */
export interface SelectableGroup {
  readonly labels: Labels;
  readonly hostNetwork: boolean;
}

/**
 * Adds to `set` the groups among `members` (the groups of one namespace) that a pod selector matches
 * (undefined: every pod), hostNetwork groups never: no pods peer or subject selects those. The one
 * loop of the NetworkPolicy peers (matrix-builder.ts) and the cluster-scoped selections (tier-peer-sets.ts):
 * sharing it, the tiers run code V8 has already optimized for the NetworkPolicies instead of
 * compiling their own copy, which at 1,000 pods cost more than the selections themselves.
 * @internal
 */
export function addSelectedGroups(set: BitSet, members: readonly number[], groups: readonly SelectableGroup[],
  podSelector: CompiledSelector | undefined): void {
  for (const gi of members) {
    const g = groups[gi];
    if (!g.hostNetwork && (podSelector === undefined || podSelector.matches(g.labels))) set.add(gi);
  }
}
