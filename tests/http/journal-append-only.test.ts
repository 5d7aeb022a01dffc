// «Журнал решений» and the approved versions are append-only: every route of the function, called every way a client can, leaves each stored entry as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTE_PATHS } from "../../functions/src/http/api-handler.js";
import { coordinatorTabs, objectionEnvelope } from "../../functions/src/sample/sample-submissions.js";
import { FirestoreDecisionRepository } from "../../functions/src/store/decision-repository.js";
import { type ApiHarness, bearer, discardingWriter, startApi, TERRITORY } from "./api-fixture.js";

let api: ApiHarness;

/** Every journal entry and approved version as stored: path → the document's fields. */
async function snapshot(): Promise<Map<string, unknown>> {
  const db = api.runtime.store.db;
  const out = new Map<string, unknown>();
  for (const collection of ["journal", "approvals"]) {
    const docs = await db.query(db.collection(`territories/${TERRITORY}/${collection}`));
    for (const doc of docs.docs) out.set(doc.ref.path, doc.data());
  }
  return out;
}

/** Bodies a client might send to any route: the route's own, and ones aimed at the journal. */
function bodiesFor(path: string): unknown[] {
  const entry = { at: "2020-01-01T00:00:00.000Z", by: "x@example.ru", kind: "approval", text: "подделка" };
  return [
    {},
    { territoryId: TERRITORY },
    { territoryId: TERRITORY, journal: [entry], entries: [entry], approvals: [{ version: 1 }] },
    {
      territoryId: TERRITORY,
      tabs: {
        "Журнал решений": [
          ["Когда", "Кто", "Что", "Подробности"],
          ["01.01.2020", "x", "y", "z"],
        ],
      },
    },
    {
      territoryId: TERRITORY,
      order: { number: "1", date: "2026-05-29" },
      correction: { note: "переписать" },
    },
    { territoryId: TERRITORY, draft: 1, schools: [{ schoolId: "sch-00015", recipients: 1 }] },
    path === "/submit"
      ? objectionEnvelope(
          TERRITORY,
          api.dataset.schools[0] ?? { id: "x", name: "x" },
          "2025/2026",
          "повторное обращение",
          {
            submittedAt: "2026-05-14T06:31:00Z",
          },
        )
      : { territoryId: TERRITORY, importId: "journal" },
  ];
}

beforeAll(async () => {
  // A sheet that takes every workbook: /recalculate and /flush then answer as they do for a reachable sheet.
  api = await startApi({
    writer: discardingWriter,
    clock: { now: () => Date.parse("2026-05-29T07:00:00Z") },
  });
  await api.syncSample();
  await api.runtime.store.territories.importFacts(TERRITORY, api.dataset.facts, "import:test", new Date());
  const request = (path: string, body: object) =>
    api.request.post(path).set("Authorization", bearer()).send(body);
  // the sheet's «Нерабочие дни» (a regional day off) and «Приказы прошлых лет» (a correction needs a version)
  const tabs = {
    ...coordinatorTabs(api.dataset),
    "Нерабочие дни": [
      ["Дата", "Вид дня", "Основание"],
      ["01.06.2026", "Нерабочий", "региональный праздник"],
    ],
    "Приказы прошлых лет": [
      ["Учебный год", "№ приказа", "Дата приказа", "Школа", "Список", "Основание"],
      ["2024/2025", "7", "01.10.2024", "sch-00015", "ШНОР", "низкие результаты ГИА"],
    ],
  };
  for (let i = 0; i < 2; i++) {
    const synced = await request("/sync", { territoryId: TERRITORY, tabs });
    expect(synced.status).toBe(200);
    expect(synced.body.errors).toEqual([]);
  }
  // synced twice, the earlier order is one version
  const approvals = await api.request
    .get(`/approvals?territoryId=${TERRITORY}`)
    .set("Authorization", bearer());
  expect(approvals.body.approvals).toMatchObject([
    { version: 1, year: "2024/2025", reason: "earlier", order: { number: "7", date: "2024-10-01" } },
  ]);
  // Friday 29 May 2026: 10 working days without 1 June (the tab) and 12 June (ст. 112) end on 16 June
  const draft = await request("/draft", { territoryId: TERRITORY });
  expect(draft.status).toBe(200);
  expect(draft.body.reviewDeadline).toBe("2026-06-16");
  const school = api.dataset.schools.find((s) => s.id === "sch-00015");
  if (school === undefined) throw new Error("no school");
  expect(
    (
      await request(
        "/submit",
        objectionEnvelope(TERRITORY, school, "2025/2026", "не согласны", {
          submittedAt: "2026-05-14T06:30:00Z",
        }),
      )
    ).status,
  ).toBe(200);
}, 120_000);
afterAll(async () => {
  await api.close();
});

describe("«Журнал решений» is append-only", () => {
  it("has no way to change or delete an entry in its repository", () => {
    const methods = Object.getOwnPropertyNames(FirestoreDecisionRepository.prototype);
    const journal = methods.filter((m) => /journal/i.test(m));
    // appendJournalOnce creates (an entry and its mark, in one batch): it cannot overwrite either
    expect(journal.sort()).toEqual(["appendJournal", "appendJournalOnce", "journalRef", "listJournal"]);
    expect(methods.filter((m) => /update|delete|remove|rewrite|edit/i.test(m))).toEqual([]);
  });

  it("keeps every stored entry and version as it was, whatever any route is sent", async () => {
    const before = await snapshot();
    expect([...before.keys()].filter((p) => p.includes("/journal/")).length).toBeGreaterThanOrEqual(3);
    const sent: string[] = [];
    for (const path of ROUTE_PATHS) {
      for (const body of bodiesFor(path)) {
        const post = await api.request
          .post(path)
          .set("Authorization", bearer())
          .send(body as object);
        const get = await api.request.get(`${path}?territoryId=${TERRITORY}`).set("Authorization", bearer());
        expect(post.status, `${path} ${JSON.stringify(post.body)}`).toBeLessThan(500);
        expect(get.status, path).toBeLessThan(500);
        sent.push(path);
      }
    }
    expect(new Set(sent)).toEqual(new Set(ROUTE_PATHS));
    const after = await snapshot();
    for (const [path, data] of before) expect(after.get(path), path).toEqual(data);
    // what the routes added is new entries only (the correction and the second objection), never fewer
    expect(after.size).toBeGreaterThan(before.size);
  });
});
