// The importer's entry: a file's bytes and the registry → the school-level facts it gives, or every issue that refuses it.
import { createHash } from "node:crypto";
import type { School } from "../contract/dataset.js";
import { cellText } from "./cell-values.js";
import { isF1Header, isF1Title, parseFisOkoF1 } from "./fisoko-f1.js";
import type { GiaMap } from "./gia-map.js";
import { isGiaHeader, parseGiaTable } from "./gia-table.js";
import type { ImportIssue } from "./import-issue.js";
import {
  IMPORT_FORMAT_NAMES,
  type ImportFormat,
  type ImportOutcome,
  IssueCollector,
} from "./import-result.js";
import type { ParseContext, ParsedFile } from "./parsed-file.js";
import { openTableFile, type TableFile } from "./table-file.js";
import { isTemplateSheetName, parseTemplate } from "./template-reader.js";
import type { SheetRow } from "./xlsx-rows.js";
import { ZipError } from "./zip-archive.js";

export interface ImportOptions {
  /** `auto` recognises the three kinds by their sheet names and headers. */
  format: ImportFormat | "auto";
  /** The territory's registry: rows are matched against it. */
  schools: readonly School[];
  /** The column map of a regional ГИА table; without it the usual РЦОИ headers are looked for. */
  map?: GiaMap | undefined;
}

/** How many leading rows `auto` looks at: a Ф1 header sits within the first dozen, a ГИА header on row 1. */
const PEEK_ROWS = 60;

/** The rows again from the start, after some were read ahead to recognise the file. */
async function* replay(
  buffered: readonly SheetRow[],
  rest: AsyncIterator<SheetRow>,
): AsyncGenerator<SheetRow> {
  yield* buffered;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Recognises the kind of file: template sheet names, a Ф1 title or header, a ГИА header. */
async function recognise(
  table: TableFile,
  map: GiaMap | undefined,
): Promise<{ format: ImportFormat | undefined; rows: AsyncGenerator<SheetRow> }> {
  const iterator = table.rows()[Symbol.asyncIterator]();
  if (table.sheets.some(isTemplateSheetName)) return { format: "template", rows: replay([], iterator) };
  const buffered: SheetRow[] = [];
  let format: ImportFormat | undefined;
  while (format === undefined && buffered.length < PEEK_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    buffered.push(next.value);
    const cells = next.value.cells;
    if (isF1Header(cells) || cells.some((c) => isF1Title(cellText(c)))) format = "fisoko-vpr";
    else if (isGiaHeader(cells, map)) format = "gia";
  }
  return { format, rows: replay(buffered, iterator) };
}

const EXPECTED_LAYOUT: Readonly<Record<ImportFormat, string>> = {
  template: "нет листов шаблона (названия листов — названия форм) со столбцами «Школа» и «Учебный год»",
  "fisoko-vpr": "нет строки заголовков со столбцами «Код участника» и «Первичный балл»",
  gia: "нет строки заголовков со столбцом кода ОО и столбцом «Балл» или «Отметка»",
};

function refused(issues: ImportIssue[], more: number, format?: ImportFormat): ImportOutcome {
  return { success: false, error: { code: "refused", ...(format ? { format } : {}), issues, more } };
}

/**
 * Imports one file. Reads it once, streaming (an .xlsx sheet is inflated and scanned row by row), and keeps
 * only school-level sums: no participant's code, name or row leaves the parser. A structural problem
 * (not a table, a broken workbook, an unknown layout, an unreadable task header, a participant twice, a mark
 * outside 2–5, a score above the maximum, an empty file, a date of the wrong year) refuses the whole file with
 * every issue found; rows of schools not in the registry are not an error but are listed with suggestions.
 * Pure apart from hashing; never throws for bad input.
 */
export async function importFile(
  bytes: Uint8Array,
  name: string,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const sheetName = name.replace(/^.*[\\/]/, "");
  const opened = await openTableFile(bytes, name);
  if (!opened.success) {
    const code =
      `file_${opened.error.code === "legacy_xls" ? "legacy_xls" : opened.error.code === "not_table" ? "not_table" : opened.error.code}` as ImportIssue["code"];
    return refused([{ sheet: sheetName, code }], 0);
  }
  const table = opened.data;
  const issues = new IssueCollector();
  let format: ImportFormat | undefined;
  try {
    const recognised =
      options.format === "auto"
        ? await recognise(table, options.map)
        : { format: options.format, rows: table.rows() };
    format = recognised.format;
    if (format === undefined)
      return refused([{ sheet: table.sheets[0] ?? sheetName, code: "layout_unknown" }], 0);
    const ctx: ParseContext = {
      rows: recognised.rows,
      schools: options.schools,
      date1904: table.date1904,
      issues,
    };
    let parsed: ParsedFile | undefined;
    if (format === "template") parsed = await parseTemplate(ctx);
    else if (format === "fisoko-vpr") parsed = await parseFisOkoF1(ctx);
    else parsed = await parseGiaTable(ctx, options.map);
    if (!parsed) {
      // A kind named on the command line that the file is not: say which, rather than «not recognised».
      const list =
        options.format !== "auto" && issues.issues.length === 1 && issues.issues[0]?.code === "layout_unknown"
          ? [
              {
                sheet: issues.issues[0].sheet,
                code: "format_mismatch" as const,
                params: { expected: IMPORT_FORMAT_NAMES[format], reason: EXPECTED_LAYOUT[format] },
              },
            ]
          : issues.issues;
      return refused(list, issues.more, format);
    }
    return {
      success: true,
      data: {
        format,
        file: {
          name: sheetName,
          size: bytes.length,
          sha256: createHash("sha256").update(bytes).digest("hex"),
        },
        rows: parsed.rows,
        procedures: parsed.procedures,
        facts: parsed.facts,
        replaceElements: format !== "template",
        schools: parsed.schools,
        ignoredColumns: parsed.ignoredColumns,
      },
    };
  } catch (error) {
    if (error instanceof ZipError)
      return refused(
        [
          ...issues.issues,
          {
            sheet: sheetName,
            code:
              error.fault === "encrypted"
                ? "file_encrypted"
                : error.fault === "too_large"
                  ? "file_too_large"
                  : "file_broken",
          },
        ],
        issues.more,
        format,
      );
    throw error;
  }
}
