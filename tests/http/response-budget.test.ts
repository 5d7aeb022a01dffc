// One /draft/letters answer stays under Cloud Run's response limit however large the schools' cards are, and paging on delivers every letter once.
import { describe, expect, it } from "vitest";
import { itemsWithinBudget, RESPONSE_ITEMS_BUDGET_BYTES } from "../../functions/src/http/response-budget.js";

/** Cloud Run functions (2nd gen) refuse a non-streaming response over 32 MB (https://cloud.google.com/functions/quotas). */
const CLOUD_RUN_RESPONSE_BYTES = 32 * 1000 * 1000;

describe("itemsWithinBudget", () => {
  it("takes items up to exactly the budget, commas counted, and leaves the one that would cross it", () => {
    // JSON of each: 10 bytes ("12345678" with quotes); three with two commas is 32 bytes.
    const items = ["12345678", "abcdefgh", "ABCDEFGH", "zzzzzzzz"];
    expect(itemsWithinBudget(items, (s) => s, 32)).toEqual(["12345678", "abcdefgh", "ABCDEFGH"]);
    expect(itemsWithinBudget(items, (s) => s, 31)).toEqual(["12345678", "abcdefgh"]);
  });

  it("counts bytes, not characters: Cyrillic takes two bytes each", () => {
    // "шшшш" is 4 letters, 8 bytes, 10 with quotes.
    expect(itemsWithinBudget(["шшшш", "шшшш"], (s) => s, 20)).toEqual(["шшшш"]);
    expect(itemsWithinBudget(["шшшш", "шшшш"], (s) => s, 21)).toEqual(["шшшш", "шшшш"]);
  });

  it("always carries the first item, even one over the budget, so paging moves forward", () => {
    expect(itemsWithinBudget(["x".repeat(100), "y"], (s) => s, 10)).toEqual(["x".repeat(100)]);
    expect(itemsWithinBudget([], (s: string) => s, 10)).toEqual([]);
  });

  it("builds nothing past the budget", () => {
    const built: number[] = [];
    itemsWithinBudget(
      [1, 2, 3, 4, 5],
      (n) => {
        built.push(n);
        return "x".repeat(8);
      },
      21,
    );
    expect(built).toEqual([1, 2, 3]);
  });

  it("at the real budget, 100 letters with 360 KB cards come in pages under Cloud Run's limit, each once", () => {
    const card = "<p>Карточка школы</p>".repeat(10_500); // about 360 KB of UTF-8
    const pending = Array.from({ length: 100 }, (_, i) => `school-${i}`);
    const delivered: string[] = [];
    let pages = 0;
    while (delivered.length < pending.length) {
      const page = itemsWithinBudget(pending.slice(delivered.length, delivered.length + 100), (id) => ({
        schoolId: id,
        card: { name: `Карточка школы ${id}.html`, html: card },
      }));
      const bytes = Buffer.byteLength(JSON.stringify({ draft: 1, pending: 100, letters: page }));
      expect(bytes).toBeLessThanOrEqual(RESPONSE_ITEMS_BUDGET_BYTES + 1_000);
      expect(bytes).toBeLessThan(CLOUD_RUN_RESPONSE_BYTES);
      delivered.push(...page.map((letter) => letter.schoolId));
      pages += 1;
    }
    expect(pages).toBe(2);
    expect(delivered).toEqual(pending);
  });
});
