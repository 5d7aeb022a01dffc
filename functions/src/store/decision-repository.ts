// The decision cycle in Firestore: numbered drafts, immutable approved versions, the append-only «Журнал решений», the objections.
//
//   territories/{t}/drafts/{000001}        DraftDoc: one draft (gzip JSON inline, or in chunks) and who was notified
//     .../chunks/{i}
//   territories/{t}/approvals/{000001}     ApprovalDoc: one approved version (gzip JSON inline, or in chunks)
//     .../chunks/{i}
//   territories/{t}/journal/{at~id}        JournalDoc: one entry of «Журнал решений», created once, never changed
//
// Drafts and approvals are written with `create` only (a second write of the same number fails), and nothing in
// this file updates or deletes a journal entry or an approval: the port has no such method.
import { createHash, randomBytes } from "node:crypto";
import { type DocumentReference, FieldPath, FieldValue } from "@google-cloud/firestore";
import { z } from "zod";
import {
  type Approval,
  ApprovalSchema,
  type Draft,
  DraftSchema,
  type Objection,
} from "../contract/decision-cycle.js";
import { type CountedTransaction, type Db, isAlreadyExists } from "./firestore-client.js";
import { KeyedMutex } from "./keyed-mutex.js";
import { packJson, unpackJson } from "./packed-json.js";
import { SubmissionDocSchema } from "./stored-documents.js";

/** What «Журнал решений» records: who did what and when in the decision cycle. */
export const JOURNAL_KINDS = [
  "draft",
  "letters",
  "objection",
  "decision",
  "approval",
  "correction",
  "earlierOrder",
  "refusal",
] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export const JournalEntrySchema = z.object({
  at: z.string(),
  by: z.string(),
  kind: z.enum(JOURNAL_KINDS),
  text: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/** Longest journal text kept (characters): an entry stays a small document whatever a decision's grounds hold. */
export const MAX_JOURNAL_TEXT = 8_000;

const PackedDocSchema = z.object({
  bytes: z.number().int().min(0),
  chunkCount: z.number().int().min(0),
  data: z.instanceof(Uint8Array).optional(),
});

export const DraftDocSchema = PackedDocSchema.extend({
  number: z.number().int().min(1),
  createdAt: z.string(),
  /** School id → when its letter went out and to how many addresses (filled by the sheet's script). */
  notified: z
    .record(z.string(), z.object({ at: z.string(), recipients: z.number().int().min(0) }))
    .default({}),
});

export const ApprovalDocSchema = PackedDocSchema.extend({
  version: z.number().int().min(1),
  year: z.string(),
  reason: z.string(),
});

const ChunkSchema = z.object({ index: z.number().int().min(0), data: z.instanceof(Uint8Array) });

/** A stored draft and who has been told about it. */
export interface StoredDraft {
  draft: Draft;
  notified: Record<string, { at: string; recipients: number }>;
}

/** An objection as «Обращения» lists it: the record, when it was sent, by whom. */
export interface StoredObjection {
  id: string;
  submittedAt: string;
  respondentEmail?: string;
  objection: Objection;
}

export type CreateApprovalOutcome = { status: "created" } | { status: "conflict"; storedVersions: number };

/** Port of the decision store. Appends and reads only: nothing rewrites a draft, an approval or the journal. */
export interface DecisionRepository {
  createDraft(
    territoryId: string,
    build: (number: number) => Draft,
    entry: Omit<JournalEntry, "kind" | "text">,
    options?: { keep?: (latest: Draft, next: Draft) => boolean },
  ): Promise<{ draft: Draft; created: boolean }>;
  latestDraft(territoryId: string): Promise<StoredDraft | undefined>;
  listDrafts(territoryId: string): Promise<StoredDraft[]>;
  markNotified(
    territoryId: string,
    number: number,
    schools: readonly { schoolId: string; recipients: number }[],
    entry: Omit<JournalEntry, "kind" | "text">,
  ): Promise<{ marked: number } | undefined>;
  listApprovals(territoryId: string): Promise<Approval[]>;
  createApproval(
    territoryId: string,
    approval: Approval,
    entry: Omit<JournalEntry, "kind">,
  ): Promise<CreateApprovalOutcome>;
  addEarlierOrders(
    territoryId: string,
    orders: readonly Omit<Approval, "version">[],
    entry: Omit<JournalEntry, "kind" | "text">,
  ): Promise<number>;
  appendJournal(territoryId: string, entry: JournalEntry): Promise<void>;
  /**
   * Appends `entry` unless an entry of the same `once` key was appended before (true when appended): a decision
   * the journal is told of the first time a sync brings it, even when two syncs bring it at the same moment.
   */
  appendJournalOnce(territoryId: string, once: string, entry: JournalEntry): Promise<boolean>;
  listJournal(territoryId: string): Promise<JournalEntry[]>;
  listObjections(territoryId: string): Promise<StoredObjection[]>;
}

/** `7` → `000007`: documents list in number order. */
export function numberId(n: number): string {
  return String(n).padStart(6, "0");
}

/** Entries appended by this process so far: entries of one millisecond keep their order within an instance. */
let appended = 0;

/** `2026-03-02T09:00:00.000Z~000042-1a2b3c4d`: ids sort by time, then by the order this instance appended them. */
function journalId(at: string): string {
  appended += 1;
  return `${at}~${String(appended).padStart(6, "0")}-${randomBytes(4).toString("hex")}`;
}

function cut(text: string): string {
  return text.length <= MAX_JOURNAL_TEXT ? text : `${text.slice(0, MAX_JOURNAL_TEXT - 1)}…`;
}

/** Firestore implementation of {@link DecisionRepository}. */
export class FirestoreDecisionRepository implements DecisionRepository {
  /**
   * Transactions of one territory run one after another within an instance: they all write the territory's
   * document, and two at once (a double click on «Сформировать проект списков», the script replaying a call)
   * wait out the emulator's 30-second lock timeout (see keyed-mutex.ts). Firestore keeps them correct anyway.
   */
  private readonly queue = new KeyedMutex();

  constructor(private readonly db: Db) {}

  private transaction<T>(territoryId: string, fn: (tx: CountedTransaction) => Promise<T>): Promise<T> {
    return this.queue.run([territoryId], () => this.db.runTransaction(fn));
  }

  private territoryRef(territoryId: string) {
    return this.db.doc(`territories/${territoryId}`);
  }

  private journalRef(territoryId: string, at: string) {
    return this.db.collection(`territories/${territoryId}/journal`).doc(journalId(at));
  }

  /** Writes a packed value with `create`: inline in `ref` when it fits one part, else in `ref/chunks/{i}`. */
  private createPacked(
    tx: CountedTransaction,
    ref: DocumentReference,
    fields: Record<string, unknown>,
    value: unknown,
  ) {
    const packed = packJson(value);
    const inline = packed.parts.length === 1;
    tx.create(ref, {
      ...fields,
      bytes: packed.bytes,
      chunkCount: inline ? 0 : packed.parts.length,
      ...(inline ? { data: packed.parts[0] } : {}),
    });
    if (!inline)
      packed.parts.forEach((data, index) => {
        tx.create(ref.collection("chunks").doc(String(index)), { index, data });
      });
  }

  /** The packed value of a document: its inline data, or its chunks read in one call. */
  private async readPacked(ref: DocumentReference, doc: z.infer<typeof PackedDocSchema>): Promise<unknown> {
    if (doc.data !== undefined) return unpackJson([doc.data]);
    const refs = Array.from({ length: doc.chunkCount }, (_, i) => ref.collection("chunks").doc(String(i)));
    const snaps = await this.db.getAll(...refs);
    return unpackJson(
      snaps.map((s) => {
        if (!s.exists) throw new Error(`chunk ${s.ref.path} is missing`);
        return ChunkSchema.parse(s.data()).data;
      }),
    );
  }

  /**
   * Creates the next draft in one transaction: the number is the territory's draft count + 1, the draft is built
   * for it, stored with `create`, the territory marked changed (the sheet shows it) and the journal told. When
   * `keep(latest, next)` holds for the latest draft, nothing is written and the latest is answered
   * (`created: false`): a repeated request, seen inside the transaction, so two at once make one draft.
   */
  async createDraft(
    territoryId: string,
    build: (number: number) => Draft,
    entry: Omit<JournalEntry, "kind" | "text">,
    options: { keep?: (latest: Draft, next: Draft) => boolean } = {},
  ): Promise<{ draft: Draft; created: boolean }> {
    return this.transaction(territoryId, async (tx) => {
      const snap = await tx.get(this.territoryRef(territoryId));
      const count = snap.exists ? Number(snap.get("draftCount") ?? 0) : 0;
      const draft = DraftSchema.parse(build(count + 1));
      if (options.keep !== undefined && count > 0) {
        const latestRef = this.db.doc(`territories/${territoryId}/drafts/${numberId(count)}`);
        const latestSnap = await tx.get(latestRef);
        // a draft never changes once made: its chunks may be read outside the transaction
        const latest = latestSnap.exists
          ? (await this.readDraft(latestRef, latestSnap.data())).draft
          : undefined;
        if (latest !== undefined && options.keep(latest, draft)) return { draft: latest, created: false };
      }
      const ref = this.db.doc(`territories/${territoryId}/drafts/${numberId(draft.number)}`);
      this.createPacked(tx, ref, { number: draft.number, createdAt: draft.createdAt, notified: {} }, draft);
      tx.set(
        this.territoryRef(territoryId),
        {
          id: territoryId,
          draftCount: draft.number,
          factsVersion: FieldValue.increment(1),
          factsChangedAt: entry.at,
        },
        { merge: true },
      );
      tx.create(this.journalRef(territoryId, entry.at), {
        ...entry,
        kind: "draft",
        text: cut(
          `Сформирован проект списков № ${draft.number} за ${draft.year}: школ ${draft.schools.length}; ` +
            `методика ${draft.methodology.version}${draft.methodology.preset !== null ? `, набор «${draft.methodology.preset}»` : ""}, ` +
            `версия данных ${draft.dataVersion}; обращения до ${draft.reviewDeadline.split("-").reverse().join(".")}`,
        ),
      });
      return { draft, created: true };
    });
  }

  private async readDraft(ref: DocumentReference, data: unknown): Promise<StoredDraft> {
    const doc = DraftDocSchema.parse(data);
    return { draft: DraftSchema.parse(await this.readPacked(ref, doc)), notified: doc.notified };
  }

  async latestDraft(territoryId: string): Promise<StoredDraft | undefined> {
    const snap = await this.db.query(
      this.db.collection(`territories/${territoryId}/drafts`).orderBy("number", "desc").limit(1),
    );
    const doc = snap.docs[0];
    return doc === undefined ? undefined : this.readDraft(doc.ref, doc.data());
  }

  async listDrafts(territoryId: string): Promise<StoredDraft[]> {
    const snap = await this.db.query(this.db.collection(`territories/${territoryId}/drafts`));
    const drafts = await Promise.all(snap.docs.map((d) => this.readDraft(d.ref, d.data())));
    return drafts.sort((a, b) => a.draft.number - b.draft.number);
  }

  /**
   * Records that the letters of draft `number` went to these schools: only the `notified.<school>` fields change
   * (the draft itself stays as it was made); schools not in the draft, already recorded, or named twice are
   * ignored. Who was told is read inside the transaction, so a replay racing the first call marks nothing and
   * the journal tells each letter once. Undefined when there is no such draft.
   */
  async markNotified(
    territoryId: string,
    number: number,
    schools: readonly { schoolId: string; recipients: number }[],
    entry: Omit<JournalEntry, "kind" | "text">,
  ): Promise<{ marked: number } | undefined> {
    const ref = this.db.doc(`territories/${territoryId}/drafts/${numberId(number)}`);
    const snap = await this.db.get(ref);
    if (!snap.exists) return undefined;
    // the draft itself never changes: its schools are read once, outside the transaction
    const stored = await this.readDraft(ref, snap.data());
    const listed = new Set(stored.draft.schools.map((s) => s.schoolId));
    return this.transaction(territoryId, async (tx) => {
      const notified = DraftDocSchema.parse((await tx.get(ref)).data()).notified;
      const fresh = new Map<string, { schoolId: string; recipients: number }>();
      for (const s of schools)
        if (listed.has(s.schoolId) && !Object.hasOwn(notified, s.schoolId) && !fresh.has(s.schoolId))
          fresh.set(s.schoolId, s);
      if (fresh.size === 0) return { marked: 0 };
      const told = [...fresh.values()];
      tx.updateFields(
        ref,
        told.map(
          (s) => [new FieldPath("notified", s.schoolId), { at: entry.at, recipients: s.recipients }] as const,
        ),
      );
      tx.set(
        this.territoryRef(territoryId),
        { factsVersion: FieldValue.increment(1), factsChangedAt: entry.at },
        { merge: true },
      );
      tx.create(this.journalRef(territoryId, entry.at), {
        ...entry,
        kind: "letters",
        text: cut(
          `Письма о проекте списков № ${number} отправлены школам: ${told.length} (адресов ${told.reduce((n, s) => n + s.recipients, 0)})`,
        ),
      });
      return { marked: told.length };
    });
  }

  async listApprovals(territoryId: string): Promise<Approval[]> {
    const snap = await this.db.query(this.db.collection(`territories/${territoryId}/approvals`));
    const approvals = await Promise.all(
      snap.docs.map(async (d) =>
        ApprovalSchema.parse(await this.readPacked(d.ref, ApprovalDocSchema.parse(d.data()))),
      ),
    );
    return approvals.sort((a, b) => a.version - b.version);
  }

  /**
   * Stores an approved version, immutable: in one transaction, only when the territory holds exactly
   * `version − 1` versions (an approval made meanwhile answers `conflict`, and nothing is written), with
   * `create`; the territory is marked changed and the journal told.
   */
  async createApproval(
    territoryId: string,
    approval: Approval,
    entry: Omit<JournalEntry, "kind">,
  ): Promise<CreateApprovalOutcome> {
    const checked = ApprovalSchema.parse(approval);
    return this.transaction(territoryId, async (tx): Promise<CreateApprovalOutcome> => {
      const snap = await tx.get(this.territoryRef(territoryId));
      const stored = snap.exists ? Number(snap.get("approvalCount") ?? 0) : 0;
      if (stored !== checked.version - 1) return { status: "conflict", storedVersions: stored };
      const ref = this.db.doc(`territories/${territoryId}/approvals/${numberId(checked.version)}`);
      this.createPacked(
        tx,
        ref,
        { version: checked.version, year: checked.year, reason: checked.reason },
        checked,
      );
      tx.set(
        this.territoryRef(territoryId),
        {
          id: territoryId,
          approvalCount: checked.version,
          factsVersion: FieldValue.increment(1),
          factsChangedAt: entry.at,
        },
        { merge: true },
      );
      tx.create(this.journalRef(territoryId, entry.at), {
        ...entry,
        kind:
          checked.reason === "correction"
            ? "correction"
            : checked.reason === "earlier"
              ? "earlierOrder"
              : "approval",
        text: cut(entry.text),
      });
      return { status: "created" };
    });
  }

  /**
   * Orders of earlier years entered on «Приказы прошлых лет»: each order not stored yet (the same year, number,
   * date and schools) becomes a new version with the reason «earlier»; an order already stored is left as it is —
   * a corrected row is a new order, a later version that wins for its year. Returns how many were added.
   */
  async addEarlierOrders(
    territoryId: string,
    orders: readonly Omit<Approval, "version">[],
    entry: Omit<JournalEntry, "kind" | "text">,
  ): Promise<number> {
    if (orders.length === 0) return 0;
    const key = (a: Omit<Approval, "version">) =>
      JSON.stringify([
        a.year,
        a.order.number,
        a.order.date,
        [...a.schools].sort((x, y) => (x.schoolId < y.schoolId ? -1 : 1)),
      ]);
    return this.transaction(territoryId, async (tx) => {
      const snap = await tx.get(this.territoryRef(territoryId));
      let count = snap.exists ? Number(snap.get("approvalCount") ?? 0) : 0;
      const stored = await tx.query(this.db.collection(`territories/${territoryId}/approvals`));
      const known = new Set<string>();
      for (const d of stored.docs) {
        const doc = ApprovalDocSchema.parse(d.data());
        if (doc.reason !== "earlier") continue;
        known.add(key(ApprovalSchema.parse(await this.readPacked(d.ref, doc))));
      }
      let added = 0;
      for (const order of orders) {
        if (known.has(key(order))) continue;
        known.add(key(order));
        count++;
        added++;
        const approval = ApprovalSchema.parse({ ...order, version: count });
        const ref = this.db.doc(`territories/${territoryId}/approvals/${numberId(count)}`);
        this.createPacked(
          tx,
          ref,
          { version: count, year: approval.year, reason: approval.reason },
          approval,
        );
        tx.create(this.journalRef(territoryId, entry.at), {
          ...entry,
          kind: "earlierOrder",
          text: cut(
            `Внесён приказ прошлых лет: ${approval.year}, № ${approval.order.number} от ${approval.order.date.split("-").reverse().join(".")}; школ ${approval.schools.length} (версия ${count})`,
          ),
        });
      }
      if (added > 0)
        tx.set(
          this.territoryRef(territoryId),
          {
            id: territoryId,
            approvalCount: count,
            factsVersion: FieldValue.increment(1),
            factsChangedAt: entry.at,
          },
          { merge: true },
        );
      return added;
    });
  }

  /** Appends one entry (a new document, `create`): an objection received, a refused approval, a decision seen. */
  async appendJournal(territoryId: string, entry: JournalEntry): Promise<void> {
    await this.db.create(this.journalRef(territoryId, entry.at), { ...entry, text: cut(entry.text) });
  }

  /**
   * The entry and a mark named by the hash of `once`, created in one batch: both or neither. Two syncs that read
   * the meetings before either saved them both see the decision as new; the second batch finds the mark and
   * writes nothing.
   */
  async appendJournalOnce(territoryId: string, once: string, entry: JournalEntry): Promise<boolean> {
    const mark = this.db
      .collection(`territories/${territoryId}/journalOnce`)
      .doc(createHash("sha256").update(once).digest("hex"));
    try {
      await this.db
        .batch()
        .create(mark, { at: entry.at })
        .create(this.journalRef(territoryId, entry.at), { ...entry, text: cut(entry.text) })
        .commit();
      return true;
    } catch (error) {
      if (isAlreadyExists(error)) return false;
      throw error;
    }
  }

  /** Every entry, newest first. */
  async listJournal(territoryId: string): Promise<JournalEntry[]> {
    const snap = await this.db.query(this.db.collection(`territories/${territoryId}/journal`));
    return snap.docs
      .map((d) => ({ id: d.id, entry: JournalEntrySchema.parse(d.data()) }))
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((d) => d.entry);
  }

  /** The accepted objections of the territory (their response documents), oldest first. One query. */
  async listObjections(territoryId: string): Promise<StoredObjection[]> {
    const snap = await this.db.query(
      this.db.collection(`territories/${territoryId}/submissions`).where("formKind", "==", "objection"),
    );
    return snap.docs
      .map((d) => ({ id: d.id, doc: SubmissionDocSchema.parse(d.data()) }))
      .filter(({ doc }) => doc.status === "accepted" && doc.record !== undefined)
      .map(({ id, doc }) => ({
        id,
        submittedAt: doc.submittedAt,
        ...(doc.respondentEmail !== undefined ? { respondentEmail: doc.respondentEmail } : {}),
        objection: doc.record as Objection,
      }))
      .sort((a, b) =>
        a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : a.id < b.id ? -1 : 1,
      );
  }
}
