// Delivering a response to `submit`: retries, the outbox for what could not be sent, the e-mail for what was rejected.
import { findForm } from "../../functions/src/catalog/form-catalog.js";
import {
  type ApiResult,
  callApi,
  callApiWithRetry,
  DEFAULT_RETRY,
  describeFailure,
  isRetryable,
  type RetryPolicy,
} from "./api-client.js";
import type { GasSpreadsheet, Services } from "./gas-services.js";
import {
  acquireScriptLock,
  appendEntry,
  enqueue,
  ensureOutboxSheet,
  locateRow,
  OUTBOX_TAB,
  readOutbox,
  recordFailure,
  removeSuperseded,
} from "./outbox.js";
import { type RejectionError, rejectionErrors, rejectionMail } from "./rejection-mail.js";
import { claimLetter, letterKey, releaseLetter } from "./sent-letters.js";
import { noteServerOutcome, serverRecentlyFailed } from "./server-outage.js";
import type { ConnectionSettings } from "./settings-store.js";
import type { SubmissionEnvelope } from "./submission-envelope.js";
import { outOfTime, type RunClock, startRun } from "./time-budget.js";

/** What the server said about one delivery. Every kind but `failed` is final: never sent again. */
export type Verdict =
  | { kind: "accepted"; status: string }
  | { kind: "pending" }
  | { kind: "conflict" }
  | { kind: "rejected"; errors: RejectionError[] }
  | { kind: "failed"; reason: string };

/** What became of a response in onFormSubmit (or in «Досылка ответов»). */
export type DeliveryOutcome =
  | { kind: "accepted"; status: string; attempts: number }
  | { kind: "pending"; attempts: number }
  | { kind: "conflict"; attempts: number }
  | { kind: "rejected"; errors: RejectionError[]; mailed: boolean }
  | { kind: "queued"; reason: string; attempts: number };

/**
 * The client's side of the `/submit` table (issue 9):
 * - 200 (`accepted`, `duplicate`, `updated`) — delivered;
 * - 202 `pending_confirmation` — stored, the address awaits the coordinator's confirmation: final, no letter;
 * - 409 `version_conflict` — same response and time, different answers, both kept by the server: final, no letter;
 * - 422, 403 `respondent_not_allowed`, and 413 (an answer larger than the server can keep: it holds it cut, as a
 *   rejected version, so resending could never help) — rejected: final, one letter to the school;
 * - anything else (no answer, 400, 401, other 403, 415, 429, 5xx) — kept and sent again later: nothing a
 *   school sent is dropped on our side.
 * A 200, 202 or 409 counts only with the server's JSON `status`: UrlFetchApp follows redirects by default
 * («followRedirects», https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)),
 * so an address that redirects to a sign-in or proxy page answers 200 with HTML, and the response was stored nowhere.
 */
export function verdictOf(result: ApiResult): Verdict {
  if (result.kind !== "http") return { kind: "failed", reason: describeFailure(result) };
  const body = result.body as { status?: unknown; code?: unknown } | undefined;
  if ([200, 202, 409].includes(result.status) && typeof body?.status !== "string") {
    return {
      kind: "failed",
      reason: `ответ сервера ${result.status}, но это не ответ сервера ШНОР-Монитор (проверьте адрес функции в «Настройка подключения»)`,
    };
  }
  if (result.status === 200) {
    return { kind: "accepted", status: String(body?.status) };
  }
  if (result.status === 202) return { kind: "pending" };
  if (result.status === 409) return { kind: "conflict" };
  if (
    result.status === 422 ||
    result.status === 413 ||
    (result.status === 403 && body?.code === "respondent_not_allowed")
  ) {
    return { kind: "rejected", errors: rejectionErrors(result.body, describeFailure(result)) };
  }
  return { kind: "failed", reason: describeFailure(result) };
}

function formTitle(envelope: SubmissionEnvelope): string {
  return findForm(envelope.form.kind)?.title ?? envelope.form.kind;
}

/**
 * Sends the letter for a rejected response; false when there is no address or mail failed (quota). A version of a
 * response already mailed about (a form-submit trigger firing twice) is not mailed again, and counts as mailed.
 */
export function mailRejection(
  services: Pick<Services, "mailApp" | "utilities" | "propertiesService" | "lockService">,
  spreadsheet: GasSpreadsheet,
  envelope: SubmissionEnvelope,
  errors: readonly RejectionError[],
  lockHeld = false,
): boolean {
  const when = services.utilities.formatDate(
    new Date(envelope.response.submittedAt),
    spreadsheet.getSpreadsheetTimeZone(),
    "dd.MM.yyyy HH:mm",
  );
  const mail = rejectionMail(envelope, errors, when);
  if (!mail) return false;
  const key = letterKey(envelope.form.id, envelope.response.id, envelope.response.submittedAt);
  if (!claimLetter(services, key, lockHeld)) return true;
  try {
    services.mailApp.sendEmail(mail);
    return true;
  } catch (error) {
    // The rejection is stored on the server and shown on «Ошибки»; a lost letter is not a lost response.
    console.error(`Письмо о непринятой анкете не отправлено (${mail.to}): ${String(error)}`);
    releaseLetter(services, key, lockHeld);
    return false;
  }
}

/** How `deliverSubmission` runs: its retry policy, and whether the caller already holds the script lock. */
export interface DeliveryOptions {
  policy?: RetryPolicy;
  lockHeld?: boolean;
}

/** How long a delivery waits for the lock to tidy the outbox; a long resend run may hold it for minutes. */
const OUTBOX_LOCK_WAIT_MS = 10_000;
/** Dropping an older queued version is optional (the server keeps the newer one), so it waits less. */
const TIDY_LOCK_WAIT_MS = 2_000;

/** One call, no pauses: while the server failed a moment ago (server-outage.ts). */
const SINGLE_TRY: RetryPolicy = { attempts: 1, firstDelayMs: 0 };

/**
 * Delivers one response: up to `policy.attempts` calls with exponential backoff (one call while the server failed
 * within the last ten minutes). Settled (delivered, pending,
 * conflict or rejected), the older queued versions of the same response are dropped; otherwise it is queued on
 * «Исходящие» (replacing an older queued version) for the trigger to resend. Without a saved connection it is
 * queued straight away.
 */
export function deliverSubmission(
  services: Services,
  spreadsheet: GasSpreadsheet,
  connection: ConnectionSettings | undefined,
  envelope: SubmissionEnvelope,
  options: DeliveryOptions = {},
): DeliveryOutcome {
  const lockHeld = options.lockHeld ?? false;
  if (!connection) {
    const reason = "подключение не настроено (меню «ШНОР-Монитор» → «Настройка подключения»)";
    queue(services, spreadsheet, envelope, 0, reason, lockHeld);
    return { kind: "queued", reason, attempts: 0 };
  }
  const { result, attempts } = callApiWithRetry(
    services,
    connection,
    "post",
    "/submit",
    envelope,
    options.policy ?? (serverRecentlyFailed(services) ? SINGLE_TRY : DEFAULT_RETRY),
  );
  const verdict = verdictOf(result);
  noteServerOutcome(services, isRetryable(result));
  if (verdict.kind === "failed") {
    queue(services, spreadsheet, envelope, attempts, verdict.reason, lockHeld);
    return { kind: "queued", reason: verdict.reason, attempts };
  }
  dropSuperseded(services, spreadsheet, envelope, lockHeld);
  switch (verdict.kind) {
    case "accepted":
      return { kind: "accepted", status: verdict.status, attempts };
    case "pending":
      return { kind: "pending", attempts };
    case "conflict":
      return { kind: "conflict", attempts };
    case "rejected": {
      const mailed = mailRejection(services, spreadsheet, envelope, verdict.errors, lockHeld);
      return { kind: "rejected", errors: verdict.errors, mailed };
    }
  }
}

function dropSuperseded(
  services: Services,
  spreadsheet: GasSpreadsheet,
  envelope: SubmissionEnvelope,
  lockHeld: boolean,
): void {
  const sheet = spreadsheet.getSheetByName(OUTBOX_TAB);
  // An empty outbox (the usual case) needs no lock: nothing to tidy.
  if (!sheet || sheet.getLastRow() < 2) return;
  if (lockHeld) {
    removeSuperseded(sheet, envelope);
    return;
  }
  const lock = acquireScriptLock(services, TIDY_LOCK_WAIT_MS);
  if (!lock) return; // an older version left queued is resent later and the server keeps the newer one
  try {
    removeSuperseded(sheet, envelope);
  } finally {
    lock.releaseLock();
  }
}

function queue(
  services: Services,
  spreadsheet: GasSpreadsheet,
  envelope: SubmissionEnvelope,
  attempts: number,
  reason: string,
  lockHeld: boolean,
): void {
  const sheet = ensureOutboxSheet(spreadsheet);
  if (lockHeld) {
    enqueue(sheet, envelope, attempts, reason, new Date(), formTitle(envelope));
    return;
  }
  const lock = acquireScriptLock(services, OUTBOX_LOCK_WAIT_MS);
  if (!lock) {
    // Appending moves no row another run may be deleting, so the response is kept even without the lock.
    appendEntry(sheet, envelope, attempts, reason, new Date(), formTitle(envelope));
    return;
  }
  try {
    enqueue(sheet, envelope, attempts, reason, new Date(), formTitle(envelope));
  } finally {
    lock.releaseLock();
  }
}

/**
 * What one resend run did. `busy`: another run held the lock, nothing was touched. `stopped`: the run used up
 * its time budget and left the rest for the next run. `serverUnavailable`: the server did not answer, or
 * answered 429/5xx, {@link UNAVAILABLE_IN_A_ROW} times in a row, and the run left the rest for the next one.
 */
export interface ResendReport {
  delivered: number;
  pending: number;
  conflicts: number;
  rejected: number;
  /** Rejected responses whose letter did not go: no address, or MailApp refused (the day's quota spent). */
  unmailed: number;
  left: number;
  busy: boolean;
  stopped: boolean;
  serverUnavailable: boolean;
  lastError?: string;
}

/**
 * Failures in a row (no answer, 429, 5xx) after which a resend run stops. Sending every queued row to a server
 * that is down spends the day's quotas the schools' answers need — «URL Fetch calls 20,000 / day» and
 * «Triggers total runtime 90 min / day» for a consumer account
 * (https://developers.google.com/apps-script/guides/services/quotas): 150 rows every 10 minutes are 21,600
 * calls a day. Three, not one, so that one response the server keeps failing on does not hold up the rest.
 */
export const UNAVAILABLE_IN_A_ROW = 3;

function emptyReport(left: number, busy: boolean): ResendReport {
  return {
    delivered: 0,
    pending: 0,
    conflicts: 0,
    rejected: 0,
    unmailed: 0,
    left,
    busy,
    stopped: false,
    serverUnavailable: false,
  };
}

/**
 * Sends queued responses once each, top to bottom, under the script lock, so two runs (the 10-minute trigger
 * and the menu) never send the same row. New sends start only within the run's time budget, and not after
 * {@link UNAVAILABLE_IN_A_ROW} failures in a row that say the server is down or throttled. A row with a final
 * answer is deleted as soon as the answer arrives — before its rejection letter goes out, so a run cut off at
 * any point can lose a letter but never send one twice; a row not yet deleted is only sent again, which the
 * server answers as a duplicate.
 */
export function resendOutbox(
  services: Services,
  spreadsheet: GasSpreadsheet,
  connection: ConnectionSettings | undefined,
  run: RunClock = startRun(services),
): ResendReport {
  const sheet = spreadsheet.getSheetByName(OUTBOX_TAB);
  if (!sheet) return emptyReport(0, false);
  const lock = acquireScriptLock(services);
  if (!lock) return emptyReport(readOutbox(sheet).length, true);
  try {
    const entries = readOutbox(sheet);
    if (!connection) return { ...emptyReport(entries.length, false), lastError: "подключение не настроено" };
    const report = emptyReport(entries.length, false);
    let removed = 0; // rows deleted so far, all above the entry being sent
    let unavailable = 0; // failures in a row that say the server, not the response, is the trouble
    for (const entry of entries) {
      if (outOfTime(services, run)) {
        report.stopped = true;
        break;
      }
      if (unavailable >= UNAVAILABLE_IN_A_ROW) {
        report.serverUnavailable = true;
        break;
      }
      // Queued before the connection was set up: the territory is known only now.
      const envelope =
        entry.envelope.territoryId === ""
          ? { ...entry.envelope, territoryId: connection.territoryId }
          : entry.envelope;
      const result = callApi(services, connection, "post", "/submit", envelope);
      const verdict = verdictOf(result);
      const row = locateRow(sheet, entry.row - removed, entry.text);
      if (verdict.kind === "failed") {
        report.lastError = verdict.reason;
        if (row !== undefined) recordFailure(sheet, row, entry.attempts + 1, verdict.reason);
        unavailable = isRetryable(result) ? unavailable + 1 : 0;
        continue;
      }
      unavailable = 0;
      if (row !== undefined) {
        sheet.deleteRow(row);
        removed += 1;
      }
      report.left -= 1;
      settle(services, spreadsheet, envelope, verdict, report);
    }
    return report;
  } finally {
    lock.releaseLock();
  }
}

function settle(
  services: Services,
  spreadsheet: GasSpreadsheet,
  envelope: SubmissionEnvelope,
  verdict: Exclude<Verdict, { kind: "failed" }>,
  report: ResendReport,
): void {
  switch (verdict.kind) {
    case "accepted":
      report.delivered += 1;
      return;
    case "pending":
      report.pending += 1;
      return;
    case "conflict":
      report.conflicts += 1;
      return;
    case "rejected":
      report.rejected += 1;
      if (!mailRejection(services, spreadsheet, envelope, verdict.errors, true)) report.unmailed += 1;
      return;
  }
}
