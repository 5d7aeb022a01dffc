// The working group's Положение (seed 002, п. 3.2–3.3): quorum of more than half, majority votes, the chair's
// casting vote, and a meeting in every quarter.
import { describe, expect, it } from "vitest";
import type { Meeting } from "../../functions/src/contract/dataset.js";
import { quorumThreshold, workingGroupStatus } from "../../functions/src/domain/working-group.js";

const MSK = "Europe/Moscow";

function meeting(partial: Partial<Meeting> & Pick<Meeting, "date">): Meeting {
  return Object.freeze({ members: 10, present: 8, ...partial });
}

describe("quorum", () => {
  it.each([
    [10, 5, false, "кворума нет: присутствовали 5 из 10, нужно не менее 6"],
    [10, 6, true, "кворум есть: присутствовали 6 из 10, нужно не менее 6"],
    [11, 5, false, "кворума нет: присутствовали 5 из 11, нужно не менее 6"],
    [11, 6, true, "кворум есть: присутствовали 6 из 11, нужно не менее 6"],
    [2, 1, false, "кворума нет: присутствовали 1 из 2, нужно не менее 2"],
    [1, 1, true, "кворум есть: присутствовали 1 из 1, нужно не менее 1"],
  ])("%i members, %i present → quorum %s", (members, present, quorum, quorumText) => {
    const [m] = workingGroupStatus(
      [meeting({ date: "2025-10-10", members, present })],
      "2025-10-20",
      MSK,
    ).meetings;
    expect(m).toMatchObject({ quorum, quorumText });
    expect(quorumThreshold(members)).toBe(Math.floor(members / 2) + 1);
  });
});

describe("decisions", () => {
  type Decision = NonNullable<Meeting["decisions"]>[number];
  const decide = (d: Decision, extra: Partial<Meeting> = {}) => {
    const status = workingGroupStatus(
      [meeting({ date: "2025-10-10", decisions: [d], ...extra })],
      "2025-10-20",
      MSK,
    );
    const outcome = status.meetings[0]?.decisions[0];
    // Only the warnings about this meeting: the quarter reminder is not what these cases check.
    return { outcome, warnings: status.warnings.filter((w) => w.startsWith("Заседание 10.10.2025")) };
  };

  it.each([
    [{ for: 5, against: 2, abstained: 1 }, true, "принято: за 5, против 2, воздержались 1"],
    [{ for: 2, against: 5 }, false, "не принято: за 2, против 5"],
    [
      { for: 4, against: 4, chairVotedFor: true },
      true,
      "принято решающим голосом председательствующего: за 4, против 4",
    ],
    [
      { for: 4, against: 4, chairVotedFor: false },
      false,
      "не принято решающим голосом председательствующего: за 4, против 4",
    ],
  ])("%o → passed %s", (votes, passed, text) => {
    const { outcome, warnings } = decide({ title: "Утвердить план", ...votes });
    expect(outcome).toEqual({ title: "Утвердить план", passed, text });
    expect(warnings).toEqual([]);
  });

  it("a tie without the chair's vote recorded is not carried, and the coordinator is told", () => {
    const { outcome, warnings } = decide({ title: "Утвердить план", for: 4, against: 4 });
    expect(outcome?.passed).toBe(false);
    expect(outcome?.text).toBe(
      "не принято: голоса разделились поровну (за 4, против 4), голос председательствующего не указан",
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("голос председательствующего не указан");
  });

  it("a tie with the chair absent is not carried, even if a chair's vote was entered", () => {
    const { outcome, warnings } = decide(
      { title: "Утвердить план", for: 3, against: 3, chairVotedFor: true },
      { present: 7, chairPresent: false },
    );
    expect(outcome?.passed).toBe(false);
    expect(outcome?.text).toContain("руководитель отсутствовал");
    expect(warnings).toEqual([
      "Заседание 10.10.2025: по решению «Утвердить план» голоса разделились поровну (за 3, против 3), а руководитель рабочей группы отсутствовал — решение не принято.",
    ]);
  });

  it("a majority of the votes cast that is not a majority of those present passes, with a note", () => {
    const { outcome, warnings } = decide({ title: "Утвердить план", for: 3, against: 2, abstained: 3 });
    expect(outcome?.passed).toBe(true);
    expect(warnings[0]).toContain("не более половины присутствующих (8)");
  });

  it("a meeting without quorum decides nothing, whatever the votes", () => {
    const status = workingGroupStatus(
      [
        meeting({
          date: "2025-10-10",
          present: 5,
          decisions: [
            { title: "Утвердить план", for: 5, against: 0 },
            { title: "Закрепить пары", for: 3, against: 2 },
          ],
        }),
      ],
      "2025-10-20",
      MSK,
    );
    expect(status.meetings[0]?.decisions).toEqual([
      { title: "Утвердить план", passed: false, text: "не имеет силы: нет кворума (за 5, против 0)" },
      { title: "Закрепить пары", passed: false, text: "не имеет силы: нет кворума (за 3, против 2)" },
    ]);
    expect(status.warnings).toContain(
      "Заседание 10.10.2025: нет кворума (присутствовали 5 из 10, нужно не менее 6) — заседание неправомочно, решения не имеют силы: «Утвердить план», «Закрепить пары».",
    );
  });
});

describe("a meeting every quarter", () => {
  it.each([
    // [meetings, asOf, zone, quarters without a meeting]
    [["2025-09-10"], "2025-12-15", MSK, []],
    [[], "2025-10-05", MSK, ["III квартал 2025"]],
    [[], "2025-09-30", MSK, []],
    [
      ["2024-11-20", "2025-05-14"],
      "2026-01-10",
      MSK,
      ["I квартал 2025", "III квартал 2025", "IV квартал 2025"],
    ],
    // The first meeting after 1 September does not move the start: the academic year began in III квартал.
    [["2025-10-02"], "2026-04-01", MSK, ["III квартал 2025", "I квартал 2026"]],
    [["2025-12-31"], "2026-01-01", MSK, ["III квартал 2025"]],
    // The leap day is in I квартал; in July the academic year 2023/2024 still runs, from III квартал 2023.
    [["2023-09-05", "2023-11-10", "2024-02-29", "2024-05-01"], "2024-07-01", MSK, []],
    [["2023-09-05", "2023-11-10", "2024-05-01"], "2024-07-01", MSK, ["I квартал 2024"]],
    [["2024-02-29", "2024-05-01"], "2024-07-01", MSK, ["III квартал 2023", "IV квартал 2023"]],
    // One instant, different days: in Moscow and Vladivostok IV квартал is over, in Kaliningrad it is not.
    [["2025-09-10"], "2025-12-31T21:30:00Z", MSK, ["IV квартал 2025"]],
    [["2025-09-10"], "2025-12-31T21:30:00Z", "Asia/Vladivostok", ["IV квартал 2025"]],
    [["2025-09-10"], "2025-12-31T21:30:00Z", "Europe/Kaliningrad", []],
  ])("meetings %j on %s (%s) → %j", (dates, asOf, zone, missing) => {
    const status = workingGroupStatus(
      dates.map((date) => meeting({ date })),
      asOf,
      zone,
    );
    expect(status.quartersWithoutMeeting).toEqual(missing);
  });

  it("a quarter whose only meeting had no quorum has no valid meeting", () => {
    const status = workingGroupStatus(
      [meeting({ date: "2025-09-10" }), meeting({ date: "2025-11-12", present: 4 })],
      "2026-01-15",
      MSK,
    );
    expect(status.quartersWithoutMeeting).toEqual(["IV квартал 2025"]);
    expect(status.warnings[0]).toBe(
      "IV квартал 2025: правомочных заседаний не было — 12.11.2025 без кворума (по Положению — не реже 1 раза в квартал).",
    );
  });

  it("says in Russian which quarter was missed, and reminds about the current one near its end", () => {
    const status = workingGroupStatus([], "2025-12-15", MSK);
    expect(status.warnings).toEqual([
      "III квартал 2025: не было ни одного заседания рабочей группы (по Положению — не реже 1 раза в квартал).",
      "IV квартал 2025: заседаний с кворумом ещё не было, до конца квартала 16 дн. (по 31.12.2025).",
    ]);
    // 31 days before the end of the quarter: no reminder yet.
    expect(workingGroupStatus([meeting({ date: "2025-09-01" })], "2025-11-30", MSK).warnings).toEqual([]);
    expect(workingGroupStatus([meeting({ date: "2025-09-01" })], "2025-12-01", MSK).warnings).toHaveLength(1);
  });

  it("leaves out a meeting that has not happened yet in the territory", () => {
    const newYear = [meeting({ date: "2025-09-10" }), meeting({ date: "2026-01-01" })];
    const moscow = workingGroupStatus(newYear, "2025-12-31T21:30:00Z", MSK);
    const kaliningrad = workingGroupStatus(newYear, "2025-12-31T21:30:00Z", "Europe/Kaliningrad");
    expect(moscow.meetings.map((m) => m.date)).toEqual(["2025-09-10", "2026-01-01"]);
    expect(kaliningrad.meetings.map((m) => m.date)).toEqual(["2025-09-10"]);
    expect(kaliningrad.warnings).toContain(
      "Заседание 01.01.2026 ещё не состоялось (дата позже 31.12.2025) — не учтено.",
    );
  });

  it("lists meetings in date order whatever order they were entered in", () => {
    const status = workingGroupStatus(
      [meeting({ date: "2025-11-12" }), meeting({ date: "2025-09-10" }), meeting({ date: "2025-10-01" })],
      "2025-12-01",
      MSK,
    );
    expect(status.meetings.map((m) => m.date)).toEqual(["2025-09-10", "2025-10-01", "2025-11-12"]);
  });
});
