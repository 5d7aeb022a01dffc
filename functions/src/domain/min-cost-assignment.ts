// Minimum-cost assignment (the Hungarian method with potentials): the exact choice of mentor pairs for a territory.
import { at, numberAt } from "./indexed-access.js";

/**
 * Assigns each of n rows to a distinct column of an n×m cost matrix (n ≤ m), minimising the total cost.
 * Returns `assignment[row] = column`. Kuhn–Munkres with row/column potentials, O(n²·m).
 * Costs must be finite; use a large finite number for «forbidden» and check the result.
 * @example minCostAssignment([[4, 1], [2, 3]]) → [1, 0]
 */
export function minCostAssignment(cost: readonly (readonly number[])[]): number[] {
  const n = cost.length;
  if (n === 0) return [];
  const m = at(cost, 0).length;
  if (m < n) throw new Error("minCostAssignment: more rows than columns");
  // The rows as typed arrays: the inner loop runs n²·m times and reads them through the fast numberAt.
  const rows = cost.map((row) => Float64Array.from(row));
  // 1-based arrays as in the classic formulation; p[j] = row matched to column j (0 = none).
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = numberAt(p, j0);
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      const row = at(rows, i0 - 1);
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = numberAt(row, j - 1) - numberAt(u, i0) - numberAt(v, j);
        if (cur < numberAt(minv, j)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (numberAt(minv, j) < delta) {
          delta = numberAt(minv, j);
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[numberAt(p, j)] = numberAt(u, numberAt(p, j)) + delta;
          v[j] = numberAt(v, j) - delta;
        } else {
          minv[j] = numberAt(minv, j) - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = numberAt(way, j0);
      p[j0] = numberAt(p, j1);
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (numberAt(p, j) > 0) assignment[numberAt(p, j) - 1] = j - 1;
  return assignment;
}
