// Renderer-neutral workbook model (docs/design.md §1): typed tabs that the Google Sheets and .xlsx writers render alike.

import type { TabName } from "../contract/tab-names.js";

// The tab names are contract vocabulary (Apps Script needs them too); re-exported for the sheet code.
export {
  FORMER_TAB_NAMES,
  INPUT_TAB_NAMES,
  type InputTabName,
  OUTPUT_TAB_NAMES,
  type OutputTabName,
  TAB_NAMES,
  type TabName,
} from "../contract/tab-names.js";

/** How a column's cells are shown. Values stay raw (a share is 0.345, not "34,5%"); the format displays them. */
export const CELL_FORMATS = [
  "text",
  "integer",
  "decimal1",
  "decimal2",
  "percent",
  "date",
  "boolean",
] as const;
export type CellFormat = (typeof CELL_FORMATS)[number];

/** The `type` of a Google Sheets `NumberFormat`. */
export type SheetsNumberFormatType = "TEXT" | "NUMBER" | "PERCENT" | "DATE";

export interface FormatPattern {
  /** Excel `numFmt` (exceljs `cell.numFmt`). */
  excel: string;
  /**
   * Google Sheets `userEnteredFormat.numberFormat`; null = leave the cell's default format (booleans: the Sheets
   * writer shows them as they are, or as checkboxes on input tabs).
   */
  sheets: { type: SheetsNumberFormatType; pattern: string } | null;
}

/**
 * One pattern per format, written the same way for both renderers. Both apply the spreadsheet's locale, so a
 * Russian reader sees `37,5` and `12,3%` although the patterns use a dot. Dates use the Russian order.
 */
export const FORMAT_PATTERNS: Readonly<Record<CellFormat, FormatPattern>> = {
  text: { excel: "@", sheets: { type: "TEXT", pattern: "@" } },
  integer: { excel: "0", sheets: { type: "NUMBER", pattern: "0" } },
  decimal1: { excel: "0.0", sheets: { type: "NUMBER", pattern: "0.0" } },
  decimal2: { excel: "0.00", sheets: { type: "NUMBER", pattern: "0.00" } },
  percent: { excel: "0.0%", sheets: { type: "PERCENT", pattern: "0.0%" } },
  date: { excel: "dd.mm.yyyy", sheets: { type: "DATE", pattern: "dd.mm.yyyy" } },
  boolean: { excel: "General", sheets: null },
};

/**
 * A cell's raw value. Numbers stay numbers (the column format shows them); a `date` column holds ISO dates
 * `YYYY-MM-DD` as strings, which the writers turn into real dates (see `isoDateToSerial`). null and "" are both
 * written as an empty cell, so filters see one kind of blank.
 */
export type CellValue = string | number | boolean | null;

/** A colour as `#RRGGBB`. */
export type HexColour = `#${string}`;

export interface Column {
  /** Stable identifier (English), used by charts and by readers of the tab. */
  key: string;
  /** Russian header the coordinator sees. */
  header: string;
  /** Explains the column; shown as the header cell's note (a comment in .xlsx). */
  note?: string;
  /** Width in characters (Excel units); `columnWidthPixels` converts it for Google Sheets. */
  width?: number;
  format: CellFormat;
  /** Wrap long text (reasons, rationales) instead of letting it run into the next cell. */
  wrap?: boolean;
}

/** A table below the tab's main table (e.g. the data of the «Сводка» chart). */
export interface Section {
  key: string;
  /** Russian title, written bold on its own row above the section's header. */
  title: string;
  columns: Column[];
  rows: CellValue[][];
  rowFills?: (HexColour | null)[];
  /** See {@link Tab.fillColumn}. */
  fillColumn?: string;
}

/** A 0-based cell position, as Google Sheets' `GridCoordinate` counts (row 0 = spreadsheet row 1). */
export interface CellPosition {
  row: number;
  column: number;
}

export interface ScatterChartSpec {
  kind: "scatter";
  title: string;
  /** Key of the section holding the data; absent = the tab's main table. */
  section?: string;
  /** Column keys of the X and Y values in that table. */
  xColumn: string;
  yColumn: string;
  xAxisTitle: string;
  yAxisTitle: string;
  /** Top-left cell of the chart. */
  anchor: CellPosition;
}

export type ChartSpec = ScatterChartSpec;

export interface Tab {
  name: TabName;
  kind: "input" | "output";
  /** The main table: header on row 1, data from row 2. */
  columns: Column[];
  rows: CellValue[][];
  /** Fill of each data row (category colours); null or absent = no fill. */
  rowFills?: (HexColour | null)[];
  /**
   * Key of the column whose text decides the row fill (every row with the same text has the same fill): the
   * Google Sheets writer then colours the table with one conditional-format rule per coloured value instead of a
   * fill per run of rows, which keeps a publish of thousands of schools small. The .xlsx writer still writes
   * `rowFills` as they are. Absent = fills are written as they are in both writers.
   */
  fillColumn?: string;
  /** Rows frozen at the top (1 = the header). */
  frozenRows: number;
  frozenColumns?: number;
  /** Filter buttons on the main table's header. */
  autoFilter?: boolean;
  /** Further tables, laid out below the main table in this order (see `layoutTab`). */
  sections?: Section[];
  charts?: ChartSpec[];
}

export interface Workbook {
  title: string;
  tabs: Tab[];
}

/** Fill of header rows, the same light grey in both renderers. */
export const HEADER_FILL: HexColour = "#EFEFEF";

/** A 0-based, end-exclusive range, as Google Sheets' `GridRange` counts (without the sheet id). */
export interface GridRange {
  startRowIndex: number;
  endRowIndex: number;
  startColumnIndex: number;
  endColumnIndex: number;
}

export interface TableLayout {
  /** Section key; absent for the main table. */
  section?: string;
  /** Row of the section title; absent for the main table. */
  titleRow?: number;
  headerRow: number;
  firstDataRow: number;
  rowCount: number;
  columnCount: number;
}

/**
 * Where each table of a tab sits, so that both writers put cells, charts and ranges in the same places: the
 * main table's header on row 0 and data below it; each section after one blank row, as a title row, a header
 * row and its data.
 */
export function layoutTab(tab: Tab): TableLayout[] {
  const tables: TableLayout[] = [
    { headerRow: 0, firstDataRow: 1, rowCount: tab.rows.length, columnCount: tab.columns.length },
  ];
  let next = 1 + tab.rows.length;
  for (const section of tab.sections ?? []) {
    const titleRow = next + 1;
    tables.push({
      section: section.key,
      titleRow,
      headerRow: titleRow + 1,
      firstDataRow: titleRow + 2,
      rowCount: section.rows.length,
      columnCount: section.columns.length,
    });
    next = titleRow + 2 + section.rows.length;
  }
  return tables;
}

export interface ChartDataRanges {
  /** Row of the headers of the X and Y columns. */
  headerRow: number;
  /** Data cells only (no header) of the X and Y columns. */
  x: GridRange;
  y: GridRange;
}

/** The data ranges a chart plots; undefined when the chart names a section or column the tab does not have. */
export function chartDataRanges(tab: Tab, chart: ChartSpec): ChartDataRanges | undefined {
  const table = chart.section === undefined ? undefined : tab.sections?.find((s) => s.key === chart.section);
  if (chart.section !== undefined && table === undefined) return undefined;
  const columns = table?.columns ?? tab.columns;
  const layout = layoutTab(tab).find((l) => l.section === chart.section);
  const xIndex = columns.findIndex((c) => c.key === chart.xColumn);
  const yIndex = columns.findIndex((c) => c.key === chart.yColumn);
  if (layout === undefined || xIndex < 0 || yIndex < 0) return undefined;
  const rows = { startRowIndex: layout.firstDataRow, endRowIndex: layout.firstDataRow + layout.rowCount };
  return {
    headerRow: layout.headerRow,
    x: { ...rows, startColumnIndex: xIndex, endColumnIndex: xIndex + 1 },
    y: { ...rows, startColumnIndex: yIndex, endColumnIndex: yIndex + 1 },
  };
}

/** `{row: 0, column: 0}` → `A1`. */
export function a1(position: CellPosition): string {
  let letters = "";
  for (let n = position.column + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return `${letters}${position.row + 1}`;
}

/** A1 notation of a range, e.g. `C12:C40` (end-exclusive indices become an inclusive range). */
export function a1Range(range: GridRange): string {
  const start = a1({ row: range.startRowIndex, column: range.startColumnIndex });
  const end = a1({ row: range.endRowIndex - 1, column: range.endColumnIndex - 1 });
  return `${start}:${end}`;
}

/**
 * Spreadsheet serial day number of an ISO date `YYYY-MM-DD` (days since 1899-12-30, the epoch Excel and
 * Google Sheets share for modern dates); undefined when the text is not such a date.
 */
export function isoDateToSerial(iso: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const date = new Date(time);
  if (date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) return undefined;
  return Math.round((time - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** Column width in pixels for Google Sheets from a width in characters: Excel's 7 px per character + 5 px padding. */
export function columnWidthPixels(widthInCharacters: number): number {
  return Math.round(widthInCharacters * 7 + 5);
}

/** `#F4CCCC` → `FFF4CCCC` (exceljs ARGB). */
export function hexToArgb(colour: HexColour): string {
  return `FF${colour.slice(1).toUpperCase()}`;
}

/** `#F4CCCC` → `{red: 0.957, green: 0.8, blue: 0.8}` (Google Sheets `Color`, channels 0..1). */
export function hexToRgb(colour: HexColour): { red: number; green: number; blue: number } {
  const channel = (i: number) => Number.parseInt(colour.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
  return { red: channel(0), green: channel(1), blue: channel(2) };
}

/**
 * Inconsistencies a builder must never produce (a bug, not a user error): duplicate tab names, rows whose
 * length differs from the header, fills not matching rows, bad colours, charts naming missing columns.
 * Empty when the workbook can be rendered.
 */
export function workbookProblems(workbook: Workbook): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const colour = /^#[0-9A-Fa-f]{6}$/;
  for (const tab of workbook.tabs) {
    if (seen.has(tab.name)) problems.push(`tab "${tab.name}" appears twice`);
    seen.add(tab.name);
    const tables: (Pick<Tab, "columns" | "rows" | "rowFills" | "fillColumn"> & { label: string })[] = [
      { label: tab.name, ...tab },
      ...(tab.sections ?? []).map((s) => ({ ...s, label: `${tab.name}/${s.key}` })),
    ];
    for (const table of tables) {
      table.rows.forEach((row, i) => {
        if (row.length !== table.columns.length) {
          problems.push(
            `${table.label}: row ${i} has ${row.length} cells, header has ${table.columns.length}`,
          );
        }
      });
      const fills = table.rowFills;
      if (fills && fills.length !== table.rows.length) {
        problems.push(`${table.label}: ${fills.length} row fills for ${table.rows.length} rows`);
      }
      for (const fill of fills ?? []) {
        if (fill !== null && !colour.test(fill)) problems.push(`${table.label}: fill ${fill} is not #RRGGBB`);
      }
      if (table.fillColumn !== undefined) problems.push(...fillColumnProblems(table));
    }
    for (const chart of tab.charts ?? []) {
      if (!chartDataRanges(tab, chart))
        problems.push(`${tab.name}: chart "${chart.title}" names missing data`);
    }
  }
  return problems;
}

/**
 * The coloured values of a table whose fills follow `fillColumn`: each distinct text (as Google Sheets compares
 * text: letter case ignored) with its fill, in the order of first appearance; values whose rows have no fill are
 * left out. Undefined when the table has no fill column, or the fills do not follow it (see `workbookProblems`).
 */
export function fillsByValue(
  table: Pick<Tab, "columns" | "rows" | "rowFills" | "fillColumn">,
): { value: string; fill: HexColour }[] | undefined {
  const column = table.columns.findIndex((c) => c.key === table.fillColumn);
  if (table.fillColumn === undefined || column < 0) return undefined;
  const seen = new Map<string, { value: string; fill: HexColour | null }>();
  for (let i = 0; i < table.rows.length; i++) {
    const cell = table.rows[i]?.[column] ?? null;
    if (cell !== null && typeof cell !== "string") return undefined;
    const value = cell ?? "";
    const fill = table.rowFills?.[i] ?? null;
    const key = value.toLocaleLowerCase("ru");
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, { value, fill });
    else if (earlier.fill !== fill) return undefined;
  }
  return [...seen.values()].flatMap(({ value, fill }) => (fill === null ? [] : [{ value, fill }]));
}

function fillColumnProblems(
  table: Pick<Tab, "columns" | "rows" | "rowFills" | "fillColumn"> & { label: string },
) {
  const column = table.columns.findIndex((c) => c.key === table.fillColumn);
  if (column < 0) return [`${table.label}: fill column "${table.fillColumn}" is not a column`];
  if (fillsByValue(table) === undefined) {
    return [`${table.label}: row fills do not follow the text of column "${table.fillColumn}"`];
  }
  return [];
}
