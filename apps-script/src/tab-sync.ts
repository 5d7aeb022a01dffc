// «Синхронизировать данные»: the input tabs as displayed → `/sync`; the row errors come back as marked cells with notes.
import { INPUT_TAB_NAMES } from "../../functions/src/sheets/workbook-model.js";
import { callApiWithRetry, describeFailure } from "./api-client.js";
import type { GasSpreadsheet, Services } from "./gas-services.js";
import { type ConnectionSettings, readSyncMarks, type SyncMark, writeSyncMarks } from "./settings-store.js";
import { normalizeHeader } from "./sheet-preparation.js";

/** One problem the server found in a cell (`row` 1-based, the header is row 1; `column` its Russian header). */
export interface SyncError {
  tab: string;
  row: number;
  column: string;
  message: string;
}

export type SyncResult =
  | { success: true; data: { errors: SyncError[]; marked: number } }
  | { success: false; error: { code: "request_failed"; message: string } };

/** The colour of a cell the server could not read. */
export const ERROR_BACKGROUND = "#f4c7c3";
/** Notes the script writes start with this, so it only ever clears its own. */
export const ERROR_NOTE_PREFIX = "ШНОР-Монитор: ";
/** More marks than this would not fit in a document property; the list in the message still names them all. */
const MAX_MARKS = 200;

/** Each input tab present in the spreadsheet, exactly as displayed (header first), trailing blank rows dropped. */
export function readInputTabs(spreadsheet: GasSpreadsheet): Record<string, string[][]> {
  const tabs: Record<string, string[][]> = {};
  for (const name of INPUT_TAB_NAMES) {
    const sheet = spreadsheet.getSheetByName(name);
    if (!sheet) continue;
    const rows = sheet.getDataRange().getDisplayValues();
    while (rows.length > 1 && (rows[rows.length - 1] ?? []).every((cell) => cell.trim() === "")) rows.pop();
    tabs[name] = rows;
  }
  return tabs;
}

function readErrors(body: unknown): SyncError[] {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (e): e is SyncError =>
      e !== null &&
      typeof e === "object" &&
      typeof (e as SyncError).tab === "string" &&
      typeof (e as SyncError).row === "number" &&
      typeof (e as SyncError).message === "string",
  );
}

function clearMarks(spreadsheet: GasSpreadsheet, marks: readonly SyncMark[]): void {
  for (const mark of marks) {
    const sheet = spreadsheet.getSheetByName(mark.tab);
    if (!sheet) continue;
    const cell = sheet.getRange(mark.row, mark.column);
    // The coordinator may have written their own note since; only ours is removed.
    if (cell.getNote().startsWith(ERROR_NOTE_PREFIX)) cell.setNote(null);
    cell.setBackground(null);
  }
}

/**
 * Marks each error's cell red with the message as its note. Header-row errors (a missing column) are not
 * marked: the header cells carry the column's own note.
 */
function markErrors(spreadsheet: GasSpreadsheet, errors: readonly SyncError[]): SyncMark[] {
  const marks: SyncMark[] = [];
  const notes = new Map<string, { mark: SyncMark; lines: string[] }>();
  for (const error of errors) {
    if (error.row < 2 || marks.length >= MAX_MARKS) continue;
    const sheet = spreadsheet.getSheetByName(error.tab);
    if (!sheet) continue;
    const header = sheet.getRange(1, 1, 1, Math.max(sheet.getLastColumn(), 1)).getDisplayValues()[0] ?? [];
    const index = header.map(normalizeHeader).indexOf(normalizeHeader(error.column ?? ""));
    const mark = { tab: error.tab, row: error.row, column: index < 0 ? 1 : index + 1 };
    const id = `${mark.tab}!${mark.row}:${mark.column}`;
    const existing = notes.get(id);
    if (existing) existing.lines.push(error.message);
    else {
      notes.set(id, { mark, lines: [error.message] });
      marks.push(mark);
    }
  }
  for (const { mark, lines } of notes.values()) {
    const sheet = spreadsheet.getSheetByName(mark.tab);
    sheet
      ?.getRange(mark.row, mark.column)
      .setBackground(ERROR_BACKGROUND)
      .setNote(ERROR_NOTE_PREFIX + lines.join("\n"));
  }
  return marks;
}

/**
 * Pushes the input tabs to `/sync`. On an answer, the marks of the previous sync are cleared and the new
 * errors marked; on a failure nothing in the sheet changes.
 */
export function syncTabs(
  services: Services,
  spreadsheet: GasSpreadsheet,
  connection: ConnectionSettings,
): SyncResult {
  const tabs = readInputTabs(spreadsheet);
  const { result } = callApiWithRetry(services, connection, "post", "/sync", {
    territoryId: connection.territoryId,
    tabs,
  });
  if (result.kind !== "http" || result.status !== 200) {
    return { success: false, error: { code: "request_failed", message: describeFailure(result) } };
  }
  const props = services.propertiesService.getDocumentProperties();
  clearMarks(spreadsheet, readSyncMarks(props));
  const errors = readErrors(result.body);
  const marks = markErrors(spreadsheet, errors);
  writeSyncMarks(props, marks);
  return { success: true, data: { errors, marked: marks.length } };
}
