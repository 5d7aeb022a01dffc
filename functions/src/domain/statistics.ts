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
  const sorted = ascending(values);
  // Mid-rank (1-based) of a value: the mean of the ranks first..last that its ties hold.
  return Array.from(values, (v) => (100 * ((firstRank(sorted, v) + lastRank(sorted, v)) / 2 + 1 - 0.5)) / n);
}

/**
 * Competition ranking from the top: 1 + the number of strictly greater values («1, 2, 2, 4»). O(n log n).
 * @example competitionPositions([5, 9, 9, 1]) → [3, 1, 1, 4]
 */
export function competitionPositions(values: ArrayLike<number>): number[] {
  const n = values.length;
  const sorted = ascending(values);
  // The values above a tie group are those after its last rank (0-based).
  return Array.from(values, (v) => n - lastRank(sorted, v));
}

/**
 * The values in ascending order, by the engine's own numeric sort (no comparator to call). Ranks are then found
 * by binary search, not kept in a map per distinct value: a region ranks 40,000 schools dozens of times, and a
 * map keyed by fractional numbers cost a boxed key per school and a hash per lookup (a tenth of `compute`).
 */
function ascending(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * The 0-based rank of the first of `v`'s ties in `sorted`. Ties are equal values (-0 and 0 too). NaN, which the
 * sort puts last and which equals nothing, counts as the last rank, as it did when ranks were kept by value.
 */
function firstRank(sorted: Float64Array, v: number): number {
  if (Number.isNaN(v)) return sorted.length - 1;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (numberAt(sorted, mid) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The 0-based rank of the last of `v`'s ties in `sorted` (NaN: the last rank, see `firstRank`). */
function lastRank(sorted: Float64Array, v: number): number {
  if (Number.isNaN(v)) return sorted.length - 1;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (numberAt(sorted, mid) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
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
