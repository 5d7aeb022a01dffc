// Form submissions in Firestore: raw envelopes stored before validation, idempotent settling into a school's facts.
import { createHash } from "node:crypto";
import { FieldPath, FieldValue } from "@google-cloud/firestore";
import { deleteAtPath, parseDatasetPath } from "../catalog/dataset-path.js";
import { mergeFacts } from "../catalog/merge-facts.js";
import type { AcademicYear } from "../contract/academic-year.js";
import { type School, type SchoolYearFacts, SchoolYearFactsSchema } from "../contract/dataset.js";
import { schoolYearFactsIssues } from "../contract/dataset-consistency.js";
import { issuesFromZod } from "../contract/validation-issue.js";
import { provenanceKey, recordProvenance } from "./fact-provenance.js";
import { type Db, isAlreadyExists } from "./firestore-client.js";
import { KeyedMutex } from "./keyed-mutex.js";
import {
  encodeStoredFact,
  ShardDocSchema,
  type StoredFact,
  type SubmissionDoc,
  SubmissionDocSchema,
  type SubmissionError,
  type SubmissionStatus,
  shardId,
  shardOf,
  submissionDocId,
  type VersionDoc,
  VersionDocSchema,
} from "./stored-documents.js";

/** Largest raw envelope kept (JSON text, UTF-8 bytes); Firestore documents end at 1 MiB. */
export const MAX_RAW_BYTES = 900_000;

/** Identifies one form response within a territory. */
export interface ResponseRef {
  territoryId: string;
  formId: string;
  responseId: string;
}

export interface ReceiveInput extends ResponseRef {
  submittedAt: string;
  /** The answers as the envelope carries them: with `submittedAt` they decide what a replay is. */
  answers: unknown;
  /** The envelope exactly as received. */
  rawJson: string;
  receivedAt: Date;
}

export type ReceiveResult =
  | { success: true; data: { versionId: string; alreadyStored: boolean } }
  | { success: false; error: { code: "too_large"; bytes: number } };

/** What the handler concluded about a version before the registry is consulted. */
export type SettleVerdict =
  | {
      status: "rejected";
      errors: SubmissionError[];
      /** The school and year the answers name, when they can be read, so «Ошибки» says whose answer it was. */
      target?: { schoolId?: string; year?: AcademicYear };
    }
  | {
      status: "parsed";
      schoolId: string;
      year: AcademicYear;
      /** Only what this response filled (the catalog's patch). */
      patch: SchoolYearFacts;
      /** Dataset paths the patch fills. */
      provenance: readonly string[];
      /** Checks against the school's registry entry (the respondent's e-mail); errors reject the version. */
      checkSchool?: (school: School) => SubmissionError[];
    };

export interface SettleInput extends ResponseRef {
  versionId: string;
  submittedAt: string;
  formKind: string;
  respondentEmail?: string;
  editUrl?: string;
  verdict: SettleVerdict;
  now: Date;
}

/**
 * How a version ended: `new` (first version of the response), `edit` (a later version superseded the
 * earlier one), `duplicate` (this very version was settled before: nothing changed), `stale` (an older
 * version arrived after a newer one: kept in the history only). `status`/`errors` are the response's
 * current state, so a replay of a rejected response gets the same errors back.
 */
export interface SettleOutcome {
  replay: "new" | "edit" | "duplicate" | "stale";
  status: SubmissionStatus;
  errors: SubmissionError[];
  /** The school's facts for the year after an accepted version. */
  facts?: SchoolYearFacts;
}

/** A rejected response as the «Ошибки» tab lists it. */
export interface RejectedSubmission {
  formId: string;
  formKind: string;
  responseId: string;
  submittedAt: string;
  settledAt: string;
  respondentEmail?: string;
  editUrl?: string;
  schoolId?: string;
  year?: AcademicYear;
  errors: SubmissionError[];
}

/** The stored state of one response and every raw version received, oldest first. */
export interface StoredResponse {
  current: SubmissionDoc | undefined;
  versions: VersionDoc[];
}

/** Port of the submission store the `submit` handler uses. */
export interface SubmissionRepository {
  receive(input: ReceiveInput): Promise<ReceiveResult>;
  settle(input: SettleInput): Promise<SettleOutcome>;
  listRejected(territoryId: string): Promise<RejectedSubmission[]>;
  getResponse(ref: ResponseRef): Promise<StoredResponse>;
  receiveMalformed(
    territoryId: string | undefined,
    rawJson: string,
    reason: string,
    receivedAt: Date,
  ): Promise<void>;
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

/** Firestore implementation of {@link SubmissionRepository}. */
export class FirestoreSubmissionRepository implements SubmissionRepository {
  private readonly queue = new KeyedMutex();

  constructor(private readonly db: Db) {}

  private submissionRef(ref: ResponseRef) {
    return this.db.doc(
      `territories/${ref.territoryId}/submissions/${submissionDocId(ref.formId, ref.responseId)}`,
    );
  }

  /**
   * Stores the raw envelope of one version before anything else looks at it: one `create` of
   * `…/versions/{versionId}`. A replay of a stored version fails that create and reports `alreadyStored`
   * (still one operation); the caller settles it either way, which finishes a version whose first
   * delivery was stored but never settled.
   */
  async receive(input: ReceiveInput): Promise<ReceiveResult> {
    const bytes = Buffer.byteLength(input.rawJson, "utf8");
    if (bytes > MAX_RAW_BYTES) return { success: false, error: { code: "too_large", bytes } };
    const versionId = versionIdOf(input.submittedAt, input.answers);
    const doc: VersionDoc = {
      versionId,
      formId: input.formId,
      responseId: input.responseId,
      submittedAt: input.submittedAt,
      receivedAt: input.receivedAt.toISOString(),
      raw: input.rawJson,
    };
    const ref = this.submissionRef(input)
      .collection("versions")
      .doc(versionId.slice(versionId.indexOf("~") + 1));
    try {
      await this.db.create(ref, doc);
      return { success: true, data: { versionId, alreadyStored: false } };
    } catch (error) {
      if (isAlreadyExists(error)) return { success: true, data: { versionId, alreadyStored: true } };
      throw error;
    }
  }

  /**
   * Settles a received version in one transaction: reads the response's document and the school's shard,
   * decides new/edit/duplicate/stale, checks the school is in the registry and passes `checkSchool`, merges
   * the patch with `mergeFacts` (the earlier version's patch as `superseded`), re-checks the merged facts,
   * and writes the response document, the one school-year in the shard, and the territory's change marker.
   * At most 2 reads and 3 writes; contention on a shard retries the whole transaction. Within this
   * instance, settles of the same shard or response queue instead of contending (see keyed-mutex.ts).
   */
  async settle(input: SettleInput): Promise<SettleOutcome> {
    const submissionRef = this.submissionRef(input);
    const territoryRef = this.db.doc(`territories/${input.territoryId}`);
    const verdict = input.verdict;
    const shardRef =
      verdict.status === "parsed"
        ? this.db.doc(`territories/${input.territoryId}/shards/${shardId(shardOf(verdict.schoolId))}`)
        : undefined;

    const keys = [submissionRef.path, ...(shardRef ? [shardRef.path] : [])];
    return this.queue.run(keys, () =>
      this.db.runTransaction(async (tx): Promise<SettleOutcome> => {
        const snapshots = await tx.getAll(submissionRef, ...(shardRef ? [shardRef] : []));
        const currentSnap = snapshots[0];
        const current = currentSnap?.exists ? SubmissionDocSchema.parse(currentSnap.data()) : undefined;
        const version = { submittedAt: input.submittedAt, versionId: input.versionId };

        if (current !== undefined) {
          if (current.versionId === input.versionId)
            return { replay: "duplicate", status: current.status, errors: current.errors };
          if (submittedBefore(version, current))
            return { replay: "stale", status: current.status, errors: current.errors };
        }
        const replay: SettleOutcome["replay"] = current === undefined ? "new" : "edit";

        const base = {
          territoryId: input.territoryId,
          formId: input.formId,
          responseId: input.responseId,
          formKind: input.formKind,
          versionId: input.versionId,
          submittedAt: input.submittedAt,
          settledAt: input.now.toISOString(),
          settledVersions: (current?.settledVersions ?? 0) + 1,
          ...(input.respondentEmail !== undefined ? { respondentEmail: input.respondentEmail } : {}),
          ...(input.editUrl !== undefined ? { editUrl: input.editUrl } : {}),
        };
        const markChanged = () =>
          tx.set(
            territoryRef,
            { id: input.territoryId, factsVersion: FieldValue.increment(1), factsChangedAt: base.settledAt },
            { merge: true },
          );
        const reject = (errors: SubmissionError[], target?: { schoolId?: string; year?: string }) => {
          const doc: SubmissionDoc = { ...base, status: "rejected", errors, ...(target ?? {}) };
          // an earlier accepted version's values stay in the facts, so its patch must stay known too:
          // a later accepted edit takes it out again (`superseded`)
          if (current?.patch !== undefined) doc.patch = current.patch;
          if (current?.provenance !== undefined) doc.provenance = current.provenance;
          tx.set(submissionRef, doc);
          markChanged();
          return { replay, status: "rejected" as const, errors };
        };

        if (verdict.status === "rejected") return reject(verdict.errors, verdict.target);

        const target = { schoolId: verdict.schoolId, year: verdict.year };
        const shardSnap = snapshots[1];
        const shard = shardSnap?.exists ? ShardDocSchema.parse(shardSnap.data()) : undefined;
        const school = shard?.schools[verdict.schoolId]?.school;
        if (school === undefined) {
          return reject(
            [
              {
                field: "schoolId",
                message: `«${verdict.schoolId}» — школы с таким кодом нет в реестре (лист «Школы»)`,
              },
            ],
            target,
          );
        }
        const schoolErrors = verdict.checkSchool?.(school) ?? [];
        if (schoolErrors.length > 0) return reject(schoolErrors, target);

        const stored: StoredFact | undefined = shard?.facts[verdict.schoolId]?.[verdict.year];
        const previous = current?.patch;
        const superseded =
          previous !== undefined && previous.schoolId === verdict.schoolId && previous.year === verdict.year
            ? previous
            : undefined;
        const submission = submissionDocId(input.formId, input.responseId);
        const merged = mergeFacts(stored?.facts, verdict.patch, superseded ? { superseded } : {});
        // An edit that leaves empty an answer its earlier version gave clears it — unless another response
        // has filled that value since, in which case the value is that response's and stays.
        const owned = new Set(stored?.sources.find((s) => s.submission === submission)?.paths ?? []);
        const now = new Set(verdict.provenance);
        const cleared = superseded
          ? (current?.provenance ?? []).filter(
              // tallies (the anonymous self-diagnosis) are many answers at once: `mergeFacts` takes the old one out
              (p) => !now.has(p) && owned.has(provenanceKey(p)) && !p.startsWith("selfDiagnosis"),
            )
          : [];
        for (const path of cleared)
          deleteAtPath(merged as unknown as Record<string, unknown>, parseDatasetPath(path));
        const shape = SchoolYearFactsSchema.safeParse(merged);
        const mergeIssues = shape.success
          ? schoolYearFactsIssues(shape.data)
          : issuesFromZod(shape.error, merged);
        if (!shape.success || mergeIssues.length > 0) {
          // The answers were fine alone but contradict what the school sent before (e.g. more ЕГЭ
          // participants than graduates): the earlier facts stay, this version is rejected with the reason.
          return reject(
            mergeIssues.map((i) => ({
              field: i.path,
              message: `${i.message} (вместе с ранее присланными данными школы за ${verdict.year})`,
            })),
            target,
          );
        }
        const nextFact: StoredFact = {
          facts: shape.data,
          sources: recordProvenance(
            stored?.sources ?? [],
            { submission, formKind: input.formKind, submittedAt: input.submittedAt },
            verdict.provenance,
            cleared,
          ),
        };
        const doc: SubmissionDoc = {
          ...base,
          ...target,
          status: "accepted",
          errors: [],
          patch: verdict.patch,
          provenance: [...verdict.provenance],
        };
        tx.set(submissionRef, doc);
        // The school was found in this shard, so the document exists: update only its school-year.
        if (shardSnap !== undefined)
          tx.updateField(
            shardSnap.ref,
            new FieldPath("facts", verdict.schoolId, verdict.year),
            encodeStoredFact(nextFact),
          );
        markChanged();
        return { replay, status: "accepted", errors: [], facts: shape.data };
      }),
    );
  }

  /** Rejected responses of a territory, newest first: what the «Ошибки» tab shows. */
  async listRejected(territoryId: string): Promise<RejectedSubmission[]> {
    const snapshot = await this.db.query(
      this.db.collection(`territories/${territoryId}/submissions`).where("status", "==", "rejected"),
    );
    const out: RejectedSubmission[] = [];
    for (const doc of snapshot.docs) {
      const s = SubmissionDocSchema.parse(doc.data());
      const row: RejectedSubmission = {
        formId: s.formId,
        formKind: s.formKind,
        responseId: s.responseId,
        submittedAt: s.submittedAt,
        settledAt: s.settledAt,
        errors: s.errors,
      };
      if (s.respondentEmail !== undefined) row.respondentEmail = s.respondentEmail;
      if (s.editUrl !== undefined) row.editUrl = s.editUrl;
      if (s.schoolId !== undefined) row.schoolId = s.schoolId;
      if (s.year !== undefined) row.year = s.year;
      out.push(row);
    }
    return out.sort((a, b) => instant(b.submittedAt) - instant(a.submittedAt));
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
   * Keeps an envelope that could not be keyed (no form or response id) so it is not lost either;
   * `territoryId` when the envelope named one that exists, otherwise under `unrouted`.
   */
  async receiveMalformed(
    territoryId: string | undefined,
    rawJson: string,
    reason: string,
    receivedAt: Date,
  ): Promise<void> {
    const raw =
      Buffer.byteLength(rawJson, "utf8") > MAX_RAW_BYTES
        ? `${Buffer.from(rawJson, "utf8").subarray(0, MAX_RAW_BYTES).toString("utf8")}…`
        : rawJson;
    const collection =
      territoryId === undefined ? "unrouted-submissions" : `territories/${territoryId}/malformed`;
    await this.db.set(this.db.collection(collection).doc(), {
      raw,
      reason,
      receivedAt: receivedAt.toISOString(),
    });
  }
}
