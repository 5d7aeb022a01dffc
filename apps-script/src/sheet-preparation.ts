// «Подготовить таблицу»: the input tabs with headers, notes and validation, protected output tabs, the outbox and «Инструкция».
import {
  COORDINATOR_TABS,
  type CoordinatorTab,
  type TabColumn,
} from "../../functions/src/catalog/coordinator-tabs.js";
import { FORMER_TAB_NAMES, OUTPUT_TAB_NAMES } from "../../functions/src/contract/tab-names.js";
import type {
  GasDataValidation,
  GasProtection,
  GasSheet,
  GasSpreadsheet,
  GasSpreadsheetApp,
} from "./gas-services.js";
import { ensureOutboxSheet, OUTBOX_TAB } from "./outbox.js";

/** Same text as the functions' writer puts on the protection, so both recognise it. */
export const OUTPUT_PROTECTION_DESCRIPTION =
  "ШНОР-Монитор: лист заполняется автоматически при каждом пересчёте. Исправляйте данные на листах ввода и в формах.";

export const INSTRUCTIONS_TAB = "Инструкция";

/** The empty first tab a new spreadsheet comes with, removed once the real tabs exist. */
const DEFAULT_TAB_NAMES = ["Лист1", "Sheet1"];

/** What one run did, for the message to the coordinator. */
export interface PreparationReport {
  createdTabs: string[];
  /** Output tabs found under a former name and renamed: «Критерии» → «Критерии результативности». */
  renamedTabs: string[];
  addedHeaders: string[];
  /** Service accounts allowed to write the protected output tabs (the functions' own account). */
  writers: string[];
}

/** How a header is compared: case, «ё», and spaces do not matter (the server reads headers the same way). */
export function normalizeHeader(text: string): string {
  return text.trim().toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
}

/** The note on a column's header: what to type, the allowed values, whether it is required. */
export function columnNote(column: TabColumn): string {
  const parts = [column.note];
  if (column.allowed) parts.push(`Допустимые значения: ${column.allowed.map((a) => a.label).join(", ")}.`);
  if (column.type === "boolean") parts.push("Допустимые значения: Да, Нет.");
  if (column.min !== undefined && column.max !== undefined)
    parts.push(`Число от ${column.min} до ${column.max}.`);
  if (column.type === "percent") parts.push("Проценты от 0 до 100.");
  parts.push(column.required ? "Обязательный столбец." : "Можно не заполнять.");
  return parts.filter((p) => p.trim() !== "").join(" ");
}

/** The validation rule of a column, or null for free text (codes, names, lists of addresses). */
export function columnValidation(app: GasSpreadsheetApp, column: TabColumn): GasDataValidation | null {
  const builder = app.newDataValidation();
  switch (column.type) {
    case "choice":
      return builder
        .requireValueInList(
          (column.allowed ?? []).map((a) => a.label),
          true,
        )
        .setAllowInvalid(false)
        .setHelpText(`Выберите из списка: ${(column.allowed ?? []).map((a) => a.label).join(", ")}.`)
        .build();
    case "boolean":
      return builder
        .requireValueInList(["Да", "Нет"], true)
        .setAllowInvalid(false)
        .setHelpText("Выберите «Да» или «Нет».")
        .build();
    case "integer":
    case "number":
    case "percent": {
      const min = column.min ?? (column.type === "percent" ? 0 : undefined);
      const max = column.max ?? (column.type === "percent" ? 100 : undefined);
      const ranged =
        min !== undefined && max !== undefined
          ? builder.requireNumberBetween(min, max)
          : builder.requireNumberGreaterThanOrEqualTo(min ?? -1e15);
      const range = min !== undefined && max !== undefined ? ` от ${min} до ${max}` : "";
      const what = column.type === "integer" ? "Целое число" : "Число";
      return ranged
        .setAllowInvalid(false)
        .setHelpText(`${what}${range}; дробную часть отделяйте запятой.`)
        .build();
    }
    case "date":
      return builder.requireDate().setAllowInvalid(false).setHelpText("Дата, например 01.09.2025.").build();
    default:
      return null;
  }
}

// Codes («001», «1.2»), years («2024/2025») and references must stay text, or Sheets turns them into numbers/dates.
const TEXT_FORMAT_TYPES = new Set([
  "text",
  "year",
  "schoolRef",
  "schoolRefList",
  "list",
  "emailList",
  "value",
]);

function headerRow(sheet: GasSheet): string[] {
  const width = sheet.getLastColumn();
  if (width === 0) return [];
  return sheet.getRange(1, 1, 1, width).getDisplayValues()[0] ?? [];
}

/**
 * One input tab: missing headers are added after the existing ones (a coordinator's own columns and every
 * data row stay where they are), then each catalog column gets its note, validation and format.
 */
function prepareInputTab(
  app: GasSpreadsheetApp,
  spreadsheet: GasSpreadsheet,
  tab: CoordinatorTab,
  report: PreparationReport,
): void {
  let sheet = spreadsheet.getSheetByName(tab.name);
  if (!sheet) {
    sheet = spreadsheet.insertSheet(tab.name, spreadsheet.getSheets().length);
    report.createdTabs.push(tab.name);
  }
  const headers = headerRow(sheet).map(normalizeHeader);
  let next = headers.length;
  // Trailing blank header cells are reused rather than skipped.
  while (next > 0 && headers[next - 1] === "") next -= 1;
  const rows = Math.max(sheet.getMaxRows() - 1, 1);
  for (const column of tab.columns) {
    let index = headers.indexOf(normalizeHeader(column.header));
    if (index < 0) {
      index = next;
      next += 1;
      headers[index] = normalizeHeader(column.header);
      sheet.getRange(1, index + 1).setValue(column.header);
      report.addedHeaders.push(`${tab.name}: ${column.header}`);
    }
    const col = index + 1;
    sheet.getRange(1, col).setNote(columnNote(column)).setFontWeight("bold").setWrap(true);
    const data = sheet.getRange(2, col, rows, 1);
    if (TEXT_FORMAT_TYPES.has(column.type)) data.setNumberFormat("@");
    if (column.type === "date") data.setNumberFormat("dd.mm.yyyy");
    const rule = columnValidation(app, column);
    if (rule) data.setDataValidation(rule);
  }
  sheet.setFrozenRows(1);
}

function serviceAccounts(spreadsheet: GasSpreadsheet): string[] {
  return spreadsheet
    .getEditors()
    .map((user) => user.getEmail())
    .filter((email) => email.endsWith(".gserviceaccount.com"));
}

/**
 * Protects an output tab so that only the owner, the person running this and the functions' service account
 * (found among the spreadsheet's editors) may write. Without that account the functions could not publish,
 * so until the spreadsheet is shared with it the protection only warns.
 */
function protectOutputTab(
  sheet: GasSheet,
  protectionType: unknown,
  writers: readonly string[],
  me: string,
): void {
  const ours = sheet
    .getProtections(protectionType)
    .find((p) => p.getDescription() === OUTPUT_PROTECTION_DESCRIPTION);
  const protection: GasProtection = ours ?? sheet.protect().setDescription(OUTPUT_PROTECTION_DESCRIPTION);
  if (writers.length === 0) {
    protection.setWarningOnly(true);
    return;
  }
  protection.setWarningOnly(false);
  const keep = me === "" ? [...writers] : [...writers, me];
  const others = protection
    .getEditors()
    .map((user) => user.getEmail())
    .filter((email) => !keep.includes(email));
  if (others.length > 0) protection.removeEditors(others);
  protection.addEditors(keep);
  if (protection.canDomainEdit()) protection.setDomainEdit(false);
}

/**
 * The output tab `name` under one of its former names, renamed in place (its place, protection and contents kept
 * until the next publish rewrites them), or null when there is none: a renamed tab must not stay beside the new one.
 */
function renameFormerTab(
  spreadsheet: GasSpreadsheet,
  name: string,
  report: PreparationReport,
): GasSheet | null {
  for (const old of FORMER_TAB_NAMES[name as keyof typeof FORMER_TAB_NAMES] ?? []) {
    const sheet = spreadsheet.getSheetByName(old);
    if (!sheet) continue;
    sheet.setName(name);
    report.renamedTabs.push(`«${old}» → «${name}»`);
    return sheet;
  }
  return null;
}

/**
 * Creates or completes every tab of docs/design.md §5. Safe to run again: existing tabs, headers and every value the
 * coordinator typed are kept, nothing is created twice, protections are updated rather than added.
 */
export function prepareSpreadsheet(
  app: GasSpreadsheetApp,
  spreadsheet: GasSpreadsheet,
  me: string,
): PreparationReport {
  const report: PreparationReport = { createdTabs: [], renamedTabs: [], addedHeaders: [], writers: [] };
  if (!spreadsheet.getSheetByName(INSTRUCTIONS_TAB)) {
    spreadsheet.insertSheet(INSTRUCTIONS_TAB, 0);
    report.createdTabs.push(INSTRUCTIONS_TAB);
  }
  for (const tab of COORDINATOR_TABS) prepareInputTab(app, spreadsheet, tab, report);
  report.writers = serviceAccounts(spreadsheet);
  for (const name of OUTPUT_TAB_NAMES) {
    let sheet = spreadsheet.getSheetByName(name) ?? renameFormerTab(spreadsheet, name, report);
    if (!sheet) {
      sheet = spreadsheet.insertSheet(name, spreadsheet.getSheets().length);
      sheet.setTabColor("#9e9e9e");
      report.createdTabs.push(name);
    }
    protectOutputTab(sheet, app.ProtectionType.SHEET, report.writers, me);
  }
  if (!spreadsheet.getSheetByName(OUTBOX_TAB)) {
    ensureOutboxSheet(spreadsheet);
    report.createdTabs.push(OUTBOX_TAB);
  }
  for (const name of DEFAULT_TAB_NAMES) {
    const sheet = spreadsheet.getSheetByName(name);
    if (sheet && sheet.getLastRow() === 0 && spreadsheet.getSheets().length > 1)
      spreadsheet.deleteSheet(sheet);
  }
  return report;
}
