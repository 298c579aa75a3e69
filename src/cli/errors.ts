/**
 * Exit statuses of the command-line tool, documented in the README.
 */
export const EXIT_OK = 0;
/** Findings at or above the threshold (audit), or a denied connection (explain). */
export const EXIT_FINDINGS = 1;
/** The input could not be used: a missing file, bad YAML, a bad config or a bad option. */
export const EXIT_UNUSABLE = 2;
/** A bug of the tool itself (anything that is not a `UserError`). */
export const EXIT_BUG = 3;

/**
 * An error caused by the user's input. The CLI prints its message (and the hint, when there is one)
 * without a stack trace and exits with status 2.
 */
export class UserError extends Error {
  public constructor(message: string, public readonly hint?: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** The message of anything thrown, without a stack. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) {
    return err.message;
  }
  return String(err);
}

/** The closest candidate to `word` (edit distance at most a third of its length, and at least 2), if any. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Edit distance where swapping two neighbouring letters is one edit (the commonest typo). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
