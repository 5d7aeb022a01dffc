// What /sync and the submissions stored comes back as a valid Dataset v1; results are stored, chunked and flagged for /flush.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { RESULTS_CHUNK_BYTES } from "../../functions/src/store/results-repository.js";
import { openTestStore, type TestStore } from "../support/emulator.js";
import { NOW, sampleDataset, seedTerritory, submitPatch } from "./store-fixture.js";

const T = "roundtrip";
let t: TestStore;

function withSetup(base: Dataset): Dataset {
  const [a, b] = base.schools;
  if (a === undefined || b === undefined) throw new Error("sample too small");
  return {
    ...base,
    methodology: { minN: 12, clusters: { count: 2 } },
    roadmap: [
      {
        id: "rm-1",
        title: "Диагностика профессиональных дефицитов педагогов",
        from: "2025-09-01",
        to: "2025-10-31",
        responsible: "Методический центр",
        schoolIds: [a.id],
      },
    ],
    meetings: [{ date: "2025-11-14", members: 9, present: 7, chairPresent: true }],
    pins: [{ menteeId: a.id, mentorId: b.id }],
  };
}

const byKey = (x: SchoolYearFacts, y: SchoolYearFacts) =>
  `${x.schoolId} ${x.year}` < `${y.schoolId} ${y.year}` ? -1 : 1;

const original = withSetup(sampleDataset(T, 24));

beforeAll(async () => {
  t = openTestStore("roundtrip");
  await seedTerritory(t.store, original);
  await t.store.territories.importFacts(T, original.facts, "import:sample", NOW);
});
afterAll(async () => {
  await t.close();
});

describe("loadDataset", () => {
  it("returns the territory as Dataset v1 that parseDataset accepts, equal to what was stored", async () => {
    const loaded = await t.store.territories.loadDataset(T);
    if (!loaded.success) throw new Error(loaded.error.code);
    const parsed = parseDataset(loaded.data.dataset);
    expect(parsed.success).toBe(true);
    const { facts, ...rest } = loaded.data.dataset;
    const { facts: originalFacts, ...originalRest } = original;
    expect(rest).toEqual(originalRest);
    expect([...facts].sort(byKey)).toEqual([...originalFacts].sort(byKey));
  });

  it("answers an unknown territory with a code, not an exception", async () => {
    expect(await t.store.territories.loadDataset("nowhere")).toEqual({
      success: false,
      error: { code: "territory_not_found", territoryId: "nowhere" },
    });
  });

  it("a school removed from «Школы» leaves the dataset but its facts stay stored", async () => {
    const territoryId = "shrinking";
    const base = { ...sampleDataset(territoryId, 10) };
    await seedTerritory(t.store, base);
    await t.store.territories.importFacts(territoryId, base.facts, "import:sample", NOW);
    const removed = base.schools[9];
    await t.store.territories.saveSetup(territoryId, { schools: base.schools.slice(0, 9) }, NOW);
    const loaded = await t.store.territories.loadDataset(territoryId);
    if (!loaded.success) throw new Error(loaded.error.code);
    expect(loaded.data.dataset.schools.map((s) => s.id)).not.toContain(removed?.id);
    expect(loaded.data.dataset.facts.some((f) => f.schoolId === removed?.id)).toBe(false);
    expect(loaded.data.orphanFacts).toBe(base.facts.filter((f) => f.schoolId === removed?.id).length);
    expect(parseDataset(loaded.data.dataset).success).toBe(true);
  });

  it("a methodology override removed on «Настройки» disappears instead of lingering", async () => {
    await t.store.territories.saveSetup(T, { methodology: { minN: 15 } }, NOW);
    const loaded = await t.store.territories.loadDataset(T);
    expect(loaded.success && loaded.data.dataset.methodology).toEqual({ minN: 15 });
    await t.store.territories.saveSetup(T, { methodology: original.methodology ?? {} }, NOW);
  });

  it("«Критерии выявления» joins methodology.criteria; «Настройки» synced alone keeps it; an emptied tab removes it", async () => {
    const criteria = [
      {
        number: "4.1",
        wording: "Низкие результаты ОГЭ по русскому языку",
        list: "lowResults" as const,
        indicator: "ogeRussian" as const,
        comparison: "below" as const,
        reference: "territoryMean" as const,
      },
    ];
    await t.store.territories.saveSetup(T, { criteria }, NOW);
    await t.store.territories.saveSetup(T, { methodology: { minN: 15, preset: "sharan-2021" } }, NOW);
    const loaded = await t.store.territories.loadDataset(T);
    expect(loaded.success && loaded.data.dataset.methodology).toEqual({
      minN: 15,
      preset: "sharan-2021",
      criteria,
    });
    expect(loaded.success && parseDataset(loaded.data.dataset).success).toBe(true);
    await t.store.territories.saveSetup(T, { criteria: [], methodology: original.methodology ?? {} }, NOW);
    const emptied = await t.store.territories.loadDataset(T);
    expect(emptied.success && emptied.data.dataset.methodology).toEqual(original.methodology);
  });
});

describe("results and what /flush sees", () => {
  async function compute(): Promise<{ results: Results; factsVersion: number }> {
    const loaded = await t.store.territories.loadDataset(T);
    if (!loaded.success) throw new Error(loaded.error.code);
    const parsed = parseDataset(loaded.data.dataset);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues.slice(0, 3)));
    const computed = computeResults(parsed.data.dataset, parsed.data.settings);
    if (!computed.success) throw new Error(computed.error.message);
    return { results: computed.data, factsVersion: loaded.data.factsVersion };
  }
  const state = async () => (await t.store.territories.listStates()).find((s) => s.territoryId === T);

  it("stored results come back identical; the territory then needs a publish, not a recomputation", async () => {
    expect(await state()).toMatchObject({ needsRecompute: true, needsPublish: false });
    const { results, factsVersion } = await compute();
    const saved = await t.store.results.saveResults({ territoryId: T, results, factsVersion, now: NOW });
    expect(saved.status).toBe("saved");
    const loaded = await t.store.results.loadResults(T);
    expect(loaded?.results).toEqual(results);
    expect(await state()).toMatchObject({ needsRecompute: false, needsPublish: true });
    if (saved.status !== "saved") return;
    await t.store.territories.markPublished(T, saved.generation, NOW);
    expect(await state()).toMatchObject({
      needsRecompute: false,
      needsPublish: false,
      publishedAt: NOW.toISOString(),
    });
  });

  it("a new submission makes the results stale; results computed from older facts are refused", async () => {
    const { results, factsVersion } = await compute();
    const school = original.schools[0];
    if (school === undefined) throw new Error("no school");
    const outcome = await submitPatch(
      t.store.submissions,
      { schoolId: school.id, year: results.year, support: { eventsHeld: 4 } },
      { territoryId: T, responseId: "support-1", submittedAt: "2026-03-02T08:00:00Z" },
    );
    expect(outcome.status).toBe("accepted");
    expect(await state()).toMatchObject({ needsRecompute: true });
    const fresh = await compute();
    expect(fresh.factsVersion).toBeGreaterThan(factsVersion);
    const savedFresh = await t.store.results.saveResults({ territoryId: T, ...fresh, now: NOW });
    expect(savedFresh.status).toBe("saved");
    const late = await t.store.results.saveResults({ territoryId: T, results, factsVersion, now: NOW });
    expect(late).toEqual({ status: "stale", storedFactsVersion: fresh.factsVersion });
    expect((await t.store.results.loadResults(T, results.year))?.factsVersion).toBe(fresh.factsVersion);
  });

  it("results larger than a Firestore document are split into chunks and reassembled", async () => {
    const { results, factsVersion } = await compute();
    const template = results.schools[0];
    if (template === undefined) throw new Error("no school results");
    // random text does not compress: ~3 MB of it forces several chunks
    const big: Results = {
      ...results,
      schools: Array.from({ length: 2_000 }, (_, i) => ({
        ...template,
        schoolId: `s-${i}`,
        name: randomBytes(750).toString("hex"),
      })),
    };
    const saved = await t.store.results.saveResults({ territoryId: T, results: big, factsVersion, now: NOW });
    expect(saved.status).toBe("saved");
    const header = await t.store.db.get(
      t.store.db.doc(`territories/${T}/results/${results.year.replace("/", "-")}`),
    );
    expect(header.data()?.chunkCount).toBeGreaterThan(1);
    expect(header.data()?.bytes).toBeGreaterThan(RESULTS_CHUNK_BYTES);
    expect((await t.store.results.loadResults(T, results.year))?.results).toEqual(big);
    // the previous version's chunks were removed with the switch
    const chunks = await t.store.db.query(
      t.store.db.collection(`territories/${T}/results/${results.year.replace("/", "-")}/chunks`),
    );
    expect(chunks.size).toBe(header.data()?.chunkCount);
  });
});
