// Form submissions in Firestore: raw envelopes stored before validation, idempotent settling into a school's facts.
import { createHash } from "node:crypto";
import {
  type DocumentReference,
  type DocumentSnapshot,
  FieldPath,
  FieldValue,
} from "@google-cloud/firestore";
import type { School } from "../contract/dataset.js";
import { documentBytes } from "./document-size.js";
import { cutBytes, cutChars } from "./error-cap.js";
import { type CountedTransaction, type Db, isAlreadyExists } from "./firestore-client.js";
import { KeyedMutex } from "./keyed-mutex.js";
import {
  decideSettle,
  type FactWrite,
  movedFrom,
  type ResponseRef,
  type SchoolYearRead,
  type SettleDecision,
  type SettleInput,
  type SettleOutcome,
} from "./settle-decision.js";
import {
  encodeStoredFact,
  type ShardDoc,
  ShardDocSchema,
  type SubmissionDoc,
  SubmissionDocSchema,
  type SubmissionError,
  shardId,
  shardOf,
  submissionDocId,
  TerritoryDocSchema,
  type UnroutedDoc,
  type VersionDoc,
  VersionDocSchema,
} from "./stored-documents.js";

export type {
  ResponseRef,
  SettleInput,
  SettleOutcome,
  SettleVerdict,
} from "./settle-decision.js";

/** Largest raw envelope kept (JSON text, UTF-8 bytes); Firestore documents end at 1 MiB. */
export const MAX_RAW_BYTES = 900_000;

/** Longest reason kept with a malformed or unrouted envelope (bytes): the raw text and this stay below 1 MiB. */
export const MAX_REASON_BYTES = 16_000;

export interface ReceiveInput extends ResponseRef {
  submittedAt: string;
  /** The answers as the envelope carries them: with `submittedAt` they decide what a replay is. */
  answers: unknown;
  /** The envelope exactly as received. */
  rawJson: string;
  receivedAt: Date;
}

/**
 * A stored version. `truncatedBytes` is set when the envelope was larger than a Firestore document can hold: its
 * raw text is kept cut to `MAX_RAW_BYTES` and the caller settles it as rejected, so the school is told, «Ошибки»
 * shows it and `/receipts` counts it as held (a client would otherwise resend it for ever).
 */
export type ReceiveResult = {
  success: true;
  data: { versionId: string; answersDigest: string; alreadyStored: boolean; truncatedBytes?: number };
};

/** A response as the «Ошибки» tab lists it: rejected, awaiting address confirmation, or in conflict. */
export interface RejectedSubmission {
  formId: string;
  formKind: string;
  responseId: string;
  submittedAt: string;
  settledAt: string;
  respondentEmail?: string;
  editUrl?: string;
  schoolId?: string;
  year?: string;
  errors: SubmissionError[];
}

/** The stored state of one response and every raw version received, oldest first. */
export interface StoredResponse {
  current: SubmissionDoc | undefined;
  versions: VersionDoc[];
}

/** A version the server holds for a response (what `POST /receipts` compares with the form). */
export interface HeldResponse {
  formId: string;
  responseId: string;
  /** `submittedAt` of the version in force, or undefined when the response is not held at all. */
  held: string | undefined;
}

/** An envelope kept outside any territory (see {@link SubmissionRepository.keepUnrouted}). */
export interface UnroutedInput {
  rawJson: string;
  reason: string;
  receivedAt: Date;
  caller: string;
  claimedTerritoryId?: string;
}

/** Port of the submission store the `submit` handler uses. */
export interface SubmissionRepository {
  receive(input: ReceiveInput): Promise<ReceiveResult>;
  settle(input: SettleInput): Promise<SettleOutcome>;
  listRejected(territoryId: string): Promise<RejectedSubmission[]>;
  getResponse(ref: ResponseRef): Promise<StoredResponse>;
  heldVersions(
    territoryId: string,
    refs: readonly { formId: string; responseId: string }[],
  ): Promise<HeldResponse[]>;
  confirmPending(
    territoryId: string,
    registry: readonly School[],
    now: Date,
  ): Promise<{ confirmed: number; checked: number }>;
  receiveMalformed(territoryId: string, rawJson: string, reason: string, receivedAt: Date): Promise<void>;
  keepUnrouted(input: UnroutedInput): Promise<void>;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Version id of a response version: `submittedAt~sha256(submittedAt, answers)[:24]`. Two deliveries of the
 * same (form, response, submittedAt, answers) share it, whatever the key order of the JSON.
 */
export function versionIdOf(submittedAt: string, answers: unknown): string {
  const digest = createHash("sha256")
    .update(canonicalJson({ submittedAt, answers }))
    .digest("hex")
    .slice(0, 24);
  return `${submittedAt}~${digest}`;
}

/** Digest of the answers alone (sha256 of their canonical JSON, 24 hex digits). */
export function answersDigestOf(answers: unknown): string {
  return createHash("sha256").update(canonicalJson(answers)).digest("hex").slice(0, 24);
}

function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** True when version `a` was submitted before version `b` (time first, then the id, for a total order). */
function submittedBefore(a: { submittedAt: string; versionId: string }, b: typeof a): boolean {
  const ta = instant(a.submittedAt);
  const tb = instant(b.submittedAt);
  if (ta !== tb) return ta < tb;
  return a.versionId < b.versionId;
}

/** Responses read per `getAll` call by {@link FirestoreSubmissionRepository.heldVersions}. */
export const HELD_BATCH = 100;

/** Calls of {@link HELD_BATCH} documents in flight at once. */
const HELD_PARALLEL = 4;

/** A shard as the transaction read it: decoded, with its Firestore size. */
interface ReadShard {
  ref: DocumentReference;
  doc: ShardDoc | undefined;
  bytes: number;
}

function readShard(snap: DocumentSnapshot): ReadShard {
  const data = snap.exists ? snap.data() : undefined;
  return {
    ref: snap.ref,
    doc: data === undefined ? undefined : ShardDocSchema.parse(data),
    bytes: data === undefined ? 0 : documentBytes(snap.ref.path, data),
  };
}

function schoolYearRead(shard: number, read: ReadShard, schoolId: string, year: string): SchoolYearRead {
  return {
    shard,
    shardBytes: read.bytes,
    school: read.doc?.schools[schoolId]?.school,
    stored: read.doc?.facts[schoolId]?.[year],
  };
}

/** Firestore implementation of {@link SubmissionRepository}. */
export class FirestoreSubmissionRepository implements SubmissionRepository {
  private readonly queue = new KeyedMutex();

  constructor(private readonly db: Db) {}

  private submissionRef(ref: ResponseRef) {
    return this.db.doc(
      `territories/${ref.territoryId}/submissions/${submissionDocId(ref.formId, ref.responseId)}`,
    );
  }

  private shardRef(territoryId: string, shard: number) {
    return this.db.doc(`territories/${territoryId}/shards/${shardId(shard)}`);
  }

  /**
   * Stores the raw envelope of one version before anything else looks at it: one `create` of
   * `…/versions/{versionId}`. A replay of a stored version fails that create and reports `alreadyStored`
   * (still one operation); the caller settles it either way, which finishes a version whose first
   * delivery was stored but never settled.
   */
  async receive(input: ReceiveInput): Promise<ReceiveResult> {
    const bytes = Buffer.byteLength(input.rawJson, "utf8");
    const truncated = bytes > MAX_RAW_BYTES;
    const versionId = versionIdOf(input.submittedAt, input.answers);
    const answersDigest = answersDigestOf(input.answers);
    const doc: VersionDoc = {
      versionId,
      formId: input.formId,
      responseId: input.responseId,
      submittedAt: input.submittedAt,
      receivedAt: input.receivedAt.toISOString(),
      raw: truncated ? cutBytes(input.rawJson, MAX_RAW_BYTES) : input.rawJson,
      ...(truncated ? { truncatedBytes: bytes } : {}),
    };
    const cut = truncated ? { truncatedBytes: bytes } : {};
    const ref = this.submissionRef(input)
      .collection("versions")
      .doc(versionId.slice(versionId.indexOf("~") + 1));
    try {
      await this.db.create(ref, doc);
      return { success: true, data: { versionId, answersDigest, alreadyStored: false, ...cut } };
    } catch (error) {
      if (isAlreadyExists(error))
        return { success: true, data: { versionId, answersDigest, alreadyStored: true, ...cut } };
      throw error;
    }
  }

  /**
   * Settles a received version in one transaction: reads the response's document and the shard of the school
   * the version names (and, for an edit that moves the response to another school or year, the old one's shard
   * when it differs), lets {@link decideSettle} decide, and writes what it returns: the response document, the
   * school-years (one field each, several in one write when they share a shard), the territory's change marker.
   * At most 3 reads and 4 writes (a move to another shard); 2 reads and 3 writes otherwise. Contention retries
   * the whole transaction. Within this instance, settles of the same shard or response queue instead of
   * contending (see keyed-mutex.ts).
   */
  async settle(input: SettleInput): Promise<SettleOutcome> {
    const submissionRef = this.submissionRef(input);
    const verdict = input.verdict;
    const targetShard =
      verdict.status === "parsed" || verdict.status === "record" ? shardOf(verdict.schoolId) : undefined;
    const targetRef = targetShard === undefined ? undefined : this.shardRef(input.territoryId, targetShard);
    const keys = [submissionRef.path, ...(targetRef ? [targetRef.path] : [])];
    return this.queue.run(keys, () =>
      this.db.runTransaction(async (tx): Promise<SettleOutcome> => {
        const snapshots = await tx.getAll(submissionRef, ...(targetRef ? [targetRef] : []));
        const currentSnap = snapshots[0];
        const current = currentSnap?.exists ? SubmissionDocSchema.parse(currentSnap.data()) : undefined;
        const shards = new Map<number, ReadShard>();
        const reads: Parameters<typeof decideSettle>[1] = { current };
        if (verdict.status === "record" && targetShard !== undefined && snapshots[1] !== undefined) {
          const read = readShard(snapshots[1]);
          shards.set(targetShard, read);
          reads.target = schoolYearRead(targetShard, read, verdict.schoolId, verdict.year);
        }
        if (verdict.status === "parsed" && targetShard !== undefined && snapshots[1] !== undefined) {
          const read = readShard(snapshots[1]);
          shards.set(targetShard, read);
          reads.target = schoolYearRead(targetShard, read, verdict.schoolId, verdict.year);
          const moved = movedFrom(current, verdict);
          if (moved !== undefined) {
            const shard = shardOf(moved.schoolId);
            let old = shards.get(shard);
            if (old === undefined) {
              old = readShard(await tx.get(this.shardRef(input.territoryId, shard)));
              shards.set(shard, old);
            }
            reads.previous = schoolYearRead(shard, old, moved.schoolId, moved.year);
          }
        }
        const decision = decideSettle(input, reads);
        this.write(tx, input, submissionRef, shards, decision);
        return decision.outcome;
      }),
    );
  }

  /** Applies a decision inside the transaction: nothing that the decision leaves absent is written. */
  private write(
    tx: CountedTransaction,
    input: SettleInput,
    submissionRef: DocumentReference,
    shards: ReadonlyMap<number, ReadShard>,
    decision: SettleDecision,
  ): void {
    if (decision.submission !== undefined) tx.set(submissionRef, decision.submission);
    const byShard = new Map<number, FactWrite[]>();
    for (const write of decision.facts)
      byShard.set(write.shard, [...(byShard.get(write.shard) ?? []), write]);
    for (const [shard, writes] of byShard) {
      const ref = shards.get(shard)?.ref;
      if (ref === undefined) throw new Error(`settle: shard ${shard} was not read`);
      // the school-years exist only in a shard that was read, so the document exists: update only them
      tx.updateFields(
        ref,
        writes.map((w) => [
          new FieldPath("facts", w.schoolId, w.year),
          w.fact === undefined ? FieldValue.delete() : encodeStoredFact(w.fact),
        ]),
      );
    }
    if (decision.territory !== undefined) {
      const notice = decision.territory.outdatedScript;
      tx.set(
        this.db.doc(`territories/${input.territoryId}`),
        {
          id: input.territoryId,
          factsVersion: FieldValue.increment(1),
          factsChangedAt: input.now.toISOString(),
          ...(notice === undefined ? {} : { outdatedScript: notice ?? FieldValue.delete() }),
        },
        { merge: true },
      );
    }
  }

  /**
   * Settles the pending responses whose address the coordinator has now put on the school's registry entry
   * (a /sync): one query for the territory's pending responses, then, for each whose respondent address is one
   * of `registry`'s e-mails for its school, a `confirm` settle — the same transaction as a delivery, which
   * re-reads the registry and does nothing if the address is not there after all or a newer version came.
   */
  async confirmPending(
    territoryId: string,
    registry: readonly School[],
    now: Date,
  ): Promise<{ confirmed: number; checked: number }> {
    const emails = new Map(
      registry.map((s) => [s.id, new Set((s.emails ?? []).map((e) => e.toLowerCase()))]),
    );
    const snapshot = await this.db.query(
      this.db.collection(`territories/${territoryId}/submissions`).where("status", "==", "pending"),
    );
    const candidates = snapshot.docs
      .map((d) => SubmissionDocSchema.parse(d.data()))
      .filter(
        (doc) =>
          doc.pending !== undefined &&
          doc.schoolId !== undefined &&
          doc.year !== undefined &&
          doc.respondentEmail !== undefined &&
          emails.get(doc.schoolId)?.has(doc.respondentEmail.toLowerCase()) === true,
      );
    let confirmed = 0;
    for (const doc of candidates) {
      if (doc.pending === undefined || doc.schoolId === undefined || doc.year === undefined) continue;
      const outcome = await this.settle({
        territoryId,
        formId: doc.formId,
        responseId: doc.responseId,
        versionId: doc.versionId,
        submittedAt: doc.submittedAt,
        formKind: doc.formKind,
        ...(doc.answersDigest !== undefined ? { answersDigest: doc.answersDigest } : {}),
        ...(doc.respondentEmail !== undefined ? { respondentEmail: doc.respondentEmail } : {}),
        ...(doc.editUrl !== undefined ? { editUrl: doc.editUrl } : {}),
        ...(doc.emailCollection !== undefined ? { emailCollection: doc.emailCollection } : {}),
        verdict:
          doc.record !== undefined
            ? {
                status: "record",
                schoolId: doc.schoolId,
                year: doc.year,
                record: doc.record,
                respondent: {
                  email: doc.respondentEmail,
                  collection: doc.emailCollection ?? "responder_input",
                  coordinators: [],
                },
              }
            : {
                status: "parsed",
                schoolId: doc.schoolId,
                year: doc.year,
                patch: doc.pending.patch,
                provenance: doc.pending.provenance,
                respondent: {
                  email: doc.respondentEmail,
                  collection: doc.emailCollection ?? "responder_input",
                  coordinators: [],
                },
              },
        now,
        mode: "confirm",
      });
      if (outcome.status === "accepted") confirmed++;
    }
    return { confirmed, checked: candidates.length };
  }

  /**
   * What «Ошибки» lists, newest first: rejected responses, responses awaiting address confirmation, responses
   * with conflicting versions, and first, while the territory carries it, the notice that the sheet's script is
   * outdated. Two queries and one read, whatever the number of responses.
   */
  async listRejected(territoryId: string): Promise<RejectedSubmission[]> {
    const submissions = this.db.collection(`territories/${territoryId}/submissions`);
    const [listed, conflicted, territory] = await Promise.all([
      this.db.query(submissions.where("status", "in", ["rejected", "pending"])),
      this.db.query(submissions.where("lastConflictAt", ">", "")),
      this.db.get(this.db.doc(`territories/${territoryId}`)),
    ]);
    const byId = new Map<string, SubmissionDoc>();
    for (const doc of [...listed.docs, ...conflicted.docs])
      byId.set(doc.id, SubmissionDocSchema.parse(doc.data()));
    const out: RejectedSubmission[] = [];
    for (const s of byId.values()) {
      const errors = s.status === "accepted" ? [] : [...s.errors];
      if (s.conflicts !== undefined && s.conflicts.length > 0) errors.push(conflictError(s.conflicts.length));
      if (errors.length === 0) continue;
      const row: RejectedSubmission = {
        formId: s.formId,
        formKind: s.formKind,
        responseId: s.responseId,
        submittedAt: s.submittedAt,
        settledAt: s.settledAt,
        errors,
      };
      if (s.respondentEmail !== undefined) row.respondentEmail = s.respondentEmail;
      if (s.editUrl !== undefined) row.editUrl = s.editUrl;
      if (s.schoolId !== undefined) row.schoolId = s.schoolId;
      if (s.year !== undefined) row.year = s.year;
      out.push(row);
    }
    out.sort((a, b) => instant(b.submittedAt) - instant(a.submittedAt));
    const notice = territory.exists ? TerritoryDocSchema.parse(territory.data()).outdatedScript : undefined;
    if (notice !== undefined) out.unshift(outdatedScriptRow(notice));
    return out;
  }

  /** The response's current state and all raw versions received (the history), oldest first. */
  async getResponse(ref: ResponseRef): Promise<StoredResponse> {
    const submissionRef = this.submissionRef(ref);
    const [snap] = await this.db.getAll(submissionRef);
    const versions = await this.db.query(submissionRef.collection("versions"));
    return {
      current: snap?.exists ? SubmissionDocSchema.parse(snap.data()) : undefined,
      versions: versions.docs
        .map((d) => VersionDocSchema.parse(d.data()))
        .sort((a, b) => (submittedBefore(a, b) ? -1 : submittedBefore(b, a) ? 1 : 0)),
    };
  }

  /**
   * The version in force of each response, in the order asked: `getAll` over the response documents,
   * {@link HELD_BATCH} per call and {@link HELD_PARALLEL} calls at a time, reading only `submittedAt` — 1,000
   * responses are 10 calls, not 1,000 sequential reads. A version stored but never settled (a crash between
   * the two) is not held: the client sends it again and that delivery settles it.
   */
  async heldVersions(
    territoryId: string,
    refs: readonly { formId: string; responseId: string }[],
  ): Promise<HeldResponse[]> {
    const docRefs = refs.map((r) => this.submissionRef({ territoryId, ...r }));
    const held: (string | undefined)[] = new Array(refs.length).fill(undefined);
    const batches: number[] = [];
    for (let start = 0; start < docRefs.length; start += HELD_BATCH) batches.push(start);
    for (let i = 0; i < batches.length; i += HELD_PARALLEL) {
      await Promise.all(
        batches.slice(i, i + HELD_PARALLEL).map(async (start) => {
          const snaps = await this.db.getAllFields(docRefs.slice(start, start + HELD_BATCH), ["submittedAt"]);
          // getAll answers in the order asked (the client reorders Firestore's stream)
          snaps.forEach((snap, k) => {
            const at = snap.exists ? snap.get("submittedAt") : undefined;
            held[start + k] = typeof at === "string" ? at : undefined;
          });
        }),
      );
    }
    return refs.map((r, i) => ({ formId: r.formId, responseId: r.responseId, held: held[i] }));
  }

  /**
   * Keeps an envelope of a known territory that could not be keyed (no form or response id, too large) so it
   * is not lost either, under `territories/{t}/malformed`: the raw text cut to {@link MAX_RAW_BYTES}, the
   * reason to {@link MAX_REASON_BYTES}, so the document stays below Firestore's 1 MiB; once per distinct body.
   */
  async receiveMalformed(
    territoryId: string,
    rawJson: string,
    reason: string,
    receivedAt: Date,
  ): Promise<void> {
    await this.keepOnce(this.db.collection(`territories/${territoryId}/malformed`).doc(bodyId(rawJson)), {
      raw: cutBytes(rawJson, MAX_RAW_BYTES),
      reason: cutBytes(reason, MAX_REASON_BYTES),
      receivedAt: receivedAt.toISOString(),
    });
  }

  /**
   * Keeps a body that names no territory this installation serves (not JSON, no readable `territoryId`, an
   * unknown one) under `unrouted-submissions`, with who sent it and why it was not routed; sizes cut as in
   * {@link receiveMalformed}, once per caller and distinct body.
   */
  async keepUnrouted(input: UnroutedInput): Promise<void> {
    const doc: UnroutedDoc = {
      raw: cutBytes(input.rawJson, MAX_RAW_BYTES),
      reason: cutBytes(input.reason, MAX_REASON_BYTES),
      receivedAt: input.receivedAt.toISOString(),
      caller: cutChars(input.caller, 320),
    };
    if (input.claimedTerritoryId !== undefined)
      doc.claimedTerritoryId = cutChars(input.claimedTerritoryId, 200);
    await this.keepOnce(
      this.db.collection("unrouted-submissions").doc(bodyId(`${input.caller}\n${input.rawJson}`)),
      doc,
    );
  }

  /**
   * Writes a kept body unless the same one is kept already (its id is its digest): a client resends what was
   * refused (Apps Script every 10 minutes, a 413 one 900,000 bytes each time), and each delivery must not add a
   * copy. The first delivery's time and reason stay.
   */
  private async keepOnce(ref: DocumentReference, doc: Record<string, unknown>): Promise<void> {
    try {
      await this.db.create(ref, doc);
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
  }
}

/** Id of a kept body: 40 hex digits of the sha256 of its text, the same for the same body sent again. */
function bodyId(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 40);
}

/** The «Ошибки» line of a response with conflicting versions. */
function conflictError(count: number): SubmissionError {
  return {
    code: "version_conflict",
    field: "response",
    message:
      `конфликт версий: ${count === 1 ? "пришла ещё одна версия" : `пришли ещё ${count} версии`} этого ответа с тем же ` +
      "временем отправки, но с другими ответами; все версии сохранены, в расчёте — полученная первой. " +
      "Попросите школу открыть ответ по ссылке и отправить его ещё раз",
  };
}

/** The «Ошибки» line asking the coordinator to update the sheet's script. */
function outdatedScriptRow(notice: { submittedAt: string; formKind: string }): RejectedSubmission {
  return {
    formId: "",
    formKind: notice.formKind,
    responseId: "",
    submittedAt: notice.submittedAt,
    settledAt: notice.submittedAt,
    errors: [
      {
        code: "outdated_script",
        field: "script",
        message:
          "Скрипт таблицы устарел: обновите его (Расширения → Apps Script, вставьте новую версию скрипта и " +
          "выполните «Создать формы»). Старая версия не сообщает, подтверждён ли адрес респондента; пока ответы " +
          "от неё принимаются как раньше",
      },
    ],
  };
}
