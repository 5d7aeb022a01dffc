// The decision cycle attacked through the real function: malformed bodies and queries, a school's e-mail, replays and races, approvals out of order — what a coordinator would see afterwards.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Meeting } from "../../functions/src/contract/dataset.js";
import { coordinatorTabs } from "../../functions/src/sample/sample-submissions.js";
import {
  type ApiHarness,
  bearer,
  COORDINATOR,
  discardingWriter,
  startApi,
  TERRITORY,
} from "./api-fixture.js";
import { approveLists, CHAIR, EXCLUDE_SOSH_8 } from "./support/meetings.js";
import { sheetCalls } from "./support/sheet-calls.js";

/** 12 May 2026, 10:00 in Samara: the day the drafts are made. */
let now = Date.parse("2026-05-12T06:00:00Z");
let api: ApiHarness;
const sheet = sheetCalls(() => api);
const { post, get } = sheet;

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter, clock: { now: () => now } });
  await api.syncSample();
  await api.runtime.store.territories.importFacts(TERRITORY, api.dataset.facts, "import:test", new Date(now));
}, 120_000);
afterAll(async () => {
  await api?.close();
});

/** Drafts, approvals, the journal and the territory's change marker: what any write would change. */
async function stored() {
  const decisions = api.runtime.store.decisions;
  const [drafts, approvals, journal, territory] = await Promise.all([
    decisions.listDrafts(TERRITORY),
    decisions.listApprovals(TERRITORY),
    decisions.listJournal(TERRITORY),
    api.runtime.store.territories.getTerritory(TERRITORY),
  ]);
  return { drafts, approvals, journal, factsVersion: territory?.factsVersion };
}

/** POST a raw JSON text (numbers like 1e400 that `JSON.stringify` cannot write). */
const raw = (path: string, text: string, as = COORDINATOR) =>
  api.request.post(path).set("Authorization", bearer(as)).set("Content-Type", "application/json").send(text);

const approveWhole = approveLists();
const notified = { territoryId: TERRITORY, draft: 1, schools: [{ schoolId: "sch-00015", recipients: 1 }] };
const approval = { territoryId: TERRITORY, order: { number: "130-од", date: "28.05.2026" } };

describe("malformed requests on every decision route", () => {
  const bodies: [string, string, unknown][] = [
    ["/draft", "an array", [TERRITORY]],
    ["/draft", "a number as the territory", { territoryId: 42 }],
    ["/draft", "an empty territory", { territoryId: "" }],
    ["/draft/notified", "the draft as text", { ...notified, draft: "1" }],
    ["/draft/notified", "a fractional draft", { ...notified, draft: 1.5 }],
    ["/draft/notified", "a negative draft", { ...notified, draft: -1 }],
    ["/draft/notified", "draft 0", { ...notified, draft: 0 }],
    [
      "/draft/notified",
      "negative recipients",
      { ...notified, schools: [{ schoolId: "sch-00015", recipients: -1 }] },
    ],
    [
      "/draft/notified",
      "fractional recipients",
      { ...notified, schools: [{ schoolId: "sch-00015", recipients: 0.5 }] },
    ],
    ["/draft/notified", "an empty school id", { ...notified, schools: [{ schoolId: "", recipients: 1 }] }],
    ["/draft/notified", "schools as an object", { ...notified, schools: { "sch-00015": 1 } }],
    [
      "/draft/notified",
      "1 001 schools",
      {
        ...notified,
        schools: Array.from({ length: 1_001 }, (_, i) => ({ schoolId: `s${i}`, recipients: 1 })),
      },
    ],
    ["/approve", "31.02.2026", { ...approval, order: { number: "1", date: "31.02.2026" } }],
    ["/approve", "2026-13-01", { ...approval, order: { number: "1", date: "2026-13-01" } }],
    [
      "/approve",
      "an ISO instant with a zone",
      { ...approval, order: { number: "1", date: "2026-05-28T00:00:00+04:00" } },
    ],
    ["/approve", "an empty date", { ...approval, order: { number: "1", date: "" } }],
    ["/approve", "a date as a number", { ...approval, order: { number: "1", date: 46170 } }],
    ["/approve", "a blank order number", { ...approval, order: { number: "   ", date: "28.05.2026" } }],
    [
      "/approve",
      "an order number of 61 characters",
      { ...approval, order: { number: "1".repeat(61), date: "28.05.2026" } },
    ],
    [
      "/approve",
      "an order number of zero-width spaces",
      { ...approval, order: { number: "\u200b\u200b", date: "28.05.2026" } },
    ],
    [
      "/approve",
      "an order number with a line break",
      { ...approval, order: { number: "130\n-од", date: "28.05.2026" } },
    ],
    [
      "/approve",
      "an order number with a bidi override",
      { ...approval, order: { number: "\u202e130-од", date: "28.05.2026" } },
    ],
    [
      "/approve",
      "a protocol of zero-width spaces",
      { ...approval, meeting: { date: "28.05.2026", protocol: "\u200b" } },
    ],
    ["/approve", "a meeting on 30.02", { ...approval, meeting: { date: "30.02.2026" } }],
    ["/approve", "a blank correction note", { ...approval, correction: { note: " \n " } }],
    [
      "/approve",
      "a correction note of zero-width spaces",
      { ...approval, correction: { note: "\u200b\u2060" } },
    ],
    ["/approve", "no order", { territoryId: TERRITORY, correction: { note: "опечатка" } }],
  ];
  it.each(bodies)("%s with %s: 400 in Russian, nothing written", async (path, _, body) => {
    const before = await stored();
    const response = await api.request
      .post(path)
      .set("Authorization", bearer())
      .send(body as object);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.message).toMatch(/^неверный запрос|укажите код территории/);
    expect(await stored()).toEqual(before);
  });

  it.each([
    ["/draft/notified", `{"territoryId":"${TERRITORY}","draft":1e400,"schools":[]}`],
    [
      "/draft/notified",
      `{"territoryId":"${TERRITORY}","draft":1,"schools":[{"schoolId":"sch-00015","recipients":1e400}]}`,
    ],
    ["/draft/notified", `{"territoryId":"${TERRITORY}","draft":-1e400,"schools":[]}`],
    ["/approve", "null"],
    ["/approve", `"${TERRITORY}"`],
    ["/draft", `{"territoryId":"${TERRITORY}"`],
  ])("%s with the raw body %s: 400, nothing written", async (path, text) => {
    const before = await stored();
    const response = await raw(path, text);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.message).toMatch(/[а-я]/);
    expect(await stored()).toEqual(before);
  });

  it.each([
    ["/draft/letters", "limit=NaN"],
    ["/draft/letters", "limit=Infinity"],
    ["/draft/letters", "limit=-1"],
    ["/draft/letters", "limit=1.5"],
    ["/draft/letters", "limit=0"],
    ["/draft/letters", "limit="],
    ["/draft/letters", "limit=101"],
    ["/documents", "version=NaN"],
    ["/documents", "version=Infinity"],
    ["/documents", "version=-1"],
    ["/documents", "version=1.5"],
    ["/documents", "version="],
    ["/documents", ""],
    ["/journal", "territoryId=obraztsovsky"],
    ["/approvals", "territoryId[]=obraztsovsky"],
  ])("GET %s?%s: 400 in Russian", async (path, query) => {
    const response = await get(path, query);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.message).toMatch(/[а-я]/);
  });

  it("answers any JSON on the decision routes without a 5xx, and writes nothing", async () => {
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/draft/notified", "/approve"),
        fc.oneof(
          fc.jsonValue(),
          fc.record({ territoryId: fc.constant(TERRITORY), draft: fc.jsonValue(), schools: fc.jsonValue() }),
          fc.record({
            territoryId: fc.constant(TERRITORY),
            order: fc.record({ number: fc.jsonValue(), date: fc.jsonValue() }),
            meeting: fc.jsonValue(),
          }),
        ),
        async (path, body) => {
          const response = await api.request
            .post(path)
            .set("Authorization", bearer())
            .set("Content-Type", "application/json")
            .send(JSON.stringify(body));
          expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
          expect(response.status).not.toBe(200);
        },
      ),
      { numRuns: 60 },
    );
    expect(await stored()).toEqual(before);
  });
});

describe("a school's e-mail on the decision routes", () => {
  const school = () => {
    const email = api.dataset.schools.find((s) => (s.emails ?? []).length > 0)?.emails?.[0];
    if (email === undefined) throw new Error("no school with an e-mail in the sample");
    return email;
  };
  it.each([
    ["/draft", { territoryId: TERRITORY, extra: [1] }],
    ["/draft/notified", { ...notified, draft: "first" }],
    ["/approve", { ...approval, order: { number: "1", date: "31.02.2026" } }],
  ])("%s with a malformed body: 403, not the shape of the route", async (path, body) => {
    const before = await stored();
    const response = await api.request.post(path).set("Authorization", bearer(school())).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(403);
    expect(response.body.errors).toBeUndefined();
    expect(await stored()).toEqual(before);
  });
});

describe("the cycle out of order, replayed and raced", () => {
  /** Last autumn's meeting, which approved last year's lists: it cannot approve a draft made this spring. */
  const lastAutumn: Meeting = {
    date: "2025-10-01",
    protocol: "1",
    members: 9,
    present: 7,
    ...CHAIR,
    decisions: [approveWhole],
  };

  /** Last autumn's meeting and this spring's: 27 May, and two on 28 May (protocols 5 and 6). */
  const spring: Meeting[] = [
    lastAutumn,
    { date: "2026-05-27", protocol: "7", members: 9, present: 7, ...CHAIR, decisions: [approveWhole] },
    {
      date: "2026-05-28",
      protocol: "5",
      members: 9,
      present: 7,
      ...CHAIR,
      decisions: [EXCLUDE_SOSH_8, approveWhole],
    },
    { date: "2026-05-28", protocol: "6", members: 9, present: 7, ...CHAIR, decisions: [approveWhole] },
  ];

  it("refuses an approval while there is no draft, and journals the refusal only", async () => {
    await sheet.meetings([lastAutumn]);
    const before = await stored();
    const refused = await post("/approve", { order: { number: "1-од", date: "2025-10-02" } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: "approval_refused", reason: "no_draft" });
    const after = await stored();
    expect(after.approvals).toEqual([]);
    expect(after.journal).toHaveLength(before.journal.length + 1);
    expect(after.journal[0]).toMatchObject({ kind: "refusal", text: refused.body.message });
  });

  it("makes one draft of a double click or a replayed call, and a new one the next day", async () => {
    const made = await Promise.all([post("/draft"), post("/draft")]);
    expect(made.map((r) => r.status)).toEqual([200, 200]);
    expect(made.map((r) => r.body.status).sort()).toEqual(["created", "unchanged"]);
    expect(made.map((r) => r.body.number)).toEqual([1, 1]);
    const pending = (await get("/draft/letters")).body.pending;
    expect(pending).toBeGreaterThan(1);
    // the script repeats the call when the answer is lost: the schools are not written to twice
    const replayed = await post("/draft");
    expect(replayed.body).toMatchObject({ status: "unchanged", number: 1 });
    expect(replayed.body.message).toBe(
      `Проект списков № 1 за 2025/2026 уже сформирован 12.05.2026 по тем же данным: школ ${replayed.body.schools}; новый проект не нужен, повторные письма школам не уходят. Обращения принимаются до 26.05.2026 включительно (10 рабочих дней).`,
    );
    expect((await get("/draft/letters")).body).toMatchObject({ draft: 1, pending });
    // the next day a draft is a new draft: a new review period, new letters
    now = Date.parse("2026-05-13T06:00:00Z");
    const next = await post("/draft");
    expect(next.body).toMatchObject({ status: "created", number: 2, reviewDeadline: "2026-05-27" });
    const { drafts, journal } = await stored();
    expect(drafts.map((d) => d.draft.number)).toEqual([1, 2]);
    expect(
      journal
        .filter((e) => e.kind === "draft")
        .map((e) => e.text.match(/№ (\d+)/)?.[1])
        .sort(),
    ).toEqual(["1", "2"]);
  });

  it("records a letter once however the script replays it: twice in one body, twice at once, and again", async () => {
    const letters = await get("/draft/letters");
    const school = letters.body.letters[0] as { schoolId: string; to: string[] };
    const one = { schoolId: school.schoolId, recipients: school.to.length };
    const before = await stored();
    const twice = await post("/draft/notified", { draft: 2, schools: [one, one] });
    expect(twice.status, JSON.stringify(twice.body)).toBe(200);
    expect(twice.body).toEqual({ status: "ok", marked: 1 });

    const other = letters.body.letters[1] as { schoolId: string; to: string[] };
    const next = { schoolId: other.schoolId, recipients: other.to.length };
    const raced = await Promise.all([
      post("/draft/notified", { draft: 2, schools: [next] }),
      post("/draft/notified", { draft: 2, schools: [next] }),
    ]);
    expect(raced.map((r) => r.status)).toEqual([200, 200]);
    expect(raced.map((r) => r.body.marked).sort()).toEqual([0, 1]);
    const replayed = await post("/draft/notified", { draft: 2, schools: [one, next] });
    expect(replayed.body).toEqual({ status: "ok", marked: 0 });

    const after = await stored();
    const lettersEntries = after.journal.slice(0, after.journal.length - before.journal.length);
    expect(lettersEntries.map((e) => e.kind)).toEqual(["letters", "letters"]);
    expect((await get("/draft/letters")).body.pending).toBe(letters.body.pending - 2);
  });

  it("ignores schools not in the draft and answers 404 for a draft that does not exist, writing nothing", async () => {
    const before = await stored();
    const stranger = await post("/draft/notified", {
      draft: 2,
      schools: [
        { schoolId: "no-such-school", recipients: 3 },
        { schoolId: "__proto__", recipients: 1 },
      ],
    });
    expect(stranger.body).toEqual({ status: "ok", marked: 0 });
    const missing = await post("/draft/notified", {
      draft: 99,
      schools: [{ schoolId: "sch-00015", recipients: 1 }],
    });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe("проекта списков № 99 нет");
    // past Number.MAX_SAFE_INTEGER a number is no draft's number: malformed, not a lookup
    const huge = await post("/draft/notified", { draft: 1e21, schools: [] });
    expect(huge.status).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it("refuses to approve, by last autumn's meeting, a draft made this spring", async () => {
    const refused = await post("/approve", {
      order: { number: "2-од", date: "2025-10-02" },
      meeting: { date: "01.10.2025", protocol: "1" },
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body).toMatchObject({ code: "approval_refused", reason: "no_draft" });
    expect(refused.body.message).toBe(
      "Списки не утверждены: к заседанию 01.10.2025 (протокол № 1) проекта списков ещё не было — проект № 1 сформирован 12.05.2026. Утвердить проект может только заседание в день его формирования или позже.",
    );
    expect((await stored()).approvals).toEqual([]);
  });

  it("refuses a meeting named by its date alone when two meetings were held that day", async () => {
    now = Date.parse("2026-05-28T07:00:00Z");
    await sheet.meetings(spring);
    const ambiguous = await post("/approve", {
      order: { number: "131-од", date: "28.05.2026" },
      meeting: { date: "28.05.2026" },
    });
    expect(ambiguous.status, JSON.stringify(ambiguous.body)).toBe(422);
    expect(ambiguous.body).toMatchObject({ code: "approval_refused", reason: "meeting_ambiguous" });
    expect(ambiguous.body.message).toBe(
      "Списки не утверждены: 28.05.2026 на листе «Рабочая группа» несколько заседаний (протоколы № 5, № 6) — укажите номер протокола.",
    );
    expect((await stored()).approvals).toEqual([]);
  });

  it("stores one approval when two are sent at once, from the draft the meeting saw, and journals it once", async () => {
    // a third draft made after the meeting of 27 May: that meeting cannot have approved it
    const third = await post("/draft");
    expect(third.body.number).toBe(3);
    const body = {
      order: { number: "130-од", date: "28.05.2026" },
      meeting: { date: "27.05.2026", protocol: "7" },
    };
    const before = await stored();
    const raced = await Promise.all([post("/approve", body), post("/approve", body)]);
    const statuses = raced.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([409, 422]).toContain(statuses[1]);
    const loser = raced.find((r) => r.status !== 200);
    expect(loser?.body.message).toMatch(/уже утвер|только что утвердил/);
    const after = await stored();
    expect(after.approvals).toHaveLength(1);
    expect(after.approvals[0]).toMatchObject({
      version: 1,
      draft: 2,
      meeting: { date: "2026-05-27", protocol: "7" },
    });
    const added = after.journal.slice(0, after.journal.length - before.journal.length);
    expect(added.filter((e) => e.kind === "approval")).toHaveLength(1);
    expect(added.find((e) => e.kind === "approval")?.text).toContain("проект № 2");
  });

  it("keeps this year's approved lists in force when last years' orders are entered afterwards, and corrects this year's order", async () => {
    const synced = await sheet.sync({
      ...coordinatorTabs({ ...api.dataset, meetings: spring }),
      "Приказы прошлых лет": [
        ["Учебный год", "№ приказа", "Дата приказа", "Школа", "Список", "Основание"],
        ["2023/2024", "12", "01.10.2023", "sch-00015", "ШНОР", "низкие результаты ГИА"],
      ],
    });
    expect(synced.body.errors).toEqual([]);
    const versions = (await get("/approvals")).body.approvals as { version: number; year: string }[];
    expect(versions.map((v) => [v.version, v.year])).toEqual([
      [1, "2025/2026"],
      [2, "2023/2024"],
    ]);
    await sheet.publish();
    const approved = (await sheet.results()).approved;
    expect(approved).toMatchObject({ version: 1, year: "2025/2026", order: { number: "130-од" } });
    const corrected = await post("/approve", {
      order: { number: "130-од", date: "29.05.2026" },
      correction: { note: "опечатка в дате приказа" },
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const [v1, , v3] = (await get("/approvals")).body.approvals;
    expect(v3).toMatchObject({ version: 3, year: "2025/2026", reason: "correction", draft: 2 });
    expect(v3.schools).toEqual(v1.schools);
    // the script repeats a call whose answer was lost: the same correction again changes nothing and is refused
    const replayed = await post("/approve", {
      order: { number: "130-од", date: "29.05.2026" },
      correction: { note: "опечатка в дате приказа" },
    });
    expect(replayed.status).toBe(422);
    expect(replayed.body).toMatchObject({ code: "approval_refused", reason: "nothing_to_correct" });
    expect(replayed.body.message).toBe(
      "Исправлять нечего: списки в силе (версия 3) уже утверждены приказом № 130-од от 29.05.2026.",
    );
    expect((await get("/approvals")).body.approvals).toHaveLength(3);
  });

  it("shows on /documents and /journal exactly what was approved: the order, the meeting's protocol, nothing half-written", async () => {
    const documents = await get("/documents", "version=1");
    expect(documents.status).toBe(200);
    expect(documents.body.order.html).toContain("№ 130-од");
    expect(documents.body.protocol.name).toBe("protocol-2026-05-27-7.html");
    expect((await get("/documents", "version=4")).status).toBe(404);
    expect((await get("/documents", "version=1e21")).status).toBe(404);
    const { drafts, approvals, journal } = await stored();
    expect(drafts.map((d) => d.draft.number)).toEqual([1, 2, 3]);
    expect(journal.filter((e) => e.kind === "draft")).toHaveLength(3);
    expect(journal.filter((e) => ["approval", "correction", "earlierOrder"].includes(e.kind))).toHaveLength(
      approvals.length,
    );
    const listed = (await get("/journal")).body.entries;
    expect(listed).toEqual(journal);
  });

  it("answers a school's e-mail on every reading route with 403 and nothing of the cycle, once it has drafts and versions", async () => {
    const email = api.dataset.schools.find((s) => (s.emails ?? []).length > 0)?.emails?.[0] ?? "";
    for (const [path, query] of [
      ["/draft/letters", ""],
      ["/approvals", ""],
      ["/journal", ""],
      ["/documents", "&version=1"],
    ] as const) {
      const response = await api.request
        .get(`${path}?territoryId=${TERRITORY}${query}`)
        .set("Authorization", bearer(email));
      expect(response.status, path).toBe(403);
      expect(Object.keys(response.body).sort(), path).toEqual(["code", "message", "status"]);
      expect(JSON.stringify(response.body)).not.toMatch(/130-од|sch-00|проект/);
    }
  });
});
