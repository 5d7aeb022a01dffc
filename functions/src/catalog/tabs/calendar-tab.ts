// «Нерабочие дни»: days off and working days that move the roadmap's deadlines.

import { type ErrorList, str, type TypedRow } from "../tab-reader.js";

/** A day of «Нерабочие дни» (the domain's CalendarDay). */
export interface CalendarEntry {
  date: string;
  kind: "dayOff" | "workday";
  note?: string;
}

/** «Нерабочие дни» → days, each date once. */
export function parseCalendar(rows: TypedRow[], out: ErrorList): CalendarEntry[] {
  const days: CalendarEntry[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const date = str(row.values.date);
    if (date === undefined) continue;
    const earlier = seen.get(date);
    if (earlier !== undefined) out.at(row, "date", `эта дата уже указана в строке ${earlier}`);
    if (out.isBad(row)) continue;
    seen.set(date, row.row);
    const note = str(row.values.note);
    days.push({
      date,
      kind: (str(row.values.kind) ?? "dayOff") as CalendarEntry["kind"],
      ...(note !== undefined ? { note } : {}),
    });
  }
  return days;
}
