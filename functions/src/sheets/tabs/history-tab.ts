// «История»: each school's support across the years — approved lists and orders, today's computation, mentor, decisions, measures.
import { supportTimeline } from "../../domain/support-timeline.js";
import type { CellValue, Tab } from "../workbook-model.js";
import { listsText } from "./decision-view.js";
import type { TabContext } from "./tab-context.js";

/**
 * Builds «История»: one row per school and academic year the decision cycle touched, schools by name, years in
 * order — the approved lists of that year and the order, today's computation (report year), the mentor, the
 * working group's decisions on the school and the roadmap measures naming it. Membership is the approved
 * versions', so an import that rewrites past facts never changes who was in support in which year.
 */
export function buildHistoryTab(context: TabContext): Tab {
  const rows: CellValue[][] = [];
  const schools = [...context.results.schools].sort(context.compareByName);
  for (const school of schools) {
    const timeline = supportTimeline(school.schoolId, context.dataset, context.results);
    // a school never on a list, never decided about, with no measure: nothing to tell
    if (
      !timeline.some(
        (y) =>
          (y.approved?.length ?? 0) > 0 ||
          (y.computed?.length ?? 0) > 0 ||
          y.decisions.length > 0 ||
          y.measures.length > 0,
      )
    )
      continue;
    for (const y of timeline) {
      rows.push([
        context.schoolName(school.schoolId),
        school.schoolId,
        y.year,
        y.approved === null ? "нет утверждённого списка" : listsText(y.approved, "не входит"),
        y.order ?? "",
        y.computed === undefined ? "" : listsText(y.computed, "не входит"),
        y.mentorId === undefined ? "" : context.schoolName(y.mentorId),
        y.decisions.join("\n"),
        y.measures.join("\n"),
      ]);
    }
  }
  return {
    name: "История",
    kind: "output",
    columns: [
      { key: "name", header: "Школа", format: "text", width: 40 },
      { key: "schoolId", header: "Код школы", format: "text", width: 12 },
      { key: "year", header: "Учебный год", format: "text", width: 11 },
      { key: "approved", header: "Утверждённые списки", format: "text", width: 16 },
      { key: "order", header: "Приказ", format: "text", width: 28 },
      {
        key: "computed",
        header: "Расчёт",
        note: "Списки по сегодняшнему расчёту (только текущий год).",
        format: "text",
        width: 12,
      },
      { key: "mentor", header: "Школа-наставник", format: "text", width: 36 },
      { key: "decisions", header: "Решения рабочей группы", format: "text", width: 50, wrap: true },
      { key: "measures", header: "Меры дорожной карты", format: "text", width: 50, wrap: true },
    ],
    rows,
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
  };
}
