// .xlsx renderer of the workbook model (local runs, exports): the Google Sheet's tabs, formats and colours.
import { writeFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import {
  a1,
  a1Range,
  type CellValue,
  type ChartSpec,
  type Column,
  chartDataRanges,
  FORMAT_PATTERNS,
  HEADER_FILL,
  type HexColour,
  hexToArgb,
  isoDateToSerial,
  layoutTab,
  type Tab,
  type TableLayout,
  type Workbook,
  workbookProblems,
} from "./workbook-model.js";

/**
 * Excel forbids `* ? : \ / [ ]` in sheet names and allows 31 characters, while Google Sheets allows them:
 * «Дорожная карта: статус» becomes «Дорожная карта — статус» in the .xlsx file. Other tab names are unchanged.
 */
export function xlsxSheetName(name: string): string {
  return name
    .replace(/\s*:\s*/g, " — ")
    .replace(/[*?\\/[\]]/g, "-")
    .slice(0, 31);
}

function solidFill(colour: HexColour): ExcelJS.Fill {
  return { type: "pattern", pattern: "solid", fgColor: { argb: hexToArgb(colour) } };
}

function writeValue(cell: ExcelJS.Cell, value: CellValue, column: Column): void {
  if (value === null || value === "") return;
  if (column.format === "date" && typeof value === "string") {
    // Same serial day number as the Sheets writer gets; a text that is not an ISO date stays text.
    cell.value = isoDateToSerial(value) ?? value;
  } else {
    cell.value = value;
  }
}

function writeHeader(sheet: ExcelJS.Worksheet, row: number, columns: readonly Column[]): void {
  columns.forEach((column, i) => {
    const cell = sheet.getCell(row + 1, i + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = solidFill(HEADER_FILL);
    cell.alignment = { vertical: "middle", wrapText: true };
    if (column.note !== undefined) cell.note = column.note;
  });
}

function writeRows(
  sheet: ExcelJS.Worksheet,
  firstRow: number,
  columns: readonly Column[],
  rows: readonly CellValue[][],
  fills: readonly (HexColour | null)[] | undefined,
): void {
  rows.forEach((values, r) => {
    const fill = fills?.[r] ?? null;
    columns.forEach((column, c) => {
      const cell = sheet.getCell(firstRow + r + 1, c + 1);
      writeValue(cell, values[c] ?? null, column);
      cell.numFmt = FORMAT_PATTERNS[column.format].excel;
      cell.alignment = { vertical: "top", wrapText: column.wrap ?? false };
      if (fill !== null) cell.fill = solidFill(fill);
    });
  });
}

/** Widest declared width of each sheet column over the main table and the sections. */
function columnWidths(tab: Tab): (number | undefined)[] {
  const widths: (number | undefined)[] = [];
  for (const columns of [tab.columns, ...(tab.sections ?? []).map((s) => s.columns)]) {
    columns.forEach((column, i) => {
      if (column.width !== undefined) widths[i] = Math.max(widths[i] ?? 0, column.width);
    });
  }
  return widths;
}

/**
 * exceljs cannot draw charts, so the anchor cell says where the chart lives and which cells it plots, rather than
 * pretending with a picture.
 */
function writeChartPlaceholder(sheet: ExcelJS.Worksheet, tab: Tab, chart: ChartSpec): void {
  const ranges = chartDataRanges(tab, chart);
  if (!ranges) return;
  const columns = tab.sections?.find((s) => s.key === chart.section)?.columns ?? tab.columns;
  const header = (key: string) => columns.find((c) => c.key === key)?.header ?? key;
  const cell = sheet.getCell(a1(chart.anchor));
  cell.value =
    `Диаграмма «${chart.title}» есть только в Google Таблице: в файле .xlsx её нет. ` +
    `Данные диаграммы: по горизонтали «${header(chart.xColumn)}» (${a1Range(ranges.x)}), ` +
    `по вертикали «${header(chart.yColumn)}» (${a1Range(ranges.y)}).`;
  cell.font = { italic: true };
  cell.alignment = { vertical: "top", wrapText: true };
  const column = sheet.getColumn(chart.anchor.column + 1);
  column.width = Math.max(column.width ?? 0, 60);
}

function writeTab(book: ExcelJS.Workbook, tab: Tab): void {
  const sheet = book.addWorksheet(xlsxSheetName(tab.name), {
    views: [{ state: "frozen", xSplit: tab.frozenColumns ?? 0, ySplit: tab.frozenRows }],
  });
  columnWidths(tab).forEach((width, i) => {
    if (width !== undefined) sheet.getColumn(i + 1).width = width;
  });
  const [main, ...sectionLayouts] = layoutTab(tab) as [TableLayout, ...TableLayout[]];
  writeHeader(sheet, main.headerRow, tab.columns);
  writeRows(sheet, main.firstDataRow, tab.columns, tab.rows, tab.rowFills);
  if (tab.autoFilter && tab.columns.length > 0) {
    sheet.autoFilter = {
      from: { row: main.headerRow + 1, column: 1 },
      to: { row: main.headerRow + 1 + tab.rows.length, column: tab.columns.length },
    };
  }
  (tab.sections ?? []).forEach((section, i) => {
    const layout = sectionLayouts[i] as TableLayout;
    const title = sheet.getCell((layout.titleRow as number) + 1, 1);
    title.value = section.title;
    title.font = { bold: true, size: 12 };
    writeHeader(sheet, layout.headerRow, section.columns);
    writeRows(sheet, layout.firstDataRow, section.columns, section.rows, section.rowFills);
  });
  for (const chart of tab.charts ?? []) writeChartPlaceholder(sheet, tab, chart);
}

/**
 * Renders the workbook as an .xlsx file in memory: one worksheet per tab in order (named by `xlsxSheetName`),
 * bold grey headers with the column notes as comments, frozen panes, number formats, row fills, column widths
 * and filters. Throws only on a malformed model (a bug in a builder).
 */
export async function renderXlsxBuffer(workbook: Workbook): Promise<Buffer> {
  const problems = workbookProblems(workbook);
  if (problems.length > 0) throw new Error(`malformed workbook model: ${problems.join("; ")}`);
  const book = new ExcelJS.Workbook();
  book.title = workbook.title;
  book.creator = "ШНОР-Монитор";
  for (const tab of workbook.tabs) writeTab(book, tab);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Renders the workbook (see `renderXlsxBuffer`) and writes it to `filePath`. */
export async function writeXlsx(workbook: Workbook, filePath: string): Promise<void> {
  await writeFile(filePath, await renderXlsxBuffer(workbook));
}
