// Where a coordinator sees which criteria made the lists: «Сводка» and the territory report name the table and the preset, and say nothing for the default method.
import { describe, expect, it } from "vitest";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { reportContext } from "../../functions/src/report/report-context.js";
import { territoryPage } from "../../functions/src/report/territory-page.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";

const sample = generateSampleTerritory({ schools: 24, years: 3, seed: 7 });

function compute(methodology?: Record<string, unknown>): Results {
  const parsed = parseDataset(methodology ? { ...sample, methodology } : sample);
  if (!parsed.success) throw new Error("bad dataset");
  const computed = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!computed.success) throw new Error(computed.error.message);
  return computed.data;
}

function summaryRow(results: Results): unknown[] | undefined {
  const summary = buildWorkbook(results, sample).tabs.find((t) => t.name === "Сводка");
  return summary?.rows.find((row) => row[0] === "Критерии выявления");
}

describe("the criteria in force, where coordinators read results", () => {
  it("«Сводка» and the report name the preset's table", () => {
    const results = compute({ preset: "sharan-2021" });
    expect(summaryRow(results)).toEqual([
      "Критерии выявления",
      "таблица критериев: 14; пресет — МР Шаранский район, показатели 2021",
    ]);
    expect(territoryPage(reportContext(results, sample))).toContain(
      "списки по таблице критериев выявления (14), пресет — МР Шаранский район, показатели 2021",
    );
  });

  it("say nothing of criteria for the default method", () => {
    const results = compute();
    expect(summaryRow(results)).toBeUndefined();
    expect(territoryPage(reportContext(results, sample))).not.toContain("критериев выявления");
  });
});
