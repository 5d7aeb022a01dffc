// The settle rules of one response version as ONE pure function: what was read in, what to write out.
//
// new, edit, duplicate, stale, conflict, moved, cleared and unconfirmed address are all decided here, so every
// rule is tested table by table without Firestore; submission-repository.ts only reads and writes, in one transaction.
import { deleteAtPath, parseDatasetPath } from "../catalog/dataset-path.js";
import { mergeFacts } from "../catalog/merge-facts.js";
import type { AcademicYear } from "../contract/academic-year.js";
import { type School, type SchoolYearFacts, SchoolYearFactsSchema } from "../contract/dataset.js";
import { schoolYearFactsIssues } from "../contract/dataset-consistency.js";
import type { Objection } from "../contract/decision-cycle.js";
import { issuesFromZod } from "../contract/validation-issue.js";
import { DOCUMENT_BUDGET, valueBytes } from "./document-size.js";
import { capErrors } from "./error-cap.js";
import { provenanceKey, recordProvenance } from "./fact-provenance.js";
import { type EmailCollection, judgeRespondent, type RespondentClaim } from "./respondent-rule.js";
import {
  encodeStoredFact,
  type StoredFact,
  type SubmissionDoc,
  type SubmissionError,
  type SubmissionStatus,
  submissionDocId,
} from "./stored-documents.js";

/**
 * Largest patch one response may add to a school-year (Firestore bytes). A school-year's facts are a few
 * kilobytes; the cap keeps a response document (the patch in force plus a pending one) and a shard far below
 * 1 MiB whatever a text answer holds.
 */
export const MAX_PATCH_BYTES = 100_000;

/** Conflicting versions remembered per response: enough to show, bounded so the document cannot grow. */
export const MAX_CONFLICTS = 20;

/** Identifies one form response within a territory. */
export interface ResponseRef {
  territoryId: string;
  formId: string;
  responseId: string;
}

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
      /** Who sent it, judged against the school's registry entry; absent for the anonymous self-diagnosis. */
      respondent?: RespondentClaim;
    }
  | {
      /**
       * A record form («Обращение школы по спискам», issue 13): kept on the response as a record of its own,
       * never merged into facts; the school must be in the registry and the respondent its own, as for facts.
       */
      status: "record";
      schoolId: string;
      year: AcademicYear;
      record: Objection;
      respondent?: RespondentClaim;
    };

export interface SettleInput extends ResponseRef {
  versionId: string;
  /** Digest of the answers alone (see `receive`); tells a reformatted replay from a conflicting version. */
  answersDigest?: string;
  submittedAt: string;
  formKind: string;
  respondentEmail?: string;
  editUrl?: string;
  emailCollection?: EmailCollection;
  /** The envelope came from an older Apps Script (no `response.emailCollection`). */
  outdatedScript?: boolean;
  verdict: SettleVerdict;
  now: Date;
  /**
   * `deliver` (default): a version arriving through /submit. `confirm`: a /sync settles the pending version in
   * force, now that its address may be the school's; nothing happens if it is not, or if another version came.
   */
  mode?: "deliver" | "confirm";
}

/**
 * How a version ended: `new` (first version of the response), `edit` (a later version superseded the earlier
 * one), `duplicate` (this very version was settled before: nothing changed), `stale` (an older version arrived
 * after a newer one: kept in the history only), `conflict` (same `submittedAt` as the version in force, other
 * answers: kept, not settled). `status`/`errors` are the response's current state, so a replay of a rejected
 * response gets the same errors back.
 */
export interface SettleOutcome {
  replay: "new" | "edit" | "duplicate" | "stale" | "conflict";
  status: SubmissionStatus;
  errors: SubmissionError[];
  /** The school's facts for the year after an accepted version. */
  facts?: SchoolYearFacts;
}

/** One school-year as the transaction read it. */
export interface SchoolYearRead {
  /** The shard holding it. */
  shard: number;
  /** Firestore bytes of that shard document as read (0 when it does not exist). */
  shardBytes: number;
  /** The school's registry entry, if the school is in the registry. */
  school: School | undefined;
  stored: StoredFact | undefined;
}

/** What the transaction read before deciding. */
export interface SettleReads {
  current: SubmissionDoc | undefined;
  /** The school-year the version names (parsed verdicts only). */
  target?: SchoolYearRead;
  /** The school-year the earlier version filled, when this version moves the response (see {@link movedFrom}). */
  previous?: SchoolYearRead;
}

/** A school-year to write: `fact` replaces it, `undefined` removes it (nothing is left of it). */
export interface FactWrite {
  schoolId: string;
  year: AcademicYear;
  shard: number;
  fact: StoredFact | undefined;
}

/** What to write; an absent part is not written. */
export interface SettleDecision {
  outcome: SettleOutcome;
  /** The response document, replaced whole. */
  submission?: SubmissionDoc;
  /** School-years to replace or remove: the one the version names, and the old one when it moves. */
  facts: FactWrite[];
  /**
   * The territory's change marker (facts version + 1), with the «script outdated» notice to set (an object),
   * clear (`null`) or leave as it is (absent).
   */
  territory?: { outdatedScript?: { submittedAt: string; formKind: string } | null };
}

function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/**
 * The school-year the response's earlier accepted version filled, when the version now settling names another
 * school or year (an edit that moved it); the transaction reads that school-year too.
 */
export function movedFrom(
  current: SubmissionDoc | undefined,
  verdict: SettleVerdict,
): { schoolId: string; year: AcademicYear } | undefined {
  const previous = current?.patch;
  if (previous === undefined || verdict.status !== "parsed") return undefined;
  if (previous.schoolId === verdict.schoolId && previous.year === verdict.year) return undefined;
  return { schoolId: previous.schoolId, year: previous.year };
}

/** Firestore bytes of a map key (the field name and 1). */
function keyBytes(key: string): number {
  return Buffer.byteLength(key, "utf8") + 1;
}

/**
 * Firestore bytes of one stored school-year entry, 0 for none: its JSON text and its year key in the school's map
 * (`facts.{school}.{year}`). The school's own key is counted by the caller when the entry is the school's first.
 */
function entryBytes(fact: StoredFact | undefined, year: string): number {
  return fact === undefined ? 0 : keyBytes(year) + Buffer.byteLength(encodeStoredFact(fact), "utf8") + 1;
}

/** Facts after checking: the value, or the issues worded for «Ошибки». */
function checked(facts: SchoolYearFacts): {
  facts?: SchoolYearFacts;
  issues: { path: string; message: string }[];
} {
  const shape = SchoolYearFactsSchema.safeParse(facts);
  if (!shape.success) return { issues: issuesFromZod(shape.error, facts) };
  const issues = schoolYearFactsIssues(shape.data);
  return issues.length > 0 ? { issues } : { facts: shape.data, issues: [] };
}

/**
 * The school-year without what one response gave it: its self-diagnosis tally taken out, every path it filled
 * and still owns deleted (a path another response has filled since stays), its provenance entry dropped.
 * `undefined` when nothing is left.
 */
function withoutResponse(
  stored: StoredFact,
  patch: SchoolYearFacts,
  paths: readonly string[],
  submission: string,
): { fact: StoredFact | undefined; issues: { path: string; message: string }[] } {
  const owned = new Set(stored.sources.find((s) => s.submission === submission)?.paths ?? []);
  const facts = mergeFacts(
    stored.facts,
    { schoolId: stored.facts.schoolId, year: stored.facts.year },
    { superseded: patch },
  );
  for (const path of paths) {
    if (owned.has(provenanceKey(path)) && !path.startsWith("selfDiagnosis"))
      deleteAtPath(facts as unknown as Record<string, unknown>, parseDatasetPath(path));
  }
  const sources = stored.sources.filter((s) => s.submission !== submission);
  const empty = Object.keys(facts).every((k) => k === "schoolId" || k === "year");
  if (empty && sources.length === 0) return { fact: undefined, issues: [] };
  const result = checked(facts);
  return result.facts === undefined
    ? { fact: undefined, issues: result.issues }
    : { fact: { facts: result.facts, sources }, issues: [] };
}

/**
 * Decides what one response version does to the store, from what the transaction read:
 * - **duplicate**: this version is the one in force (or a known conflict, or the same answers at the same
 *   instant written differently) — nothing is written;
 * - **conflict**: another version with the same `submittedAt` instant and other answers is in force — the
 *   conflict is recorded on the response (409), nothing else changes;
 * - **stale**: an older version than the one in force — nothing is written;
 * - **new / edit**, then by the verdict: **rejected** (the answers, the registry, the respondent, the size, or
 *   the merged facts say no: reasons stored, the earlier version's values stay), **pending** (an unconfirmed
 *   address: stored with its patch, not counted), or **accepted**: the patch merged into the school-year
 *   (the earlier version's patch superseded, answers it gave and no longer gives **cleared**); when the
 *   version names another school or year than the earlier one (**moved**), what the earlier one gave the old
 *   school-year is removed in the same decision.
 * In `confirm` mode (a /sync), only the pending version in force is settled, and only once its address is
 * the school's. Pure: same input, same decision.
 *
 * Complexity: O(size of the school-years involved).
 */
export function decideSettle(input: SettleInput, reads: SettleReads): SettleDecision {
  const { current } = reads;
  const confirm = input.mode === "confirm";
  const unchanged = (replay: SettleOutcome["replay"]): SettleDecision => ({
    outcome: { replay, status: current?.status ?? "pending", errors: current?.errors ?? [] },
    facts: [],
  });

  if (confirm) {
    if (current?.status !== "pending" || current.versionId !== input.versionId) return unchanged("duplicate");
  } else if (current !== undefined) {
    if (current.versionId === input.versionId) return unchanged("duplicate");
    if (current.conflicts?.some((c) => c.versionId === input.versionId)) return unchanged("conflict");
    const order = instant(input.submittedAt) - instant(current.submittedAt);
    if (order === 0 || Number.isNaN(order)) {
      const sameAnswers = input.answersDigest !== undefined && input.answersDigest === current.answersDigest;
      if (sameAnswers) return unchanged("duplicate");
      const conflicts = [
        ...(current.conflicts ?? []),
        { versionId: input.versionId, submittedAt: input.submittedAt, receivedAt: input.now.toISOString() },
      ].slice(-MAX_CONFLICTS);
      return {
        outcome: { replay: "conflict", status: current.status, errors: current.errors },
        submission: { ...current, conflicts, lastConflictAt: input.now.toISOString() },
        facts: [],
        territory: {},
      };
    }
    if (order < 0) return unchanged("stale");
  }

  const replay: SettleOutcome["replay"] = (confirm ? current?.patch : current) === undefined ? "new" : "edit";
  const base = {
    territoryId: input.territoryId,
    formId: input.formId,
    responseId: input.responseId,
    formKind: input.formKind,
    versionId: input.versionId,
    submittedAt: input.submittedAt,
    settledAt: input.now.toISOString(),
    settledVersions: confirm ? (current?.settledVersions ?? 1) : (current?.settledVersions ?? 0) + 1,
    ...(input.answersDigest !== undefined ? { answersDigest: input.answersDigest } : {}),
    ...(input.respondentEmail !== undefined ? { respondentEmail: input.respondentEmail } : {}),
    ...(input.editUrl !== undefined ? { editUrl: input.editUrl } : {}),
    ...(input.emailCollection !== undefined ? { emailCollection: input.emailCollection } : {}),
    // a confirmation settles the same version: conflicts recorded against it stay listed
    ...(confirm && current?.conflicts !== undefined ? { conflicts: current.conflicts } : {}),
    ...(confirm && current?.lastConflictAt !== undefined ? { lastConflictAt: current.lastConflictAt } : {}),
  };
  // what the facts hold from this response (the last accepted version), kept through a rejected or pending
  // version, so a later accepted edit can take it out again (`superseded`)
  const earlier = {
    ...(current?.patch !== undefined ? { patch: current.patch } : {}),
    ...(current?.provenance !== undefined ? { provenance: current.provenance } : {}),
  };
  const territory: NonNullable<SettleDecision["territory"]> = confirm
    ? {}
    : {
        outdatedScript:
          input.outdatedScript === true ? { submittedAt: input.submittedAt, formKind: input.formKind } : null,
      };
  const reject = (
    errors: SubmissionError[],
    target?: { schoolId?: string; year?: string },
  ): SettleDecision => {
    const capped = capErrors(errors);
    return {
      outcome: { replay, status: "rejected", errors: capped },
      submission: { ...base, status: "rejected", errors: capped, ...(target ?? {}), ...earlier },
      facts: [],
      territory,
    };
  };

  const verdict = input.verdict;
  if (verdict.status === "rejected") return reject(verdict.errors, verdict.target);

  const target = { schoolId: verdict.schoolId, year: verdict.year };
  if (verdict.status === "record")
    return decideRecord(input, reads, { replay, base, territory, reject, unchanged });
  const read = reads.target;
  const school = read?.school;
  if (read === undefined || school === undefined) {
    if (confirm) return unchanged("duplicate");
    return reject(
      [
        {
          code: "unknown_school",
          field: "schoolId",
          message: `«${verdict.schoolId}» — школы с таким кодом нет в реестре (лист «Школы»)`,
        },
      ],
      target,
    );
  }
  const patchBytes = valueBytes(verdict.patch);
  if (patchBytes > MAX_PATCH_BYTES) {
    return reject(
      [
        {
          code: "answers_too_large",
          field: "answers",
          message:
            `ответ слишком большой: ${patchBytes} байт данных школы за год (не больше ${MAX_PATCH_BYTES}); ` +
            "сократите текстовые ответы и отправьте форму ещё раз",
        },
      ],
      target,
    );
  }
  if (verdict.respondent !== undefined) {
    const judged = judgeRespondent(verdict.respondent, school);
    if (judged.kind === "refused") return reject(judged.errors, target);
    if (judged.kind === "unconfirmed") {
      if (confirm) return unchanged("duplicate");
      const errors = capErrors(judged.errors);
      return {
        outcome: { replay, status: "pending", errors },
        submission: {
          ...base,
          ...target,
          status: "pending",
          errors,
          ...earlier,
          pending: { patch: verdict.patch, provenance: [...verdict.provenance] },
        },
        facts: [],
        territory,
      };
    }
  }

  const submission = submissionDocId(input.formId, input.responseId);
  const previous = current?.patch;
  const moved = movedFrom(current, verdict);
  const superseded = previous !== undefined && moved === undefined ? previous : undefined;
  const stored = read.stored;
  const merged = mergeFacts(stored?.facts, verdict.patch, superseded ? { superseded } : {});
  // An edit that leaves empty an answer its earlier version gave clears it — unless another response has
  // filled that value since, in which case the value is that response's and stays.
  const owned = new Set(stored?.sources.find((s) => s.submission === submission)?.paths ?? []);
  const filled = new Set(verdict.provenance);
  const cleared = superseded
    ? (current?.provenance ?? []).filter(
        // tallies (the anonymous self-diagnosis) are many answers at once: `mergeFacts` takes the old one out
        (p) => !filled.has(p) && owned.has(provenanceKey(p)) && !p.startsWith("selfDiagnosis"),
      )
    : [];
  for (const path of cleared)
    deleteAtPath(merged as unknown as Record<string, unknown>, parseDatasetPath(path));
  const mergedFacts = checked(merged);
  if (mergedFacts.facts === undefined) {
    // The answers were fine alone but contradict what the school sent before (e.g. more ЕГЭ participants
    // than graduates): the earlier facts stay, this version is rejected with the reason.
    return reject(
      mergedFacts.issues.map((i) => ({
        code: "inconsistent_facts",
        field: i.path,
        message: `${i.message} (вместе с ранее присланными данными школы за ${verdict.year})`,
      })),
      target,
    );
  }
  const nextFact: StoredFact = {
    facts: mergedFacts.facts,
    sources: recordProvenance(
      stored?.sources ?? [],
      { submission, formKind: input.formKind, submittedAt: input.submittedAt },
      verdict.provenance,
      cleared,
    ),
  };
  const facts: FactWrite[] = [{ ...target, shard: read.shard, fact: nextFact }];
  // A school-year not stored yet may be its school's first in the shard: its key is counted (a few bytes too many
  // when the school has other years there, never too few).
  const firstOfSchool = stored === undefined ? keyBytes(target.schoolId) : 0;
  const growth = new Map<number, number>([
    [read.shard, entryBytes(nextFact, target.year) - entryBytes(stored, target.year) + firstOfSchool],
  ]);
  const shardBytes = new Map<number, number>([[read.shard, read.shardBytes]]);

  if (moved !== undefined && previous !== undefined && reads.previous?.stored !== undefined) {
    const old = reads.previous;
    const oldStored = reads.previous.stored;
    const removed = withoutResponse(oldStored, previous, current?.provenance ?? [], submission);
    if (removed.issues.length > 0) {
      return reject(
        removed.issues.map((i) => ({
          code: "inconsistent_facts",
          field: i.path,
          message:
            `${i.message} (у школы «${moved.schoolId}» за ${moved.year} после переноса ответа в другую ` +
            "школу или год; исправьте её данные или отправьте ответ заново)",
        })),
        target,
      );
    }
    facts.push({ ...moved, shard: old.shard, fact: removed.fact });
    // The school's key is not taken off: it stays while the school has other years there (fewer bytes freed
    // than may be, never more).
    growth.set(
      old.shard,
      (growth.get(old.shard) ?? 0) + entryBytes(removed.fact, moved.year) - entryBytes(oldStored, moved.year),
    );
    shardBytes.set(old.shard, old.shardBytes);
  }
  for (const [shard, delta] of growth) {
    const after = (shardBytes.get(shard) ?? 0) + delta;
    if (delta > 0 && after > DOCUMENT_BUDGET) {
      return reject(
        [
          {
            code: "answers_too_large",
            field: "answers",
            message:
              `данные школ этой части реестра заняли бы ${after} байт — больше, чем хранилище держит в одном ` +
              "документе; ответ не принят. Сократите текстовые ответы или сообщите разработчикам",
          },
        ],
        target,
      );
    }
  }
  return {
    outcome: { replay, status: "accepted", errors: [], facts: mergedFacts.facts },
    submission: {
      ...base,
      ...target,
      status: "accepted",
      errors: [],
      patch: verdict.patch,
      provenance: [...verdict.provenance],
    },
    facts,
    territory,
  };
}

/** What {@link decideSettle} has worked out before it turns to a record verdict. */
interface RecordContext {
  replay: SettleOutcome["replay"];
  base: Omit<SubmissionDoc, "status" | "errors">;
  territory: NonNullable<SettleDecision["territory"]>;
  reject: (errors: SubmissionError[], target?: { schoolId?: string; year?: string }) => SettleDecision;
  unchanged: (replay: SettleOutcome["replay"]) => SettleDecision;
}

/**
 * A record version (the objection form): the same registry and respondent rules as facts — an unknown school is
 * rejected, a refused respondent too, an unconfirmed address is pending until a /sync confirms it — then the
 * record is the response's own and nothing is written to any school-year.
 */
function decideRecord(input: SettleInput, reads: SettleReads, ctx: RecordContext): SettleDecision {
  const verdict = input.verdict;
  if (verdict.status !== "record") throw new Error("decideRecord: not a record verdict");
  const confirm = input.mode === "confirm";
  const target = { schoolId: verdict.schoolId, year: verdict.year };
  const school = reads.target?.school;
  if (school === undefined) {
    if (confirm) return ctx.unchanged("duplicate");
    return ctx.reject(
      [
        {
          code: "unknown_school",
          field: "schoolId",
          message: `«${verdict.schoolId}» — школы с таким кодом нет в реестре (лист «Школы»)`,
        },
      ],
      target,
    );
  }
  if (verdict.respondent !== undefined) {
    const judged = judgeRespondent(verdict.respondent, school);
    if (judged.kind === "refused") return ctx.reject(judged.errors, target);
    if (judged.kind === "unconfirmed") {
      if (confirm) return ctx.unchanged("duplicate");
      const errors = capErrors(judged.errors);
      return {
        outcome: { replay: ctx.replay, status: "pending", errors },
        submission: {
          ...ctx.base,
          ...target,
          status: "pending",
          errors,
          record: verdict.record,
          // an empty patch: the pending confirmation finds the response, and settles the record (never facts)
          pending: { patch: { schoolId: verdict.schoolId, year: verdict.year }, provenance: [] },
        },
        facts: [],
        territory: ctx.territory,
      };
    }
  }
  return {
    outcome: { replay: ctx.replay, status: "accepted", errors: [] },
    submission: { ...ctx.base, ...target, status: "accepted", errors: [], record: verdict.record },
    facts: [],
    territory: ctx.territory,
  };
}
