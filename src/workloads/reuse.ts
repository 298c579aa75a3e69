import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { WorkloadRef, WorkloadSelector } from './workload-ref';
import { selectorOf } from '../policies/network-policy';

/**
 * What identifies a generated policy: its name, namespace and spec (labels and annotations aside).
 */
function identity(policies: ApiObject[]): string {
  return JSON.stringify(policies.map((p) => {
    const json = p.toJson();
    return { name: json.metadata?.name, namespace: json.metadata?.namespace, spec: json.spec };
  }));
}

/**
 * Finds a construct of the app (made by us, a NamespaceBaseline or the user) that already emits exactly
 * the policies `build` would emit, so a grant needed twice re-uses it instead of creating a duplicate
 * (policy names are unique per namespace). `build` is first run in a throw-away app to learn what it
 * would emit; when that fails (bad input), undefined is returned and the real construction reports it.
 * @internal
 */
export function findSamePolicies<T extends IConstruct>(scope: IConstruct, type: abstract new (...args: any[]) => T,
  policiesOf: (construct: T) => ApiObject[], build: (probeScope: Construct) => T): T | undefined {
  let wanted: string;
  try {
    wanted = identity(policiesOf(build(new Chart(new App(), 'probe'))));
  } catch {
    return undefined;
  }
  for (const c of scope.node.root.node.findAll()) {
    if (c instanceof type && identity(policiesOf(c)) === wanted) {
      return c;
    }
  }
  return undefined;
}

/**
 * A construct id that is free in `scope`: `base`, else `base-2`, `base-3`... (a clash of policy names is
 * then reported by createNetworkPolicy, with both construct paths, rather than as a clash of ids).
 * @internal
 */
export function freeId(scope: Construct, base: string): string {
  let id = base;
  for (let i = 2; scope.node.tryFindChild(id) !== undefined; i++) {
    id = `${base}-${i}`;
  }
  return id;
}

/**
 * Checks at synthesis that the workload still has the selector and namespace the policies were made
 * with: `select()` or a namespace set after the grant would leave the policies selecting other pods.
 * @internal
 */
export function keepInSync(construct: IConstruct, ref: WorkloadRef, selector: WorkloadSelector, namespace: string): void {
  const expected = selectorText(selector);
  construct.node.addValidation({
    validate: () => {
      const errors: string[] = [];
      let now: string;
      try {
        now = selectorText(ref._selector);
      } catch (e) {
        return [(e as Error).message];
      }
      if (now !== expected) {
        errors.push(`${ref.workload.node.path}: its selector changed to ${now} after ${construct.node.path} was made for ${expected}; ` +
          'call select() on the workload before granting it access');
      }
      if (ref.namespace !== namespace) {
        errors.push(`${ref.workload.node.path}: its namespace changed to ${JSON.stringify(ref.namespace)} after ` +
          `${construct.node.path} was made in ${JSON.stringify(namespace)}`);
      }
      return errors;
    },
  });
}

/** Roots that already check their NetworkPolicy names. */
const guarded = new WeakSet<IConstruct>();

/**
 * Checks at synthesis that no two NetworkPolicy objects of the app share a name in one namespace,
 * whoever made them: ours refuse duplicates at construction, but a `kplus.NetworkPolicy` or a raw
 * `KubeNetworkPolicy` with a hand-given name would silently replace one of ours when applied.
 * @internal
 */
export function guardPolicyNames(scope: IConstruct): void {
  const root = scope.node.root;
  if (guarded.has(root)) {
    return;
  }
  guarded.add(root);
  root.node.addValidation({
    validate: () => {
      const owners = new Map<string, string[]>();
      for (const c of root.node.findAll()) {
        if (c instanceof ApiObject && c.kind === 'NetworkPolicy' && c.apiGroup === 'networking.k8s.io') {
          const key = `${c.metadata.namespace ?? '(no namespace)'}/${c.name}`;
          owners.set(key, [...owners.get(key) ?? [], c.node.path]);
        }
      }
      return [...owners.entries()].filter(([, paths]) => paths.length > 1).map(([key, paths]) =>
        `NetworkPolicy ${key} is emitted ${paths.length} times (${paths.join(', ')}): applied, one replaces the other; rename one of them`);
    },
  });
}

/** A workload's selector (its labels and matchExpressions), as comparable text. */
function selectorText(s: WorkloadSelector): string {
  const selector = selectorOf(s.labels, s.expressions);
  return JSON.stringify({ ...selector, matchLabels: sorted(selector.matchLabels ?? {}) });
}

function sorted(labels: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}
