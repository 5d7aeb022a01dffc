// /draft/letters cuts its page at the runtime's response budget: the sheet, asking again while letters are pending, gets every letter once and no page past the budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, discardingWriter, startApi, TERRITORY } from "./api-fixture.js";
import { sheetCalls } from "./support/sheet-calls.js";

/**
 * A budget of about two of the sample's letters (each carries its school's printable card, tens of KB): small
 * enough that the sample's draft needs several pages, as a region's would at Cloud Run's 24 MiB.
 */
const BUDGET = 64 * 1024;
const now = Date.parse("2026-05-12T06:00:00Z");
let api: ApiHarness;
const sheet = sheetCalls(() => api);

interface Letter {
  schoolId: string;
  to: string[];
  card?: { html: string };
}

beforeAll(async () => {
  api = await startApi({
    writer: discardingWriter,
    clock: { now: () => now },
    responseItemsBudgetBytes: BUDGET,
  });
  await api.syncSample();
  await api.runtime.store.territories.importFacts(TERRITORY, api.dataset.facts, "import:test", new Date(now));
}, 120_000);
afterAll(async () => {
  await api.close();
});

describe("/draft/letters at the response budget", () => {
  it("hands the letters over in pages within the budget, each letter once, until none is pending", async () => {
    const made = await sheet.post("/draft");
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const first = await sheet.get("/draft/letters");
    expect(first.status).toBe(200);
    const pendingAtStart: number = first.body.pending;
    expect(pendingAtStart).toBeGreaterThan(2);

    const seen: string[] = [];
    const pageSizes: number[] = [];
    for (let page = 0; page < pendingAtStart; page++) {
      const answer = await sheet.get("/draft/letters");
      expect(answer.status).toBe(200);
      expect(answer.body.pending).toBe(pendingAtStart - seen.length);
      const letters: Letter[] = answer.body.letters;
      if (answer.body.pending === 0) {
        expect(letters).toEqual([]);
        break;
      }
      // never an empty page while letters wait: the sheet would ask forever
      expect(letters.length).toBeGreaterThan(0);
      for (const letter of letters) expect(letter.card?.html).toContain("<!doctype html>");
      const bytes = Buffer.byteLength(JSON.stringify(letters));
      // a single letter larger than the budget still goes (alone); the sample's cards are far smaller
      if (letters.length > 1) expect(bytes).toBeLessThanOrEqual(BUDGET);
      pageSizes.push(letters.length);
      seen.push(...letters.map((l) => l.schoolId));
      const sent = await sheet.post("/draft/notified", {
        draft: made.body.number,
        schools: letters.map((l) => ({ schoolId: l.schoolId, recipients: l.to.length })),
      });
      expect(sent.body).toEqual({ status: "ok", marked: letters.length });
    }

    // the budget did cut: more than one page, and a page holds fewer letters than were pending
    expect(pageSizes.length).toBeGreaterThan(1);
    expect(Math.max(...pageSizes)).toBeLessThan(pendingAtStart);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(pendingAtStart);
    expect((await sheet.get("/draft/letters")).body.pending).toBe(0);
  });
});
