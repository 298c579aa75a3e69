import { constants as bufferConstants } from 'buffer';
import * as fs from 'fs';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import { UserError, messageOf } from './errors';

/*
 * Reading the bytes of the command's inputs, safely. Anything named *.yaml can be a link to /dev/zero
 * (which never ends), a FIFO (which blocks forever) or a huge file; a pull request can add such a link
 * to a folder that CI audits. So only regular files (after following links) and standard input are read,
 * every read is bounded by a size limit checked before reading, and whatever a folder walk cannot read
 * stops the command (exit 2): an audit that silently skips a manifest could approve it.
 */

/** The most characters a string of node can hold. */
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

/** Extensions of the files a folder walk reads. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The default of `--max-input-size`: all inputs of one command together. */
export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** The limit of `--max-input-size`, set by the command line before a command runs. */
let commandLimit = DEFAULT_MAX_INPUT_BYTES;

/** Sets the input limit of the commands that read manifests (`--max-input-size`). */
export function setInputLimit(bytes: number): void {
  commandLimit = bytes;
}

/** The input limit of the running command. */
export function inputLimit(): number {
  return commandLimit;
}

/** Counts the bytes read so far against the limit of one command. */
export class InputBudget {
  private used = 0;

  public constructor(public readonly maxBytes: number = DEFAULT_MAX_INPUT_BYTES) {}

  /** Throws when `bytes` more (from `what`; `atLeast` when it was cut at the limit) would pass the limit. */
  public take(what: string, bytes: number, atLeast = false): void {
    if (this.used + bytes > this.maxBytes) {
      const all = this.used > 0 ? ` (with the ${formatSize(this.used)} read before it)` : '';
      throw new UserError(`${what}: ${formatSize(bytes)}${atLeast ? ' or more' : ''}${all} is more than the input limit of ${formatSize(this.maxBytes)}`,
        `if the input is really that large, raise the limit: --max-input-size ${suggestSize(this.used + bytes)}`);
    }
    this.used += bytes;
  }

  /** The bytes still allowed. */
  public get remaining(): number {
    return this.maxBytes - this.used;
  }
}

/** `--max-input-size` text: a number of bytes with an optional K, M or G (powers of 1024). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(text);
  const bytes = m ? Math.floor(Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase())) : NaN;
  if (!m || !Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UserError(`--max-input-size ${JSON.stringify(text)}: not a size`, 'give a size such as 512M, 2G or 1048576 (bytes)');
  }
  return bytes;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

function suggestSize(bytes: number): string {
  return `${Math.ceil(bytes / 1024 ** 3 + 0.5)}G`;
}

/** What a stat says a path is, for messages: "a FIFO", "a device". */
function typeOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  return 'not a regular file';
}

function reasonOf(err: any): string {
  switch (err?.code) {
    case 'EACCES': return 'permission denied';
    case 'ENOENT': return 'no such file (a broken link?)';
    case 'ELOOP': return 'a loop of symbolic links';
    default: return err?.code ?? messageOf(err);
  }
}

/**
 * A regular file's text, refused before reading when it is not a regular file or passes the budget.
 * The file is opened without blocking and checked on the open descriptor, so it cannot be swapped
 * for a FIFO between the check and the read.
 */
export function readRegularFile(file: string, budget: InputBudget): string {
  let fd: number;
  try {
    // eslint-disable-next-line no-bitwise -- open flags are bits
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err: any) {
    throw new UserError(`${file}: cannot read it (${reasonOf(err)})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      throw new UserError(`${file}: cannot read it: it is ${typeOf(stat)}, not a regular file`,
        'give regular files or folders of them ("-" reads standard input); remove or rename what is not a manifest');
    }
    budget.take(file, stat.size);
    // A file that grows while it is read is cut at its size plus one byte, and then refused.
    const { text, bytes } = readBounded(fd, stat.size + 1, file);
    if (bytes > stat.size) {
      throw new UserError(`${file}: the file grew while it was read`, 'run the command again once the file is written');
    }
    return text;
  } finally {
    fs.closeSync(fd);
  }
}

/** Standard input's text, refused as soon as it passes the budget. */
export function readStandardInputWithin(budget: InputBudget): string {
  const limit = budget.remaining + 1;
  const { text, bytes } = readBounded(0, limit, 'standard input');
  budget.take('<stdin>', bytes, bytes >= limit);
  return text;
}

/**
 * Reads `fd` to its end, at most `limit` bytes. Each chunk is decoded as it comes into one reused buffer,
 * so a large input is held as its text and the pieces of it, not also as the bytes (a 500 MB dump
 * would otherwise be in memory three times: the chunks, their concatenation and the text).
 */
function readBounded(fd: number, limit: number, what: string): { text: string; bytes: number } {
  const buffer = Buffer.allocUnsafe(Math.min(limit, 1024 * 1024));
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  let total = 0;
  while (total < limit) {
    let n: number;
    try {
      n = fs.readSync(fd, buffer, 0, Math.min(limit - total, buffer.length), null);
    } catch (err: any) {
      if (err?.code === 'EAGAIN') { // a non-blocking pipe with nothing yet: wait a little
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (err?.code === 'EOF') break;
      throw new UserError(`cannot read ${what}: ${reasonOf(err)}`);
    }
    if (n === 0) break;
    parts.push(decoder.write(buffer.subarray(0, n)));
    total += n;
  }
  parts.push(decoder.end());
  return { text: joinText(parts, what), bytes: total };
}

/** The parts as one string; node's strings hold at most about 512 MB (2^29 - 24 characters). */
function joinText(parts: string[], what: string): string {
  const length = parts.reduce((n, p) => n + p.length, 0);
  if (length > MAX_STRING_LENGTH) {
    throw new UserError(`${what}: ${formatSize(length)} of text is more than node can hold as one string (${formatSize(MAX_STRING_LENGTH)})`,
      'split the input into several files (kubectl get per namespace, or -o yaml, which is half the size of -o json)');
  }
  return parts.join('');
}

/** One path of the command line: a file as itself, a folder as its manifest files, recursively. */
export function expandPath(p: string, notes: string[]): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (err: any) {
    if (err?.code === 'ENOENT') {
      throw new UserError(`${p}: no such file or folder`, 'check the path; use "-" to read standard input');
    }
    throw new UserError(`${p}: cannot read it (${reasonOf(err)})`);
  }
  if (stat.isFile()) {
    return [p];
  }
  if (!stat.isDirectory()) {
    throw new UserError(`${p}: cannot read it: it is ${typeOf(stat)}, not a file or folder`,
      'give files or folders of manifests; to read a pipe, use "-" (standard input)');
  }
  const files: string[] = [];
  new FolderWalk(notes, files).walk(p);
  if (files.length === 0) {
    notes.push(`${p}: the folder holds no *.yaml, *.yml or *.json files`);
  }
  return files;
}

/** A recursive walk that follows links, reads each real folder and file once and refuses what it cannot read. */
class FolderWalk {
  private readonly seenFolders = new Map<string, string>();
  private readonly seenFiles = new Map<string, string>();

  public constructor(private readonly notes: string[], private readonly files: string[]) {}

  public walk(dir: string): void {
    const real = fs.realpathSync(dir);
    const before = this.seenFolders.get(real);
    if (before !== undefined) {
      this.notes.push(`${dir}: not read again: it leads to the folder ${before}, read already`);
      return;
    }
    this.seenFolders.set(real, dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err: any) {
      throw new UserError(`${dir}: cannot read the folder (${reasonOf(err)})`);
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      this.visit(path.join(dir, entry.name), entry);
    }
  }

  private visit(full: string, entry: fs.Dirent): void {
    const isManifest = MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase());
    let stat: fs.Stats;
    try {
      stat = entry.isSymbolicLink() ? fs.statSync(full) : fs.lstatSync(full);
    } catch (err: any) {
      if (isManifest) {
        throw new UserError(`${full}: cannot read it (${reasonOf(err)})`, 'fix or remove the link: a manifest that cannot be read cannot be checked');
      }
      this.notes.push(`${full}: skipped, it cannot be followed (${reasonOf(err)})`);
      return;
    }
    if (stat.isDirectory()) {
      // Hidden folders (.git) and node_modules never hold the manifests a user means.
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') {
        this.walk(full);
      }
    } else if (isManifest) {
      if (!stat.isFile()) {
        throw new UserError(`${full}: cannot read it: it is ${typeOf(stat)}, not a regular file`,
          'remove it or rename it: a folder walk reads only regular *.yaml, *.yml and *.json files');
      }
      this.addFile(full);
    }
  }

  private addFile(full: string): void {
    const real = fs.realpathSync(full);
    const before = this.seenFiles.get(real);
    if (before !== undefined) {
      this.notes.push(`${full}: not read again: it leads to the file ${before}, read already`);
      return;
    }
    this.seenFiles.set(real, full);
    this.files.push(full);
  }
}
