// The installation's Sheets write budget on the Firestore emulator: 60 write requests a minute for every instance and territory together.
import type { sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Clock,
  type PublishMarkerStore,
  type PublishMarkers,
  type PublishPortOutcome,
  PublishScheduler,
} from "../../functions/src/http/publish-scheduler.js";
import { createSheetsClient, staticTokenAuth } from "../../functions/src/sheets/google/sheets-client.js";
import { isUpdatingMark } from "../../functions/src/sheets/google/updating-mark.js";
import { publishWorkbook } from "../../functions/src/sheets/google-sheets-writer.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import { sheetsWorkbookWriter } from "../../functions/src/sheets/workbook-writer.js";
import { clearEmulatorProject } from "../../functions/src/store/firestore-emulator.js";
import { openStore, type Store } from "../../functions/src/store/open-store.js";
import { FirestoreWriteBudget, WRITE_BUDGET_DOC } from "../../functions/src/store/sheets-write-budget.js";
import { sampleWorkbook } from "../sheets/sample-workbook.js";
import { emulatorHost, uniqueProjectId } from "../support/emulator.js";
import { type FakeSheetsServer, startFakeSheetsServer } from "../support/fake-sheets-server.js";
import { bearer, FUNCTION_URL, SCHEDULER, SPREADSHEET, startApi, TERRITORY } from "./api-fixture.js";

const MINUTE = 60_000;

class FakeClock implements Clock {
  constructor(public ms = 1_800_000_000_000) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Two function instances: two Firestore clients on one project, as two Cloud Run instances have. */
function twoInstances(label: string): { stores: [Store, Store]; close(): Promise<void> } {
  const host = emulatorHost();
  const projectId = uniqueProjectId(label);
  const stores: [Store, Store] = [
    openStore({ projectId, firestoreEmulatorHost: host }),
    openStore({ projectId, firestoreEmulatorHost: host }),
  ];
  return {
    stores,
    async close() {
      await Promise.all(stores.map((s) => s.close()));
      await clearEmulatorProject(host, projectId);
    },
  };
}

describe("the Firestore write budget", () => {
  it("grants 60 write requests a minute across two instances, refuses the 61st, and grants again a minute later", async () => {
    const clock = new FakeClock();
    const { stores, close } = twoInstances("budget-60");
    try {
      const [a, b] = stores.map((s) => new FirestoreWriteBudget(s.db, () => clock.now()));
      if (!a || !b) throw new Error("two budgets");
      // Twelve publishes of five requests, from both instances at once: exactly the minute's 60.
      const decisions = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).reserve(5)));
      expect(decisions.every((d) => d.granted)).toBe(true);
      clock.advance(MINUTE - 1);
      expect(await b.reserve(1)).toEqual({ granted: false, retryAfterMs: 1 });
      clock.advance(1);
      expect(await a.reserve(60)).toEqual({ granted: true });
      expect(await b.reserve(1)).toEqual({ granted: false, retryAfterMs: MINUTE });
    } finally {
      await close();
    }
  });

  it("never grants more than 60 when many publishes race for the last requests (compare-and-set)", async () => {
    const clock = new FakeClock();
    const { stores, close } = twoInstances("budget-race");
    try {
      const budgets = stores.map((s) => new FirestoreWriteBudget(s.db, () => clock.now()));
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) => budgets[i % 2]?.reserve(7) ?? Promise.reject()),
      );
      // 8 × 7 = 56 fit in 60; a ninth would make 63.
      expect(decisions.filter((d) => d.granted)).toHaveLength(8);
      const stored = (await stores[0].db.get(stores[0].db.doc(WRITE_BUDGET_DOC))).data() as {
        grants: { count: number }[];
      };
      expect(stored.grants.reduce((sum, g) => sum + g.count, 0)).toBe(56);
    } finally {
      await close();
    }
  });
});

/** The marker port in memory, shared by both schedulers (in production: the territory documents). */
class SharedMarkers implements PublishMarkerStore {
  readonly markers = new Map<string, PublishMarkers>();
  async getMarkers(id: string): Promise<PublishMarkers> {
    return {
      ...(this.markers.get(id) ?? { factsChangedAt: null, resultsComputedAt: null, publishedAt: null }),
    };
  }
  async setPublishedAt(id: string, publishedAt: number | null, previous: number | null): Promise<boolean> {
    const m = await this.getMarkers(id);
    if (m.publishedAt !== previous) return false;
    this.markers.set(id, { ...m, publishedAt });
    return true;
  }
}

describe("two schedulers (two function instances) sharing the budget", () => {
  let server: FakeSheetsServer;
  let client: sheets_v4.Sheets;
  let workbook: Workbook;
  const clock = new FakeClock();
  /** 300 schools in requests of 150 kB: a publish of several write requests, as 2,000 schools in 2 MB. */
  const MAX_BODY_BYTES = 150_000;

  beforeAll(async () => {
    server = await startFakeSheetsServer({ now: () => clock.now() });
    client = createSheetsClient({ auth: staticTokenAuth("test-token"), rootUrl: server.rootUrl });
    workbook = sampleWorkbook(300);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  it("keep every territory's writes together within 60 a minute, defer what does not fit, and publish it the next minute", async () => {
    const { stores, close } = twoInstances("budget-schedulers");
    try {
      const markers = new SharedMarkers();
      const territories = Array.from({ length: 10 }, (_, i) => `t${i + 1}`);
      for (const id of territories) {
        server.addSpreadsheet(`sheet-${id}`, ["Лист1"]);
        markers.markers.set(id, {
          factsChangedAt: clock.now() - 2_000,
          resultsComputedAt: clock.now() - 1_000,
          publishedAt: null,
        });
      }
      const schedulers = stores.map((store) => {
        const budget = new FirestoreWriteBudget(store.db, () => clock.now());
        return new PublishScheduler({
          store: markers,
          clock,
          publish: async (territoryId): Promise<PublishPortOutcome> => {
            const outcome = await publishWorkbook(client, `sheet-${territoryId}`, workbook, {
              budget,
              maxBodyBytes: MAX_BODY_BYTES,
              effects: { sleep: async () => {}, random: () => 0.5 },
            });
            if (outcome.success) return { success: true, data: { resultsComputedAt: clock.now() - 1_000 } };
            return outcome;
          },
        });
      });
      const [a, b] = schedulers;
      if (!a || !b) throw new Error("two schedulers");
      server.addSpreadsheet("sheet-probe", ["Лист1"]);
      const probe = await publishWorkbook(client, "sheet-probe", workbook, {
        maxBodyBytes: MAX_BODY_BYTES,
        effects: { sleep: async () => {}, random: () => 0.5 },
      });
      if (!probe.success) throw new Error(`probe publish failed: ${probe.error.message}`);
      const perPublish = probe.data.writes;
      server.requests.length = 0;
      expect(perPublish).toBeGreaterThan(6);
      const fit = Math.floor(60 / perPublish);
      expect(fit).toBeLessThan(territories.length / 2);

      const published = new Set<string>();
      for (let minute = 0; published.size < territories.length && minute < 5; minute++) {
        // Both instances run /flush at the same moment, each over half of the territories.
        const reports = await Promise.all([a.flush(territories.slice(0, 5)), b.flush(territories.slice(5))]);
        const decisions = reports.flat().map((r) => r.decisions.at(-1));
        const now = decisions.filter((d) => d?.action === "published");
        for (const d of now) published.add(d?.territoryId ?? "");
        const writesThisMinute = server.writes().filter((w) => w.at === clock.now());
        expect(writesThisMinute.length, `minute ${minute}`).toBeLessThanOrEqual(60);
        expect(writesThisMinute.length).toBe(now.length * perPublish);
        if (published.size < territories.length) {
          expect(now.length, `minute ${minute}`).toBe(fit);
          expect(
            decisions.filter((d) => d?.action === "deferred" && d.reason === "quota").length,
          ).toBeGreaterThan(0);
        }
        clock.advance(MINUTE);
      }
      expect([...published].sort()).toEqual([...territories].sort());
      // Every write was accepted (no 429 from over-spending), and every sheet ends complete, without a mark.
      expect(server.writes().every((w) => w.status === 200)).toBe(true);
      for (const id of territories) {
        for (const tab of workbook.tabs) {
          expect(isUpdatingMark(server.cell(`sheet-${id}`, tab.name, 0, 0)?.value)).toBe(false);
        }
      }
    } finally {
      await close();
    }
  }, 180_000);
});

describe("the api function's publishes", () => {
  let sheets: FakeSheetsServer;
  let api: Awaited<ReturnType<typeof startApi>>;

  beforeAll(async () => {
    sheets = await startFakeSheetsServer();
    sheets.addSpreadsheet(SPREADSHEET, ["Лист1", "Школы"]);
    api = await startApi({
      writer: sheetsWorkbookWriter({
        client: async () =>
          createSheetsClient({ rootUrl: sheets.rootUrl, auth: staticTokenAuth("test-token") }),
      }),
    });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await sheets?.close();
  });

  it("take their writes from the installation's budget document: a spent budget defers /recalculate and /flush, a free one publishes", async () => {
    const db = api.runtime.store.db;
    const budget = db.doc(WRITE_BUDGET_DOC);
    // Other territories (or instances) spent the minute's 60 writes a moment ago.
    await db.set(budget, { grants: [{ at: Date.now(), count: 60 }] });
    const before = sheets.writes().length;
    // The coordinator's sync and the schools' first answers: each asks for a publish, which must wait.
    await api.syncSample();
    for (const envelope of api.envelopes.filter((e) => e.form.kind !== "selfDiagnosis").slice(0, 5)) {
      const submitted = await api.request.post("/submit").set("Authorization", bearer()).send(envelope);
      expect(submitted.status).toBe(200);
    }
    expect(sheets.writes().length).toBe(before);
    const recalculated = await api.request
      .post("/recalculate")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY });
    expect(recalculated.status).toBe(200);
    expect(recalculated.body.status).toBe("deferred");
    const flushed = await api.request
      .post("/flush")
      .set("Authorization", bearer(SCHEDULER, FUNCTION_URL))
      .send({});
    expect(flushed.body.territories).toEqual([
      expect.objectContaining({ territoryId: TERRITORY, action: "deferred" }),
    ]);
    expect(sheets.writes().length).toBe(before);

    // The minute has passed: the next /flush publishes, and its write is recorded in the budget.
    await db.set(budget, { grants: [{ at: Date.now() - MINUTE, count: 60 }] });
    const later = await api.request
      .post("/flush")
      .set("Authorization", bearer(SCHEDULER, FUNCTION_URL))
      .send({});
    expect(later.body.territories).toEqual([
      expect.objectContaining({ territoryId: TERRITORY, action: "published" }),
    ]);
    expect(sheets.writes().length).toBe(before + 1);
    const stored = (await db.get(budget)).data() as { grants: { count: number }[] };
    expect(stored.grants.reduce((sum, g) => sum + g.count, 0)).toBe(1);
  });
});
