// What kind of file came in (xlsx, csv, or something the importer refuses) and its rows through one interface.

import type { Result } from "../contract/result.js";
import { csvRows } from "./csv-rows.js";
import { openXlsx, type SheetRow } from "./xlsx-rows.js";
import { ZipError } from "./zip-archive.js";

/** A file's rows, sheet by sheet, with what a format needs to read its cells. */
export interface TableFile {
  kind: "xlsx" | "csv";
  sheets: string[];
  date1904: boolean;
  rows(): AsyncGenerator<SheetRow>;
}

/** Why a file is not a table at all; each becomes one Russian issue. */
export type TableFault = "empty" | "legacy_xls" | "not_table" | "broken" | "encrypted" | "too_large";

export type TableOpenResult = Result<TableFile, { code: TableFault; detail: string }>;

const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/** A text file: no NUL bytes in its first KiB (binary formats have plenty). */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, Math.min(bytes.length, 1024));
  return !head.includes(0);
}

/**
 * Opens a file by its content, never its name: `PK` → .xlsx; the OLE signature → the old binary .xls or a
 * password-protected workbook (both are OLE containers), refused with the advice to save as .xlsx; other text →
 * CSV; anything else → not a table. Never throws.
 */
export async function openTableFile(bytes: Uint8Array, name: string): Promise<TableOpenResult> {
  if (
    bytes.length === 0 ||
    (looksLikeText(bytes) && new TextDecoder().decode(bytes.subarray(0, 4096)).trim() === "")
  )
    return { success: false, error: { code: "empty", detail: "" } };
  if (OLE.every((b, i) => bytes[i] === b))
    return { success: false, error: { code: "legacy_xls", detail: "" } };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    try {
      const workbook = await openXlsx(bytes);
      return {
        success: true,
        data: {
          kind: "xlsx",
          sheets: workbook.sheets,
          date1904: workbook.date1904,
          rows: () => workbook.rows(),
        },
      };
    } catch (error) {
      if (error instanceof ZipError)
        return {
          success: false,
          error: {
            code: error.fault === "encrypted" || error.fault === "too_large" ? error.fault : "broken",
            detail: error.message,
          },
        };
      throw error;
    }
  }
  if (!looksLikeText(bytes)) return { success: false, error: { code: "not_table", detail: "" } };
  const sheet = name.replace(/^.*[\\/]/, "");
  return {
    success: true,
    data: { kind: "csv", sheets: [sheet], date1904: false, rows: () => csvRows(bytes, sheet) },
  };
}
