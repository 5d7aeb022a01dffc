// Firestore operations per submit stay constant (≤ 6; ≤ 8 for a move to another school) from 50 to 2,000 schools; shards far below 1 MiB.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { SHARD_COUNT, shardOf } from "../../functions/src/store/stored-documents.js";
import { openTestStore, type TestStore } from "../support/emulator.js";
import { must, NOW, sampleDataset, seedTerritory, submitPatch } from "./store-fixture.js";

const SIZES = [50, 2_000] as const;
const FIRESTORE_DOCUMENT_LIMIT = 1_048_576;

let t: TestStore;
const datasets = new Map<number, Dataset>();

beforeAll(async () => {
  t = openTestStore("operation-count");
  for (const size of SIZES) {
    const dataset = sampleDataset(`size-${size}`, size);
    datasets.set(size, dataset);
    await seedTerritory(t.store, dataset);
    await t.store.territories.importFacts(dataset.territory.id, dataset.facts, "import:sample", NOW);
  }
}, 240_000);
afterAll(async () => {
  await t.close();
});

/** The operations of one receive + settle, as the counter reports them. */
async function costOf(patch: SchoolYearFacts, options: Parameters<typeof submitPatch>[2]) {
  const measured = await t.store.counter.measure(() => submitPatch(t.store.submissions, patch, options));
  return { outcome: measured.value, operations: measured.operations, count: measured.count };
}

describe("operations per submit", () => {
  const costs = new Map<number, number[]>();

  for (const size of SIZES) {
    it(`${size} schools: new, edited, replayed and rejected responses each cost at most 6 operations`, async () => {
      const dataset = must(datasets.get(size), `dataset of ${size}`);
      const territoryId = dataset.territory.id;
      const school = must(dataset.schools[size - 1], "last school");
      const year = "2025/2026";
      const patch = (students: number): SchoolYearFacts => ({
        schoolId: school.id,
        year,
        social: { students },
      });
      const base = { territoryId, responseId: "resp-1" };

      const first = await costOf(patch(500), { ...base, submittedAt: "2026-03-01T10:00:00Z" });
      const edit = await costOf(patch(510), { ...base, submittedAt: "2026-03-01T11:00:00Z" });
      const replay = await costOf(patch(510), { ...base, submittedAt: "2026-03-01T11:00:00Z" });
      const rejected = await costOf(patch(0), {
        territoryId,
        responseId: "resp-2",
        submittedAt: "2026-03-01T12:00:00Z",
        verdict: {
          status: "rejected",
          errors: [{ code: "invalid_answer", field: "students", message: "ожидается число" }],
        },
      });
      expect([first, edit, replay, rejected].map((c) => c.outcome.replay)).toEqual([
        "new",
        "edit",
        "duplicate",
        "new",
      ]);
      expect(first.outcome.status).toBe("accepted");
      const operations = [first, edit, replay, rejected].map((c) => c.operations);
      for (const n of operations) expect(n).toBeLessThanOrEqual(6);
      costs.set(size, operations);
    });
  }

  for (const size of SIZES) {
    it(`${size} schools: an unconfirmed address and a conflicting version cost at most 6, a move to another shard at most 8`, async () => {
      const dataset = must(datasets.get(size), `dataset of ${size}`);
      const territoryId = dataset.territory.id;
      const from = must(dataset.schools[0], "first school");
      const to = must(
        dataset.schools.find((s) => shardOf(s.id) !== shardOf(from.id)),
        "a school in another shard",
      );
      // a year with no facts yet, so the moved values cannot contradict what the sample holds
      const year = "2026/2027";
      const staff = (schoolId: string, teachers: number): SchoolYearFacts => ({
        schoolId,
        year,
        staff: { teachers },
      });
      const base = { territoryId, formId: "form-staff", formKind: "staff", responseId: "moving" };

      await costOf(staff(from.id, 30), { ...base, submittedAt: "2026-03-01T10:00:00Z" });
      const moved = await costOf(staff(to.id, 30), { ...base, submittedAt: "2026-03-01T11:00:00Z" });
      const conflict = await costOf(staff(to.id, 31), { ...base, submittedAt: "2026-03-01T11:00:00Z" });
      const typed = staff(from.id, 40);
      const pending = await costOf(typed, {
        territoryId,
        responseId: "typed",
        submittedAt: "2026-03-01T12:00:00Z",
        verdict: {
          status: "parsed",
          schoolId: from.id,
          year,
          patch: typed,
          provenance: ["staff.teachers"],
          respondent: { email: "someone@mail.example", collection: "responder_input", coordinators: [] },
        },
      });
      expect([moved, conflict, pending].map((c) => [c.outcome.replay, c.outcome.status])).toEqual([
        ["edit", "accepted"],
        ["conflict", "accepted"],
        ["new", "pending"],
      ]);
      // receive 1 + reads (response, new shard, old shard) 3 + writes (response, two shards, territory) 4
      expect(moved.operations).toBe(8);
      expect(conflict.operations).toBeLessThanOrEqual(6);
      expect(pending.operations).toBeLessThanOrEqual(6);
      costs.set(
        -size,
        [moved, conflict, pending].map((c) => c.operations),
      );
    });
  }

  it("costs exactly the same on 50 and on 2,000 schools", () => {
    expect(costs.get(2_000)).toEqual(costs.get(50));
    expect(costs.get(-2_000)).toEqual(costs.get(-50));
  });

  it("reading a whole territory costs the same number of reads at any size", async () => {
    const reads: number[] = [];
    for (const size of SIZES) {
      const measured = await t.store.counter.measure(() =>
        t.store.territories.loadDataset(must(datasets.get(size), `dataset of ${size}`).territory.id),
      );
      expect(measured.value.success && measured.value.data.dataset.schools.length).toBe(size);
      reads.push(measured.count.reads);
    }
    // the territory, its shards, and the query of ВПР task results (none here: an empty query still costs one read)
    expect(reads).toEqual([1 + SHARD_COUNT + 1, 1 + SHARD_COUNT + 1]);
  });

  it("2,000 schools × 3 years: the largest shard stays below a third of Firestore's 1 MiB limit", async () => {
    const shards = await t.store.db.query(t.store.db.collection("territories/size-2000/shards"));
    expect(shards.size).toBe(SHARD_COUNT);
    const largest = Math.max(...shards.docs.map((d) => Buffer.byteLength(JSON.stringify(d.data()), "utf8")));
    expect(largest).toBeLessThan(FIRESTORE_DOCUMENT_LIMIT / 3);
  });
});
