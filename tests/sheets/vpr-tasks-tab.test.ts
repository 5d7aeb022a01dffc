// «Задания ВПР» as a coordinator reads it: each school's papers with their weak tasks, the territory's tasks, in both writers and within the Sheets request size.
import type { sheets_v4 } from "@googleapis/sheets";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset, VprTasks } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { withSampleTaskRecords } from "../../functions/src/sample/vpr-task-records.js";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";
import { createSheetsClient, staticTokenAuth } from "../../functions/src/sheets/google/sheets-client.js";
import { publishWorkbook } from "../../functions/src/sheets/google-sheets-writer.js";
import { hexToArgb, type Tab, workbookProblems } from "../../functions/src/sheets/workbook-model.js";
import { renderXlsxBuffer } from "../../functions/src/sheets/xlsx-writer.js";
import { ordinarySchools, territory } from "../domain/territory-fixture.js";
import { type FakeSheetsServer, startFakeSheetsServer } from "../support/fake-sheets-server.js";
import { DATASET, RESULTS } from "./workbook-fixture.js";

const TAB = "Задания ВПР";

function tabOf(tabs: readonly Tab[]): Tab {
  const found = tabs.find((t) => t.name === TAB);
  if (!found) throw new Error(`no «${TAB}»`);
  return found;
}

/** Russian grade 5 at school x: 5 and 9.1 basic and weak, 7 on the border, 11 advanced and weak. */
const RUSSIAN_5: VprTasks = {
  grade: 5,
  subject: "russian",
  participants: 50,
  maxScore: 11,
  tasks: [
    { id: "1", level: "basic", maxPoints: 2, points: 80 },
    { id: "5", level: "basic", maxPoints: 2, points: 31 },
    { id: "7", level: "basic", maxPoints: 1, points: 29 },
    { id: "9.1", level: "basic", maxPoints: 1, points: 20 },
    { id: "11", level: "advanced", maxPoints: 3, points: 18 },
    { id: "12", level: "advanced", maxPoints: 2, points: 30 },
  ],
};
/** History grade 6 at school s10: outside the index, every basic task at 60% and more. */
const HISTORY_6: VprTasks = {
  grade: 6,
  subject: "history",
  participants: 20,
  maxScore: 3,
  tasks: [
    { id: "1", level: "basic", maxPoints: 1, points: 12 },
    { id: "2", level: "basic", maxPoints: 2, points: 30 },
  ],
};

function computed(): { results: Results; dataset: Dataset } {
  const dataset = territory([
    ...ordinarySchools(20),
    { id: "x", conditions: 0.5, results: [0.4, 0.08, 0.05] },
  ]);
  const current = (id: string) => {
    const fact = dataset.facts.find((f) => f.schoolId === id && f.year === "2025/2026");
    if (!fact) throw new Error(`no ${id}`);
    return fact;
  };
  current("x").vpr?.push({
    grade: 5,
    subject: "russian",
    participants: 50,
    grades: { "2": 15, "3": 20, "4": 12, "5": 3 },
  });
  current("x").vprTasks = [RUSSIAN_5, HISTORY_6];
  current("s10").vprTasks = [HISTORY_6];
  const parsed = parseDataset(dataset);
  if (!parsed.success) throw new Error("dataset refused");
  const outcome = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!outcome.success) throw new Error(outcome.error.message);
  return { results: outcome.data, dataset: parsed.data.dataset };
}

describe("«Задания ВПР»", () => {
  const { results, dataset } = computed();
  const workbook = buildWorkbook(results, dataset);
  const tab = tabOf(workbook.tabs);

  it("comes after «Дорожная карта: статус» once the year has task results, and is renderable", () => {
    expect(workbook.tabs.map((t) => t.name).slice(-2)).toEqual(["Дорожная карта: статус", TAB]);
    expect(workbookProblems(workbook)).toEqual([]);
  });

  it("has a row per school and paper, naming the weak tasks weakest first and every task's rate", () => {
    expect(tab.columns.map((c) => c.header)).toEqual([
      "Школа",
      "Категории",
      "Класс",
      "Предмет",
      "В индексе",
      "Участников",
      "Базовые задания, % выполнения",
      "Повышенные задания, % выполнения",
      "Базовые задания: оценка",
      "Недостаточно выполнены: базовые",
      "На границе: базовые",
      "Недостаточно выполнены: повышенные",
      "Все задания, % выполнения",
    ]);
    expect(tab.rows).toEqual([
      ["Школа s10", "", 6, "история", "нет", 20, 0.7, null, "достаточно", "", "", "", "1 — 60%; 2 — 75%"],
      [
        "Школа x",
        "ШНОР",
        5,
        "русский язык",
        "да",
        50,
        0.533,
        0.192,
        "недостаточно",
        "5 — 31%; 9.1 — 40%",
        "7 — 58%",
        "11 — 12%",
        "1 — 80%; 5 — 31%; 7 — 58%; 9.1 — 40%; 11 (П) — 12%; 12 (П) — 30%",
      ],
      ["Школа x", "ШНОР", 6, "история", "нет", 20, 0.7, null, "достаточно", "", "", "", "1 — 60%; 2 — 75%"],
    ]);
    expect(tab.fillColumn).toBe("verdict");
    expect(tab.rowFills).toEqual(["#D9EAD3", "#F4CCCC", "#D9EAD3"]);
  });

  it("lists every task over the territory with the schools that did it insufficiently", () => {
    const section = tab.sections?.[0];
    expect(section?.columns.map((c) => c.header)).toEqual([
      "Класс",
      "Предмет",
      "Задание",
      "Уровень",
      "Макс. балл",
      "Школ",
      "% выполнения",
      "Оценка",
      "Школ с недостаточным выполнением",
    ]);
    expect(section?.rows.slice(0, 2)).toEqual([
      [5, "русский язык", "1", "базовый", 2, 1, 0.8, "достаточно", 0],
      [5, "русский язык", "5", "базовый", 2, 1, 0.31, "недостаточно", 1],
    ]);
    // History was written by two schools, 20 participants each: (12 + 12) / 40.
    expect(section?.rows.at(-2)).toEqual([6, "история", "1", "базовый", 1, 2, 0.6, "достаточно", 0]);
  });

  it("is left out of a CLI workbook without task results, but always published by the functions", () => {
    expect(buildWorkbook(RESULTS, DATASET).tabs.some((t) => t.name === TAB)).toBe(false);
    // A territory whose Ф1 files were all undone sees the tab emptied, not the old rows.
    const published = tabOf(buildWorkbook(RESULTS, DATASET, { rejected: [], imports: [] }).tabs);
    expect(published.rows).toEqual([]);
    expect(published.sections?.[0]?.rows).toEqual([]);
  });

  it("is written to .xlsx with its rows and colours", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderXlsxBuffer(workbook)) as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet(TAB);
    if (!sheet) throw new Error(`no worksheet ${TAB}`);
    expect(sheet.getCell(3, 1).value).toBe("Школа x");
    expect(sheet.getCell(3, 10).value).toBe("5 — 31%; 9.1 — 40%");
    expect(sheet.getCell(3, 7).numFmt).toBe("0.0%");
    expect((sheet.getCell(3, 1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe(hexToArgb("#F4CCCC"));
  });
});

describe("«Задания ВПР» of 2,000 schools through the real Sheets client", () => {
  let server: FakeSheetsServer;
  let client: sheets_v4.Sheets;
  let tab: Tab;
  let outcome: Awaited<ReturnType<typeof publishWorkbook>>;

  beforeAll(async () => {
    server = await startFakeSheetsServer();
    client = createSheetsClient({ auth: staticTokenAuth("test-token"), rootUrl: server.rootUrl });
    // The sample's four papers (grades 5 and 8, Russian and mathematics) at every school that wrote them.
    const generated = generateSampleTerritory({ schools: 2_000, years: 3, seed: 2026 });
    generated.facts = withSampleTaskRecords(generated.facts, 2026);
    const parsed = parseDataset(generated);
    if (!parsed.success) throw new Error("sample refused");
    const computedResults = computeResults(parsed.data.dataset, parsed.data.settings);
    if (!computedResults.success) throw new Error(computedResults.error.message);
    tab = tabOf(buildWorkbook(computedResults.data, parsed.data.dataset).tabs);
    server.addSpreadsheet("tasks", ["Лист1"]);
    outcome = await publishWorkbook(
      client,
      "tasks",
      { title: "", tabs: [tab] },
      { effects: { sleep: async () => {}, random: () => 0.5 } },
    );
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it("takes at most 5 requests of at most 2 MiB each, and shows every row", () => {
    expect(tab.rows.length).toBeGreaterThan(7_000);
    expect(outcome.success).toBe(true);
    const writes = server.writes();
    expect(writes.length).toBeLessThanOrEqual(5);
    for (const write of writes) {
      expect(write.status).toBe(200);
      expect(write.bodyBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    }
    const shown = server.values("tasks", TAB);
    expect(shown[0]?.[0]).toBe("Школа");
    expect(shown[tab.rows.length]?.[12]).toBe(tab.rows.at(-1)?.[12]);
  });
});
