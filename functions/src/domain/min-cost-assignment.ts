// Minimum-cost assignment (the Hungarian method with potentials): the exact choice of mentor pairs for a territory.
import { at } from "./indexed-access.js";

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
      const i0 = at(p, j0);
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      const row = at(cost, i0 - 1);
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(row, j - 1) - at(u, i0) - at(v, j);
        if (cur < at(minv, j)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (at(minv, j) < delta) {
          delta = at(minv, j);
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[at(p, j)] = at(u, at(p, j)) + delta;
          v[j] = at(v, j) - delta;
        } else {
          minv[j] = at(minv, j) - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = at(way, j0);
      p[j0] = at(p, j1);
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (at(p, j) > 0) assignment[at(p, j) - 1] = j - 1;
  return assignment;
}
