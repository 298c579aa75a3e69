/** Small statistics for benchmark samples. */

/** The median (mean of the two middle values for an even count); NaN for no samples. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rounds to `digits` decimals (for tables and JSON). */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

/**
 * A distribution-free confidence interval of the median (order statistics): the k-th smallest and the
 * k-th largest value, k the largest count with P(Binomial(n, 1/2) < k) <= (1 - level) / 2. Undefined for
 * too few samples to give one (fewer than 6 at 95%).
 */
export function medianInterval(values: readonly number[], level = 0.95): { low: number; high: number } | undefined {
  const n = values.length;
  const tail = (1 - level) / 2;
  let k = 0;
  let below = 0; // P(Binomial(n, 1/2) < k + 1), grown term by term
  let term = 0.5 ** n; // C(n, k) / 2^n
  while (k < n / 2 && below + term <= tail) {
    below += term;
    term = (term * (n - k)) / (k + 1);
    k += 1;
  }
  if (k === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  return { low: s[k - 1], high: s[n - k] };
}
