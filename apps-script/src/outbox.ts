// The «Исходящие» tab: responses that could not be delivered yet, one row each, resent by a time-driven trigger.
import type { GasLock, GasSheet, GasSpreadsheet, Services } from "./gas-services.js";
import type { SubmissionEnvelope } from "./submission-envelope.js";

export const OUTBOX_TAB = "Исходящие";

/** Columns of the outbox; the envelope is kept whole, as JSON, in the last one. */
export const OUTBOX_HEADERS = [
  "Поставлено в очередь",
  "Форма",
  "Код ответа",
  "Попыток",
  "Последняя ошибка",
  "Ответ целиком (не изменять)",
] as const;

const ENVELOPE_COLUMN = OUTBOX_HEADERS.length;
const ATTEMPTS_COLUMN = 4;

/** One queued response: its sheet row, the envelope (and its cell text) and how many deliveries were tried. */
export interface OutboxEntry {
  row: number;
  envelope: SubmissionEnvelope;
  text: string;
  attempts: number;
}

/** The outbox tab, created with its header (and a warning on edit) if missing. */
export function ensureOutboxSheet(spreadsheet: GasSpreadsheet): GasSheet {
  const existing = spreadsheet.getSheetByName(OUTBOX_TAB);
  if (existing) return existing;
  const sheet = spreadsheet.insertSheet(OUTBOX_TAB, spreadsheet.getSheets().length);
  sheet
    .getRange(1, 1, 1, OUTBOX_HEADERS.length)
    .setValues([[...OUTBOX_HEADERS]])
    .setFontWeight("bold");
  sheet.setFrozenRows(1);
  // A warning, not a lock: the coordinator may need to delete a row by hand, but should think twice.
  sheet
    .protect()
    .setDescription("ШНОР-Монитор: очередь отправки. Строки удаляются сами после доставки.")
    .setWarningOnly(true);
  return sheet;
}

function sameResponse(a: SubmissionEnvelope, b: SubmissionEnvelope): boolean {
  return a.form.id === b.form.id && a.response.id === b.response.id;
}

/** Every readable entry, top to bottom. A row whose envelope cell was damaged is left alone, never deleted. */
export function readOutbox(sheet: GasSheet): OutboxEntry[] {
  const last = sheet.getLastRow();
  if (last < 2) return [];
  const values = sheet.getRange(2, 1, last - 1, ENVELOPE_COLUMN).getValues();
  const entries: OutboxEntry[] = [];
  values.forEach((cells, i) => {
    const text = cells[ENVELOPE_COLUMN - 1];
    if (typeof text !== "string" || text === "") return;
    try {
      const envelope = JSON.parse(text) as SubmissionEnvelope;
      if (envelope?.format !== "shnor-submission") return;
      const attempts = Number(cells[ATTEMPTS_COLUMN - 1]);
      entries.push({ row: i + 2, envelope, text, attempts: Number.isFinite(attempts) ? attempts : 0 });
    } catch {
      // Left for the coordinator to see; deleting it could lose a school's answers.
    }
  });
  return entries;
}

/**
 * The row that holds this entry now: `expected` when its envelope cell still has the entry's text, else wherever
 * that text is (someone deleted rows by hand); undefined when it is gone. A row is only ever deleted or updated
 * after this check, so a shifted sheet can never make the script drop another school's answer.
 */
export function locateRow(sheet: GasSheet, expected: number, text: string): number | undefined {
  const last = sheet.getLastRow();
  if (
    expected >= 2 &&
    expected <= last &&
    sheet.getRange(expected, ENVELOPE_COLUMN).getValues()[0]?.[0] === text
  )
    return expected;
  if (last < 2) return undefined;
  const index = sheet
    .getRange(2, ENVELOPE_COLUMN, last - 1, 1)
    .getValues()
    .findIndex((cells) => cells[0] === text);
  return index < 0 ? undefined : index + 2;
}

/** Deletes rows bottom-up so the row numbers of the ones still to delete do not move. */
export function deleteRows(sheet: GasSheet, rows: readonly number[]): void {
  for (const row of [...rows].sort((a, b) => b - a)) sheet.deleteRow(row);
}

/** Removes the queued versions of this response (a newer version was delivered or is being queued). */
export function removeSuperseded(sheet: GasSheet, envelope: SubmissionEnvelope): void {
  deleteRows(
    sheet,
    readOutbox(sheet)
      .filter((entry) => sameResponse(entry.envelope, envelope))
      .map((entry) => entry.row),
  );
}

/** Queues a response, replacing an older queued version of the same response. Call under the script lock. */
export function enqueue(
  sheet: GasSheet,
  envelope: SubmissionEnvelope,
  attempts: number,
  error: string,
  queuedAt: Date,
  formTitle: string,
): void {
  removeSuperseded(sheet, envelope);
  appendEntry(sheet, envelope, attempts, error, queuedAt, formTitle);
}

/** Appends a row; safe without the lock, since it moves no existing row. */
export function appendEntry(
  sheet: GasSheet,
  envelope: SubmissionEnvelope,
  attempts: number,
  error: string,
  queuedAt: Date,
  formTitle: string,
): void {
  sheet.appendRow([queuedAt, formTitle, envelope.response.id, attempts, error, JSON.stringify(envelope)]);
}

/** Records another failed attempt on a row that stays queued. */
export function recordFailure(sheet: GasSheet, row: number, attempts: number, error: string): void {
  sheet.getRange(row, ATTEMPTS_COLUMN, 1, 2).setValues([[attempts, error]]);
}

/** Waits up to `waitMs` (30 s by default) for the script lock; undefined when another run holds it that long. */
export function acquireScriptLock(
  services: Pick<Services, "lockService">,
  waitMs = 30_000,
): GasLock | undefined {
  const lock = services.lockService.getScriptLock();
  return lock.tryLock(waitMs) ? lock : undefined;
}
