/**
 * The CEL of the access-label admission policy: one validation per guarded label key, and the match
 * condition that skips pod updates which leave the labels as they were. Kept apart from the construct so
 * the expressions can be read (and tested with a CEL evaluator) on their own.
 */

/**
 * One entitlement, already validated: pods matching the selector may carry `key: value`.
 * @internal
 */
export interface CelEntitlement {
  readonly key: string;
  readonly value: string;
  readonly matchLabels: { [key: string]: string };
  readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values: readonly string[] }>;
}

/**
 * A VAP validation.
 * @internal
 */
export interface CelValidation {
  readonly expression: string;
  readonly message: string;
  readonly messageExpression: string;
  readonly reason: string;
}

/** The labels of the pod under review; every use is guarded by `has(LABELS)` first. */
const LABELS = 'object.metadata.labels';

/**
 * A CEL string literal. Label keys and values are validated before they get here, so escaping is
 * only needed for the message text; it is done for every string all the same.
 * @internal
 */
export function celString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, '\\\'').replace(/\n/g, '\\n')}'`;
}

/**
 * Skips UPDATEs that do not change the labels: a pod admitted before the policy existed (or before an
 * entitlement was withdrawn) must still be updatable, or a controller could not even remove its
 * finalizers. Any UPDATE that adds or changes a label (`kubectl label`) is checked.
 * @internal
 */
export function labelsChangedCondition(): string {
  const old = 'oldObject.metadata.labels';
  const unchanged = `(has(${LABELS}) == has(${old}) && (!has(${LABELS}) || ${LABELS} == ${old}))`;
  return `request.operation != 'UPDATE' || !${unchanged}`;
}

/** A CEL condition that the pod's labels satisfy one selector requirement. */
function requirement(key: string, operator: string, values: readonly string[]): string {
  const has = `${celString(key)} in ${LABELS}`;
  const list = `[${values.map(celString).join(', ')}]`;
  switch (operator) {
    case 'In': return `(${has} && ${LABELS}[${celString(key)}] in ${list})`;
    case 'NotIn': return `(!(${has}) || !(${LABELS}[${celString(key)}] in ${list}))`;
    case 'Exists': return `(${has})`;
    case 'DoesNotExist': return `!(${has})`;
    default: throw new Error(`unknown operator ${JSON.stringify(operator)}`);
  }
}

/** A CEL condition: the pod carries the entitled value and matches the entitlement's selector. */
function entitled(e: CelEntitlement): string {
  const terms = [`${LABELS}[${celString(e.key)}] == ${celString(e.value)}`];
  for (const [k, v] of Object.entries(e.matchLabels)) {
    terms.push(`(${celString(k)} in ${LABELS} && ${LABELS}[${celString(k)}] == ${celString(v)})`);
  }
  for (const r of e.matchExpressions) {
    terms.push(requirement(r.key, r.operator, r.values));
  }
  return `(${terms.join(' && ')})`;
}

/**
 * How an entitlement reads in a message: `key=true on pods with app=api, tier in (a, b)`.
 * @internal
 */
export function describeEntitlement(e: CelEntitlement): string {
  const parts = Object.entries(e.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const r of e.matchExpressions) {
    parts.push(r.operator === 'Exists' ? r.key : r.operator === 'DoesNotExist' ? `!${r.key}` :
      `${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${r.values.join(', ')})`);
  }
  return `${e.key}=${e.value} on pods with ${parts.join(', ')}`;
}

/**
 * The validation of one guarded key: a pod without the key passes; a pod with it must match one of the
 * key's entitlements (value and selector). No entitlement: no pod may carry the key.
 * @internal
 */
export function keyValidation(namespace: string, key: string, entitlements: CelEntitlement[]): CelValidation {
  const absent = `!has(${LABELS}) || !(${celString(key)} in ${LABELS})`;
  const expression = entitlements.length === 0 ? absent : `${absent} || ${entitlements.map(entitled).join(' || ')}`;
  const allowed = entitlements.length === 0
    ? `no pod of namespace ${namespace} may carry it (no workload was granted it)`
    : `namespace ${namespace} grants only ${entitlements.map(describeEntitlement).join('; or ')}`;
  const message = `the label ${key} grants network access, and ${allowed}; remove the label, or grant it to this workload ` +
    'where the NetworkPolicy baseline is defined';
  const messageExpression = `${celString(`the label ${key}=`)} + ${LABELS}[${celString(key)}] + ` +
    `${celString(` grants network access, and ${allowed}; remove the label, or grant it to this workload where the NetworkPolicy baseline is defined`)}`;
  return { expression, message, messageExpression, reason: 'Forbidden' };
}
