// Workbook model → the Sheets `batchUpdate` requests of one tab (pure: no I/O); publish-plan.ts orders and splits them.
import type { sheets_v4 } from "@googleapis/sheets";
import {
  type CellValue,
  type Column,
  chartDataRanges,
  columnWidthPixels,
  FORMAT_PATTERNS,
  fillsByValue,
  HEADER_FILL,
  type HexColour,
  hexToRgb,
  isoDateToSerial,
  layoutTab,
  type Tab,
  type TableLayout,
} from "../workbook-model.js";

export type Request = sheets_v4.Schema$Request;
export type CellData = sheets_v4.Schema$CellData;
export type RowData = sheets_v4.Schema$RowData;

/** What the single `spreadsheets.get` told us about one existing tab. */
export interface ExistingSheet {
  sheetId: number;
  title: string;
  /** Protected ranges covering the whole tab (the writer's own protection, or a coordinator's). */
  protectsWholeSheet: boolean;
  chartIds: number[];
  /** Conditional-format rules on the tab (the writer's colour rules of the previous publish). */
  conditionalRuleCount: number;
}

/** Shown on the protection of output tabs (the coordinator sees it when trying to edit). */
export const PROTECTION_DESCRIPTION =
  "ШНОР-Монитор: лист заполняется автоматически при каждом пересчёте. Исправляйте данные на листах ввода и в формах.";

/**
 * Fields asked from `spreadsheets.get`: only what the publish needs, never cell data. Each conditional-format
 * rule is listed by its ranges only, enough to count them.
 */
export const SPREADSHEET_FIELDS =
  "sheets(properties(sheetId,title),protectedRanges(protectedRangeId,range,description),charts(chartId),conditionalFormats(ranges))";

/** Size of the scatter chart; the grid keeps this many columns right of the anchor so the chart fits. */
const CHART_WIDTH_PX = 640;
const CHART_HEIGHT_PX = 400;
const CHART_SPARE_COLUMNS = 8;
const CHART_SPARE_ROWS = 22;

/** The fields every cell write sets: a cell the rows leave out is cleared (value, format and note). */
export const CELL_FIELDS = "userEnteredValue,userEnteredFormat,note";

/**
 * Sheet id picked for a tab created by a publish: FNV-1a hash of its name as a positive int32, moved on
 * while taken. Stable across publishes, and known before the batch runs, so later requests can reference
 * the new tab.
 */
export function stableSheetId(title: string, taken: ReadonlySet<number>): number {
  let hash = 0x811c9dc5;
  for (const char of title) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  // Keep clear of 0, the id of a spreadsheet's first tab.
  let id = ((hash >>> 0) % 0x7ffffffe) + 1;
  while (taken.has(id)) id = (id % 0x7ffffffe) + 1;
  return id;
}

/** A table of a tab (main or section) with where it sits. */
interface PlacedTable {
  title?: string;
  columns: Column[];
  rows: CellValue[][];
  rowFills?: (HexColour | null)[];
  fillColumn?: string;
  layout: TableLayout;
}

function tablesOf(tab: Tab): PlacedTable[] {
  const layout = layoutTab(tab);
  const tables: PlacedTable[] = [];
  const main = layout[0];
  if (main) tables.push({ ...tab, layout: main });
  for (const section of tab.sections ?? []) {
    const placed = layout.find((l) => l.section === section.key);
    if (placed) tables.push({ ...section, layout: placed });
  }
  return tables;
}

/** Rows the tab's grid needs: the last table row, and room for frozen panes. */
function lastRowOf(tab: Tab): number {
  return Math.max(...layoutTab(tab).map((l) => l.firstDataRow + l.rowCount));
}

/**
 * The tab's cells as one `RowData` per grid row from row 0 (the main table's header) to its last table row:
 * section titles bold, headers bold on grey with their notes, values typed (see `valueCell`). Blank rows
 * are `{}`. This is the bulk of a publish; it does not depend on the sheet id, so it is built once.
 */
export function tabRows(tab: Tab): RowData[] {
  const rows: RowData[] = Array.from({ length: lastRowOf(tab) }, () => ({}));
  for (const table of tablesOf(tab)) {
    const { layout } = table;
    if (layout.titleRow !== undefined && table.title !== undefined) {
      rows[layout.titleRow] = {
        values: [
          {
            userEnteredValue: { stringValue: table.title },
            userEnteredFormat: { textFormat: { bold: true } },
          },
        ],
      };
    }
    rows[layout.headerRow] = { values: table.columns.map(headerCell) };
    table.rows.forEach((row, i) => {
      rows[layout.firstDataRow + i] = { values: row.map((value, c) => valueCell(value, table.columns[c])) };
    });
  }
  return rows;
}

function headerCell(column: Column): CellData {
  return {
    userEnteredValue: { stringValue: column.header },
    userEnteredFormat: {
      textFormat: { bold: true },
      backgroundColor: sheetsColour(HEADER_FILL),
      wrapStrategy: "WRAP",
      verticalAlignment: "MIDDLE",
    },
    ...(column.note === undefined ? {} : { note: column.note }),
  };
}

/**
 * A typed cell: numbers as numbers (the column format shows them), booleans as «Да»/«Нет» (what
 * coordinators type and `sync` reads back), ISO dates in date columns as date serials, text always as
 * a string value — never a formula, whatever a school typed into a name.
 */
export function valueCell(value: CellValue, column: Column | undefined): CellData {
  if (value === null) return {};
  if (typeof value === "number")
    return Number.isFinite(value) ? { userEnteredValue: { numberValue: value } } : {};
  if (typeof value === "boolean") return { userEnteredValue: { stringValue: value ? "Да" : "Нет" } };
  if (column?.format === "date") {
    const serial = isoDateToSerial(value);
    if (serial !== undefined) return { userEnteredValue: { numberValue: serial } };
  }
  return { userEnteredValue: { stringValue: value } };
}

/**
 * The exact grid of the tab: rows of an earlier, longer list disappear, a longer list fits; frozen header
 * and first column as the model says; room right of and below a chart's anchor.
 */
export function gridRequest(tab: Tab, sheetId: number): Request {
  const frozenRows = tab.frozenRows;
  const frozenColumns = tab.frozenColumns ?? 0;
  let rowCount = Math.max(lastRowOf(tab), frozenRows + 1);
  let columnCount = Math.max(1, ...layoutTab(tab).map((l) => l.columnCount), frozenColumns + 1);
  for (const chart of tab.charts ?? []) {
    rowCount = Math.max(rowCount, chart.anchor.row + CHART_SPARE_ROWS);
    columnCount = Math.max(columnCount, chart.anchor.column + CHART_SPARE_COLUMNS);
  }
  return {
    updateSheetProperties: {
      properties: {
        sheetId,
        gridProperties: {
          rowCount,
          columnCount,
          frozenRowCount: frozenRows,
          frozenColumnCount: frozenColumns,
        },
      },
      fields: "gridProperties(rowCount,columnCount,frozenRowCount,frozenColumnCount)",
    },
  };
}

/** Protects a whole output tab; only the service account (and the owner) may edit it. */
export function protectionRequest(sheetId: number, editorEmail: string | undefined): Request {
  return {
    addProtectedRange: {
      protectedRange: {
        range: { sheetId },
        description: PROTECTION_DESCRIPTION,
        warningOnly: false,
        ...(editorEmail === undefined ? {} : { editors: { users: [editorEmail] } }),
      },
    },
  };
}

/**
 * What follows the cells, in this order: the previous publish's colour rules and charts removed (rules from
 * the last index down, so the indices stay valid), number formats and wrapping per column, fills per run of
 * equally coloured rows where they do not follow a column, one conditional-format rule per coloured value
 * where they do, column widths, the filter, the charts. Sent after the last row: a cell write resets the
 * formats of the cells it writes.
 */
export function finishRequests(tab: Tab, sheetId: number, existing: ExistingSheet | undefined): Request[] {
  const requests: Request[] = [];
  for (let index = (existing?.conditionalRuleCount ?? 0) - 1; index >= 0; index--) {
    requests.push({ deleteConditionalFormatRule: { sheetId, index } });
  }
  for (const chartId of existing?.chartIds ?? []) {
    requests.push({ deleteEmbeddedObject: { objectId: chartId } });
  }
  const tables = tablesOf(tab);
  const fills: Request[] = [];
  for (const table of tables) {
    requests.push(...formatRequests(table, sheetId));
    const ruleCount = fills.filter((r) => r.addConditionalFormatRule).length;
    fills.push(...fillRequests(table, sheetId, ruleCount));
  }
  requests.push(...fills, ...widthRequests(tables, sheetId));
  const main = tables[0]?.layout;
  if (tab.autoFilter === true && main) {
    requests.push({
      setBasicFilter: {
        filter: {
          range: {
            sheetId,
            startRowIndex: main.headerRow,
            endRowIndex: main.firstDataRow + main.rowCount,
            startColumnIndex: 0,
            endColumnIndex: main.columnCount,
          },
        },
      },
    });
  }
  requests.push(...chartRequestsOf(tab, sheetId));
  return requests;
}

function dataRows(layout: TableLayout) {
  return { startRowIndex: layout.firstDataRow, endRowIndex: layout.firstDataRow + layout.rowCount };
}

/** Number format and wrapping per column: one request per column, whatever the number of rows. */
function formatRequests(table: PlacedTable, sheetId: number): Request[] {
  const { layout } = table;
  if (layout.rowCount === 0) return [];
  const requests: Request[] = [];
  table.columns.forEach((column, c) => {
    const numberFormat = FORMAT_PATTERNS[column.format].sheets;
    if (numberFormat === null && column.wrap !== true) return;
    const fields: string[] = [];
    const format: sheets_v4.Schema$CellFormat = {};
    if (numberFormat !== null) {
      format.numberFormat = { type: numberFormat.type, pattern: numberFormat.pattern };
      fields.push("userEnteredFormat.numberFormat");
    }
    if (column.wrap === true) {
      format.wrapStrategy = "WRAP";
      fields.push("userEnteredFormat.wrapStrategy");
    }
    requests.push({
      repeatCell: {
        range: { sheetId, ...dataRows(layout), startColumnIndex: c, endColumnIndex: c + 1 },
        cell: { userEnteredFormat: format },
        fields: fields.join(","),
      },
    });
  });
  return requests;
}

/**
 * Row colours. Where the fills follow a column's text (`fillColumn`), one conditional-format rule per
 * coloured value colours every row whose cell in that column equals it: a handful of requests for
 * thousands of schools, and the colour stays with the row when a coordinator sorts a filter view.
 * Otherwise one fill per run of equally coloured rows (short tables: roadmap sections).
 */
function fillRequests(table: PlacedTable, sheetId: number, firstRuleIndex: number): Request[] {
  const { layout } = table;
  if (layout.rowCount === 0) return [];
  const byValue = fillsByValue(table);
  if (byValue !== undefined) {
    const column = table.columns.findIndex((c) => c.key === table.fillColumn);
    return byValue.map(({ value, fill }, i) => ({
      addConditionalFormatRule: {
        index: firstRuleIndex + i,
        rule: {
          ranges: [{ sheetId, ...dataRows(layout), startColumnIndex: 0, endColumnIndex: layout.columnCount }],
          booleanRule: {
            condition: {
              type: "CUSTOM_FORMULA",
              values: [{ userEnteredValue: equalsFormula(column, layout.firstDataRow, value) }],
            },
            format: { backgroundColor: sheetsColour(fill) },
          },
        },
      },
    }));
  }
  const requests: Request[] = [];
  const fills = table.rowFills ?? [];
  for (let start = 0; start < fills.length; ) {
    const colour = fills[start] ?? null;
    let end = start + 1;
    while (end < fills.length && (fills[end] ?? null) === colour) end++;
    if (colour !== null) {
      requests.push({
        repeatCell: {
          range: {
            sheetId,
            startRowIndex: layout.firstDataRow + start,
            endRowIndex: layout.firstDataRow + end,
            startColumnIndex: 0,
            endColumnIndex: layout.columnCount,
          },
          cell: { userEnteredFormat: { backgroundColor: sheetsColour(colour) } },
          fields: "userEnteredFormat.backgroundColor",
        },
      });
    }
    start = end;
  }
  return requests;
}

/** `8` → `I` (0-based column index to letters). */
export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * `=$I2="ШНОР, ШНСУ"`: true on the rows whose cell in `column` holds `value` (relative row, absolute
 * column, as a rule's formula is read from the first cell of its range). Only `=` and a string literal:
 * a formula with function arguments would need `,` or `;` depending on the spreadsheet's locale (Russian
 * sheets use `;`), see https://github.com/googleapis/google-api-nodejs-client/issues/1994. Google Sheets
 * compares text ignoring letter case, which `fillsByValue` takes into account.
 */
export function equalsFormula(column: number, firstDataRow: number, value: string): string {
  return `=$${columnLetters(column)}${firstDataRow + 1}="${value.replaceAll('"', '""')}"`;
}

/** One width per column index: the widest any table of the tab asks for there. */
function widthRequests(tables: readonly PlacedTable[], sheetId: number): Request[] {
  const widths: number[] = [];
  for (const table of tables) {
    table.columns.forEach((column, c) => {
      if (column.width !== undefined) widths[c] = Math.max(widths[c] ?? 0, column.width);
    });
  }
  const requests: Request[] = [];
  widths.forEach((width, c) => {
    requests.push({
      updateDimensionProperties: {
        range: { sheetId, dimension: "COLUMNS", startIndex: c, endIndex: c + 1 },
        properties: { pixelSize: columnWidthPixels(width) },
        fields: "pixelSize",
      },
    });
  });
  return requests;
}

/** The model's scatter charts; one with no data rows is left out (Sheets rejects empty source ranges). */
function chartRequestsOf(tab: Tab, sheetId: number): Request[] {
  const requests: Request[] = [];
  for (const chart of tab.charts ?? []) {
    const ranges = chartDataRanges(tab, chart);
    if (!ranges || ranges.x.endRowIndex <= ranges.x.startRowIndex) continue;
    requests.push({
      addChart: {
        chart: {
          spec: {
            title: chart.title,
            basicChart: {
              chartType: "SCATTER",
              legendPosition: "NO_LEGEND",
              headerCount: 0,
              axis: [
                { position: "BOTTOM_AXIS", title: chart.xAxisTitle },
                { position: "LEFT_AXIS", title: chart.yAxisTitle },
              ],
              domains: [{ domain: { sourceRange: { sources: [{ sheetId, ...ranges.x }] } } }],
              series: [
                { series: { sourceRange: { sources: [{ sheetId, ...ranges.y }] } }, targetAxis: "LEFT_AXIS" },
              ],
            },
          },
          position: {
            overlayPosition: {
              anchorCell: { sheetId, rowIndex: chart.anchor.row, columnIndex: chart.anchor.column },
              widthPixels: CHART_WIDTH_PX,
              heightPixels: CHART_HEIGHT_PX,
            },
          },
        },
      },
    });
  }
  return requests;
}

/** A Sheets `Color` with channels rounded to 4 decimals: the same colour, a smaller payload on long lists. */
export function sheetsColour(colour: HexColour): sheets_v4.Schema$Color {
  const { red, green, blue } = hexToRgb(colour);
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  return { red: r4(red), green: r4(green), blue: r4(blue) };
}

/** Reads the `spreadsheets.get` answer into {@link ExistingSheet}s (sheets without a title are ignored). */
export function existingSheets(spreadsheet: sheets_v4.Schema$Spreadsheet): ExistingSheet[] {
  const out: ExistingSheet[] = [];
  for (const sheet of spreadsheet.sheets ?? []) {
    const id = sheet.properties?.sheetId;
    const title = sheet.properties?.title;
    // The API omits sheetId 0 in JSON (proto default), so a missing id with a title is the first tab.
    const sheetId = id ?? 0;
    if (typeof title !== "string") continue;
    out.push({
      sheetId,
      title,
      protectsWholeSheet: (sheet.protectedRanges ?? []).some((p) => coversWholeSheet(p.range, sheetId)),
      chartIds: (sheet.charts ?? []).flatMap((c) => (typeof c.chartId === "number" ? [c.chartId] : [])),
      conditionalRuleCount: (sheet.conditionalFormats ?? []).length,
    });
  }
  return out;
}

function coversWholeSheet(range: sheets_v4.Schema$GridRange | undefined, sheetId: number): boolean {
  if (!range || (range.sheetId ?? 0) !== sheetId) return false;
  return (
    range.startRowIndex == null &&
    range.endRowIndex == null &&
    range.startColumnIndex == null &&
    range.endColumnIndex == null
  );
}
