// The school-years of one shard inside a transaction: the shard document and its task-results documents read together, written together.
import { type DocumentReference, FieldPath, FieldValue } from "@google-cloud/firestore";
import type { School } from "../contract/dataset.js";
import { documentBytes } from "./document-size.js";
import type { CountedTransaction, Db } from "./firestore-client.js";
import {
  encodeRegistryEntry,
  encodeStoredFact,
  type ShardDoc,
  ShardDocSchema,
  type StoredFact,
  shardId,
  shardOf,
  type TaskShardDoc,
  TaskShardDocSchema,
  taskDocId,
} from "./stored-documents.js";
import { joinTasks, splitTasks } from "./task-results.js";

/** A document as stored: its path, its decoded contents (undefined when it does not exist) and its bytes. */
export interface StoredDoc<T> {
  path: string;
  doc: T | undefined;
  /** Firestore bytes of the document (0 when it does not exist). */
  bytes: number;
}

interface ReadDoc<T> extends StoredDoc<T> {
  ref: DocumentReference;
}

/** A shard's documents: the shard document and the task documents of some years. */
export interface ShardView {
  shard: number;
  main: StoredDoc<ShardDoc>;
  tasks: Map<string, StoredDoc<TaskShardDoc>>;
}

/** A shard as a transaction read it (the documents with their references, to write them back). */
export interface ShardRead extends ShardView {
  main: ReadDoc<ShardDoc>;
  tasks: Map<string, ReadDoc<TaskShardDoc>>;
}

/** Path of a shard document. */
export function shardPath(territoryId: string, shard: number): string {
  return `territories/${territoryId}/shards/${shardId(shard)}`;
}

/** Path of a task-results document. */
export function taskPath(territoryId: string, year: string, shard: number): string {
  return `territories/${territoryId}/tasks/${taskDocId(year, shard)}`;
}

/** The view of a shard of a territory that holds nothing yet (what a first import writes into). */
export function emptyShardView(territoryId: string, shard: number, years: readonly string[]): ShardView {
  return {
    shard,
    main: { path: shardPath(territoryId, shard), doc: undefined, bytes: 0 },
    tasks: new Map(
      years.map((year) => [year, { path: taskPath(territoryId, year, shard), doc: undefined, bytes: 0 }]),
    ),
  };
}

/** A school-year to write: `fact` (its facts may carry `vprTasks`) replaces it; `undefined` removes it. */
export interface SchoolYearWrite {
  schoolId: string;
  year: string;
  fact: StoredFact | undefined;
}

/** The shard document of `shard` and the task documents of `years`, in one `getAll`. */
export async function readShardSchoolYears(
  tx: CountedTransaction,
  db: Db,
  territoryId: string,
  shard: number,
  years: readonly string[],
): Promise<ShardRead> {
  const mainRef = db.doc(shardPath(territoryId, shard));
  const taskRefs = years.map((year) => db.doc(taskPath(territoryId, year, shard)));
  const [mainSnap, ...taskSnaps] = await tx.getAll(mainRef, ...taskRefs);
  const read = <T>(snap: typeof mainSnap, ref: DocumentReference, parse: (d: unknown) => T): ReadDoc<T> => {
    const data = snap?.exists ? snap.data() : undefined;
    return {
      ref,
      path: ref.path,
      doc: data === undefined ? undefined : parse(data),
      bytes: data === undefined ? 0 : documentBytes(ref.path, data),
    };
  };
  const tasks = new Map<string, ReadDoc<TaskShardDoc>>();
  years.forEach((year, i) => {
    const ref = taskRefs[i] as DocumentReference;
    tasks.set(
      year,
      read(taskSnaps[i], ref, (d) => TaskShardDocSchema.parse(d)),
    );
  });
  return { shard, main: read(mainSnap, mainRef, (d) => ShardDocSchema.parse(d)), tasks };
}

/** A school-year as stored, its task results joined back into its facts; undefined when nothing is stored. */
export function storedSchoolYear(read: ShardView, schoolId: string, year: string): StoredFact | undefined {
  const stored = read.main.doc?.facts[schoolId]?.[year];
  const tasks = read.tasks.get(year)?.doc?.schools[schoolId];
  if (stored === undefined && tasks === undefined) return undefined;
  return {
    facts: joinTasks(stored?.facts, schoolId, year, tasks),
    sources: stored?.sources ?? [],
  };
}

/** The stored text of a school-year's task results. */
function encodeTasks(tasks: unknown): string {
  return JSON.stringify(tasks);
}

/** Firestore bytes of one map entry `key: text` (0 when absent). */
function entryBytes(key: string, text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(key, "utf8") + 1 + Buffer.byteLength(text, "utf8") + 1;
}

/**
 * The Firestore bytes the shard document and each task document would have after `writes`, estimated from the
 * bytes read and the entries replaced (what a write is checked against before it is made).
 */
export function bytesAfter(
  read: ShardView,
  writes: readonly SchoolYearWrite[],
): { shard: number; tasks: Map<string, number> } {
  let shard = read.main.bytes === 0 ? documentBytes(read.main.path, { shard: read.shard }) : read.main.bytes;
  const tasks = new Map<string, number>();
  for (const [year, doc] of read.tasks)
    tasks.set(
      year,
      doc.bytes === 0 ? documentBytes(doc.path, { year, shard: read.shard, schools: {} }) : doc.bytes,
    );
  for (const write of writes) {
    const before = read.main.doc?.facts[write.schoolId]?.[write.year];
    const beforeTasks = read.tasks.get(write.year)?.doc?.schools[write.schoolId];
    const next = encodedWrite(write);
    shard +=
      entryBytes(write.year, next.facts) -
      entryBytes(write.year, before === undefined ? undefined : encodeStoredFact(before));
    const delta =
      entryBytes(write.schoolId, next.tasks) -
      entryBytes(write.schoolId, beforeTasks === undefined ? undefined : encodeTasks(beforeTasks));
    tasks.set(write.year, (tasks.get(write.year) ?? 0) + delta);
  }
  return { shard, tasks };
}

/** The stored texts of a write: the facts without task results, and the task results (undefined: none). */
function encodedWrite(write: SchoolYearWrite): { facts: string | undefined; tasks: string | undefined } {
  if (write.fact === undefined) return { facts: undefined, tasks: undefined };
  const split = splitTasks(write.fact.facts);
  return {
    facts: encodeStoredFact({ facts: split.facts, sources: write.fact.sources }),
    tasks: split.tasks === undefined ? undefined : encodeTasks(split.tasks),
  };
}

/**
 * Writes school-years of one read shard: their facts (without task results) as single fields of the shard
 * document, their task results as single fields of the year's task document (created when missing). A task
 * document is written only where a school-year's task results change: 1 write, plus 1 per year whose task
 * results change.
 */
export function writeShardSchoolYears(
  tx: CountedTransaction,
  read: ShardRead,
  writes: readonly SchoolYearWrite[],
): void {
  if (writes.length === 0) return;
  const facts: Record<string, Record<string, unknown>> = {};
  const factPaths: FieldPath[] = [];
  const tasks = new Map<string, { schools: Record<string, unknown>; paths: FieldPath[] }>();
  for (const write of writes) {
    const next = encodedWrite(write);
    facts[write.schoolId] = { ...facts[write.schoolId], [write.year]: next.facts ?? FieldValue.delete() };
    factPaths.push(new FieldPath("facts", write.schoolId, write.year));
    const before = read.tasks.get(write.year)?.doc?.schools[write.schoolId];
    const beforeText = before === undefined ? undefined : encodeTasks(before);
    if (beforeText === next.tasks) continue;
    const entry = tasks.get(write.year) ?? { schools: {}, paths: [] };
    entry.schools[write.schoolId] = next.tasks ?? FieldValue.delete();
    entry.paths.push(new FieldPath("schools", write.schoolId));
    tasks.set(write.year, entry);
  }
  // a merge on named fields: the shard's registry and its other school-years stay as they are
  tx.set(read.main.ref, { shard: read.shard, facts }, { mergeFields: ["shard", ...factPaths] });
  for (const [year, entry] of tasks) {
    const doc = read.tasks.get(year);
    if (doc === undefined) throw new Error(`task document of ${year} was not read`);
    tx.set(
      doc.ref,
      { year, shard: read.shard, schools: entry.schools },
      { mergeFields: ["year", "shard", ...entry.paths] },
    );
  }
}

/** The largest documents a territory's school-years take in the store: the shard and the task document. */
export interface LargestDocuments {
  shard: { path: string; bytes: number };
  tasks: { path: string; bytes: number };
}

/**
 * What these school-years weigh when stored in a territory that holds nothing else but its registry: each shard
 * document (the registry entries of its schools and their school-years) and each task document, as Firestore
 * counts bytes (the same encoding and estimate the writes are checked with). O(size of the facts).
 */
export function largestDocuments(
  territoryId: string,
  writes: readonly SchoolYearWrite[],
  registry: readonly School[] = [],
): LargestDocuments {
  const entries = new Map<number, number>();
  registry.forEach((school, order) => {
    const shard = shardOf(school.id);
    const text = encodeRegistryEntry({ order, school });
    entries.set(shard, (entries.get(shard) ?? 0) + entryBytes(school.id, text));
  });
  const byShard = new Map<number, SchoolYearWrite[]>();
  for (const write of writes) {
    const shard = shardOf(write.schoolId);
    byShard.set(shard, [...(byShard.get(shard) ?? []), write]);
  }
  const out: LargestDocuments = { shard: { path: "", bytes: 0 }, tasks: { path: "", bytes: 0 } };
  for (const [shard, list] of byShard) {
    const view = emptyShardView(territoryId, shard, [...new Set(list.map((w) => w.year))]);
    const after = bytesAfter(view, list);
    const shardBytes = after.shard + (entries.get(shard) ?? 0);
    if (shardBytes > out.shard.bytes) out.shard = { path: view.main.path, bytes: shardBytes };
    for (const [year, bytes] of after.tasks)
      if (bytes > out.tasks.bytes) out.tasks = { path: taskPath(territoryId, year, shard), bytes };
  }
  return out;
}
