// The generic coordinator-tab reader: header row matched by Russian header text, cells typed by their column (one coercion with the forms), row-level errors.

import type { ListCategory } from "../contract/decision-cycle.js";
import { coerceValue, valueTypeOfColumn } from "./answer-coercion.js";
import type { CoordinatorTab, TabColumn } from "./coordinator-tabs.js";

/** One problem in one cell: `row` is the 1-based sheet row (the header is row 1), `column` its Russian header. */
export interface SyncTabError {
  tab: string;
  row: number;
  column: string;
  message: string;
}

/** A typed cell (`coerceValue`'s result); undefined for a blank one. */
export type CellValue = string | number | boolean | string[] | undefined;

/** One data row: its sheet row number and its typed cells by column key (blank cells absent). */
export interface TypedRow {
  row: number;
  values: Record<string, CellValue>;
}

/** The errors of one tab, in its Russian headers; a row with any error is bad and its parser leaves it out. */
export class ErrorList {
  readonly errors: SyncTabError[] = [];
  private readonly badRows = new Set<string>();
  constructor(private readonly tab: CoordinatorTab) {}

  add(row: number, column: string, message: string): void {
    this.errors.push({ tab: this.tab.name, row, column, message });
    this.badRows.add(`${this.tab.name}\u0000${row}`);
  }
  at(row: TypedRow, key: string, message: string): void {
    this.add(row.row, this.header(key), message);
  }
  isBad(row: TypedRow): boolean {
    return this.badRows.has(`${this.tab.name}\u0000${row.row}`);
  }
  header(key: string): string {
    return this.tab.columns.find((c) => c.key === key)?.header ?? key;
  }
  /**
   * For a tab applied whole or not at all («Школы», «Настройки», «Критерии выявления»): `value` while no row is
   * bad; otherwise undefined, and `kept` on row 1 (what stays in force). Stored without its bad rows, such a tab
   * would drop a school, reset a setting to its default or cut a rule short over one typo.
   */
  whole<T>(value: T, kept: string): T | undefined {
    if (!this.errors.some((e) => e.row > 1)) return value;
    this.add(1, "", kept);
    return undefined;
  }
}

function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s\u00A0]+/g, " ")
    .replace(/[*:]+\s*$/, "")
    .trim();
}

/**
 * Characters nobody sees in a cell (zero-width space and joiners, word joiner, byte-order mark, soft hyphen) that a
 * code copied from a letter or a web page carries along: kept, they would make «sch-1» another school's code.
 */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** A cell as text: Apps Script may hand numbers and booleans over as they are. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.replace(INVISIBLE, "").trim();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "Да" : "Нет";
  return "\u0000";
}

/**
 * What a cell whose formula failed displays (Apps Script sends displayed values): the error values of ERROR.TYPE
 * plus #ERROR! for a formula Sheets cannot parse, https://support.google.com/docs/answer/3238305. Sheets shows
 * them in English whatever the locale. Taken as text, «#REF!» would become a school's code or name.
 */
const FORMULA_ERROR = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|ERROR!)$/;

/** Types one non-blank cell by its column (`coerceValue`); a Russian message when it cannot. */
function typeCell(column: TabColumn, text: string): { value: CellValue } | { error: string } {
  if (text === "\u0000") return { error: "ячейка не читается как текст" };
  if (FORMULA_ERROR.test(text))
    return { error: `«${text}» — формула в ячейке дала ошибку; исправьте формулу или введите значение` };
  const typed = coerceValue(valueTypeOfColumn(column), text, { source: "cell" });
  return typed.success ? { value: typed.data } : { error: typed.error.message };
}

/** How far down a tab the headers are looked for when the first row lacks them. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Reads a tab: matches the header row by Russian header text (case, ё/е, a trailing «*» or «:» ignored),
 * reports missing required columns (then the tab is not read), types every cell, skips blank rows.
 * `blankAllowed` names required columns whose cells may be blank on some rows (the tab's own rule).
 */
export function readTab(
  tab: CoordinatorTab,
  rows: readonly (readonly unknown[])[],
  out: ErrorList,
  blankAllowed: ReadonlySet<string> = new Set(),
): TypedRow[] | undefined {
  const header = rows[0];
  if (header === undefined) return [];
  const byHeader = new Map(
    tab.columns.flatMap((c) => [[normalizeHeader(c.header), c] as const, [c.key.toLowerCase(), c] as const]),
  );
  const positions = new Map<string, number>();
  header.forEach((cell, index) => {
    const column = byHeader.get(normalizeHeader(cellText(cell)));
    if (!column) return;
    if (positions.has(column.key)) out.add(1, column.header, "столбец повторяется; читается первый");
    else positions.set(column.key, index);
  });
  const missing = tab.columns.filter((c) => c.required && !positions.has(c.key));
  if (missing.length > 0) {
    // a title typed above the table pushes the headers down: say where they are, not that columns are missing
    const found = rows.slice(1, HEADER_SEARCH_ROWS).findIndex((cells) => {
      const headers = new Set(
        Array.isArray(cells) ? cells.map((c) => byHeader.get(normalizeHeader(cellText(c)))?.key) : [],
      );
      return tab.columns.every((c) => !c.required || headers.has(c.key));
    });
    if (found >= 0)
      out.add(
        1,
        "",
        `заголовки таблицы должны быть в первой строке листа, а они в строке ${found + 2}: удалите строки над ними; лист не прочитан, действуют прежние данные`,
      );
    else
      for (const column of missing) out.add(1, column.header, "нет обязательного столбца с таким заголовком");
    return undefined;
  }
  const typed: TypedRow[] = [];
  rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (!Array.isArray(cells)) {
      out.add(row, "", "строка не читается");
      return;
    }
    const texts = new Map<string, string>();
    for (const [key, index] of positions) texts.set(key, cellText(cells[index]));
    if ([...texts.values()].every((t) => t === "")) return;
    const values: Record<string, CellValue> = {};
    for (const column of tab.columns) {
      const text = texts.get(column.key) ?? "";
      if (text === "") {
        if (column.required && !blankAllowed.has(column.key))
          out.add(row, column.header, "обязательная ячейка не заполнена");
        continue;
      }
      const result = typeCell(column, text);
      if ("error" in result) out.add(row, column.header, result.error);
      else values[column.key] = result.value;
    }
    typed.push({ row, values });
  });
  return typed;
}

/** Typed-cell accessors: the value when the cell has that type, else undefined. */
export const str = (v: CellValue): string | undefined => (typeof v === "string" ? v : undefined);
export const num = (v: CellValue): number | undefined => (typeof v === "number" ? v : undefined);
export const bool = (v: CellValue): boolean | undefined => (typeof v === "boolean" ? v : undefined);
export const list = (v: CellValue): string[] | undefined => (Array.isArray(v) ? v : undefined);

/** Drops undefined members so the object passes exactOptionalPropertyTypes and strict schemas. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Reports a dataset schema's issues on a row, naming the column the issue's first key belongs to. */
export function schemaIssues(
  out: ErrorList,
  row: TypedRow,
  result: {
    success: boolean;
    error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
  },
  columnOf: (key: string) => string = (key) => key,
): void {
  if (result.success) return;
  for (const issue of result.error?.issues ?? []) {
    out.at(row, columnOf(String(issue.path[0] ?? "")), issue.message);
  }
}

/** The ids of `ids` not on «Школы»; none when «Школы» was not sent (nothing to check against). */
export function unknownSchools(ids: readonly string[], registry: ReadonlySet<string> | undefined): string[] {
  return registry ? ids.filter((id) => !registry.has(id)) : [];
}

/** A «Списки» cell → the list categories: `both` («ШНОР и ШНСУ») is both lists. */
export function listsOf(value: CellValue): ListCategory[] | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  return text === "both" ? ["lowResults", "adverseSocial"] : [text as ListCategory];
}
