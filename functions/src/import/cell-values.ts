// Cells of imported tables read the way people and exports write them: text, numbers with a decimal comma, dates as text or Excel serials.
import { parseDate, parseLocaleNumber } from "../catalog/answer-coercion.js";
import type { CellValue } from "./xlsx-rows.js";

/** A cell as trimmed text: numbers without exponent noise, booleans as «Да»/«Нет», empty as "". */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "boolean") return value ? "Да" : "Нет";
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/** A number cell, or text that reads as one (`3,5`, `1 200`); undefined for anything else. */
export function cellNumber(value: CellValue | undefined): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string") return parseLocaleNumber(value);
  return undefined;
}

const DAY_MS = 86_400_000;

/**
 * An Excel serial day number → ISO date. The 1900 system counts from 1899-12-30 (it keeps Lotus's phantom
 * 29 February 1900, so serials from 61 on need no correction); the 1904 system from 1904-01-01.
 * @example excelSerialDate(45762, false) === "2025-04-15"
 */
export function excelSerialDate(serial: number, date1904: boolean): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A date cell: an Excel serial number (a date-formatted cell), `15.04.2025`, `2025-04-15`, either with a time
 * after it → `2025-04-15`; undefined when it is not a date.
 */
export function cellDate(value: CellValue | undefined, date1904: boolean): string | undefined {
  if (typeof value === "number") {
    // 1990-01-01 … 2100-01-01: a plausible exam date, not some other number.
    return value >= 32874 && value < 73051 ? excelSerialDate(value, date1904) : undefined;
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim().replace(/[T\s]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, "");
  return parseDate(text);
}

/**
 * The academic year a ВПР date belongs to: September–December of Y → Y/Y+1, January–August of Y → Y−1/Y.
 * @example academicYearOfDate("2024-10-01") === "2024/2025"; academicYearOfDate("2025-04-15") === "2024/2025"
 */
export function academicYearOfDate(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const start = month >= 9 ? year : year - 1;
  return `${start}/${start + 1}`;
}

/** Task cells that mean «not done / no answer»: blank, «X»/«Х», dashes, «н/п». */
export function isNotDone(value: CellValue | undefined): boolean {
  if (typeof value === "number") return false;
  const text = cellText(value).toUpperCase();
  return (
    text === "" ||
    text === "X" ||
    text === "Х" ||
    text === "-" ||
    text === "—" ||
    text === "–" ||
    text === "Н/П"
  );
}
