// Working days: the Labour Code's holidays and transfers (ст. 112), weekends, and the territory's «Нерабочие дни».
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../../functions/src/domain/academic-calendar.js";
import {
  addWorkingDays,
  FEDERAL_HOLIDAYS,
  transferredDaysOff,
  workingCalendar,
} from "../../functions/src/domain/working-days.js";

const federal = workingCalendar([]);

describe("working days", () => {
  it("knows the fourteen federal non-working holidays of ст. 112", () => {
    expect(FEDERAL_HOLIDAYS).toHaveLength(14);
    expect(federal.dayOff("2025-01-07")).toBe("Рождество Христово (ТК РФ, ст. 112)");
    expect(federal.dayOff("2025-06-12")).toBe("День России (ТК РФ, ст. 112)");
    expect(federal.dayOff("2025-11-04")).toBe("День народного единства (ТК РФ, ст. 112)");
    expect(federal.isWorkingDay("2025-11-05")).toBe(true);
  });

  it.each([
    // 8 March 2026 is a Sunday: Monday the 9th is off
    ["2026-03-09", false],
    // 9 May 2026 is a Saturday: Monday the 11th is off
    ["2026-05-11", false],
    // 4 November 2023 was a Saturday: Monday the 6th was off
    ["2023-11-06", false],
    // 1 January 2022 was a Saturday: the January weekends move by Government decree only, not by the code
    ["2022-01-10", true],
    ["2026-05-12", true],
    ["2026-05-16", false],
  ])("%s is a working day: %s", (date, working) => {
    expect(federal.isWorkingDay(date)).toBe(working);
  });

  it("moves two weekend holidays in a row to two different days", () => {
    // 2021: 8 May was a Saturday (not a holiday), 9 May a Sunday → Monday 10 May off
    expect([...transferredDaysOff(2021).keys()]).toContain("2021-05-10");
    // 2027: 1 May is a Saturday → Monday 3 May off; 9 May is a Sunday → Monday 10 May off
    const moved = transferredDaysOff(2027);
    expect(moved.get("2027-05-03")).toMatch(/перенос выходного дня с 1\.05/);
    expect(moved.get("2027-05-10")).toMatch(/перенос выходного дня с 9\.05/);
  });

  it("lets the territory's tab add regional holidays and working Saturdays, and it wins", () => {
    const bashkortostan = workingCalendar([
      { date: "2024-10-11", kind: "dayOff", note: "День Республики Башкортостан" },
      { date: "2024-11-02", kind: "workday", note: "рабочая суббота (перенос)" },
    ]);
    expect(federal.isWorkingDay("2024-10-11")).toBe(true);
    expect(bashkortostan.dayOff("2024-10-11")).toBe("День Республики Башкортостан");
    expect(federal.isWorkingDay("2024-11-02")).toBe(false);
    expect(bashkortostan.isWorkingDay("2024-11-02")).toBe(true);
  });

  it("counts a 10-working-day review period past the May holidays", () => {
    // 29, 30 April, 4–8 May, 12–14 May: 1, 2, 3, 9, 10 and 11 May are days off
    expect(addWorkingDays("2026-04-28", 10, federal)).toBe("2026-05-14");
    // a regional holiday inside the period pushes the deadline one working day on
    const tatarstan = workingCalendar([{ date: "2026-05-13", kind: "dayOff", note: "Ураза-байрам" }]);
    expect(addWorkingDays("2026-04-28", 10, tatarstan)).toBe("2026-05-15");
  });

  it("ends a period on a working day with exactly that many working days after the start", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 1, max: 40 }), (offset, count) => {
        const start = addDays("2022-01-01", offset);
        const end = addWorkingDays(start, count, federal);
        expect(federal.isWorkingDay(end)).toBe(true);
        let working = 0;
        for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) if (federal.isWorkingDay(d)) working++;
        expect(working).toBe(count);
      }),
      { numRuns: 200 },
    );
  });
});
