/**
 * The items of a list grouped by a key, each group in the list's order, the groups in the order their
 * keys first appear. The one grouping helper of the engine, the lint and the CLI.
 * @internal
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
