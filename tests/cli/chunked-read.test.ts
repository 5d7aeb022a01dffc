// A dataset file read in chunks through two reused buffers: every byte arrives once and in order, a file that
// changes while it is read is read again, and a file not of the dataset's shape is still worded as JSON.parse does.
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFileInChunks } from "../../functions/src/cli/cli-io.js";
import { parseDatasetFile } from "../../functions/src/cli/computed-input.js";
import { parseDatasetJson } from "../../functions/src/contract/parse-dataset.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

const dir = mkdtempSync(join(tmpdir(), "shnor-chunked-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that differ from chunk to chunk, so a chunk handed over twice or out of order shows. */
function patterned(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 13)) & 0xff;
  return bytes;
}

describe("readFileInChunks", () => {
  it("hands over every byte of a file larger than two chunks once, in order, through two buffers", async () => {
    const bytes = patterned((8 << 20) * 2 + 12_345);
    const path = join(dir, "large.bin");
    writeFileSync(path, bytes);
    const copies: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const outcome = await readFileInChunks(path, (chunk) => {
      copies.push(Buffer.from(chunk));
      buffers.add(chunk.buffer);
    });
    expect(outcome).toStrictEqual({ success: true, data: { whole: null } });
    expect(copies).toHaveLength(3);
    expect(Buffer.concat(copies).equals(bytes)).toBe(true);
    // The memory held stays two chunks whatever the file's size.
    expect(buffers.size).toBe(2);
  });

  it("reads a file again in one piece when it grows while it is read, and what was seen does not count", async () => {
    const path = join(dir, "growing.bin");
    writeFileSync(path, patterned((8 << 20) + 10));
    let grown = false;
    const outcome = await readFileInChunks(path, () => {
      if (grown) return;
      appendFileSync(path, "more");
      grown = true;
    });
    expect(outcome.success).toBe(true);
    if (outcome.success) expect(outcome.data.whole?.subarray(-4).toString()).toBe("more");
  });

  it("reads a file again in one piece when it shrinks while it is read (rewritten shorter by an editor)", async () => {
    const path = join(dir, "shrinking.bin");
    writeFileSync(path, patterned((8 << 20) * 2 + 10));
    let cut = false;
    const outcome = await readFileInChunks(path, () => {
      if (cut) return;
      truncateSync(path, 1_000);
      cut = true;
    });
    expect(outcome.success).toBe(true);
    if (outcome.success) expect(outcome.data.whole?.equals(patterned(1_000))).toBe(true);
  });

  it("says in Russian which file it could not read", async () => {
    const outcome = await readFileInChunks(join(dir, "missing.json"), () => undefined);
    expect(outcome).toStrictEqual({
      success: false,
      error: {
        code: "unreadable",
        message: `не удалось прочитать «${join(dir, "missing.json")}»: файл не найден`,
      },
    });
  });
});

describe("parseDatasetFile", () => {
  const dataset = generateSampleTerritory({ schools: 30, years: 2, seed: 3 });

  it("checks a compact file and an indented one to the same dataset as the whole text gives", async () => {
    const compact = join(dir, "compact.json");
    const indented = join(dir, "indented.json");
    writeFileSync(compact, JSON.stringify(dataset));
    writeFileSync(indented, JSON.stringify(dataset, null, 2));
    const want = parseDatasetJson(JSON.stringify(dataset));
    expect(want.success).toBe(true);
    expect(await parseDatasetFile(compact)).toStrictEqual(want);
    expect(await parseDatasetFile(indented)).toStrictEqual(want);
  });

  it("words a broken file as JSON.parse does, from the file read again whole", async () => {
    const path = join(dir, "broken.json");
    const text = `${JSON.stringify(dataset)} и ещё`;
    writeFileSync(path, text);
    const rereads: string[] = [];
    const parsed = await parseDatasetFile(path, (again) => {
      rereads.push(again);
      return Buffer.from(text);
    });
    expect(rereads).toStrictEqual([path]);
    expect(parsed).toStrictEqual(parseDatasetJson(text));
    expect("success" in parsed && !parsed.success && parsed.error.issues[0]?.message).toMatch(
      /^это не JSON: /,
    );
  });

  it("says the file could not be read, not that it is not JSON, when the second reading fails", async () => {
    const path = join(dir, "vanishing.json");
    writeFileSync(path, "[1, 2]");
    const parsed = await parseDatasetFile(path, () => {
      throw Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" });
    });
    expect(parsed).toStrictEqual({ unreadable: `не удалось прочитать «${path}»: файл не найден` });
  });
});
