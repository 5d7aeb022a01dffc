// «Скачать шаблон»: the same import template `shnor template` writes, as a new Google Sheet in the coordinator's Drive.
import { instructionRows, templateTables } from "../../functions/src/catalog/template-tables.js";
import type { GasSpreadsheet, Services } from "./gas-services.js";
import { normalizeHeader } from "./sheet-preparation.js";

/** The registry's schools as «Школы» shows them (code and name under their headers), for «Как заполнять». */
export function registrySchools(spreadsheet: GasSpreadsheet): { id: string; name: string }[] {
  const sheet = spreadsheet.getSheetByName("Школы");
  if (!sheet) return [];
  const [header, ...rows] = sheet.getDataRange().getDisplayValues();
  const at = (title: string) =>
    (header ?? []).findIndex((h) => normalizeHeader(h) === normalizeHeader(title));
  const id = at("Код школы");
  const name = at("Наименование");
  if (id < 0 || name < 0) return [];
  return rows
    .map((r) => ({ id: (r[id] ?? "").trim(), name: (r[name] ?? "").trim() }))
    .filter((s) => s.id !== "" && s.name !== "");
}

/**
 * Creates the template as a Google Sheet: «Как заполнять» (the rules and the registry's schools as
 * `Наименование [код]`), then a sheet per form with the questions as bold, frozen headers whose notes are the
 * questions' help — the tables of template-tables.ts, the same `shnor template` writes to .xlsx. A coordinator
 * fills it and imports it with «Импорт файла…» (a link to this Google Sheet works: it is exported as .xlsx).
 * Returns the new spreadsheet's address.
 */
export function createTemplateSpreadsheet(
  services: Pick<Services, "spreadsheetApp">,
  coordinator: GasSpreadsheet,
): { url: string; name: string; sheets: number } {
  const schools = registrySchools(coordinator);
  const name = `Шаблон загрузки данных ШНОР-Монитора (${coordinator.getName()})`;
  const book = services.spreadsheetApp.create(name);
  const blank = book.getSheets();
  const help = book.insertSheet("Как заполнять", 0);
  const rows = instructionRows({ schools });
  help.getRange(1, 1, rows.length, 1).setValues(rows.map((r) => [r[0] ?? ""]));
  help.getRange(1, 1, 1, 1).setFontWeight("bold");
  help.setColumnWidth(1, 900);
  const tables = templateTables();
  tables.forEach((table, i) => {
    const sheet = book.insertSheet(table.name, i + 1);
    const width = table.columns.length;
    const header = sheet.getRange(1, 1, 1, width);
    header.setValues([table.columns.map((c) => c.header)]);
    header.setNotes([table.columns.map((c) => (c.note === "" ? null : c.note))]);
    header.setFontWeight("bold");
    header.setWrap(true);
    sheet.setFrozenRows(1);
    table.columns.forEach((column, c) => {
      // codes and years as text: «2024/2025» must not become a date, «001» must keep its zeros
      if (column.kind === "text") sheet.getRange(2, c + 1, 999, 1).setNumberFormat("@");
    });
  });
  for (const sheet of blank) book.deleteSheet(sheet);
  return { url: book.getUrl(), name, sheets: tables.length + 1 };
}
