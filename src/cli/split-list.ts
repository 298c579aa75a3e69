/*
 * `kubectl get -A -o yaml` prints one `kind: List` document whose `items:` sequence holds every object,
 * each entry starting at column 0 with "- ". Parsing a 200 MB document whole keeps its full syntax
 * tree in memory (gigabytes); parsing entry by entry keeps one entry's tree at a time. This module
 * only cuts the text; the caller parses the envelope and each entry, and falls back to parsing the whole
 * document when the cut does not apply (an alias to an anchor in another entry, several documents, an
 * unusual layout), so the reading is the same either way.
 *
 * An entry is cut from its "- " line to the next one and its dash is replaced by a space: its lines,
 * columns and content are unchanged, and a YAML document may start indented.
 */

/** One entry of the `items:` sequence. */
export interface ListEntry {
  /** The entry's text, its leading "-" replaced by a space. */
  readonly text: string;
  /** The line of the text where the entry starts (1-based). */
  readonly line: number;
}

/** A List document cut into the rest (with `items:` left empty) and its entries. */
export interface SplitList {
  readonly envelope: string;
  readonly entries: ListEntry[];
}

/** Cuts a single-document List at column 0; undefined when the text does not have that layout. */
export function splitKubectlList(text: string): SplitList | undefined {
  if (!/^items:[ \t]*(?:#.*)?$/m.test(text) || /^(?:---|\.\.\.|%)/m.test(text) || /^\t/m.test(text)) {
    return undefined;
  }
  const entries: ListEntry[] = [];
  let blockStart = -1;
  let blockEnd = -1;
  let entryStart = -1;
  let entryLine = 0;
  let line = 0;
  const endEntry = (end: number) => {
    if (entryStart >= 0) entries.push({ text: ` ${text.slice(entryStart + 1, end)}`, line: entryLine });
    entryStart = -1;
  };
  for (let start = 0; start < text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    const first = text[start];
    if (blockStart >= 0 && blockEnd < 0) {
      if (first === '-' && (text[start + 1] === ' ' || text[start + 1] === '\n' || text[start + 1] === '\r' || start + 1 === text.length)) {
        endEntry(start);
        entryStart = start;
        entryLine = line + 1;
      } else if (first !== ' ' && first !== '\n' && first !== '\r' && first !== '#') {
        if (first === '-') return undefined; // "-x" at column 0: not an entry of this layout
        endEntry(start);
        blockEnd = start;
      } else if (first === ' ' && entryStart < 0 && text.slice(start, end).trim() !== '' && !text.slice(start, end).trim().startsWith('#')) {
        return undefined; // an indented `items:` sequence: another layout
      }
    } else if (/^items:[ \t]*(?:#.*)?\r?\n?$/.test(text.slice(start, end))) {
      if (blockStart >= 0) return undefined; // `items:` twice: let the parser report it
      blockStart = end;
    }
    start = end;
  }
  if (blockStart < 0) return undefined;
  if (blockEnd < 0) {
    endEntry(text.length);
    blockEnd = text.length;
  }
  return { envelope: text.slice(0, blockStart) + text.slice(blockEnd), entries };
}
