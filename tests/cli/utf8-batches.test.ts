// The output writer's batches are the UTF-8 bytes of the pieces joined, whatever the pieces' sizes and letters.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Batches } from "../../functions/src/cli/cli-io.js";

describe("utf8Batches", () => {
  it("gives the bytes of the joined text, in batches of about the size asked for (fast-check)", () => {
    // Latin, Cyrillic, an astral emoji (a surrogate pair: one piece may not split it, the writer must not either).
    const letter = fc.constantFrom("a", "{", "\n", "Ш", "ё", "«", "🏫");
    const piece = fc.array(letter, { maxLength: 40 }).map((letters) => letters.join(""));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.integer({ min: 1, max: 32 }), (pieces, size) => {
        const batches = [...utf8Batches(pieces, size)];
        expect(Buffer.concat(batches).equals(Buffer.from(pieces.join(""), "utf8"))).toBe(true);
        for (const batch of batches) expect(batch.length).toBeGreaterThan(0);
        // A batch outgrows `size` only by the piece that crossed it, or when one piece alone is larger.
        const longest = Math.max(0, ...pieces.map((p) => Buffer.byteLength(p)));
        for (const batch of batches) expect(batch.length).toBeLessThan(size + 3 * Math.max(longest, 1) + 1);
      }),
      { numRuns: 300 },
    );
  });

  it("writes nothing for nothing", () => {
    expect([...utf8Batches([], 8)]).toEqual([]);
    expect([...utf8Batches(["", ""], 8)]).toEqual([]);
  });
});
