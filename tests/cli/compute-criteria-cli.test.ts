// `shnor compute` with a municipality's criteria (issue 12): --preset beats methodology.preset, a non-empty table beats the preset, bad rows are refused by path, --compare-with previews who enters and who leaves.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import type { CriteriaRow } from "../../functions/src/contract/identification-criteria.js";
import { type Results, ResultsSchema } from "../../functions/src/contract/results.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "functions", "src", "cli", "main.ts");
const dir = mkdtempSync(join(tmpdir(), "shnor-criteria-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shnor(args: string[]) {
  const run = spawnSync(tsx, [main, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function writeJson(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

function readResults(path: string): Results {
  return ResultsSchema.parse(JSON.parse(readFileSync(path, "utf8")));
}

/** The school ids listed under one heading of the preview («Войдут в ШНОР:»), up to the next blank line. */
function section(stdout: string, heading: string): string[] {
  const lines = stdout.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const ids: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === "") break;
    const id = /^• .* \[([^\]]+)\]$/.exec(line)?.[1];
    if (id) ids.push(id);
  }
  return ids;
}

function listed(results: Results, list: "lowResults" | "adverseSocial"): Set<string> {
  return new Set(results.schools.filter((s) => s.categories.includes(list)).map((s) => s.schoolId));
}

const sample = generateSampleTerritory({ schools: 30, years: 3, seed: 5 });
const withPreset = (methodology: Record<string, unknown>): Dataset => ({ ...sample, methodology });
const AS_OF = ["--as-of", "2026-05-01"];

const OWN_ROW: CriteriaRow = {
  number: "7.1",
  wording: "Средняя отметка ОГЭ по математике ниже средней по территории",
  list: "lowResults",
  indicator: "ogeMath",
  comparison: "below",
  reference: "territoryMean",
};

describe("shnor compute with criteria", () => {
  it("--preset beats methodology.preset, and --compare-with lists exactly the schools whose lists differ", () => {
    const input = writeJson("neftekumsk.json", withPreset({ preset: "neftekumsk-2020" }));
    const fromFile = join(dir, "neftekumsk-results.json");
    expect(shnor(["compute", "--input", input, "--out", fromFile, ...AS_OF]).code).toBe(0);
    const neftekumsk = readResults(fromFile);
    expect(neftekumsk.methodology.preset).toBe("neftekumsk-2020");
    expect(neftekumsk.methodology.criteria?.map((r) => r.number ?? `правило: ${r.rule}`)).toEqual([
      "1.1",
      "2.1",
      "3.1",
      "3.2",
      "4.1",
      "4.3",
      "4.5",
      "4.7",
      "правило: atLeast",
    ]);
    expect("preset" in neftekumsk.methodology.settings).toBe(false);

    const out = join(dir, "sharan-results.json");
    const run = shnor([
      "compute",
      "--input",
      input,
      "--preset",
      "sharan-2021",
      "--compare-with",
      "neftekumsk-2020",
      "--out",
      out,
      ...AS_OF,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const sharan = readResults(out);
    expect(sharan.methodology.preset).toBe("sharan-2021");
    expect(sharan.methodology.criteria?.filter((r) => r.number !== undefined)).toHaveLength(14);
    expect(run.stdout).toContain(
      "сейчас — МР Шаранский район, показатели 2021; для сравнения — Нефтекумский городской округ",
    );
    for (const list of ["lowResults", "adverseSocial"] as const) {
      const label = list === "lowResults" ? "ШНОР" : "ШНСУ";
      const now = listed(sharan, list);
      const other = listed(neftekumsk, list);
      expect(section(run.stdout, `Войдут в ${label}:`).sort()).toEqual(
        [...other].filter((id) => !now.has(id)).sort(),
      );
      expect(section(run.stdout, `Выйдут из ${label}:`).sort()).toEqual(
        [...now].filter((id) => !other.has(id)).sort(),
      );
    }
    // Every school entering ШНОР under the other method is shown with the criteria it meets, by number.
    const entering = section(run.stdout, "Войдут в ШНОР:");
    expect(entering.length + section(run.stdout, "Выйдут из ШНОР:").length).toBeGreaterThan(0);
    if (entering.length > 0) expect(run.stdout).toMatch(/по другой методике: ШНОР по критериям выявления/);
  });

  it("a non-empty «Критерии выявления» table beats the preset's, which stays named as the starting point", () => {
    const input = writeJson("own.json", withPreset({ preset: "sharan-2021", criteria: [OWN_ROW] }));
    const out = join(dir, "own-results.json");
    const run = shnor(["compute", "--input", input, "--out", out, ...AS_OF]);
    expect(run.code, run.stderr).toBe(0);
    const results = readResults(out);
    expect(results.methodology.preset).toBe("sharan-2021");
    expect(results.methodology.criteria).toEqual([
      { ...OWN_ROW, threshold: 0, years: 1, aggregate: "each", weight: 1 },
      { list: "lowResults", rule: "all" },
    ]);
    const first = results.schools.find((s) => s.categories.includes("lowResults"));
    expect(first?.reasons.map((r) => r.text)).toContainEqual(
      expect.stringMatching(
        /^7\.1\. Средняя отметка ОГЭ по математике ниже средней по территории: [\d,]+ при среднем/,
      ),
    );
  });

  it("refuses a dataset with a bad criteria row, naming the row and the field; nothing is written", () => {
    const input = writeJson(
      "bad.json",
      withPreset({ criteria: [OWN_ROW, { ...OWN_ROW, number: "7.2", threshold: 9 }] }),
    );
    const out = join(dir, "bad-results.json");
    const run = shnor(["compute", "--input", input, "--out", out, ...AS_OF]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "methodology.criteria[1].threshold: 9 — больше, чем возможный разброс значений",
    );
    expect(existsSync(out)).toBe(false);
  });

  it("--compare-with a criteria file: a bad one is refused with its rows named; without --out only the preview is written", () => {
    const input = writeJson("plain.json", sample);
    const badTable = writeJson("bad-table.json", { criteria: [{ ...OWN_ROW, comparison: "sideways" }] });
    const out = join(dir, "plain-results.json");
    const bad = shnor(["compute", "--input", input, "--compare-with", badTable, "--out", out, ...AS_OF]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("criteria[0].comparison");
    expect(existsSync(out)).toBe(false);

    // Without --out only the preview is written; results and preview cannot share standard output.
    const table = writeJson("table.json", [OWN_ROW]);
    const preview = shnor(["compute", "--input", input, "--compare-with", table, ...AS_OF]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(
      /^Сравнение методик за 2025\/2026: сейчас — Методика ШНОР-Монитора \(по умолчанию\); для сравнения — таблица критериев из «.*table\.json»/,
    );
    const both = shnor(["compute", "--input", input, "--compare-with", table, "--out", "-", ...AS_OF]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("--compare-with пишет сравнение в стандартный вывод");
  });
});
