// «Критерии результативности»: seed 000's effectiveness criteria for each school in support — expected, actual, met or not.
import type { SchoolResult } from "../../contract/results.js";
import type { CellValue, HexColour, Section, Tab } from "../workbook-model.js";
import { categoriesText, SCHOOL_COLUMNS } from "./school-cells.js";
import { STATUS_FILLS } from "./status-fills.js";
import type { TabContext } from "./tab-context.js";

export type CriterionStatus = NonNullable<SchoolResult["criteria"]>[number]["status"];

/** Status words as the seed's assessment table puts them. */
export const CRITERION_STATUS_TEXT: Readonly<Record<CriterionStatus, string>> = {
  met: "выполнен",
  not_met: "не выполнен",
  no_data: "нет данных",
};

/** Green for met, red for not met, grey when there is nothing to judge by. */
export const CRITERION_STATUS_FILLS: Readonly<Record<CriterionStatus, HexColour>> = {
  met: STATUS_FILLS.good,
  not_met: STATUS_FILLS.bad,
  no_data: STATUS_FILLS.unknown,
};

/**
 * Builds «Критерии результативности»: one row per school in support (by name) and criterion (in the seed's order) with the
 * expected and actual values and the status in Russian, coloured green / red / grey; below, each school's count
 * of met, not met and unknown criteria. Schools without criteria (not in support) are not shown.
 */
export function buildCriteriaTab(context: TabContext): Tab {
  const schools = context.results.schools
    .filter((s) => s.criteria !== undefined && s.criteria.length > 0)
    .sort(context.compareByName);
  const rows: CellValue[][] = [];
  const rowFills: (HexColour | null)[] = [];
  for (const school of schools) {
    for (const criterion of school.criteria ?? []) {
      rows.push([
        context.schoolName(school.schoolId),
        categoriesText(school.categories),
        criterion.title,
        criterion.expected,
        criterion.actual,
        CRITERION_STATUS_TEXT[criterion.status],
      ]);
      rowFills.push(CRITERION_STATUS_FILLS[criterion.status]);
    }
  }
  return {
    name: "Критерии результативности",
    kind: "output",
    columns: [
      SCHOOL_COLUMNS.name,
      { key: "categories", header: "Категории", format: "text", width: 14 },
      {
        key: "criterion",
        header: "Критерий результативности",
        note: "Критерии оценки результативности мер поддержки школ ШНОР и ШНСУ (муниципальная программа поддержки).",
        format: "text",
        width: 50,
        wrap: true,
      },
      { key: "expected", header: "Ожидаемое значение", format: "text", width: 24, wrap: true },
      { key: "actual", header: "Фактическое значение", format: "text", width: 24, wrap: true },
      {
        key: "status",
        header: "Статус",
        note: "«выполнен», «не выполнен» или «нет данных» — школа не сдала нужные сведения, и критерий не оценить.",
        format: "text",
        width: 14,
      },
    ],
    rows,
    rowFills,
    fillColumn: "status",
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
    sections: [criteriaCountSection(context, schools)],
  };
}

/** Per school: how many criteria are met, not met and without data, out of how many. */
function criteriaCountSection(context: TabContext, schools: readonly SchoolResult[]): Section {
  const count = (school: SchoolResult, status: CriterionStatus) =>
    (school.criteria ?? []).filter((c) => c.status === status).length;
  return {
    key: "criteriaCounts",
    title: "Итог по школам: сколько критериев выполнено",
    columns: [
      SCHOOL_COLUMNS.name,
      { key: "categories", header: "Категории", format: "text", width: 14 },
      { key: "met", header: "Выполнено", format: "integer", width: 12 },
      { key: "notMet", header: "Не выполнено", format: "integer", width: 14 },
      { key: "noData", header: "Нет данных", format: "integer", width: 12 },
      { key: "total", header: "Всего критериев", format: "integer", width: 14 },
    ],
    rows: schools.map((s) => [
      context.schoolName(s.schoolId),
      categoriesText(s.categories),
      count(s, "met"),
      count(s, "not_met"),
      count(s, "no_data"),
      (s.criteria ?? []).length,
    ]),
  };
}
