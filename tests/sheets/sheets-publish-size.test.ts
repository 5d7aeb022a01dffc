// A publish of 2,000 and 5,000 schools through the real @googleapis/sheets client: every request body ≤ 2 MiB, as sent.
import type { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyApiError } from "../../functions/src/sheets/google/api-failure.js";
import { planPublish, prepareWorkbook } from "../../functions/src/sheets/google/publish-plan.js";
import { GOOGLE_PAYLOAD_LIMIT_BYTES } from "../../functions/src/sheets/google/request-size.js";
import { createSheetsClient, staticTokenAuth } from "../../functions/src/sheets/google/sheets-client.js";
import { isUpdatingMark } from "../../functions/src/sheets/google/updating-mark.js";
import { publishWorkbook } from "../../functions/src/sheets/google-sheets-writer.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import {
  type FakeSheetsServer,
  PAYLOAD_LIMIT_BYTES,
  PAYLOAD_LIMIT_MESSAGE,
  startFakeSheetsServer,
} from "../support/fake-sheets-server.js";
import { backgroundReader, expectedColour, modelFills, sampleWorkbook } from "./sample-workbook.js";

/** The Sheets documentation recommends at most 2 MB a request; we hold every body to 2 MiB at most. */
const TWO_MIB = 2 * 1024 * 1024;

let server: FakeSheetsServer;
let client: sheets_v4.Sheets;
const noWait = { sleep: async () => {}, random: () => 0.5 };

/** Each size's workbook, built once for the file (2,000 schools take seconds to compute); publishing never changes it. */
const workbooks = new Map<number, Workbook>();
function workbookOf(schools: number): Workbook {
  let workbook = workbooks.get(schools);
  if (workbook === undefined) {
    workbook = sampleWorkbook(schools);
    workbooks.set(schools, workbook);
  }
  return workbook;
}

beforeAll(async () => {
  server = await startFakeSheetsServer();
  client = createSheetsClient({ auth: staticTokenAuth("test-token"), rootUrl: server.rootUrl });
});

afterAll(async () => {
  await server?.close();
});

/** The cells a coordinator sees on a tab, blank cells as null, trailing blank rows dropped. */
function shown(spreadsheetId: string, title: string): (string | number | boolean | null)[][] {
  const rows = server.values(spreadsheetId, title).map((row) => {
    const copy = [...row];
    while (copy.length > 0 && copy[copy.length - 1] === null) copy.pop();
    return copy;
  });
  while (rows.length > 0 && (rows[rows.length - 1] ?? []).length === 0) rows.pop();
  return rows;
}

describe("the fake Sheets endpoint refuses what Google's front end refuses", () => {
  it("accepts a body of exactly 10,485,760 bytes and refuses one byte more with Google's error", async () => {
    server.addSpreadsheet("limit-sheet");
    const post = async (bytes: number) => {
      const head =
        '{"requests":[{"updateCells":{"start":{"sheetId":0},"fields":"note","rows":[{"values":[{"note":"';
      const tail = '"}]}]}}]}';
      const body = head + "x".repeat(bytes - head.length - tail.length) + tail;
      expect(Buffer.byteLength(body)).toBe(bytes);
      const response = await fetch(`${server.rootUrl}v4/spreadsheets/limit-sheet:batchUpdate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return { status: response.status, body: (await response.json()) as { error?: { message?: string } } };
    };
    expect(PAYLOAD_LIMIT_BYTES).toBe(GOOGLE_PAYLOAD_LIMIT_BYTES);
    expect((await post(PAYLOAD_LIMIT_BYTES)).status).toBe(200);
    const refused = await post(PAYLOAD_LIMIT_BYTES + 1);
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toBe(PAYLOAD_LIMIT_MESSAGE);
  });

  it("refuses the 2,000-school publish sent as one batchUpdate, as the writer used to send it", async () => {
    server.addSpreadsheet("one-batch");
    const whole = planPublish(prepareWorkbook(workbookOf(2_000)), [], {
      maxBodyBytes: Number.POSITIVE_INFINITY,
    });
    expect(whole.batches).toHaveLength(1);
    expect(whole.bodyBytes[0]).toBeGreaterThan(GOOGLE_PAYLOAD_LIMIT_BYTES);
    const error = await client.spreadsheets
      .batchUpdate({ spreadsheetId: "one-batch", requestBody: { requests: whole.batches[0] ?? [] } })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(classifyApiError(error)).toMatchObject({ code: "rejected", status: 400, retryable: false });
    expect(classifyApiError(error).message).toContain("Request payload size exceeds the limit");
  }, 120_000);
});

describe.each([2_000, 5_000])("publishing %i schools", (schools) => {
  let workbook: Workbook;
  let spreadsheetId: string;
  let outcome: Awaited<ReturnType<typeof publishWorkbook>>;

  beforeAll(async () => {
    workbook = workbookOf(schools);
    spreadsheetId = `sheet-${schools}`;
    server.addSpreadsheet(spreadsheetId, ["Лист1"]);
    server.requests.length = 0;
    outcome = await publishWorkbook(client, spreadsheetId, workbook, { effects: noWait });
  }, 180_000);

  it("sends every batchUpdate body under 2 MiB, measured as the client sent it, and all are accepted", () => {
    expect(outcome.success).toBe(true);
    const writes = server.writes();
    expect(writes.length).toBeGreaterThan(1);
    if (outcome.success) {
      expect(outcome.data.writes).toBe(writes.length);
      // The writer's own count of the largest body is the size that went over the wire.
      expect(outcome.data.largestBodyBytes).toBe(Math.max(...writes.map((w) => w.bodyBytes)));
      expect(outcome.data.markedTabs.length).toBeGreaterThan(0);
    }
    for (const write of writes) {
      expect(write.status).toBe(200);
      expect(write.bodyBytes).toBeLessThanOrEqual(TWO_MIB);
    }
  });

  it("shows every tab exactly as the model has it, with no «обновляется…» mark left", () => {
    for (const tab of workbook.tabs) {
      const cells = shown(spreadsheetId, tab.name);
      expect(isUpdatingMark(cells[0]?.[0]), tab.name).toBe(false);
      expect(cells[0]?.[0], tab.name).toBe(tab.columns[0]?.header);
      // Every row of the main table, in order: the first cell (a school's name, a KPI, a measure). One comparison
      // per tab: an expect per row of 7,000 schools' tabs cost seconds of the file's run.
      expect(
        tab.rows.map((_, i) => cells[1 + i]?.[0] ?? null),
        tab.name,
      ).toEqual(tab.rows.map((row) => (row[0] === "" ? null : (row[0] ?? null))));
    }
    const indices = workbook.tabs.find((t) => t.name === "Индексы");
    expect(indices?.rows).toHaveLength(schools);
    expect(shown(spreadsheetId, "Индексы")).toHaveLength(1 + schools);
  });

  it("colours every school row as the .xlsx does, with conditional rules instead of per-row fills", () => {
    let coloured = 0;
    for (const tab of workbook.tabs) {
      const background = backgroundReader(server, spreadsheetId, tab.name);
      const fills = modelFills(tab);
      expect(
        fills.map(({ row }) => background(row, 0)),
        tab.name,
      ).toEqual(fills.map(({ fill }) => expectedColour(fill)));
      coloured += fills.filter(({ fill }) => fill !== null).length;
    }
    expect(coloured).toBeGreaterThan(schools);
    const fills = server
      .writes()
      .flatMap((w) => (w.body as { requests: sheets_v4.Schema$Request[] }).requests)
      .filter((r) => r.repeatCell?.fields === "userEnteredFormat.backgroundColor");
    // What is left of per-row fills: the short roadmap sections and the «без наставника» list.
    expect(fills.length).toBeLessThan(20);
  });
});
