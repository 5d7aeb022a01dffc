// The import template: written from a dataset and read back it gives the same facts; cells are read as form answers are.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INSTRUCTIONS_SHEET } from "../../functions/src/catalog/template-layout.js";
import type { Dataset, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { importFile } from "../../functions/src/import/import-file.js";
import { describeImportIssue } from "../../functions/src/import/import-issue.js";
import { mergeImport } from "../../functions/src/import/merge-import.js";
import { templateTables, writeTemplateXlsx } from "../../functions/src/import/template-writer.js";
import { openXlsx } from "../../functions/src/import/xlsx-rows.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { xlsxBytes } from "./support/import-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "shnor-template-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sample = generateSampleTerritory({ schools: 24, years: 3, seed: 2026 });

/** A fact with its per-subject lists in key order: the template groups answers by form, not as the generator wrote them. */
function canonical(fact: SchoolYearFacts): unknown {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value))
      return value.map(sortKeys).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    if (value !== null && typeof value === "object")
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, sortKeys(v)]),
      );
    return value;
  };
  return sortKeys(fact);
}

async function roundTrip(dataset: Dataset) {
  const path = join(dir, "template.xlsx");
  await writeTemplateXlsx(dataset, path);
  return importFile(readFileSync(path), "template.xlsx", { format: "auto", schools: dataset.schools });
}

describe("the import template", () => {
  it("gives the sample territory's facts back, and the same results", async () => {
    const outcome = await roundTrip(sample);
    if (!outcome.success) throw new Error(outcome.error.issues.map(describeImportIssue).join("\n"));
    expect(outcome.data.format).toBe("template");
    const empty: Dataset = { ...sample, facts: [] };
    const merged = mergeImport(empty, outcome.data).dataset;
    expect(
      merged.facts.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual(sample.facts.map(canonical).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
    const checked = parseDataset(merged);
    const original = parseDataset(sample);
    if (!checked.success || !original.success) throw new Error("dataset refused");
    expect(JSON.stringify(computeResults(checked.data.dataset, checked.data.settings))).toBe(
      JSON.stringify(computeResults(original.data.dataset, original.data.settings)),
    );
    expect(outcome.data.schools.unmatched).toEqual([]);
  });

  it("changes nothing when imported into the dataset it was written from", async () => {
    const outcome = await roundTrip(sample);
    if (!outcome.success) throw new Error("refused");
    const merged = mergeImport(sample, outcome.data);
    expect(merged.changed).toBe(0);
    expect(JSON.stringify(merged.dataset)).toBe(JSON.stringify(sample));
  });

  it("carries the self-diagnosis tally whole and does not add it up twice", async () => {
    const withTally: Dataset = {
      ...sample,
      facts: sample.facts.map((f, i) =>
        i === 0
          ? { ...f, selfDiagnosis: { respondents: 12, deficits: { assessment: 5, motivation: 2 } } }
          : f,
      ),
    };
    const outcome = await roundTrip(withTally);
    if (!outcome.success) throw new Error(outcome.error.issues.map(describeImportIssue).join("\n"));
    const once = mergeImport(withTally, outcome.data);
    expect(once.changed).toBe(0);
    expect(once.dataset.facts[0]?.selfDiagnosis).toEqual({
      respondents: 12,
      deficits: { assessment: 5, motivation: 2 },
    });
  });

  it("has a «Как заполнять» sheet first and a sheet per form with the questions as headers", async () => {
    const path = join(dir, "empty.xlsx");
    await writeTemplateXlsx(undefined, path);
    const workbook = await openXlsx(readFileSync(path));
    expect(workbook.sheets[0]).toBe(INSTRUCTIONS_SHEET);
    expect(workbook.sheets.slice(1)).toEqual(templateTables().map((t) => t.name));
    for (const table of templateTables()) {
      expect(table.columns.slice(0, 2).map((c) => c.header)).toEqual(["Школа", "Учебный год"]);
      expect(new Set(table.columns.map((c) => c.header)).size).toBe(table.columns.length);
      expect(table.name.length).toBeLessThanOrEqual(31);
    }
  });

  it("reads cells as people type them and refuses a wrong one with its column and the form's message", async () => {
    const bytes = await xlsxBytes({
      Кадры: [
        ["Учебный год", "Число учителей", "Школа", "Учителя моложе 35 лет", "Заметки координатора"],
        ["2024-2025", "41", "МБОУ «Лицей № 1 г. Образцовска» [lyceum-1]", " 7 ", "позвонить"],
        ["2024/2025", 30, "gymnasium-3", 31, ""],
      ],
    });
    const outcome = await importFile(bytes, "t.xlsx", { format: "auto", schools: sample.schools });
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(outcome.error.issues.map(describeImportIssue)).toEqual([
      "лист «Кадры», строка 3, столбец «Учителя моложе 35 лет»: «Учителя моложе 35 лет» (staff.under35): 31 — больше, чем учителей (30)",
    ]);
  });

  it("lists rows of schools that are not in the registry and applies the others", async () => {
    const bytes = await xlsxBytes({
      Кадры: [
        ["Школа", "Учебный год", "Число учителей"],
        ["МБОУ «Гимназия № 3» [gymnasium-3]", "2024/2025", 50],
        ["МБОУ «Гимназия № 33» [gymnasium-33]", "2024/2025", 40],
      ],
    });
    const outcome = await importFile(bytes, "t.xlsx", { format: "template", schools: sample.schools });
    if (!outcome.success) throw new Error(outcome.error.issues.map(describeImportIssue).join("\n"));
    expect(outcome.data.facts).toEqual([
      { schoolId: "gymnasium-3", year: "2024/2025", staff: { teachers: 50 } },
    ]);
    expect(outcome.data.schools.unmatched[0]?.fileName).toBe("МБОУ «Гимназия № 33»");
    expect(outcome.data.schools.unmatched[0]?.suggestions[0]?.schoolId).toBe("gymnasium-3");
  });
});
