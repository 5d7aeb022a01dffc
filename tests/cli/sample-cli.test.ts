// `shnor sample`: the streamed JSON is exactly the generated dataset, and the command checks its options.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleJsonChunks } from "../../functions/src/cli/sample-command.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { generateSampleTerritory, planSampleTerritory } from "../../functions/src/sample/sample-territory.js";

const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "functions", "src", "cli", "main.ts");

function shnor(args: string[]) {
  const run = spawnSync(tsx, [main, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("shnor sample", () => {
  it("streams exactly the JSON of the generated dataset", () => {
    const options = { schools: 40, years: 2, seed: "stream" };
    const streamed = [...sampleJsonChunks(planSampleTerritory(options))].join("");
    expect(streamed).toBe(`${JSON.stringify(generateSampleTerritory(options))}\n`);
  });

  it("prints a valid dataset of the size asked for, the same for the same seed", () => {
    const args = ["sample", "--schools", "35", "--years", "2", "--seed", "9"];
    const run = shnor(args);
    expect(run.code).toBe(0);
    const parsed = parseDataset(JSON.parse(run.stdout));
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.data.dataset.schools).toHaveLength(35);
    expect(parsed.data.dataset.facts).toHaveLength(70);
    expect(shnor(args).stdout).toBe(run.stdout);
  });

  it("runs from a checkout reached through a symlinked folder (node runs the real path, argv keeps the link)", () => {
    const dir = mkdtempSync(join(tmpdir(), "shnor-link-"));
    try {
      const link = join(dir, "checkout");
      symlinkSync(root, link, "dir");
      const run = spawnSync(
        tsx,
        [join(link, "functions", "src", "cli", "main.ts"), "sample", "--schools", "3"],
        { cwd: root, encoding: "utf8" },
      );
      expect(run.status).toBe(0);
      expect(parseDataset(JSON.parse(run.stdout)).success).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a size that is not a positive whole number (exit 1, Russian message)", () => {
    const run = shnor(["sample", "--schools", "0"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--schools: «0» — нужно целое число от 1 до 1000000");
    expect(run.stdout).toBe("");
  });
});
