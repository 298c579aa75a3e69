import { ApiObject, Chart } from 'cdk8s';
import { k8s } from '../k8s';
import { intendedNamespaceOf } from '../policies/namespace-omission';
import { createdPolicySpec } from '../policies/network-policy';

/**
 * The objects of a chart without going through `chart.toJson()`: that call validates the whole app,
 * so a validation that used it would call itself forever.
 * @internal
 */
export function chartManifestsWithoutValidation(chart: Chart): any[] {
  return chart.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map((o) => policyManifest(o) ?? o.toJson());
}

/**
 * The manifest of a policy made by `createNetworkPolicy`, built from the spec it was created with
 * instead of `toJson()`: synthesis serializes every object anyway, and a second typed `toJson()` for
 * the lint cost about as much as the lint itself. Same JSON as `toJson()` (keys sorted, empty values
 * dropped, `IntOrString` as its value); undefined, so the caller falls back to `toJson()`, when the
 * object carries JSON patches or the spec holds anything but plain data (a token, say).
 */
function policyManifest(o: ApiObject): any | undefined {
  const spec = createdPolicySpec(o);
  const patches = (o as any).patches; // private in cdk8s; escape-hatch patches change what toJson() says
  if (spec === undefined || !Array.isArray(patches) || patches.length > 0) return undefined;
  const plainSpec = plain(spec);
  if (plainSpec === NOT_PLAIN) return undefined;
  return { apiVersion: o.apiVersion, kind: o.kind, metadata: lintMetadata(o), spec: plainSpec };
}

/**
 * What the lint reads of a policy's metadata (name, namespace, labels), without `metadata.toJson()`,
 * whose generic resolver cost a third of the lint's reading; the full `toJson()` when the labels are not
 * plain strings (tokens) or cdk8s's private field is not where this version keeps it.
 */
function lintMetadata(o: ApiObject): any {
  const labels = (o.metadata as any).labels;
  if (labels === null || typeof labels !== 'object' || Object.getPrototypeOf(labels) !== Object.prototype ||
    !Object.values(labels).every((v) => typeof v === 'string')) {
    return o.metadata.toJson();
  }
  const meta: { [key: string]: any } = {};
  const keys = Object.keys(labels);
  if (keys.length > 0) meta.labels = plain(labels);
  if (o.metadata.name !== undefined) meta.name = o.metadata.name;
  // the namespace the policy is meant for, also when it is written without one (omitNamespace)
  const namespace = intendedNamespaceOf(o);
  if (namespace !== undefined) meta.namespace = namespace;
  return meta;
}

const NOT_PLAIN = Symbol('not plain');

/** A copy of typed props as `toJson()` writes them; NOT_PLAIN when something needs cdk8s's resolver. */
function plain(value: any): any {
  if (value === null || value === undefined || typeof value !== 'object') return value;
  if (value instanceof k8s.IntOrString) return value.value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = plain(value[i]);
      if (v === NOT_PLAIN) return NOT_PLAIN;
      out[i] = v;
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
  const out: { [key: string]: any } = {};
  for (const key of Object.keys(value).sort()) {
    const v = plain(value[key]);
    if (v === NOT_PLAIN) return NOT_PLAIN;
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out;
}
