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
  // Mid-rank (1-based) of each distinct value: the mean of the ranks first..last that its ties hold.
  const midRank = new Map<number, number>();
  eachTieGroup(values, (value, first, last) => midRank.set(value, (first + last) / 2 + 1));
  return Array.from(values, (v) => (100 * (at(midRank, v) - 0.5)) / n);
}

/**
 * Competition ranking from the top: 1 + the number of strictly greater values («1, 2, 2, 4»). O(n log n).
 * @example competitionPositions([5, 9, 9, 1]) → [3, 1, 1, 4]
 */
export function competitionPositions(values: ArrayLike<number>): number[] {
  const n = values.length;
  // The values above a tie group are those after its last rank (0-based).
  const position = new Map<number, number>();
  eachTieGroup(values, (value, _first, last) => position.set(value, n - last));
  return Array.from(values, (v) => at(position, v));
}

/**
 * Calls `group` once per distinct value with the 0-based ranks first..last its ties hold in ascending order.
 * The values are sorted by the engine's own numeric sort (no comparator to call), and ties are equal values
 * (-0 and 0 too, as a Map's keys are), so the ranks do not depend on the order of the input.
 */
function eachTieGroup(
  values: ArrayLike<number>,
  group: (value: number, first: number, last: number) => void,
): void {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let first = 0;
  while (first < n) {
    const value = numberAt(sorted, first);
    let last = first;
    while (last + 1 < n && sorted[last + 1] === value) last++;
    group(value, first, last);
    first = last + 1;
  }
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
