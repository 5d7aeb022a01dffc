// Imported files in Firestore: a record per file, what it gave applied to the shards under its provenance, undo, the saved ГИА column maps.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { FieldValue } from "@google-cloud/firestore";
import type { School, SchoolYearFacts } from "../contract/dataset.js";
import type { GiaMap } from "../import/gia-map.js";
import type { ImportReport } from "../import/import-result.js";
import { DOCUMENT_BUDGET, documentBytes } from "./document-size.js";
import type { Db } from "./firestore-client.js";
import {
  decideSchoolYear,
  importRecordId,
  importSourceId,
  procedureKey,
  type Removal,
  type SchoolYearDecision,
} from "./import-plan.js";
import {
  bytesAfter,
  readShardSchoolYears,
  type SchoolYearWrite,
  type ShardView,
  shardPath,
  storedSchoolYear,
  taskPath,
  writeShardSchoolYears,
} from "./shard-school-years.js";
import {
  type ImportConflict,
  type ImportDoc,
  ImportDocSchema,
  ShardDocSchema,
  type StoredFact,
  shardOf,
  TaskShardDocSchema,
  type TerritoryDoc,
  TerritoryDocSchema,
} from "./stored-documents.js";

/** Bytes per chunk of what a file gave (gzip JSON) or of a template kept whole: far below a document's 1 MiB. */
export const IMPORT_CHUNK_BYTES = 700_000;

/**
 * How long an import holds its territory: longer than the function's timeout, so a running import is never
 * overtaken, and a crashed one blocks the next for at most this long.
 */
export const IMPORT_LEASE_MS = 10 * 60 * 1000;

/** How many of each list a record keeps (the counts say how many there were): a record stays far below 1 MiB. */
export const RECORD_LIST_CAPS = { unmatched: 300, conflicts: 300, issues: 200, ignoredColumns: 100 } as const;

/** Shards written at once (each a transaction of at most a shard's documents). */
const PARALLEL_SHARDS = 8;

/** Everything an import decides from: the territory, its registry, the records and every stored school-year. */
export interface ImportState {
  territory: TerritoryDoc;
  registry: School[];
  records: ImportDoc[];
  /** schoolId → year → stored school-year (task results joined). */
  stored: Map<string, Map<string, StoredFact>>;
  /** Every shard's documents (for the size check before anything is written). */
  shards: Map<number, ShardView>;
}

export interface ApplyImportInput {
  territoryId: string;
  report: ImportReport;
  driveFileId?: string | undefined;
  by: string;
  now: Date;
  /** The file itself: kept whole for a template (school-level figures only), never for a per-participant file. */
  bytes: Uint8Array;
}

export type ApplyImportOutcome =
  | { status: "applied" | "unchanged"; record: ImportDoc; replaced: string[] }
  | { status: "refused"; record: ImportDoc };

export interface RefusalInput {
  territoryId: string;
  format: ImportDoc["format"] | undefined;
  file: { name: string; size: number; sha256: string; driveFileId?: string | undefined };
  /** Every issue, in Russian (the caller words them). */
  issues: readonly string[];
  /** Issues found beyond those listed. */
  more: number;
  by: string;
  now: Date;
}

export type UndoOutcome =
  | { status: "undone"; record: ImportDoc; changed: number }
  | { status: "not_found" }
  | { status: "not_applied"; record: ImportDoc }
  | { status: "refused"; issues: string[] };

/** Port of the import store. */
export interface ImportRepository {
  acquireLease(territoryId: string, now: Date): Promise<string | undefined>;
  releaseLease(territoryId: string, lease: string): Promise<void>;
  loadState(territoryId: string): Promise<ImportState | undefined>;
  apply(state: ImportState, input: ApplyImportInput): Promise<ApplyImportOutcome>;
  recordRefusal(input: RefusalInput): Promise<ImportDoc>;
  undo(state: ImportState, importId: string, by: string, now: Date): Promise<UndoOutcome>;
  listRecords(territoryId: string): Promise<ImportDoc[]>;
  saveGiaMap(territoryId: string, kind: string, map: GiaMap, now: Date): Promise<void>;
  readChunks(territoryId: string, importId: string, kind: "aggregates" | "file"): Promise<Buffer>;
}

/**
 * Splits bytes into chunks of at most {@link IMPORT_CHUNK_BYTES}, each a Buffer of its own: the client's REST
 * transport writes a plain `Uint8Array` view from the start of its underlying memory, not from its offset (a
 * template's second chunk came back as its first until the test caught it).
 */
function chunksOf(bytes: Uint8Array): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += IMPORT_CHUNK_BYTES)
    out.push(Buffer.from(bytes.subarray(at, Math.min(bytes.length, at + IMPORT_CHUNK_BYTES))));
  return out;
}

/** A record's lists capped so the document stays below the budget; the counts keep the whole numbers. */
function fitted(record: ImportDoc, path: string): ImportDoc {
  let out = record;
  for (let cap = 1; documentBytes(path, out) > DOCUMENT_BUDGET / 2 && cap < 64; cap *= 2) {
    out = {
      ...out,
      unmatched: out.unmatched.slice(0, Math.floor(RECORD_LIST_CAPS.unmatched / cap)),
      conflicts: out.conflicts.slice(0, Math.floor(RECORD_LIST_CAPS.conflicts / cap)),
      issues: out.issues.slice(0, Math.floor(RECORD_LIST_CAPS.issues / cap)).map((i) => i.slice(0, 2000)),
      ignoredColumns: out.ignoredColumns.slice(0, Math.floor(RECORD_LIST_CAPS.ignoredColumns / cap)),
    };
  }
  return out;
}

/** One place where an import decides something: a stored (or new) school-year. */
interface Location {
  schoolId: string;
  year: string;
  patch?: SchoolYearFacts | undefined;
}

/** Firestore implementation of {@link ImportRepository}. */
export class FirestoreImportRepository implements ImportRepository {
  constructor(private readonly db: Db) {}

  private territoryRef(territoryId: string) {
    return this.db.doc(`territories/${territoryId}`);
  }

  private recordRef(territoryId: string, id: string) {
    return this.db.doc(`territories/${territoryId}/imports/${id}`);
  }

  /**
   * Takes the territory for one import or undo: a lease on the territory document, so two imports never
   * interleave their bookkeeping. Undefined when another holds it (and its time has not run out).
   */
  async acquireLease(territoryId: string, now: Date): Promise<string | undefined> {
    const id = randomUUID();
    return this.db.runTransaction(async (tx) => {
      const ref = this.territoryRef(territoryId);
      const snap = await tx.get(ref);
      const doc = snap.exists ? TerritoryDocSchema.parse(snap.data()) : undefined;
      const held = doc?.importLease;
      if (held !== undefined && Date.parse(held.until) > now.getTime()) return undefined;
      tx.set(
        ref,
        {
          id: territoryId,
          importLease: { id, until: new Date(now.getTime() + IMPORT_LEASE_MS).toISOString() },
        },
        { merge: true },
      );
      return id;
    });
  }

  /** Gives the territory back (only the lease it holds: a lease that ran out and was taken stays). */
  async releaseLease(territoryId: string, lease: string): Promise<void> {
    await this.db.runTransaction(async (tx) => {
      const ref = this.territoryRef(territoryId);
      const snap = await tx.get(ref);
      const doc = snap.exists ? TerritoryDocSchema.parse(snap.data()) : undefined;
      if (doc?.importLease?.id !== lease) return;
      tx.set(ref, { importLease: FieldValue.delete() }, { merge: true });
    });
  }

  /**
   * Reads what an import decides from: the territory document, every shard and task document (one query each)
   * and every import record. Undefined for an unknown territory.
   */
  async loadState(territoryId: string): Promise<ImportState | undefined> {
    const territorySnap = await this.db.get(this.territoryRef(territoryId));
    if (!territorySnap.exists) return undefined;
    const territory = TerritoryDocSchema.parse(territorySnap.data());
    const [shardSnaps, taskSnaps, records] = await Promise.all([
      this.db.query(this.db.collection(`territories/${territoryId}/shards`)),
      this.db.query(this.db.collection(`territories/${territoryId}/tasks`)),
      this.listRecords(territoryId),
    ]);
    const shards = new Map<number, ShardView>();
    const view = (shard: number): ShardView => {
      let found = shards.get(shard);
      if (found === undefined) {
        found = {
          shard,
          main: { path: shardPath(territoryId, shard), doc: undefined, bytes: 0 },
          tasks: new Map(),
        };
        shards.set(shard, found);
      }
      return found;
    };
    const registry: { order: number; school: School }[] = [];
    for (const snap of shardSnaps.docs) {
      const data = snap.data();
      const doc = ShardDocSchema.parse(data);
      view(doc.shard).main = { path: snap.ref.path, doc, bytes: documentBytes(snap.ref.path, data) };
      registry.push(...Object.values(doc.schools));
    }
    for (const snap of taskSnaps.docs) {
      const data = snap.data();
      const doc = TaskShardDocSchema.parse(data);
      view(doc.shard).tasks.set(doc.year, {
        path: snap.ref.path,
        doc,
        bytes: documentBytes(snap.ref.path, data),
      });
    }
    const stored = new Map<string, Map<string, StoredFact>>();
    const put = (v: ShardView, schoolId: string, year: string) => {
      const fact = storedSchoolYear(v, schoolId, year);
      if (fact === undefined) return;
      const years = stored.get(schoolId) ?? new Map<string, StoredFact>();
      years.set(year, fact);
      stored.set(schoolId, years);
    };
    for (const v of shards.values()) {
      for (const [schoolId, years] of Object.entries(v.main.doc?.facts ?? {}))
        for (const year of Object.keys(years)) put(v, schoolId, year);
      for (const [year, tasks] of v.tasks)
        for (const schoolId of Object.keys(tasks.doc?.schools ?? {}))
          if (v.main.doc?.facts[schoolId]?.[year] === undefined) put(v, schoolId, year);
    }
    registry.sort((a, b) => a.order - b.order);
    return { territory, registry: registry.map((e) => e.school), records, stored, shards };
  }

  /** Every import record of the territory, newest first. */
  async listRecords(territoryId: string): Promise<ImportDoc[]> {
    const snaps = await this.db.query(this.db.collection(`territories/${territoryId}/imports`));
    return snaps.docs
      .map((d) => ImportDocSchema.parse(d.data()))
      .sort((a, b) => (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : 0));
  }

  /**
   * Applies one file. Decides every school-year first, from the state read — nothing is written when any
   * school-year would break the dataset's rules or a document would outgrow Firestore's limit (the file is
   * refused whole) or when the store already holds exactly what the file gives (the same file again). Then:
   * the record (`applying`) with the aggregates and, for a template, the file; each shard in its own
   * transaction (re-deciding from what it reads, so a form answer that came meanwhile is respected); the records
   * of earlier files whose procedures the corrected file gives again; the record `applied`; the territory's
   * change marker.
   */
  async apply(state: ImportState, input: ApplyImportInput): Promise<ApplyImportOutcome> {
    const { report, territoryId, now } = input;
    const id = importRecordId(report.format, report.file.sha256);
    const source = importSourceId(report.format, report.file.sha256);
    const existing = state.records.find((r) => r.id === id);
    const active = (r: ImportDoc) => r.status === "applied" || r.status === "applying";
    // the same file again keeps the time it was first imported: its provenance entry stays the same
    const importedAt =
      existing !== undefined && (active(existing) || existing.status === "replaced")
        ? existing.importedAt
        : now.toISOString();
    const procedures = report.procedures.map((p) => ({ ...p, key: procedureKey(p) }));
    const keys = new Set(procedures.map((p) => p.key));

    const removals: Removal[] = [];
    const superseded: { record: ImportDoc; keys: Set<string> }[] = [];
    for (const record of state.records) {
      if (record.id === id || !active(record) || record.format === null) continue;
      const shared = record.procedures.filter((p) => p.replacedBy === undefined && keys.has(p.key));
      if (shared.length === 0) continue;
      const sharedKeys = new Set(shared.map((p) => p.key));
      superseded.push({ record, keys: sharedKeys });
      removals.push({ source: record.source, format: record.format, procedures: sharedKeys });
    }
    if (existing !== undefined && existing.status !== "refused")
      removals.push({ source, format: report.format, procedures: "all" });

    const patches = new Map<string, SchoolYearFacts>();
    for (const fact of report.facts) patches.set(`${fact.schoolId}\u0000${fact.year}`, fact);
    const locations = this.locations(state, patches, new Set(removals.map((r) => r.source)));
    const decide = (location: Location, stored: StoredFact | undefined) =>
      decideSchoolYear({
        schoolId: location.schoolId,
        year: location.year,
        stored,
        removals,
        patch: location.patch,
        source: { submission: source, formKind: report.format, submittedAt: importedAt },
        replace: report.replaceElements,
      });

    const planned = this.plan(state, locations, decide);
    const record: ImportDoc = {
      id,
      format: report.format,
      source,
      file: {
        name: report.file.name,
        size: report.file.size,
        sha256: report.file.sha256,
        ...(input.driveFileId !== undefined ? { driveFileId: input.driveFileId } : {}),
      },
      status: "applying",
      importedAt,
      importedBy: input.by,
      procedures,
      rows: report.rows,
      matched: report.schools.matched.length,
      unmatched: report.schools.unmatched.slice(0, RECORD_LIST_CAPS.unmatched).map((u) => ({
        fileName: u.fileName.slice(0, 300),
        ...(u.fileCode !== undefined ? { fileCode: u.fileCode.slice(0, 100) } : {}),
        rows: u.rows,
        suggestions: u.suggestions,
      })),
      unmatchedCount: report.schools.unmatched.length,
      ignoredColumns: [...new Set(report.ignoredColumns.map((c) => c.column.slice(0, 200)))].slice(
        0,
        RECORD_LIST_CAPS.ignoredColumns,
      ),
      conflicts: planned.conflicts.slice(0, RECORD_LIST_CAPS.conflicts),
      conflictCount: planned.conflicts.length,
      issues: planned.issues.slice(0, RECORD_LIST_CAPS.issues),
      issueCount: planned.issues.length,
      changed: planned.changed,
      aggregateChunks: 0,
      fileChunks: 0,
    };
    if (planned.issues.length > 0) {
      const refused = await this.recordRefusal({
        territoryId,
        format: report.format,
        file: record.file,
        issues: planned.issues,
        more: 0,
        by: input.by,
        now,
      });
      return { status: "refused", record: refused };
    }
    if (planned.changed === 0 && superseded.length === 0 && existing?.status === "applied")
      return { status: "unchanged", record: existing, replaced: [] };

    // the record first: a crash from here on leaves it `applying`, and importing the file again completes it
    const aggregates = chunksOf(gzipSync(Buffer.from(JSON.stringify(report.facts), "utf8")));
    const file = report.format === "template" ? chunksOf(input.bytes) : [];
    const recordPath = this.recordRef(territoryId, id).path;
    const writing = fitted(
      { ...record, aggregateChunks: aggregates.length, fileChunks: file.length },
      recordPath,
    );
    await this.writeRecord(territoryId, writing, existing, aggregates, file);

    const late = await this.write(territoryId, locations, decide);
    const replaced: string[] = [];
    const batch = this.db.batch();
    for (const { record: earlier, keys: shared } of superseded) {
      const updated = earlier.procedures.map((p) => (shared.has(p.key) ? { ...p, replacedBy: id } : p));
      const all = updated.every((p) => p.replacedBy !== undefined);
      batch.set(this.recordRef(territoryId, earlier.id), {
        ...earlier,
        procedures: updated,
        status: all ? "replaced" : earlier.status,
      });
      replaced.push(earlier.id);
    }
    const done = fitted(
      {
        ...writing,
        status: "applied",
        issues: late.issues.slice(0, RECORD_LIST_CAPS.issues),
        issueCount: late.issues.length,
        changed: late.changed,
        finishedAt: now.toISOString(),
      },
      recordPath,
    );
    batch.set(this.recordRef(territoryId, id), done);
    batch.set(
      this.territoryRef(territoryId),
      { id: territoryId, factsVersion: FieldValue.increment(1), factsChangedAt: now.toISOString() },
      { merge: true },
    );
    await batch.commit();
    return { status: "applied", record: done, replaced };
  }

  /** Records a file that was refused whole: who, when, which file, and why. Nothing of it is applied. */
  async recordRefusal(input: RefusalInput): Promise<ImportDoc> {
    const id = importRecordId("refused", input.file.sha256);
    const path = this.recordRef(input.territoryId, id).path;
    const record = fitted(
      {
        id,
        format: input.format ?? null,
        source: "",
        file: {
          name: input.file.name.slice(0, 300),
          size: input.file.size,
          sha256: input.file.sha256,
          ...(input.file.driveFileId !== undefined ? { driveFileId: input.file.driveFileId } : {}),
        },
        status: "refused",
        importedAt: input.now.toISOString(),
        importedBy: input.by,
        procedures: [],
        rows: { read: 0, taken: 0 },
        matched: 0,
        unmatched: [],
        unmatchedCount: 0,
        ignoredColumns: [],
        conflicts: [],
        conflictCount: 0,
        issues: input.issues.slice(0, RECORD_LIST_CAPS.issues),
        issueCount: input.issues.length + input.more,
        changed: 0,
        aggregateChunks: 0,
        fileChunks: 0,
        finishedAt: input.now.toISOString(),
      },
      path,
    );
    const batch = this.db.batch();
    batch.set(this.recordRef(input.territoryId, id), record);
    // «Импорт» shows the refusal: the sheet is brought up to date as after any change
    batch.set(
      this.territoryRef(input.territoryId),
      {
        id: input.territoryId,
        factsVersion: FieldValue.increment(1),
        factsChangedAt: input.now.toISOString(),
      },
      { merge: true },
    );
    await batch.commit();
    return record;
  }

  /**
   * «Отменить импорт»: removes exactly what one file still gives (values a form answer or a later file took over
   * are not its own any more and stay), and marks the record `undone`. Refused when a school-year would then
   * break the dataset's rules.
   */
  async undo(state: ImportState, importId: string, by: string, now: Date): Promise<UndoOutcome> {
    const record = state.records.find((r) => r.id === importId);
    if (record === undefined) return { status: "not_found" };
    if (record.format === null || record.status === "refused" || record.status === "undone")
      return { status: "not_applied", record };
    const removals: Removal[] = [{ source: record.source, format: record.format, procedures: "all" }];
    const locations = this.locations(state, new Map(), new Set([record.source]));
    const decide = (location: Location, stored: StoredFact | undefined) =>
      decideSchoolYear({
        schoolId: location.schoolId,
        year: location.year,
        stored,
        removals,
        replace: true,
      });
    const planned = this.plan(state, locations, decide);
    if (planned.issues.length > 0) return { status: "refused", issues: planned.issues };
    const late = await this.write(state.territory.id, locations, decide);
    const path = this.recordRef(state.territory.id, importId).path;
    const done = fitted(
      {
        ...record,
        status: "undone",
        undoneAt: now.toISOString(),
        undoneBy: by,
        issues: [...record.issues, ...late.issues].slice(0, RECORD_LIST_CAPS.issues),
        issueCount: record.issueCount + late.issues.length,
      },
      path,
    );
    const batch = this.db.batch();
    batch.set(this.recordRef(state.territory.id, importId), done);
    batch.set(
      this.territoryRef(state.territory.id),
      { id: state.territory.id, factsVersion: FieldValue.increment(1), factsChangedAt: now.toISOString() },
      { merge: true },
    );
    await batch.commit();
    return { status: "undone", record: done, changed: late.changed };
  }

  /** Saves a ГИА column map of the territory under `kind`: the next table of that kind is read with it. */
  async saveGiaMap(territoryId: string, kind: string, map: GiaMap, now: Date): Promise<void> {
    await this.db.set(
      this.territoryRef(territoryId),
      { id: territoryId, giaMaps: { [kind]: map }, syncedAt: now.toISOString() },
      { merge: true },
    );
  }

  /** The chunks of a record, joined: the gzip JSON of what the file gave, or a template's bytes. */
  async readChunks(territoryId: string, importId: string, kind: "aggregates" | "file"): Promise<Buffer> {
    const snap = await this.db.get(this.recordRef(territoryId, importId));
    if (!snap.exists) return Buffer.alloc(0);
    const record = ImportDocSchema.parse(snap.data());
    const count = kind === "aggregates" ? record.aggregateChunks : record.fileChunks;
    const refs = Array.from({ length: count }, (_, i) =>
      this.recordRef(territoryId, importId).collection("chunks").doc(`${kind}-${i}`),
    );
    const snaps = await this.db.getAll(...refs);
    return Buffer.concat(snaps.map((s) => Buffer.from((s.data()?.data as Uint8Array | undefined) ?? [])));
  }

  /** Every school-year the file gives, and every stored one a removed source still has a value in. */
  private locations(
    state: ImportState,
    patches: ReadonlyMap<string, SchoolYearFacts>,
    removed: ReadonlySet<string>,
  ): Location[] {
    const out = new Map<string, Location>();
    for (const [key, patch] of patches) out.set(key, { schoolId: patch.schoolId, year: patch.year, patch });
    for (const [schoolId, years] of state.stored)
      for (const [year, stored] of years) {
        const key = `${schoolId}\u0000${year}`;
        if (!out.has(key) && stored.sources.some((s) => removed.has(s.submission)))
          out.set(key, { schoolId, year });
      }
    return [...out.values()];
  }

  /**
   * Decides every location from the state read, before anything is written: the issues that refuse the file
   * (each «школа, год: что не так»), the documents that would outgrow the budget, the conflicts, how many
   * school-years change.
   */
  private plan(
    state: ImportState,
    locations: readonly Location[],
    decide: (location: Location, stored: StoredFact | undefined) => SchoolYearDecision,
  ): { issues: string[]; conflicts: ImportConflict[]; changed: number } {
    const issues: string[] = [];
    const conflicts: ImportConflict[] = [];
    let changed = 0;
    const writes = new Map<number, SchoolYearWrite[]>();
    for (const location of locations) {
      const decision = decide(location, state.stored.get(location.schoolId)?.get(location.year));
      conflicts.push(...decision.conflicts);
      for (const issue of decision.issues)
        issues.push(`школа «${location.schoolId}», ${location.year}, ${issue.path}: ${issue.message}`);
      if (!decision.changed) continue;
      changed++;
      const shard = shardOf(location.schoolId);
      writes.set(shard, [
        ...(writes.get(shard) ?? []),
        { schoolId: location.schoolId, year: location.year, fact: decision.next },
      ]);
    }
    for (const [shard, list] of writes) {
      const view = state.shards.get(shard) ?? {
        shard,
        main: { path: shardPath(state.territory.id, shard), doc: undefined, bytes: 0 },
        tasks: new Map(),
      };
      for (const year of new Set(list.map((w) => w.year)))
        if (!view.tasks.has(year))
          view.tasks.set(year, { path: taskPath(state.territory.id, year, shard), doc: undefined, bytes: 0 });
      const after = bytesAfter(view, list);
      for (const [path, bytes] of [
        [view.main.path, after.shard] as const,
        ...[...after.tasks].map(([year, b]) => [taskPath(state.territory.id, year, shard), b] as const),
      ])
        if (bytes > DOCUMENT_BUDGET)
          issues.push(
            `данные школ одной части хранилища (${path}) заняли бы ${bytes} байт — больше, чем помещается в ` +
              "один документ Firestore; файл не загружен, сообщите разработчикам",
          );
    }
    return { issues, conflicts, changed };
  }

  /**
   * Writes the decisions shard by shard, each in its own transaction that reads the shard (and its task
   * documents) again and decides again from what it reads: a form answer that arrived after the plan is
   * respected. A school-year that would now break the rules keeps what it had, and is reported.
   */
  private async write(
    territoryId: string,
    locations: readonly Location[],
    decide: (location: Location, stored: StoredFact | undefined) => SchoolYearDecision,
  ): Promise<{ changed: number; issues: string[] }> {
    const byShard = new Map<number, Location[]>();
    for (const location of locations) {
      const shard = shardOf(location.schoolId);
      byShard.set(shard, [...(byShard.get(shard) ?? []), location]);
    }
    let changed = 0;
    const issues: string[] = [];
    const one = async ([shard, list]: [number, Location[]]) => {
      const result = await this.db.runTransaction(async (tx) => {
        const years = [...new Set(list.map((l) => l.year))].sort();
        const read = await readShardSchoolYears(tx, this.db, territoryId, shard, years);
        const writes: SchoolYearWrite[] = [];
        const problems: string[] = [];
        for (const location of list) {
          const decision = decide(location, storedSchoolYear(read, location.schoolId, location.year));
          if (decision.issues.length > 0) {
            for (const issue of decision.issues)
              problems.push(
                `школа «${location.schoolId}», ${location.year}, ${issue.path}: ${issue.message} — не загружено (данные изменились во время загрузки)`,
              );
            continue;
          }
          if (decision.changed)
            writes.push({ schoolId: location.schoolId, year: location.year, fact: decision.next });
        }
        const after = bytesAfter(read, writes);
        if ([after.shard, ...after.tasks.values()].some((b) => b > DOCUMENT_BUDGET)) {
          problems.push(
            `данные школ одной части хранилища (${read.main.path}) не поместились в документ Firestore — не загружены`,
          );
          return { changed: 0, problems };
        }
        writeShardSchoolYears(tx, read, writes);
        return { changed: writes.length, problems };
      });
      changed += result.changed;
      issues.push(...result.problems);
    };
    const work = [...byShard.entries()];
    for (let i = 0; i < work.length; i += PARALLEL_SHARDS)
      await Promise.all(work.slice(i, i + PARALLEL_SHARDS).map(one));
    return { changed, issues };
  }

  /** Writes a record and its chunks (and deletes chunks an earlier record of the same file had beyond them). */
  private async writeRecord(
    territoryId: string,
    record: ImportDoc,
    earlier: ImportDoc | undefined,
    aggregates: readonly Uint8Array[],
    file: readonly Uint8Array[],
  ): Promise<void> {
    const ref = this.recordRef(territoryId, record.id);
    const chunk = (kind: string, index: number) => ref.collection("chunks").doc(`${kind}-${index}`);
    // one chunk per batch: a batch is one request, and a request ends at 10 MiB (https://cloud.google.com/firestore/quotas)
    for (const [kind, list, before] of [
      ["aggregates", aggregates, earlier?.aggregateChunks ?? 0],
      ["file", file, earlier?.fileChunks ?? 0],
    ] as const) {
      for (const [index, data] of list.entries()) await this.db.set(chunk(kind, index), { index, data });
      for (let index = list.length; index < before; index++) {
        const batch = this.db.batch();
        batch.delete(chunk(kind, index));
        await batch.commit();
      }
    }
    await this.db.set(ref, record);
  }
}
