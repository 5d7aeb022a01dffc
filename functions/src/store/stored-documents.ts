// Layout and zod schemas of what ШНОР-Монитор keeps in Firestore; every read goes through these schemas.
//
//   territories/{t}                                   TerritoryDoc: settings from the sheet, allowlist, counters
//   territories/{t}/shards/{00..63}                   ShardDoc: registry entries and facts of the schools hashed there
//   territories/{t}/submissions/{form~response}       SubmissionDoc: the settled state of one form response
//     .../versions/{sha256(submittedAt, answers)}     VersionDoc: every raw envelope received, stored before validation
//   territories/{t}/results/{2024-2025}               ResultsHeaderDoc: Results v1 of one year, gzip in chunks
//     .../chunks/{generation-i}                       ResultsChunkDoc
//   territories/{t}/malformed/{auto}                  envelopes that could not even be keyed
//   territories/{t}/tasks/{2024-2025~07}              TaskShardDoc: ВПР task results of one year, schools of one shard
//   territories/{t}/imports/{format~sha256}           ImportDoc: one imported file — identity, report, state
//     .../chunks/{aggregates-i | file-i}              ImportChunkDoc: what the file gave (gzip JSON); a template kept whole
//   territories/{t}/drafts/{000001}                   DraftDoc (decision-repository.ts): a numbered draft of the lists
//   territories/{t}/approvals/{000001}                ApprovalDoc: an approved version, immutable
//   territories/{t}/journal/{at~id}                   JournalDoc: «Журнал решений», append-only
//   unrouted-submissions/{auto}                       UnroutedDoc: bodies with no readable territory (nothing is lost)
import { createHash } from "node:crypto";
import { z } from "zod";
import { AcademicYearSchema } from "../contract/academic-year.js";
import {
  MeetingSchema,
  PinSchema,
  ReferenceSchema,
  RoadmapItemSchema,
  SchoolSchema,
  SchoolYearFactsSchema,
  VprTasksSchema,
} from "../contract/dataset.js";
import { ObjectionSchema } from "../contract/decision-cycle.js";
import { GiaMapSchema } from "../import/gia-map.js";
import { IMPORT_FORMATS } from "../import/import-result.js";
import { RESPONDENT_FIELD } from "./respondent-rule.js";

/**
 * Number of fact shards per territory. Constant, so reading a territory costs the same number of reads at
 * any size; 64 keeps every shard of a 2,000-school territory with 3 years of facts near 0.3 MiB, far below
 * Firestore's 1 MiB document limit (the store tests measure it).
 */
export const SHARD_COUNT = 64;

/**
 * The shard of a school: 32-bit FNV-1a of its id, modulo {@link SHARD_COUNT}. Stable across processes
 * and versions, since it decides where facts already live.
 */
export function shardOf(schoolId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(schoolId, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SHARD_COUNT;
}

/** Document id of a shard: two digits, so the shards list in order. */
export function shardId(shard: number): string {
  return String(shard).padStart(2, "0");
}

/** `2024/2025` → `2024-2025`: a slash cannot be part of a document id. */
export function yearDocId(year: string): string {
  return year.replace("/", "-");
}

/** An id part kept readable when it is plain, otherwise replaced by a digest (REST paths choke on `:` and `/`). */
function idPart(value: string): string {
  return /^[A-Za-z0-9_-]{1,200}$/.test(value)
    ? value
    : `h${createHash("sha256").update(value, "utf8").digest("hex").slice(0, 32)}`;
}

/** Document id of a form response: `<formId>~<responseId>`, each part plain or digested. */
export function submissionDocId(formId: string, responseId: string): string {
  return `${idPart(formId)}~${idPart(responseId)}`;
}

/**
 * Why a response, or one line of «Ошибки», is not taken: the closed set the HTTP layer maps to statuses
 * (http/api-response.ts) instead of matching a field name. `invalid_answer` — an answer the form's catalog cannot
 * take; `inconsistent_facts` — answers fine alone that contradict the school's other data; `unknown_school` — no
 * such school in «Школы»; `response_too_large` — an envelope over what a document holds (kept cut);
 * `answers_too_large` — a school-year's data, or its shard, over the budget; `respondent_not_allowed` — a
 * verified address that is not the school's (403); `respondent_unconfirmed` — an unverified one (202, pending);
 * `more_errors` — «и ещё N ошибок»; `version_conflict`, `outdated_script` — lines only «Ошибки» shows;
 * `malformed` — a reason only a reply gives (the envelope or request itself);
 * `unclassified` — stored before errors had codes (see {@link legacyErrorCode}).
 */
export const SUBMISSION_ERROR_CODES = [
  "invalid_answer",
  "inconsistent_facts",
  "unknown_school",
  "response_too_large",
  "answers_too_large",
  "respondent_not_allowed",
  "respondent_unconfirmed",
  "more_errors",
  "version_conflict",
  "outdated_script",
  "malformed",
  "unclassified",
] as const;
export const SubmissionErrorCodeSchema = z.enum(SUBMISSION_ERROR_CODES);
export type SubmissionErrorCode = z.infer<typeof SubmissionErrorCodeSchema>;

/** A field error of a rejected submission, as the 422 response and the «Ошибки» tab show it, with its code. */
export const SubmissionErrorSchema = z.object({
  code: SubmissionErrorCodeSchema,
  field: z.string(),
  message: z.string(),
});
export type SubmissionError = z.infer<typeof SubmissionErrorSchema>;

/** A stored error: documents written before errors had codes hold `{field, message}` only. */
const StoredSubmissionErrorSchema = SubmissionErrorSchema.extend({
  code: SubmissionErrorCodeSchema.optional(),
});

/**
 * The code of an error stored before errors had codes. Then the status was chosen by the field alone — only
 * `respondentEmail` reasons gave 403 — so that field is told apart (refused in a rejected response, unconfirmed
 * in a pending one) and every other reason is `unclassified` (422, as before); nothing is guessed from the text.
 */
export function legacyErrorCode(field: string, status: SubmissionStatus): SubmissionErrorCode {
  if (field !== RESPONDENT_FIELD) return "unclassified";
  return status === "pending" ? "respondent_unconfirmed" : "respondent_not_allowed";
}

/** Which submission last filled which dataset paths of one school-year (paths trimmed to list elements). */
export const ProvenanceSourceSchema = z.object({
  submission: z.string(),
  formKind: z.string(),
  submittedAt: z.string(),
  paths: z.array(z.string()),
});
export type ProvenanceSource = z.infer<typeof ProvenanceSourceSchema>;

export const StoredFactSchema = z.object({
  facts: SchoolYearFactsSchema,
  sources: z.array(ProvenanceSourceSchema),
});
export type StoredFact = z.infer<typeof StoredFactSchema>;

export const RegistryEntrySchema = z.object({ order: z.number().int().min(0), school: SchoolSchema });
export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;

/** A string field holding JSON text, decoded and then checked with `schema`. */
function jsonText<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "не JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * A shard as read (decoded). In Firestore each registry entry and each school-year is stored as JSON text
 * rather than nested maps: a 2,000-school territory is ~12 MB of facts, and as nested Firestore values
 * the REST transport spends seconds encoding and decoding them; as strings it moves them in one piece.
 * Updating one school-year is still a single-field update (`facts.<school>.<year>`).
 */
export const ShardDocSchema = z.object({
  shard: z.number().int().min(0),
  /** Registry entries of the schools hashed here, keyed by school id. */
  schools: z.record(z.string(), jsonText(RegistryEntrySchema)).default({}),
  /** Facts keyed by school id, then academic year. */
  facts: z.record(z.string(), z.record(AcademicYearSchema, jsonText(StoredFactSchema))).default({}),
});
export type ShardDoc = z.output<typeof ShardDocSchema>;

/** The stored text of a registry entry. */
export function encodeRegistryEntry(entry: RegistryEntry): string {
  return JSON.stringify(entry);
}

/** The stored text of one school-year's facts and provenance. */
export function encodeStoredFact(fact: StoredFact): string {
  return JSON.stringify(fact);
}

export const TerritoryDocSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  timeZone: z.string().min(1).optional(),
  spreadsheetId: z.string().min(1).optional(),
  coordinators: z.array(z.string()).default([]),
  methodology: z.record(z.string(), z.unknown()).optional(),
  /** «Критерии выявления» as last synced whole (issue 12); rows are checked again when the dataset is. */
  criteria: z.array(z.record(z.string(), z.unknown())).optional(),
  references: z.array(ReferenceSchema).optional(),
  roadmap: z.array(RoadmapItemSchema).optional(),
  meetings: z.array(MeetingSchema).optional(),
  pins: z.array(PinSchema).optional(),
  /** «Нерабочие дни»: the territory's own days off and working days, for deadlines in working days (issue 13). */
  calendar: z
    .array(z.object({ date: z.string(), kind: z.enum(["dayOff", "workday"]), note: z.string().optional() }))
    .optional(),
  schoolCount: z.number().int().min(0).default(0),
  /** Incremented by every change the workbook shows (facts, registry, settings, a rejected submission). */
  factsVersion: z.number().int().min(0).default(0),
  factsChangedAt: z.string().optional(),
  /** `factsVersion` the stored results were computed from. */
  resultsFactsVersion: z.number().int().min(0).optional(),
  /** Incremented by every stored results; what /flush compares with the published one. */
  resultsGeneration: z.number().int().min(0).default(0),
  resultsComputedAt: z.string().optional(),
  latestResultsYear: AcademicYearSchema.optional(),
  publishedGeneration: z.number().int().min(0).default(0),
  publishedAt: z.string().optional(),
  createdAt: z.string().optional(),
  syncedAt: z.string().optional(),
  /**
   * Set by the settle of an envelope from an older Apps Script (no `response.emailCollection`), cleared by the
   * next one from a current script: «Ошибки» asks the coordinator to update the script while it is set.
   */
  outdatedScript: z.object({ submittedAt: z.string(), formKind: z.string() }).optional(),
  /** ГИА column maps saved by the coordinator, per kind (`ege`, `oge`, or `gia` for a table of both). */
  giaMaps: z.record(z.string(), GiaMapSchema).optional(),
  /** The import (or undo) running now; another waits until it ends or `until` passes (a crashed instance). */
  importLease: z.object({ id: z.string(), until: z.string() }).optional(),
});
export type TerritoryDoc = z.infer<typeof TerritoryDocSchema>;

/**
 * `accepted` — counted in the school's facts; `rejected` — refused with reasons; `pending` — the respondent's
 * address is unverified and not (yet) the school's: stored, not counted, until a /sync confirms it.
 */
export const SUBMISSION_STATUSES = ["accepted", "rejected", "pending"] as const;
export const SubmissionStatusSchema = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatusSchema>;

export const SubmissionDocSchema = z
  .object({
    territoryId: z.string(),
    formId: z.string(),
    responseId: z.string(),
    formKind: z.string(),
    /** The version currently in force (the latest `submittedAt` settled). */
    versionId: z.string(),
    submittedAt: z.string(),
    settledAt: z.string(),
    status: SubmissionStatusSchema,
    errors: z.array(StoredSubmissionErrorSchema),
    respondentEmail: z.string().optional(),
    editUrl: z.string().optional(),
    schoolId: z.string().optional(),
    year: AcademicYearSchema.optional(),
    /**
     * What the facts hold from this response (the last accepted version's patch, kept through a rejected
     * edit): a later accepted edit passes it to mergeFacts as `superseded`.
     */
    patch: SchoolYearFactsSchema.optional(),
    /** Every dataset path the accepted version filled. */
    provenance: z.array(z.string()).optional(),
    /** How many versions were settled for this response (1 for an unedited one). */
    settledVersions: z.number().int().min(1),
    /** sha256 of the version's answers alone: tells a replay with a reformatted `submittedAt` from a conflict. */
    answersDigest: z.string().optional(),
    /** How the form collected `respondentEmail` (absent: an older script that did not say). */
    emailCollection: z.enum(["verified", "responder_input", "none"]).optional(),
    /** The record of a record form («Обращение школы по спискам»): kept here, never in the facts (issue 13). */
    record: ObjectionSchema.optional(),
    /** A `pending` version's own patch and paths, applied once its address is confirmed. */
    pending: z.object({ patch: SchoolYearFactsSchema, provenance: z.array(z.string()) }).optional(),
    /**
     * Versions that arrived with the same `submittedAt` as the one in force but other answers (409 «конфликт
     * версий»): their raw envelopes are kept under `versions`; «Ошибки» lists the conflict.
     */
    conflicts: z
      .array(z.object({ versionId: z.string(), submittedAt: z.string(), receivedAt: z.string() }))
      .optional(),
    /** When the last conflict was recorded: the field «Ошибки» queries conflicts by. */
    lastConflictAt: z.string().optional(),
  })
  // an error stored before errors had codes gets the one its field gave then, so it answers as it did
  .transform((doc) => ({
    ...doc,
    errors: doc.errors.map(
      (e): SubmissionError => ({
        code: e.code ?? legacyErrorCode(e.field, doc.status),
        field: e.field,
        message: e.message,
      }),
    ),
  }));
export type SubmissionDoc = z.infer<typeof SubmissionDocSchema>;

export const VersionDocSchema = z.object({
  versionId: z.string(),
  formId: z.string(),
  responseId: z.string(),
  submittedAt: z.string(),
  receivedAt: z.string(),
  /** The envelope exactly as received (JSON text), cut to `MAX_RAW_BYTES` when it was larger. */
  raw: z.string(),
  /** The envelope's size in bytes when `raw` had to be cut (the version is then settled as rejected). */
  truncatedBytes: z.number().int().optional(),
});
export type VersionDoc = z.infer<typeof VersionDocSchema>;

/** An envelope kept without a territory: not JSON, no readable `territoryId`, or a territory not served. */
export const UnroutedDocSchema = z.object({
  raw: z.string(),
  reason: z.string(),
  receivedAt: z.string(),
  /** Who sent it (an authenticated coordinator of some territory). */
  caller: z.string(),
  /** The territory id the body named, if it named one. */
  claimedTerritoryId: z.string().optional(),
});
export type UnroutedDoc = z.infer<typeof UnroutedDocSchema>;

export const ResultsHeaderDocSchema = z.object({
  year: AcademicYearSchema,
  generation: z.number().int().min(1),
  chunkCount: z.number().int().min(1),
  factsVersion: z.number().int().min(0),
  computedAt: z.string(),
  bytes: z.number().int().min(0),
});
export type ResultsHeaderDoc = z.infer<typeof ResultsHeaderDocSchema>;

export const ResultsChunkDocSchema = z.object({
  index: z.number().int().min(0),
  data: z.instanceof(Uint8Array),
});

/** Document id of a task-results document: `2024-2025~07` (year, shard). */
export function taskDocId(year: string, shard: number): string {
  return `${yearDocId(year)}~${shardId(shard)}`;
}

/**
 * The ВПР task results (`vprTasks`) of one academic year for the schools hashed to one shard, as JSON text per
 * school. They live apart from the shard's other facts: a paper's task record is ~1 KB per school, and with
 * several papers and years they would push a shard toward Firestore's 1 MiB (issue 11 §7). Only imports write
 * them; a form never does, so the submit path never reads them.
 */
export const TaskShardDocSchema = z.object({
  year: AcademicYearSchema,
  shard: z.number().int().min(0),
  schools: z.record(z.string(), jsonText(z.array(VprTasksSchema))).default({}),
});
export type TaskShardDoc = z.output<typeof TaskShardDocSchema>;

/**
 * `applying` — being written (a crash leaves it so; importing the file again completes it); `applied`;
 * `refused` — nothing applied, the issues kept; `undone` — «Отменить импорт»; `replaced` — every procedure of it
 * was given again by a corrected file.
 */
export const IMPORT_STATUSES = ["applying", "applied", "refused", "undone", "replaced"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A registry school offered for a school of the file that is not in the registry. */
const SuggestionSchema = z.object({ schoolId: z.string(), name: z.string(), similarity: z.number() });

/** A field where the file and a school's form answer differ: the form's value stays (the precedence rule). */
export const ImportConflictSchema = z.object({
  schoolId: z.string(),
  year: AcademicYearSchema,
  /** The dataset path (`social.students`, `vpr[grade=5,subject=math]`). */
  path: z.string(),
  /** The values, as short Russian text. */
  file: z.string(),
  form: z.string(),
});
export type ImportConflict = z.infer<typeof ImportConflictSchema>;

/**
 * One imported file. Per-participant files (Ф1, ГИА) are personal data about children and are never stored:
 * only their identity (sha256, name, size, Drive file id), the parse report and the school-level aggregates they
 * gave (in `chunks`). A template holds school-level figures only and is kept whole (`fileChunks`). Lists are
 * capped so the document stays far below 1 MiB; the counts say how many there were.
 */
export const ImportDocSchema = z.object({
  id: z.string(),
  /** null: a refused file whose kind was not recognised. */
  format: z.enum(IMPORT_FORMATS).nullable(),
  /** Provenance of what it gave: `import:<format>:<sha256>` (empty for a refused file). */
  source: z.string(),
  file: z.object({
    name: z.string(),
    size: z.number().int().min(0),
    sha256: z.string(),
    driveFileId: z.string().optional(),
  }),
  status: z.enum(IMPORT_STATUSES),
  importedAt: z.string(),
  importedBy: z.string(),
  procedures: z.array(
    z.object({
      key: z.string(),
      kind: z.enum(["form", "vpr", "ege", "oge"]),
      year: AcademicYearSchema,
      form: z.string().optional(),
      grade: z.number().int().optional(),
      subject: z.string().optional(),
      /** The import that gave this procedure again (a corrected file). */
      replacedBy: z.string().optional(),
    }),
  ),
  rows: z.object({ read: z.number().int().min(0), taken: z.number().int().min(0) }),
  matched: z.number().int().min(0),
  unmatched: z.array(
    z.object({
      fileName: z.string(),
      fileCode: z.string().optional(),
      rows: z.number().int().min(0),
      suggestions: z.array(SuggestionSchema),
    }),
  ),
  unmatchedCount: z.number().int().min(0),
  ignoredColumns: z.array(z.string()),
  conflicts: z.array(ImportConflictSchema),
  conflictCount: z.number().int().min(0),
  /** Why the file was refused, or what could not be applied, in Russian («лист, строка, столбец: что не так»). */
  issues: z.array(z.string()),
  issueCount: z.number().int().min(0),
  /** School-years whose facts the import changed. */
  changed: z.number().int().min(0),
  aggregateChunks: z.number().int().min(0),
  fileChunks: z.number().int().min(0),
  finishedAt: z.string().optional(),
  undoneAt: z.string().optional(),
  undoneBy: z.string().optional(),
});
export type ImportDoc = z.infer<typeof ImportDocSchema>;

export const ImportChunkDocSchema = z.object({
  index: z.number().int().min(0),
  data: z.instanceof(Uint8Array),
});
