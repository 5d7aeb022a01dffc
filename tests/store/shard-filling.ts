// Test helper: one shard of a territory filled with stored answers to an exact Firestore size, as years of a large territory's answers fill it.
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { documentBytes } from "../../functions/src/store/document-size.js";
import type { Store } from "../../functions/src/store/open-store.js";
import { shardPath } from "../../functions/src/store/shard-school-years.js";
import { shardOf } from "../../functions/src/store/stored-documents.js";

/** The shard document as stored (undefined when absent) and its Firestore bytes. */
export async function readShard(store: Store, territoryId: string, shard: number) {
  const path = shardPath(territoryId, shard);
  const snap = await store.db.get(store.db.doc(path));
  const data = snap.exists ? snap.data() : undefined;
  return { data, bytes: data === undefined ? 0 : documentBytes(path, data) };
}

/** `count` school codes of schools closed earlier (off the registry, their answers kept) that hash to `shard`. */
function closedSchools(shard: number, count: number, prefix: string): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++)
    if (shardOf(`${prefix}-${i}`) === shard) ids.push(`${prefix}-${i}`);
  return ids;
}

/**
 * Stores answers in `shard` until its document is exactly `target` bytes: school-years shaped like `template`
 * for schools taken off the registry (their answers stay stored, as a sync keeps them), through the same
 * import path a dataset file takes; the last school-year's provenance text is lengthened to land on the byte.
 * Returns the codes of those schools.
 */
export async function fillShard(
  store: Store,
  territoryId: string,
  shard: number,
  target: number,
  template: SchoolYearFacts,
  years: readonly string[],
): Promise<string[]> {
  const at = new Date("2026-03-02T09:00:00Z");
  const facts = (ids: readonly string[]) =>
    ids.flatMap((schoolId) => years.map((year) => ({ ...template, schoolId, year })));
  const start = (await readShard(store, territoryId, shard)).bytes;
  const [probe, pad] = closedSchools(shard, 2, `closed-${shard}-probe`) as [string, string];
  await store.territories.importFacts(territoryId, facts([probe]), "import:archive", at);
  const perSchool = (await readShard(store, territoryId, shard)).bytes - start;
  const room = target - start - 2 * perSchool;
  if (room < 0) throw new Error(`shard ${shard} has no room for ${target} bytes of answers`);
  const many = closedSchools(shard, Math.floor(room / perSchool), `closed-${shard}`);
  await store.territories.importFacts(territoryId, facts(many), "import:archive", at);
  const padFact = [{ ...template, schoolId: pad, year: years[0] ?? "2025/2026" }];
  await store.territories.importFacts(territoryId, padFact, "import:archive", at);
  const short = target - (await readShard(store, territoryId, shard)).bytes;
  // the source is ASCII text inside the stored JSON: each character one byte
  await store.territories.importFacts(territoryId, padFact, `import:archive${"-".repeat(short)}`, at);
  const filled = (await readShard(store, territoryId, shard)).bytes;
  if (filled !== target) throw new Error(`shard ${shard} filled to ${filled} bytes, not ${target}`);
  return [probe, ...many, pad];
}
