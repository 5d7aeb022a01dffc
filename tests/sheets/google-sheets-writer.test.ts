// The Google Sheets writer through the real @googleapis/sheets client against a local endpoint: the requests it sends.
import type { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";
import type { BackoffEffects } from "../../functions/src/sheets/google/backoff.js";
import {
  PROTECTION_DESCRIPTION,
  SPREADSHEET_FIELDS,
} from "../../functions/src/sheets/google/batch-requests.js";
import { createSheetsClient, staticTokenAuth } from "../../functions/src/sheets/google/sheets-client.js";
import {
  type BudgetDecision,
  MemoryWriteBudget,
  type WriteBudget,
} from "../../functions/src/sheets/google/write-budget.js";
import { publishWorkbook } from "../../functions/src/sheets/google-sheets-writer.js";
import { chartDataRanges, type Tab, type Workbook } from "../../functions/src/sheets/workbook-model.js";
import {
  type FakeSheetsServer,
  type RecordedRequest,
  startFakeSheetsServer,
} from "../support/fake-sheets-server.js";
import { DATASET, RESULTS } from "./workbook-fixture.js";

/** The output tabs the workbook builds, in order (the CLI workbook has no «Ошибки»). */
const OUTPUT_TABS: string[] = [
  "Сводка",
  "Индексы",
  "ШНОР и ШНСУ",
  "Наставники",
  "Рекомендации",
  "Критерии результативности",
  "Дорожная карта: статус",
];

type Request = sheets_v4.Schema$Request;

const SERVICE_ACCOUNT = "shnor-functions@shnor-test.iam.gserviceaccount.com";

/** A coordinator input tab, as the writer would create it in an empty spreadsheet. */
const SETTINGS_TAB: Tab = {
  name: "Настройки",
  kind: "input",
  columns: [
    { key: "key", header: "Параметр", format: "text", width: 30 },
    { key: "value", header: "Значение", format: "decimal2", note: "Число с запятой: 0,2" },
    { key: "enabled", header: "Учитывать", format: "boolean" },
  ],
  rows: [
    ["Доля нижних школ кластера", 0.2, true],
    ['=IMPORTRANGE("x")', null, false],
  ],
  frozenRows: 1,
};

const SCHOOLS_TAB: Tab = {
  name: "Школы",
  kind: "input",
  columns: [{ key: "id", header: "Код школы", format: "text" }],
  rows: [["s1"]],
  frozenRows: 1,
};

function workbook(): Workbook {
  const built = buildWorkbook(RESULTS, DATASET);
  return { ...built, tabs: [...built.tabs, SCHOOLS_TAB, SETTINGS_TAB] };
}

let server: FakeSheetsServer;
let client: sheets_v4.Sheets;

beforeAll(async () => {
  server = await startFakeSheetsServer();
  client = createSheetsClient({ auth: staticTokenAuth("test-token"), rootUrl: server.rootUrl });
});

afterAll(async () => {
  await server.close();
});

/** Backoff effects that record the delays instead of waiting. */
function noWait(): BackoffEffects & { slept: number[] } {
  const slept: number[] = [];
  return { slept, sleep: async (ms) => void slept.push(ms), random: () => 0.5 };
}

let counter = 0;
/** A fresh spreadsheet with the tabs a new coordinator sheet has: the default one and the registry. */
function freshSpreadsheet(): string {
  counter += 1;
  const id = `sheet-${counter}`;
  server.addSpreadsheet(id, ["Лист1", "Школы"]);
  server.requests.length = 0;
  return id;
}

function batchOf(request: RecordedRequest | undefined): Request[] {
  return ((request?.body as { requests?: Request[] } | null)?.requests ?? []) as Request[];
}

function sheetIdOf(spreadsheetId: string, title: string): number {
  const sheet = server.spreadsheets.get(spreadsheetId)?.sheets.find((s) => s.properties.title === title);
  if (!sheet) throw new Error(`no tab ${title}`);
  return sheet.properties.sheetId;
}

/** Requests of a batch that touch a sheet id (anywhere in their body). */
function touching(requests: Request[], sheetId: number): Request[] {
  return requests.filter((r) => JSON.stringify(r).includes(`"sheetId":${sheetId}`));
}

function cellsWritten(requests: Request[], sheetId: number): sheets_v4.Schema$RowData[] {
  const update = requests.find((r) => r.updateCells?.range?.sheetId === sheetId)?.updateCells;
  return update?.rows ?? [];
}

function text(row: sheets_v4.Schema$RowData | undefined): (string | number | null)[] {
  return (row?.values ?? []).map(
    (c) => c.userEnteredValue?.stringValue ?? c.userEnteredValue?.numberValue ?? null,
  );
}

describe("Google Sheets writer", () => {
  it("publishes a small workbook with one read and exactly one batchUpdate that builds every output tab", async () => {
    const spreadsheetId = freshSpreadsheet();
    const effects = noWait();
    const model = workbook();
    const outcome = await publishWorkbook(client, spreadsheetId, model, {
      editorEmail: SERVICE_ACCOUNT,
      effects,
    });

    expect(outcome).toMatchObject({
      success: true,
      data: { writes: 1, addedTabs: [...OUTPUT_TABS, "Настройки"] },
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v4/spreadsheets/${spreadsheetId}`,
      `POST /v4/spreadsheets/${spreadsheetId}:batchUpdate`,
    ]);
    const [read, write] = server.requests;
    expect(read?.query.fields).toBe(SPREADSHEET_FIELDS);
    expect(read?.query.includeGridData).toBeUndefined();
    expect(write?.authorization).toBe("Bearer test-token");
    expect(effects.slept).toEqual([]);

    const requests = batchOf(write);
    // New tabs are added in order, each before any request that uses its id.
    const added = requests.flatMap((r) => (r.addSheet ? [r.addSheet.properties?.title] : []));
    expect(added).toEqual([...OUTPUT_TABS, "Настройки"]);
    for (const title of added) {
      const sheetId = sheetIdOf(spreadsheetId, title ?? "");
      const first = requests.findIndex((r) => JSON.stringify(r).includes(`"sheetId":${sheetId}`));
      expect(requests[first]?.addSheet?.properties?.title, title ?? "").toBe(title);
    }

    // Russian headers, bold, on row 1 of each output tab; the whole tab is the range, so old rows are cleared.
    const indices = sheetIdOf(spreadsheetId, "Индексы");
    const indicesCells = cellsWritten(requests, indices);
    expect(text(indicesCells[0])).toEqual(
      model.tabs.find((t) => t.name === "Индексы")?.columns.map((c) => c.header),
    );
    expect(text(indicesCells[0]).slice(0, 5)).toEqual([
      "Школа",
      "Код школы",
      "Кластер",
      "ИСБ",
      "Индекс результатов",
    ]);
    expect(indicesCells[0]?.values?.every((c) => c.userEnteredFormat?.textFormat?.bold === true)).toBe(true);
    expect(indicesCells[0]?.values?.[3]?.note).toContain("Индекс социального благополучия");
    expect(requests.find((r) => r.updateCells?.range?.sheetId === indices)?.updateCells?.range).toEqual({
      sheetId: indices,
    });
    // Best rank first: «МАОУ Гимназия № 2», its indices as numbers, not text.
    expect(text(indicesCells[1]).slice(0, 5)).toEqual([
      "МАОУ Гимназия № 2",
      "s2",
      "Высокий ИСБ",
      91.7,
      96.66,
    ]);
    expect(indicesCells).toHaveLength(1 + RESULTS.schools.length);

    // Number format of the ИСБ column, frozen header, column widths, filter, category fills.
    const isbFormat = touching(requests, indices).find(
      (r) =>
        r.repeatCell?.range?.startColumnIndex === 3 &&
        r.repeatCell.fields === "userEnteredFormat.numberFormat",
    );
    expect(isbFormat?.repeatCell?.cell?.userEnteredFormat?.numberFormat).toEqual({
      type: "NUMBER",
      pattern: "0.0",
    });
    expect(isbFormat?.repeatCell?.range).toMatchObject({
      startRowIndex: 1,
      endRowIndex: 1 + RESULTS.schools.length,
    });
    const grid = touching(requests, indices).find((r) => r.updateSheetProperties)?.updateSheetProperties;
    expect(grid?.properties?.gridProperties).toMatchObject({ frozenRowCount: 1, frozenColumnCount: 1 });
    expect(touching(requests, indices).filter((r) => r.updateDimensionProperties)).toHaveLength(11);
    expect(touching(requests, indices).some((r) => r.setBasicFilter)).toBe(true);
    // Category colours as conditional rules on the «Категории» column, not as per-row fills.
    const rules = touching(requests, indices).filter((r) => r.addConditionalFormatRule);
    expect(rules.length).toBeGreaterThan(0);
    expect(
      touching(requests, indices).filter((r) => r.repeatCell?.fields === "userEnteredFormat.backgroundColor"),
    ).toEqual([]);

    // Output tabs protected for everyone but the service account; input tabs are not.
    const protections = requests.flatMap((r) =>
      r.addProtectedRange ? [r.addProtectedRange.protectedRange] : [],
    );
    expect(protections.map((p) => p?.range?.sheetId).sort()).toEqual(
      OUTPUT_TABS.map((t) => sheetIdOf(spreadsheetId, t)).sort(),
    );
    for (const p of protections) {
      expect(p).toMatchObject({
        warningOnly: false,
        editors: { users: [SERVICE_ACCOUNT] },
        description: PROTECTION_DESCRIPTION,
      });
    }

    // The existing registry tab is never cleared or written.
    expect(touching(requests, sheetIdOf(spreadsheetId, "Школы"))).toEqual([]);
    // A missing input tab is created with its headers and rows, typed, and left editable.
    const settingsCells = cellsWritten(requests, sheetIdOf(spreadsheetId, "Настройки"));
    expect(settingsCells.map(text)).toEqual([
      ["Параметр", "Значение", "Учитывать"],
      ["Доля нижних школ кластера", 0.2, "Да"],
      ['=IMPORTRANGE("x")', null, "Нет"],
    ]);
    // Typed text stays text: nothing a school or coordinator typed becomes a formula.
    expect(JSON.stringify(requests)).not.toContain("formulaValue");
  });

  it("puts a scatter chart of ИСБ against the results index on «Сводка», plotting the written numbers", async () => {
    const spreadsheetId = freshSpreadsheet();
    const model = workbook();
    await publishWorkbook(client, spreadsheetId, model, { effects: noWait() });
    const requests = batchOf(server.writes()[0]);
    const summary = sheetIdOf(spreadsheetId, "Сводка");
    const charts = requests.filter((r) => r.addChart);
    expect(charts).toHaveLength(1);
    const spec = charts[0]?.addChart?.chart?.spec;
    expect(spec?.basicChart?.chartType).toBe("SCATTER");
    expect(spec?.basicChart?.axis?.map((a) => a.title)).toEqual([
      "Индекс социального благополучия (ИСБ)",
      "Индекс образовательных результатов",
    ]);
    expect(charts[0]?.addChart?.chart?.position?.overlayPosition?.anchorCell?.sheetId).toBe(summary);

    const tab = model.tabs.find((t) => t.name === "Сводка") as Tab;
    const chart = tab.charts?.[0];
    const ranges = chart ? chartDataRanges(tab, chart) : undefined;
    const x = spec?.basicChart?.domains?.[0]?.domain?.sourceRange?.sources?.[0];
    const y = spec?.basicChart?.series?.[0]?.series?.sourceRange?.sources?.[0];
    expect(x).toEqual({ sheetId: summary, ...ranges?.x });
    // The cells under the chart's ranges are the schools' ИСБ and results index, written as numbers.
    const cells = cellsWritten(requests, summary);
    expect(text(cells[ranges?.headerRow ?? -1])).toContain("ИСБ");
    const plotted = RESULTS.schools.filter((s) => s.socialIndex && s.resultsIndex);
    const xs: unknown[] = [];
    const ys: unknown[] = [];
    for (let row = x?.startRowIndex ?? 0; row < (x?.endRowIndex ?? 0); row++) {
      xs.push(cells[row]?.values?.[x?.startColumnIndex ?? 0]?.userEnteredValue?.numberValue);
      ys.push(cells[row]?.values?.[y?.startColumnIndex ?? 0]?.userEnteredValue?.numberValue);
    }
    expect(xs.sort()).toEqual(plotted.map((s) => s.socialIndex?.value).sort());
    expect(ys.sort()).toEqual(plotted.map((s) => s.resultsIndex?.value).sort());
    expect(
      server.spreadsheets.get(spreadsheetId)?.sheets.find((s) => s.properties.sheetId === summary)?.charts,
    ).toHaveLength(1);
  });

  it("republishing rewrites the output tabs, replaces the chart, protects nothing twice and leaves input tabs alone", async () => {
    const spreadsheetId = freshSpreadsheet();
    await publishWorkbook(client, spreadsheetId, workbook(), { effects: noWait() });
    const summary = sheetIdOf(spreadsheetId, "Сводка");
    const firstChart = server.spreadsheets
      .get(spreadsheetId)
      ?.sheets.find((s) => s.properties.sheetId === summary)?.charts[0]?.chartId;

    // Fewer schools this time: the list must not keep rows of the longer one.
    const smaller = buildWorkbook({ ...RESULTS, schools: RESULTS.schools.slice(0, 2) }, DATASET);
    const outcome = await publishWorkbook(
      client,
      spreadsheetId,
      { ...smaller, tabs: [...smaller.tabs, SETTINGS_TAB] },
      { effects: noWait() },
    );
    expect(outcome).toMatchObject({ success: true, data: { writes: 1, addedTabs: [] } });
    expect(server.writes()).toHaveLength(2);
    const requests = batchOf(server.writes()[1]);
    expect(requests.some((r) => r.addSheet)).toBe(false);
    expect(requests.some((r) => r.addProtectedRange)).toBe(false);
    expect(requests.filter((r) => r.deleteEmbeddedObject)).toEqual([
      { deleteEmbeddedObject: { objectId: firstChart } },
    ]);
    expect(requests.filter((r) => r.addChart)).toHaveLength(1);
    expect(touching(requests, sheetIdOf(spreadsheetId, "Настройки"))).toEqual([]);

    const indices = sheetIdOf(spreadsheetId, "Индексы");
    expect(cellsWritten(requests, indices)).toHaveLength(3);
    const grid = touching(requests, indices).find((r) => r.updateSheetProperties)?.updateSheetProperties;
    expect(grid?.properties?.gridProperties?.rowCount).toBe(3);

    const state = server.spreadsheets.get(spreadsheetId);
    for (const tab of state?.sheets ?? []) {
      const expected = OUTPUT_TABS.includes(tab.properties.title) ? 1 : 0;
      expect(tab.protectedRanges, tab.properties.title).toHaveLength(expected);
    }
  });

  it("renames a «Критерии» tab of an earlier version to «Критерии результативности» instead of leaving it stale", async () => {
    counter += 1;
    const spreadsheetId = `sheet-${counter}`;
    server.addSpreadsheet(spreadsheetId, ["Школы", "Критерии"]);
    const old = sheetIdOf(spreadsheetId, "Критерии");
    const outcome = await publishWorkbook(client, spreadsheetId, workbook(), { effects: noWait() });
    expect(outcome).toMatchObject({ success: true });
    const titles = server.spreadsheets.get(spreadsheetId)?.sheets.map((s) => s.properties.title) ?? [];
    expect(titles).not.toContain("Критерии");
    expect(sheetIdOf(spreadsheetId, "Критерии результативности")).toBe(old);
    expect(outcome.success && outcome.data.addedTabs).not.toContain("Критерии результативности");
  });

  it("retries 429 twice with growing, jittered delays and then succeeds with one write", async () => {
    const spreadsheetId = freshSpreadsheet();
    server.script({ method: "POST", status: 429 }, { method: "POST", status: 429 });
    const effects = noWait();
    const outcome = await publishWorkbook(client, spreadsheetId, workbook(), {
      effects,
      backoff: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 16000 },
    });
    expect(outcome).toMatchObject({ success: true, data: { writes: 1, attempts: 4 } });
    expect(server.writes().map((r) => r.status)).toEqual([429, 429, 200]);
    expect(effects.slept).toEqual([500, 1000]);
    // The retried batch is the same batch.
    expect(server.writes()[2]?.body).toEqual(server.writes()[0]?.body);
  });

  it("waits at least as long as the server's Retry-After", async () => {
    const spreadsheetId = freshSpreadsheet();
    server.script({ method: "POST", status: 429, headers: { "retry-after": "7" } });
    const effects = noWait();
    const outcome = await publishWorkbook(client, spreadsheetId, workbook(), { effects });
    expect(outcome.success).toBe(true);
    expect(effects.slept).toEqual([7000]);
  });

  it("retries a 500 on the read and on the write", async () => {
    const spreadsheetId = freshSpreadsheet();
    server.script({ method: "GET", status: 500 }, { method: "POST", status: 503 });
    const effects = noWait();
    const outcome = await publishWorkbook(client, spreadsheetId, workbook(), { effects });
    expect(outcome).toMatchObject({ success: true, data: { writes: 1, attempts: 4 } });
    expect(server.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      "GET 500",
      "GET 200",
      "POST 503",
      "POST 200",
    ]);
  });

  it("gives up after the last attempt when Sheets stays unavailable, as a value", async () => {
    const spreadsheetId = freshSpreadsheet();
    server.script(...Array.from({ length: 3 }, () => ({ method: "POST" as const, status: 500 })));
    const effects = noWait();
    const outcome = await publishWorkbook(client, spreadsheetId, workbook(), {
      effects,
      backoff: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    expect(outcome).toMatchObject({ success: false, error: { code: "unavailable", attempts: 4 } });
    expect(server.writes()).toHaveLength(3);
    expect(effects.slept).toHaveLength(2);
  });

  it("does not retry a 400, and reports it as a rejected publish", async () => {
    const spreadsheetId = freshSpreadsheet();
    server.script({
      method: "POST",
      status: 400,
      body: { error: { code: 400, message: "Invalid requests[3]", status: "INVALID_ARGUMENT" } },
    });
    const effects = noWait();
    const outcome = await publishWorkbook(client, spreadsheetId, workbook(), { effects });
    expect(outcome).toMatchObject({ success: false, error: { code: "rejected", attempts: 2 } });
    if (!outcome.success) expect(outcome.error.message).toContain("Invalid requests[3]");
    expect(server.writes()).toHaveLength(1);
    expect(effects.slept).toEqual([]);
  });

  it("reports a spreadsheet the service account may not edit as forbidden, without retrying", async () => {
    const spreadsheetId = freshSpreadsheet();
    server.script({ method: "GET", status: 403 });
    const outcome = await publishWorkbook(client, spreadsheetId, workbook(), { effects: noWait() });
    expect(outcome).toMatchObject({ success: false, error: { code: "forbidden", attempts: 1 } });
    expect(server.requests).toHaveLength(1);
  });

  it("reports an unknown spreadsheet id as not found", async () => {
    server.requests.length = 0;
    const outcome = await publishWorkbook(client, "no-such-sheet", workbook(), { effects: noWait() });
    expect(outcome).toMatchObject({ success: false, error: { code: "not_found" } });
    expect(server.writes()).toHaveLength(0);
  });

  it("refuses an inconsistent workbook before calling the API", async () => {
    server.requests.length = 0;
    const broken: Workbook = { title: "x", tabs: [{ ...SETTINGS_TAB, rows: [["только одна ячейка"]] }] };
    const outcome = await publishWorkbook(client, "sheet-1", broken, { effects: noWait() });
    expect(outcome).toMatchObject({ success: false, error: { code: "invalid_workbook" } });
    expect(server.requests).toHaveLength(0);
  });

  describe("with the installation's write budget", () => {
    /** A budget that records what it was asked for. */
    function recorded(inner: WriteBudget): WriteBudget & { asked: number[] } {
      const asked: number[] = [];
      return {
        asked,
        reserve: (count: number): Promise<BudgetDecision> => {
          asked.push(count);
          return inner.reserve(count);
        },
      };
    }

    it("does not read or write the spreadsheet when the budget is spent, and says when it will fit", async () => {
      const spreadsheetId = freshSpreadsheet();
      let now = 5_000_000;
      const budget = new MemoryWriteBudget(() => now);
      expect(await budget.reserve(60)).toEqual({ granted: true });
      now += 20_000;
      const outcome = await publishWorkbook(client, spreadsheetId, workbook(), { effects: noWait(), budget });
      expect(outcome).toMatchObject({
        success: false,
        error: { code: "quota_exhausted", retryAfterMs: 40_000, writes: 0 },
      });
      expect(server.requests).toEqual([]);
    });

    it("takes one write per batchUpdate, and one more for each retry after a 429", async () => {
      const spreadsheetId = freshSpreadsheet();
      server.script({ method: "POST", status: 429 }, { method: "POST", status: 429 });
      const budget = recorded(new MemoryWriteBudget(() => 0));
      const outcome = await publishWorkbook(client, spreadsheetId, workbook(), { effects: noWait(), budget });
      expect(outcome).toMatchObject({ success: true, data: { writes: 1 } });
      expect(budget.asked).toEqual([1, 1, 1]);
      expect(server.writes().map((w) => w.status)).toEqual([429, 429, 200]);
    });

    it("stops retrying when the budget cannot grant the retry in time, as rate_limited", async () => {
      const spreadsheetId = freshSpreadsheet();
      server.script({ method: "POST", status: 429 });
      const budget = new MemoryWriteBudget(() => 0, { limit: 1, windowMs: 60_000 });
      const outcome = await publishWorkbook(client, spreadsheetId, workbook(), {
        effects: noWait(),
        budget,
        maxBudgetWaitMs: 10_000,
      });
      expect(outcome).toMatchObject({ success: false, error: { code: "rate_limited", writes: 0 } });
      expect(server.writes()).toHaveLength(1);
    });
  });
});
