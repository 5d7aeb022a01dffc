// Workbook model → the request list of one Sheets `spreadsheets.batchUpdate` (pure: no I/O).
import type { sheets_v4 } from "@googleapis/sheets";
import {
  type CellValue,
  type Column,
  chartDataRanges,
  columnWidthPixels,
  FORMAT_PATTERNS,
  HEADER_FILL,
  type HexColour,
  hexToRgb,
  isoDateToSerial,
  layoutTab,
  type Tab,
  type TableLayout,
  type Workbook,
} from "../workbook-model.js";

type Request = sheets_v4.Schema$Request;
type CellData = sheets_v4.Schema$CellData;
type RowData = sheets_v4.Schema$RowData;

/** What the single `spreadsheets.get` told us about one existing tab. */
export interface ExistingSheet {
  sheetId: number;
  title: string;
  /** Protected ranges covering the whole tab (the writer's own protection, or a coordinator's). */
  protectsWholeSheet: boolean;
  chartIds: number[];
}

/** Shown on the protection of output tabs (the coordinator sees it when trying to edit). */
export const PROTECTION_DESCRIPTION =
  "ШНОР-Монитор: лист заполняется автоматически при каждом пересчёте. Исправляйте данные на листах ввода и в формах.";

/** Fields asked from `spreadsheets.get`: only what the batch needs, never cell data. */
export const SPREADSHEET_FIELDS =
  "sheets(properties(sheetId,title),protectedRanges(protectedRangeId,range,description),charts(chartId))";

/** Size of the scatter chart; the grid keeps this many columns right of the anchor so the chart fits. */
const CHART_WIDTH_PX = 640;
const CHART_HEIGHT_PX = 400;
const CHART_SPARE_COLUMNS = 8;
const CHART_SPARE_ROWS = 22;

/** Options of the batch: who may still edit protected tabs. */
export interface BatchOptions {
  /** The service account that publishes; the only editor of output tabs besides the owner. */
  editorEmail?: string | undefined;
}

/** The batch and the ids chosen for the tabs it creates. */
export interface PublishBatch {
  requests: Request[];
  addedTabs: { title: string; sheetId: number }[];
}

/**
 * Sheet id picked for a tab created in this batch: FNV-1a hash of its name as a positive int32, moved on
 * while taken. Stable across publishes, and known before the batch runs, so later requests of the same
 * batch can reference the new tab.
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

/**
 * Builds the whole publish as one request list, in an order the API applies atomically:
 * missing tabs are added, old charts on output tabs deleted; then each output tab (and each input tab
 * created now) is resized, frozen, cleared and written in one `updateCells`, given number formats per
 * column, row fills, column widths and filter; output tabs are protected once; charts are added last.
 * Existing input tabs are never touched: they hold what the coordinator typed.
 */
export function buildPublishBatch(
  existing: readonly ExistingSheet[],
  workbook: Workbook,
  options: BatchOptions = {},
): PublishBatch {
  const byTitle = new Map(existing.map((s) => [s.title, s]));
  const taken = new Set(existing.map((s) => s.sheetId));
  const addedTabs: { title: string; sheetId: number }[] = [];
  const addRequests: Request[] = [];
  const deleteCharts: Request[] = [];
  const tabRequests: Request[] = [];
  const chartRequests: Request[] = [];

  for (const tab of workbook.tabs) {
    const found = byTitle.get(tab.name);
    let sheetId: number;
    if (found) {
      if (tab.kind === "input") continue;
      sheetId = found.sheetId;
      for (const chartId of found.chartIds)
        deleteCharts.push({ deleteEmbeddedObject: { objectId: chartId } });
    } else {
      sheetId = stableSheetId(tab.name, taken);
      taken.add(sheetId);
      addedTabs.push({ title: tab.name, sheetId });
      addRequests.push({ addSheet: { properties: { sheetId, title: tab.name } } });
    }
    tabRequests.push(...tabContentRequests(tab, sheetId));
    if (tab.kind === "output" && !found?.protectsWholeSheet) {
      tabRequests.push(protectionRequest(sheetId, options.editorEmail));
    }
    chartRequests.push(...chartRequestsOf(tab, sheetId));
  }
  return { requests: [...addRequests, ...deleteCharts, ...tabRequests, ...chartRequests], addedTabs };
}

function tabContentRequests(tab: Tab, sheetId: number): Request[] {
  const layout = layoutTab(tab);
  const tables = tablesOf(tab, layout);
  const lastRow = Math.max(...layout.map((l) => l.firstDataRow + l.rowCount));
  const widest = Math.max(1, ...layout.map((l) => l.columnCount));
  const frozenRows = tab.frozenRows;
  const frozenColumns = tab.frozenColumns ?? 0;
  let rowCount = Math.max(lastRow, frozenRows + 1);
  let columnCount = Math.max(widest, frozenColumns + 1);
  for (const chart of tab.charts ?? []) {
    rowCount = Math.max(rowCount, chart.anchor.row + CHART_SPARE_ROWS);
    columnCount = Math.max(columnCount, chart.anchor.column + CHART_SPARE_COLUMNS);
  }

  const requests: Request[] = [
    {
      updateSheetProperties: {
        // The exact size: rows of an earlier, longer list disappear, a longer list fits.
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
    },
    {
      // A range without bounds: every cell the rows do not cover is cleared (values, formats, notes).
      updateCells: {
        range: { sheetId },
        rows: gridRows(tables, lastRow),
        fields: "userEnteredValue,userEnteredFormat,note",
      },
    },
  ];
  for (const table of tables) requests.push(...tableFormatRequests(table, sheetId));
  requests.push(...widthRequests(tables, sheetId));
  if (tab.autoFilter === true) {
    const main = layout[0];
    if (main) {
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
  }
  return requests;
}

/** A table of a tab (main or section) with where it sits. */
interface PlacedTable {
  title?: string;
  columns: Column[];
  rows: CellValue[][];
  rowFills?: (HexColour | null)[];
  layout: TableLayout;
  kind: Tab["kind"];
}

function tablesOf(tab: Tab, layout: readonly TableLayout[]): PlacedTable[] {
  const tables: PlacedTable[] = [];
  const main = layout[0];
  if (main) {
    tables.push({
      columns: tab.columns,
      rows: tab.rows,
      ...(tab.rowFills ? { rowFills: tab.rowFills } : {}),
      layout: main,
      kind: tab.kind,
    });
  }
  for (const section of tab.sections ?? []) {
    const placed = layout.find((l) => l.section === section.key);
    if (!placed) continue;
    tables.push({
      title: section.title,
      columns: section.columns,
      rows: section.rows,
      ...(section.rowFills ? { rowFills: section.rowFills } : {}),
      layout: placed,
      kind: tab.kind,
    });
  }
  return tables;
}

function gridRows(tables: readonly PlacedTable[], rowCount: number): RowData[] {
  const rows: RowData[] = Array.from({ length: rowCount }, () => ({}));
  for (const table of tables) {
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

/** Number format and wrapping per column, fills per run of equally coloured rows: few requests, small payload. */
function tableFormatRequests(table: PlacedTable, sheetId: number): Request[] {
  const { layout } = table;
  if (layout.rowCount === 0) return [];
  const requests: Request[] = [];
  const rows = { startRowIndex: layout.firstDataRow, endRowIndex: layout.firstDataRow + layout.rowCount };
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
        range: { sheetId, ...rows, startColumnIndex: c, endColumnIndex: c + 1 },
        cell: { userEnteredFormat: format },
        fields: fields.join(","),
      },
    });
  });
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

function protectionRequest(sheetId: number, editorEmail: string | undefined): Request {
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
function sheetsColour(colour: HexColour): sheets_v4.Schema$Color {
  const { red, green, blue } = hexToRgb(colour);
  const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
  return { red: r4(red), green: r4(green), blue: r4(blue) };
}

/** Reads the `spreadsheets.get` answer into {@link ExistingSheet}s (sheets without an id are ignored). */
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
