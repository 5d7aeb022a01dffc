// Publish coalescing: bursts of changes give a handful of sheet writes, and /flush always delivers the last state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Clock,
  type PublishMarkerStore,
  type PublishMarkers,
  type PublishNeeds,
  type PublishPortOutcome,
  PublishScheduler,
} from "../../functions/src/http/publish-scheduler.js";
import { createSheetsClient, staticTokenAuth } from "../../functions/src/sheets/google/sheets-client.js";
import { publishWorkbook } from "../../functions/src/sheets/google-sheets-writer.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import { type FakeSheetsServer, startFakeSheetsServer } from "../support/fake-sheets-server.js";

class FakeClock implements Clock {
  constructor(public ms = 1_700_000_000_000) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** One territory as the functions see it: a facts version, the results computed from it, and markers. */
interface TerritoryState {
  markers: PublishMarkers;
  factsVersion: number;
  resultsVersion: number;
}

/** The marker store port in memory, with the compare-and-set the Firestore implementation does in a transaction. */
class MemoryMarkerStore implements PublishMarkerStore {
  readonly territories = new Map<string, TerritoryState>();
  state(id: string): TerritoryState {
    let s = this.territories.get(id);
    if (!s) {
      s = {
        markers: { factsChangedAt: null, resultsComputedAt: null, publishedAt: null },
        factsVersion: 0,
        resultsVersion: 0,
      };
      this.territories.set(id, s);
    }
    return s;
  }
  async getMarkers(id: string): Promise<PublishMarkers> {
    return { ...this.state(id).markers };
  }
  async setPublishedAt(id: string, publishedAt: number | null, previous: number | null): Promise<boolean> {
    const s = this.state(id);
    if (s.markers.publishedAt !== previous) return false;
    s.markers.publishedAt = publishedAt;
    return true;
  }
}

/** A submit: facts change and the results are recomputed at the current time. */
function change(store: MemoryMarkerStore, clock: FakeClock, id: string): void {
  const s = store.state(id);
  s.factsVersion += 1;
  s.resultsVersion = s.factsVersion;
  s.markers.factsChangedAt = clock.now();
  s.markers.resultsComputedAt = clock.now();
}

/** What lands on each territory's sheet: one entry per write, with the results version it carried. */
function sheetsRecorder(store: MemoryMarkerStore, clock: FakeClock) {
  const writes: { territoryId: string; at: number; version: number; needs: PublishNeeds }[] = [];
  let gate: Promise<void> | null = null;
  let onWaiting = (): void => {};
  let failNext = 0;
  const publish = async (territoryId: string, needs: PublishNeeds): Promise<PublishPortOutcome> => {
    const s = store.state(territoryId);
    if (needs.recompute) {
      s.resultsVersion = s.factsVersion;
      s.markers.resultsComputedAt = clock.now();
    }
    // Report the results actually read, not whatever is newest when the write ends.
    const version = s.resultsVersion;
    const readComputedAt = s.markers.resultsComputedAt ?? undefined;
    const at = clock.now();
    if (gate) {
      onWaiting();
      await gate;
    }
    if (failNext > 0) {
      failNext -= 1;
      return { success: false, error: { code: "unavailable", message: "Sheets API 503" } };
    }
    writes.push({ territoryId, at, version, needs });
    return { success: true, data: { resultsComputedAt: readComputedAt } };
  };
  return {
    writes,
    publish,
    /** Makes the next publish wait; `waiting` resolves once it has read its results and stands at the gate. */
    hold(): { waiting: Promise<void>; release: () => void } {
      let release = (): void => {};
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = null;
          resolve();
        };
      });
      const waiting = new Promise<void>((resolve) => {
        onWaiting = resolve;
      });
      return { waiting, release };
    },
    failOnce(): void {
      failNext += 1;
    },
  };
}

function setup() {
  const clock = new FakeClock();
  const store = new MemoryMarkerStore();
  const sheets = sheetsRecorder(store, clock);
  const scheduler = new PublishScheduler({ store, clock, publish: sheets.publish });
  return { clock, store, sheets, scheduler };
}

describe("publish coalescing", () => {
  it("a burst of 100 submissions over 30 s gives a handful of writes, at least 10 s apart, and flush delivers the final state", async () => {
    const { clock, store, sheets, scheduler } = setup();
    for (let i = 0; i < 100; i++) {
      change(store, clock, "t1");
      await scheduler.requestPublish("t1");
      clock.advance(300);
    }
    expect(sheets.writes.length).toBeGreaterThanOrEqual(1);
    expect(sheets.writes.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < sheets.writes.length; i++) {
      const gap = (sheets.writes[i]?.at ?? 0) - (sheets.writes[i - 1]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(10_000);
    }
    // The sheet lags behind the last submissions until the scheduled flush runs.
    expect(sheets.writes.at(-1)?.version).toBeLessThan(100);

    clock.advance(30_000);
    const report = await scheduler.flush(["t1"]);
    expect(report[0]?.decisions.map((d) => d.action)).toEqual(["published"]);
    expect(sheets.writes.length).toBeLessThanOrEqual(5);
    expect(sheets.writes.at(-1)?.version).toBe(100);

    // Nothing changed since: the next flush writes nothing.
    clock.advance(60_000);
    await scheduler.flush(["t1"]);
    expect(sheets.writes.length).toBeLessThanOrEqual(5);
    expect(sheets.writes.at(-1)?.version).toBe(100);
  });

  it("100 concurrent submissions while a publish is running start no second publish; flush writes the last state", async () => {
    const { clock, store, sheets, scheduler } = setup();
    const { waiting, release } = sheets.hold();
    change(store, clock, "t1");
    const first = scheduler.requestPublish("t1");
    await waiting;
    const others: Promise<unknown>[] = [];
    for (let i = 1; i < 100; i++) {
      clock.advance(10);
      change(store, clock, "t1");
      others.push(scheduler.requestPublish("t1"));
    }
    const joined = await Promise.all(others);
    expect(
      joined.every((d) => JSON.stringify(d) === JSON.stringify([{ action: "coalesced", territoryId: "t1" }])),
    ).toBe(true);
    release();
    const decisions = await first;
    // The re-run sees newer results but the interval is not over: left for flush.
    expect(decisions.map((d) => d.action)).toEqual(["published", "deferred"]);
    expect(sheets.writes).toHaveLength(1);
    expect(sheets.writes[0]?.version).toBe(1);

    clock.advance(60_000);
    await scheduler.flush(["t1"]);
    expect(sheets.writes).toHaveLength(2);
    expect(sheets.writes[1]?.version).toBe(100);
  });

  it("an explicit recalculation during a running publish is published right after it", async () => {
    const { clock, store, sheets, scheduler } = setup();
    const { waiting, release } = sheets.hold();
    change(store, clock, "t1");
    const first = scheduler.requestPublish("t1");
    await waiting;
    clock.advance(1_000);
    change(store, clock, "t1");
    expect(await scheduler.requestPublish("t1", { force: true })).toEqual([
      { action: "coalesced", territoryId: "t1" },
    ]);
    release();
    expect((await first).map((d) => d.action)).toEqual(["published", "published"]);
    expect(sheets.writes.map((w) => w.version)).toEqual([1, 2]);
  });

  it("flush publishes exactly the territories whose sheet is behind, recomputing where facts are newer than results", async () => {
    const { clock, store, sheets, scheduler } = setup();
    const at = clock.now();
    const put = (id: string, m: PublishMarkers): void => {
      store.state(id).markers = m;
    };
    put("behind", { factsChangedAt: at - 5_000, resultsComputedAt: at - 4_000, publishedAt: at - 9_000 });
    put("current", { factsChangedAt: at - 9_000, resultsComputedAt: at - 8_000, publishedAt: at - 7_000 });
    put("never-published", { factsChangedAt: at - 3_000, resultsComputedAt: at - 2_000, publishedAt: null });
    put("empty", { factsChangedAt: null, resultsComputedAt: null, publishedAt: null });
    put("not-recomputed", {
      factsChangedAt: at - 1_000,
      resultsComputedAt: at - 8_000,
      publishedAt: at - 7_000,
    });

    const report = await scheduler.flush(["behind", "current", "never-published", "empty", "not-recomputed"]);
    expect(sheets.writes.map((w) => w.territoryId).sort()).toEqual([
      "behind",
      "never-published",
      "not-recomputed",
    ]);
    expect(sheets.writes.find((w) => w.territoryId === "not-recomputed")?.needs).toEqual({ recompute: true });
    expect(sheets.writes.find((w) => w.territoryId === "behind")?.needs).toEqual({ recompute: false });
    expect(report.map((r) => [r.territoryId, r.decisions.map((d) => d.action).join()])).toEqual([
      ["behind", "published"],
      ["current", "up_to_date"],
      ["never-published", "published"],
      ["empty", "up_to_date"],
      ["not-recomputed", "published"],
    ]);

    // The recomputed territory is not seen as behind afterwards, so the next flush writes nothing.
    clock.advance(60_000);
    await scheduler.flush(["behind", "current", "never-published", "empty", "not-recomputed"]);
    expect(sheets.writes).toHaveLength(3);
  });

  it("a failed publish leaves the sheet marked as behind, so the next flush publishes it", async () => {
    const { clock, store, sheets, scheduler } = setup();
    change(store, clock, "t1");
    sheets.failOnce();
    const [failed] = await scheduler.requestPublish("t1");
    expect(failed).toEqual({
      action: "failed",
      territoryId: "t1",
      code: "unavailable",
      message: "Sheets API 503",
    });
    expect(store.state("t1").markers.publishedAt).toBeNull();

    clock.advance(60_000);
    await scheduler.flush(["t1"]);
    expect(sheets.writes.map((w) => w.version)).toEqual([1]);
  });

  it("a publish that crashes also leaves the sheet marked as behind", async () => {
    const { clock, store, sheets } = setup();
    const crashing = new PublishScheduler({
      store,
      clock,
      publish: async () => {
        throw new Error("Firestore unavailable");
      },
    });
    change(store, clock, "t1");
    await expect(crashing.requestPublish("t1")).rejects.toThrow("Firestore unavailable");
    expect(store.state("t1").markers.publishedAt).toBeNull();

    const healthy = new PublishScheduler({ store, clock, publish: sheets.publish });
    clock.advance(60_000);
    await healthy.flush(["t1"]);
    expect(sheets.writes.map((w) => w.version)).toEqual([1]);
  });

  it("two function instances sharing the markers publish a territory once for simultaneous requests", async () => {
    const { clock, store, sheets } = setup();
    const a = new PublishScheduler({ store, clock, publish: sheets.publish });
    const b = new PublishScheduler({ store, clock, publish: sheets.publish });
    change(store, clock, "t1");
    const [fromA, fromB] = await Promise.all([a.requestPublish("t1"), b.requestPublish("t1")]);
    expect([fromA[0]?.action, fromB[0]?.action].sort()).toEqual(["deferred", "published"]);
    expect(sheets.writes).toHaveLength(1);
  });

  it("territories do not hold each other back", async () => {
    const { clock, store, sheets, scheduler } = setup();
    change(store, clock, "t1");
    change(store, clock, "t2");
    await scheduler.requestPublish("t1");
    await scheduler.requestPublish("t2");
    expect(sheets.writes.map((w) => w.territoryId)).toEqual(["t1", "t2"]);
  });
});

describe("the installation's Sheets write budget", () => {
  /** A port that publishes, except for the territories told to find the budget spent. */
  function budgetedPort(store: MemoryMarkerStore, clock: FakeClock) {
    const calls: string[] = [];
    const spent = new Set<string>();
    const publish = async (territoryId: string): Promise<PublishPortOutcome> => {
      calls.push(territoryId);
      if (spent.has(territoryId)) {
        return {
          success: false,
          error: { code: "quota_exhausted", message: "budget spent", retryAfterMs: 25_000 },
        };
      }
      return {
        success: true,
        data: { resultsComputedAt: store.state(territoryId).markers.resultsComputedAt ?? clock.now() },
      };
    };
    return { calls, spent, publish };
  }

  it("defers a publish the budget cannot take (reason quota), keeps the sheet stale, and flush publishes it later", async () => {
    const clock = new FakeClock();
    const store = new MemoryMarkerStore();
    const port = budgetedPort(store, clock);
    const scheduler = new PublishScheduler({ store, clock, publish: port.publish });
    change(store, clock, "t1");
    port.spent.add("t1");
    expect(await scheduler.requestPublish("t1")).toEqual([
      { action: "deferred", territoryId: "t1", reason: "quota", retryAfterMs: 25_000 },
    ]);
    // The claim was given back: the sheet is still behind, so the next flush tries again.
    expect(store.state("t1").markers.publishedAt).toBeNull();

    port.spent.clear();
    clock.advance(30_000);
    const [entry] = await scheduler.flush(["t1"]);
    expect(entry?.decisions.map((d) => d.action)).toEqual(["published"]);
  });

  it("flush serves the sheet that waited longest first, and once the budget is spent defers the rest without loading them", async () => {
    const clock = new FakeClock();
    const store = new MemoryMarkerStore();
    const port = budgetedPort(store, clock);
    const scheduler = new PublishScheduler({ store, clock, publish: port.publish });
    const at = clock.now();
    const stale = (publishedAt: number | null): PublishMarkers => ({
      factsChangedAt: at - 500,
      resultsComputedAt: at - 400,
      publishedAt,
    });
    store.state("recent").markers = stale(at - 60_000);
    store.state("never").markers = stale(null);
    store.state("old").markers = stale(at - 600_000);
    store.state("other").markers = stale(at - 120_000);
    port.spent.add("old");

    const report = await scheduler.flush(["recent", "never", "old", "other"]);
    // Never published first, then the oldest sheet — which finds the budget spent; the others wait for the next flush.
    expect(port.calls).toEqual(["never", "old"]);
    expect(report.map((r) => [r.territoryId, r.decisions.map((d) => d.action).join()])).toEqual([
      ["recent", "deferred"],
      ["never", "published"],
      ["old", "deferred"],
      ["other", "deferred"],
    ]);
    expect(report.find((r) => r.territoryId === "other")?.decisions).toEqual([
      { action: "deferred", territoryId: "other", reason: "quota", retryAfterMs: 25_000 },
    ]);

    // A minute later the next flush starts with the one the budget turned away.
    port.spent.clear();
    port.calls.length = 0;
    clock.advance(60_000);
    await scheduler.flush(["recent", "never", "old", "other"]);
    expect(port.calls).toEqual(["old", "other", "recent"]);
  });
});

describe("publish coalescing with the real Sheets client", () => {
  let server: FakeSheetsServer;
  beforeAll(async () => {
    server = await startFakeSheetsServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** A one-tab workbook whose «Сводка» shows how many submissions the results include. */
  function workbookOf(submissions: number): Workbook {
    return {
      title: "ШНОР-Монитор",
      tabs: [
        {
          name: "Сводка",
          kind: "output",
          columns: [
            { key: "indicator", header: "Показатель", format: "text" },
            { key: "value", header: "Значение", format: "integer" },
          ],
          rows: [["Учтено ответов", submissions]],
          frozenRows: 1,
        },
      ],
    };
  }

  it("a burst of 100 submissions makes a handful of batchUpdate calls, the last one carrying the final state", async () => {
    const clock = new FakeClock();
    const store = new MemoryMarkerStore();
    server.addSpreadsheet("territory-sheet");
    const client = createSheetsClient({ auth: staticTokenAuth("test-token"), rootUrl: server.rootUrl });
    const scheduler = new PublishScheduler({
      store,
      clock,
      publish: async (territoryId) => {
        const s = store.state(territoryId);
        const computedAt = s.markers.resultsComputedAt ?? undefined;
        const outcome = await publishWorkbook(client, "territory-sheet", workbookOf(s.resultsVersion), {
          effects: { sleep: async () => {}, random: () => 0 },
        });
        return outcome.success ? { success: true, data: { resultsComputedAt: computedAt } } : outcome;
      },
    });
    const shown = (): unknown[] =>
      server.writes().map((w) => {
        const requests = (
          w.body as {
            requests: {
              updateCells?: { rows?: { values?: { userEnteredValue?: { numberValue?: number } }[] }[] };
            }[];
          }
        ).requests;
        return requests.find((r) => r.updateCells)?.updateCells?.rows?.[1]?.values?.[1]?.userEnteredValue
          ?.numberValue;
      });

    // 100 submissions over 20 s, each followed by its publish request, as /submit does.
    for (let i = 0; i < 100; i++) {
      change(store, clock, "t1");
      await scheduler.requestPublish("t1");
      clock.advance(200);
    }
    clock.advance(40_000);
    await scheduler.flush(["t1"]);

    expect(server.writes().length).toBeGreaterThanOrEqual(2);
    expect(server.writes().length).toBeLessThanOrEqual(4);
    expect(shown().at(-1)).toBe(100);
    expect(server.writes().every((w) => w.status === 200)).toBe(true);
  });
});
