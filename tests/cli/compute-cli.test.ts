// `shnor compute` as a user runs it: a real process, real files, exit codes, Russian messages, deterministic bytes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { ResultsSchema } from "../../functions/src/contract/results.js";
import { generateSampleTerritory, SAMPLE_SCHOOL_IDS } from "../../functions/src/sample/sample-territory.js";
import { createRandom } from "../../functions/src/sample/seeded-random.js";

const root = resolve(import.meta.dirname, "../..");
// The tsx that `npx tsx` would run, called directly so npm's own start-up and warnings stay out of stderr.
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "functions", "src", "cli", "main.ts");
const dir = mkdtempSync(join(tmpdir(), "shnor-compute-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shnor(args: string[], stdin?: string) {
  const run = spawnSync(tsx, [main, ...args], {
    cwd: root,
    input: stdin,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function writeDataset(name: string, dataset: Dataset): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(dataset));
  return path;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = createRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const dataset = generateSampleTerritory({ schools: 30, years: 3, seed: 5 });
const input = writeDataset("territory.json", dataset);

describe("shnor compute", () => {
  it("writes Results v1 for the latest year and exits 0", () => {
    const out = join(dir, "results.json");
    const run = shnor(["compute", "--input", input, "--out", out]);
    expect(run.code).toBe(0);
    const results = ResultsSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(results.year).toBe("2025/2026");
    expect(results.territoryId).toBe(dataset.territory.id);
    expect(results.schools).toHaveLength(30);
    const lowResults = results.schools.find((s) => s.schoolId === SAMPLE_SCHOOL_IDS.lowResults);
    expect(lowResults?.categories).toContain("lowResults");
    expect(run.stderr).toMatch(/Результаты за 2025\/2026 записаны/);
  });

  it("refuses a count above its denominator: exit 2, the Russian message names the field, no file written", () => {
    const broken = structuredClone(dataset);
    const index = broken.facts.findIndex((f) => (f.ege?.length ?? 0) > 0);
    const ege = broken.facts[index]?.ege?.[0];
    if (!ege) throw new Error("the sample has no ЕГЭ");
    ege.atLeast80 = ege.participants + 3;
    const bad = writeDataset("broken.json", broken);
    const out = join(dir, "must-not-exist.json");
    const run = shnor(["compute", "--input", bad, "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `facts[${index}].ege[0].atLeast80: ${ege.participants + 3} — больше, чем участников (${ege.participants})`,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes("must-not-exist"))).toEqual([]);
    expect(run.stdout).toBe("");
  });

  it("lists every issue of a bad file on its own line", () => {
    const broken = structuredClone(dataset);
    (broken.facts[0] as { year: string }).year = "2025-2026";
    (broken.schools[1] as { settlement: string }).settlement = "village";
    const run = shnor(["compute", "--input", writeDataset("two-errors.json", broken), "--out", "-"]);
    expect(run.code).toBe(2);
    const lines = run.stderr.split("\n");
    expect(lines.some((l) => l.startsWith("facts[0].year: "))).toBe(true);
    expect(lines.some((l) => l.startsWith("schools[1].settlement: "))).toBe(true);
    expect(run.stdout).toBe("");
  });

  it("gives byte-identical output on two runs and when schools and facts come in another order", () => {
    const first = join(dir, "first.json");
    const second = join(dir, "second.json");
    const third = join(dir, "third.json");
    const reordered = writeDataset("reordered.json", {
      ...dataset,
      schools: shuffled(dataset.schools, 1),
      facts: shuffled(dataset.facts, 2),
    });
    // One day for all three: without --as-of each run judges the roadmap on today in Moscow, and runs on both
    // sides of midnight there (21:00 UTC) differed in `asOf` alone.
    const day = ["--as-of", "2026-03-01"];
    expect(shnor(["compute", "--input", input, "--out", first, ...day]).code).toBe(0);
    expect(shnor(["compute", "--input", input, "--out", second, ...day]).code).toBe(0);
    expect(shnor(["compute", "--input", reordered, "--out", third, ...day]).code).toBe(0);
    const bytes = readFileSync(first);
    expect(readFileSync(second).equals(bytes)).toBe(true);
    expect(readFileSync(third).equals(bytes)).toBe(true);
  });

  it("computes the year asked for with --year, reading stdin and writing stdout", () => {
    const run = shnor(
      ["compute", "--input", "-", "--out", "-", "--year", "2024/2025"],
      readFileSync(input, "utf8"),
    );
    expect(run.code).toBe(0);
    expect(ResultsSchema.parse(JSON.parse(run.stdout)).year).toBe("2024/2025");
  });

  it("refuses a year without data (exit 2) and a malformed year (exit 1)", () => {
    const out = join(dir, "no-year.json");
    const missing = shnor(["compute", "--input", input, "--out", out, "--year", "2019/2020"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/2019\/2020/);
    expect(existsSync(out)).toBe(false);
    const malformed = shnor(["compute", "--input", input, "--out", out, "--year", "2025"]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/учебный год записывается как 2024\/2025/);
  });

  it("writes the workbook with --xlsx", () => {
    const xlsx = join(dir, "results.xlsx");
    const run = shnor(["compute", "--input", input, "--out", join(dir, "with-xlsx.json"), "--xlsx", xlsx]);
    expect(run.code).toBe(0);
    // An .xlsx file is a zip archive: it starts with «PK».
    expect(readFileSync(xlsx).subarray(0, 2).toString("latin1")).toBe("PK");
  });

  it("exits 1 when an output cannot be written, and leaves neither output behind", () => {
    const out = join(dir, "half-run.json");
    const run = shnor([
      "compute",
      "--input",
      input,
      "--out",
      out,
      "--xlsx",
      join(dir, "no-such-folder", "r.xlsx"),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("не удалось записать");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes("half-run"))).toEqual([]);

    const nowhere = shnor(["compute", "--input", input, "--out", join(dir, "no-such-folder", "r.json")]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain("папки для него нет");
  });

  it("exits 1 when the file system refuses the results halfway, keeping the previous file and no temporary one", () => {
    // 600 schools give ~2.7 MB of results, written in 1 MB batches while the next is encoded; a file size limit
    // of 1.5 MB (RLIMIT_FSIZE, what a full disk or a quota does to a write) makes the second batch fail.
    const big = writeDataset(
      "territory-600.json",
      generateSampleTerritory({ schools: 600, years: 3, seed: 5 }),
    );
    const out = join(dir, "full-disk.json");
    writeFileSync(out, "прежние результаты");
    const run = spawnSync(
      "prlimit",
      ["--fsize=1500000", tsx, main, "compute", "--input", big, "--out", out],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`shnor compute: не удалось записать «${out}»: файл больше, чем разрешено`);
    expect(readFileSync(out, "utf8")).toBe("прежние результаты");
    expect(readdirSync(dir).filter((f) => f.includes("full-disk"))).toEqual(["full-disk.json"]);
    // the same run without the limit writes the whole file: the limit, not the data, stopped it
    expect(shnor(["compute", "--input", big, "--out", out]).code).toBe(0);
    expect(readFileSync(out).length).toBeGreaterThan(2_000_000);
  });

  it("exits 1 with a Russian message and the usage on an unknown flag, a missing file or an unknown command", () => {
    const flag = shnor(["compute", "--input", input, "--frobnicate"]);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("неизвестный параметр «--frobnicate»");
    expect(flag.stderr).toContain("Использование:");

    const missing = shnor(["compute", "--input", join(dir, "nowhere.json"), "--out", "-"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/не найден/);

    const command = shnor(["calculate"]);
    expect(command.code).toBe(1);
    expect(command.stderr).toContain("неизвестная команда «calculate»");
  });

  it("prints the usage in Russian for help and for no arguments", () => {
    for (const args of [["help"], []]) {
      const run = shnor(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Использование:");
      expect(run.stdout).toContain("compute");
    }
  });
});
