// «Досылка ответов»: every form's own responses against what the server holds (POST /receipts), the missing resent.
import { FORMS } from "../../functions/src/catalog/form-catalog.js";
import { callApi, describeFailure } from "./api-client.js";
import { type DeliveryOutcome, deliverSubmission } from "./delivery.js";
import { type EmailCollection, liveEmailCollection } from "./form-access.js";
import type { GasForm, GasFormResponse, GasSpreadsheet, Services } from "./gas-services.js";
import { acquireScriptLock } from "./outbox.js";
import {
  type ConnectionSettings,
  type ReconcileCursor,
  readFormRecord,
  readReconcileCursor,
  writeReconcileCursor,
  writeReconcileDoneAt,
} from "./settings-store.js";
import { buildEnvelope } from "./submission-envelope.js";
import { outOfTime, type RunClock, startRun } from "./time-budget.js";

/** The most responses one `/receipts` request may carry (contract of issue 9; more is a 400). */
export const RECEIPTS_CHUNK = 1000;

/** What one run did; `finished` when the pass over every form is complete. */
export interface ReconcileReport {
  busy: boolean;
  finished: boolean;
  checked: number;
  missing: number;
  delivered: number;
  pending: number;
  conflicts: number;
  rejected: number;
  /** Rejected responses whose letter did not go: no address, or MailApp refused (the day's quota spent). */
  unmailed: number;
  queued: number;
  /** Why the run stopped before the end: the server's answer, or the time budget. */
  stoppedBy?: "time" | "server";
  error?: string;
  /** Forms that could not be opened (deleted by hand): the pass goes on without them. */
  unreadable: string[];
}

function emptyReport(): ReconcileReport {
  return {
    busy: false,
    finished: false,
    checked: 0,
    missing: 0,
    delivered: 0,
    pending: 0,
    conflicts: 0,
    rejected: 0,
    unmailed: 0,
    queued: 0,
    unreadable: [],
  };
}

interface Listed {
  at: number;
  id: string;
  response: GasFormResponse;
}

function isAfter(item: Listed, after: ReconcileCursor["after"]): boolean {
  if (!after) return true;
  return item.at > after.at || (item.at === after.at && item.id > after.id);
}

/** The form's responses in a stable order — time, then id — so a cursor means the same thing next run. */
function listResponses(form: GasForm, after: ReconcileCursor["after"]): Listed[] {
  return form
    .getResponses()
    .map((response) => ({ at: response.getTimestamp().getTime(), id: response.getId(), response }))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((item) => isAfter(item, after));
}

/** `missing` of a `/receipts` answer: the ids the server does not hold, or holds only in an older version. */
function readMissing(body: unknown): Set<string> | undefined {
  const missing = (body as { missing?: unknown } | undefined)?.missing;
  if (!Array.isArray(missing)) return undefined;
  const ids = new Set<string>();
  for (const entry of missing) {
    const id = (entry as { responseId?: unknown } | null)?.responseId;
    if (typeof id === "string") ids.add(id);
  }
  return ids;
}

function saveCursor(services: Services, cursor: ReconcileCursor): void {
  writeReconcileCursor(services.propertiesService.getDocumentProperties(), cursor);
}

type Stop = Pick<ReconcileReport, "stoppedBy" | "error">;

/**
 * One form, from the cursor on: its responses compared in chunks, the missing ones delivered. Moves the cursor
 * as it goes; returns why it stopped early, or undefined when the form is done.
 */
function reconcileForm(
  services: Services,
  spreadsheet: GasSpreadsheet,
  connection: ConnectionSettings,
  run: RunClock,
  cursor: ReconcileCursor,
  report: ReconcileReport,
): Stop | undefined {
  const definition = FORMS[cursor.formIndex];
  const props = services.propertiesService.getDocumentProperties();
  const record = definition ? readFormRecord(props, definition.kind) : undefined;
  if (!definition || !record) return undefined;
  let form: GasForm;
  try {
    form = services.formApp.openById(record.id);
  } catch {
    report.unreadable.push(definition.title);
    return undefined;
  }
  const remaining = listResponses(form, cursor.after);
  let collection: EmailCollection | undefined;
  for (let start = 0; start < remaining.length; start += RECEIPTS_CHUNK) {
    if (outOfTime(services, run)) return { stoppedBy: "time" };
    const chunk = remaining.slice(start, start + RECEIPTS_CHUNK);
    const answer = callApi(services, connection, "post", "/receipts", {
      territoryId: connection.territoryId,
      formId: record.id,
      responses: chunk.map((item) => ({ responseId: item.id, submittedAt: new Date(item.at).toISOString() })),
    });
    const missing = answer.kind === "http" && answer.status === 200 ? readMissing(answer.body) : undefined;
    if (!missing) return { stoppedBy: "server", error: describeFailure(answer) };
    for (const item of chunk) {
      if (missing.has(item.id)) {
        if (outOfTime(services, run)) return { stoppedBy: "time" };
        collection ??= liveEmailCollection(services, form, definition.anonymous);
        report.missing += 1;
        const envelope = buildEnvelope(
          connection.territoryId,
          record,
          item.response,
          spreadsheet.getSpreadsheetLocale(),
          collection,
        );
        const outcome = deliverSubmission(services, spreadsheet, connection, envelope, {
          lockHeld: true,
          // One attempt: a failure waits in «Исходящие» instead of spending the run's budget on pauses.
          policy: { attempts: 1, firstDelayMs: 0 },
        });
        count(report, outcome);
      }
      report.checked += 1;
      cursor.after = { at: item.at, id: item.id };
    }
    saveCursor(services, cursor);
  }
  return undefined;
}

function count(report: ReconcileReport, outcome: DeliveryOutcome): void {
  if (outcome.kind === "accepted") report.delivered += 1;
  else if (outcome.kind === "pending") report.pending += 1;
  else if (outcome.kind === "conflict") report.conflicts += 1;
  else if (outcome.kind === "rejected") {
    report.rejected += 1;
    if (!outcome.mailed) report.unmailed += 1;
  } else report.queued += 1;
}

/**
 * One run of «Досылка ответов». For each form the script built (in the catalog's order), its responses are
 * listed, compared with the server in requests of at most {@link RECEIPTS_CHUNK}, and each missing or outdated
 * one is sent through the normal delivery path (one attempt; a failure goes to «Исходящие»). Runs under the
 * script lock, so it never overlaps the outbox resend. New work starts only within the run's time budget; the
 * place reached is saved after each request, and the next run (the daily trigger, the 10-minute resend trigger
 * or the menu) resumes there. A run cut off between saves repeats a request, and `/receipts` then no longer
 * lists what was already sent: nothing is sent, or mailed, twice.
 */
export function reconcileResponses(
  services: Services,
  spreadsheet: GasSpreadsheet,
  connection: ConnectionSettings,
  run: RunClock = startRun(services),
): ReconcileReport {
  const report = emptyReport();
  const lock = acquireScriptLock(services);
  if (!lock) return { ...report, busy: true };
  try {
    const props = services.propertiesService.getDocumentProperties();
    const cursor: ReconcileCursor = readReconcileCursor(props) ?? { formIndex: 0 };
    while (cursor.formIndex < FORMS.length) {
      const stop = reconcileForm(services, spreadsheet, connection, run, cursor, report);
      if (stop) {
        saveCursor(services, cursor);
        return { ...report, ...stop };
      }
      cursor.formIndex += 1;
      cursor.after = undefined;
      saveCursor(services, cursor);
    }
    writeReconcileCursor(props, undefined);
    writeReconcileDoneAt(props, new Date(services.clock.now()).toISOString());
    return { ...report, finished: true };
  } finally {
    lock.releaseLock();
  }
}

/** Whether a pass was left unfinished (the resend trigger then continues it). */
export function reconcilePending(services: Pick<Services, "propertiesService">): boolean {
  return readReconcileCursor(services.propertiesService.getDocumentProperties()) !== undefined;
}
