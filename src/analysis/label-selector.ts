import { isPlainObject } from './plain-object';
import { labelKeyProblem, labelValueProblem } from '../model/labels';

/**
 * Kubernetes label selectors (`matchLabels` + `matchExpressions`), compiled once into a predicate.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */

/** A label map. @internal */
export type Labels = { readonly [key: string]: string };

/** One requirement of a selector; `matchLabels` entries become `In` with a single value. @internal */
export interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A compiled selector: every requirement must hold (AND); no requirement selects everything. @internal */
export class CompiledSelector {
  public static readonly EVERYTHING = new CompiledSelector([]);

  /** describe(), computed once: it also serves as a cache key. */
  private text?: string;

  constructor(public readonly requirements: readonly Requirement[]) {}

  public get isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  public matches(labels: Labels): boolean {
    for (const r of this.requirements) {
      const has = Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.operator) {
        case 'In':
          if (!has || !r.values.includes(labels[r.key])) return false;
          break;
        case 'NotIn':
          // A pod without the key satisfies NotIn (Kubernetes semantics).
          if (has && r.values.includes(labels[r.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
      }
    }
    return true;
  }

  /** `{app=web, tier in (a,b), !debug}`; `{}` for the empty selector. */
  public describe(): string {
    if (this.text === undefined) this.text = this.render();
    return this.text;
  }


  private render(): string {
    if (this.isEmpty) return '{} (everything)';
    const parts = this.requirements.map((r) => {
      switch (r.operator) {
        case 'In': return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn': return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists': return r.key;
        case 'DoesNotExist': return `!${r.key}`;
      }
    });
    return `{${parts.join(', ')}}`;
  }
}

/** The result of compiling a selector: the selector, or the reasons the API server would reject it. @internal */
export interface SelectorResult {
  readonly selector?: CompiledSelector;
  readonly errors: string[];
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Compiles a raw LabelSelector object, validated like apimachinery's `ValidateLabelSelector` (keys are
 * qualified names, values label values, in matchLabels and matchExpressions alike), so a selector the API
 * server refuses never compiles. `field` names it in error messages.
 * A missing selector (undefined/null) is reported by the caller, which knows whether it means "everything".
 * @internal
 */
export function compileSelector(raw: unknown, field: string): SelectorResult {
  const errors: string[] = [];
  if (!isPlainObject<unknown>(raw)) {
    return { errors: [`${field} must be a label selector object, got ${JSON.stringify(raw)}`] };
  }
  const requirements: Requirement[] = [];
  const { matchLabels, matchExpressions } = raw;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isPlainObject<unknown>(matchLabels)) {
      errors.push(`${field}.matchLabels must be a map of label keys to values, got ${JSON.stringify(matchLabels)}`);
    } else {
      for (const key of Object.keys(matchLabels)) {
        const value = matchLabels[key];
        const keyProblem = labelKeyProblem(key);
        if (keyProblem) errors.push(`${matchLabelsField(field, key)}: ${keyProblem}`);
        if (typeof value !== 'string') {
          errors.push(`${matchLabelsField(field, key)} must be a string, got ${JSON.stringify(value)} (quote it in YAML)`);
          continue;
        }
        const valueProblem = labelValueProblem(value);
        if (valueProblem) errors.push(`${matchLabelsField(field, key)} ${JSON.stringify(value)}: ${valueProblem}`);
        requirements.push({ key, operator: 'In', values: [value] });
      }
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) {
      errors.push(`${field}.matchExpressions must be a list, got ${JSON.stringify(matchExpressions)}`);
    } else {
      matchExpressions.forEach((e: unknown, i: number) => {
        const requirement = compileRequirement(e, `${field}.matchExpressions[${i}]`, errors);
        if (requirement) requirements.push(requirement);
      });
    }
  }
  return errors.length > 0 ? { errors } : { selector: new CompiledSelector(requirements), errors };
}

/** The field of one matchLabels entry, worded only for a refused entry (built per entry, it was the selector's largest cost). */
function matchLabelsField(field: string, key: string): string {
  return `${field}.matchLabels[${JSON.stringify(key)}]`;
}

/** One matchExpressions entry, as `ValidateLabelSelectorRequirement` checks it: operator, values, key. */
function compileRequirement(e: unknown, where: string, errors: string[]): Requirement | undefined {
  if (!isPlainObject<unknown>(e)) {
    errors.push(`${where} must be an object with key, operator and values`);
    return undefined;
  }
  const { key, operator } = e;
  const values = e.values ?? [];
  const before = errors.length;
  if (typeof key !== 'string') {
    errors.push(`${where}.key must be a string, got ${JSON.stringify(key)}`);
  } else {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) errors.push(`${where}.key ${JSON.stringify(key)}: ${keyProblem}`);
  }
  if (typeof operator !== 'string' || !OPERATORS.includes(operator)) {
    errors.push(`${where}.operator ${JSON.stringify(operator)} is not one of ${OPERATORS.join(', ')}`);
  }
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    errors.push(`${where}.values must be a list of strings`);
    return undefined;
  }
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
    errors.push(`${where}: operator ${operator} needs at least one value`);
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
    errors.push(`${where}: operator ${operator} takes no values`);
  }
  values.forEach((v: string, i: number) => {
    const problem = labelValueProblem(v);
    if (problem) errors.push(`${where}.values[${i}] ${JSON.stringify(v)}: ${problem}`);
  });
  return errors.length > before ? undefined : { key: key as string, operator: operator as Requirement['operator'], values };
}
