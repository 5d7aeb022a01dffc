// Issue 11 §5: no participant's code or name reaches the merged dataset, the results, or what the command prints.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { giaFileRows } from "../../functions/src/sample/gia-files.js";
import { generateSampleTerritory, planSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { writeCsvTable, writeXlsxTable } from "../../functions/src/sample/table-files.js";
import { f1FileRows, SAMPLE_PAPERS, type SampleCell } from "../../functions/src/sample/vpr-f1-files.js";

const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "functions", "src", "cli", "main.ts");
const dir = mkdtempSync(join(tmpdir(), "shnor-privacy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shnor(args: string[]) {
  const run = spawnSync(tsx, [main, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Replaces each participant code with a code no other figure can contain by chance, and remembers codes and names. */
function marked(
  rows: Iterable<SampleCell[]>,
  codeColumn: string,
  nameColumn: string,
  secrets: Set<string>,
): SampleCell[][] {
  const out: SampleCell[][] = [];
  let codeAt = -1;
  let nameAt = -1;
  let n = 0;
  for (const row of rows) {
    if (codeAt < 0 && row.includes(codeColumn)) {
      codeAt = row.indexOf(codeColumn);
      nameAt = row.indexOf(nameColumn);
      out.push(row);
      continue;
    }
    if (codeAt >= 0 && row[codeAt] !== null) {
      const code = `ЛИЧН-${String(++n).padStart(6, "0")}-КОД`;
      secrets.add(code);
      secrets.add(String(row[nameAt]));
      out.push(row.map((cell, i) => (i === codeAt ? code : cell)));
    } else out.push(row);
  }
  return out;
}

describe("privacy of per-participant files", () => {
  it("keeps no participant code or name anywhere after a Ф1 and a ГИА import", async () => {
    const options = { schools: 24, years: 3, seed: 2026 };
    const dataset = generateSampleTerritory(options);
    const plan = planSampleTerritory(options);
    const facts = [...plan.facts()].filter((f) => f.year === "2025/2026");
    const secrets = new Set<string>();
    const f1 = join(dir, "f1.xlsx");
    await writeXlsxTable(
      f1,
      "Ф1",
      marked(
        f1FileRows(plan.head, facts, "2025/2026", SAMPLE_PAPERS[1] as (typeof SAMPLE_PAPERS)[number], 1),
        "Код участника",
        "ФИО",
        secrets,
      ),
    );
    const gia = join(dir, "gia.csv");
    await writeCsvTable(
      gia,
      marked(giaFileRows(plan.head, facts, "2025/2026", "oge", 1), "Код участника", "ФИО", secrets),
    );
    expect(secrets.size).toBeGreaterThan(2000);
    const input = join(dir, "dataset.json");
    writeFileSync(input, JSON.stringify(dataset));

    const first = shnor(["import", "--into", input, "--file", f1, "--out", join(dir, "m1.json")]);
    const second = shnor([
      "import",
      "--into",
      join(dir, "m1.json"),
      "--file",
      gia,
      "--out",
      join(dir, "m2.json"),
    ]);
    const results = shnor(["compute", "--input", join(dir, "m2.json"), "--out", join(dir, "results.json")]);
    expect([first.code, second.code, results.code]).toEqual([0, 0, 0]);
    // The files were really taken: the merged dataset has the task results the Ф1 gave.
    expect(readFileSync(join(dir, "m2.json"), "utf8")).toContain('"vprTasks"');

    const everything = [
      readFileSync(join(dir, "m1.json"), "utf8"),
      readFileSync(join(dir, "m2.json"), "utf8"),
      readFileSync(join(dir, "results.json"), "utf8"),
      first.stdout,
      first.stderr,
      second.stdout,
      second.stderr,
      results.stdout,
      results.stderr,
    ].join("\n");
    const leaked = [...secrets].filter((secret) => everything.includes(secret));
    expect(leaked).toEqual([]);
  });
});
