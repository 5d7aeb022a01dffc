// Calendar dates in the territory's time zone: academic years (Sep 1 – Aug 31), quarters, the monitoring calendar.
import { DateTime, IANAZone } from "luxon";
import { type AcademicYear, academicYearStarting, startYear } from "../contract/academic-year.js";
import type { Result } from "../contract/result.js";

/** The zone of a territory that does not name one (docs/design.md §3.1). */
export const DEFAULT_TIME_ZONE = "Europe/Moscow";

/**
 * «Now» as the caller knows it: a luxon instant, or an ISO string. A date-only string (`2025-12-31`) is that
 * calendar day in the territory; a date-time without an offset is a wall-clock time there; one with an offset
 * (`2025-08-31T21:10:00Z`) is an instant, converted to the territory's zone.
 */
export type AsOf = DateTime | string;

/** An ISO calendar date `YYYY-MM-DD`; a day as the territory lives it, with no zone of its own. */
export type IsoDate = string;

/** The zone a territory's dates are read in: its own, else Moscow. */
export function territoryTimeZone(territory: { timeZone?: string | undefined }): string {
  return territory.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * Validates a user-supplied «as of» (a CLI flag, a request field) at the edge. The domain functions below
 * throw on an invalid `asOf` or zone, because past this check that is a bug.
 */
export function parseAsOf(
  value: AsOf,
  timeZone: string,
): Result<IsoDate, { code: "invalid_time_zone" | "invalid_as_of"; message: string }> {
  if (!IANAZone.isValidZone(timeZone))
    return {
      success: false,
      error: {
        code: "invalid_time_zone",
        message: `«${timeZone}» — неизвестный часовой пояс (пример: Europe/Moscow)`,
      },
    };
  const zoned = toZoned(value, timeZone);
  if (!zoned.isValid) {
    const shown = typeof value === "string" ? value : String(value.invalidExplanation ?? value.invalidReason);
    return {
      success: false,
      error: {
        code: "invalid_as_of",
        message: `«${shown}» — такой даты нет (дата записывается как ГГГГ-ММ-ДД)`,
      },
    };
  }
  return { success: true, data: isoDateOf(zoned) };
}

function toZoned(value: AsOf, timeZone: string): DateTime {
  return typeof value === "string" ? DateTime.fromISO(value, { zone: timeZone }) : value.setZone(timeZone);
}

function isoDateOf(dt: DateTime): IsoDate {
  // A valid DateTime always has an ISO date; the fallback only satisfies the type.
  return dt.toISODate() ?? "";
}

/**
 * The calendar date of `asOf` in `timeZone`: the one place where an instant becomes a day. The same instant
 * 2025-08-31T21:10Z is 1 September in Moscow (UTC+3) and still 31 August in Kaliningrad (UTC+2).
 * @throws RangeError on an invalid zone or date (validate with {@link parseAsOf} at the edge).
 * @example localDate("2025-08-31T21:10:00Z", "Europe/Moscow") // "2025-09-01"
 */
export function localDate(asOf: AsOf, timeZone: string): IsoDate {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`invalid time zone: ${timeZone}`);
  const zoned = toZoned(asOf, timeZone);
  if (!zoned.isValid) throw new RangeError(`invalid asOf: ${String(asOf)}`);
  return isoDateOf(zoned);
}

function utcDay(date: IsoDate): DateTime {
  const dt = DateTime.fromISO(date, { zone: "utc" });
  if (!dt.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`invalid ISO date: ${date}`);
  return dt;
}

/** Whether `value` is an existing calendar date written `YYYY-MM-DD` (2025-02-29 is not): the contract's check. */
export { isIsoDate } from "../contract/calendar-date.js";

/**
 * Whole calendar days from `from` to `to` (negative when `to` is earlier): `daysBetween("2025-12-31",
 * "2026-01-12") = 12`. Counted on dates, so no zone offset or daylight-saving shift can make it fractional.
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round(utcDay(to).diff(utcDay(from), "days").days);
}

/** `days` calendar days after `date` (before, when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDateOf(utcDay(date).plus({ days }));
}

/** A date as Russian documents write it: `2025-12-31` → `31.12.2025`. */
export function formatRuDate(date: IsoDate): string {
  return utcDay(date).toFormat("dd.LL.yyyy");
}

/** The academic year a calendar date falls in: September–December of Y and January–August of Y+1 → `Y/Y+1`. */
export function academicYearOfDate(date: IsoDate): AcademicYear {
  const d = utcDay(date);
  return academicYearStarting(d.month >= 9 ? d.year : d.year - 1);
}

/**
 * The academic year of `asOf` in the territory's zone. 2025-08-31 23:30 in Moscow is `2024/2025`, 2025-09-01
 * 00:10 is `2025/2026` — although in UTC both are still 31 August.
 */
export function academicYearOf(asOf: AsOf, timeZone: string): AcademicYear {
  return academicYearOfDate(localDate(asOf, timeZone));
}

/** A closed span of calendar days, both ends included. */
export interface DateSpan {
  start: IsoDate;
  end: IsoDate;
}

/** First and last day of an academic year: `2024/2025` → 2024-09-01 … 2025-08-31. */
export function academicYearSpan(year: AcademicYear): DateSpan {
  const y = startYear(year);
  return { start: `${y}-09-01`, end: `${y + 1}-08-31` };
}

function monthSpan(year: number, month: number, months: number): DateSpan {
  const start = DateTime.utc(year, month, 1);
  return { start: isoDateOf(start), end: isoDateOf(start.plus({ months }).minus({ days: 1 })) };
}

const ROMAN = ["I", "II", "III", "IV"] as const;

/** One quarter of a calendar year: I = January–March … IV = October–December. */
export interface CalendarQuarter extends DateSpan {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** «III квартал 2025». */
  label: string;
}

function calendarQuarterAt(year: number, quarter: 1 | 2 | 3 | 4): CalendarQuarter {
  return {
    year,
    quarter,
    label: `${ROMAN[quarter - 1]} квартал ${year}`,
    ...monthSpan(year, (quarter - 1) * 3 + 1, 3),
  };
}

/** The calendar quarter of a date: 2025-09-30 → «III квартал 2025» (2025-07-01 … 2025-09-30). */
export function calendarQuarterOfDate(date: IsoDate): CalendarQuarter {
  const d = utcDay(date);
  return calendarQuarterAt(d.year, Math.ceil(d.month / 3) as 1 | 2 | 3 | 4);
}

/** The four quarters of calendar year `year`, in order. */
export function calendarYearQuarters(year: number): CalendarQuarter[] {
  return ([1, 2, 3, 4] as const).map((q) => calendarQuarterAt(year, q));
}

/** The quarter right after `q`: IV 2025 → I 2026. */
export function nextCalendarQuarter(q: CalendarQuarter): CalendarQuarter {
  return q.quarter === 4
    ? calendarQuarterAt(q.year + 1, 1)
    : calendarQuarterAt(q.year, (q.quarter + 1) as 2 | 3 | 4);
}

/**
 * One three-month quarter of an academic year, counted from 1 September: 1 = September–November,
 * 2 = December–February (to 29 February in a leap year), 3 = March–May, 4 = June–August. Not the school
 * «четверть», whose dates each region sets itself.
 */
export interface AcademicQuarter extends DateSpan {
  year: AcademicYear;
  quarter: 1 | 2 | 3 | 4;
  /** «2-й квартал 2025/2026 учебного года». */
  label: string;
}

/** The four quarters of an academic year, in order. */
export function academicYearQuarters(year: AcademicYear): AcademicQuarter[] {
  const y = startYear(year);
  return ([1, 2, 3, 4] as const).map((quarter) => {
    const firstMonth = 9 + (quarter - 1) * 3; // 9, 12, 15, 18 → months past December roll into year y+1
    return {
      year,
      quarter,
      label: `${quarter}-й квартал ${year} учебного года`,
      ...monthSpan(y + Math.floor((firstMonth - 1) / 12), ((firstMonth - 1) % 12) + 1, 3),
    };
  });
}

/** The academic quarter of a date: 2024-02-29 → 2-й квартал 2023/2024 (2023-12-01 … 2024-02-29). */
export function academicQuarterOfDate(date: IsoDate): AcademicQuarter {
  const quarters = academicYearQuarters(academicYearOfDate(date));
  const found = quarters.find((q) => q.start <= date && date <= q.end);
  if (found === undefined) throw new RangeError(`no academic quarter for ${date}`);
  return found;
}

/** The three rounds of monitoring the seeds' programmes hold every year (seed 001, seed 003). */
export const MONITORING_KINDS = ["entry", "intermediate", "final"] as const;
export type MonitoringKind = (typeof MONITORING_KINDS)[number];

export const MONITORING_NAMES: Record<MonitoringKind, string> = {
  entry: "Входной мониторинг",
  intermediate: "Промежуточный мониторинг",
  final: "Итоговый мониторинг",
};

/** A dated monitoring window of one academic year. */
export interface MonitoringWindow extends DateSpan {
  kind: MonitoringKind;
  /** «Входной мониторинг». */
  name: string;
  year: AcademicYear;
}

/**
 * The monitoring calendar of an academic year Y/Y+1: входной 1 September – 31 October Y, промежуточный
 * 1 December Y – 31 January Y+1, итоговый 1 April – 31 May Y+1.
 */
export function monitoringCalendar(year: AcademicYear): MonitoringWindow[] {
  const y = startYear(year);
  const spans: Record<MonitoringKind, DateSpan> = {
    entry: monthSpan(y, 9, 2),
    intermediate: monthSpan(y, 12, 2),
    final: monthSpan(y + 1, 4, 2),
  };
  return MONITORING_KINDS.map((kind) => ({ kind, name: MONITORING_NAMES[kind], year, ...spans[kind] }));
}

/** Where a window stands on a day: under way, starting within the horizon, later than that, or over. */
export type WindowStatus = "current" | "upcoming" | "later" | "past";

export interface MonitoringWindowStatus extends MonitoringWindow {
  status: WindowStatus;
  /** current: days to the last day (0 on it); upcoming/later: days to the first day; past: days since the end. */
  days: number;
  /** «идёт, до окончания 12 дн. (по 31.10.2025)», «начало через 7 дн. (01.12.2025)», «завершён 31.01.2026». */
  text: string;
}

function windowStatus(w: MonitoringWindow, today: IsoDate, upcomingDays: number): MonitoringWindowStatus {
  if (today > w.end) {
    const days = daysBetween(w.end, today);
    return { ...w, status: "past", days, text: `завершён ${formatRuDate(w.end)}` };
  }
  if (today >= w.start) {
    const days = daysBetween(today, w.end);
    const left = days === 0 ? "сегодня последний день" : `до окончания ${days} дн.`;
    return { ...w, status: "current", days, text: `идёт, ${left} (по ${formatRuDate(w.end)})` };
  }
  const days = daysBetween(today, w.start);
  if (days <= upcomingDays)
    return { ...w, status: "upcoming", days, text: `начало через ${days} дн. (${formatRuDate(w.start)})` };
  return {
    ...w,
    status: "later",
    days,
    text: `запланирован на ${formatRuDate(w.start)} – ${formatRuDate(w.end)}`,
  };
}

/**
 * The monitoring windows of the academic year of `asOf` (in the territory's zone), each current, upcoming
 * (its first day at most `upcomingDays` days ahead: day 30 is in, day 31 out), later or past; plus the next
 * year's входной мониторинг when it is already upcoming (in August). In calendar order.
 */
export function monitoringStatus(
  asOf: AsOf,
  timeZone: string,
  options: { upcomingDays?: number } = {},
): MonitoringWindowStatus[] {
  const upcomingDays = options.upcomingDays ?? 30;
  const today = localDate(asOf, timeZone);
  const year = academicYearOfDate(today);
  const current = monitoringCalendar(year).map((w) => windowStatus(w, today, upcomingDays));
  const next = monitoringCalendar(academicYearStarting(startYear(year) + 1))
    .map((w) => windowStatus(w, today, upcomingDays))
    .filter((w) => w.status === "upcoming");
  return [...current, ...next];
}
