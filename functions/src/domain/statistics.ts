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
  const own = Float64Array.from(values);
  const n = own.length;
  const ranks = new TieRanks(own);
  const out: number[] = [];
  // A plain loop, not Array.from: over a typed array Array.from walks an iterator, a result object per value.
  for (let i = 0; i < n; i++) {
    const first = ranks.first(numberAt(own, i));
    // Mid-rank (1-based): the mean of the ranks first..last that the value's ties hold.
    out.push((100 * ((first + ranks.lastOfGroup(first)) / 2 + 1 - 0.5)) / n);
  }
  return out;
}

/**
 * Competition ranking from the top: 1 + the number of strictly greater values («1, 2, 2, 4»). O(n log n).
 * @example competitionPositions([5, 9, 9, 1]) → [3, 1, 1, 4]
 */
export function competitionPositions(values: ArrayLike<number>): number[] {
  const own = Float64Array.from(values);
  const n = own.length;
  const ranks = new TieRanks(own);
  const out: number[] = [];
  // The values above a tie group are those after its last rank (0-based).
  for (let i = 0; i < n; i++) out.push(n - ranks.lastOfGroup(ranks.first(numberAt(own, i))));
  return out;
}

/**
 * The 0-based ranks of values in ascending order, ties being equal values (-0 and 0 too). The values are sorted
 * by the engine's own numeric sort (no comparator to call); a value's first rank is found by binary search and
 * the last of its ties read off a table. A region ranks 40,000 schools a dozen times per run: ranks kept in a map
 * keyed by fractional numbers cost a boxed key per school and a hash per lookup (a tenth of `compute`).
 */
class TieRanks {
  readonly #sorted: Float64Array;
  /** For each rank, the last rank of its tie group. */
  readonly #last: Int32Array;

  constructor(values: Float64Array) {
    const sorted = values.slice().sort();
    const n = sorted.length;
    const last = new Int32Array(n);
    for (let k = n - 1; k >= 0; k--) {
      // NaN, which the sort puts last, equals nothing: each is a group of its own.
      last[k] = k + 1 < n && sorted[k + 1] === sorted[k] ? numberAt(last, k + 1) : k;
    }
    this.#sorted = sorted;
    this.#last = last;
  }

  /**
   * The first rank of `v`'s ties. NaN counts as the last rank: when ranks were kept by value, the last of the
   * NaNs (each its own group) was the one a NaN read back.
   */
  first(v: number): number {
    const sorted = this.#sorted;
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

  /** The last rank of the tie group that starts at `first`. */
  lastOfGroup(first: number): number {
    return numberAt(this.#last, first);
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
