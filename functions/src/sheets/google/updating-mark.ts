// The «обновляется…» mark: cell A1 of a tab written in several requests says so until the tab's last request lands.
import type { HexColour } from "../workbook-model.js";
import { type CellData, type RowData, sheetsColour } from "./batch-requests.js";

/** The words a coordinator sees in A1 while a tab is half written. */
export const UPDATING_MARK = "обновляется…";

/**
 * The note on the marked cell: what the mark means and what happens if it stays. A1 is the cell always in
 * view (frozen header row and first column), and marking it moves nothing: nothing reads output tabs by a
 * cell (Apps Script finds tabs by name and reads only input tabs; the server never reads cells back).
 */
export const UPDATING_NOTE =
  "ШНОР-Монитор записывает этот лист по частям: пока видна надпись «обновляется…», часть строк может быть " +
  "пустой или от прежнего расчёта. Надпись исчезнет, когда запишется последняя часть. Если она не исчезла " +
  "за несколько минут, запись прервалась: лист будет записан заново при следующей публикации (в течение " +
  "минуты или по команде «Пересчитать»).";

/** Light orange of the Google Sheets palette: unlike any fill of the results, so the mark stands out. */
export const UPDATING_FILL: HexColour = "#F9CB9C";

/** `обновляется… — Школа`: the mark, then the header it stands in for. */
export function updatingText(header: string): string {
  return header === "" ? UPDATING_MARK : `${UPDATING_MARK} — ${header}`;
}

/** True when a cell's text is the mark (the tab was left half written). */
export function isUpdatingMark(text: unknown): boolean {
  return typeof text === "string" && text.startsWith(UPDATING_MARK);
}

/** The header row with A1 replaced by the mark: bold on the warning colour, with {@link UPDATING_NOTE}. */
export function markedHeaderRow(header: RowData): RowData {
  const [first, ...rest] = header.values ?? [];
  const mark: CellData = {
    userEnteredValue: { stringValue: updatingText(first?.userEnteredValue?.stringValue ?? "") },
    userEnteredFormat: {
      textFormat: { bold: true },
      backgroundColor: sheetsColour(UPDATING_FILL),
      wrapStrategy: "WRAP",
      verticalAlignment: "MIDDLE",
    },
    note: UPDATING_NOTE,
  };
  return { values: [mark, ...rest] };
}
