/*
 * `kubectl get -A -o json` prints one object `{"apiVersion": "v1", "items": [...], "kind": "List", ...}`.
 * JSON.parse reads it many times faster and in a fraction of the memory of a YAML syntax tree, and reading
 * the `items` array entry by entry keeps one entry's text and values at a time beside the objects kept.
 * This module only scans the text (strings, escapes, depth, lines) and cuts it; the caller parses the
 * envelope and each entry with JSON.parse, and hands a piece to the YAML reading when JSON.parse's value
 * could differ from what the YAML reading gives (see `JsonPiece.plain` and `JsonPiece.keys`), so the
 * result is the same either way.
 */

/** A part of the text that is one JSON value. */
export interface JsonPiece {
  /** The offset of its first character. */
  readonly start: number;
  /** The offset after it (trailing blanks included). */
  readonly end: number;
  /** The 1-based line and 0-based column of its first character. */
  readonly line: number;
  readonly column: number;
  /**
   * How many keys its maps hold in the text (the `:` outside strings). JSON.parse keeps the last of two
   * equal keys, which the YAML reading refuses: fewer keys in the parsed value mean a duplicate.
   */
  readonly keys: number;
  /**
   * False when JSON.parse and the YAML reading may give different values: a number that overflows
   * (YAML keeps its text as a string), the integer -0 (YAML reads 0), nesting deeper than
   * `JSON_MAX_DEPTH` (the YAML reading reports it).
   */
  readonly plain: boolean;
}

/** A JSON text scanned: its value, and the root object's `items` array cut into entries. */
export interface JsonScan {
  readonly root: JsonPiece;
  /** The root's `items` array, when it is one: the offsets of `[` and after `]`, and its entries. */
  readonly items?: { readonly start: number; readonly end: number; readonly entries: JsonPiece[] };
  /** The keys of the root without the entries' keys, and whether that part is plain. */
  readonly envelopeKeys: number;
  readonly envelopePlain: boolean;
}

/** Deeper than this, a piece is left to the YAML reading (which refuses more than 500 levels). */
export const JSON_MAX_DEPTH = 100;

/** Whether a text is JSON rather than YAML: its first non-blank character opens a JSON object or array. */
export function looksLikeJson(text: string): boolean {
  return /^[ \t\r\n]*[{[]/.test(text);
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const CR = 13;

/**
 * Scans one JSON value; undefined when the text is not laid out as one (unbalanced, several values, a
 * lone carriage return, which YAML and this scanner count differently as lines, or `items` twice).
 * It does not validate: JSON.parse does.
 */
export function scanJson(text: string): JsonScan | undefined {
  const s = new Scanner(text);
  return s.run() ? s.result() : undefined;
}

interface Mark { readonly start: number; readonly line: number; readonly column: number; readonly keys: number; readonly odd: number }

class Scanner {
  private line = 1;
  private lineStart = 0;
  private depth = 0;
  private keys = 0;
  private odd = 0;
  private root: Mark | undefined;
  private rootEnd = -1;
  private lastString: [number, number] = [0, 0];
  private itemsKey = false;
  private sawItems = false;
  private items: { start: number; end: number; entries: JsonPiece[] } | undefined;
  private inItems = false;
  private entry: Mark | undefined;
  private entriesOdd = 0;

  public constructor(private readonly text: string) {}

  public run(): boolean {
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) continue;
      if (c === NEWLINE || c === CR) {
        if (c === CR && text.charCodeAt(i + 1) !== NEWLINE) return false;
        if (c === NEWLINE) { this.line++; this.lineStart = i + 1; }
        continue;
      }
      if (this.depth === 0 && this.root) return false; // a second value after the first
      if (this.inItems && this.depth === 2 && !this.entry && c !== 44 && c !== 93) this.entry = this.mark(i);
      if (c === QUOTE) {
        const end = this.string(i);
        if (end < 0) return false;
        if (this.depth === 1) this.lastString = [i + 1, end];
        i = end;
      } else if (c === 58) { // ':'
        this.keys++;
        if (this.depth === 1 && !this.key()) return false;
      } else if (c === 123 || c === 91) { // '{' '['
        if (this.depth === 0) this.root = this.mark(i);
        if (this.depth === 1 && c === 91 && this.itemsKey) {
          this.items = { start: i, end: -1, entries: [] };
          this.inItems = true;
        }
        if (++this.depth > JSON_MAX_DEPTH) this.odd++;
      } else if (c === 125 || c === 93) { // '}' ']'
        if (this.depth === 2 && this.inItems && c === 93) {
          this.endEntry(i);
          this.items!.end = i + 1;
          this.inItems = false;
        }
        if (--this.depth < 0) return false;
        if (this.depth === 0) this.rootEnd = i + 1;
      } else if (c === 44) { // ','
        if (this.depth === 2 && this.inItems) this.endEntry(i);
        if (this.depth === 1) this.itemsKey = false;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        i = this.number(i);
      }
    }
    return this.root !== undefined && this.depth === 0;
  }

  public result(): JsonScan {
    const root = this.piece(this.root!, this.rootEnd);
    const inEntries = this.items ? this.items.entries.reduce((n, e) => n + e.keys, 0) : 0;
    return { root, items: this.items, envelopeKeys: root.keys - inEntries, envelopePlain: this.odd - this.root!.odd - this.entriesOdd === 0 };
  }

  private mark(start: number): Mark {
    return { start, line: this.line, column: start - this.lineStart, keys: this.keys, odd: this.odd };
  }

  private piece(mark: Mark, end: number): JsonPiece {
    return { start: mark.start, end, line: mark.line, column: mark.column, keys: this.keys - mark.keys, plain: this.odd === mark.odd };
  }

  private endEntry(end: number): void {
    if (this.entry) {
      this.items!.entries.push(this.piece(this.entry, end));
      this.entriesOdd += this.odd - this.entry.odd;
    }
    this.entry = undefined;
  }

  /** The offset of the closing quote of the string opened at `i`; -1 when it does not close. */
  private string(i: number): number {
    const text = this.text;
    for (let j = i + 1; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === QUOTE) return j;
      if (c === BACKSLASH) {
        j++;
      } else if (c === NEWLINE) { // not JSON (JSON.parse refuses it), but the lines after it must stay right
        this.line++;
        this.lineStart = j + 1;
      }
    }
    return -1;
  }

  /** A key of the root map ends: note whether it is `items`; false when `items` comes twice. */
  private key(): boolean {
    const raw = this.text.slice(this.lastString[0], this.lastString[1]);
    let key = raw;
    if (raw.includes('\\')) {
      try {
        key = JSON.parse(`"${raw}"`);
      } catch {
        return false;
      }
    }
    this.itemsKey = key === 'items';
    if (this.itemsKey && this.sawItems) return false;
    this.sawItems ||= this.itemsKey;
    return true;
  }

  /** Skips a number token; counts one that JSON.parse reads differently from the YAML reading. */
  private number(i: number): number {
    const text = this.text;
    let j = i + 1;
    for (let c = text.charCodeAt(j); (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69; c = text.charCodeAt(++j));
    const token = text.slice(i, j);
    if (token === '-0' || !Number.isFinite(Number(token))) this.odd++;
    return j - 1;
  }
}
