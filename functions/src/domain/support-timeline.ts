// One school's support across the years: approved list membership, the working group's decisions, mentors, measures, and today's computation.
import type { AcademicYear } from "../contract/academic-year.js";
import type { Dataset } from "../contract/dataset.js";
import type { ListCategory } from "../contract/decision-cycle.js";
import type { Results } from "../contract/results.js";
import { academicYearOfDate, formatRuDate, isIsoDate } from "./academic-calendar.js";
import { checkDecision } from "./approval-rules.js";
import {
  DECISION_ACTION_LABELS,
  LIST_SHORT_NAMES,
  listCategories,
  orderText,
  versionsByYear,
} from "./approved-lists.js";

export interface TimelineYear {
  year: AcademicYear;
  /** The lists the approved version of that year puts the school on; null when no version covers the year. */
  approved: ListCategory[] | null;
  /** «приказ № … от …» of that version. */
  order?: string;
  /** The mentor recorded with the approved version (or today's pair in the report year). */
  mentorId?: string;
  /** Today's computation, in the report year only. */
  computed?: ListCategory[];
  /** Decisions of the working group naming the school: «15.10.2025, протокол № 3: не включать в ШНОР — принято». */
  decisions: string[];
  /** Roadmap measures naming the school: «Семинар (01.11.2025–30.11.2025), выполнено 28.11.2025». */
  measures: string[];
}

/**
 * The school's years, oldest first: every academic year an approved version, a decision, a measure or today's
 * results touch. Membership comes from the approved versions (the highest version of each year); decisions are
 * judged by seed 002 (an inquorate meeting decides nothing); the report year adds today's computation and pair.
 * Pure; O(versions + decisions + measures).
 */
export function supportTimeline(schoolId: string, dataset: Dataset, results: Results): TimelineYear[] {
  const years = new Map<AcademicYear, TimelineYear>();
  const yearOf = (y: AcademicYear) => {
    let entry = years.get(y);
    if (entry === undefined) {
      entry = { year: y, approved: null, decisions: [], measures: [] };
      years.set(y, entry);
    }
    return entry;
  };
  for (const [year, version] of versionsByYear(dataset.approvals ?? [])) {
    const school = version.schools.find((s) => s.schoolId === schoolId);
    const entry = yearOf(year);
    entry.approved = school?.categories ?? [];
    entry.order = orderText(version.order);
    if (school?.mentorId !== undefined) entry.mentorId = school.mentorId;
  }
  for (const meeting of dataset.meetings ?? []) {
    if (!isIsoDate(meeting.date)) continue;
    for (const d of meeting.decisions ?? []) {
      if (d.action === undefined || d.action === "approveLists" || !d.schoolIds?.includes(schoolId)) continue;
      const checked = checkDecision(meeting, d);
      const lists = d.lists?.length ? ` в ${d.lists.map((l) => LIST_SHORT_NAMES[l]).join(" и ")}` : "";
      const where = d.action === "remove" ? lists.replace(" в ", " из ") : lists;
      yearOf(academicYearOfDate(meeting.date)).decisions.push(
        `${formatRuDate(meeting.date)}${meeting.protocol !== undefined ? `, протокол № ${meeting.protocol}` : ""}: ` +
          `${DECISION_ACTION_LABELS[d.action]}${where} — ${checked.success ? "принято" : "не принято"}`,
      );
    }
  }
  for (const item of dataset.roadmap ?? []) {
    if (!item.schoolIds?.includes(schoolId) || !isIsoDate(item.from)) continue;
    yearOf(academicYearOfDate(item.from)).measures.push(
      `${item.title} (${formatRuDate(item.from)}–${formatRuDate(item.to)})${item.done !== undefined ? `, выполнено ${formatRuDate(item.done)}` : ""}`,
    );
  }
  const now = results.schools.find((s) => s.schoolId === schoolId);
  if (now !== undefined) {
    const entry = yearOf(results.year);
    entry.computed = listCategories(now.categories);
    if (now.mentorId !== null) entry.mentorId = now.mentorId;
  }
  return [...years.values()].sort((a, b) => (a.year < b.year ? -1 : a.year > b.year ? 1 : 0));
}
