// POST /import and its companions on the emulator: who may import, what is applied and how, refusal, replacement, undo, maps, limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { MAX_IMPORT_BYTES } from "../../functions/src/http/import-route.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import { DOCUMENT_BUDGET, documentBytes } from "../../functions/src/store/document-size.js";
import { IMPORT_CHUNK_BYTES } from "../../functions/src/store/import-repository.js";
import {
  type ApiHarness,
  bearer,
  firstOf,
  OTHER_COORDINATOR,
  OTHER_TERRITORY,
  recordingWriter,
  startApi,
  storedFacts,
  TERRITORY,
} from "./api-fixture.js";
import { f1File, f1Rows, factDocuments, giaCsv, templateFile } from "./import-files.js";

let api: ApiHarness;
const written: Workbook[] = [];
const YEAR = "2025/2026";

beforeAll(async () => {
  api = await startApi(
    {
      writer: recordingWriter(written),
      minPublishIntervalMs: 0,
    },
    { schools: 12, otherTerritory: true },
  );
}, 60_000);

afterAll(async () => {
  await api?.close();
});

/** A fresh territory for each test: nothing stored but the synced registry. */
beforeEach(async () => {
  await api.resetTerritory();
  written.length = 0;
}, 60_000);

function post(bytes: Uint8Array, query: Record<string, string>, who = bearer()) {
  return api.request
    .post("/import")
    .query({ territoryId: TERRITORY, ...query })
    .set("Authorization", who)
    .set("Content-Type", "application/octet-stream")
    .send(Buffer.from(bytes));
}

const stored = () => storedFacts(api);

const factOf = (facts: SchoolYearFacts[], schoolId: string, year = YEAR) =>
  facts.find((f) => f.schoolId === schoolId && f.year === year);

describe("POST /import", () => {
  it("is for the territory's coordinators only: 401 without a token, 403 for another territory's", async () => {
    const bytes = await f1File(api.dataset, YEAR);
    const anonymous = await api.request
      .post("/import")
      .query({ territoryId: TERRITORY, name: "f1.xlsx" })
      .set("Content-Type", "application/octet-stream")
      .send(Buffer.from(bytes));
    expect(anonymous.status).toBe(401);
    const other = await post(bytes, { name: "f1.xlsx" }, bearer(OTHER_COORDINATOR));
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/нет в списке координаторов территории «obraztsovsky»/);
    const own = await api.request
      .post("/import")
      .query({ territoryId: OTHER_TERRITORY, name: "f1.xlsx" })
      .set("Authorization", bearer())
      .set("Content-Type", "application/octet-stream")
      .send(Buffer.from(bytes));
    expect(own.status).toBe(403);
  });
});

describe("a Ф1 through the route", () => {
  it("gives every school its ВПР marks and task results, lists the file, and publishes", async () => {
    const bytes = await f1File(api.dataset, YEAR);
    const response = await post(bytes, { name: "f1-5-русский.xlsx", driveFileId: "1AbCdEfGhIjKlMnOp" });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      status: "applied",
      format: "fisoko-vpr",
      procedures: [`ВПР ${YEAR}, 5 класс, русский язык`],
      unmatchedCount: 0,
      file: { name: "f1-5-русский.xlsx", size: bytes.length, driveFileId: "1AbCdEfGhIjKlMnOp" },
    });
    const facts = await stored();
    const expected = api.dataset.facts.filter(
      (f) =>
        f.year === YEAR && f.vpr?.some((v) => v.grade === 5 && v.subject === "russian" && v.participants > 0),
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(response.body.matched).toBe(expected.length);
    for (const fact of expected) {
      const got = factOf(facts, fact.schoolId);
      const wanted = fact.vpr?.find((v) => v.grade === 5 && v.subject === "russian");
      expect(got?.vpr?.find((v) => v.grade === 5 && v.subject === "russian")).toEqual(wanted);
      expect(got?.vprTasks?.[0]).toMatchObject({
        grade: 5,
        subject: "russian",
        participants: wanted?.participants,
      });
    }
    const listed = await api.request
      .get("/imports")
      .query({ territoryId: TERRITORY })
      .set("Authorization", bearer());
    expect(listed.body.imports).toEqual([
      expect.objectContaining({ importId: response.body.importId, status: "applied", format: "fisoko-vpr" }),
    ]);
    expect(written.length).toBeGreaterThan(0);
  });

  it("the same file twice changes nothing: «unchanged», the stored documents byte-identical", async () => {
    const bytes = await f1File(api.dataset, YEAR);
    expect((await post(bytes, { name: "f1.xlsx" })).status).toBe(200);
    const before = await factDocuments(api.runtime.store.db, TERRITORY);
    const again = await post(bytes, { name: "f1.xlsx" });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("unchanged");
    expect(await factDocuments(api.runtime.store.db, TERRITORY)).toEqual(before);
  });

  it("a file failing at its last row is refused whole: the facts stay byte-identical, the refusal is listed", async () => {
    expect((await post(await f1File(api.dataset, "2024/2025"), { name: "f1-2024.xlsx" })).status).toBe(200);
    const before = await factDocuments(api.runtime.store.db, TERRITORY);
    const broken = await f1File(api.dataset, YEAR, 0, (rows) => {
      const last = rows.at(-1) as (string | number | null)[];
      const markAt = (rows.find((r) => r.includes("Отметка")) ?? []).indexOf("Отметка");
      last[markAt] = 6;
      return rows;
    });
    const rowCount = f1Rows(api.dataset, YEAR).length;
    const response = await post(broken, { name: "f1-битый.xlsx" });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe("import_refused");
    expect(response.body.issues).toEqual([
      `лист «Индивидуальные результаты», строка ${rowCount}, столбец «Отметка»: 6 — отметка должна быть от 2 до 5`,
    ]);
    expect(await factDocuments(api.runtime.store.db, TERRITORY)).toEqual(before);
    const listed = await api.request
      .get("/imports")
      .query({ territoryId: TERRITORY })
      .set("Authorization", bearer());
    expect(listed.body.imports.map((i: { status: string }) => i.status).sort()).toEqual([
      "applied",
      "refused",
    ]);
  });

  it("the school's form wins over the file: the form's ВПР stays, the difference is listed, task results still come", async () => {
    const envelope = firstOf(
      api.envelopes.filter((e) => e.answers.some((a) => a.key === "year" && a.value === YEAR)),
      "vpr",
    );
    const schoolId = /\[(.+)\]$/.exec(String(envelope.answers[0]?.value))?.[1] ?? "";
    const key = envelope.answers.find((a) => /^vpr\.5\.russian\.participants$/.test(a.key));
    expect(key, "the sample's ВПР form has grade 5 Russian").toBeDefined();
    const submitted = await api.request.post("/submit").set("Authorization", bearer()).send(envelope);
    expect(submitted.status).toBe(200);
    const formVpr = factOf(await stored(), schoolId)?.vpr?.find(
      (v) => v.grade === 5 && v.subject === "russian",
    );
    expect(formVpr).toBeDefined();

    // a Ф1 whose marks at that school differ from the form's answer
    const bytes = await f1File(api.dataset, YEAR, 0, (rows) => {
      const header = rows.find((r) => r.includes("Отметка")) ?? [];
      const mark = header.indexOf("Отметка");
      const name = api.dataset.schools.find((s) => s.id === schoolId)?.name;
      const row = rows.find((r) => r.includes(name ?? "—") && r[mark] === 3);
      if (row) row[mark] = 4;
      return rows;
    });
    const response = await post(bytes, { name: "f1.xlsx" });
    expect(response.status).toBe(200);
    expect(response.body.conflictCount).toBeGreaterThanOrEqual(1);
    const after = factOf(await stored(), schoolId);
    expect(after?.vpr?.find((v) => v.grade === 5 && v.subject === "russian")).toEqual(formVpr);
    expect(after?.vprTasks?.find((t) => t.grade === 5 && t.subject === "russian")).toBeDefined();
  });

  it("a corrected file of the same paper and year replaces the earlier one, schools it dropped included", async () => {
    const first = await post(await f1File(api.dataset, YEAR), { name: "f1.xlsx" });
    expect(first.status).toBe(200);
    const dropped = api.dataset.schools.find((s) =>
      f1Rows(api.dataset, YEAR).some((r) => r.includes(s.name)),
    );
    if (dropped === undefined) throw new Error("no school in the Ф1");
    const corrected = await f1File(api.dataset, YEAR, 0, (rows) =>
      rows.filter((r) => !r.includes(dropped.name)),
    );
    const second = await post(corrected, { name: "f1-исправленный.xlsx" });
    expect(second.status).toBe(200);
    expect(second.body.replaced).toEqual([first.body.importId]);
    const gone = factOf(await stored(), dropped.id);
    expect(gone?.vpr?.some((v) => v.grade === 5 && v.subject === "russian") ?? false).toBe(false);
    expect(gone?.vprTasks ?? []).toEqual([]);
    const listed = await api.request
      .get("/imports")
      .query({ territoryId: TERRITORY })
      .set("Authorization", bearer());
    const statuses = Object.fromEntries(
      listed.body.imports.map((i: { importId: string; status: string }) => [i.importId, i.status]),
    );
    expect(statuses).toEqual({ [first.body.importId]: "replaced", [second.body.importId]: "applied" });
  });

  it("«Отменить импорт» removes exactly what the file gave", async () => {
    const before = await stored();
    const response = await post(await f1File(api.dataset, YEAR), { name: "f1.xlsx" });
    expect(response.status).toBe(200);
    expect(await stored()).not.toEqual(before);
    const undo = await api.request
      .post("/import/undo")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY, importId: response.body.importId });
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(undo.body.status).toBe("undone");
    expect(await stored()).toEqual(before);
    const again = await api.request
      .post("/import/undo")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY, importId: response.body.importId });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/уже отменена/);
  });

  it("rows of schools not in the registry are listed with suggestions; the rest is applied", async () => {
    const school = api.dataset.schools[0];
    if (school === undefined) throw new Error("no school");
    const bytes = await f1File(api.dataset, YEAR, 0, (rows) =>
      rows.map((r) =>
        r.includes(school.name) ? r.map((c) => (c === school.name ? `${school.name} (филиал)` : c)) : r,
      ),
    );
    const response = await post(bytes, { name: "f1.xlsx" });
    expect(response.status).toBe(200);
    expect(response.body.unmatchedCount).toBe(1);
    expect(response.body.unmatched[0]).toMatchObject({
      fileName: `${school.name} (филиал)`,
      suggestions: [expect.objectContaining({ schoolId: school.id })],
    });
    expect(response.body.matched).toBeGreaterThan(3);
  });
});

describe("ГИА column maps", () => {
  const regional = { "Код ОО": "Шифр ОУ", Экзамен: "Тип экзамена", Отметка: "Итоговая оценка" };

  it("asks for the columns once; the saved map reads the next table of that layout without asking", async () => {
    const file = giaCsv(api.dataset, YEAR, regional);
    const first = await post(file, { name: "огэ-2026.csv" });
    expect(first.status).toBe(422);
    expect(first.body.code).toBe("mapping_required");
    expect(first.body.headers).toEqual(
      expect.arrayContaining(["Шифр ОУ", "Тип экзамена", "Итоговая оценка"]),
    );
    const saved = await api.request
      .post("/import/map")
      .set("Authorization", bearer())
      .send({
        territoryId: TERRITORY,
        map: {
          exam: "oge",
          columns: {
            school: "Шифр ОУ",
            schoolName: "Наименование ОО",
            participant: "Код участника",
            subject: "Предмет",
            mark: "Итоговая оценка",
            date: "Дата экзамена",
          },
        },
      });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const second = await post(file, { name: "огэ-2026.csv" });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.format).toBe("gia");
    expect(second.body.ignoredColumns).toEqual(expect.arrayContaining(["ФИО", "Пол"]));
    const earlier = await post(giaCsv(api.dataset, "2024/2025", regional), { name: "огэ-2025.csv" });
    expect(earlier.status).toBe(200);
    const facts = await stored();
    const sample = api.dataset.facts.find((f) => f.year === "2024/2025" && (f.oge?.length ?? 0) > 0);
    expect(factOf(facts, sample?.schoolId ?? "", "2024/2025")?.oge?.map((o) => o.participants)).toEqual(
      sample?.oge?.map((o) => o.participants),
    );
  });
});

describe("limits", () => {
  it("takes a body of exactly the limit and refuses one byte more with 413", async () => {
    const atLimit = await post(new Uint8Array(MAX_IMPORT_BYTES), { name: "нули.bin" });
    expect(atLimit.status).toBe(422);
    expect(atLimit.body.issues).toEqual([
      "лист «нули.bin»: это не таблица: ожидается книга Excel (.xlsx) или CSV",
    ]);
    const over = await post(new Uint8Array(MAX_IMPORT_BYTES + 1), { name: "нули.bin" });
    expect(over.status).toBe(413);
    expect(over.body.message).toMatch(/больше допустимых 33488896/);
  }, 60_000);
});

describe("what is kept of a file", () => {
  it("keeps a template whole in chunks (school-level figures only) and a Ф1 never; a record stays small with 2,000 schools not found", async () => {
    const { generateSampleTerritory } = await import("../../functions/src/sample/sample-territory.js");
    const big = generateSampleTerritory({ schools: 2_000, years: 1, seed: 5 });
    const template = await templateFile({
      ...big,
      schools: big.schools.map((s) => ({ ...s, id: `other-${s.id}`, name: `${s.name} (другой район)` })),
      facts: big.facts.map((f) => ({ ...f, schoolId: `other-${f.schoolId}` })),
    });
    expect(template.length).toBeGreaterThan(IMPORT_CHUNK_BYTES);
    const response = await post(template, { name: "шаблон.xlsx" });
    expect(response.status, JSON.stringify(response.body).slice(0, 500)).toBe(200);
    expect(response.body.format).toBe("template");
    expect(response.body.unmatchedCount).toBe(2_000);
    const kept = await api.runtime.store.imports.readChunks(TERRITORY, response.body.importId, "file");
    expect(Buffer.compare(kept, Buffer.from(template))).toBe(0);
    const record = await api.runtime.store.db.firestore
      .doc(`territories/${TERRITORY}/imports/${response.body.importId}`)
      .get();
    expect(record.data()?.fileChunks).toBeGreaterThan(1);
    expect(record.data()?.unmatched).toHaveLength(300);
    expect(documentBytes(record.ref.path, record.data() ?? {})).toBeLessThan(DOCUMENT_BUDGET / 2);

    const f1 = await post(await f1File(api.dataset, YEAR), { name: "f1.xlsx" });
    expect(f1.status).toBe(200);
    const chunks = await api.runtime.store.db.firestore
      .collection(`territories/${TERRITORY}/imports/${f1.body.importId}/chunks`)
      .get();
    expect(chunks.docs.map((d) => d.id)).toEqual(["aggregates-0"]);
  }, 120_000);
});
