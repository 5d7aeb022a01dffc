// Small pure statistics used by the indices: means, deviations, mid-rank percentiles, a least-squares line.
import { at, numberAt } from "./indexed-access.js";

/** Arithmetic mean; NaN for an empty list. O(n). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Hazen percentiles with mid-ranks for ties: p = 100·(r − 0.5)/n, where r is the average rank (1 = lowest).
 * Ties get the same percentile, so the order of input never matters. O(n log n).
 * @example hazenPercentiles([10, 20, 20, 40]) → [12.5, 50, 50, 87.5]
 */
export function hazenPercentiles(values: ArrayLike<number>): number[] {
  const n = values.length;
  const x = Float64Array.from(values);
  // A stable sort (typed arrays sort stably too), so ties keep their input order.
  const order = Int32Array.from(x.keys()).sort((a, b) => compareNumbers(numberAt(x, a), numberAt(x, b)));
  const out = new Array<number>(n);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = numberAt(x, numberAt(order, i));
    while (j + 1 < n && numberAt(x, numberAt(order, j + 1)) === v) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[numberAt(order, k)] = (100 * (midRank - 0.5)) / n;
    i = j + 1;
  }
  return out;
}

/**
 * −1, 0 or 1 as `a` is below, equal to or above `b`: a sort comparator that orders as `a − b` does, but returns
 * a small integer, which V8 passes back to the sort without allocating (a fractional difference is boxed).
 */
export function compareNumbers(a: number, b: number): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ordinary least squares y = a + b·x; null when x does not vary or there are fewer than 3 points. */
export function leastSquaresLine(
  xs: readonly number[],
  ys: readonly number[],
): { a: number; b: number } | null {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = at(xs, i) - mx;
    sxx += dx * dx;
    sxy += dx * (at(ys, i) - my);
  }
  if (sxx === 0) return null;
  const b = sxy / sxx;
  return { a: my - b * mx, b };
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
