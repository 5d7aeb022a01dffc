// Writes generated tables to disk as an .xlsx (exceljs's streaming writer, one row at a time) or a CSV as Russian Excel saves it.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { SampleCell } from "./vpr-f1-files.js";

/** Writes rows to one sheet of a new .xlsx, streaming: memory stays flat for 100,000 rows. */
export async function writeXlsxTable(
  path: string,
  sheet: string,
  rows: Iterable<SampleCell[]>,
): Promise<number> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const worksheet = workbook.addWorksheet(sheet);
  let count = 0;
  for (const row of rows) {
    worksheet.addRow(row).commit();
    count++;
  }
  await workbook.commit();
  return count;
}

function csvCell(value: SampleCell): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value).replace(".", ",") : value;
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows as CSV the way Russian Excel does: `;` between cells, a decimal comma, UTF-8 with a BOM. */
export async function writeCsvTable(path: string, rows: Iterable<SampleCell[]>): Promise<number> {
  const out = createWriteStream(path);
  let count = 0;
  if (!out.write("\uFEFF")) await once(out, "drain");
  for (const row of rows) {
    if (!out.write(`${row.map(csvCell).join(";")}\r\n`)) await once(out, "drain");
    count++;
  }
  out.end();
  await once(out, "finish");
  return count;
}
