// Delivering a response to `submit`: retries, the outbox for what could not be sent, the e-mail for what was rejected.
import { findForm } from "../../functions/src/catalog/form-catalog.js";
import {
  type ApiResult,
  callApi,
  callApiWithRetry,
  DEFAULT_RETRY,
  describeFailure,
  type RetryPolicy,
} from "./api-client.js";
import type { GasSpreadsheet, Services } from "./gas-services.js";
import {
  acquireScriptLock,
  appendEntry,
  deleteRows,
  enqueue,
  ensureOutboxSheet,
  OUTBOX_TAB,
  readOutbox,
  recordFailure,
  removeSuperseded,
} from "./outbox.js";
import { type RejectionError, rejectionErrors, rejectionMail } from "./rejection-mail.js";
import type { ConnectionSettings } from "./settings-store.js";
import type { SubmissionEnvelope } from "./submission-envelope.js";

/** What the server said about one delivery. */
export type Verdict =
  | { kind: "accepted"; status: string }
  | { kind: "rejected"; errors: RejectionError[] }
  | { kind: "failed"; reason: string };

/** What became of a response in onFormSubmit. */
export type DeliveryOutcome =
  | { kind: "accepted"; status: string; attempts: number }
  | { kind: "rejected"; errors: RejectionError[]; mailed: boolean }
  | { kind: "queued"; reason: string; attempts: number };

/**
 * 200 is delivered (`accepted`, `duplicate` or `updated`); 422, and 403 for a respondent whose address does not
 * belong to the school, are final rejections the school must fix; everything else (no answer, 401, 403 for the
 * script's own account, 429, 5xx, 400) stays to be sent again: nothing a school sent is dropped on our side.
 */
export function verdictOf(result: ApiResult): Verdict {
  if (result.kind === "http" && result.status === 200) {
    const status = (result.body as { status?: unknown } | undefined)?.status;
    return { kind: "accepted", status: typeof status === "string" ? status : "accepted" };
  }
  const code = result.kind === "http" ? (result.body as { code?: unknown } | undefined)?.code : undefined;
  if (result.kind === "http" && (result.status === 422 || code === "respondent_not_allowed")) {
    return { kind: "rejected", errors: rejectionErrors(result.body, describeFailure(result)) };
  }
  return { kind: "failed", reason: describeFailure(result) };
}

function formTitle(envelope: SubmissionEnvelope): string {
  return findForm(envelope.form.kind)?.title ?? envelope.form.kind;
}

/** Sends the letter for a rejected response; false when there is no address or mail failed (quota). */
export function mailRejection(
  services: Pick<Services, "mailApp" | "utilities">,
  spreadsheet: GasSpreadsheet,
  envelope: SubmissionEnvelope,
  errors: readonly RejectionError[],
): boolean {
  const when = services.utilities.formatDate(
    new Date(envelope.response.submittedAt),
    spreadsheet.getSpreadsheetTimeZone(),
    "dd.MM.yyyy HH:mm",
  );
  const mail = rejectionMail(envelope, errors, when);
  if (!mail) return false;
  try {
    services.mailApp.sendEmail(mail);
    return true;
  } catch (error) {
    // The rejection is stored on the server and shown on «Ошибки»; a lost letter is not a lost response.
    console.error(`Письмо о непринятой анкете не отправлено (${mail.to}): ${String(error)}`);
    return false;
  }
}

/**
 * Delivers one response: up to `policy.attempts` calls with exponential backoff. Delivered or rejected, the
 * older queued versions of the same response are dropped; otherwise it is queued on «Исходящие» (replacing an
 * older queued version) for the trigger to resend. Without a saved connection it is queued straight away.
 */
export function deliverSubmission(
  services: Services,
  spreadsheet: GasSpreadsheet,
  connection: ConnectionSettings | undefined,
  envelope: SubmissionEnvelope,
  policy: RetryPolicy = DEFAULT_RETRY,
): DeliveryOutcome {
  if (!connection) {
    const reason = "подключение не настроено (меню «ШНОР-Монитор» → «Настройка подключения»)";
    queue(services, spreadsheet, envelope, 0, reason);
    return { kind: "queued", reason, attempts: 0 };
  }
  const { result, attempts } = callApiWithRetry(services, connection, "post", "/submit", envelope, policy);
  const verdict = verdictOf(result);
  switch (verdict.kind) {
    case "accepted":
      dropSuperseded(services, spreadsheet, envelope);
      return { kind: "accepted", status: verdict.status, attempts };
    case "rejected": {
      dropSuperseded(services, spreadsheet, envelope);
      const mailed = mailRejection(services, spreadsheet, envelope, verdict.errors);
      return { kind: "rejected", errors: verdict.errors, mailed };
    }
    case "failed":
      queue(services, spreadsheet, envelope, attempts, verdict.reason);
      return { kind: "queued", reason: verdict.reason, attempts };
  }
}

function dropSuperseded(services: Services, spreadsheet: GasSpreadsheet, envelope: SubmissionEnvelope): void {
  const sheet = spreadsheet.getSheetByName(OUTBOX_TAB);
  if (!sheet) return;
  const lock = acquireScriptLock(services);
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
): void {
  const lock = acquireScriptLock(services);
  const sheet = ensureOutboxSheet(spreadsheet);
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

/** What one resend run did. `busy`: another run held the lock, nothing was touched. */
export interface ResendReport {
  delivered: number;
  rejected: number;
  left: number;
  busy: boolean;
  lastError?: string;
}

/** At most this many per run keeps a run far below the 6-minute limit of a trigger. */
const MAX_PER_RUN = 50;

/**
 * Sends every queued response once, in order, under the script lock, so two runs (the 10-minute trigger and
 * the menu) never send the same row: a delivered or rejected row is deleted before the lock is released.
 */
export function resendOutbox(
  services: Services,
  spreadsheet: GasSpreadsheet,
  connection: ConnectionSettings | undefined,
): ResendReport {
  const sheet = spreadsheet.getSheetByName(OUTBOX_TAB);
  if (!sheet) return { delivered: 0, rejected: 0, left: 0, busy: false };
  const lock = acquireScriptLock(services);
  if (!lock) return { delivered: 0, rejected: 0, left: readOutbox(sheet).length, busy: true };
  try {
    const entries = readOutbox(sheet);
    if (!connection) {
      return {
        delivered: 0,
        rejected: 0,
        left: entries.length,
        busy: false,
        lastError: "подключение не настроено",
      };
    }
    const done: number[] = [];
    let delivered = 0;
    let rejected = 0;
    let lastError: string | undefined;
    for (const entry of entries.slice(0, MAX_PER_RUN)) {
      // Queued before the connection was set up: the territory is known only now.
      const envelope =
        entry.envelope.territoryId === ""
          ? { ...entry.envelope, territoryId: connection.territoryId }
          : entry.envelope;
      const verdict = verdictOf(callApi(services, connection, "post", "/submit", envelope));
      if (verdict.kind === "failed") {
        lastError = verdict.reason;
        recordFailure(sheet, entry.row, entry.attempts + 1, verdict.reason);
        continue;
      }
      done.push(entry.row);
      if (verdict.kind === "accepted") delivered += 1;
      else {
        rejected += 1;
        mailRejection(services, spreadsheet, envelope, verdict.errors);
      }
    }
    deleteRows(sheet, done);
    const report: ResendReport = { delivered, rejected, left: entries.length - done.length, busy: false };
    if (lastError !== undefined) report.lastError = lastError;
    return report;
  } finally {
    lock.releaseLock();
  }
}
