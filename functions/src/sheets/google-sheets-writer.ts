// Google Sheets writer: publishes the workbook model with one `spreadsheets.get` and a few `batchUpdate` calls of ≤ 2 MB.
import type { sheets_v4 } from "@googleapis/sheets";
import { fail, type Result, succeed } from "../contract/result.js";
import { type ApiFailure, classifyApiError, type PublishFailureCode } from "./google/api-failure.js";
import {
  type BackoffEffects,
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  systemBackoffEffects,
  withBackoff,
} from "./google/backoff.js";
import { existingSheets, SPREADSHEET_FIELDS } from "./google/batch-requests.js";
import { planPublish, prepareWorkbook } from "./google/publish-plan.js";
import type { BudgetDecision, WriteBudget } from "./google/write-budget.js";
import { type Workbook, workbookProblems } from "./workbook-model.js";

/** What a publish did, when it got to the end. */
export interface PublishReport {
  /** `batchUpdate` calls made: each one write request of the quota (0 only when there was nothing to write). */
  writes: number;
  /** Requests carried by those calls together. */
  requests: number;
  /** Size of the largest call's body, bytes. */
  largestBodyBytes: number;
  /** Tabs the publish created. */
  addedTabs: string[];
  /** Tabs written over several calls (marked «обновляется…» until their last one). */
  markedTabs: string[];
  /** HTTP calls including retries (the get and the batchUpdates). */
  attempts: number;
}

/** Why a publish stopped, and how far it got. */
export interface PublishFailure {
  code: PublishFailureCode;
  message: string;
  attempts: number;
  /** Calls that landed before the failure: tabs they started stay marked until the next publish. */
  writes: number;
  /** `quota_exhausted`: when the installation's budget can grant the publish's requests. */
  retryAfterMs?: number;
}

/** Result of one publish, as a value (contract/result.ts). */
export type PublishOutcome = Result<PublishReport, PublishFailure>;

/** Knobs of a publish; all optional. */
export interface PublishOptions {
  /** Service account email, named as the only editor of the protected output tabs. */
  editorEmail?: string | undefined;
  backoff?: BackoffPolicy;
  /** Sleep and randomness of the backoff (tests pass ones that do not wait). */
  effects?: BackoffEffects;
  /** The installation's write budget (see write-budget.ts); absent = writes are not budgeted here. */
  budget?: WriteBudget | undefined;
  /** Longest wait for the budget once the publish has begun (extra calls, retries); 30 s by default. */
  maxBudgetWaitMs?: number;
  /** Largest body of one call; 2,000,000 bytes by default (request-size.ts). */
  maxBodyBytes?: number;
}

const DEFAULT_BUDGET_WAIT_MS = 30_000;

/**
 * Publishes `workbook` into the spreadsheet `spreadsheetId`.
 *
 * 1. Reserves the calls the publish will take from `budget`, estimated before reading the spreadsheet; if
 *    the installation's budget is spent, nothing is read or written and the outcome is `quota_exhausted`
 *    with the time the budget allows it (the caller defers the publish).
 * 2. One `spreadsheets.get`: tab ids, whole-tab protections, charts, colour rules — no cell data.
 * 3. Plans the calls (`planPublish`: ≤ 2 MB each, big tabs split by rows and marked) and takes any extra
 *    call the plan needs beyond the estimate from the budget, waiting up to `maxBudgetWaitMs`.
 * 4. Sends the calls in order. 429 and 5xx answers are retried with exponential backoff and jitter (each
 *    retry is one more write, taken from the budget); other 4xx are not. A failure stops the publish: the
 *    calls already made stay, and a tab they left half written shows «обновляется…» until the next publish.
 *
 * Never throws for API failures: they come back as `{success: false, error: {code}}`.
 */
export async function publishWorkbook(
  client: sheets_v4.Sheets,
  spreadsheetId: string,
  workbook: Workbook,
  options: PublishOptions = {},
): Promise<PublishOutcome> {
  const problems = workbookProblems(workbook);
  if (problems.length > 0) {
    return fail({ code: "invalid_workbook", message: problems.join("; "), attempts: 0, writes: 0 });
  }
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const effects = options.effects ?? systemBackoffEffects;
  const planOptions = { editorEmail: options.editorEmail, maxBodyBytes: options.maxBodyBytes };
  const prepared = prepareWorkbook(workbook);
  const budget = options.budget;
  const maxWait = options.maxBudgetWaitMs ?? DEFAULT_BUDGET_WAIT_MS;

  // Estimated against an empty spreadsheet: the same cells, so the same calls give or take one.
  let reserved = 0;
  if (budget) {
    const estimate = planPublish(prepared, [], planOptions).batches.length;
    const decision = await budget.reserve(estimate);
    if (!decision.granted) return quotaExhausted(decision.retryAfterMs, 0, 0);
    reserved = estimate;
  }

  const read = await callWithBackoff(
    async () => (await client.spreadsheets.get({ spreadsheetId, fields: SPREADSHEET_FIELDS })).data,
    policy,
    effects,
  );
  if (!read.value.success) return failure(read.value.error, read.attempts, 0);
  let attempts = read.attempts;

  const plan = planPublish(prepared, existingSheets(read.value.data), planOptions);
  const addedTabs = plan.addedTabs.map((t) => t.title);
  if (budget && plan.batches.length > reserved) {
    const more = await reserveWaiting(budget, plan.batches.length - reserved, effects, maxWait);
    if (!more.granted) return quotaExhausted(more.retryAfterMs, attempts, 0);
  }

  let writes = 0;
  for (const requests of plan.batches) {
    const write = await callWithBackoff(
      () => client.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }),
      policy,
      effects,
      budget ? () => reserveWaiting(budget, 1, effects, maxWait) : undefined,
    );
    attempts += write.attempts;
    if (!write.value.success) return failure(write.value.error, attempts, writes);
    writes += 1;
  }
  return succeed({
    writes,
    requests: plan.batches.reduce((sum, b) => sum + b.length, 0),
    largestBodyBytes: Math.max(0, ...plan.bodyBytes),
    addedTabs,
    markedTabs: plan.markedTabs,
    attempts,
  });
}

/** Reserves `count` writes, sleeping while the budget says they fit within `maxWaitMs`. */
async function reserveWaiting(
  budget: WriteBudget,
  count: number,
  effects: BackoffEffects,
  maxWaitMs: number,
): Promise<BudgetDecision> {
  let waited = 0;
  for (;;) {
    const decision = await budget.reserve(count);
    if (decision.granted || waited + decision.retryAfterMs > maxWaitMs) return decision;
    await effects.sleep(decision.retryAfterMs);
    waited += decision.retryAfterMs;
  }
}

type CallResult<T> = Result<T, ApiFailure>;

/**
 * Runs one API call under backoff, turning thrown client errors into values. `beforeRetry` (the write
 * budget) is asked before every retry; when it refuses, the last failure is final.
 */
function callWithBackoff<T>(
  call: () => Promise<T>,
  policy: BackoffPolicy,
  effects: BackoffEffects,
  beforeRetry?: () => Promise<BudgetDecision>,
) {
  let last: CallResult<T> | undefined;
  return withBackoff<CallResult<T>>(
    async (attempt) => {
      if (attempt > 1 && beforeRetry && last !== undefined) {
        const decision = await beforeRetry();
        if (!decision.granted) return { retry: false, value: last };
      }
      try {
        last = succeed(await call());
        return { retry: false, value: last };
      } catch (error) {
        const failure = classifyApiError(error);
        last = fail(failure);
        return { retry: failure.retryable, value: last, retryAfterMs: failure.retryAfterMs };
      }
    },
    policy,
    effects,
  );
}

function failure(f: ApiFailure, attempts: number, writes: number): PublishOutcome {
  return fail({ code: f.code, message: f.message, attempts, writes });
}

function quotaExhausted(retryAfterMs: number, attempts: number, writes: number): PublishOutcome {
  return fail({
    code: "quota_exhausted",
    message: `Sheets write budget of the installation is spent; the publish fits in ${Math.ceil(retryAfterMs / 1000)} s`,
    attempts,
    writes,
    retryAfterMs,
  });
}
