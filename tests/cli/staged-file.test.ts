// A staged output file holds exactly the pieces' bytes once committed, and nothing is left when writing fails.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stageFile } from "../../functions/src/cli/cli-io.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "shnor-staged-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("stageFile", () => {
  it("writes many megabytes of pieces (several batches written while the next is encoded) byte for byte", async () => {
    // 6 MB of Cyrillic and Latin: six 1 MB batches, each written while the next one is being encoded.
    const pieces = Array.from({ length: 60_000 }, (_, i) =>
      `{"школа":"Школа № ${i}","id":"s${i}"},`.repeat(2),
    );
    const target = join(dir, "results.json");
    const staged = await stageFile(target, pieces);
    expect(readdirSync(dir)).not.toContain("results.json");
    await staged.commit();
    expect(readFileSync(target).equals(Buffer.from(pieces.join(""), "utf8"))).toBe(true);
    expect(readdirSync(dir)).toEqual(["results.json"]);
  });

  it("leaves the previous file and no temporary file when the pieces fail halfway", async () => {
    const target = join(dir, "results.json");
    writeFileSync(target, "прежние результаты");
    function* failing(): Generator<string> {
      for (let i = 0; i < 5_000; i++) yield "x".repeat(1_000);
      throw new Error("расчёт прерван");
    }
    await expect(stageFile(target, failing())).rejects.toThrow("расчёт прерван");
    expect(readdirSync(dir)).toEqual(["results.json"]);
    expect(readFileSync(target, "utf8")).toBe("прежние результаты");
  });
});
