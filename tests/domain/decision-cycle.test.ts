// The decision cycle's pure steps: a draft from the computation, an objection's status from the meetings, «Утвердить списки», a school's timeline.
import { describe, expect, it } from "vitest";
import type { Meeting } from "../../functions/src/contract/dataset.js";
import type { Approval, Draft } from "../../functions/src/contract/decision-cycle.js";
import { DEFAULT_SETTINGS } from "../../functions/src/contract/methodology-settings.js";
import { decideApproval } from "../../functions/src/domain/approval-decision.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { draftFromResults, sameDraft } from "../../functions/src/domain/draft-lists.js";
import { objectionStates } from "../../functions/src/domain/objection-status.js";
import { supportTimeline } from "../../functions/src/domain/support-timeline.js";
import { workingCalendar } from "../../functions/src/domain/working-days.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

const dataset = generateSampleTerritory({ schools: 24, years: 3, seed: 2026 });
const computed = computeResults(dataset, DEFAULT_SETTINGS);
if (!computed.success) throw new Error(computed.error.message);
const results = computed.data;
const draft: Draft = draftFromResults(results, dataset, {
  number: 1,
  createdAt: "2026-04-28T07:00:00.000Z",
  createdBy: "metodist@example.ru",
  date: "2026-04-28",
  dataVersion: 7,
  reviewWorkingDays: 10,
  calendar: workingCalendar([]),
});
const [first, second] = draft.schools;
if (first === undefined || second === undefined) throw new Error("the sample lists fewer than two schools");

const meeting = (
  date: string,
  decisions: NonNullable<Meeting["decisions"]>,
  extra: Partial<Meeting> = {},
): Meeting => ({
  date,
  protocol: "3",
  members: 9,
  present: 7,
  chairPresent: true,
  chair: "Иванова А. П.",
  secretary: "Петров С. В.",
  decisions,
  ...extra,
});
const approveAll = {
  title: "Утвердить списки ШНОР и ШНСУ",
  for: 6,
  against: 1,
  action: "approveLists" as const,
};
const context = (meetings: Meeting[], approvals: Approval[] = []) => ({
  meetings,
  drafts: [draft],
  approvals,
  today: "2026-05-20",
  approvedAt: "2026-05-20T08:00:00.000Z",
  approvedBy: "metodist@example.ru",
  mentorOf: (id: string) => results.schools.find((s) => s.schoolId === id)?.mentorId ?? undefined,
});

describe("draft", () => {
  it("takes a repeated draft for the same one, and a draft of another day or other schools for a new one", () => {
    const again = { ...draft, number: 2, createdAt: "2026-04-28T07:05:00.000Z", dataVersion: 8 };
    expect(sameDraft(draft, again)).toBe(true);
    expect(sameDraft(draft, { ...again, date: "2026-04-29", reviewDeadline: "2026-05-15" })).toBe(false);
    expect(sameDraft(draft, { ...again, schools: draft.schools.slice(1) })).toBe(false);
    expect(
      sameDraft(draft, {
        ...again,
        schools: [{ ...first, emails: ["new@example.ru"] }, ...draft.schools.slice(1)],
      }),
    ).toBe(false);
  });

  it("snapshots every listed school with its list reasons, the method and the data version, and a deadline in working days", () => {
    const listed = results.schools.filter((s) =>
      s.categories.some((c) => c === "lowResults" || c === "adverseSocial"),
    );
    expect(draft.schools.map((s) => s.schoolId)).toEqual(listed.map((s) => s.schoolId));
    expect(draft.methodology).toEqual({ version: results.methodology.version, preset: null });
    expect(draft.dataVersion).toBe(7);
    expect(draft.reviewDeadline).toBe("2026-05-14");
    for (const school of draft.schools) {
      expect(school.reasons.length).toBeGreaterThan(0);
      expect(school.reasons.every((r) => school.categories.includes(r.category))).toBe(true);
      expect(school.emails.length).toBeGreaterThan(0);
    }
  });
});

describe("objection status", () => {
  const objection = {
    id: "o1",
    schoolId: first.schoolId,
    date: "2026-05-05",
    request: "exclude" as const,
    lists: [],
  };

  it.each([
    ["no meeting yet", [], "new", ""],
    [
      "a meeting planned after today",
      [
        meeting("2026-06-10", [
          { title: "Об обращении", for: 0, against: 0, action: "exclude", schoolIds: [first.schoolId] },
        ]),
      ],
      "review",
      "вынесено на заседание 10.06.2026, протокол № 3",
    ],
    [
      "a carried decision not to include it",
      [
        meeting("2026-05-15", [
          {
            title: "Не включать",
            for: 5,
            against: 2,
            action: "exclude",
            schoolIds: [first.schoolId],
            grounds: "данные ГИА исправлены школой",
          },
        ]),
      ],
      "accepted",
      "заседание 15.05.2026, протокол № 3: данные ГИА исправлены школой (принято: за 5, против 2 из 7 присутствующих)",
    ],
    [
      "a carried decision to include it",
      [
        meeting("2026-05-15", [
          {
            title: "Включить",
            for: 5,
            against: 2,
            action: "include",
            lists: ["lowResults"],
            schoolIds: [first.schoolId],
          },
        ]),
      ],
      "rejected",
      "заседание 15.05.2026, протокол № 3: Включить (принято: за 5, против 2 из 7 присутствующих)",
    ],
    [
      "a meeting without quorum",
      [
        meeting(
          "2026-05-15",
          [{ title: "Не включать", for: 4, against: 0, action: "exclude", schoolIds: [first.schoolId] }],
          { present: 4 },
        ),
      ],
      "review",
      "нет кворума",
    ],
    [
      "the lists approved whole, nothing on the school",
      [meeting("2026-05-15", [approveAll])],
      "rejected",
      "списки утверждены без изменений по школе",
    ],
    [
      "a decision dated before the objection",
      [
        meeting("2026-05-01", [
          {
            title: "Включить",
            for: 5,
            against: 2,
            action: "include",
            lists: ["lowResults"],
            schoolIds: [first.schoolId],
          },
        ]),
      ],
      "new",
      "",
    ],
  ] as const)("%s → %s", (_, meetings, status, answer) => {
    const [state] = objectionStates([objection], meetings as unknown as Meeting[], "2026-05-20");
    expect(state?.status).toBe(status);
    expect(state?.answer).toContain(answer);
  });

  it("answers an objection about one list only by a decision on that list (or on every list)", () => {
    const onLowResults = { ...objection, lists: ["lowResults" as const] };
    const decision = (lists?: ("lowResults" | "adverseSocial")[]) =>
      meeting("2026-05-15", [
        {
          title: "Не включать в список",
          for: 5,
          against: 2,
          action: "exclude" as const,
          schoolIds: [first.schoolId],
          ...(lists !== undefined ? { lists } : {}),
        },
        approveAll,
      ]);
    const status = (m: Meeting) => objectionStates([onLowResults], [m], "2026-05-20")[0];
    // kept on ШНОР, taken off ШНСУ only: the school's request is not granted, and «Обращения» must not say it was
    expect(status(decision(["adverseSocial"]))).toMatchObject({
      status: "rejected",
      answer: expect.stringContaining("списки утверждены без изменений по школе"),
    });
    expect(status(decision(["lowResults"]))?.status).toBe("accepted");
    expect(status(decision())?.status).toBe("accepted");
    expect(status(decision(["lowResults", "adverseSocial"]))?.status).toBe("accepted");
  });
});

describe("«Утвердить списки»", () => {
  const order = { number: "45-од", date: "2026-05-18" };

  it("approves the draft with the carried decisions on single schools, and says which did not carry", () => {
    const m = meeting("2026-05-15", [
      {
        title: "Не включать школу в ШНОР",
        for: 5,
        against: 1,
        action: "exclude",
        schoolIds: [first.schoolId],
        grounds: "обращение школы",
      },
      { title: "Не включать вторую", for: 3, against: 3, action: "exclude", schoolIds: [second.schoolId] },
      approveAll,
    ]);
    const outcome = decideApproval({ order }, context([m]));
    if (!outcome.success) throw new Error(outcome.error.message);
    const { approval, notCarried } = outcome.data;
    expect(approval).toMatchObject({
      version: 1,
      year: results.year,
      reason: "decision",
      draft: 1,
      order,
      meeting: { date: "2026-05-15", protocol: "3" },
    });
    expect(approval.schools.map((s) => s.schoolId)).not.toContain(first.schoolId);
    expect(approval.schools.map((s) => s.schoolId)).toContain(second.schoolId);
    expect(notCarried).toEqual([
      expect.stringContaining("«При равенстве голосов голос председательствующего является решающим»"),
    ]);
    // the same meeting is not approved twice: only a new decision changes approved lists
    const again = decideApproval(
      { order: { number: "46-од", date: "2026-05-19" } },
      context([m], [approval]),
    );
    expect(!again.success && again.error.code).toBe("already_approved");
  });

  it.each([
    [
      "no quorum",
      meeting("2026-05-15", [approveAll], { present: 4 }),
      "decision_refused",
      /нет кворума.*п\. 3\.2/,
    ],
    [
      "no majority of those present",
      meeting("2026-05-15", [{ ...approveAll, for: 3, against: 1, abstained: 3 }]),
      "decision_refused",
      /большинства голосов присутствующих.*«Решение Рабочей группы принимается простым большинством голосов от числа присутствующих на заседании»/,
    ],
    [
      "a meeting not yet held",
      meeting("2026-06-15", [approveAll]),
      "no_meeting",
      /нет заседания с решением о списках/,
    ],
  ] as const)("refuses with %s", (_, m, code, message) => {
    const outcome = decideApproval({ order: { number: "1", date: "2026-06-20" } }, context([m]));
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(outcome.error.code).toBe(code);
    expect(outcome.error.message).toMatch(message);
  });

  it("refuses an order dated before its meeting, and a correction with nothing to correct", () => {
    const early = decideApproval(
      { order: { number: "1", date: "2026-05-01" } },
      context([meeting("2026-05-15", [approveAll])]),
    );
    expect(!early.success && early.error.message).toBe(
      "Списки не утверждены: приказ от 01.05.2026 не может быть раньше решения рабочей группы (заседание 15.05.2026 (протокол № 3)).",
    );
    const correction = decideApproval({ order, correction: { note: "опечатка" } }, context([]));
    expect(!correction.success && correction.error.message).toBe(
      "Исправлять нечего: утверждённых списков ещё нет.",
    );
  });

  it("makes a correction a new version of the same lists, and a later decision a new version of the lists in force", () => {
    const first1 = decideApproval({ order }, context([meeting("2026-05-15", [approveAll])]));
    if (!first1.success) throw new Error(first1.error.message);
    const v1 = first1.data.approval;
    const fixed = decideApproval(
      { order: { number: "45-од/1", date: "2026-05-19" }, correction: { note: "опечатка в номере" } },
      context([], [v1]),
    );
    if (!fixed.success) throw new Error(fixed.error.message);
    expect(fixed.data.approval).toMatchObject({
      version: 2,
      reason: "correction",
      note: "опечатка в номере",
      schools: v1.schools,
    });
    const replayed = decideApproval(
      { order: { number: "45-од/1", date: "2026-05-19" }, correction: { note: "опечатка в номере" } },
      context([], [v1, fixed.data.approval]),
    );
    expect(!replayed.success && replayed.error).toEqual({
      code: "nothing_to_correct",
      message: "Исправлять нечего: списки в силе (версия 2) уже утверждены приказом № 45-од/1 от 19.05.2026.",
    });
    const later = meeting(
      "2026-06-01",
      [
        {
          title: "Исключить",
          for: 6,
          against: 0,
          action: "remove",
          schoolIds: [second.schoolId],
          lists: second.categories,
          grounds: "выход по критериям",
        },
      ],
      { protocol: "4" },
    );
    const v3 = decideApproval(
      { order: { number: "60-од", date: "2026-06-02" } },
      { ...context([later], [v1, fixed.data.approval]), today: "2026-06-05" },
    );
    if (!v3.success) throw new Error(v3.error.message);
    expect(v3.data.approval.version).toBe(3);
    expect(v3.data.approval.schools.map((s) => s.schoolId)).not.toContain(second.schoolId);
    expect(v3.data.approval.schools.length).toBe(v1.schools.length - 1);
  });

  it("approves the draft the meeting could have seen: the latest made on its day or before, never a later one", () => {
    const later: Draft = { ...draft, number: 2, date: "2026-05-18", createdAt: "2026-05-18T07:00:00.000Z" };
    const drafts = { drafts: [draft, later] };
    const approved = decideApproval(
      { order },
      { ...context([meeting("2026-05-15", [approveAll])]), ...drafts },
    );
    expect(approved.success && approved.data.approval.draft).toBe(1);
    const sameDay = decideApproval(
      { order },
      { ...context([meeting("2026-05-18", [approveAll])]), ...drafts },
    );
    expect(sameDay.success && sameDay.data.approval.draft).toBe(2);
    const lastAutumn = decideApproval(
      { order: { number: "1", date: "2025-10-02" } },
      context([meeting("2025-10-01", [approveAll])]),
    );
    expect(!lastAutumn.success && lastAutumn.error).toEqual({
      code: "no_draft",
      message:
        "Списки не утверждены: к заседанию 01.10.2025 (протокол № 3) проекта списков ещё не было — проект № 1 сформирован 28.04.2026. Утвердить проект может только заседание в день его формирования или позже.",
    });
    const named = decideApproval(
      { order },
      { ...context([meeting("2026-05-15", [{ ...approveAll, draft: 2 }])]), ...drafts },
    );
    expect(!named.success && named.error.message).toBe(
      "Списки не утверждены: к заседанию 15.05.2026 (протокол № 3) проекта списков № 2 ещё не было — он сформирован 18.05.2026. Утвердить проект может только заседание в день его формирования или позже.",
    );
  });

  it.each([
    [
      "a date alone on a day of two meetings",
      { date: "2026-05-15" },
      ["3", "4"],
      "(протоколы № 3, № 4) — укажите номер протокола",
    ],
    [
      "a protocol number entered twice for one day",
      { date: "2026-05-15", protocol: "3" },
      ["3", "3"],
      "с одним номером протокола (№ 3, № 3) — исправьте номер протокола на листе",
    ],
    [
      "no meeting named, two meetings on the latest day",
      undefined,
      ["3", "4"],
      "(протоколы № 3, № 4) — укажите номер протокола",
    ],
  ] as const)("refuses %s rather than pick one", (_, ref, protocols, message) => {
    const meetings = protocols.map((protocol) => meeting("2026-05-15", [approveAll], { protocol }));
    const outcome = decideApproval(
      { order, ...(ref !== undefined ? { meeting: ref } : {}) },
      context(meetings),
    );
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(outcome.error.code).toBe("meeting_ambiguous");
    expect(outcome.error.message).toBe(
      `Списки не утверждены: 15.05.2026 на листе «Рабочая группа» несколько заседаний ${message}.`,
    );
  });

  it("says when the lists were approved while the schools could still object (up to the deadline day itself)", () => {
    expect(draft.reviewDeadline).toBe("2026-05-14");
    const reviewOpen = (day: string) => {
      const outcome = decideApproval({ order }, context([meeting(day, [approveAll])]));
      if (!outcome.success) throw new Error(outcome.error.message);
      return outcome.data.reviewOpenUntil;
    };
    expect(reviewOpen("2026-05-13")).toBe("2026-05-14");
    expect(reviewOpen("2026-05-14")).toBe("2026-05-14");
    expect(reviewOpen("2026-05-15")).toBeUndefined();
  });

  it("names a meeting that is not on «Рабочая группа» in the genitive", () => {
    const outcome = decideApproval(
      { order, meeting: { date: "2026-05-14", protocol: "9" } },
      context([meeting("2026-05-15", [approveAll])]),
    );
    expect(!outcome.success && outcome.error.message).toBe(
      "Списки не утверждены: на листе «Рабочая группа» нет заседания 14.05.2026 (протокол № 9).",
    );
  });
});

describe("support timeline", () => {
  it("puts approved membership, decisions, measures and today's computation in their academic years", () => {
    const approvals: Approval[] = [
      {
        version: 1,
        year: "2024/2025",
        order: { number: "7", date: "2024-10-01" },
        reason: "earlier",
        schools: [{ schoolId: first.schoolId, categories: ["lowResults"], grounds: [] }],
      },
    ];
    const withCycle = {
      ...dataset,
      approvals,
      meetings: [
        meeting("2026-05-15", [
          {
            title: "Не включать",
            for: 5,
            against: 1,
            action: "exclude" as const,
            schoolIds: [first.schoolId],
            lists: ["lowResults" as const],
          },
        ]),
      ],
      roadmap: [
        {
          id: "1",
          title: "Семинар для учителей",
          from: "2025-11-01",
          to: "2025-11-30",
          schoolIds: [first.schoolId],
          done: "2025-11-28",
        },
      ],
    };
    const timeline = supportTimeline(first.schoolId, withCycle, results);
    expect(timeline.map((y) => y.year)).toEqual(["2024/2025", "2025/2026"]);
    expect(timeline[0]).toMatchObject({ approved: ["lowResults"], order: "приказ № 7 от 01.10.2024" });
    expect(timeline[1]?.approved).toBeNull();
    expect(timeline[1]?.computed).toEqual(first.categories);
    expect(timeline[1]?.decisions).toEqual(["15.05.2026, протокол № 3: не включать в ШНОР — принято"]);
    expect(timeline[1]?.measures).toEqual([
      "Семинар для учителей (01.11.2025–30.11.2025), выполнено 28.11.2025",
    ]);
  });
});
