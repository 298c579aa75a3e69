import { Construct, IConstruct } from 'constructs';
import { k8s } from '../k8s';
import { namespaceOmitted, writeWithoutNamespace } from './namespace-omission';
import { deferUnrenderableKeys, restoreDeferred } from './render-safe';
import { isAttached } from '../model/detach';
import { fail, failOnFirst, invalid, show } from '../model/errors';
import { objectNameProblems, validateNamespaceName } from '../model/names';

/**
 * What one generated NetworkPolicy says. `ingress`/`egress` left undefined mean the policy does not
 * govern that direction; an empty list means it isolates that direction and admits nothing.
 * @internal
 */
export interface PolicyDefinition {
  readonly name: string;
  readonly namespace: string;
  /** The pods the policy applies to; `{}` selects every pod of the namespace. */
  readonly podSelector: k8s.LabelSelector;
  readonly ingress?: k8s.NetworkPolicyIngressRule[];
  readonly egress?: k8s.NetworkPolicyEgressRule[];
  /** Extra metadata labels (for example the construct that made the policy). */
  readonly labels?: { [key: string]: string };
}

/**
 * The spec each policy was created with, for the synth-time lint: reading it back through
 * `KubeNetworkPolicy.toJson()` resolves and converts the typed props a second time (besides synthesis),
 * which was the largest single cost of the lint (about 0.9 s of 5 s at 18,000 policies).
 */
const policySpecs = new WeakMap<IConstruct, k8s.NetworkPolicySpec>();

/**
 * The typed spec `policy` was created with by `createNetworkPolicy`, or undefined for any other object.
 * @internal
 */
export function createdPolicySpec(policy: IConstruct): k8s.NetworkPolicySpec | undefined {
  return policySpecs.get(policy);
}

/**
 * Policy names already taken, per app (the root construct), as `namespace/name` → the policy. The path
 * is only read for the error: computing it (and `node.root`, which builds the list of all scopes) for
 * every policy was a measurable part of construction at 18,000 policies.
 */
const takenNames = new WeakMap<IConstruct, Map<string, IConstruct>>();

/** The root of the construct tree, walking up without building the list of scopes. */
function rootOf(scope: IConstruct): IConstruct {
  let node = scope;
  while (node.node.scope !== undefined) node = node.node.scope;
  return node;
}

/**
 * Creates one NetworkPolicy from the typed k8s imports. Every policy we emit goes through here, so:
 * `policyTypes` is always explicit (never left to the API server's default), and a name used twice in
 * one namespace of one app is an error at construction (the guide's samples do exactly that).
 * @internal
 */
export function createNetworkPolicy(scope: Construct, id: string, def: PolicyDefinition): k8s.KubeNetworkPolicy {
  validateNamespaceName(scope, def.namespace);
  failOnFirst(scope, objectNameProblems(def.name), (p) => invalid(p, 'policy name'));
  const policyTypes: string[] = [];
  if (def.ingress !== undefined) policyTypes.push('Ingress');
  if (def.egress !== undefined) policyTypes.push('Egress');
  if (policyTypes.length === 0) {
    fail(scope, `policy ${show(def.name)} governs neither ingress nor egress`);
  }

  const root = rootOf(scope);
  let names = takenNames.get(root);
  if (!names) {
    names = new Map();
    takenNames.set(root, names);
  }
  const key = `${def.namespace}/${def.name}`;
  const owner = names.get(key);
  // A policy whose construct was detached after a caught error (see detach) no longer holds its name.
  if (owner !== undefined && isAttached(owner)) {
    fail(scope, `duplicate NetworkPolicy name ${show(def.name)} in namespace ${show(def.namespace)}: ` +
      `${owner.node.path} already creates it; give one of them another name`);
  }
  const spec: k8s.NetworkPolicySpec = {
    podSelector: def.podSelector,
    policyTypes,
    // An empty list and a missing one mean the same once policyTypes is explicit; omit it, as the guide does.
    ingress: def.ingress?.length ? def.ingress : undefined,
    egress: def.egress?.length ? def.egress : undefined,
  };
  // Under a baseline with omitNamespace, written without metadata.namespace (see namespace-omission.ts).
  const omitNamespace = namespaceOmitted(scope, def.namespace, () => `policy ${show(def.name)}`);
  // A label key `constructor` is valid, but cdk8s cannot render it: such keys are written by JSON patches.
  const renderable = deferUnrenderableKeys(spec, '/spec');
  const labels = deferUnrenderableKeys(def.labels, '/metadata/labels', renderable.deferred);
  const policy = new k8s.KubeNetworkPolicy(scope, id, {
    metadata: {
      name: def.name,
      namespace: omitNamespace ? undefined : def.namespace,
      labels: labels.value,
    },
    spec: renderable.value,
  });
  restoreDeferred(policy, renderable.deferred);
  if (omitNamespace) writeWithoutNamespace(policy, def.namespace);
  names.set(key, policy);
  policySpecs.set(policy, spec);
  return policy;
}

/**
 * The matchExpressions a workload's selector adds to its matchLabels (a Deployment that leaves out its
 * canary with `track NotIn [canary]`), given explicitly beside the labels to the constructs that select
 * the workload's pods (their internal `_...Expressions` props).
 * @internal
 */
export type MatchExpressions = readonly k8s.LabelSelectorRequirement[];

/**
 * A label selector for a label map and the matchExpressions that go with it; `{}` (every pod) when both
 * are empty or missing.
 * @internal
 */
export function selectorOf(labels: { [key: string]: string } | undefined, expressions: MatchExpressions = []): k8s.LabelSelector {
  if (labels === undefined || (Object.keys(labels).length === 0 && expressions.length === 0)) {
    return {};
  }
  return {
    matchLabels: Object.keys(labels).length > 0 ? { ...labels } : undefined,
    matchExpressions: expressions.length > 0 ? expressions.map(copyExpression) : undefined,
  };
}

function copyExpression(e: k8s.LabelSelectorRequirement): k8s.LabelSelectorRequirement {
  return { key: e.key, operator: e.operator, values: e.values ? [...e.values] : undefined };
}
