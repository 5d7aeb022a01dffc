// Issue 11 §7: ВПР task results live in their own documents; 2,000 schools × 6 years with them keep every document ≤ 0.8 MiB.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import type { ImportReport } from "../../functions/src/import/import-result.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { withSampleTaskRecords } from "../../functions/src/sample/vpr-task-records.js";
import { DOCUMENT_BUDGET } from "../../functions/src/store/document-size.js";
import { largestDocuments } from "../../functions/src/store/shard-school-years.js";
import { SHARD_COUNT, ShardDocSchema, shardOf } from "../../functions/src/store/stored-documents.js";
import { openTestStore, type TestStore } from "../support/emulator.js";
import { asStored } from "../support/stored-school-year.js";
import { NOW, sampleDataset, seedTerritory } from "./store-fixture.js";

const MIB = 1 << 20;
/** Issue 11 §7: the largest stored document for 2,000 schools × 6 years with task results. */
const BUDGET_MIB = 0.8;

describe("storage of task results (2,000 schools × 6 years, four ВПР papers each)", () => {
  const dataset = generateSampleTerritory({ schools: 2_000, years: 6, seed: 11 });
  const facts = withSampleTaskRecords(dataset.facts, 11);
  const writes = facts.map(asStored);

  it("keeps the largest shard and task document within 0.8 MiB", () => {
    expect(facts.filter((f) => (f.vprTasks?.length ?? 0) === 4).length).toBeGreaterThan(10_000);
    const largest = largestDocuments("t", writes, dataset.schools);
    expect(largest.shard.bytes / MIB).toBeLessThanOrEqual(BUDGET_MIB);
    expect(largest.tasks.bytes / MIB).toBeLessThanOrEqual(BUDGET_MIB);
    expect(largest.tasks.bytes).toBeGreaterThan(0);
  });

  it("would not fit if the task results stayed in the shards (why they moved)", () => {
    const perShard = new Array<number>(SHARD_COUNT).fill(0);
    for (const w of writes) {
      const shard = shardOf(w.schoolId);
      perShard[shard] = (perShard[shard] ?? 0) + Buffer.byteLength(JSON.stringify(w.fact), "utf8") + 12;
    }
    expect(Math.max(...perShard) / MIB).toBeGreaterThan(BUDGET_MIB);
  });
});

describe("task results in the store", () => {
  let t: TestStore;
  const T = "tasks";
  const base = sampleDataset(T, 24);
  const facts = withSampleTaskRecords(base.facts, 3);

  beforeAll(async () => {
    t = openTestStore("task-storage");
    await seedTerritory(t.store, base);
    await t.store.territories.importFacts(T, facts, "import:sample", NOW);
  });
  afterAll(async () => {
    await t.close();
  });

  it("come back joined to their school-years, while the shards hold none of them", async () => {
    const loaded = await t.store.territories.loadDataset(T);
    if (!loaded.success) throw new Error(loaded.error.code);
    const key = (f: SchoolYearFacts) => `${f.schoolId} ${f.year}`;
    const byKey = new Map(loaded.data.dataset.facts.map((f) => [key(f), f]));
    for (const fact of facts) expect(byKey.get(key(fact))).toEqual(fact);
    expect(facts.some((f) => f.vprTasks !== undefined)).toBe(true);
    const shards = await t.store.db.firestore.collection(`territories/${T}/shards`).get();
    for (const doc of shards.docs)
      for (const years of Object.values(ShardDocSchema.parse(doc.data()).facts))
        for (const stored of Object.values(years)) expect(stored.facts.vprTasks).toBeUndefined();
    const tasks = await t.store.db.firestore.collection(`territories/${T}/tasks`).get();
    expect(tasks.size).toBeGreaterThan(0);
  });

  it("an import whose task results would outgrow a Firestore document is refused whole, nothing written", async () => {
    // schools of one shard, each with papers of many tasks: together more than one document holds
    const shard = shardOf(base.schools[0]?.id ?? "");
    const all = Array.from({ length: 4000 }, (_, i) => `big-${i}`).filter((id) => shardOf(id) === shard);
    const chosen = all.slice(0, 12);
    expect(chosen.length).toBe(12);
    await t.store.territories.saveSetup(
      T,
      { schools: [...base.schools, ...chosen.map((id) => ({ id, name: `Школа ${id}` }))] },
      NOW,
    );
    const paper = (grade: number, subject: string) => ({
      grade,
      subject,
      participants: 30,
      maxScore: 200,
      tasks: Array.from({ length: 99 }, (_, k) => ({
        id: `${k + 1}.${(k % 9) + 1}`,
        level: "basic" as const,
        maxPoints: 2,
        points: 31,
      })),
    });
    const subjects = [
      "russian",
      "math",
      "history",
      "biology",
      "geography",
      "physics",
      "chemistry",
      "english",
      "social_studies",
      "informatics",
    ];
    const report: ImportReport = {
      format: "fisoko-vpr",
      file: { name: "huge.xlsx", size: 1, sha256: "c".repeat(64) },
      rows: { read: 1, taken: 1 },
      procedures: [{ kind: "vpr", year: "2025/2026", grade: 5, subject: "russian" }],
      facts: chosen.map((schoolId) => ({
        schoolId,
        year: "2025/2026",
        vprTasks: [4, 5, 6, 7].flatMap((grade) => subjects.map((s) => paper(grade, s))),
      })),
      replaceElements: true,
      schools: { matched: [], unmatched: [] },
      ignoredColumns: [],
    };
    const before = await t.store.db.firestore.collection(`territories/${T}/tasks`).get();
    const state = await t.store.imports.loadState(T);
    if (state === undefined) throw new Error("no state");
    const outcome = await t.store.imports.apply(state, {
      territoryId: T,
      report,
      by: "metodist@example.ru",
      now: NOW,
      bytes: new Uint8Array(1),
    });
    expect(outcome.status).toBe("refused");
    expect(outcome.record.issues.join("\n")).toMatch(/больше, чем помещается в один документ Firestore/);
    expect(outcome.record.issues.join("\n")).toMatch(/заняли бы (\d+) байт/);
    const bytes = Number(/заняли бы (\d+) байт/.exec(outcome.record.issues.join("\n"))?.[1]);
    expect(bytes).toBeGreaterThan(DOCUMENT_BUDGET);
    const after = await t.store.db.firestore.collection(`territories/${T}/tasks`).get();
    expect(after.docs.map((d) => JSON.stringify(d.data()))).toEqual(
      before.docs.map((d) => JSON.stringify(d.data())),
    );
  });
});
