// Academic years, quarters and the monitoring calendar read on the territory's calendar, not on UTC.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  academicQuarterOfDate,
  academicYearOf,
  academicYearQuarters,
  academicYearSpan,
  calendarQuarterOfDate,
  calendarYearQuarters,
  daysBetween,
  formatRuDate,
  localDate,
  monitoringCalendar,
  monitoringStatus,
  parseAsOf,
  territoryTimeZone,
} from "../../functions/src/domain/academic-calendar.js";

describe("academicYearOf", () => {
  it.each([
    ["2025-08-31T23:30", "Europe/Moscow", "2024/2025"],
    ["2025-09-01T00:10", "Europe/Moscow", "2025/2026"],
    ["2025-09-01", "Europe/Moscow", "2025/2026"],
    ["2025-08-31", "Asia/Vladivostok", "2024/2025"],
    ["2026-01-01", "Europe/Moscow", "2025/2026"],
    ["2024-02-29", "Europe/Moscow", "2023/2024"],
    // One instant, three territories: 21:10 UTC is 00:10 on 1 September in Moscow, 23:10 on 31 August in
    // Kaliningrad; 14:10 UTC is already 00:10 on 1 September in Vladivostok.
    ["2025-08-31T21:10:00Z", "Europe/Moscow", "2025/2026"],
    ["2025-08-31T21:10:00Z", "Europe/Kaliningrad", "2024/2025"],
    ["2025-08-31T14:10:00Z", "Asia/Vladivostok", "2025/2026"],
    ["2025-08-31T14:10:00Z", "Europe/Moscow", "2024/2025"],
  ])("%s in %s → %s", (asOf, zone, year) => {
    expect(academicYearOf(asOf, zone)).toBe(year);
  });

  it("reads a luxon instant in the territory's zone, whatever zone it carries", () => {
    const instant = DateTime.fromISO("2025-08-31T23:30", { zone: "Europe/Moscow" });
    expect(academicYearOf(instant, "Europe/Moscow")).toBe("2024/2025");
    expect(academicYearOf(instant.setZone("UTC"), "Europe/Moscow")).toBe("2024/2025");
    expect(academicYearOf(instant, "Asia/Vladivostok")).toBe("2025/2026");
    expect(localDate(instant, "Asia/Vladivostok")).toBe("2025-09-01");
  });

  it("spans 1 September to 31 August", () => {
    expect(academicYearSpan("2024/2025")).toEqual({ start: "2024-09-01", end: "2025-08-31" });
  });
});

describe("quarters", () => {
  it.each([
    ["2025-03-31", "I квартал 2025", "2025-01-01", "2025-03-31"],
    ["2025-04-01", "II квартал 2025", "2025-04-01", "2025-06-30"],
    ["2025-09-30", "III квартал 2025", "2025-07-01", "2025-09-30"],
    ["2025-12-31", "IV квартал 2025", "2025-10-01", "2025-12-31"],
    ["2024-02-29", "I квартал 2024", "2024-01-01", "2024-03-31"],
  ])("calendar quarter of %s is «%s»", (date, label, start, end) => {
    expect(calendarQuarterOfDate(date)).toMatchObject({ label, start, end });
  });

  it("a calendar year has four quarters covering every day", () => {
    const quarters = calendarYearQuarters(2024);
    expect(quarters.map((q) => q.label)).toEqual([
      "I квартал 2024",
      "II квартал 2024",
      "III квартал 2024",
      "IV квартал 2024",
    ]);
    const days = quarters.reduce((sum, q) => sum + daysBetween(q.start, q.end) + 1, 0);
    expect(days).toBe(366);
  });

  it("academic quarters run from 1 September, the winter one to 29 February in a leap year", () => {
    expect(academicYearQuarters("2023/2024").map((q) => [q.start, q.end])).toEqual([
      ["2023-09-01", "2023-11-30"],
      ["2023-12-01", "2024-02-29"],
      ["2024-03-01", "2024-05-31"],
      ["2024-06-01", "2024-08-31"],
    ]);
    expect(academicYearQuarters("2024/2025")[1]?.end).toBe("2025-02-28");
  });

  it.each([
    ["2024-02-29", "2-й квартал 2023/2024 учебного года"],
    ["2024-03-01", "3-й квартал 2023/2024 учебного года"],
    ["2024-08-31", "4-й квартал 2023/2024 учебного года"],
    ["2024-09-01", "1-й квартал 2024/2025 учебного года"],
  ])("academic quarter of %s is «%s»", (date, label) => {
    expect(academicQuarterOfDate(date).label).toBe(label);
  });
});

describe("monitoring calendar", () => {
  it("names and dates входной, промежуточный and итоговый мониторинг of a year", () => {
    expect(monitoringCalendar("2025/2026")).toEqual([
      {
        kind: "entry",
        name: "Входной мониторинг",
        year: "2025/2026",
        start: "2025-09-01",
        end: "2025-10-31",
      },
      {
        kind: "intermediate",
        name: "Промежуточный мониторинг",
        year: "2025/2026",
        start: "2025-12-01",
        end: "2026-01-31",
      },
      {
        kind: "final",
        name: "Итоговый мониторинг",
        year: "2025/2026",
        start: "2026-04-01",
        end: "2026-05-31",
      },
    ]);
  });

  const byKind = (asOf: string, zone = "Europe/Moscow") =>
    Object.fromEntries(monitoringStatus(asOf, zone).map((w) => [`${w.kind} ${w.year}`, [w.status, w.text]]));

  it.each([
    // 1 November is 30 days before 1 December: upcoming; 31 October is 31 days before: not yet.
    ["2025-11-01", "intermediate 2025/2026", "upcoming", "начало через 30 дн. (01.12.2025)"],
    ["2025-10-31", "intermediate 2025/2026", "later", "запланирован на 01.12.2025 – 31.01.2026"],
    ["2025-10-31", "entry 2025/2026", "current", "идёт, сегодня последний день (по 31.10.2025)"],
    ["2025-11-01", "entry 2025/2026", "past", "завершён 31.10.2025"],
    ["2026-01-20", "intermediate 2025/2026", "current", "идёт, до окончания 11 дн. (по 31.01.2026)"],
    ["2026-03-02", "final 2025/2026", "upcoming", "начало через 30 дн. (01.04.2026)"],
    ["2026-03-01", "final 2025/2026", "later", "запланирован на 01.04.2026 – 31.05.2026"],
  ])("on %s: %s is %s", (asOf, key, status, text) => {
    expect(byKind(asOf)[key]).toEqual([status, text]);
  });

  it("in August shows the next year's входной мониторинг as upcoming, the past year's rounds as over", () => {
    const w = byKind("2025-08-15");
    expect(w["entry 2025/2026"]).toEqual(["upcoming", "начало через 17 дн. (01.09.2025)"]);
    expect(w["final 2024/2025"]).toEqual(["past", "завершён 31.05.2025"]);
    expect(Object.keys(byKind("2025-07-01"))).not.toContain("entry 2025/2026");
  });

  it("an instant late on 31 August is already the new year's entry round in Vladivostok", () => {
    const asOf = "2025-08-31T15:00:00Z";
    expect(byKind(asOf, "Asia/Vladivostok")["entry 2025/2026"]?.[0]).toBe("current");
    expect(byKind(asOf, "Europe/Moscow")["entry 2025/2026"]?.[0]).toBe("upcoming");
  });
});

describe("edges", () => {
  it("counts calendar days across a year end and a leap day", () => {
    expect(daysBetween("2025-12-31", "2026-01-12")).toBe(12);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2025-02-28", "2025-03-01")).toBe(1);
    expect(formatRuDate("2024-02-29")).toBe("29.02.2024");
  });

  it("uses Moscow when the territory names no zone", () => {
    expect(territoryTimeZone({})).toBe("Europe/Moscow");
    expect(territoryTimeZone({ timeZone: "Asia/Vladivostok" })).toBe("Asia/Vladivostok");
  });

  it.each([
    ["2025-02-30", "Europe/Moscow", "invalid_as_of"],
    ["31.12.2025", "Europe/Moscow", "invalid_as_of"],
    ["2025-12-31", "Europe/Mosc", "invalid_time_zone"],
  ])("refuses «%s» in %s with %s at the edge", (asOf, zone, code) => {
    const parsed = parseAsOf(asOf, zone);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.code).toBe(code);
  });

  it("accepts a valid «as of» as the territory's calendar date", () => {
    expect(parseAsOf("2025-08-31T21:10:00Z", "Europe/Moscow")).toEqual({ success: true, data: "2025-09-01" });
  });
});
