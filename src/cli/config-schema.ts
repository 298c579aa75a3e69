import { isMap, isScalar, isSeq, LineCounter, Node as YamlNode, Pair } from 'yaml';
import { didYouMean } from './errors';
import { cidrProblems } from '../model/cidr';
import { labelKeyProblem, labelValueProblem } from '../model/labels';
import { namePartProblems, namespaceNameProblems, objectNameProblems } from '../model/names';
import { PortSpec, portNameProblems, portNumberProblems, portSpecProblems } from '../model/ports';
import { Problem } from '../model/problem';
import { Protocol } from '../model/protocol';

/**
 * A tiny schema language for the synth config: enough to check every field, give its path
 * (`namespaces[1].hubs[0].hubLabels`) and the line, and suggest the field a typo meant.
 */
export type FieldSchema =
  | { readonly type: 'string'; readonly check?: (value: string) => string | undefined }
  | { readonly type: 'boolean' }
  | { readonly type: 'port' }
  /** A PortSpec `{ port, name, endPort, protocol }`, or a bare port number as shorthand for `{ port }`. */
  | { readonly type: 'portSpec' }
  | { readonly type: 'labels'; readonly nonEmpty?: boolean }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'list'; readonly items: FieldSchema }
  | {
    readonly type: 'object';
    readonly fields: { readonly [name: string]: FieldSchema };
    readonly required?: readonly string[];
    /** Groups of fields of which exactly one must be given (`podLabels` or `service`). */
    readonly exactlyOne?: readonly (readonly string[])[];
    /** Extra hints for unknown fields that are not typos (`name` → `namespace`). */
    readonly aliases?: { readonly [wrong: string]: string };
  }
  /** A list of objects, or a map whose keys fill the `keyField` of each object (a plain string is an object with only the key). */
  | { readonly type: 'keyedList'; readonly keyField: string; readonly items: FieldSchema };

/** One problem in the config. */
export interface ConfigProblem {
  /** Where: `namespaces[1].hubs[0].hubLabels`, or `(top level)`. */
  readonly path: string;
  /** The 1-based line, when the config text is known. */
  readonly line?: number;
  readonly message: string;
}

/** Validates a parsed YAML node against a schema and collects every problem (not just the first). */
export class SchemaChecker {
  public readonly problems: ConfigProblem[] = [];

  public constructor(private readonly lineCounter: LineCounter) {}

  public check(node: YamlNode | null | undefined, schema: FieldSchema, path: string): void {
    switch (schema.type) {
      case 'string':
        return this.checkString(node, schema.check, path);
      case 'boolean':
        if (!isScalar(node) || typeof node.value !== 'boolean') {
          this.report(node, path, `expected true or false, got ${describe(node)}`);
        }
        return;
      case 'port':
        return this.checkPortNumber(node, path);
      case 'portSpec':
        return this.checkPortSpec(node, path);
      case 'enum':
        if (!isScalar(node) || typeof node.value !== 'string' || !schema.values.includes(node.value)) {
          const hint = isScalar(node) && typeof node.value === 'string' ? didYouMean(node.value, schema.values) : undefined;
          this.report(node, path, `expected one of ${schema.values.join(', ')}, got ${describe(node)}` +
            (hint ? ` (did you mean ${hint}?)` : ''));
        }
        return;
      case 'labels':
        return this.checkLabels(node, schema.nonEmpty ?? false, path);
      case 'list':
        if (!isSeq(node)) {
          this.report(node, path, `expected a list, got ${describe(node)}`);
          return;
        }
        node.items.forEach((item, i) => this.check(item as YamlNode, schema.items, `${path}[${i}]`));
        return;
      case 'keyedList':
        return this.checkKeyedList(node, schema, path);
      case 'object':
        return this.checkObject(node, schema, path);
    }
  }

  public report(node: YamlNode | null | undefined, path: string, message: string): void {
    const offset = node?.range?.[0];
    const line = offset === undefined ? undefined : this.lineCounter.linePos(offset).line;
    this.problems.push({ path: path === '' ? '(top level)' : path, line, message });
  }

  private checkString(node: YamlNode | null | undefined, check: ((value: string) => string | undefined) | undefined, path: string): void {
    if (!isScalar(node) || typeof node.value !== 'string') {
      this.report(node, path, `expected a string, got ${describe(node)}` + quoteHint(node));
      return;
    }
    const problem = check?.(node.value);
    if (problem) {
      this.report(node, path, problem);
    }
  }

  private checkPortNumber(node: YamlNode | null | undefined, path: string): void {
    const [problem] = portNumberProblems(isScalar(node) ? node.value : undefined, path);
    if (problem) {
      this.report(node, path, isScalar(node) ? invalid(path.endsWith('.endPort') ? 'endPort' : 'port', problem)
        : `${problem.message}, got ${describe(node)}`);
    }
  }

  private checkPortSpec(node: YamlNode | null | undefined, path: string): void {
    if (isScalar(node) && typeof node.value === 'number') {
      return this.checkPortNumber(node, path);
    }
    const before = this.problems.length;
    this.checkObject(node, PORT_SPEC, path);
    if (this.problems.length > before || !isMap(node)) {
      return;
    }
    // The members are valid (checked above): what is left is how they combine, the constructs' rule.
    const [problem] = portSpecProblems(node.toJSON() as PortSpec, path);
    if (problem) {
      const member = problem.field === path ? undefined : problem.field.slice(path.length + 1);
      this.report(member ? node.get(member, true) as YamlNode : node, problem.field, problem.message);
    }
  }

  private checkLabels(node: YamlNode | null | undefined, nonEmpty: boolean, path: string): void {
    if (!isMap(node)) {
      this.report(node, path, `expected a map of labels such as { app: web }, got ${describe(node)}`);
      return;
    }
    if (nonEmpty && node.items.length === 0) {
      this.report(node, path, 'is empty: an empty label map selects every pod; give at least one label');
    }
    for (const pair of node.items) {
      const key = scalarKey(pair);
      const keyProblem = key === undefined ? 'a label key must be a string' : labelKeyProblem(key);
      if (keyProblem) {
        this.report(pair.key as YamlNode, `${path}`, `invalid label key ${JSON.stringify(key ?? describe(pair.key as YamlNode))}: ${keyProblem}`);
        continue;
      }
      const value = pair.value as YamlNode | null;
      if (!isScalar(value) || typeof value.value !== 'string') {
        this.report(value ?? (pair.key as YamlNode), `${path}.${key}`,
          `a label value must be a string, got ${describe(value)}` + quoteHint(value));
        continue;
      }
      const valueProblem = labelValueProblem(value.value);
      if (valueProblem) {
        this.report(value, `${path}.${key}`, `invalid label value ${JSON.stringify(value.value)}: ${valueProblem}`);
      }
    }
  }

  private checkObject(node: YamlNode | null | undefined, schema: Extract<FieldSchema, { type: 'object' }>, path: string): void {
    if (!isMap(node)) {
      this.report(node, path, `expected a map with the fields ${Object.keys(schema.fields).join(', ')}, got ${describe(node)}`);
      return;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = scalarKey(pair);
      const fieldPath = path === '' ? String(key) : `${path}.${key}`;
      // Own properties only: `toString`, `constructor` or `__proto__` are not fields because every object inherits them.
      if (key === undefined || !hasOwn(schema.fields, key)) {
        const known = Object.keys(schema.fields);
        const alias = key !== undefined && schema.aliases !== undefined && hasOwn(schema.aliases, key) ? schema.aliases[key] : undefined;
        const suggestion = key === undefined ? undefined : alias ?? didYouMean(key, known);
        this.report(pair.key as YamlNode, fieldPath, `unknown field ${JSON.stringify(key)}` +
          (suggestion ? `; did you mean "${suggestion}"?` : `; the known fields are ${known.join(', ')}`));
        continue;
      }
      seen.add(key);
      const value = pair.value as YamlNode | null;
      if (value === null || (isScalar(value) && value.value === null)) {
        this.report(value ?? (pair.key as YamlNode), fieldPath, 'has no value; give one or remove the field');
        continue;
      }
      this.check(value, schema.fields[key], fieldPath);
    }
    for (const required of schema.required ?? []) {
      if (!seen.has(required)) {
        this.report(node, path, `the field "${required}" is missing`);
      }
    }
    for (const group of schema.exactlyOne ?? []) {
      const given = group.filter((f) => seen.has(f));
      if (given.length !== 1) {
        this.report(node, path, given.length === 0 ? `give one of the fields ${group.map((f) => `"${f}"`).join(' and ')}`
          : `give only one of the fields ${given.map((f) => `"${f}"`).join(' and ')}: they select the same pods two ways`);
      }
    }
  }

  private checkKeyedList(node: YamlNode | null | undefined, schema: Extract<FieldSchema, { type: 'keyedList' }>, path: string): void {
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const itemPath = `${path}[${i}]`;
        // A bare string is shorthand for an item with only its key: `- shop`.
        if (isScalar(item) && typeof item.value === 'string') {
          this.checkKeyValue(item as YamlNode, schema.keyField, item.value, itemPath);
        } else {
          this.check(item as YamlNode, schema.items, itemPath);
        }
      });
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = scalarKey(pair);
        const itemPath = `${path}.${key}`;
        if (key === undefined) {
          this.report(pair.key as YamlNode, path, 'keys must be strings');
          continue;
        }
        this.checkKeyValue(pair.key as YamlNode, schema.keyField, key, itemPath);
        const value = pair.value as YamlNode | null;
        if (value === null || (isScalar(value) && value.value === null)) {
          continue; // `shop:` alone takes every default
        }
        if (isMap(value) && value.has(schema.keyField)) {
          this.report(value.get(schema.keyField, true) as YamlNode, `${itemPath}.${schema.keyField}`,
            `the key of the map already gives ${schema.keyField}; remove this field`);
        }
        // The key gives the key field, so it is not required in the value.
        const items = schema.items.type === 'object'
          ? { ...schema.items, required: schema.items.required?.filter((r) => r !== schema.keyField) } : schema.items;
        this.check(value, items, itemPath);
      }
      return;
    }
    this.report(node, path, `expected a list (or a map keyed by ${schema.keyField}), got ${describe(node)}`);
  }

  private checkKeyValue(node: YamlNode, keyField: string, value: string, path: string): void {
    const schemaCheck = keyField === 'namespace' ? namespaceNameProblem : undefined;
    const problem = schemaCheck?.(value);
    if (problem) {
      this.report(node, path, problem);
    }
  }
}

/** A problem as a config line says it: `invalid namespace name "Shop": it must be a DNS-1123 label (...)`. */
function invalid(what: string, problem: Problem): string {
  return `invalid ${what} ${JSON.stringify(problem.value)}: ${problem.message}`;
}

/** The first problem of a rule as a config line, or undefined. */
function firstAs(what: string, problems: Problem[]): string | undefined {
  return problems.length > 0 ? invalid(what, problems[0]) : undefined;
}

function portNameProblem(value: string): string | undefined {
  return firstAs('port name', portNameProblems(value, 'name'));
}

/** The fields of a PortSpec in the config. */
export const PORT_SPEC: Extract<FieldSchema, { type: 'object' }> = {
  type: 'object',
  fields: {
    port: { type: 'port' },
    name: { type: 'string', check: portNameProblem },
    endPort: { type: 'port' },
    protocol: { type: 'enum', values: Object.values(Protocol) },
  },
};

/** Why a namespace name is invalid, or undefined. */
export function namespaceNameProblem(value: string): string | undefined {
  return firstAs('namespace name', namespaceNameProblems(value));
}

/** Why a hub or server name is invalid, or undefined. */
export function namePartProblem(value: string): string | undefined {
  return firstAs('name', namePartProblems(value, 'name'));
}

/** Why a NetworkPolicy name is invalid, or undefined. */
export function policyNameProblem(value: string): string | undefined {
  return firstAs('policy name', objectNameProblems(value));
}

/** Why a CIDR is refused, as the constructs refuse it (every form that two readers could take differently), or undefined. */
export function cidrFieldProblem(value: string): string | undefined {
  const [problem] = cidrProblems(value, 'cidr');
  if (problem === undefined) return undefined;
  const suggestion = problem.suggestion !== undefined ? `; did you mean ${JSON.stringify(problem.suggestion)}?` : '';
  return `invalid CIDR ${JSON.stringify(value)}: ${problem.message}${suggestion}`;
}

/** Why a label key is invalid, or undefined. */
export function labelKeyFieldProblem(value: string): string | undefined {
  const problem = labelKeyProblem(value);
  return problem ? `invalid label key ${JSON.stringify(value)}: ${problem}` : undefined;
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function scalarKey(pair: Pair): string | undefined {
  const key = pair.key as YamlNode | null;
  if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value);
  }
  return undefined;
}

function describe(node: YamlNode | null | undefined): string {
  if (node === null || node === undefined) {
    return 'nothing';
  }
  if (isMap(node)) {
    return 'a map';
  }
  if (isSeq(node)) {
    return 'a list';
  }
  if (isScalar(node)) {
    return node.value === null ? 'null' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  }
  return 'an unexpected value';
}

/** YAML reads `true`, `yes` and `5432` unquoted as booleans and numbers: say how to keep them strings. */
function quoteHint(node: YamlNode | null | undefined): string {
  if (isScalar(node) && (typeof node.value === 'boolean' || typeof node.value === 'number')) {
    return `; quote it to make it a string: "${String(node.value)}"`;
  }
  return '';
}
