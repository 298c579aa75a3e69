/**
 * The one workload id scheme of the engine and the CLI: `namespace/name`, or `namespace/Kind/name` when two
 * kinds share the name in the namespace (a Pod and a Deployment both called `web`). Namespaces and names
 * never contain `/`, so an id reads back unambiguously: it is what the CLI accepts in --from and --to.
 */

/** What an id is made of. @internal */
export interface WorkloadKey {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
}

/** The id of one workload; `shared` says whether another kind has the same name in the namespace. @internal */
export function workloadId(w: WorkloadKey, shared: boolean): string {
  return shared ? `${w.namespace}/${w.kind}/${w.name}` : `${w.namespace}/${w.name}`;
}

/** Whether an id names its kind (`namespace/Kind/name`). @internal */
export function idNamesKind(id: string): boolean {
  return id.split('/').length === 3;
}
