// Google Sheets writer: publishes the workbook model with one `spreadsheets.get` and ONE `spreadsheets.batchUpdate`.
import type { sheets_v4 } from "@googleapis/sheets";
import {
  type BackoffEffects,
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  systemBackoffEffects,
  withBackoff,
} from "../http/backoff.js";
import { type ApiFailure, classifyApiError, type PublishFailureCode } from "./google/api-failure.js";
import { buildPublishBatch, existingSheets, SPREADSHEET_FIELDS } from "./google/batch-requests.js";
import { type Workbook, workbookProblems } from "./workbook-model.js";

/** Result of one publish, as a value. */
export type PublishOutcome =
  | {
      ok: true;
      /** Write calls made: 1 (0 only when there was nothing to write). */
      writes: number;
      /** Requests carried by that one batchUpdate. */
      requests: number;
      /** Tabs the batch created. */
      addedTabs: string[];
      /** HTTP calls including retries (the get and the batchUpdate). */
      attempts: number;
    }
  | { ok: false; code: PublishFailureCode; message: string; attempts: number };

/** Knobs of a publish; all optional. */
export interface PublishOptions {
  /** Service account email, named as the only editor of the protected output tabs. */
  editorEmail?: string | undefined;
  backoff?: BackoffPolicy;
  /** Sleep and randomness of the backoff (tests pass ones that do not wait). */
  effects?: BackoffEffects;
}

/**
 * Publishes `workbook` into the spreadsheet `spreadsheetId`: one `spreadsheets.get` (tab ids, whole-tab
 * protections, charts — no cell data) and exactly one `spreadsheets.batchUpdate` with everything else
 * (see `buildPublishBatch`), so a publish costs one write of the 60-per-minute quota and lands atomically.
 * 429 and 5xx answers are retried with exponential backoff and jitter; other 4xx are not. Never throws
 * for API failures: they come back as `{ok:false, code}`.
 */
export async function publishWorkbook(
  client: sheets_v4.Sheets,
  spreadsheetId: string,
  workbook: Workbook,
  options: PublishOptions = {},
): Promise<PublishOutcome> {
  const problems = workbookProblems(workbook);
  if (problems.length > 0) {
    return { ok: false, code: "invalid_workbook", message: problems.join("; "), attempts: 0 };
  }
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const effects = options.effects ?? systemBackoffEffects;

  const read = await callWithBackoff(
    async () => (await client.spreadsheets.get({ spreadsheetId, fields: SPREADSHEET_FIELDS })).data,
    policy,
    effects,
  );
  if (!read.value.ok) return failure(read.value.failure, read.attempts);

  const batch = buildPublishBatch(existingSheets(read.value.data), workbook, {
    editorEmail: options.editorEmail,
  });
  const addedTabs = batch.addedTabs.map((t) => t.title);
  if (batch.requests.length === 0) {
    return { ok: true, writes: 0, requests: 0, addedTabs, attempts: read.attempts };
  }
  const write = await callWithBackoff(
    () => client.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: batch.requests } }),
    policy,
    effects,
  );
  const attempts = read.attempts + write.attempts;
  if (!write.value.ok) return failure(write.value.failure, attempts);
  return { ok: true, writes: 1, requests: batch.requests.length, addedTabs, attempts };
}

type CallResult<T> = { ok: true; data: T } | { ok: false; failure: ApiFailure };

/** Runs one API call under backoff, turning thrown client errors into values. */
function callWithBackoff<T>(call: () => Promise<T>, policy: BackoffPolicy, effects: BackoffEffects) {
  return withBackoff<CallResult<T>>(
    async () => {
      try {
        return { retry: false, value: { ok: true, data: await call() } };
      } catch (error) {
        const failure = classifyApiError(error);
        return {
          retry: failure.retryable,
          value: { ok: false, failure },
          retryAfterMs: failure.retryAfterMs,
        };
      }
    },
    policy,
    effects,
  );
}

function failure(f: ApiFailure, attempts: number): PublishOutcome {
  return { ok: false, code: f.code, message: f.message, attempts };
}
