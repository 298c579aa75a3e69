import * as path from 'path';
import { isMap, isSeq, LineCounter, parseAllDocuments, Node as YamlNode } from 'yaml';
import { UserError, messageOf } from './errors';
import { expandPath, inputLimit, InputBudget, readRegularFile, readStandardInputWithin } from './read-input';

/** The argument that means "read standard input". */
export const STDIN = '-';

/** Kinds the reachability engine and the lint read; every other kind is ignored with a note. */
export const ANALYSED_KINDS: readonly string[] = [
  'Namespace', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob',
  'NetworkPolicy',
];

/** One Kubernetes object and where it was read. */
export interface LoadedObject {
  /** The object as parsed (plain JSON values). */
  readonly object: any;
  /** The file it came from (as given on the command line, or `<stdin>`). */
  readonly file: string;
  /** The 1-based line where the object starts. */
  readonly line: number;
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
 * Parses one file's text (YAML documents, or JSON, which is YAML too) into Kubernetes objects.
 * @param notes receives a note for each document that is not a Kubernetes object.
 */
export function parseManifestText(text: string, file: string, notes: string[]): LoadedObject[] {
  if (/[\u0000\uFFFD]/.test(text)) {
    throw new UserError(`${file}: not a text file (it holds bytes that are not UTF-8 text)`,
      'give Kubernetes YAML or JSON; a binary or differently encoded file cannot be read');
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(docs)) {
    return []; // an empty stream
  }
  const lineOf = (offset: number | undefined) => offset === undefined ? 1 : lineCounter.linePos(offset).line;
  const objects: LoadedObject[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const what = path.extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML';
      throw new UserError(`${file}:${line}:${col}: invalid ${what}: ${firstLine(error.message)}`,
        'fix the syntax at that line (indentation, a missing ":" or an unclosed quote are the usual causes)');
    }
    if (doc.contents === null) {
      continue; // an empty document, such as a trailing "---"
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      throw new UserError(`${file}:${lineOf(doc.contents.range?.[0])}: cannot read the document: ${messageOf(err)}`);
    }
    collectObjects(value, doc.contents, file, lineOf, notes, objects);
  }
  return objects;
}

function collectObjects(value: any, node: YamlNode | null, file: string,
  lineOf: (offset: number | undefined) => number, notes: string[], out: LoadedObject[]): void {
  const line = lineOf(node?.range?.[0]);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof value.kind !== 'string' || value.kind === '') {
    notes.push(`${file}:${line}: ignored a document that is not a Kubernetes object (it has no "kind")`);
    return;
  }
  if (/List$/.test(value.kind) && Array.isArray(value.items)) {
    const itemsNode = isMap(node) ? node.get('items', true) : undefined;
    value.items.forEach((item: any, i: number) => {
      const itemNode = isSeq(itemsNode) ? itemsNode.items[i] as YamlNode : null;
      collectObjects(item, itemNode ?? node, file, lineOf, notes, out);
    });
    return;
  }
  out.push({ object: value, file, line });
}

/** The first line of a parser message, printable and short (a binary file makes long garbage). */
export function firstLine(message: string): string {
  const line = message.split('\n')[0].trim().replace(/[^\x20-\x7e]/g, '?');
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
