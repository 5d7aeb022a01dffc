// The workbook model of the output tabs: what each tab lists, in which order, with which labels and colours.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATEGORY_LABELS, SUMMARY_LABELS } from "../../functions/src/contract/labels.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { type Results, ResultsSchema } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";
import { CATEGORY_FILLS } from "../../functions/src/sheets/category-fills.js";
import {
  type CellValue,
  chartDataRanges,
  layoutTab,
  type Tab,
  type TabName,
  workbookProblems,
} from "../../functions/src/sheets/workbook-model.js";
import { ordinarySchools, territory } from "../domain/territory-fixture.js";
import {
  ADVERSE_SOCIAL_REASON,
  DATASET,
  LOW_RESULTS_REASON,
  LOW_RESULTS_REASON_2,
  OBJECTIVITY_REASON,
  RESULTS,
} from "./workbook-fixture.js";

function tab(name: TabName, results: Results = RESULTS): Tab {
  const found = buildWorkbook(results, DATASET).tabs.find((t) => t.name === name);
  if (!found) throw new Error(`no tab ${name}`);
  return found;
}

/** The rows of a table as records keyed by column key, as a reader of the tab would pick cells by header. */
function records(columns: Tab["columns"], rows: CellValue[][]): Record<string, CellValue>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c.key, row[i] ?? null])));
}

describe("buildWorkbook", () => {
  it("starts from a fixture that is valid Results v1", () => {
    expect(ResultsSchema.safeParse(RESULTS).success).toBe(true);
  });

  it("makes the output tabs of docs/design.md §5 in order, each with a frozen header", () => {
    const workbook = buildWorkbook(RESULTS, DATASET);
    expect(workbook.title).toBe("ШНОР-Монитор: Берёзовский муниципальный район, 2025/2026 учебный год");
    expect(workbook.tabs.map((t) => t.name)).toEqual([
      "Сводка",
      "Индексы",
      "ШНОР и ШНСУ",
      "Наставники",
      "Рекомендации",
      "Критерии результативности",
      "Дорожная карта: статус",
    ]);
    for (const t of workbook.tabs) {
      expect(t.kind).toBe("output");
      expect(t.frozenRows).toBe(1);
    }
    expect(workbookProblems(workbook)).toEqual([]);
  });

  describe("«Сводка»", () => {
    it("lists the territory, every KPI with its Russian label in the labels' order, and the methodology version", () => {
      const summary = tab("Сводка");
      expect(summary.columns.map((c) => c.header)).toEqual(["Показатель", "Значение"]);
      expect(summary.rows).toEqual([
        ["Территория", "Берёзовский муниципальный район"],
        [SUMMARY_LABELS.year, "2025/2026"],
        [SUMMARY_LABELS.schools, 6],
        [SUMMARY_LABELS.schoolsWithResults, 5],
        [SUMMARY_LABELS.lowResults, 1],
        [SUMMARY_LABELS.adverseSocial, 2],
        [SUMMARY_LABELS.bothLists, 1],
        [SUMMARY_LABELS.resilient, 1],
        [SUMMARY_LABELS.leader, 1],
        [SUMMARY_LABELS.watch, 1],
        [SUMMARY_LABELS.objectivitySuspicious, 1],
        [SUMMARY_LABELS.lowConfidence, 1],
        [SUMMARY_LABELS.enteredLowResults, 1],
        [SUMMARY_LABELS.exitedLowResults, 1],
        [SUMMARY_LABELS.enteredAdverseSocial, "нет данных за прошлый год"],
        [SUMMARY_LABELS.exitedAdverseSocial, 0],
        ["Версия методики", "2026.1"],
      ]);
    });

    it("names the schools that entered and left the lists, entered first", () => {
      const section = tab("Сводка").sections?.find((s) => s.key === "listChanges");
      expect(section?.rows).toEqual([
        ["МБОУ СОШ № 1", "Вошла в ШНОР/ШНСУ", "ШНОР, ШНСУ"],
        ["МБОУ СОШ № 6", "Вышла из ШНОР/ШНСУ", ""],
      ]);
    });

    it("plots ИСБ against the results index of every school that has both, beside the tables", () => {
      const summary = tab("Сводка");
      const [chart] = summary.charts ?? [];
      if (!chart) throw new Error("no chart");
      expect(chart).toMatchObject({
        kind: "scatter",
        xAxisTitle: "Индекс социального благополучия (ИСБ)",
        yAxisTitle: "Индекс образовательных результатов",
      });
      const data = summary.sections?.find((s) => s.key === chart.section);
      if (!data) throw new Error("no chart data");
      const plotted = records(data.columns, data.rows);
      expect(plotted.map((r) => r.name)).toEqual([
        "МАОУ Гимназия № 2",
        "МБОУ Лицей № 4",
        "МБОУ СОШ № 1",
        "МБОУ СОШ № 3",
        "МБОУ СОШ № 6",
      ]);
      expect(plotted[2]).toMatchObject({ socialIndex: 8.3, resultsIndex: 12.04 });

      const ranges = chartDataRanges(summary, chart);
      const layout = layoutTab(summary).find((l) => l.section === chart.section);
      expect(ranges?.x).toEqual({
        startRowIndex: layout?.firstDataRow,
        endRowIndex: (layout?.firstDataRow ?? 0) + 5,
        startColumnIndex: 2,
        endColumnIndex: 3,
      });
      const widest = Math.max(...layoutTab(summary).map((l) => l.columnCount));
      expect(chart.anchor.column).toBeGreaterThan(widest - 1);
    });
  });

  describe("«Индексы»", () => {
    it("shows every school by rank, the school without a results index last", () => {
      const indices = tab("Индексы");
      expect(indices.columns.map((c) => c.header)).toEqual([
        "Школа",
        "Код школы",
        "Кластер",
        "ИСБ",
        "Индекс результатов",
        "Контекстный результат",
        "Место",
        "Малые выборки",
        "Категории",
        "Признаки необъективности ВПР",
        "Основания (объективность ВПР)",
      ]);
      const rows = records(indices.columns, indices.rows);
      expect(rows.map((r) => [r.schoolId, r.rank])).toEqual([
        ["s2", 1],
        ["s4", 2],
        ["s6", 3],
        ["s3", 4],
        ["s1", 5],
        ["s5", null],
      ]);
      expect(rows[4]).toMatchObject({
        name: "МБОУ СОШ № 1",
        cluster: "Низкий ИСБ",
        socialIndex: 8.3,
        resultsIndex: 12.04,
        contextualResult: -15.2,
        categories: "ШНОР, ШНСУ",
        objectivitySuspicious: "нет",
      });
      expect(rows[3]).toMatchObject({
        lowConfidence: "индекс результатов",
        objectivitySuspicious: "да",
        objectivityReasons: OBJECTIVITY_REASON,
      });
      expect(rows[5]).toMatchObject({ resultsIndex: null, lowConfidence: "ИСБ", categories: "ШНСУ" });
      expect(indices.columns.find((c) => c.key === "socialIndex")?.format).toBe("decimal1");
      expect(indices.columns.find((c) => c.key === "rank")?.format).toBe("integer");
    });

    it("colours a row by the most pressing category: ШНОР over ШНСУ, none for an unlisted school", () => {
      const indices = tab("Индексы");
      const fillOf = (id: string) => indices.rowFills?.[indices.rows.findIndex((r) => r[1] === id)];
      expect(fillOf("s1")).toBe(CATEGORY_FILLS.lowResults);
      expect(fillOf("s5")).toBe(CATEGORY_FILLS.adverseSocial);
      expect(fillOf("s3")).toBe(CATEGORY_FILLS.watch);
      expect(fillOf("s2")).toBe(CATEGORY_FILLS.leader);
      expect(fillOf("s6")).toBeNull();
    });

    it("orders schools of equal rank by name, numbers as numbers", () => {
      const tied: Results = {
        ...RESULTS,
        schools: RESULTS.schools.map((s) => (s.schoolId === "s6" ? { ...s, rank: 2 } : s)),
      };
      const dataset = {
        ...DATASET,
        schools: DATASET.schools.map((s) => (s.id === "s4" ? { ...s, name: "МБОУ СОШ № 10" } : s)),
      };
      const indices = buildWorkbook(tied, dataset).tabs.find((t) => t.name === "Индексы");
      expect(indices?.rows.slice(1, 3).map((r) => r[0])).toEqual(["МБОУ СОШ № 6", "МБОУ СОШ № 10"]);
    });
  });

  describe("«ШНОР и ШНСУ»", () => {
    it("gives each listed school one row per category, ШНОР first, with that category's reasons only", () => {
      const lists = tab("ШНОР и ШНСУ");
      const rows = records(lists.columns, lists.rows);
      expect(rows.map((r) => [r.schoolId, r.category])).toEqual([
        ["s1", CATEGORY_LABELS.lowResults],
        ["s1", CATEGORY_LABELS.adverseSocial],
        ["s5", CATEGORY_LABELS.adverseSocial],
        ["s3", CATEGORY_LABELS.watch],
        ["s4", CATEGORY_LABELS.resilient],
        ["s2", CATEGORY_LABELS.leader],
      ]);
      expect(rows[0]).toMatchObject({
        name: "МБОУ СОШ № 1",
        reasons: `${LOW_RESULTS_REASON}\n${LOW_RESULTS_REASON_2}`,
        change: "Вошла в ШНОР/ШНСУ в этом году",
        otherCategories: "ШНСУ",
      });
      expect(rows[1]).toMatchObject({ reasons: ADVERSE_SOCIAL_REASON, otherCategories: "ШНОР" });
      expect(rows[2]).toMatchObject({ change: "Была в ШНОР/ШНСУ и в прошлом году" });
      expect(rows[3]).toMatchObject({ change: "" });
      expect(lists.rowFills).toEqual([
        CATEGORY_FILLS.lowResults,
        CATEGORY_FILLS.adverseSocial,
        CATEGORY_FILLS.adverseSocial,
        CATEGORY_FILLS.watch,
        CATEGORY_FILLS.resilient,
        CATEGORY_FILLS.leader,
      ]);
      expect(lists.columns.find((c) => c.key === "reasons")?.wrap).toBe(true);
    });

    it("says when last year has no data instead of leaving the change of a listed school blank", () => {
      const firstYear: Results = {
        ...RESULTS,
        schools: RESULTS.schools.map((s) => ({ ...s, change: null })),
      };
      const lists = tab("ШНОР и ШНСУ", firstYear);
      const rows = records(lists.columns, lists.rows);
      expect(rows[0]?.change).toBe("нет данных за прошлый год");
      expect(rows.find((r) => r.schoolId === "s2")?.change).toBe("");
    });
  });

  it("is the same workbook whatever the order of schools in the results and the registry", () => {
    const expected = buildWorkbook(RESULTS, DATASET);
    const n = RESULTS.schools.length;
    fc.assert(
      fc.property(
        fc.shuffledSubarray(RESULTS.schools, { minLength: n, maxLength: n }),
        fc.shuffledSubarray(DATASET.schools, { minLength: n, maxLength: n }),
        (schools, registry) => {
          const workbook = buildWorkbook({ ...RESULTS, schools }, { ...DATASET, schools: registry });
          expect(workbook).toEqual(expected);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("renders the results the core computes for a 20-school territory", () => {
    const parsed = parseDataset(structuredClone(territory(ordinarySchools(20))));
    if (!parsed.success) throw new Error("fixture dataset is invalid");
    const outcome = computeResults(parsed.data.dataset, parsed.data.settings);
    if (!outcome.success) throw new Error(outcome.error.message);
    const workbook = buildWorkbook(outcome.data, parsed.data.dataset);
    expect(workbookProblems(workbook)).toEqual([]);
    const indices = workbook.tabs.find((t) => t.name === "Индексы");
    expect(indices?.rows).toHaveLength(20);
    const listed = outcome.data.schools.reduce((sum, s) => sum + s.categories.length, 0);
    expect(workbook.tabs.find((t) => t.name === "ШНОР и ШНСУ")?.rows).toHaveLength(listed);
  });
});
