// Issue 13 end to end through the real function: draft → letters → objection → corrected answer → meeting → refused and granted approval → a later answer → approved lists unchanged, difference shown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { objectionEnvelope, type SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import type { Tab, Workbook } from "../../functions/src/sheets/workbook-model.js";
import type { WorkbookWriter } from "../../functions/src/sheets/workbook-writer.js";
import { type ApiHarness, firstOf, startApi, TERRITORY, withAnswers } from "./api-fixture.js";
import { approveLists, CHAIR, EXCLUDE_SOSH_8 } from "./support/meetings.js";
import { sheetCalls } from "./support/sheet-calls.js";

const YEAR = "2025/2026";
/** 12 May 2026, 10:00 in Samara (the fixture territory's zone): the cycle's «today». */
let now = Date.parse("2026-05-12T06:00:00Z");
let published: Workbook | undefined;
const writer: WorkbookWriter = {
  async write(_target, workbook) {
    published = workbook;
    return { success: true, data: undefined };
  },
};
let api: ApiHarness;
const sheet = sheetCalls(() => api);
const { post, get, publish } = sheet;

const tab = (name: string): Tab => {
  const found = published?.tabs.find((t) => t.name === name);
  if (found === undefined)
    throw new Error(`no tab ${name}: ${published?.tabs.map((t) => t.name).join(", ")}`);
  return found;
};
const column = (t: Tab, key: string) => t.columns.findIndex((c) => c.key === key);
const rowOf = (t: Tab, schoolId: string) => t.rows.find((r) => r[column(t, "schoolId")] === schoolId);

/** The school's ГИА answers of the report year, better: what a corrected (or a later) form says. */
function betterGia(envelope: SampleEnvelope, at: string, id?: string): SampleEnvelope {
  const replace: Record<string, string> = {};
  for (const a of envelope.answers) {
    if (/^ege\.\w+\.meanScore$/.test(a.key) && typeof a.value === "string")
      replace[a.key] = String(
        Math.min(100, Number(a.value.replace(",", ".").replace(/\s/g, "")) + 12),
      ).replace(".", ",");
    if (/^oge\.\w+\.meanGrade$/.test(a.key) && typeof a.value === "string")
      replace[a.key] = String(
        Math.min(5, Math.round((Number(a.value.replace(",", ".")) + 0.5) * 10) / 10),
      ).replace(".", ",");
    if (/^(ege\.\w+\.belowMinimum|oge\.\w+\.failed|gia\.noCertificate(9|11))$/.test(a.key))
      replace[a.key] = "0";
  }
  const edited = withAnswers(envelope, replace);
  return {
    ...edited,
    response: { ...edited.response, submittedAt: at, ...(id !== undefined ? { id } : {}) },
  };
}

/** The school's «Результаты ГИА» form of the report year, as the sample answered it. */
function giaOf(schoolId: string): SampleEnvelope {
  const school = api.dataset.schools.find((s) => s.id === schoolId);
  if (school === undefined) throw new Error(`no ${schoolId}`);
  return firstOf(
    api.envelopes.filter(
      (e) =>
        e.answers.some((a) => a.value === `${school.name} [${school.id}]`) &&
        e.answers.some((a) => a.value === YEAR),
    ),
    "gia",
  );
}
/** The approved versions, oldest first. */
const approvals = async () => (await get("/approvals")).body.approvals;

beforeAll(async () => {
  api = await startApi({ writer, clock: { now: () => now } });
  await api.syncSample();
  // the history as a file would bring it; the cycle's answers below go through /submit
  await api.runtime.store.territories.importFacts(TERRITORY, api.dataset.facts, "import:test", new Date(now));
}, 120_000);
afterAll(async () => {
  await api.close();
});

const approveWhole = approveLists();

describe("the decision cycle on the api", () => {
  let listed: string[] = [];

  it("makes a numbered draft of the lists and shows it on «Проект списков» with every letter pending", async () => {
    const made = await post("/draft");
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body).toMatchObject({
      status: "created",
      number: 1,
      year: YEAR,
      reviewDeadline: "2026-05-26",
    });
    expect(made.body.message).toContain("Обращения принимаются до 26.05.2026 включительно (10 рабочих дней)");
    await publish();
    const draft = tab("Проект списков");
    listed = draft.rows.map((r) => String(r[column(draft, "schoolId")]));
    expect(listed).toEqual(expect.arrayContaining(["sch-00015", "sch-00024", "sosnovka-oosh"]));
    expect(new Set(draft.rows.map((r) => r[column(draft, "letter")]))).toEqual(
      new Set(["не отправлено — ждёт квоты писем"]),
    );
    expect(draft.sections?.[0]?.rows).toContainEqual([
      "Обращения принимаются до",
      "26.05.2026 включительно (10 рабочих дней)",
    ]);
  });

  it("hands the sheet the letters with each school's card, and records the ones sent", async () => {
    const letters = await get("/draft/letters");
    expect(letters.status).toBe(200);
    expect(letters.body.letters).toHaveLength(listed.length);
    const letter = letters.body.letters.find((l: { schoolId: string }) => l.schoolId === "sch-00015");
    expect(letter.lists).toEqual(["ШНОР — низкие образовательные результаты"]);
    expect(letter.card.html).toContain("<!doctype html>");
    expect(letter.card.html).toContain("МБОУ «СОШ № 8»");
    const sent = await post("/draft/notified", {
      draft: 1,
      schools: [{ schoolId: "sch-00015", recipients: letter.to.length }],
    });
    expect(sent.body).toEqual({ status: "ok", marked: 1 });
    expect((await get("/draft/letters")).body.pending).toBe(listed.length - 1);
    // at most 100 letters a call (a day's MailApp quota): past it the call is refused, not cut silently
    expect((await get("/draft/letters", "limit=100")).status).toBe(200);
    const tooMany = await get("/draft/letters", "limit=101");
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toBe("limit — целое число от 1 до 100");
    expect((await get("/draft/letters", "limit=1")).body.letters).toHaveLength(1);
  });

  it("takes the school's objection as a record, its corrected answer through the facts path, and shows it «на рассмотрении» once a meeting to come has it on the agenda", async () => {
    now = Date.parse("2026-05-14T07:00:00Z");
    const school = api.dataset.schools.find((s) => s.id === "sch-00015");
    if (school === undefined) throw new Error("no sch-00015");
    const objection = objectionEnvelope(
      TERRITORY,
      school,
      YEAR,
      "В форме ГИА ошибочно указаны результаты ОГЭ и ЕГЭ; ответ исправлен.",
      {
        lists: ["lowResults"],
        correctedData: "Результаты ГИА 2025/2026",
        submittedAt: "2026-05-14T06:30:00Z",
      },
    );
    const objected = await sheet.send("/submit", objection);
    expect(objected.status, JSON.stringify(objected.body)).toBe(200);
    expect(objected.body).toEqual({ status: "accepted" });
    const corrected = await sheet.send("/submit", betterGia(giaOf("sch-00015"), "2026-05-14T06:40:00Z"));
    expect(corrected.status).toBe(200);
    await publish();
    const objections = tab("Обращения");
    expect(objections.rows).toHaveLength(1);
    expect(objections.rows[0]?.[column(objections, "status")]).toBe("новое");
    // the draft shows what the lists would be after the correction, next to the school
    expect(rowOf(tab("Проект списков"), "sch-00015")?.[column(tab("Проект списков"), "now")]).toBe(
      "не входит",
    );
    expect(rowOf(tab("Проект списков"), "sch-00015")?.[column(tab("Проект списков"), "objection")]).toBe(
      "новое (№ 1)",
    );

    // put on the agenda of a meeting still to come: «на рассмотрении», and where
    await sheet.meetings([
      {
        date: "2026-05-28",
        protocol: "6",
        members: 9,
        present: 7,
        ...CHAIR,
        decisions: [EXCLUDE_SOSH_8],
      },
    ]);
    await publish();
    expect(tab("Обращения").rows[0]?.[column(tab("Обращения"), "status")]).toBe("на рассмотрении");
    expect(tab("Обращения").rows[0]?.[column(tab("Обращения"), "answer")]).toBe(
      "вынесено на заседание 28.05.2026, протокол № 6",
    );
    expect(rowOf(tab("Проект списков"), "sch-00015")?.[column(tab("Проект списков"), "objection")]).toBe(
      "на рассмотрении (№ 1)",
    );
  });

  it("refuses an approval that breaks seed 002's rules and names the rule", async () => {
    now = Date.parse("2026-05-28T07:00:00Z");
    await sheet.meetings([
      {
        date: "2026-05-28",
        protocol: "5",
        members: 9,
        present: 4,
        ...CHAIR,
        decisions: [{ ...approveWhole, for: 4 }],
      },
    ]);
    const refused = await post("/approve", {
      order: { number: "127-од", date: "28.05.2026" },
      meeting: { date: "28.05.2026", protocol: "5" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: "approval_refused",
      reason: "decision_refused",
      rule: "quorum",
    });
    expect(refused.body.message).toBe(
      "Списки не утверждены: нет кворума: на заседание 28.05.2026 (протокол № 5) присутствовали 4 из 9 членов рабочей группы, нужно не менее 5 (Положение о рабочей группе, п. 3.2: «Заседание Рабочей группы является правомочным, если на нем присутствует более половины членов Рабочей группы»).",
    );
    expect(await approvals()).toEqual([]);
  });

  it("refuses an approval without a majority of those present, and a tie the chair did not carry, quoting п. 3.3", async () => {
    await sheet.meetings([
      // 4 for, 2 against, 3 abstained of 9 present: a majority of the votes cast, not of those present
      {
        date: "2026-05-27",
        protocol: "3",
        members: 9,
        present: 9,
        ...CHAIR,
        decisions: [{ ...approveWhole, for: 4, against: 2, abstained: 3 }],
      },
      // 3 for, 3 against: the chair's vote decides, and the chair voted against
      {
        date: "2026-05-27",
        protocol: "4",
        members: 9,
        present: 6,
        ...CHAIR,
        decisions: [{ ...approveWhole, for: 3, against: 3, chairVotedFor: false }],
      },
    ]);
    const approve = (protocol: string) =>
      post("/approve", {
        order: { number: "126-од", date: "27.05.2026" },
        meeting: { date: "27.05.2026", protocol },
      });
    const noMajority = await approve("3");
    expect(noMajority.status).toBe(422);
    expect(noMajority.body).toMatchObject({ code: "approval_refused", rule: "majority" });
    expect(noMajority.body.message).toBe(
      "Списки не утверждены: решение «Утвердить списки ШНОР и ШНСУ на 2025/2026 учебный год» не набрало большинства голосов присутствующих: за 4, против 2, воздержались 3 при 9 присутствующих, нужно не менее 5 голосов «за» (Положение о рабочей группе, п. 3.3: «Решение Рабочей группы принимается простым большинством голосов от числа присутствующих на заседании»).",
    );
    const tie = await approve("4");
    expect(tie.status).toBe(422);
    expect(tie.body).toMatchObject({ code: "approval_refused", rule: "castingVote" });
    expect(tie.body.message).toBe(
      "Списки не утверждены: голоса по решению «Утвердить списки ШНОР и ШНСУ на 2025/2026 учебный год» разделились поровну (за 3, против 3), председательствующий голосовал «против» (Положение о рабочей группе, п. 3.3: «При равенстве голосов голос председательствующего является решающим»).",
    );
    expect(await approvals()).toEqual([]);
  });

  it("approves the lists as the meeting decided, answers the objection, and journals every step", async () => {
    await sheet.meetings([
      {
        date: "2026-05-28",
        protocol: "5",
        members: 9,
        present: 4,
        ...CHAIR,
        decisions: [{ ...approveWhole, for: 4 }],
      },
      {
        date: "2026-05-28",
        protocol: "6",
        members: 9,
        present: 7,
        ...CHAIR,
        attendees: ["Иванова Анна Петровна", "Петров Сергей Викторович"],
        decisions: [
          {
            ...EXCLUDE_SOSH_8,
            grounds:
              "данные ГИА исправлены школой; по исправленным данным школа не входит в нижние 20% кластера",
            dissent: "Сидорова Е. И.: считаю нужным оставить школу под наблюдением",
          },
          approveWhole,
        ],
      },
    ]);
    const approved = await post("/approve", {
      order: { number: "128-од", date: "2026-05-29" },
      meeting: { date: "2026-05-28", protocol: "6" },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({
      status: "approved",
      version: 1,
      schools: listed.length - 1,
      differences: [],
    });
    const again = await post("/approve", {
      order: { number: "129-од", date: "2026-05-29" },
      meeting: { date: "2026-05-28", protocol: "6" },
    });
    expect(again.status).toBe(422);
    expect(again.body.reason).toBe("already_approved");
    await publish();
    const objections = tab("Обращения");
    expect(objections.rows[0]?.[column(objections, "status")]).toBe("принято");
    expect(String(objections.rows[0]?.[column(objections, "answer")])).toContain(
      "заседание 28.05.2026, протокол № 6: данные ГИА исправлены школой",
    );
    const approvedTab = tab("Утверждённые списки");
    expect(rowOf(approvedTab, "sch-00015")).toBeUndefined();
    expect(rowOf(approvedTab, "sch-00024")?.[column(approvedTab, "approved")]).toBe("ШНОР");
    expect(approvedTab.rows.every((r) => r[column(approvedTab, "difference")] === "")).toBe(true);
    // the printable documents of version 1: the draft order with the lists as appendix, and the meeting's protocol
    const documents = await get("/documents", "version=1");
    expect(documents.status).toBe(200);
    expect(documents.body.order.name).toBe("order-v1.html");
    expect(documents.body.order.html).toContain("№ 128-од");
    expect(documents.body.order.html).toContain("Приложение 1 к приказу № 128-од от 29.05.2026");
    expect(documents.body.order.html).toContain("МБОУ «СОШ № 15»");
    expect(documents.body.order.html).not.toContain("МБОУ «СОШ № 8»");
    expect(documents.body.protocol.name).toBe("protocol-2026-05-28-6.html");
    expect(documents.body.protocol.html).toContain("ПРОТОКОЛ № 6");
    expect(documents.body.protocol.html).toContain(
      "Сидорова Е. И.: считаю нужным оставить школу под наблюдением",
    );
    expect((await get("/documents", "version=2")).status).toBe(404);
    const journal = tab("Журнал решений").rows.map((r) => `${r[2]}: ${r[3]}`);
    for (const kind of [
      "Проект списков",
      "Письма школам",
      "Обращение школы",
      "Решение рабочей группы",
      "Отказ в утверждении",
      "Утверждение списков",
    ])
      expect(
        journal.some((line) => line.startsWith(`${kind}:`)),
        kind,
      ).toBe(true);
  });

  it("keeps the approved lists when a later answer changes the computation, and shows the difference", async () => {
    now = Date.parse("2026-06-20T07:00:00Z");
    const later = betterGia(giaOf("sch-00024"), "2026-06-20T06:00:00Z", "later-gia");
    expect((await sheet.send("/submit", later)).status).toBe(200);
    await publish();
    const results = await sheet.results();
    expect(results.schools.find((s) => s.schoolId === "sch-00024")?.categories).not.toContain("lowResults");
    expect(results.approved?.version).toBe(1);
    expect(results.approved?.schools.map((s) => s.schoolId)).toContain("sch-00024");
    expect(results.approved?.differences.map((d) => d.text)).toEqual([
      "МБОУ «СОШ № 15»: в утверждённом списке ШНОР; по расчёту сейчас в него не входит",
    ]);
    const approvedTab = tab("Утверждённые списки");
    const row = rowOf(approvedTab, "sch-00024");
    expect(row?.[column(approvedTab, "approved")]).toBe("ШНОР");
    expect(row?.[column(approvedTab, "now")]).toBe("не входит");
    expect(row?.[column(approvedTab, "difference")]).toBe(
      "в утверждённом списке ШНОР; по расчёту сейчас в него не входит",
    );
    expect(approvedTab.rowFills?.[approvedTab.rows.indexOf(row ?? [])]).toBe("#F4CCCC");
    // «История»: the year's membership is the order's, today's computation beside it
    const history = tab("История");
    const year = history.rows.find(
      (r) => r[column(history, "schoolId")] === "sch-00024" && r[column(history, "year")] === YEAR,
    );
    expect(year?.[column(history, "approved")]).toBe("ШНОР");
    expect(year?.[column(history, "order")]).toBe("приказ № 128-од от 29.05.2026");
    expect(year?.[column(history, "computed")]).toBe("не входит");
  });

  it("corrects a typo in the order as a new version, leaving version 1 exactly as it was", async () => {
    const before = await approvals();
    const corrected = await post("/approve", {
      order: { number: "128-од", date: "2026-05-30" },
      correction: { note: "опечатка в дате приказа" },
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({ status: "approved", version: 2 });
    const after = await approvals();
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toMatchObject({ version: 2, reason: "correction", note: "опечатка в дате приказа" });
    expect(after[1].schools).toEqual(before[0].schools);
    await publish();
    const results = await sheet.results();
    expect(results.approved?.version).toBe(2);
    expect(results.approved?.differences).toHaveLength(1);
    const journal = (await get("/journal")).body.entries as { text: string }[];
    expect(journal[0]?.text).toMatch(
      /^Исправление: опечатка в дате приказа; утверждены списки за 2025\/2026, версия 2/,
    );
  });
});
