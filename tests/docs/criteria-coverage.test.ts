// docs/methodology.md §15 kept true: every preset criterion the coverage table names exists in the code under that number, every preset criterion is in the table, every indicator it names is in the catalog.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CRITERIA_INDICATORS, PRESET_NAMES } from "../../functions/src/contract/criteria-vocabulary.js";
import { PRESET_TABLES } from "../../functions/src/domain/criteria-presets.js";

const doc = readFileSync(resolve(import.meta.dirname, "../../docs/methodology.md"), "utf8");
const start = doc.indexOf("\n## 15. ");
const end = doc.indexOf("\n## ", start + 1);
const section = doc.slice(start, end < 0 ? undefined : end);

interface Row {
  line: string;
  document: string;
  number: string;
  indicators: string[];
  preset: string;
  how: string;
}

const rows: Row[] = section
  .split("\n")
  .filter((line) => line.startsWith("| ") && !line.startsWith("| Документ") && !line.startsWith("| ---"))
  .map((line) => {
    const cells = line
      .slice(2, -2)
      .split(" | ")
      .map((c) => c.trim());
    return {
      line,
      document: cells[0] ?? "",
      number: cells[1] ?? "",
      indicators: [...(cells[3] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
      preset: cells[4] ?? "",
      how: cells[5] ?? "",
    };
  });

/** `neftekumsk-2020` 1.1 → ["neftekumsk-2020", "1.1"]; a bare preset name or «—» names no criterion. */
function presetCriterion(cell: string): [string, string] | null {
  const match = /^`([a-z0-9-]+)` (\S+)$/.exec(cell);
  return match ? [match[1] as string, match[2] as string] : null;
}

describe("the coverage table of docs/methodology.md §15", () => {
  it("has rows for each of the seed documents 000, 001, 003 and 004, each with six cells and an explanation", () => {
    expect(start).toBeGreaterThan(0);
    for (const seed of ["(000)", "(001)", "(003)", "(004)"])
      expect(
        rows.some((r) => r.document.endsWith(seed)),
        seed,
      ).toBe(true);
    for (const row of rows) {
      expect(row.line.slice(2, -2).split(" | "), row.line).toHaveLength(6);
      expect(row.how, row.line).not.toMatch(/^(—|-|)$/);
    }
  });

  it("names only preset criteria that exist in the code, with the indicator the code uses", () => {
    for (const row of rows) {
      const named = presetCriterion(row.preset);
      if (row.preset !== "—" && named === null)
        expect(PRESET_NAMES as readonly string[], row.line).toContain(row.preset.replace(/`/g, ""));
      if (named === null) continue;
      const [preset, number] = named;
      expect(PRESET_NAMES as readonly string[], row.line).toContain(preset);
      const criterion = PRESET_TABLES[preset as (typeof PRESET_NAMES)[number]].find(
        (c) => c.number === number,
      );
      expect(criterion, row.line).toBeDefined();
      expect(row.indicators, row.line).toEqual([criterion?.indicator]);
      expect(row.number, row.line).toBe(number);
    }
  });

  it("lists every criterion of every preset", () => {
    const listed = new Set(
      rows.flatMap((r) => {
        const named = presetCriterion(r.preset);
        return named ? [named.join(" ")] : [];
      }),
    );
    for (const preset of PRESET_NAMES) {
      for (const row of PRESET_TABLES[preset]) {
        if (row.number !== undefined)
          expect(listed, `${preset} ${row.number}`).toContain(`${preset} ${row.number}`);
      }
    }
  });

  it("names only indicators of the catalog", () => {
    for (const row of rows) {
      for (const indicator of row.indicators)
        expect(Object.keys(CRITERIA_INDICATORS), row.line).toContain(indicator);
    }
  });
});
