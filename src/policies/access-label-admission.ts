import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { CelEntitlement, keyValidation, labelsChangedCondition } from './access-label-cel';
import { NAMESPACE_NAME_LABEL } from './rules';
import { fail, failOnFirst, show } from '../model/errors';
import { validateLabelKey, validateLabels } from '../model/labels';
import { objectNameProblems, policyName, validateNamespaceName } from '../model/names';

/** The operators of a Kubernetes label selector requirement. */
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * One requirement of a pod label selector, as in a `matchExpressions` entry.
 */
export interface PodLabelRequirement {
  /**
   * The label key.
   */
  readonly key: string;

  /**
   * `In`, `NotIn`, `Exists` or `DoesNotExist`.
   */
  readonly operator: string;

  /**
   * The values for `In` and `NotIn` (at least one); none for `Exists` and `DoesNotExist`.
   *
   * @default - none
   */
  readonly values?: string[];
}

/**
 * Who may carry an access label: the pods matching `podLabels` (and `podMatchExpressions`) may carry
 * `labelKey: labelValue`.
 */
export interface AccessLabelEntitlement {
  /**
   * The access label key, for example `networking/allow-db-access`.
   */
  readonly labelKey: string;

  /**
   * The value the entitled pods carry.
   *
   * @default "true" (the value every label gate of this library opens on)
   */
  readonly labelValue?: string;

  /**
   * The labels the entitled pods carry, for example `{ app: "api" }`. With `podMatchExpressions`, both
   * must match. They must not be empty together, and must not test `labelKey` itself.
   *
   * @default - none (then give podMatchExpressions)
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Selector requirements the entitled pods satisfy, as in `matchExpressions`.
   *
   * @default - none
   */
  readonly podMatchExpressions?: PodLabelRequirement[];
}

/**
 * Props for `AccessLabelAdmission`.
 */
export interface AccessLabelAdmissionProps {
  /**
   * The namespace whose pods are checked.
   */
  readonly namespace: string;

  /**
   * The entitlements: which pods may carry which access label. Every key named here is guarded.
   *
   * @default - none; add them with `addEntitlement`
   */
  readonly entitlements?: AccessLabelEntitlement[];

  /**
   * More access label keys to guard. A guarded key without an entitlement may be carried by no pod.
   *
   * @default - only the keys of `entitlements`
   */
  readonly guardedLabels?: string[];

  /**
   * The name of the ValidatingAdmissionPolicy and of its binding (both cluster-scoped, so the name must
   * be unique in the cluster).
   *
   * @default "netpol-access-labels-<namespace>"
   */
  readonly name?: string;
}

/**
 * What an enclosing baseline discovers at synthesis: more keys to guard and more entitlements.
 * @internal
 */
export interface DiscoveredAccessLabels {
  readonly guardedLabels: string[];
  readonly entitlements: AccessLabelEntitlement[];
}

/**
 * An admission policy that keeps access labels on the pods they were granted to.
 *
 * Access labels (`networking/allow-<hub>-access`, `networking/allow-<server>-to-access`,
 * `networking/allow-internet-access`, `networking/allow-all-connections`) open network access to any pod
 * that carries them, and whoever may create or label a pod in the namespace may set them. This
 * construct emits a `ValidatingAdmissionPolicy` and its `ValidatingAdmissionPolicyBinding`
 * (`admissionregistration.k8s.io/v1`, Kubernetes 1.30 or later) that reject, in this namespace, every
 * pod CREATE or label-changing UPDATE where a guarded key is carried by a pod that no entitlement
 * covers (any other value of the key is refused too). Pods without guarded keys are always admitted.
 *
 * Pods made by controllers (Deployments, Jobs...) are pods too and are checked when they are created:
 * the workload itself is admitted, and its controller reports the rejected pods in its events.
 */
export class AccessLabelAdmission extends Construct {
  /** The default name of the policy and of the binding for a namespace: "netpol-access-labels-<namespace>". */
  public static defaultName(namespace: string): string {
    return policyName('netpol-access-labels', namespace);
  }

  /** The name of the policy and of the binding. */
  public readonly name: string;

  /** The namespace whose pods are checked. */
  public readonly namespace: string;

  /** The `ValidatingAdmissionPolicy`. */
  public readonly policy: ApiObject;

  /** The `ValidatingAdmissionPolicyBinding` (`validationActions: [Deny]`). */
  public readonly binding: ApiObject;

  private readonly entitlements: CelEntitlement[] = [];
  private readonly guarded = new Set<string>();
  private discover?: () => DiscoveredAccessLabels;

  public constructor(scope: Construct, id: string, props: AccessLabelAdmissionProps) {
    super(scope, id);
    validateNamespaceName(this, props.namespace);
    this.namespace = props.namespace;
    this.name = props.name ?? AccessLabelAdmission.defaultName(props.namespace);
    failOnFirst(this, objectNameProblems(this.name));
    listOf(this, props.entitlements, 'entitlements').forEach((e) => this.addEntitlement(e));
    listOf(this, props.guardedLabels, 'guardedLabels').forEach((k) => this.guardLabel(k));

    this.policy = clusterScoped(new ApiObject(this, 'Policy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: this.name },
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    }));
    this.binding = clusterScoped(new ApiObject(this, 'Binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: this.name },
      spec: { policyName: this.name, validationActions: ['Deny'] },
    }));
    this.node.addValidation({ validate: () => this.problems() });
  }

  /**
   * Lets the pods matching the entitlement's selector carry its label (and guards the label key).
   */
  public addEntitlement(entitlement: AccessLabelEntitlement): void {
    this.entitlements.push(validateEntitlement(this, entitlement));
    this.guarded.add(entitlement.labelKey);
  }

  /**
   * Guards a label key: only the pods of its entitlements may carry it (none, without any).
   */
  public guardLabel(labelKey: string): void {
    validateLabelKey(this, labelKey, 'guardedLabels');
    this.guarded.add(labelKey);
  }

  /**
   * Lets a baseline add, at synthesis, the labels and entitlements it discovers in the app.
   * @internal
   */
  public _discoverWith(discover: () => DiscoveredAccessLabels): void {
    this.discover = discover;
  }

  /** The policy spec, with what the baseline discovers now (at synthesis) added. */
  private renderSpec(): any {
    const found = this.discover?.() ?? { guardedLabels: [], entitlements: [] };
    const entitlements = [...this.entitlements, ...found.entitlements.map((e) => validateEntitlement(this, e))];
    const keys = [...new Set([...this.guarded, ...found.guardedLabels, ...entitlements.map((e) => e.key)])].sort();
    if (keys.length === 0) {
      fail(this, 'no access label to guard: add entitlements or guardedLabels (a policy without validations is rejected by the API server)');
    }
    return {
      failurePolicy: 'Fail',
      matchConstraints: {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: this.namespace } },
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'], scope: 'Namespaced' }],
      },
      matchConditions: [{ name: 'labels-changed', expression: labelsChangedCondition() }],
      validations: keys.map((key) => keyValidation(this.namespace, key, uniqueSorted(entitlements.filter((e) => e.key === key)))),
    };
  }

  private problems(): string[] {
    // Cluster-scoped: two policies with one name would replace each other when applied.
    const twins = this.node.root.node.findAll().filter((c) => c !== this && c instanceof AccessLabelAdmission && c.name === this.name);
    if (twins.length > 0) {
      return [`${this.node.path}: the ValidatingAdmissionPolicy name ${show(this.name)} is also used by ${twins.map((c) => c.node.path).join(', ')}: ` +
        'admission policies are cluster-scoped, so one would replace the other; give each its own name'];
    }
    try {
      this.renderSpec();
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  }
}

/** Validates an entitlement and returns it in the form the CEL is made from. */
function validateEntitlement(scope: Construct, e: AccessLabelEntitlement): CelEntitlement {
  if (e === null || typeof e !== 'object') {
    fail(scope, `invalid entitlement ${show(e)}: expected { labelKey, podLabels }`);
  }
  validateLabelKey(scope, e.labelKey, 'labelKey');
  const value = e.labelValue ?? 'true';
  validateLabels(scope, { [e.labelKey]: value }, 'labelValue');
  validateLabels(scope, e.podLabels, 'podLabels');
  const matchLabels = Object.fromEntries(Object.keys(e.podLabels ?? {}).sort().map((k) => [k, e.podLabels![k]]));
  const matchExpressions = listOf(scope, e.podMatchExpressions, 'podMatchExpressions').map((r, i) => validateRequirement(scope, r, i));
  if (Object.keys(matchLabels).length === 0 && matchExpressions.length === 0) {
    fail(scope, `the entitlement for ${show(e.labelKey)} selects every pod (podLabels and podMatchExpressions are empty), ` +
      'which would guard nothing; name the pods that may carry it');
  }
  if (e.labelKey in matchLabels || matchExpressions.some((r) => r.key === e.labelKey)) {
    fail(scope, `the entitlement for ${show(e.labelKey)} selects pods by that same label, so every pod carrying it would pass; ` +
      'select the entitled pods by their other labels');
  }
  return { key: e.labelKey, value, matchLabels, matchExpressions };
}

function validateRequirement(scope: Construct, r: PodLabelRequirement, i: number) {
  const field = `podMatchExpressions[${i}]`;
  validateLabelKey(scope, r?.key, field);
  if (!OPERATORS.includes(r.operator)) {
    fail(scope, `invalid operator ${show(r.operator)} in ${field}: expected one of ${OPERATORS.join(', ')}`);
  }
  const values = listOf(scope, r.values, `${field}.values`);
  const needsValues = r.operator === 'In' || r.operator === 'NotIn';
  if (needsValues !== (values.length > 0)) {
    fail(scope, `invalid values ${show(r.values)} in ${field}: ${r.operator} takes ${needsValues ? 'at least one value' : 'no values'}`);
  }
  values.forEach((v) => validateLabels(scope, { [r.key]: v }, `${field}.values`));
  return { key: r.key, operator: r.operator, values: [...values] };
}

/** Each entitlement once, in a stable order, so the policy does not change when grants are reordered. */
function uniqueSorted(entitlements: CelEntitlement[]): CelEntitlement[] {
  const byJson = new Map(entitlements.map((e) => [JSON.stringify(e), e]));
  return [...byJson.keys()].sort().map((k) => byJson.get(k)!);
}

/** Admission policies are cluster-scoped: drop the namespace cdk8s copies from the chart. */
function clusterScoped(obj: ApiObject): ApiObject {
  if (obj.metadata.namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}

function listOf<T>(scope: Construct, list: T[] | undefined, field: string): T[] {
  if (list === undefined) {
    return [];
  }
  if (!Array.isArray(list)) {
    fail(scope, `invalid ${field} ${show(list)}: expected a list`);
  }
  return list;
}
