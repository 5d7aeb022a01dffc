// The import template written to .xlsx (exceljs), with a «Как заполнять» sheet; the tables themselves are template-tables.ts.

import { INSTRUCTIONS_SHEET } from "../catalog/template-layout.js";
import { instructionRows, templateTables } from "../catalog/template-tables.js";
import type { Dataset } from "../contract/dataset.js";

export {
  instructionRows,
  type TemplateCell,
  type TemplateTable,
  templateTables,
} from "../catalog/template-tables.js";

/**
 * Writes the template workbook: «Как заполнять» first, then a sheet per form with bold, frozen headers whose
 * notes are the questions' help. exceljs is loaded only here, so reading files never pays for it.
 */
export async function writeTemplateXlsx(dataset: Dataset | undefined, target: string): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "ШНОР-Монитор";
  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  help.getColumn(1).width = 120;
  for (const row of instructionRows(dataset)) help.addRow(row);
  help.getRow(1).font = { bold: true };
  for (const table of templateTables(dataset)) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: "top" };
    table.columns.forEach((column, i) => {
      const cell = header.getCell(i + 1);
      if (column.note !== "") cell.note = column.note;
      sheet.getColumn(i + 1).width = i === 0 ? 40 : column.kind === "number" ? 16 : 22;
      if (column.kind === "text") sheet.getColumn(i + 1).numFmt = "@";
    });
    for (const row of table.rows) sheet.addRow(row);
  }
  await workbook.xlsx.writeFile(target);
}
