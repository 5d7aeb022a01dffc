// Rules of the municipal working group (seed 002, Положение п. 3.2–3.3): quarterly meetings, quorum, votes.
import type { Meeting } from "../contract/dataset.js";
import {
  type AsOf,
  academicYearOfDate,
  academicYearSpan,
  type CalendarQuarter,
  calendarQuarterOfDate,
  daysBetween,
  formatRuDate,
  type IsoDate,
  isIsoDate,
  localDate,
  nextCalendarQuarter,
} from "./academic-calendar.js";

export interface DecisionOutcome {
  title: string;
  /** Valid and carried: the meeting had a quorum and the votes (or the chair's casting vote) carried it. */
  passed: boolean;
  /** «принято: за 6, против 2, воздержались 1», «не принято: нет кворума», … */
  text: string;
}

export interface MeetingOutcome {
  date: IsoDate;
  members: number;
  present: number;
  /** More than half of the members present (п. 3.2); exactly half is not a quorum. */
  quorum: boolean;
  /** «кворум есть: присутствовали 6 из 10 (нужно не менее 6)». */
  quorumText: string;
  decisions: DecisionOutcome[];
}

export interface WorkingGroupStatus {
  /** The day the check is for, in the territory's zone. */
  asOf: IsoDate;
  /** Meetings held by `asOf`, in date order. */
  meetings: MeetingOutcome[];
  /** Ended calendar quarters with no meeting that had a quorum: «III квартал 2025». */
  quartersWithoutMeeting: string[];
  /** In Russian: missed quarters, then meetings (no quorum, unresolved ties) in date order, then data problems. */
  warnings: string[];
}

/** Members needed for a quorum: more than half, ⌊members / 2⌋ + 1 (6 of 10, 6 of 11). */
export function quorumThreshold(members: number): number {
  return Math.floor(members / 2) + 1;
}

function votesText(d: { for: number; against: number; abstained?: number | undefined }): string {
  const abstained = d.abstained ? `, воздержались ${d.abstained}` : "";
  return `за ${d.for}, против ${d.against}${abstained}`;
}

type Decision = NonNullable<Meeting["decisions"]>[number];

/**
 * One decision under п. 3.3: carried by a simple majority of the votes of those present (for > against); on a
 * tie the presiding chair's vote decides (`chairVotedFor`). A tie with the chair absent or the chair's vote
 * not recorded is not carried and is reported.
 */
function decide(meeting: Meeting, d: Decision, at: string, warnings: string[]): DecisionOutcome {
  const votes = votesText(d);
  if (d.for > d.against) {
    // «Простым большинством голосов от числа присутствующих» can also be read as a majority of all present.
    if (d.for * 2 <= meeting.present)
      warnings.push(
        `${at}: решение «${d.title}» принято большинством поданных голосов (${votes}), но за него голосовало не более половины присутствующих (${meeting.present}) — сверьте с регламентом рабочей группы.`,
      );
    return { title: d.title, passed: true, text: `принято: ${votes}` };
  }
  if (d.for < d.against) return { title: d.title, passed: false, text: `не принято: ${votes}` };
  if (meeting.chairPresent === false) {
    warnings.push(
      `${at}: по решению «${d.title}» голоса разделились поровну (${votes}), а руководитель рабочей группы отсутствовал — решение не принято.`,
    );
    return {
      title: d.title,
      passed: false,
      text: `не принято: голоса разделились поровну (${votes}), руководитель отсутствовал`,
    };
  }
  if (d.chairVotedFor === undefined) {
    warnings.push(
      `${at}: по решению «${d.title}» голоса разделились поровну (${votes}), а голос председательствующего не указан — решение считается непринятым; укажите, как голосовал председательствующий.`,
    );
    return {
      title: d.title,
      passed: false,
      text: `не принято: голоса разделились поровну (${votes}), голос председательствующего не указан`,
    };
  }
  return d.chairVotedFor
    ? { title: d.title, passed: true, text: `принято решающим голосом председательствующего: ${votes}` }
    : { title: d.title, passed: false, text: `не принято решающим голосом председательствующего: ${votes}` };
}

function assess(meeting: Meeting, warnings: string[]): MeetingOutcome {
  const at = `Заседание ${formatRuDate(meeting.date)}`;
  const need = quorumThreshold(meeting.members);
  const quorum = meeting.present >= need;
  const attendance = `присутствовали ${meeting.present} из ${meeting.members}, нужно не менее ${need}`;
  const decisions = meeting.decisions ?? [];
  if (!quorum) {
    const titles = decisions.map((d) => `«${d.title}»`).join(", ");
    warnings.push(
      decisions.length > 0
        ? `${at}: нет кворума (${attendance}) — заседание неправомочно, решения не имеют силы: ${titles}.`
        : `${at}: нет кворума (${attendance}) — заседание неправомочно.`,
    );
    return {
      date: meeting.date,
      members: meeting.members,
      present: meeting.present,
      quorum,
      quorumText: `кворума нет: ${attendance}`,
      decisions: decisions.map((d) => ({
        title: d.title,
        passed: false,
        text: `не имеет силы: нет кворума (${votesText(d)})`,
      })),
    };
  }
  return {
    date: meeting.date,
    members: meeting.members,
    present: meeting.present,
    quorum,
    quorumText: `кворум есть: ${attendance}`,
    decisions: decisions.map((d) => decide(meeting, d, at, warnings)),
  };
}

/**
 * Checks the working group against its Положение on the day `asOf` falls on in `timeZone`:
 * - quorum: present > members / 2 (5 of 10 is not a quorum, 6 of 10 is);
 * - each decision: for > against carries it; a tie goes the way the chair voted; a tie without the chair's
 *   vote, or with the chair absent, does not carry (warning); a meeting without quorum decides nothing;
 * - at least one meeting with a quorum in every calendar quarter, from the earlier of the first meeting's
 *   quarter and the quarter of the current academic year's 1 September, to the quarter before today's. The
 *   current quarter is not yet missed; when it has no meeting and ends within `reminderDays` (default 30),
 *   a reminder is added.
 * Meetings dated after `asOf` have not happened and are left out (warning); so are impossible dates.
 */
export function workingGroupStatus(
  meetings: readonly Meeting[],
  asOf: AsOf,
  timeZone: string,
  options: { reminderDays?: number } = {},
): WorkingGroupStatus {
  const reminderDays = options.reminderDays ?? 30;
  const today = localDate(asOf, timeZone);
  const dataWarnings: string[] = [];
  const held: Meeting[] = [];
  for (const m of meetings) {
    if (!isIsoDate(m.date)) dataWarnings.push(`Заседание «${m.date}»: такой даты нет — заседание не учтено.`);
    else if (m.date > today)
      dataWarnings.push(
        `Заседание ${formatRuDate(m.date)} ещё не состоялось (дата позже ${formatRuDate(today)}) — не учтено.`,
      );
    else held.push(m);
  }
  // Stable sort: meetings on the same day keep the order they were entered in.
  held.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const meetingWarnings: string[] = [];
  const outcomes = held.map((m) => assess(m, meetingWarnings));

  const validByQuarter = new Map<string, IsoDate[]>();
  const heldByQuarter = new Map<string, IsoDate[]>();
  for (const o of outcomes) {
    const label = calendarQuarterOfDate(o.date).label;
    heldByQuarter.set(label, [...(heldByQuarter.get(label) ?? []), o.date]);
    if (o.quorum) validByQuarter.set(label, [...(validByQuarter.get(label) ?? []), o.date]);
  }

  const current = calendarQuarterOfDate(today);
  const yearStart = calendarQuarterOfDate(academicYearSpan(academicYearOfDate(today)).start);
  const first = outcomes[0];
  let q: CalendarQuarter =
    first !== undefined && first.date < yearStart.start ? calendarQuarterOfDate(first.date) : yearStart;

  const quartersWithoutMeeting: string[] = [];
  const quarterWarnings: string[] = [];
  for (; q.start < current.start; q = nextCalendarQuarter(q)) {
    if (validByQuarter.has(q.label)) continue;
    quartersWithoutMeeting.push(q.label);
    const inquorate = heldByQuarter.get(q.label);
    quarterWarnings.push(
      inquorate === undefined
        ? `${q.label}: не было ни одного заседания рабочей группы (по Положению — не реже 1 раза в квартал).`
        : `${q.label}: правомочных заседаний не было — ${inquorate.map(formatRuDate).join(", ")} без кворума (по Положению — не реже 1 раза в квартал).`,
    );
  }
  const daysToEnd = daysBetween(today, current.end);
  if (!validByQuarter.has(current.label) && daysToEnd <= reminderDays)
    quarterWarnings.push(
      `${current.label}: заседаний с кворумом ещё не было, до конца квартала ${daysToEnd} дн. (по ${formatRuDate(current.end)}).`,
    );

  return {
    asOf: today,
    meetings: outcomes,
    quartersWithoutMeeting,
    warnings: [...quarterWarnings, ...meetingWarnings, ...dataWarnings],
  };
}
