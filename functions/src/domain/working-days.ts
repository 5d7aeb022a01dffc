// Working days in Russia: weekends, the federal non-working holidays of the Labour Code (ст. 112) and the territory's own list.
import { DateTime } from "luxon";
import { addDays, type IsoDate, isIsoDate } from "./academic-calendar.js";

/**
 * The federal non-working holidays, Трудовой кодекс Российской Федерации от 30.12.2001 № 197-ФЗ, ст. 112, ч. 1
 * (official text: http://pravo.gov.ru; the article as published: https://lawnotes.ru/tk-rf/chast-3/razdel-v/glava-18/statya-112):
 * «1, 2, 3, 4, 5, 6 и 8 января — Новогодние каникулы; 7 января — Рождество Христово; 23 февраля — День защитника
 * Отечества; 8 марта — Международный женский день; 1 мая — Праздник Весны и Труда; 9 мая — День Победы; 12 июня —
 * День России; 4 ноября — День народного единства».
 */
export const FEDERAL_HOLIDAYS: readonly { month: number; day: number; name: string }[] = [
  ...[1, 2, 3, 4, 5, 6, 8].map((day) => ({ month: 1, day, name: "Новогодние каникулы" })),
  { month: 1, day: 7, name: "Рождество Христово" },
  { month: 2, day: 23, name: "День защитника Отечества" },
  { month: 3, day: 8, name: "Международный женский день" },
  { month: 5, day: 1, name: "Праздник Весны и Труда" },
  { month: 5, day: 9, name: "День Победы" },
  { month: 6, day: 12, name: "День России" },
  { month: 11, day: 4, name: "День народного единства" },
];

/**
 * A day the territory's calendar changes (the input tab «Нерабочие дни»): a day off the federal list does not
 * have (a regional holiday — Ураза-байрам and Курбан-байрам, День Республики Татарстан 30 августа, День Республики
 * Башкортостан 11 октября; a Government transfer of the January weekends), or a working day that would otherwise
 * be a day off (a Saturday the transfer made working).
 */
export interface CalendarDay {
  date: IsoDate;
  kind: "dayOff" | "workday";
  note?: string | undefined;
}

/** Why a day is not a working day, in Russian; undefined for a working day. */
export type DayOffReason = string | undefined;

function dayOfYear(date: IsoDate): { year: number; month: number; day: number; weekday: number } {
  const dt = DateTime.fromISO(date, { zone: "utc" });
  return { year: dt.year, month: dt.month, day: dt.day, weekday: dt.weekday };
}

function federalHoliday(month: number, day: number): string | undefined {
  return FEDERAL_HOLIDAYS.find((h) => h.month === month && h.day === day)?.name;
}

const isWeekend = (weekday: number) => weekday === 6 || weekday === 7;

/**
 * Days off moved by ст. 112, ч. 2: «При совпадении выходного и нерабочего праздничного дней выходной день
 * переносится на следующий после праздничного рабочий день» — except the January holidays (1–8 January), whose
 * weekends the Government moves by its own decree (enter those on «Нерабочие дни»). A year's transferred days,
 * each with the holiday it comes from.
 */
export function transferredDaysOff(year: number): Map<IsoDate, string> {
  const out = new Map<IsoDate, string>();
  for (const holiday of FEDERAL_HOLIDAYS) {
    if (holiday.month === 1) continue;
    const date = DateTime.utc(year, holiday.month, holiday.day);
    if (!isWeekend(date.weekday)) continue;
    // the next day after the holiday that is neither a weekend, a holiday nor already a transferred day
    let next = date.plus({ days: 1 });
    for (;;) {
      const iso = next.toISODate() ?? "";
      if (!isWeekend(next.weekday) && federalHoliday(next.month, next.day) === undefined && !out.has(iso)) {
        out.set(
          iso,
          `перенос выходного дня с ${holiday.day}.${String(holiday.month).padStart(2, "0")} (${holiday.name})`,
        );
        break;
      }
      next = next.plus({ days: 1 });
    }
  }
  return out;
}

/** A calendar over the territory's own days: answers «is this a working day, and if not, why». */
export interface WorkingCalendar {
  dayOff(date: IsoDate): DayOffReason;
  isWorkingDay(date: IsoDate): boolean;
}

/**
 * The working calendar: a day of the territory's list decides first (a regional holiday, a transfer, a working
 * Saturday); then the federal holidays and the days ст. 112 ч. 2 moves; then Saturday and Sunday.
 * @example workingCalendar([]).isWorkingDay("2026-05-11") // false: 9 May 2026 is a Saturday
 */
export function workingCalendar(days: readonly CalendarDay[]): WorkingCalendar {
  const own = new Map(days.filter((d) => isIsoDate(d.date)).map((d) => [d.date, d]));
  const transfers = new Map<number, Map<IsoDate, string>>();
  const transferred = (year: number) => {
    let map = transfers.get(year);
    if (map === undefined) {
      map = transferredDaysOff(year);
      transfers.set(year, map);
    }
    return map;
  };
  const dayOff = (date: IsoDate): DayOffReason => {
    const entry = own.get(date);
    if (entry !== undefined)
      return entry.kind === "workday" ? undefined : (entry.note ?? "нерабочий день территории");
    const { year, month, day, weekday } = dayOfYear(date);
    const holiday = federalHoliday(month, day);
    if (holiday !== undefined) return `${holiday} (ТК РФ, ст. 112)`;
    const moved = transferred(year).get(date);
    if (moved !== undefined) return moved;
    if (isWeekend(weekday)) return weekday === 6 ? "суббота" : "воскресенье";
    return undefined;
  };
  return { dayOff, isWorkingDay: (date) => dayOff(date) === undefined };
}

/**
 * The `count`-th working day after `start` (`start` itself not counted): the last day of a review period of
 * `count` working days that begins the day after `start`. O(count + days off in between).
 * @example addWorkingDays("2026-04-28", 10, workingCalendar([])) // "2026-05-14": 1–3 and 9–11 May are days off
 */
export function addWorkingDays(start: IsoDate, count: number, calendar: WorkingCalendar): IsoDate {
  let date = start;
  let left = count;
  while (left > 0) {
    date = addDays(date, 1);
    if (calendar.isWorkingDay(date)) left--;
  }
  return date;
}
