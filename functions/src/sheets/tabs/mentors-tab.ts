// «Наставники»: each ШНОР/ШНСУ school with its mentor school and why it was chosen, or why it has none.

import { CATEGORY_SHORT_LABELS } from "../../contract/labels.js";
import type { Category, SchoolResult } from "../../contract/results.js";
import type { CellValue, HexColour, Section, Tab } from "../workbook-model.js";
import { categoriesText, indexCell, SCHOOL_COLUMNS } from "./school-cells.js";
import { STATUS_FILLS } from "./status-fills.js";
import type { TabContext } from "./tab-context.js";

/** The lists whose schools get a mentor (docs/methodology.md). */
export const SUPPORTED_LISTS: readonly Category[] = ["lowResults", "adverseSocial"];

/** Whether a school is on the ШНОР or ШНСУ list, and so in the support programme. */
export function isListed(school: SchoolResult): boolean {
  return school.categories.some((c) => SUPPORTED_LISTS.includes(c));
}

/** Mentor cell of a school that has none, so a filter on the column finds them all. */
export const NO_MENTOR = "не назначен";

/** Note of a listed school without a mentor when the results give no reason (results from before the note). */
const NO_MENTOR_NOTE = "Наставник не назначен.";

/** Reason that opens a pair the coordinator fixed (domain/mentor-matching.ts). */
const PINNED_REASON = "закреплено координатором";

/**
 * The mentor's category among those that may mentor, e.g. «Лидер»; «Эффективная» for a mentor the method took
 * from the wider circle (neither leader nor resilient, methodology §9.1); nothing for a pinned school of neither.
 */
function mentorKind(mentor: SchoolResult | undefined, reasons: readonly string[] = []): string {
  if (mentor === undefined) return "";
  const kinds = (["leader", "resilient"] as const)
    .filter((c) => mentor.categories.includes(c))
    .map((c) => CATEGORY_SHORT_LABELS[c]);
  if (kinds.length === 0 && reasons[0] !== PINNED_REASON && reasons.length > 0) return "Эффективная";
  return kinds.join(", ");
}

/**
 * Builds «Наставники»: one row per ШНОР/ШНСУ school, and per other school the coordinator pinned a mentor to (a
 * school that left the lists keeps its partner), by name — its categories and indices, the mentor school with
 * its ИСБ and results index, and the reasons of the pair one per line («закреплено координатором» first for a
 * pair the coordinator fixed). A school without a mentor shows why (`mentorNote`) on a warning-coloured row.
 * Below, each mentor school with its mentees, so the coordinator sees who carries how many.
 */
export function buildMentorsTab(context: TabContext): Tab {
  const reasonsOf = new Map(context.results.pairs.map((p) => [p.menteeId, p.reasons]));
  const listed = context.results.schools
    .filter((s) => isListed(s) || s.mentorId !== null)
    .sort(context.compareByName);
  const rows: CellValue[][] = [];
  const rowFills: (HexColour | null)[] = [];
  for (const school of listed) {
    const mentorId = school.mentorId;
    const mentor = mentorId === null ? undefined : context.schoolResult(mentorId);
    rows.push([
      context.schoolName(school.schoolId),
      categoriesText(school.categories),
      indexCell(school.socialIndex),
      indexCell(school.resultsIndex),
      mentorId === null ? NO_MENTOR : context.schoolName(mentorId),
      mentorKind(mentor, reasonsOf.get(school.schoolId)),
      mentor === undefined ? null : indexCell(mentor.socialIndex),
      mentor === undefined ? null : indexCell(mentor.resultsIndex),
      mentorId === null
        ? (school.mentorNote ?? NO_MENTOR_NOTE)
        : (reasonsOf.get(school.schoolId) ?? []).join("\n"),
    ]);
    rowFills.push(mentorId === null ? STATUS_FILLS.warning : null);
  }
  return {
    name: "Наставники",
    kind: "output",
    columns: [
      SCHOOL_COLUMNS.name,
      { key: "categories", header: "Категории", format: "text", width: 14 },
      SCHOOL_COLUMNS.socialIndex,
      SCHOOL_COLUMNS.resultsIndex,
      {
        key: "mentor",
        header: "Школа-наставник",
        note: "Школа-лидер или резильентная школа в сходных социальных условиях, подобранная по методике (число подопечных у одной школы ограничено, см. вкладку «Настройки»); если их не хватает — эффективная школа вне списков, а затем школа с менее сходным ИСБ (сказано в основаниях); или закреплённая координатором на вкладке «Закрепление пар».",
        format: "text",
        width: 40,
      },
      { key: "mentorCategory", header: "Категория наставника", format: "text", width: 14 },
      {
        key: "mentorSocialIndex",
        header: "ИСБ наставника",
        note: SCHOOL_COLUMNS.socialIndex.note,
        format: "decimal1",
        width: 11,
      },
      {
        key: "mentorResultsIndex",
        header: "Индекс результатов наставника",
        note: SCHOOL_COLUMNS.resultsIndex.note,
        format: "decimal1",
        width: 14,
      },
      {
        key: "reasons",
        header: "Основания подбора",
        note: "Почему выбрана эта школа-наставник: сходство социальных условий, расстояние, сильные стороны наставника там, где подопечная слабее всего. Если наставник не назначен — почему.",
        format: "text",
        width: 70,
        wrap: true,
      },
    ],
    rows,
    rowFills,
    fillColumn: "mentor",
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
    sections: [mentorLoadSection(context, listed)],
  };
}

/**
 * Each mentor school (by name) with its indices and mentees. The columns line up with the main table's (name,
 * category, indices, then the mentees under «Школа-наставник»), so both read well at the main table's widths.
 */
function mentorLoadSection(context: TabContext, listed: readonly SchoolResult[]): Section {
  const menteesOf = new Map<string, string[]>();
  for (const school of listed) {
    if (school.mentorId === null) continue;
    const names = menteesOf.get(school.mentorId) ?? [];
    names.push(context.schoolName(school.schoolId));
    menteesOf.set(school.mentorId, names);
  }
  // The reasons of a pair the method chose for each mentor, if any: what tells an effective school from a pin.
  const chosenReasons = new Map<string, string[]>();
  for (const pair of context.results.pairs) {
    if (pair.reasons[0] !== PINNED_REASON) chosenReasons.set(pair.mentorId, pair.reasons);
  }
  const collator = new Intl.Collator("ru", { sensitivity: "variant", numeric: true });
  const mentors = [...menteesOf.keys()].sort(
    (a, b) => collator.compare(context.schoolName(a), context.schoolName(b)) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return {
    key: "mentorLoad",
    title: "Школы-наставники и их подопечные",
    columns: [
      { key: "mentor", header: "Школа-наставник", format: "text", width: 40 },
      { key: "mentorCategory", header: "Категория", format: "text", width: 14 },
      SCHOOL_COLUMNS.socialIndex,
      SCHOOL_COLUMNS.resultsIndex,
      { key: "mentees", header: "Подопечные школы", format: "text", width: 40, wrap: true },
      {
        key: "menteeCount",
        header: "Подопечных",
        note: "Сколько школ из списков ШНОР и ШНСУ сопровождает наставник (предел задан на вкладке «Настройки»).",
        format: "integer",
        width: 14,
      },
    ],
    rows: mentors.map((id) => {
      const mentor = context.schoolResult(id);
      const mentees = menteesOf.get(id) ?? [];
      return [
        context.schoolName(id),
        mentorKind(mentor, chosenReasons.get(id)),
        mentor === undefined ? null : indexCell(mentor.socialIndex),
        mentor === undefined ? null : indexCell(mentor.resultsIndex),
        mentees.join("\n"),
        mentees.length,
      ];
    }),
  };
}
