// Recalculation and publishing end to end: «Ошибки» rows, coalescing a burst into a handful of Sheets writes, /flush, /results.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";
import { createSheetsClient, staticTokenAuth } from "../../functions/src/sheets/google/sheets-client.js";
import { sheetsWorkbookWriter } from "../../functions/src/sheets/workbook-writer.js";
import {
  type FakeSheetsServer,
  type RecordedRequest,
  startFakeSheetsServer,
} from "../support/fake-sheets-server.js";
import {
  type ApiHarness,
  bearer,
  FUNCTION_URL,
  firstOf,
  SCHEDULER,
  SPREADSHEET,
  startApi,
  TERRITORY,
  withAnswers,
} from "./api-fixture.js";

let api: ApiHarness;
let sheets: FakeSheetsServer;

beforeAll(async () => {
  sheets = await startFakeSheetsServer();
  sheets.addSpreadsheet(SPREADSHEET, ["Лист1", "Школы"]);
  api = await startApi({
    writer: sheetsWorkbookWriter({
      client: async () =>
        createSheetsClient({ rootUrl: sheets.rootUrl, auth: staticTokenAuth("test-token") }),
    }),
    // a burst arrives within the interval: submits answer first and publish in the background
    publishAfterChange: "background",
  });
  await api.syncSample();
  await api.runtime.idle();
}, 60_000);

afterAll(async () => {
  await api?.close();
  await sheets?.close();
});

type Cell = { userEnteredValue?: { stringValue?: string; numberValue?: number } };
type UpdateCells = { updateCells?: { range?: { sheetId?: number }; rows?: { values?: Cell[] }[] } };

/** The cell texts a batchUpdate writes into the tab `title` (header row first). */
function tabRows(write: RecordedRequest, title: string): (string | number)[][] {
  const sheetId = sheets.spreadsheets.get(SPREADSHEET)?.sheets.find((s) => s.properties.title === title)
    ?.properties.sheetId;
  const requests = (write.body as { requests: UpdateCells[] }).requests;
  const update = requests.find((r) => r.updateCells?.range?.sheetId === sheetId && r.updateCells?.rows);
  return (update?.updateCells?.rows ?? []).map((row) =>
    (row.values ?? []).map((c) => c.userEnteredValue?.stringValue ?? c.userEnteredValue?.numberValue ?? ""),
  );
}

const submit = (envelope: SampleEnvelope) =>
  api.request.post("/submit").set("Authorization", bearer()).send(envelope);

const flush = () => api.request.post("/flush").set("Authorization", bearer(SCHEDULER, FUNCTION_URL)).send({});

describe("publishing", () => {
  it("publishes a burst of 100 submissions in a handful of Sheets writes, the last with the final state", async () => {
    const before = sheets.writes().length;
    const burst = api.envelopes.filter((e) => e.form.kind !== "selfDiagnosis").slice(0, 100);
    expect(burst).toHaveLength(100);
    const statuses = await Promise.all(burst.map(async (e) => (await submit(e)).status));
    expect(statuses.every((s) => s === 200)).toBe(true);
    await api.runtime.idle();
    const response = await flush();
    expect(response.status).toBe(200);
    expect(response.body.territories).toEqual([
      expect.objectContaining({ territoryId: TERRITORY, action: "published" }),
    ]);

    const writes = sheets.writes().slice(before);
    expect(writes.length).toBeGreaterThanOrEqual(1);
    expect(writes.length).toBeLessThanOrEqual(4);
    // the last write shows the results as stored after every submission
    const results = await api.request
      .get("/results")
      .query({ territoryId: TERRITORY })
      .set("Authorization", bearer());
    expect(results.status).toBe(200);
    const last = writes[writes.length - 1];
    if (last === undefined) throw new Error("no write");
    const indices = tabRows(last, "Индексы");
    expect(indices[0]).toContain("Код школы");
    const loaded = await api.runtime.store.territories.loadDataset(TERRITORY);
    if (!loaded.success) throw new Error("territory missing");
    const model = buildWorkbook(results.body, loaded.data.dataset).tabs.find((t) => t.name === "Индексы");
    const expected = (model?.rows ?? []).map((row) =>
      row.map((v) => (v === null ? "" : typeof v === "boolean" ? (v ? "Да" : "Нет") : v)),
    );
    expect(expected.length).toBe(results.body.schools.length);
    expect(indices.slice(1, 1 + expected.length)).toEqual(expected);
    // nothing stale stays: a second flush finds the sheet up to date
    const again = await flush();
    expect(again.body.territories).toEqual([]);
  }, 120_000);

  it("lists a rejected response on «Ошибки» with the form, the school, the question and the reason", async () => {
    const base = firstOf(api.envelopes, "staff", 5);
    const envelope = {
      ...withAnswers(base, { "staff.teachers": "сорок" }),
      response: { ...base.response, id: "rejected-1", submittedAt: "2026-03-02T09:00:00Z" },
    };
    expect((await submit(envelope)).status).toBe(422);
    await api.runtime.idle();
    const before = sheets.writes().length;
    const recalculated = await api.request
      .post("/recalculate")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY });
    expect(recalculated.status).toBe(200);
    expect(recalculated.body.status).toBe("published");
    const write = sheets.writes()[before];
    if (write === undefined) throw new Error("recalculate wrote nothing");
    const errors = tabRows(write, "Ошибки");
    expect(errors[0]).toEqual([
      "Отправлено",
      "Форма",
      "Школа",
      "Учебный год",
      "Вопрос",
      "Что не так",
      "Кто отправил",
      "Ссылка для исправления",
    ]);
    const row = errors.find((r) => String(r[5]).includes("«сорок»"));
    expect(row?.[0]).toBe("02.03.2026 13:00");
    expect(row?.[1]).toMatch(/кадр/i);
    expect(row?.[6]).toBe(base.response.respondentEmail);
    // The school and the year are named even though the answers were refused.
    const school = api.dataset.schools.find(
      (x) => x.id === String(base.answers.find((a) => a.key === "school")?.value).match(/\[(.+)\]$/)?.[1],
    );
    expect(row?.[2]).toContain(school?.name);
    expect(row?.[3]).toBe(base.answers.find((a) => a.key === "year")?.value);
    expect(row?.[4]).toMatch(/учител|педагог/i);
    expect(row?.[5]).toMatch(/ожидается число/);
  });

  it("refuses /flush to anyone but the scheduler and coordinators", async () => {
    const stranger = await api.request
      .post("/flush")
      .set("Authorization", bearer("someone@gmail.com", FUNCTION_URL))
      .send({});
    expect(stranger.status).toBe(403);
    expect(stranger.body.message).toMatch(/не может запускать публикацию/);
    expect((await api.request.post("/flush").send({})).status).toBe(401);
  });

  it("answers /results for a coordinator only, and 404 for a year without results", async () => {
    const query = { territoryId: TERRITORY };
    expect((await api.request.get("/results").query(query)).status).toBe(401);
    expect(
      (await api.request.get("/results").query(query).set("Authorization", bearer("x@gmail.com"))).status,
    ).toBe(403);
    const missing = await api.request
      .get("/results")
      .query({ ...query, year: "2000/2001" })
      .set("Authorization", bearer());
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/нет результатов за 2000\/2001/);
    const wrongYear = await api.request
      .get("/results")
      .query({ ...query, year: "2025" })
      .set("Authorization", bearer());
    expect(wrongYear.status).toBe(400);
  });

  it("shows the roadmap on the published sheet, judged on the day of the publish", async () => {
    const synced = await api.request
      .post("/sync")
      .set("Authorization", bearer())
      .send({
        territoryId: TERRITORY,
        tabs: {
          "Дорожная карта": [
            ["№", "Мероприятие", "Начало", "Окончание", "Ответственный"],
            ["1.1", "Входной мониторинг в школах ШНОР", "01.09.2020", "31.10.2020", "ИМЦ"],
            ["1.2", "Итоговый мониторинг", "01.04.2999", "31.05.2999", "ИМЦ"],
          ],
        },
      });
    expect(synced.status).toBe(200);
    expect(synced.body.errors).toEqual([]);
    const before = sheets.writes().length;
    const recalculated = await api.request
      .post("/recalculate")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY });
    expect(recalculated.status).toBe(200);
    await api.runtime.idle();
    const last = sheets.writes().slice(before).at(-1);
    if (!last) throw new Error("no Sheets write after /recalculate");
    const text = tabRows(last, "Дорожная карта: статус").flat().join(" | ");
    expect(text).toContain("Входной мониторинг в школах ШНОР");
    expect(text).toMatch(/просрочено на \d+ дн\./);
    expect(text).toContain("запланировано");
  });
});
