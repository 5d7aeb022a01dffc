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

/**
 * Characters one cell holds: Sheets refuses more («Your input contains more than the maximum of 50000 characters
 * in a single cell»; not in Google's documentation, the server keeps to it too, see functions/src/http/submit-route.ts).
 * A longer envelope (an objection with long grounds) goes on in the cells to the right of the envelope column.
 */
export const CELL_CHARS = 50_000;

/**
 * Opens every continuation cell. A piece cut from the middle of the JSON could start with «=» (Sheets would make it
 * a formula) or look like a number or a date (Sheets would convert it); after this mark it is always plain text.
 */
const CONTINUATION_MARK = "…";

/** The envelope's text in cells of at most {@link CELL_CHARS}, from the envelope column rightwards. */
function envelopeCells(text: string): string[] {
  const cells = [text.slice(0, CELL_CHARS)];
  const piece = CELL_CHARS - CONTINUATION_MARK.length;
  for (let start = CELL_CHARS; start < text.length; start += piece)
    cells.push(CONTINUATION_MARK + text.slice(start, start + piece));
  return cells;
}

/** The envelope's text of one row: its envelope cell and the continuation cells after it. */
function envelopeText(cells: readonly unknown[]): unknown {
  const first = cells[ENVELOPE_COLUMN - 1];
  if (typeof first !== "string" || first.length < CELL_CHARS) return first;
  let text = first;
  for (const cell of cells.slice(ENVELOPE_COLUMN)) {
    if (typeof cell !== "string" || !cell.startsWith(CONTINUATION_MARK)) break;
    text += cell.slice(CONTINUATION_MARK.length);
  }
  return text;
}

/** Columns to read for whole envelopes: the sheet's used width, at least up to the envelope column. */
function envelopeWidth(sheet: GasSheet): number {
  return Math.max(sheet.getLastColumn(), ENVELOPE_COLUMN);
}

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
  const values = sheet.getRange(2, 1, last - 1, envelopeWidth(sheet)).getValues();
  const entries: OutboxEntry[] = [];
  values.forEach((cells, i) => {
    const text = envelopeText(cells);
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
  // An envelope of one cell (nearly all) is compared by that cell alone, as before; a longer one by its row.
  const width = text.length < CELL_CHARS ? ENVELOPE_COLUMN : envelopeWidth(sheet);
  if (
    expected >= 2 &&
    expected <= last &&
    envelopeText(sheet.getRange(expected, 1, 1, width).getValues()[0] ?? []) === text
  )
    return expected;
  if (last < 2) return undefined;
  const index = sheet
    .getRange(2, 1, last - 1, width)
    .getValues()
    .findIndex((cells) => envelopeText(cells) === text);
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
  sheet.appendRow([
    queuedAt,
    formTitle,
    envelope.response.id,
    attempts,
    error,
    ...envelopeCells(JSON.stringify(envelope)),
  ]);
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
