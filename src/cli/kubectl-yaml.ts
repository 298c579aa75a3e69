import { Alias, Document, isAlias, isMap, isScalar, isSeq, Node as YamlNode, Scalar, visit } from 'yaml';
import { UserError } from './errors';

/*
 * kubectl decodes YAML with sigs.k8s.io/yaml, which is go-yaml v2: YAML 1.1. Unquoted yes/no/on/off/y/n
 * are booleans, 0777 is octal, 1_000 is a number and `<<` merges maps; YAML 1.2 tools (and this CLI
 * until now) read strings and a key named "<<". The manifests are read as kubectl reads them, because
 * that is what the cluster gets, and each place where the two readings differ is reported.
 *
 * The document is parsed with the failsafe schema (every scalar a string, explicit tags kept) and this
 * module resolves plain scalars with go-yaml v2's rules (resolve.go): the null, bool and float
 * words, then integers as Go's strconv.ParseInt(s, 0, 64) after removing "_", then floats.
 * Timestamps stay strings (go-yaml v2 keeps them as strings when decoding into interface{}), and
 * base-60 numbers are strings (go-yaml v2 never supported them).
 */

/** Maps and lists nested deeper than this are refused: no manifest needs them, and the reader's stack is finite. */
export const MAX_NESTING = 500;

/** More alias expansion than this in one document is refused (the "billion laughs"). */
const MAX_ALIAS_NODES = 1_000_000;

const GO_WORDS = new Map<string, null | boolean | number>([
  ...['', '~', 'null', 'Null', 'NULL'].map((w) => [w, null] as const),
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
  ...['.nan', '.NaN', '.NAN'].map((w) => [w, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((w) => [w, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((w) => [w, -Infinity] as const),
]);
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([0-9]+))$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** A plain (unquoted, untagged) scalar as go-yaml v2 resolves it. */
export function resolveYaml11(source: string): null | boolean | number | string {
  const word = GO_WORDS.get(source);
  if (word !== undefined) return word;
  const first = source[0];
  if (first === '.') {
    return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(source) ? Number(source) : source;
  }
  if (!/[-+0-9]/.test(first)) return source;
  const plain = source.replace(/_/g, '');
  const int = goParseInt(plain);
  if (int !== undefined) return int;
  if (GO_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return f; // ParseFloat fails on overflow: go-yaml keeps the string
  }
  return source;
}

/** strconv.ParseInt(s, 0, 64), then ParseUint (no sign) when it overflows. */
function goParseInt(s: string): number | undefined {
  const m = GO_INT.exec(s);
  if (!m) return undefined;
  const [, sign, hex, oct, bin, oldOct, dec] = m;
  if (dec !== undefined && dec.length > 1 && dec[0] === '0') return undefined; // "08": not octal, not decimal
  const digits = hex !== undefined ? `0x${hex}` : oct !== undefined ? `0o${oct}` : bin !== undefined ? `0b${bin}` : oldOct !== undefined ? `0o${oldOct}` : dec;
  const n = BigInt(digits) * (sign === '-' ? -1n : 1n);
  if (n < INT64_MIN || n > UINT64_MAX || (sign !== '' && n > 2n ** 63n - 1n)) return undefined;
  return Number(n);
}

/** The first characters of the YAML 1.2 core schema's null, bool, int and float forms. */
const YAML12_NON_STRING_START = /^[~nNtTfF0-9+\-.]/;

/** A plain scalar as YAML 1.2's core schema (and most other tools) resolves it. */
export function resolveYaml12(source: string): null | boolean | number | string {
  // Most scalars (names, labels, kinds) start with another character: strings, without trying each form.
  if (source !== '' && !YAML12_NON_STRING_START.test(source)) return source;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(source)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(source)) return false;
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.slice(2), 16);
  if (/^[-+]?[0-9]+$/.test(source)) return Number(source);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(source)) return source[0] === '-' ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(source)) return NaN;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(source)) return Number(source);
  return source;
}

/** An alias whose anchor is not in the document (it may be in a part read separately). */
export class UnresolvedAlias extends Error {}

/** A YAML node as kubectl reads it into JSON, with the place of the problem when it cannot. */
export class KubectlReader {
  private aliasNodes = 0;
  private targets: Map<unknown, unknown> | undefined;

  /** `where` turns an offset of the text into `file:line` for messages. */
  public constructor(private readonly doc: Document, private readonly where: (offset: number | undefined) => string) {}

  public value(node: unknown, depth = 0, viaAlias = false): unknown {
    if (depth > MAX_NESTING) {
      throw new UserError(`${this.where((node as YamlNode)?.range?.[0])}: nesting too deep: more than ${MAX_NESTING} levels of maps and lists`,
        'no Kubernetes object nests that deep; check how the file was generated');
    }
    if (viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) {
      throw new UserError(`${this.where((node as YamlNode)?.range?.[0])}: the aliases of the document expand to more than ${MAX_ALIAS_NODES} nodes`,
        'write the repeated parts out, or use fewer nested aliases');
    }
    if (isAlias(node)) {
      const target = this.resolveAlias(node);
      if (target === undefined) throw new UnresolvedAlias(node.source);
      return this.value(target, depth, true);
    }
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) return node.items.map((item) => this.value(item, depth + 1, viaAlias));
    if (isMap(node)) return this.mapValue(node, depth, viaAlias);
    return node === null || node === undefined ? null : undefined;
  }

  /** The node an alias stands for: the last anchor of its name before it, in document order. */
  private resolveAlias(alias: Alias): unknown {
    if (!this.targets) {
      const targets = new Map<unknown, unknown>();
      const anchors = new Map<string, unknown>();
      visit(this.doc, {
        Node: (_key, node) => {
          if (isAlias(node)) targets.set(node, anchors.get(node.source));
          else if (node.anchor) anchors.set(node.anchor, node);
        },
      });
      this.targets = targets;
    }
    return this.targets.get(alias);
  }

  /** go-yaml v2's mapping(): pairs in order; a merge sets every key of its maps (later pairs override). */
  private mapValue(node: any, depth: number, viaAlias: boolean): { [key: string]: unknown } {
    const out: { [key: string]: unknown } = {};
    const explicit = new Map<string, string>();
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        for (const source of this.mergeSources(pair.value)) {
          const merged = this.value(source, depth + 1, viaAlias) as { [key: string]: unknown };
          for (const k of Object.keys(merged)) setOwn(out, k, merged[k]);
        }
        continue;
      }
      const key = this.keyString(pair.key, depth, viaAlias);
      const keySource = isScalar(pair.key) ? String(pair.key.source ?? pair.key.value) : key;
      const before = explicit.get(key);
      if (before !== undefined) {
        throw new UserError(`${this.where(pair.key?.range?.[0])}: the key ${JSON.stringify(key)} appears twice in the map (as ${before} and ${keySource}, which kubectl both reads as ${JSON.stringify(key)})`,
          'remove one of them, or quote the one meant as a string');
      }
      explicit.set(key, keySource);
      setOwn(out, key, pair.value === null ? null : this.value(pair.value, depth + 1, viaAlias));
    }
    return out;
  }

  /** The maps a `<<` merges, earliest last (go-yaml v2: earlier maps take precedence). */
  private mergeSources(value: unknown): unknown[] {
    const resolved = isAlias(value) ? this.resolveAlias(value) : value;
    if (isMap(resolved)) return [value];
    if (isSeq(resolved)) {
      const items = resolved.items.filter((item) => isMap(isAlias(item) ? this.resolveAlias(item) : item));
      if (items.length === resolved.items.length) return [...items].reverse();
    }
    if (isAlias(value) && resolved === undefined) throw new UnresolvedAlias(value.source);
    throw new UserError(`${this.where((value as YamlNode)?.range?.[0])}: a "<<" merge key needs a map or a list of maps (kubectl refuses anything else)`,
      'merge a map (<<: *anchor) or a list of maps (<<: [*a, *b])');
  }

  /** A map key as sigs.k8s.io/yaml turns it into a JSON key. */
  private keyString(key: unknown, depth: number, viaAlias: boolean): string {
    const value = this.value(key, depth + 1, viaAlias);
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean' || typeof value === 'number') return goKeyString(value);
    throw new UserError(`${this.where((key as YamlNode)?.range?.[0])}: a map key that is ${value === null ? 'null' : 'a map or a list'} (kubectl refuses it)`,
      'use a string as the key, quoted if needed');
  }
}

/**
 * Sets a field as JSON.parse and Go's decoder do: a key "__proto__" is a field like any other, never the
 * object's prototype (an assignment would make its labels inherited, and invisible to own-key checks).
 */
function setOwn(out: { [key: string]: unknown }, key: string, value: unknown): void {
  // Only "__proto__" is an accessor of a plain object: every other key an assignment makes an own field.
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.source === '<<' && (key.type === Scalar.PLAIN ? key.tag === undefined : key.tag === 'tag:yaml.org,2002:merge');
}

function goKeyString(value: boolean | number): string {
  if (typeof value === 'boolean') return String(value);
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  return String(value);
}

/** A scalar's value: plain untagged ones by go-yaml v2's rules, quoted and block ones are strings. */
function scalarValue(node: Scalar): unknown {
  const source = String(node.source ?? node.value ?? '');
  if (node.tag === undefined || node.tag === '!') {
    return node.type === Scalar.PLAIN && node.tag === undefined ? resolveYaml11(source) : source;
  }
  switch (node.tag) {
    case 'tag:yaml.org,2002:str':
      return source;
    case 'tag:yaml.org,2002:binary':
      return Buffer.from(source.replace(/\s/g, ''), 'base64').toString('utf8');
    case 'tag:yaml.org,2002:null':
    case 'tag:yaml.org,2002:bool':
    case 'tag:yaml.org,2002:int':
    case 'tag:yaml.org,2002:float':
      return resolveYaml11(source);
    default:
      return source; // go-yaml v2 reads a scalar with a tag it does not know as its string
  }
}

/** Where the YAML 1.1 (kubectl) and YAML 1.2 readings of a node differ. */
export interface YamlDifference {
  /** The offset of the scalar or key in the text. */
  readonly offset: number | undefined;
  /** The field path within the object, such as `metadata.labels.enabled`. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** Every plain scalar and merge key under `node` that kubectl reads differently from YAML 1.2 (aliases are not followed). */
export function yamlDifferences(node: unknown): YamlDifference[] {
  const out: YamlDifference[] = [];
  collectDifferences(node, [], out, 0);
  return out;
}

/**
 * One node of yamlDifferences. `at` holds the field path's steps (`.key`, `[0]`), joined only for a
 * difference: most nodes have none, and a path string for each would cost more than the check.
 */
function collectDifferences(node: unknown, at: string[], out: YamlDifference[], depth: number): void {
  if (depth > MAX_NESTING) return;
  if (isScalar(node)) {
    const difference = node.type === Scalar.PLAIN && node.tag === undefined ? scalarDifference(String(node.source ?? node.value ?? ''), at) : undefined;
    if (difference) out.push({ offset: node.range?.[0], ...difference });
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      at.push(`[${i}]`);
      collectDifferences(item, at, out, depth + 1);
      at.pop();
    });
  } else if (isMap(node)) {
    for (const pair of node.items as any[]) {
      const keyText = isScalar(pair.key) ? String(pair.key.source ?? pair.key.value) : '?';
      if (isMergeKey(pair.key)) {
        const path = fieldPath(at);
        out.push({
          offset: pair.key.range?.[0],
          path: path || '(the object)',
          message: `${path ? `${path}: ` : ''}the merge key << is merged by kubectl (YAML 1.1) but read as a field named "<<" by YAML 1.2 tools; the analysis uses kubectl's reading`,
          fix: 'write the merged fields out, so every tool reads the same object',
        });
      } else {
        at.push(`.${keyText} (the key)`);
        collectDifferences(pair.key, at, out, depth + 1);
        at.pop();
      }
      at.push(`.${keyText}`);
      collectDifferences(pair.value, at, out, depth + 1);
      at.pop();
    }
  }
}

/** The path of the steps `at` as the messages write it: `metadata.labels.enabled`, `items[0].kind`. */
function fieldPath(at: readonly string[]): string {
  return at.join('').replace(/^\./, '');
}

/** The difference of a plain scalar's two readings, if any; `at` holds the steps to it (joined only then). */
function scalarDifference(source: string, at: readonly string[]): Omit<YamlDifference, 'offset'> | undefined {
  const v11 = resolveYaml11(source);
  const v12 = resolveYaml12(source);
  if (v11 === v12 || (Number.isNaN(v11) && Number.isNaN(v12))) return undefined;
  const where = fieldPath(at);
  return {
    path: where || '(the value)',
    message: `${where || 'the value'}: the unquoted ${source} is ${describe(v11)} to kubectl (YAML 1.1) but ${describe(v12)} to YAML 1.2 tools; the analysis uses kubectl's reading`,
    fix: typeof v12 === 'string' ? `quote it ("${source}") if the string is meant, or write ${String(v11)}` : `write ${String(v11)} if kubectl's reading is meant, or quote it if the string is meant`,
  };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return `the number ${String(v)}`;
}
