// POST /compare as the sheet's «Сравнить с другой методикой» calls it: a preset or the draft «Критерии выявления» tab against the territory's method, who enters and who leaves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import type { MethodComparison } from "../../functions/src/domain/method-comparison.js";
import { type ApiHarness, discardingWriter, OTHER_COORDINATOR, startApi, TERRITORY } from "./api-fixture.js";
import { sheetCalls } from "./support/sheet-calls.js";

let api: ApiHarness;
const sheet = sheetCalls(() => api);

beforeAll(async () => {
  api = await startApi({ writer: discardingWriter });
  await api.syncSample();
  await api.runtime.store.territories.importFacts(TERRITORY, api.dataset.facts, "import:sample", new Date());
}, 60_000);
afterAll(async () => {
  await api.close();
});

/** The territory's lists computed here from what the store holds, with `preset` in force. */
async function listsUnder(preset: "default" | "sharan-2021"): Promise<Results> {
  const loaded = await api.runtime.store.territories.loadDataset(TERRITORY);
  if (!loaded.success) throw new Error("no dataset");
  const checked = parseDataset(loaded.data.dataset);
  if (!checked.success) throw new Error("bad dataset");
  const computed = computeResults(checked.data.dataset, { ...checked.data.settings, preset });
  if (!computed.success) throw new Error(computed.error.message);
  return computed.data;
}

const ids = (r: Results, list: "lowResults" | "adverseSocial") =>
  new Set(r.schools.filter((s) => s.categories.includes(list)).map((s) => s.schoolId));

const HEADER = [
  "№",
  "Критерий",
  "Список",
  "Показатель",
  "Сравнение",
  "С чем сравнивается",
  "Порог",
  "Лет",
  "Как считать годы",
  "Вес",
  "Правило списка",
];
/** A criterion the server accepts: ШНОР by the ОГЭ in mathematics below the territory's mean. */
const MATH_ROW = [
  "7.1",
  "ОГЭ по математике ниже среднего по территории",
  "ШНОР",
  "ОГЭ, математика: средняя отметка",
  "ниже",
  "среднее по территории",
];
/** A criterion naming an indicator the method does not have. */
const BAD_ROW = ["7.1", "ОГЭ", "ШНОР", "ОГЭ по географии", "ниже", "среднее по территории"];

/** The criteria stored for the territory (none until a good table is synced). */
async function storedCriteria() {
  const loaded = await api.runtime.store.territories.loadDataset(TERRITORY);
  return loaded.success && loaded.data.dataset.methodology?.criteria;
}

describe("POST /compare", () => {
  it("with a preset: lists exactly the schools whose ШНОР or ШНСУ membership would change, with reasons", async () => {
    const response = await sheet.post("/compare", { preset: "sharan-2021" });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const comparison = response.body.comparison as MethodComparison;
    const now = await listsUnder("default");
    const other = await listsUnder("sharan-2021");
    for (const list of ["lowResults", "adverseSocial"] as const) {
      const before = ids(now, list);
      const after = ids(other, list);
      const moved = (move: "enters" | "leaves") =>
        comparison.moves
          .filter((m) => m.list === list && m.move === move)
          .map((m) => m.schoolId)
          .sort();
      expect(moved("enters")).toEqual([...after].filter((id) => !before.has(id)).sort());
      expect(moved("leaves")).toEqual([...before].filter((id) => !after.has(id)).sort());
      expect(comparison.counts[list]).toMatchObject({ now: before.size, other: after.size });
    }
    expect(comparison.moves.length).toBeGreaterThan(0);
    for (const move of comparison.moves) expect(move.other.join(" ")).not.toBe("");
    expect(response.body.text).toMatch(/^Сравнение методик за \d{4}\/\d{4}: сейчас — Методика ШНОР-Монитора/);
    expect(response.body.text).toContain("МР Шаранский район");
  });

  it("with the draft tab: compares with the criteria as typed, before they are synced", async () => {
    const response = await sheet.post("/compare", { tab: [HEADER, MATH_ROW] });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.text).toContain("для сравнения — лист «Критерии выявления» в нынешнем виде");
    // Nothing was stored: the territory's dataset still has no criteria.
    expect(await storedCriteria()).toBeFalsy();
  });

  it("answers a draft with a bad row with the row errors /sync would give, and stores nothing", async () => {
    const response = await sheet.post("/compare", { tab: [HEADER, BAD_ROW] });
    expect(response.status).toBe(422);
    expect(response.body.message).toContain("заполнен с ошибками");
    expect(response.body.errors).toContainEqual(
      expect.objectContaining({ tab: "Критерии выявления", row: 2, column: "Показатель" }),
    );
  });

  it("refuses a request naming neither or both, and a coordinator of another territory", async () => {
    const neither = await sheet.post("/compare");
    expect(neither.status).toBe(400);
    expect(neither.body.message).toContain("sharan-2021");
    const unknown = await sheet.post("/compare", { preset: "moscow-2030" });
    expect(unknown.status).toBe(400);
    const stranger = await sheet.post("/compare", { preset: "sharan-2021" }, OTHER_COORDINATOR);
    expect(stranger.status).toBe(403);
  });
});

describe("«Критерии выявления» through /sync", () => {
  it("a table with a bad row is reported and not applied; a good one decides the published lists", async () => {
    const bad = await sheet.sync({ "Критерии выявления": [HEADER, BAD_ROW] });
    expect(bad.body.errors).toContainEqual(
      expect.objectContaining({ tab: "Критерии выявления", row: 2, column: "Показатель" }),
    );
    expect(await storedCriteria()).toBeFalsy();

    const good = await sheet.sync({ "Критерии выявления": [HEADER, MATH_ROW] });
    expect(good.body.errors).toEqual([]);
    await sheet.publish();
    const published = await sheet.results();
    expect(published.methodology.criteria?.map((r) => r.number ?? r.rule)).toEqual(["7.1", "all"]);
    const listed = published.schools.filter((s) => s.categories.includes("lowResults"));
    expect(listed.length).toBeGreaterThan(0);
    for (const school of listed)
      expect(school.reasons.map((r) => r.text)).toContainEqual(
        expect.stringMatching(/^7\.1\. ОГЭ по математике ниже среднего по территории: /),
      );
  });
});
