// A publish that fails between its requests: every tab is whole (old or new) or shows «обновляется…», and the next publish completes it.
import type { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSheetsClient, staticTokenAuth } from "../../functions/src/sheets/google/sheets-client.js";
import { isUpdatingMark, UPDATING_NOTE } from "../../functions/src/sheets/google/updating-mark.js";
import { publishWorkbook } from "../../functions/src/sheets/google-sheets-writer.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import { type FakeSheetsServer, startFakeSheetsServer } from "../support/fake-sheets-server.js";
import { sampleWorkbook } from "./sample-workbook.js";

/**
 * 300 schools with requests held to 250 kB behave as 2,000 schools with requests of 2 MB: the large tabs are
 * split across several requests. The smaller size keeps the test fast; the limit is a parameter of the plan.
 */
const SCHOOLS = 300;
const MAX_BODY_BYTES = 250_000;
const noWait = { sleep: async () => {}, random: () => 0.5 };
/** One attempt per request: a failure is final, as when every retry fails. */
const noRetry = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 };

let server: FakeSheetsServer;
let client: sheets_v4.Sheets;
let before: Workbook;
let after: Workbook;
/** What each tab shows after a complete publish of `before` and of `after`. */
const whole = { before: new Map<string, string>(), after: new Map<string, string>() };

/** A tab's cells as text, trailing blank cells and rows dropped: what a coordinator sees, compared at once. */
function shown(spreadsheetId: string, title: string): string {
  const rows = server.values(spreadsheetId, title).map((row) => {
    const copy = [...row];
    while (copy.length > 0 && copy[copy.length - 1] === null) copy.pop();
    return copy;
  });
  while (rows.length > 0 && (rows[rows.length - 1] ?? []).length === 0) rows.pop();
  return JSON.stringify(rows);
}

let sheets = 0;
async function publishedSheet(workbook: Workbook): Promise<string> {
  sheets += 1;
  const id = `half-${sheets}`;
  server.addSpreadsheet(id, ["Лист1"]);
  const outcome = await publishWorkbook(client, id, workbook, {
    effects: noWait,
    maxBodyBytes: MAX_BODY_BYTES,
  });
  if (!outcome.success) throw new Error(`publish failed: ${outcome.error.message}`);
  return id;
}

beforeAll(async () => {
  server = await startFakeSheetsServer();
  client = createSheetsClient({ auth: staticTokenAuth("test-token"), rootUrl: server.rootUrl });
  // Two calculations that differ on every tab: another territory's schools.
  before = sampleWorkbook(SCHOOLS, "before");
  after = sampleWorkbook(SCHOOLS, "after");
  const a = await publishedSheet(before);
  const b = await publishedSheet(after);
  for (const tab of after.tabs) {
    whole.before.set(tab.name, shown(a, tab.name));
    whole.after.set(tab.name, shown(b, tab.name));
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("a publish interrupted between its requests", () => {
  it("leaves each tab whole (old or new) or marked «обновляется…» in A1, whichever request fails; the next publish clears every mark", async () => {
    const id = await publishedSheet(before);
    server.requests.length = 0;
    const complete = await publishWorkbook(client, id, after, {
      effects: noWait,
      maxBodyBytes: MAX_BODY_BYTES,
    });
    if (!complete.success) throw new Error(complete.error.message);
    const requests = complete.data.writes;
    expect(requests).toBeGreaterThan(4);
    expect(complete.data.markedTabs.length).toBeGreaterThan(0);

    const oldState = await publishedSheet(before);
    let markedSeen = 0;
    for (let failing = 1; failing <= requests; failing++) {
      const sheet = `${oldState}-fails-at-${failing}`;
      server.copySpreadsheet(oldState, sheet);
      server.failNthWrite(failing, 503);
      const interrupted = await publishWorkbook(client, sheet, after, {
        effects: noWait,
        maxBodyBytes: MAX_BODY_BYTES,
        backoff: noRetry,
      });
      expect(interrupted).toMatchObject({
        success: false,
        error: { code: "unavailable", writes: failing - 1 },
      });

      for (const tab of after.tabs) {
        const a1 = server.cell(sheet, tab.name, 0, 0);
        const state = shown(sheet, tab.name);
        if (isUpdatingMark(a1?.value)) {
          markedSeen += 1;
          expect(a1?.value).toBe(`обновляется… — ${tab.columns[0]?.header}`);
          expect(a1?.note).toBe(UPDATING_NOTE);
          continue;
        }
        const verdict =
          state === whole.before.get(tab.name)
            ? "old"
            : state === whole.after.get(tab.name)
              ? "new"
              : "mixed";
        expect(verdict, `«${tab.name}» after request ${failing} of ${requests} failed`).not.toBe("mixed");
      }

      // The retry — the next publish — brings every tab to the new state and clears the marks.
      const retried = await publishWorkbook(client, sheet, after, {
        effects: noWait,
        maxBodyBytes: MAX_BODY_BYTES,
      });
      expect(retried.success).toBe(true);
      for (const tab of after.tabs) {
        expect(isUpdatingMark(server.cell(sheet, tab.name, 0, 0)?.value), tab.name).toBe(false);
        expect(shown(sheet, tab.name), `«${tab.name}» after the retry`).toBe(whole.after.get(tab.name));
      }
    }
    // Not vacuous: some failures did leave a tab half written, and it was marked.
    expect(markedSeen).toBeGreaterThan(0);
  }, 300_000);
});
