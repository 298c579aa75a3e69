import * as path from 'path';
import * as v8 from 'v8';
import { isMap, isSeq, LineCounter, parseAllDocuments, Node as YamlNode, YAMLError } from 'yaml';
import { namespacelessNote } from './default-namespace';
import { UserError } from './errors';
import { looksLikeJson, scanJson } from './json-list';
import { KubectlReader, MAX_NESTING, UnresolvedAlias, yamlDifferences } from './kubectl-yaml';
import { expandPath, inputLimit, InputBudget, readRegularFile, readStandardInputWithin } from './read-input';
import { SplitList, splitKubectlList } from './split-list';
import { typedListItem } from '../analysis/manifest-reader';

/** The argument that means "read standard input". */
export const STDIN = '-';

/** Kinds the reachability engine and the lint read; every other kind is ignored with a note. */
export const ANALYSED_KINDS: readonly string[] = [
  'Namespace', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
  'NetworkPolicy', 'Service', 'ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy',
];

/** One Kubernetes object and where it was read. */
export interface LoadedObject {
  /** The object as parsed (plain JSON values). */
  readonly object: any;
  /** The file it came from (as given on the command line, or `<stdin>`). */
  readonly file: string;
  /** The 1-based line where the object starts. */
  readonly line: number;
  /** Values kubectl (YAML 1.1) reads differently from YAML 1.2 tools, with their lines; absent when none. */
  readonly differences?: readonly YamlDifferenceAt[];
}

/** A value of an object that YAML 1.1 and 1.2 read differently. */
export interface YamlDifferenceAt {
  readonly line: number;
  readonly message: string;
  readonly fix: string;
}

/** Everything read from the paths of one command. */
export interface LoadedManifests {
  /** Every Kubernetes object, `kind: List` items flattened, in reading order. */
  readonly objects: LoadedObject[];
  /** Things the user should know that did not stop the command (ignored kinds, empty folders). */
  readonly notes: string[];
}

/** How `loadManifests` reads. */
export interface LoadOptions {
  /** The most bytes all inputs may hold together; the default is the command's `--max-input-size`. */
  readonly maxInputBytes?: number;
  /** Reads standard input (tests replace it). */
  readonly readStdin?: () => string;
}

/**
 * Reads Kubernetes manifests from files, folders (recursively: *.yaml, *.yml, *.json) and standard input
 * (`-`). Multi-document YAML, JSON and `kind: List` (as printed by `kubectl get -o yaml`) are supported.
 * Unusable input (a missing file, bad YAML, a FIFO, input over the size limit) throws a `UserError`
 * naming the file (and the line).
 */
export function loadManifests(paths: readonly string[], options: LoadOptions = {}): LoadedManifests {
  if (paths.length === 0) {
    throw new UserError('no input given', 'name one or more files or folders of Kubernetes YAML or JSON, or "-" for standard input');
  }
  const budget = new InputBudget(options.maxInputBytes ?? inputLimit());
  const objects: LoadedObject[] = [];
  const notes: string[] = [];
  for (const p of paths) {
    if (p === STDIN) {
      objects.push(...parseManifestText(options.readStdin ? options.readStdin() : readStandardInputWithin(budget), '<stdin>', notes));
      continue;
    }
    for (const file of expandPath(p, notes)) {
      objects.push(...parseManifestText(readRegularFile(file, budget), file, notes));
    }
  }
  const ignored = new Map<string, number>();
  for (const o of objects) {
    if (!ANALYSED_KINDS.includes(o.object.kind)) {
      ignored.set(o.object.kind, (ignored.get(o.object.kind) ?? 0) + 1);
    }
  }
  if (ignored.size > 0) {
    const list = [...ignored].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} (${n})`).join(', ');
    notes.push(`ignored kinds that do not affect network policies: ${list}`);
  }
  const namespaceless = namespacelessNote(objects.map((o) => o.object));
  if (namespaceless !== undefined) notes.push(namespaceless);
  if (objects.length === 0) {
    const why = notes.length > 0 ? ` (${notes[0]}${notes.length > 1 ? `, and ${notes.length - 1} more` : ''})` : '';
    throw new UserError(`no Kubernetes objects found in ${paths.join(', ')}${why}`,
      'give files that contain Kubernetes YAML or JSON (objects with apiVersion and kind)');
  }
  return { objects, notes };
}

/** All of standard input, as text (within the default input limit). */
export function readStandardInput(): string {
  return readStandardInputWithin(new InputBudget());
}

/**
 * Parses one file's text (YAML documents, or JSON, which is YAML too) into Kubernetes objects, read as
 * kubectl reads them (YAML 1.1, see kubectl-yaml.ts). A large `kind: List` is read entry by entry.
 * JSON is read with JSON.parse (see json-list.ts), with the same result as the YAML reading.
 * @param notes receives a note for each document that is not a Kubernetes object.
 * @param how `yaml` reads JSON with the YAML reading too (tests compare the two readings).
 */
export function parseManifestText(text: string, file: string, notes: string[], how: 'auto' | 'yaml' = 'auto'): LoadedObject[] {
  if (/[\u0000\uFFFD]/.test(text)) {
    throw new UserError(`${file}: not a text file (it holds bytes that are not UTF-8 text)`,
      'give Kubernetes YAML or JSON; a binary or differently encoded file cannot be read');
  }
  const json = how === 'auto' && looksLikeJson(text) ? readJson(text, file, notes) : undefined;
  if (json) return json;
  const split = splitKubectlList(text);
  const byEntry = split && readSplitList(split, file, notes);
  if (byEntry) return byEntry;
  checkWholeDocumentSize(file, text.length, v8.getHeapStatistics());
  return readDocuments(text, file, notes, 0)!;
}

/** The heap a YAML syntax tree keeps per byte of text (measured: 17 for a kubectl YAML dump, 37 for compact JSON). */
const SYNTAX_TREE_BYTES_PER_BYTE = 40;

/**
 * A text parsed as a whole (not a kubectl List read entry by entry) keeps its full syntax tree in
 * memory: refuse it up front, with exit 2, when that tree would not fit node's heap (V8 would abort).
 */
export function checkWholeDocumentSize(file: string, length: number, heap: { heap_size_limit: number }): void {
  const most = (HEAP_SHARE * heap.heap_size_limit) / SYNTAX_TREE_BYTES_PER_BYTE;
  if (length > most) {
    const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
    throw new UserError(`${file}: ${mb(length)} is too large to read as one document with node's ${mb(heap.heap_size_limit)} heap (at most about ${mb(most)})`,
      'print it as YAML (`kubectl get -o yaml` lists are read entry by entry), split it into several files or documents, ' +
      `or give node more memory (NODE_OPTIONS=--max-old-space-size=${Math.ceil((length * SYNTAX_TREE_BYTES_PER_BYTE) / HEAP_SHARE / 2 ** 30) * 1024})`);
  }
}

/** The parser's options: failsafe (every scalar a string) so that KubectlReader resolves them as kubectl does. */
const PARSE_OPTIONS = { prettyErrors: false, schema: 'failsafe', uniqueKeys: true } as const;

/**
 * Every document of `text`; `lineShift` lines come before it in the file (a List entry read alone).
 * @param entry the text is one entry of a List: an alias without anchor returns undefined (the caller
 *   reads the whole text instead), and an empty entry is a null item
 */
function readDocuments(text: string, file: string, notes: string[], lineShift: number, entry = false, list?: any): LoadedObject[] | undefined {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  const docs = Array.isArray(parsed) ? parsed : []; // an empty stream
  if (entry && docs.every((doc) => doc.errors.length === 0 && doc.contents === null)) {
    notes.push(`${file}:${lineShift + 1}: ignored a document that is not a Kubernetes object (it has no "kind")`);
    return [];
  }
  const lineOf = (offset: number | undefined) => lineShift + (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const where = (offset: number | undefined) => `${file}:${lineOf(offset)}`;
  const objects: LoadedObject[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      throwSyntaxError(error, file, lineShift, lineCounter);
    }
    if (doc.contents === null) {
      continue; // an empty document, such as a trailing "---"
    }
    let value: unknown;
    try {
      value = new KubectlReader(doc, where).value(doc.contents);
    } catch (err) {
      if (!(err instanceof UnresolvedAlias)) throw err;
      if (entry) return undefined;
      throw new UserError(`${where(doc.contents.range?.[0])}: the alias *${err.message} has no anchor &${err.message} before it`,
        'define the anchor before the alias, in the same document');
    }
    collectObjects(list ? typedListItem(list, value) : value, doc.contents, file, lineOf, notes, objects, true);
  }
  return objects;
}

/** A List entry by entry: the envelope must be a List with `items:` empty; undefined when this does not apply. */
function readSplitList(split: SplitList, file: string, notes: string[]): LoadedObject[] | undefined {
  const envelope = parseAllDocuments(split.envelope, PARSE_OPTIONS);
  if (!Array.isArray(envelope) || envelope.length !== 1 || envelope[0].errors.length > 0) return undefined;
  const head: any = new KubectlReader(envelope[0], () => file).value(envelope[0].contents);
  if (head === null || typeof head !== 'object' || typeof head.kind !== 'string' || !/List$/.test(head.kind) || head.items !== null) return undefined;
  const objects: LoadedObject[] = [];
  const own: string[] = []; // notes kept only when this reading applies
  for (const entry of split.entries) {
    const read = readDocuments(entry.text, file, own, entry.line - 1, true, head);
    if (read === undefined) return undefined;
    objects.push(...read);
  }
  notes.push(...own);
  return objects;
}

function throwSyntaxError(error: YAMLError, file: string, lineShift: number, lineCounter: LineCounter): never {
  const pos = lineCounter.linePos(error.pos[0]);
  const line = pos.line + lineShift;
  // The parser runs out of stack at a depth that depends on the stack left (less under a coverage tool):
  // whichever step it was in, the cause is nesting.
  if (error.code === 'RESOURCE_EXHAUSTION' || /^Maximum call stack size exceeded/.test(error.message)) {
    throw new UserError(`${file}:${line}:${pos.col}: nesting too deep: more than ${MAX_NESTING} levels of maps and lists`,
      'no Kubernetes object nests that deep; check how the file was generated');
  }
  const what = path.extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML';
  throw new UserError(`${file}:${line}:${pos.col}: invalid ${what}: ${firstLine(error.message)}`,
    'fix the syntax at that line (indentation, a missing ":" or an unclosed quote are the usual causes)');
}

function collectObjects(value: any, node: YamlNode | null, file: string,
  lineOf: (offset: number | undefined) => number, notes: string[], out: LoadedObject[], own: boolean): void {
  const line = lineOf(node?.range?.[0]);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof value.kind !== 'string' || value.kind === '') {
    notes.push(`${file}:${line}: ignored a document that is not a Kubernetes object (it has no "kind")`);
    return;
  }
  if (/List$/.test(value.kind) && Array.isArray(value.items)) {
    const itemsNode = isMap(node) ? node.get('items', true) : undefined;
    value.items.forEach((item: any, i: number) => {
      const itemNode = isSeq(itemsNode) ? itemsNode.items[i] as YamlNode : null;
      collectObjects(typedListItem(value, item), itemNode ?? node, file, lineOf, notes, out, own && !!itemNode);
    });
    return;
  }
  const differences = own ? yamlDifferences(node).map((d) => ({ line: lineOf(d.offset), message: d.message, fix: d.fix })) : [];
  addObject(value, file, line, out, differences);
}

function addObject(value: any, file: string, line: number, out: LoadedObject[], differences: YamlDifferenceAt[] = []): void {
  dropBookkeeping(value);
  out.push({ object: value, file, line, ...(differences.length > 0 ? { differences } : {}) });
  guardHeap(file, line);
}

/**
 * A JSON text read with JSON.parse, the root's `items` entry by entry; an entry that JSON.parse cannot
 * read as the YAML reading would (see json-list.ts) is read by the YAML reading alone. Undefined when the
 * whole text is for the YAML reading (not one JSON value, or its envelope is not plain).
 */
function readJson(text: string, file: string, notes: string[]): LoadedObject[] | undefined {
  const scan = scanJson(text);
  if (!scan) return undefined;
  const items = scan.items;
  const head = items && parseJsonPiece(text.slice(0, items.start) + '[]' + text.slice(items.end), scan.envelopeKeys, scan.envelopePlain);
  const out: LoadedObject[] = [];
  const own: string[] = []; // notes kept only when this reading applies
  if (!items || !isKubernetesObject(head) || !/List$/.test(head.kind)) {
    const value = parseJsonPiece(text, scan.root.keys, scan.root.plain);
    if (value === undefined || !collectJson(value, file, scan.root.line, own, out)) return undefined;
  } else {
    for (const entry of items.entries) {
      const value = parseJsonPiece(text.slice(entry.start, entry.end), entry.keys, entry.plain);
      if (value !== undefined && collectJson(typedListItem(head, value), file, entry.line, own, out)) continue;
      // padded to its column, so that the YAML reading's messages name the entry's line and column
      const read = readDocuments(' '.repeat(entry.column) + text.slice(entry.start, entry.end), file, own, entry.line - 1, true, head);
      if (read === undefined) return undefined;
      out.push(...read);
    }
  }
  notes.push(...own);
  return out;
}

/** JSON.parse of a piece; undefined when it fails or its value may differ from the YAML reading's. */
function parseJsonPiece(text: string, keys: number, plain: boolean): any {
  if (!plain) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // not JSON: the YAML reading reports it, or reads what YAML allows
  }
  return countKeys(value) === keys ? value : undefined;
}

/**
 * The keys of every map in a value; -1 when one is `__proto__` (JSON.parse makes it a key, the YAML
 * reading does not), so that the YAML reading gives its own result.
 */
function countKeys(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) {
      const k = countKeys(v);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return -1;
  for (const key in value) {
    const k = countKeys((value as any)[key]);
    if (k < 0) return -1;
    n += k + 1;
  }
  return n;
}

function isKubernetesObject(value: any): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.kind === 'string' && value.kind !== '';
}

/** collectObjects for a JSON value without a List inside; false when it is a List (its entries' lines are the YAML reading's). */
function collectJson(value: any, file: string, line: number, notes: string[], out: LoadedObject[]): boolean {
  if (!isKubernetesObject(value)) {
    notes.push(`${file}:${line}: ignored a document that is not a Kubernetes object (it has no "kind")`);
    return true;
  }
  if (/List$/.test(value.kind) && Array.isArray(value.items)) return false;
  addObject(value, file, line, out);
  return true;
}

/**
 * `metadata.managedFields` and `status` are most of what `kubectl get -o yaml` prints for a Pod, and no
 * NetworkPolicy decision depends on them (policies select by labels and ports of the spec): the objects
 * are kept without them, so a large dump takes half the memory.
 */
function dropBookkeeping(object: any): void {
  if (object.metadata !== null && typeof object.metadata === 'object') {
    delete object.metadata.managedFields;
  }
  delete object.status;
}

/** Every this many objects, the heap is checked. */
const HEAP_CHECK_EVERY = 200;
let objectsSinceCheck = 0;

function guardHeap(file: string, line: number): void {
  if (++objectsSinceCheck >= HEAP_CHECK_EVERY) {
    objectsSinceCheck = 0;
    checkHeap(`${file}:${line}`, v8.getHeapStatistics());
  }
}

/** The share of node's heap that reading may fill, leaving the rest to the analysis. */
const HEAP_SHARE = 0.6;

/**
 * Stops with a clear message (exit 2) before node runs out of heap, which would abort with V8's native
 * stack (exit 134).
 */
export function checkHeap(where: string, heap: { used_heap_size: number; heap_size_limit: number }): void {
  if (heap.used_heap_size > HEAP_SHARE * heap.heap_size_limit) {
    const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
    throw new UserError(`${where}: the input is too large for node's memory: reading it has used ${mb(heap.used_heap_size)} of the ${mb(heap.heap_size_limit)} heap`,
      `give node more memory (NODE_OPTIONS=--max-old-space-size=${Math.ceil(heap.heap_size_limit / 2 ** 30) * 2048}) or read fewer objects at once`);
  }
}

/**
 * Notes for graph and explain: values kubectl reads differently from YAML 1.2 tools (audit reports
 * each one as NP017). The analysis uses kubectl's reading; the user should know that other tools differ.
 */
export function yamlDifferenceNotes(objects: readonly LoadedObject[]): string[] {
  const all = objects.flatMap((o) => (o.differences ?? []).map((d) => `${o.file}:${d.line}: ${d.message}`));
  return all.length <= 3 ? all : [...all.slice(0, 3), `${all.length - 3} more values are read differently by YAML 1.1 and 1.2; run "cdk8s-netpol audit" for all`];
}

/** The first line of a parser message, printable and short (a binary file makes long garbage). */
export function firstLine(message: string): string {
  const line = message.split('\n')[0].trim().replace(/[^\x20-\x7e]/g, '?');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
