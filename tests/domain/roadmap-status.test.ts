// Roadmap status on a day of the territory: a measure is overdue only from the day after its deadline there.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { RoadmapItem } from "../../functions/src/contract/dataset.js";
import { roadmapStatus } from "../../functions/src/domain/roadmap-status.js";

const MSK = "Europe/Moscow";

function item(partial: Partial<RoadmapItem> & Pick<RoadmapItem, "from" | "to">): RoadmapItem {
  return Object.freeze({ id: "1.1", title: "Мероприятие", ...partial });
}

function one(i: RoadmapItem, asOf: string | DateTime, zone = MSK) {
  const [row] = roadmapStatus([i], asOf, zone).items;
  if (row === undefined) throw new Error("no row");
  return row;
}

describe("roadmapStatus: one measure", () => {
  const dueYearEnd = item({ from: "2025-09-01", to: "2025-12-31" });

  it.each([
    // [asOf, status, statusText, days field, value]
    ["2025-12-31", "in_progress", "в работе, срок сегодня", "daysLeft", 0],
    ["2025-12-28", "in_progress", "в работе, срок через 3 дн.", "daysLeft", 3],
    ["2026-01-01", "overdue", "просрочено на 1 дн.", "daysOverdue", 1],
    ["2026-01-12", "overdue", "просрочено на 12 дн.", "daysOverdue", 12],
    ["2025-09-01", "in_progress", "в работе, срок через 121 дн.", "daysLeft", 121],
    ["2025-08-25", "upcoming", "начало через 7 дн.", "daysUntilStart", 7],
    // The 30-day window: day 30 is upcoming, day 31 is only planned.
    ["2025-08-02", "upcoming", "начало через 30 дн.", "daysUntilStart", 30],
    ["2025-08-01", "planned", "запланировано", "daysUntilStart", 31],
  ] as const)("on %s: %s «%s»", (asOf, status, statusText, field, value) => {
    const row = one(dueYearEnd, asOf);
    expect(row).toMatchObject({ status, statusText, [field]: value });
  });

  it.each([
    ["2025-12-31", "done", "выполнено", undefined],
    ["2025-10-15", "done", "выполнено", undefined],
    ["2026-01-05", "done_late", "выполнено с опозданием на 5 дн.", 5],
  ] as const)("done on %s: %s", (done, status, statusText, daysOverdue) => {
    const row = one(item({ from: "2025-09-01", to: "2025-12-31", done }), "2026-02-01");
    expect(row.status).toBe(status);
    expect(row.statusText).toBe(statusText);
    expect(row.daysOverdue).toBe(daysOverdue);
  });

  it("counts the deadline on the territory's calendar, not in UTC", () => {
    // 2025-12-31T21:30Z is already 1 January in Moscow (UTC+3) and Vladivostok (UTC+10), still 31 December
    // in Kaliningrad (UTC+2).
    const instant = "2025-12-31T21:30:00Z";
    expect(one(dueYearEnd, instant, "Europe/Moscow").status).toBe("overdue");
    expect(one(dueYearEnd, instant, "Asia/Vladivostok").status).toBe("overdue");
    expect(one(dueYearEnd, instant, "Europe/Kaliningrad").status).toBe("in_progress");
    // 14:30 UTC on 31 December: Vladivostok has passed midnight, Moscow has not.
    const earlier = DateTime.fromISO("2025-12-31T14:30:00Z", { zone: "utc" });
    expect(one(dueYearEnd, earlier, "Asia/Vladivostok").statusText).toBe("просрочено на 1 дн.");
    expect(one(dueYearEnd, earlier, "Europe/Moscow").statusText).toBe("в работе, срок сегодня");
  });

  it("crosses the leap day by its real length", () => {
    const dueFeb28 = item({ from: "2024-02-01", to: "2024-02-28" });
    expect(one(dueFeb28, "2024-02-29").statusText).toBe("просрочено на 1 дн.");
    expect(one(dueFeb28, "2024-03-01").statusText).toBe("просрочено на 2 дн.");
    expect(one(item({ from: "2024-03-01", to: "2024-03-31" }), "2024-01-31").statusText).toBe(
      "начало через 30 дн.",
    );
  });

  it("does not count a completion date that has not come yet", () => {
    const result = roadmapStatus(
      [item({ from: "2025-09-01", to: "2025-10-31", done: "2025-11-20" })],
      "2025-11-10",
      MSK,
    );
    expect(result.items[0]?.status).toBe("overdue");
    expect(result.items[0]?.done).toBeUndefined();
    expect(result.warnings.some((w) => w.includes("20.11.2025 ещё не наступила"))).toBe(true);
  });
});

describe("roadmapStatus: the table", () => {
  const roadmap: RoadmapItem[] = Object.freeze([
    item({ id: "2.1", title: "КПК школьных команд", from: "2025-09-01", to: "2025-11-30" }),
    item({
      id: "1.3",
      title: "Партнёрские договоры",
      from: "2025-04-01",
      to: "2025-04-30",
      responsible: "Руководители ОУ",
    }),
    item({
      id: "1.2",
      title: "Школьные программы",
      from: "2025-04-01",
      to: "2025-04-30",
      done: "2025-04-20",
    }),
    item({ id: "3.2", title: "Мониторинг дорожной карты", from: "2026-04-01", to: "2026-06-30" }),
    item({ id: "2.10", title: "Наставничество «учитель–учитель»", from: "2025-12-20", to: "2026-05-31" }),
    item({
      id: "2.6",
      title: "Методические десанты",
      from: "2025-10-01",
      to: "2025-11-30",
      done: "2025-11-25",
    }),
  ]) as RoadmapItem[];

  const result = roadmapStatus(roadmap, "2025-12-01", MSK);

  it("puts overdue measures first, the longest overdue on top, then the rest by deadline", () => {
    expect(result.items.map((r) => [r.id, r.status])).toEqual([
      ["1.3", "overdue"],
      ["2.1", "overdue"],
      ["1.2", "done"],
      ["2.6", "done"],
      ["2.10", "upcoming"],
      ["3.2", "planned"],
    ]);
    expect(result.asOf).toBe("2025-12-01");
    expect(result.counts).toEqual({
      done: 2,
      done_late: 0,
      in_progress: 0,
      overdue: 2,
      upcoming: 1,
      planned: 1,
    });
  });

  it("gives the same table whatever order the measures were entered in", () => {
    const reversed = roadmapStatus([...roadmap].reverse(), "2025-12-01", MSK);
    expect(reversed).toEqual(result);
  });

  it("warns about each overdue measure in Russian, naming the deadline and who is responsible", () => {
    expect(result.warnings).toEqual([
      "Мероприятие «Партнёрские договоры» просрочено на 215 дн. (срок 30.04.2025, ответственный: Руководители ОУ).",
      "Мероприятие «КПК школьных команд» просрочено на 1 дн. (срок 30.11.2025).",
    ]);
  });

  it("keeps the responsible person on the row and leaves it out when not given", () => {
    expect(result.items[0]?.responsible).toBe("Руководители ОУ");
    expect("responsible" in (result.items[1] ?? {})).toBe(false);
  });

  it("reports impossible dates and repeated codes instead of guessing", () => {
    const bad = roadmapStatus(
      [
        item({ id: "x", title: "Семинар", from: "2025-02-30", to: "2025-03-10" }),
        item({ id: "y", title: "Совещание", from: "2025-03-01", to: "2025-03-10" }),
        item({ id: "y", title: "Совещание 2", from: "2025-03-12", to: "2025-03-01" }),
      ],
      "2025-02-25",
      MSK,
    );
    expect(bad.items.map((r) => r.id)).toEqual(["y", "y"]);
    expect(bad.warnings).toEqual([
      "Мероприятие «Семинар» (x): такой даты нет (2025-02-30) — статус не определён.",
      "Код мероприятия «y» повторяется — проверьте дорожную карту.",
      "Мероприятие «Совещание 2» (y): срок окончания 01.03.2025 раньше начала 12.03.2025.",
    ]);
  });

  it("honours a different upcoming horizon", () => {
    const row = roadmapStatus([item({ from: "2025-12-08", to: "2025-12-20" })], "2025-12-01", MSK, {
      upcomingDays: 7,
    }).items[0];
    expect(row?.status).toBe("upcoming");
    const later = roadmapStatus([item({ from: "2025-12-09", to: "2025-12-20" })], "2025-12-01", MSK, {
      upcomingDays: 7,
    }).items[0];
    expect(later?.status).toBe("planned");
  });
});
