// The matching's heap gives ids cheapest first, ties by the smaller id, whatever the order they were pushed in.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CostHeap } from "../../functions/src/domain/binary-heap.js";

describe("CostHeap", () => {
  it("pops every id in (cost, id) order, pushes and pops interleaved (fast-check)", () => {
    // Few distinct costs, so ties are common; an operation is a push of the next id or a pop.
    const costs = fc.array(fc.constantFrom(-1, 0, 0.25, 0.5, 3), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(costs, fc.array(fc.boolean(), { maxLength: 120 }), (costOf, pops) => {
        const heap = new CostHeap(costOf.length);
        const inHeap: number[] = [];
        let next = 0;
        const popAndCheck = () => {
          inHeap.sort((a, b) => (costOf[a] ?? 0) - (costOf[b] ?? 0) || a - b);
          expect(heap.pop()).toBe(inHeap.shift() ?? -1);
        };
        for (const pop of pops) {
          if (pop || next >= costOf.length) popAndCheck();
          else {
            heap.push(next, costOf[next] ?? 0);
            inHeap.push(next++);
          }
          expect(heap.size).toBe(inHeap.length);
        }
        while (inHeap.length > 0) popAndCheck();
        expect(heap.pop()).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses more ids than its capacity, a bug rather than a silent overwrite", () => {
    const heap = new CostHeap(1);
    heap.push(0, 1);
    expect(() => heap.push(1, 0)).toThrow(RangeError);
    expect(heap.pop()).toBe(0);
  });
});
