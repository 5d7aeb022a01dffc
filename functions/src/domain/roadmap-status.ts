// Status of each «дорожная карта» measure on a given day in the territory: done, in progress, overdue, upcoming.
import type { RoadmapItem } from "../contract/dataset.js";
import { ROADMAP_STATUSES, type RoadmapStatusCode } from "../contract/results.js";
import {
  type AsOf,
  daysBetween,
  formatRuDate,
  type IsoDate,
  isIsoDate,
  localDate,
} from "./academic-calendar.js";

// The closed set lives in the Results contract, which carries the statuses to the sheet.
export { ROADMAP_STATUSES, type RoadmapStatusCode } from "../contract/results.js";

/** Russian names of the statuses, for legends and filters. */
export const ROADMAP_STATUS_LABELS: Record<RoadmapStatusCode, string> = {
  done: "выполнено",
  done_late: "выполнено с опозданием",
  in_progress: "в работе",
  overdue: "просрочено",
  upcoming: "скоро начало",
  planned: "запланировано",
};

export interface RoadmapItemStatus {
  id: string;
  title: string;
  from: IsoDate;
  to: IsoDate;
  responsible?: string;
  expectedResult?: string;
  schoolIds?: string[];
  /** The completion date as entered, when it counts (not later than `asOf`). */
  done?: IsoDate;
  status: RoadmapStatusCode;
  /** «выполнено», «выполнено с опозданием на 5 дн.», «в работе, срок через 3 дн.», «просрочено на 12 дн.», … */
  statusText: string;
  /** in_progress: days to the deadline, 0 on the last day. */
  daysLeft?: number;
  /** overdue: days past the deadline as of today; done_late: days past it on completion. */
  daysOverdue?: number;
  /** upcoming and planned: days to the first day. */
  daysUntilStart?: number;
}

export interface RoadmapStatus {
  /** The day the statuses are for, in the territory's zone. */
  asOf: IsoDate;
  items: RoadmapItemStatus[];
  counts: Record<RoadmapStatusCode, number>;
  /** In Russian: overdue measures first, then problems with the dates as entered. */
  warnings: string[];
}

function statusOf(
  item: RoadmapItem,
  done: IsoDate | undefined,
  today: IsoDate,
  upcomingDays: number,
): Pick<RoadmapItemStatus, "status" | "statusText" | "daysLeft" | "daysOverdue" | "daysUntilStart"> {
  if (done !== undefined) {
    const late = daysBetween(item.to, done);
    return late > 0
      ? { status: "done_late", statusText: `выполнено с опозданием на ${late} дн.`, daysOverdue: late }
      : { status: "done", statusText: "выполнено" };
  }
  // A measure due on 31 December may still be done on 31 December: it is overdue from 1 January.
  if (today > item.to) {
    const daysOverdue = daysBetween(item.to, today);
    return { status: "overdue", statusText: `просрочено на ${daysOverdue} дн.`, daysOverdue };
  }
  if (today >= item.from) {
    const daysLeft = daysBetween(today, item.to);
    const statusText = daysLeft === 0 ? "в работе, срок сегодня" : `в работе, срок через ${daysLeft} дн.`;
    return { status: "in_progress", statusText, daysLeft };
  }
  const daysUntilStart = daysBetween(today, item.from);
  return daysUntilStart <= upcomingDays
    ? { status: "upcoming", statusText: `начало через ${daysUntilStart} дн.`, daysUntilStart }
    : { status: "planned", statusText: "запланировано", daysUntilStart };
}

function quoted(item: RoadmapItem): string {
  return `«${item.title}» (${item.id})`;
}

/**
 * The status of each roadmap measure on the day `asOf` falls on in `timeZone`. Dates are calendar dates of
 * the territory, both ends included:
 * - done (`done` ≤ `to`) → «выполнено»; done later → «выполнено с опозданием на N дн.», N = done − to;
 * - not done and today > `to` → «просрочено на N дн.», N = today − to (so due 2025-12-31 is overdue on 2026-01-01);
 * - `from` ≤ today ≤ `to` → «в работе, срок через N дн.», N = to − today;
 * - today < `from`, `from` − today ≤ `upcomingDays` (default 30: day 30 in, day 31 out) → «начало через N дн.»;
 * - otherwise «запланировано».
 * A completion date later than today is not counted (warning). Items whose dates do not exist are left out
 * with a warning (the dataset validation reports them first). Order: overdue first (longest first), then by
 * deadline, start and id, so the same input always gives the same table.
 */
export function roadmapStatus(
  items: readonly RoadmapItem[],
  asOf: AsOf,
  timeZone: string,
  options: { upcomingDays?: number } = {},
): RoadmapStatus {
  const upcomingDays = options.upcomingDays ?? 30;
  const today = localDate(asOf, timeZone);
  const out: RoadmapItemStatus[] = [];
  const dataWarnings: string[] = [];
  const seen = new Set<string>();

  for (const item of items) {
    const badDates = (["from", "to", "done"] as const).filter((k) => {
      const v = item[k];
      return v !== undefined && !isIsoDate(v);
    });
    if (badDates.length > 0) {
      const shown = badDates.map((k) => item[k]).join(", ");
      dataWarnings.push(`Мероприятие ${quoted(item)}: такой даты нет (${shown}) — статус не определён.`);
      continue;
    }
    if (seen.has(item.id))
      dataWarnings.push(`Код мероприятия «${item.id}» повторяется — проверьте дорожную карту.`);
    seen.add(item.id);
    if (item.to < item.from)
      dataWarnings.push(
        `Мероприятие ${quoted(item)}: срок окончания ${formatRuDate(item.to)} раньше начала ${formatRuDate(item.from)}.`,
      );
    let done = item.done;
    if (done !== undefined && done > today) {
      dataWarnings.push(
        `Мероприятие ${quoted(item)}: дата выполнения ${formatRuDate(done)} ещё не наступила — мероприятие считается невыполненным.`,
      );
      done = undefined;
    }
    const row: RoadmapItemStatus = {
      id: item.id,
      title: item.title,
      from: item.from,
      to: item.to,
      ...statusOf(item, done, today, upcomingDays),
    };
    if (item.responsible !== undefined) row.responsible = item.responsible;
    if (item.expectedResult !== undefined) row.expectedResult = item.expectedResult;
    if (item.schoolIds !== undefined) row.schoolIds = [...item.schoolIds];
    if (done !== undefined) row.done = done;
    out.push(row);
  }

  out.sort(
    (a, b) =>
      Number(b.status === "overdue") - Number(a.status === "overdue") ||
      compare(a.to, b.to) ||
      compare(a.from, b.from) ||
      compare(a.id, b.id) ||
      compare(a.title, b.title),
  );

  const counts = Object.fromEntries(ROADMAP_STATUSES.map((s) => [s, 0])) as Record<RoadmapStatusCode, number>;
  for (const row of out) counts[row.status] += 1;

  const overdueWarnings = out
    .filter((row) => row.status === "overdue")
    .map((row) => {
      const who = row.responsible === undefined ? "" : `, ответственный: ${row.responsible}`;
      return `Мероприятие «${row.title}» просрочено на ${row.daysOverdue} дн. (срок ${formatRuDate(row.to)}${who}).`;
    });

  return { asOf: today, items: out, counts, warnings: [...overdueWarnings, ...dataWarnings] };
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
