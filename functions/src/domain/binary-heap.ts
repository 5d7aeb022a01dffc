// A binary min-heap ordered by a comparator: the next cheapest pair of a region's greedy mentor matching.
import { at } from "./indexed-access.js";

/**
 * Min-heap over `compare` (negative = first argument comes first). `push` and `pop` are O(log n); equal items
 * come out in no promised order, so a comparator that must be deterministic breaks every tie itself.
 * @example const h = new BinaryHeap<number>((a, b) => a - b); h.push(3); h.push(1); h.pop() === 1
 */
export class BinaryHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compare(at(items, i), at(items, parent)) >= 0) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The first item by `compare`, removed; undefined when empty. */
  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = at(items, 0);
    const last = items.pop() as T;
    if (items.length === 0) return top;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let first = i;
      if (l < items.length && this.compare(at(items, l), at(items, first)) < 0) first = l;
      if (r < items.length && this.compare(at(items, r), at(items, first)) < 0) first = r;
      if (first === i) return top;
      this.swap(i, first);
      i = first;
    }
  }

  private swap(i: number, j: number): void {
    const items = this.items;
    const t = at(items, i);
    items[i] = at(items, j);
    items[j] = t;
  }
}
