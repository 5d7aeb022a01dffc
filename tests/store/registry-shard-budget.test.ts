// The registry shares its shard documents with the schools' stored answers: a sync takes «Школы» only while every shard stays within the budget, even with a submit landing in the same shard meanwhile.
import type { DocumentSnapshot } from "@google-cloud/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { School, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { DOCUMENT_BUDGET, documentBytes } from "../../functions/src/store/document-size.js";
import type { Db } from "../../functions/src/store/firestore-client.js";
import { openStore, type Store } from "../../functions/src/store/open-store.js";
import { shardPath } from "../../functions/src/store/shard-school-years.js";
import { encodeRegistryEntry, SHARD_COUNT, shardOf } from "../../functions/src/store/stored-documents.js";
import { openTestStore, type TestStore } from "../support/emulator.js";
import { fillShard, readShard } from "./shard-filling.js";
import { must, NOW, sampleDataset, seedTerritory, submitPatch } from "./store-fixture.js";

let t: TestStore;

beforeAll(() => {
  t = openTestStore("registry-shard");
});

afterAll(async () => {
  await t.close();
});

/** A territory of 24 schools whose first school's shard holds answers up to `budget − room` bytes. */
async function nearlyFull(territoryId: string, room: number) {
  const dataset = sampleDataset(territoryId, 24);
  await seedTerritory(t.store, dataset);
  const school = must(dataset.schools[0], "a school");
  const shard = shardOf(school.id);
  const years = [...new Set(dataset.facts.map((f) => f.year))].sort();
  const template = must(
    dataset.facts.find((f) => f.schoolId === school.id),
    "facts of the first school",
  );
  await fillShard(t.store, territoryId, shard, DOCUMENT_BUDGET - room, template, years);
  return { dataset, school, shard };
}

/** The registry with `school` renamed. */
const renamed = (schools: readonly School[], school: School, name: string) =>
  schools.map((s) => (s.id === school.id ? { ...s, name } : s));

async function registryOf(store: Store, territoryId: string) {
  const loaded = await store.territories.loadDataset(territoryId);
  if (!loaded.success) throw new Error(loaded.error.code);
  return loaded.data.dataset.schools;
}

describe("«Школы» beside the answers already stored in a shard", () => {
  it("is taken when a shard comes to exactly the budget and refused one byte past it, the answers and the previous list untouched, the other tabs saved", async () => {
    const T = "at-limit";
    const { dataset, school, shard } = await nearlyFull(T, 2_000);
    const before = await readShard(t.store, T, shard);
    const path = shardPath(T, shard);
    // the name that brings the shard, as Firestore counts it, to the budget exactly
    const order = dataset.schools.indexOf(school);
    const bytesWith = (length: number) =>
      documentBytes(path, {
        ...before.data,
        schools: {
          ...(before.data?.schools as Record<string, string>),
          [school.id]: encodeRegistryEntry({ order, school: { ...school, name: "x".repeat(length) } }),
        },
      });
    const length = 10 + DOCUMENT_BUDGET - bytesWith(10);
    expect(bytesWith(length)).toBe(DOCUMENT_BUDGET);

    const atLimit = renamed(dataset.schools, school, "x".repeat(length));
    expect(await t.store.territories.saveSetup(T, { schools: atLimit }, NOW)).toEqual({
      droppedWithFacts: [],
    });
    const stored = await readShard(t.store, T, shard);
    expect(stored.bytes).toBe(DOCUMENT_BUDGET);
    expect(stored.data?.facts).toEqual(before.data?.facts);
    expect(await registryOf(t.store, T)).toEqual(atLimit);

    const past = renamed(dataset.schools, school, "x".repeat(length + 1));
    const refused = await t.store.territories.saveSetup(T, { schools: past, methodology: { minN: 12 } }, NOW);
    expect(refused.registryRefused).toMatchObject({
      code: "shard_full",
      shard,
      bytes: DOCUMENT_BUDGET + 1,
      schoolIds: dataset.schools.filter((s) => shardOf(s.id) === shard).map((s) => s.id),
    });
    expect(await readShard(t.store, T, shard)).toEqual(stored);
    expect(await registryOf(t.store, T)).toEqual(atLimit);
    const territory = await t.store.territories.getTerritory(T);
    expect(territory?.methodology).toEqual({ minN: 12 });
    expect(territory?.schoolCount).toBe(dataset.schools.length);
  });

  it("takes a registry that shrinks an over-full shard: a shorter «Школы» only makes room", async () => {
    const T = "shrinks";
    const { dataset, school, shard } = await nearlyFull(T, 0);
    const long = renamed(dataset.schools, school, "x".repeat(3_000));
    // answers imported past the budget by a dataset file, the registry written before them: over the budget now
    const before = await readShard(t.store, T, shard);
    expect(await t.store.territories.saveSetup(T, { schools: long }, NOW)).toMatchObject({
      registryRefused: { code: "shard_full" },
    });
    expect(await t.store.territories.saveSetup(T, { schools: dataset.schools.slice(1) }, NOW)).toEqual({
      droppedWithFacts: [],
    });
    const after = await readShard(t.store, T, shard);
    expect(after.bytes).toBeLessThan(before.bytes);
    expect(after.data?.facts).toEqual(before.data?.facts);
  });
});

/**
 * Makes the first read of all 64 shards through `db` (in a transaction or not) wait for `meanwhile` before the
 * reader goes on to write: the moment another instance's submit can land in the same shard.
 */
function pauseAfterShardRead(db: Db, meanwhile: () => Promise<void>): void {
  let paused = false;
  const pausing =
    <A extends unknown[]>(getAll: (...refs: A) => Promise<DocumentSnapshot[]>) =>
    async (...refs: A): Promise<DocumentSnapshot[]> => {
      const snaps = await getAll(...refs);
      if (!paused && refs.length === SHARD_COUNT) {
        paused = true;
        await meanwhile();
      }
      return snaps;
    };
  db.getAll = pausing(db.getAll.bind(db));
  const run = db.runTransaction.bind(db);
  db.runTransaction = ((fn, options) =>
    run(async (tx) => {
      tx.getAll = pausing(tx.getAll.bind(tx));
      return fn(tx);
    }, options)) as Db["runTransaction"];
}

describe("a submit landing in the shard while «Синхронизировать данные» runs (two function instances)", () => {
  it("never takes the shard past the budget: either the registry or the answer is refused, with its reason", async () => {
    const T = "race";
    // what the answer adds to its shard, measured on a territory of its own (same school codes, same shard)
    const patchOf = (school: School, template: SchoolYearFacts): SchoolYearFacts => ({
      ...template,
      schoolId: school.id,
      year: "2026/2027",
    });
    const probe = sampleDataset("race-probe", 24);
    await seedTerritory(t.store, probe);
    const probeSchool = must(probe.schools[0], "a school");
    const probeShard = shardOf(probeSchool.id);
    const template = must(
      probe.facts.find((f) => f.schoolId === probeSchool.id),
      "facts of the first school",
    );
    // the shard already holds answers, as the race's does (the first one would add the `facts` map itself)
    await t.store.territories.importFacts(
      "race-probe",
      [{ ...template, year: "2020/2021" }],
      "import:archive",
      NOW,
    );
    const empty = (await readShard(t.store, "race-probe", probeShard)).bytes;
    const options = { formId: "form-all", responseId: "r-1", submittedAt: "2026-09-20T10:00:00Z" };
    const probeOutcome = await submitPatch(t.store.submissions, patchOf(probeSchool, template), {
      territoryId: "race-probe",
      ...options,
    });
    expect(probeOutcome.status).toBe("accepted");
    const answerGrowth = (await readShard(t.store, "race-probe", probeShard)).bytes - empty;

    // room for the answer and for the longer name, not for both: one byte less than both
    const nameGrowth = 1_000;
    const { dataset, school, shard } = await nearlyFull(T, answerGrowth + nameGrowth - 1);
    expect(shard).toBe(probeShard);
    const before = await readShard(t.store, T, shard);
    const longer = renamed(dataset.schools, school, `${school.name}${"x".repeat(nameGrowth)}`);

    const submitter = openStore({ projectId: t.projectId, firestoreEmulatorHost: t.host });
    const syncer = openStore({ projectId: t.projectId, firestoreEmulatorHost: t.host });
    let submitted: ReturnType<typeof submitPatch> | undefined;
    pauseAfterShardRead(syncer.db, async () => {
      submitted = submitPatch(submitter.submissions, patchOf(school, template), {
        territoryId: T,
        ...options,
      });
      // long enough for the submit to commit if nothing held it back; the sync goes on either way
      await Promise.race([submitted.then(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
    });
    try {
      const synced = await syncer.territories.saveSetup(T, { schools: longer }, NOW);
      const settled = await must(submitted, "the submit started during the sync");

      const after = await readShard(t.store, T, shard);
      expect(after.bytes).toBeLessThanOrEqual(DOCUMENT_BUDGET);
      const registryTaken = synced.registryRefused === undefined;
      const answerTaken = settled.status === "accepted";
      // one of the two, never both (they do not fit together) and never neither (each fits alone)
      expect([registryTaken, answerTaken]).toContainEqual(true);
      expect(registryTaken && answerTaken).toBe(false);
      if (registryTaken) {
        expect(settled.errors.map((e) => e.code)).toEqual(["answers_too_large"]);
        expect(await registryOf(t.store, T)).toEqual(longer);
        expect(after.data?.facts).toEqual(before.data?.facts);
      } else {
        expect(synced.registryRefused).toMatchObject({ code: "shard_full", shard });
        expect(await registryOf(t.store, T)).toEqual(dataset.schools);
        expect(after.bytes).toBe(before.bytes + answerGrowth);
      }
    } finally {
      await Promise.all([submitter.close(), syncer.close()]);
    }
  }, 180_000);
});
