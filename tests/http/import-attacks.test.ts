// The import routes against strangers, replays and races: another territory's coordinator, a school's e-mail, an import while another is under way, a form answer between an import and its undo.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IMPORT_LEASE_MS } from "../../functions/src/store/import-repository.js";
import {
  type ApiHarness,
  bearer,
  COORDINATOR,
  discardingWriter,
  firstOf,
  OTHER_COORDINATOR,
  OTHER_TERRITORY,
  startApi,
  storedFacts,
  TERRITORY,
} from "./api-fixture.js";
import { f1File, factDocuments } from "./import-files.js";

let api: ApiHarness;
const YEAR = "2025/2026";
const MAP = {
  exam: "oge",
  columns: {
    school: "Шифр ОУ",
    participant: "Код участника",
    subject: "Предмет",
    mark: "Оценка",
    date: "Дата",
  },
};

beforeAll(async () => {
  api = await startApi(
    { writer: discardingWriter, minPublishIntervalMs: 0 },
    { schools: 12, otherTerritory: true },
  );
}, 60_000);

afterAll(async () => {
  await api?.close();
});

beforeEach(async () => {
  await api.resetTerritory();
}, 60_000);

function postFile(bytes: Uint8Array, territoryId: string, who: string) {
  return api.request
    .post("/import")
    .query({ territoryId, name: "f1.xlsx" })
    .set("Authorization", bearer(who))
    .set("Content-Type", "application/octet-stream")
    .send(Buffer.from(bytes));
}

const stored = () => storedFacts(api);

/** What a stranger could change or learn: the facts' documents, the import records, the saved maps. */
async function snapshot() {
  const territory = await api.runtime.store.territories.getTerritory(TERRITORY);
  return {
    facts: await factDocuments(api.runtime.store.db, TERRITORY),
    records: await api.runtime.store.imports.listRecords(TERRITORY),
    factsVersion: territory?.factsVersion,
    maps: (await api.runtime.store.imports.loadState(TERRITORY))?.territory.giaMaps,
  };
}

describe("strangers on every import route", () => {
  const school = () => api.dataset.schools.find((s) => (s.emails?.length ?? 0) > 0)?.emails?.[0] ?? "";

  for (const who of ["another territory's coordinator", "a school's e-mail"] as const) {
    it(`${who}: 403 in Russian on /import, /import/undo, /import/map and /imports; nothing written, nothing shown`, async () => {
      const email = who === "a school's e-mail" ? school() : OTHER_COORDINATOR;
      expect(email).toMatch(/@/);
      const applied = await postFile(await f1File(api.dataset, YEAR), TERRITORY, COORDINATOR);
      expect(applied.status).toBe(200);
      const before = await snapshot();
      const auth = bearer(email);
      const responses = [
        await postFile(await f1File(api.dataset, "2024/2025"), TERRITORY, email),
        await api.request
          .post("/import/undo")
          .set("Authorization", auth)
          .send({ territoryId: TERRITORY, importId: applied.body.importId }),
        await api.request
          .post("/import/map")
          .set("Authorization", auth)
          .send({ territoryId: TERRITORY, map: MAP }),
        await api.request.get("/imports").query({ territoryId: TERRITORY }).set("Authorization", auth),
      ];
      for (const response of responses) {
        expect(response.status).toBe(403);
        expect(response.body.message).toMatch(new RegExp(`${email} нет в списке координаторов`));
        expect(JSON.stringify(response.body)).not.toContain(applied.body.importId);
        expect(JSON.stringify(response.body)).not.toContain("f1.xlsx");
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it("another territory's coordinator undoing this territory's import in their own: 404, nothing undone here", async () => {
    const applied = await postFile(await f1File(api.dataset, YEAR), TERRITORY, COORDINATOR);
    expect(applied.status).toBe(200);
    const before = await snapshot();
    const undo = await api.request
      .post("/import/undo")
      .set("Authorization", bearer(OTHER_COORDINATOR))
      .send({ territoryId: OTHER_TERRITORY, importId: applied.body.importId });
    expect(undo.status).toBe(404);
    expect(undo.body.message).toMatch(/нет в этой территории/);
    expect(await snapshot()).toEqual(before);
  });
});

describe("replays and races", () => {
  // Two requests racing for the lease on the emulator wait out its 30 s transaction lock timeout
  // (firebase/firebase-tools#2452, #1629), so the second import is held in flight by taking the lease as it would.
  it("an import or undo while another is under way: 409 «идёт другая загрузка», nothing written; applied once it ends", async () => {
    const bytes = await f1File(api.dataset, YEAR);
    const applied = await postFile(await f1File(api.dataset, "2024/2025"), TERRITORY, COORDINATOR);
    expect(applied.status).toBe(200);
    const lease = await api.runtime.store.imports.acquireLease(TERRITORY, new Date());
    if (lease === undefined) throw new Error("the lease is held");
    const before = await snapshot();
    const busy = await postFile(bytes, TERRITORY, COORDINATOR);
    const undo = await api.request
      .post("/import/undo")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY, importId: applied.body.importId });
    for (const response of [busy, undo]) {
      expect(response.status).toBe(409);
      expect(response.body.message).toMatch(/идёт другая загрузка или отмена загрузки файла/);
    }
    expect(await snapshot()).toEqual(before);
    await api.runtime.store.imports.releaseLease(TERRITORY, lease);
    const again = await postFile(bytes, TERRITORY, COORDINATOR);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("applied");
  });

  it("a lease left by an instance that died mid-import lets the next import through once its time is out", async () => {
    const stale = new Date(Date.now() - IMPORT_LEASE_MS - 1000);
    expect(await api.runtime.store.imports.acquireLease(TERRITORY, stale)).toBeDefined();
    const response = await postFile(await f1File(api.dataset, YEAR), TERRITORY, COORDINATOR);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.status).toBe("applied");
  });

  it("a school's form answer that came after the import survives the import's undo", async () => {
    const envelope = firstOf(
      api.envelopes.filter((e) => e.answers.some((a) => a.key === "year" && a.value === YEAR)),
      "vpr",
    );
    const schoolId = /\[(.+)\]$/.exec(String(envelope.answers[0]?.value))?.[1] ?? "";
    const applied = await postFile(await f1File(api.dataset, YEAR), TERRITORY, COORDINATOR);
    expect(applied.status).toBe(200);
    const submitted = await api.request.post("/submit").set("Authorization", bearer()).send(envelope);
    expect(submitted.status).toBe(200);
    const withForm = (await stored()).find((f) => f.schoolId === schoolId && f.year === YEAR);
    const formVpr = withForm?.vpr?.find((v) => v.grade === 5 && v.subject === "russian");
    expect(formVpr).toBeDefined();
    const undo = await api.request
      .post("/import/undo")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY, importId: applied.body.importId });
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    const after = (await stored()).find((f) => f.schoolId === schoolId && f.year === YEAR);
    expect(after?.vpr?.find((v) => v.grade === 5 && v.subject === "russian")).toEqual(formVpr);
    expect(after?.vprTasks ?? []).toEqual([]);
    const rejected = await api.runtime.store.submissions.listRejected(TERRITORY);
    expect(rejected).toEqual([]);
  });
});
