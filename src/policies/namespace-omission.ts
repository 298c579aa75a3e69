import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { chartOmission, recordChartOmission } from '../model/chart-omissions';
import { fail, show } from '../model/errors';

/*
 * A baseline's `omitNamespace`: its NetworkPolicies are written without `metadata.namespace`, so that
 * kustomize (`namespace:` in kustomization.yaml) or `kubectl apply -n NAME` puts them in a namespace.
 * Only the policy's own namespace is left out: every namespaceSelector that names a namespace keeps it.
 * The constructs still know the namespace they are meant for (names, egress sides, the lint at synth).
 */

/** Scopes whose policies are written without namespace, with the namespace they are meant for. */
const omittingScopes = new WeakMap<IConstruct, string>();
/** How many scopes omit: while none do (the usual app), creating a policy walks no scopes for it. */
let omittingCount = 0;
/** The namespace each namespace-less object is meant for. */
const intendedNamespaces = new WeakMap<IConstruct, string>();

/**
 * Writes the policies created under `scope` without `metadata.namespace`; they are meant for
 * `namespace`. A chart is one file: a second namespace written namespace-less into it is refused,
 * as its policies (`default-deny-ingress` in both) would collide and no `-n` could apply both.
 * @internal
 */
export function omitNamespaceUnder(scope: IConstruct, namespace: string): void {
  // one file per chart: two namespace-less namespaces in it would collide
  const chart = Chart.of(scope);
  const other = chartOmission(chart);
  if (other !== undefined && other.namespace !== namespace) {
    fail(scope, `omitNamespace: ${other.scope.node.path} already writes the policies of namespace ${show(other.namespace)} ` +
      `without metadata.namespace into chart ${chart.node.path}, and namespace ${show(namespace)} cannot be written namespace-less ` +
      'beside it (their policies share names, and one file is applied to one namespace): put each namespace-less baseline ' +
      'in its own Chart, or leave omitNamespace off for one of them');
  }
  recordChartOmission(chart, namespace, scope);
  omittingScopes.set(scope, namespace);
  omittingCount += 1;
}

/**
 * Whether a policy of `namespace` created in `scope` is written without `metadata.namespace`. Refuses
 * (naming `scope`) a policy of another namespace under a namespace-less baseline, such as the egress
 * side of a cross-namespace allow in its source namespace: without its namespace it would land in the
 * baseline's namespace, where it selects the wrong pods.
 * @param what the policy, for that error (a function: it is called for every policy, and the error is rare)
 * @internal
 */
export function namespaceOmitted(scope: IConstruct, namespace: string, what: () => string): boolean {
  if (omittingCount === 0) return false;
  for (let s: IConstruct | undefined = scope; s !== undefined; s = s.node.scope) {
    const omitted = omittingScopes.get(s);
    if (omitted === undefined) continue;
    if (omitted !== namespace) {
      fail(scope, `${what()} belongs in namespace ${show(namespace)}, but ${s.node.path} writes its policies without ` +
        `metadata.namespace for namespace ${show(omitted)} (omitNamespace), and a namespace-less file is applied to one ` +
        `namespace only: add it through a baseline of namespace ${show(namespace)} in another chart, or leave omitNamespace off`);
    }
    return true;
  }
  return false;
}

/**
 * Marks `object` as meant for `namespace` though written without one; a namespace its chart gave it
 * (`new Chart(app, id, { namespace })`) is removed from the output by a JSON patch.
 * @internal
 */
export function writeWithoutNamespace(object: ApiObject, namespace: string): void {
  intendedNamespaces.set(object, namespace);
  if (object.metadata.namespace !== undefined) object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}

/**
 * The namespace an object is meant for: its `metadata.namespace`, or the one it is written without.
 * @internal
 */
export function intendedNamespaceOf(object: ApiObject): string | undefined {
  return intendedNamespaces.get(object) ?? object.metadata.namespace;
}

/**
 * The namespace the namespace-less objects of `chart` are meant for (the namespace of its
 * namespace-less baseline), or undefined when it has none.
 * @internal
 */
export function chartOmittedNamespace(chart: Chart): string | undefined {
  return chartOmission(chart)?.namespace;
}
