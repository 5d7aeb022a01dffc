// Whether a date exists on the calendar (2025-02-29 does not): luxon's calendar, one place instead of hand-written checks.
import { DateTime } from "luxon";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether `year`-`month`-`day` is a day of the Gregorian calendar.
 * @example isCalendarDate(2024, 2, 29) // true; isCalendarDate(2025, 2, 29) // false
 */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return DateTime.fromObject({ year, month, day }, { zone: "utc" }).isValid;
}

/**
 * Whether `value` is an existing calendar date written `YYYY-MM-DD`.
 * @example isIsoDate("2025-09-01") // true; isIsoDate("2025-02-29") // false; isIsoDate("2025-9-1") // false
 */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: "utc" }).isValid;
}
