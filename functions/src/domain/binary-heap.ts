// A binary min-heap of small integer ids by cost, in typed arrays: the next cheapest pair of a region's greedy mentor matching.
import { numberAt } from "./indexed-access.js";

/**
 * Min-heap of distinct ids 0..capacity−1, each with a cost: `pop` gives the cheapest, equal costs by the smaller
 * id, so the order is total and the same whatever the order of pushes. `push` and `pop` are O(log n). Ids and
 * costs live in typed arrays: a region's matching pushes hundreds of thousands of offers, and an object per
 * entry with a comparator to call cost a tenth of the matching.
 * @example const h = new CostHeap(4); h.push(2, 0.5); h.push(0, 0.5); h.push(3, 0.1); h.pop() === 3; h.pop() === 0
 */
export class CostHeap {
  readonly #ids: Int32Array;
  readonly #costs: Float64Array;
  #size = 0;

  constructor(capacity: number) {
    this.#ids = new Int32Array(capacity);
    this.#costs = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Adds `id` at `cost`. An id already in the heap, or more ids than the capacity, is a bug: it throws. */
  push(id: number, cost: number): void {
    const ids = this.#ids;
    const costs = this.#costs;
    if (this.#size >= ids.length) throw new RangeError(`bug: CostHeap of ${ids.length} is full`);
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(cost, id, numberAt(costs, parent), numberAt(ids, parent))) break;
      ids[i] = numberAt(ids, parent);
      costs[i] = numberAt(costs, parent);
      i = parent;
    }
    ids[i] = id;
    costs[i] = cost;
  }

  /** The cheapest id, removed; −1 when the heap is empty. */
  pop(): number {
    if (this.#size === 0) return -1;
    const ids = this.#ids;
    const costs = this.#costs;
    const top = numberAt(ids, 0);
    const size = --this.#size;
    if (size === 0) return top;
    // The last entry sinks from the root to its place.
    const id = numberAt(ids, size);
    const cost = numberAt(costs, size);
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const r = l + 1;
      const child =
        r < size && before(numberAt(costs, r), numberAt(ids, r), numberAt(costs, l), numberAt(ids, l))
          ? r
          : l;
      if (!before(numberAt(costs, child), numberAt(ids, child), cost, id)) break;
      ids[i] = numberAt(ids, child);
      costs[i] = numberAt(costs, child);
      i = child;
    }
    ids[i] = id;
    costs[i] = cost;
    return top;
  }
}

/** Whether (cost a, id a) comes before (cost b, id b): the cheaper first, then the smaller id. */
function before(costA: number, idA: number, costB: number, idB: number): boolean {
  return costA < costB || (!(costA > costB) && idA < idB);
}
