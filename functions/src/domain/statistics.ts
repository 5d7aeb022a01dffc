// Small pure statistics used by the indices: means, deviations, mid-rank percentiles, a least-squares line.
import { at, numberAt } from "./indexed-access.js";

/** Arithmetic mean; NaN for an empty list. O(n). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  values.forEach((v) => {
    sum += v;
  });
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
  const sorted = sortedAscending(x);
  const out = new Array<number>(n);
  x.forEach((v, k) => {
    // Ranks first..last (0-based) hold the values equal to v; their mean rank, 1-based, is the mid-rank.
    const first = firstNotBelow(sorted, v);
    const last = firstAbove(sorted, v) - 1;
    const midRank = (first + last) / 2 + 1;
    out[k] = (100 * (midRank - 0.5)) / n;
  });
  return out;
}

/**
 * Competition ranking from the top: 1 + the number of strictly greater values («1, 2, 2, 4»). O(n log n).
 * @example competitionPositions([5, 9, 9, 1]) → [3, 1, 1, 4]
 */
export function competitionPositions(values: ArrayLike<number>): number[] {
  const x = Float64Array.from(values);
  const sorted = sortedAscending(x);
  return Array.from(x, (v) => 1 + sorted.length - firstAbove(sorted, v));
}

/**
 * A sorted copy, by the engine's own numeric sort (no comparator): a value's ranks are then two binary searches,
 * which count the values below and equal to it whatever the order of the input.
 */
function sortedAscending(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/** Index of the first element of ascending `sorted` that is not below `v` (equal values compare equal, -0 = 0). */
function firstNotBelow(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (numberAt(sorted, mid) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of ascending `sorted` above `v`; `sorted.length` when none is. */
function firstAbove(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (numberAt(sorted, mid) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
