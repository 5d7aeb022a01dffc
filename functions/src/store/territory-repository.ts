// A territory in Firestore: what /sync stores, the allowlist, change counters for /flush, and the whole Dataset v1.
import { type DocumentReference, FieldValue } from "@google-cloud/firestore";
import type {
  Dataset,
  Meeting,
  Reference,
  RoadmapItem,
  School,
  SchoolYearFacts,
  VprTasks,
} from "../contract/dataset.js";
import type { CriteriaRow } from "../contract/identification-criteria.js";
import type { Result } from "../contract/result.js";
import { DOCUMENT_BUDGET, documentBytes, valueBytes } from "./document-size.js";
import type { CountedBatch, CountedTransaction, Db } from "./firestore-client.js";
import { KeyedMutex } from "./keyed-mutex.js";
import { readShardSchoolYears, shardPath, writeShardSchoolYears } from "./shard-school-years.js";
import {
  encodeRegistryEntry,
  type RegistryEntry,
  SHARD_COUNT,
  ShardDocSchema,
  type StoredFact,
  shardId,
  shardOf,
  TaskShardDocSchema,
  type TerritoryDoc,
  TerritoryDocSchema,
} from "./stored-documents.js";
import { joinTasks } from "./task-results.js";

/** The part of a territory that comes from configuration (or, in development mode, from its first sync). */
export interface TerritoryIdentity {
  id: string;
  name: string;
  coordinators: string[];
  spreadsheetId?: string;
  timeZone?: string;
}

/** What /sync stores; each present field replaces the stored one, absent fields stay as they are. */
export interface TerritorySetup {
  schools?: School[];
  methodology?: Record<string, unknown>;
  /** «Критерии выявления»: kept apart from «Настройки» so that each tab's sync replaces only its own part. */
  criteria?: CriteriaRow[];
  references?: Reference[];
  roadmap?: RoadmapItem[];
  meetings?: Meeting[];
  pins?: { menteeId: string; mentorId: string }[];
  calendar?: { date: string; kind: "dayOff" | "workday"; note?: string }[];
  name?: string;
  timeZone?: string;
}

/**
 * The largest registry one sync writes. The registry and the territory document go in one transaction, its commit
 * is one request, and a request ends at 10 MiB (https://cloud.google.com/firestore/quotas): 8 MiB leaves room for
 * the territory document (at most 1 MiB) and the request's own framing. Each shard's part of it is checked
 * against the answers stored beside it when it is written ({@link TerritoryRepository.saveSetup}).
 */
export const REGISTRY_BUDGET = 8 * 1024 * 1024;

/** Bytes the registry takes in {@link TerritoryRepository.saveSetup}'s commit: each school's key and stored text. */
export function registryBytes(schools: readonly School[]): number {
  return schools.reduce(
    (sum, school, order) => sum + valueBytes({ [school.id]: encodeRegistryEntry({ order, school }) }),
    0,
  );
}

/**
 * Firestore bytes of a shard document once saveSetup's write has replaced its registry map with `entries`: the
 * document as stored (`stored`, undefined when it does not exist yet) with `shard` and `schools` swapped, the
 * stored answers (`facts`) as they are. O(size of the document).
 */
export function shardBytesWithRegistry(
  path: string,
  shard: number,
  stored: Readonly<Record<string, unknown>> | undefined,
  entries: Readonly<Record<string, string>>,
): number {
  return documentBytes(path, { ...stored, shard, schools: entries });
}

/**
 * The schools in the stored registry maps of `snaps` (the 64 shards as read) that `schools` leaves out and that
 * have facts stored there, by code, with the years of those facts: what a sync of «Школы» takes out of the
 * results. O(shards' contents).
 */
function droppedWithFacts(
  snaps: readonly { exists: boolean; data(): Record<string, unknown> | undefined }[],
  schools: readonly School[],
): { schoolId: string; years: string[] }[] {
  const kept = new Set(schools.map((s) => s.id));
  const dropped: { schoolId: string; years: string[] }[] = [];
  // Only the maps' keys are read: decoding every stored answer of 64 shards would cost more than the sync.
  const keysOf = (value: unknown) => (typeof value === "object" && value !== null ? Object.keys(value) : []);
  for (const snap of snaps) {
    const shard = snap.exists ? snap.data() : undefined;
    if (shard === undefined) continue;
    const facts = shard.facts as Record<string, unknown> | undefined;
    for (const schoolId of keysOf(shard.schools)) {
      const years = keysOf(facts?.[schoolId]).sort();
      if (!kept.has(schoolId) && years.length > 0) dropped.push({ schoolId, years });
    }
  }
  return dropped.sort((a, b) => (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0));
}

/** «Школы» left out of a sync: a shard document the new registry would take past {@link DOCUMENT_BUDGET}. */
export interface ShardFull {
  code: "shard_full";
  shard: number;
  /** Firestore bytes the shard document would have with the new registry. */
  bytes: number;
  /** Its bytes with no registry at all: the stored answers of the schools hashed there. */
  answerBytes: number;
  /** Codes of the new registry's schools hashed to that shard, in the sheet's order. */
  schoolIds: string[];
}

/** What {@link TerritoryRepository.saveSetup} stored: everything it was given, or all but `schools`. */
export interface SaveSetupOutcome {
  /** Present when `schools` was left out (the previous registry stays in force); every other field was saved. */
  registryRefused?: ShardFull;
  /**
   * When the new `schools` was saved: the schools of the registry it replaced that it leaves out and that have
   * facts stored, by code, with the years of those facts (they stay stored, out of the results). Read from the
   * same shards the registry's write read, not from a second pass over them.
   */
  droppedWithFacts?: { schoolId: string; years: string[] }[];
}

/** Where a territory stands for /flush: stale results to recompute, unpublished results to publish. */
export interface TerritoryState {
  territoryId: string;
  factsVersion: number;
  factsChangedAt?: string;
  resultsFactsVersion?: number;
  resultsGeneration: number;
  resultsComputedAt?: string;
  publishedGeneration: number;
  publishedAt?: string;
  /** Facts, registry or settings changed after the stored results were computed (or none exist). */
  needsRecompute: boolean;
  /** Stored results are newer than what the sheet shows. */
  needsPublish: boolean;
}

/** A Dataset v1 assembled from the store, with the change counter it reflects (at least). */
export interface LoadedDataset {
  dataset: Dataset;
  factsVersion: number;
  /** Facts kept for schools no longer in the registry: stored, but not part of the dataset. */
  orphanFacts: number;
}

export type LoadDatasetResult = Result<LoadedDataset, { code: "territory_not_found"; territoryId: string }>;

/** Port of the territory store. */
export interface TerritoryRepository {
  getTerritory(territoryId: string): Promise<TerritoryDoc | undefined>;
  ensureTerritory(identity: TerritoryIdentity, now: Date): Promise<void>;
  createTerritoryIfMissing(
    identity: TerritoryIdentity,
    now: Date,
  ): Promise<{ created: boolean; territory: TerritoryDoc }>;
  saveSetup(territoryId: string, setup: TerritorySetup, now: Date): Promise<SaveSetupOutcome>;
  importFacts(
    territoryId: string,
    facts: readonly SchoolYearFacts[],
    source: string,
    now: Date,
  ): Promise<void>;
  loadDataset(territoryId: string): Promise<LoadDatasetResult>;
  getStoredFact(territoryId: string, schoolId: string, year: string): Promise<StoredFact | undefined>;
  listStates(): Promise<TerritoryState[]>;
  markPublished(territoryId: string, generation: number, now: Date): Promise<void>;
  /**
   * Records that the facts at `factsVersion` give nothing to compute (no facts yet), so /flush stops loading the
   * territory every minute until a form or a sync changes it.
   */
  markNothingToCompute(territoryId: string, factsVersion: number): Promise<void>;
}

/** The /flush view of one territory document. */
export function territoryState(doc: TerritoryDoc): TerritoryState {
  const state: TerritoryState = {
    territoryId: doc.id,
    factsVersion: doc.factsVersion,
    resultsGeneration: doc.resultsGeneration,
    publishedGeneration: doc.publishedGeneration,
    needsRecompute: doc.resultsFactsVersion === undefined || doc.factsVersion > doc.resultsFactsVersion,
    needsPublish: doc.resultsGeneration > doc.publishedGeneration,
  };
  if (doc.factsChangedAt !== undefined) state.factsChangedAt = doc.factsChangedAt;
  if (doc.resultsFactsVersion !== undefined) state.resultsFactsVersion = doc.resultsFactsVersion;
  if (doc.resultsComputedAt !== undefined) state.resultsComputedAt = doc.resultsComputedAt;
  if (doc.publishedAt !== undefined) state.publishedAt = doc.publishedAt;
  return state;
}

function identityFields(identity: TerritoryIdentity): Record<string, unknown> {
  return {
    id: identity.id,
    name: identity.name,
    coordinators: identity.coordinators.map((e) => e.toLowerCase()),
    ...(identity.spreadsheetId !== undefined ? { spreadsheetId: identity.spreadsheetId } : {}),
    ...(identity.timeZone !== undefined ? { timeZone: identity.timeZone } : {}),
  };
}

/** Firestore implementation of {@link TerritoryRepository}. */
export class FirestoreTerritoryRepository implements TerritoryRepository {
  /**
   * Syncs of one territory queue within an instance: two registry transactions that both read the 64 shards and
   * then write them would wait out the emulator's 30-second lock timeout (see keyed-mutex.ts). Firestore keeps
   * them correct across instances anyway.
   */
  private readonly setupQueue = new KeyedMutex();

  constructor(private readonly db: Db) {}

  private territoryRef(territoryId: string) {
    return this.db.doc(`territories/${territoryId}`);
  }

  private shardsRef(territoryId: string) {
    return this.db.collection(`territories/${territoryId}/shards`);
  }

  /** The territory document (settings, allowlist, counters; not the registry or facts), if it exists. */
  async getTerritory(territoryId: string): Promise<TerritoryDoc | undefined> {
    const snap = await this.db.get(this.territoryRef(territoryId));
    return snap.exists ? TerritoryDocSchema.parse(snap.data()) : undefined;
  }

  /** Creates or updates the configured identity of a territory (name, sheet, coordinators, time zone). */
  async ensureTerritory(identity: TerritoryIdentity, now: Date): Promise<void> {
    await this.db.runTransaction(async (tx) => {
      const snap = await tx.get(this.territoryRef(identity.id));
      tx.set(
        this.territoryRef(identity.id),
        { ...identityFields(identity), ...(snap.exists ? {} : { createdAt: now.toISOString() }) },
        { merge: true },
      );
    });
  }

  /**
   * Development mode: the first /sync of an unknown territory creates it with the caller as coordinator;
   * later calls return the existing territory untouched (so nobody takes over a territory by syncing).
   */
  async createTerritoryIfMissing(
    identity: TerritoryIdentity,
    now: Date,
  ): Promise<{ created: boolean; territory: TerritoryDoc }> {
    return this.db.runTransaction(async (tx) => {
      const ref = this.territoryRef(identity.id);
      const snap = await tx.get(ref);
      if (snap.exists) return { created: false, territory: TerritoryDocSchema.parse(snap.data()) };
      const data = { ...identityFields(identity), createdAt: now.toISOString() };
      tx.set(ref, data);
      return { created: true, territory: TerritoryDocSchema.parse(data) };
    });
  }

  /**
   * Stores what /sync sent, atomically: the settings on the territory document and, when `schools` is
   * present, the registry spread over all {@link SHARD_COUNT} shards (facts untouched; a school removed
   * from the registry keeps its facts stored but leaves the dataset). Marks the territory changed.
   *
   * The registry shares its shard documents with the schools' stored answers, so it is written in a transaction
   * that first reads the 64 shards whole and leaves `schools` out (returned as `registryRefused`, the rest still
   * saved) when one would grow past {@link DOCUMENT_BUDGET}: Firestore refuses a document over 1 MiB
   * (https://cloud.google.com/firestore/quotas) and the whole sync was a 500. The read costs 64 document reads and
   * every shard's bytes over the wire and in memory for the length of the transaction (64 MB of documents for a
   * territory filled to the budget, ~20 MB for 2,000 schools × 6 years — the same as the publish after the sync
   * loads), on the cold path of a sync; Firestore gives no document's size without reading it. In a transaction no submit can grow a shard between that read and
   * the write: Firestore fails or delays an operation that would change a document a transaction read
   * (https://cloud.google.com/firestore/docs/transaction-data-contention), and the retried attempt reads again.
   */
  async saveSetup(territoryId: string, setup: TerritorySetup, now: Date): Promise<SaveSetupOutcome> {
    const fields: Record<string, unknown> = {
      id: territoryId,
      factsVersion: FieldValue.increment(1),
      factsChangedAt: now.toISOString(),
      syncedAt: now.toISOString(),
    };
    for (const key of [
      "methodology",
      "criteria",
      "references",
      "roadmap",
      "meetings",
      "pins",
      "calendar",
      "name",
      "timeZone",
    ] as const) {
      if (setup[key] !== undefined) fields[key] = setup[key];
    }
    const schools = setup.schools;
    if (schools === undefined) {
      const batch = this.db.batch();
      this.writeSetupFields(batch, territoryId, fields);
      await batch.commit();
      return {};
    }
    return this.setupQueue.run([territoryId], () => this.saveRegistry(territoryId, schools, fields));
  }

  /** The setup's fields on the territory document. */
  private writeSetupFields(
    w: CountedBatch | CountedTransaction,
    territoryId: string,
    fields: Record<string, unknown>,
  ): void {
    // mergeFields, not merge: a methodology override removed on «Настройки» must disappear, not deep-merge
    w.set(this.territoryRef(territoryId), fields, { mergeFields: Object.keys(fields) });
  }

  /** saveSetup's transaction when `schools` came: the 64 shards read whole, then the registry or only `fields`. */
  private saveRegistry(
    territoryId: string,
    schools: readonly School[],
    fields: Record<string, unknown>,
  ): Promise<SaveSetupOutcome> {
    const byShard = Array.from({ length: SHARD_COUNT }, () => ({}) as Record<string, string>);
    schools.forEach((school, order) => {
      const entries = byShard[shardOf(school.id)];
      if (entries !== undefined) entries[school.id] = encodeRegistryEntry({ order, school });
    });
    const refs = byShard.map((_, shard) => this.shardsRef(territoryId).doc(shardId(shard)));
    return this.db.runTransaction(async (tx): Promise<SaveSetupOutcome> => {
      const snaps = await tx.getAll(...refs);
      let full: ShardFull | undefined;
      byShard.forEach((entries, shard) => {
        const snap = snaps[shard];
        const stored = snap?.exists ? snap.data() : undefined;
        const path = shardPath(territoryId, shard);
        const bytes = shardBytesWithRegistry(path, shard, stored, entries);
        // a registry that does not grow the shard is always taken: it can only make room
        const was = stored === undefined ? 0 : documentBytes(path, stored);
        if (bytes <= DOCUMENT_BUDGET || bytes <= was || (full !== undefined && full.bytes >= bytes)) return;
        full = {
          code: "shard_full",
          shard,
          bytes,
          answerBytes: shardBytesWithRegistry(path, shard, stored, {}),
          // from the sheet, not the map: a map lists codes that look like numbers (an ИНН) first
          schoolIds: schools.filter((s) => shardOf(s.id) === shard).map((s) => s.id),
        };
      });
      if (full !== undefined) {
        this.writeSetupFields(tx, territoryId, fields);
        return { registryRefused: full };
      }
      byShard.forEach((entries, shard) => {
        // mergeFields replaces the whole registry map of the shard and leaves its facts alone
        tx.set(
          refs[shard] as DocumentReference,
          { shard, schools: entries },
          { mergeFields: ["shard", "schools"] },
        );
      });
      this.writeSetupFields(tx, territoryId, { ...fields, schoolCount: schools.length });
      return { droppedWithFacts: droppedWithFacts(snaps, schools) };
    });
  }

  /**
   * Puts whole school-years into the store at once (a dataset file, a migration): each imported fact
   * replaces the stored one of its school and year, with `source` as its provenance. One transaction per
   * shard, so a large import never exceeds a commit's size; marks the territory changed at the end.
   */
  async importFacts(
    territoryId: string,
    facts: readonly SchoolYearFacts[],
    source: string,
    now: Date,
  ): Promise<void> {
    const byShard = new Map<number, SchoolYearFacts[]>();
    for (const fact of facts) {
      const shard = shardOf(fact.schoolId);
      byShard.set(shard, [...(byShard.get(shard) ?? []), fact]);
    }
    const at = now.toISOString();
    const work = [...byShard.entries()];
    const importShard = async ([shard, shardFacts]: [number, SchoolYearFacts[]]) => {
      const years = [...new Set(shardFacts.map((f) => f.year))].sort();
      await this.db.runTransaction(async (tx) => {
        const read = await readShardSchoolYears(tx, this.db, territoryId, shard, years);
        writeShardSchoolYears(
          tx,
          read,
          shardFacts.map((fact) => {
            const paths = Object.keys(fact).filter((k) => k !== "schoolId" && k !== "year");
            return {
              schoolId: fact.schoolId,
              year: fact.year,
              fact: {
                facts: fact,
                sources: [{ submission: source, formKind: "import", submittedAt: at, paths: paths.sort() }],
              },
            };
          }),
        );
      });
    };
    // a few shards at a time: each transaction carries up to a shard's worth (~0.3 MiB) of facts
    for (let i = 0; i < work.length; i += 8) await Promise.all(work.slice(i, i + 8).map(importShard));
    await this.db.set(
      this.territoryRef(territoryId),
      { id: territoryId, factsVersion: FieldValue.increment(1), factsChangedAt: at },
      { merge: true },
    );
  }

  /**
   * Assembles Dataset v1 with a constant number of reads: the territory document, then one query over
   * its {@link SHARD_COUNT} shards. The territory is read first, so `factsVersion` is never newer than the
   * facts returned (a change in between only causes one extra recomputation, never a missed one).
   */
  async loadDataset(territoryId: string): Promise<LoadDatasetResult> {
    const territorySnap = await this.db.get(this.territoryRef(territoryId));
    if (!territorySnap.exists) return { success: false, error: { code: "territory_not_found", territoryId } };
    const territory = TerritoryDocSchema.parse(territorySnap.data());
    const [shards, taskDocs] = await Promise.all([
      this.db.query(this.shardsRef(territoryId)),
      this.db.query(this.db.collection(`territories/${territoryId}/tasks`)),
    ]);
    // task results by school and year (they live apart from the shards: stored-documents.ts)
    const tasks = new Map<string, Map<string, VprTasks[]>>();
    for (const doc of taskDocs.docs) {
      const parsed = TaskShardDocSchema.parse(doc.data());
      for (const [schoolId, list] of Object.entries(parsed.schools)) {
        const years = tasks.get(schoolId) ?? new Map<string, VprTasks[]>();
        years.set(parsed.year, list);
        tasks.set(schoolId, years);
      }
    }

    const registry: RegistryEntry[] = [];
    const facts: SchoolYearFacts[] = [];
    let orphanFacts = 0;
    const parsed = shards.docs.map((doc) => ShardDocSchema.parse(doc.data()));
    const inRegistry = new Set<string>();
    for (const shard of parsed) {
      for (const entry of Object.values(shard.schools)) {
        registry.push(entry);
        inRegistry.add(entry.school.id);
      }
    }
    registry.sort((a, b) => a.order - b.order);
    const order = new Map(registry.map((entry) => [entry.school.id, entry.order]));
    for (const shard of parsed) {
      for (const [schoolId, years] of Object.entries(shard.facts)) {
        const schoolTasks = tasks.get(schoolId);
        for (const [year, stored] of Object.entries(years)) {
          if (!inRegistry.has(schoolId)) orphanFacts++;
          else facts.push(joinTasks(stored.facts, schoolId, year, schoolTasks?.get(year)));
          schoolTasks?.delete(year);
        }
      }
    }
    // task results of a school-year whose other facts were all removed since
    for (const [schoolId, years] of tasks)
      for (const [year, list] of years) {
        if (inRegistry.has(schoolId)) facts.push(joinTasks(undefined, schoolId, year, list));
        else orphanFacts++;
      }
    facts.sort(
      (a, b) =>
        (order.get(a.schoolId) ?? 0) - (order.get(b.schoolId) ?? 0) ||
        (a.year < b.year ? -1 : a.year > b.year ? 1 : 0),
    );

    const dataset: Dataset = {
      format: "shnor-dataset",
      version: 1,
      territory: {
        id: territory.id,
        name: territory.name ?? territory.id,
        ...(territory.timeZone !== undefined ? { timeZone: territory.timeZone } : {}),
      },
      schools: registry.map((entry) => entry.school),
      facts,
    };
    if (territory.references !== undefined) dataset.references = territory.references;
    if (territory.methodology !== undefined) dataset.methodology = territory.methodology;
    // An empty «Критерии выявления» adds nothing: the dataset (and its results) stay as they were without it.
    if (territory.criteria !== undefined && territory.criteria.length > 0)
      dataset.methodology = { ...dataset.methodology, criteria: territory.criteria };
    if (territory.roadmap !== undefined) dataset.roadmap = territory.roadmap;
    if (territory.meetings !== undefined) dataset.meetings = territory.meetings;
    if (territory.pins !== undefined) dataset.pins = territory.pins;
    return { success: true, data: { dataset, factsVersion: territory.factsVersion, orphanFacts } };
  }

  /** One school-year's facts (without its ВПР task results, kept apart) with their provenance; one read. */
  async getStoredFact(territoryId: string, schoolId: string, year: string): Promise<StoredFact | undefined> {
    const snap = await this.db.get(this.shardsRef(territoryId).doc(shardId(shardOf(schoolId))));
    if (!snap.exists) return undefined;
    return ShardDocSchema.parse(snap.data()).facts[schoolId]?.[year];
  }

  /** Every territory's /flush state (one read per territory; there are few). */
  async listStates(): Promise<TerritoryState[]> {
    const snapshot = await this.db.query(this.db.collection("territories"));
    return snapshot.docs.map((doc) => territoryState(TerritoryDocSchema.parse(doc.data())));
  }

  /**
   * Records that the results of `generation` are in the sheet. A slower publish of an older generation
   * never moves the mark back.
   */
  async markNothingToCompute(territoryId: string, factsVersion: number): Promise<void> {
    await this.db.runTransaction(async (tx) => {
      const ref = this.territoryRef(territoryId);
      const snap = await tx.get(ref);
      if (!snap.exists) return;
      const doc = TerritoryDocSchema.parse(snap.data());
      // A change that arrived meanwhile must still be computed: only the version that was loaded is settled.
      if (doc.factsVersion !== factsVersion) return;
      tx.set(ref, { resultsFactsVersion: factsVersion }, { merge: true });
    });
  }

  async markPublished(territoryId: string, generation: number, now: Date): Promise<void> {
    await this.db.runTransaction(async (tx) => {
      const ref = this.territoryRef(territoryId);
      const snap = await tx.get(ref);
      if (!snap.exists) return;
      const doc = TerritoryDocSchema.parse(snap.data());
      if (generation <= doc.publishedGeneration) return;
      tx.set(ref, { publishedGeneration: generation, publishedAt: now.toISOString() }, { merge: true });
    });
  }
}
