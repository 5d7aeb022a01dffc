// «Синхронизировать данные»: the input tabs as displayed → `/sync`; the row errors come back as marked cells with notes.
import { INPUT_TAB_NAMES } from "../../functions/src/contract/tab-names.js";
import { callApiWithRetry, describeFailure } from "./api-client.js";
import type { GasSpreadsheet, Services } from "./gas-services.js";
import { type ConnectionSettings, forgetLegacySyncMarks } from "./settings-store.js";
import { normalizeHeader } from "./sheet-preparation.js";

/** One problem the server found in a cell (`row` 1-based, the header is row 1; `column` its Russian header). */
export interface SyncError {
  tab: string;
  row: number;
  column: string;
  message: string;
}

export type SyncResult =
  | { success: true; data: { errors: SyncError[]; marked: number; missing: string[] } }
  | { success: false; error: { code: "request_failed"; message: string } };

/** The colour of a cell the server could not read. */
export const ERROR_BACKGROUND = "#f4c7c3";
/** Notes the script writes start with this, so it only ever clears its own. */
export const ERROR_NOTE_PREFIX = "ШНОР-Монитор: ";

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

function isMark(note: string | undefined): boolean {
  return typeof note === "string" && note.startsWith(ERROR_NOTE_PREFIX);
}

/**
 * Clears the marks of the previous sync on every input tab: the cells whose note is ours lose the note and the
 * red. The marks are found on the sheet itself — no list of them is kept anywhere, so there is no size limit,
 * and a mark whose row was moved or sorted since is still found. One read and one write per tab.
 */
function clearMarks(spreadsheet: GasSpreadsheet): void {
  for (const name of INPUT_TAB_NAMES) {
    const sheet = spreadsheet.getSheetByName(name);
    // Marks may sit on rows emptied since, below the last row with values: the whole grid is read.
    if (!sheet || sheet.getMaxRows() < 2) continue;
    const width = Math.max(sheet.getMaxColumns(), 1);
    const notes = sheet.getRange(2, 1, sheet.getMaxRows() - 1, width).getNotes();
    const marked = notes.flatMap((row, i) => (row.some(isMark) ? [i] : []));
    const first = marked[0];
    const last = marked[marked.length - 1];
    if (first === undefined || last === undefined) continue;
    // Only the band of rows holding marks is rewritten.
    const band = notes.slice(first, last + 1);
    const range = sheet.getRange(2 + first, 1, band.length, width);
    const backgrounds = range.getBackgrounds();
    range.setNotes(band.map((row) => row.map((note) => (isMark(note) ? null : note))));
    range.setBackgrounds(
      backgrounds.map((row, r) => row.map((color, c) => (isMark(band[r]?.[c]) ? null : color))),
    );
  }
}

interface Mark {
  row: number;
  column: number;
  lines: string[];
}

/**
 * Marks each error's cell red with the message as its note; several errors of one cell share the note.
 * Header-row errors (a missing column) are not marked: the header cells carry the column's own note. Per tab:
 * one header read, one read and one write of the marked rows. Returns how many cells were marked.
 */
function markErrors(spreadsheet: GasSpreadsheet, errors: readonly SyncError[]): number {
  const byTab = new Map<string, SyncError[]>();
  for (const error of errors) {
    if (error.row < 2) continue;
    byTab.set(error.tab, [...(byTab.get(error.tab) ?? []), error]);
  }
  let marked = 0;
  for (const [tab, tabErrors] of byTab) {
    const sheet = spreadsheet.getSheetByName(tab);
    if (!sheet) continue;
    const header = (
      sheet.getRange(1, 1, 1, Math.max(sheet.getLastColumn(), 1)).getDisplayValues()[0] ?? []
    ).map(normalizeHeader);
    const marks = new Map<string, Mark>();
    for (const error of tabErrors) {
      const index = header.indexOf(normalizeHeader(error.column ?? ""));
      const column = index < 0 ? 1 : index + 1;
      const id = `${error.row}:${column}`;
      const mark = marks.get(id);
      if (mark) mark.lines.push(error.message);
      else marks.set(id, { row: error.row, column, lines: [error.message] });
    }
    const list = [...marks.values()];
    const top = Math.min(...list.map((m) => m.row));
    const height = Math.max(...list.map((m) => m.row)) - top + 1;
    const width = Math.max(...list.map((m) => m.column));
    const range = sheet.getRange(top, 1, height, width);
    const notes: (string | null)[][] = range.getNotes();
    const backgrounds: (string | null)[][] = range.getBackgrounds();
    for (const mark of list) {
      const notesRow = notes[mark.row - top];
      const colorsRow = backgrounds[mark.row - top];
      if (!notesRow || !colorsRow) continue;
      notesRow[mark.column - 1] = ERROR_NOTE_PREFIX + mark.lines.join("\n");
      colorsRow[mark.column - 1] = ERROR_BACKGROUND;
    }
    range.setNotes(notes);
    range.setBackgrounds(backgrounds);
    marked += list.length;
  }
  return marked;
}

/**
 * Pushes the input tabs to `/sync`. On an answer, the marks of the previous sync are cleared and every new
 * error marked (no cap: 2,000 rows with errors are 2,000 marked cells); on a failure nothing in the sheet changes.
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
  forgetLegacySyncMarks(services.propertiesService.getDocumentProperties());
  clearMarks(spreadsheet);
  const errors = readErrors(result.body);
  const marked = markErrors(spreadsheet, errors);
  // a tab renamed or deleted is simply not sent, and the server keeps what it had: the coordinator must hear of it
  const missing = INPUT_TAB_NAMES.filter((name) => !(name in tabs));
  return { success: true, data: { errors, marked, missing } };
}
