/**
 * Names in the output come from untrusted manifests. An invalid name is still read (with an NP011
 * finding), so it can hold a newline that forges a line of the report, a terminal escape sequence, or
 * a bidi override that shows the text reversed. These characters change how text is shown instead of
 * showing; they are printed as escapes (`\n`, `\u001b`), and every renderer escapes the rest for its
 * own format.
 */

/** Control characters, line and paragraph separators, zero-width and bidi formatting characters. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

const SHORT: { [c: string]: string } = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The escape that shows an invisible character. */
function escapeOf(c: string): string {
  return SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every invisible character written as an escape; the characters of `keep` (say, the
 * newlines of a multi-line explanation) stay as they are.
 */
export function visible(text: string, keep = ''): string {
  return text.replace(INVISIBLE, (c) => (keep.includes(c) ? c : escapeOf(c)));
}
