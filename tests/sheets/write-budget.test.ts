// The Sheets write budget's sliding window: 60 write requests in any 60 s, at and past the limit.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Grant,
  MemoryWriteBudget,
  reserveInWindow,
  SHEETS_WRITE_QUOTA,
} from "../../functions/src/sheets/google/write-budget.js";

const MINUTE = 60_000;

describe("reserveInWindow", () => {
  it.each<{
    name: string;
    grants: Grant[];
    count: number;
    now: number;
    granted: boolean;
    retryAfterMs?: number;
  }>([
    { name: "an empty window grants 60", grants: [], count: 60, now: 0, granted: true },
    {
      name: "the 61st request within the minute waits until the first 60 leave the window",
      grants: [{ at: 0, count: 60 }],
      count: 1,
      now: MINUTE - 1,
      granted: false,
      retryAfterMs: 1,
    },
    {
      name: "exactly one minute later the window is free again",
      grants: [{ at: 0, count: 60 }],
      count: 60,
      now: MINUTE,
      granted: true,
    },
    {
      name: "a sliding window, not calendar minutes: 30 + 30 half a minute apart leave no room until the first 30 leave",
      grants: [
        { at: 0, count: 30 },
        { at: 30_000, count: 30 },
      ],
      count: 1,
      now: 59_000,
      granted: false,
      retryAfterMs: 1_000,
    },
    {
      name: "a publish of 31 with 30 still in the window waits until they leave",
      grants: [
        { at: 0, count: 30 },
        { at: 30_000, count: 30 },
      ],
      count: 31,
      now: 60_000,
      granted: false,
      retryAfterMs: 30_000,
    },
    {
      name: "what is left of the minute is granted: 53 used, 7 wanted",
      grants: [{ at: 10_000, count: 53 }],
      count: 7,
      now: 20_000,
      granted: true,
    },
    {
      name: "53 used, 8 wanted: refused until the 53 leave",
      grants: [{ at: 10_000, count: 53 }],
      count: 8,
      now: 20_000,
      granted: false,
      retryAfterMs: 50_000,
    },
    {
      name: "a reservation above the limit only into an empty window",
      grants: [{ at: 0, count: 1 }],
      count: 61,
      now: 1_000,
      granted: false,
      retryAfterMs: 59_000,
    },
    { name: "…and then it is granted", grants: [], count: 61, now: 0, granted: true },
  ])("$name", ({ grants, count, now, granted, retryAfterMs }) => {
    const { decision, grants: log } = reserveInWindow(grants, count, now, SHEETS_WRITE_QUOTA);
    expect(decision.granted).toBe(granted);
    if (!decision.granted) expect(decision.retryAfterMs).toBe(retryAfterMs);
    // The stored log keeps only what is still in the window, plus the new grant.
    for (const g of log) expect(g.at).toBeGreaterThan(now - MINUTE);
    expect(log.reduce((sum, g) => sum + g.count, 0)).toBe(
      grants.filter((g) => g.at > now - MINUTE).reduce((sum, g) => sum + g.count, 0) + (granted ? count : 0),
    );
  });

  it("never lets any 60-s window hold more than 60 granted requests, whatever the sequence (property)", () => {
    let busiest = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 20_000 }), count: fc.integer({ min: 1, max: 20 }) }),
          {
            minLength: 1,
            maxLength: 80,
          },
        ),
        (steps) => {
          let log: Grant[] = [];
          const granted: Grant[] = [];
          let now = 0;
          for (const { gap, count } of steps) {
            now += gap;
            const result = reserveInWindow(log, count, now, SHEETS_WRITE_QUOTA);
            log = result.grants;
            if (result.decision.granted) granted.push({ at: now, count });
            else expect(result.decision.retryAfterMs).toBeGreaterThan(0);
          }
          for (const start of granted) {
            const inWindow = granted
              .filter((g) => g.at >= start.at && g.at < start.at + MINUTE)
              .reduce((sum, g) => sum + g.count, 0);
            busiest = Math.max(busiest, inWindow);
            expect(inWindow).toBeLessThanOrEqual(60);
          }
        },
      ),
      { numRuns: 300, seed: 2026 },
    );
    // Not vacuous: some sequences filled a window to the limit.
    expect(busiest).toBe(60);
  });
});

describe("MemoryWriteBudget", () => {
  it("grants 60 single writes in a minute, refuses the 61st, and grants again when the first leaves the window", async () => {
    let now = 1_000_000;
    const budget = new MemoryWriteBudget(() => now);
    for (let i = 0; i < 60; i++) {
      expect(await budget.reserve(1)).toEqual({ granted: true });
      now += 500;
    }
    expect(await budget.reserve(1)).toEqual({ granted: false, retryAfterMs: MINUTE - 60 * 500 });
    now = 1_000_000 + MINUTE;
    expect(await budget.reserve(1)).toEqual({ granted: true });
    expect(await budget.reserve(1)).toEqual({ granted: false, retryAfterMs: 500 });
  });
});
