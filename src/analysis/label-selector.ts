import { isPlainObject } from './plain-object';

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
 * Compiles a raw LabelSelector object. `field` names it in error messages.
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
      for (const [key, value] of Object.entries(matchLabels)) {
        if (typeof value !== 'string') {
          errors.push(`${field}.matchLabels[${JSON.stringify(key)}] must be a string, got ${JSON.stringify(value)} (quote it in YAML)`);
        } else {
          requirements.push({ key, operator: 'In', values: [value] });
        }
      }
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) {
      errors.push(`${field}.matchExpressions must be a list, got ${JSON.stringify(matchExpressions)}`);
    } else {
      matchExpressions.forEach((e: unknown, i: number) => {
        const where = `${field}.matchExpressions[${i}]`;
        if (!isPlainObject<unknown>(e)) {
          errors.push(`${where} must be an object with key, operator and values`);
          return;
        }
        const { key, operator } = e;
        const values = e.values ?? [];
        if (typeof key !== 'string' || key === '') {
          errors.push(`${where}.key must be a non-empty string`);
          return;
        }
        if (typeof operator !== 'string' || !OPERATORS.includes(operator)) {
          errors.push(`${where}.operator ${JSON.stringify(operator)} is not one of ${OPERATORS.join(', ')}`);
          return;
        }
        if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
          errors.push(`${where}.values must be a list of strings`);
          return;
        }
        if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
          errors.push(`${where}: operator ${operator} needs at least one value`);
          return;
        }
        if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
          errors.push(`${where}: operator ${operator} takes no values`);
          return;
        }
        requirements.push({ key, operator: operator as Requirement['operator'], values: values as string[] });
      });
    }
  }
  return errors.length > 0 ? { errors } : { selector: new CompiledSelector(requirements), errors };
}
