// «Рекомендации»: the measures proposed to each school, with their priority and the rationale from its own indicators.
import type { Recommendation, SchoolResult } from "../../contract/results.js";
import { categoryFill } from "../category-fills.js";
import type { CellValue, HexColour, Tab } from "../workbook-model.js";
import { categoriesText, SCHOOL_COLUMNS } from "./school-cells.js";
import type { TabContext } from "./tab-context.js";

/** Russian word of each priority, as a working group would say it. */
export const PRIORITY_WORDS: Readonly<Record<Recommendation["priority"], string>> = {
  1: "высокий",
  2: "средний",
  3: "обычный",
};

/** `1` → `1 — высокий`: the digit first, so sorting and filtering the column keeps the order of urgency. */
export function priorityText(priority: Recommendation["priority"]): string {
  return `${priority} — ${PRIORITY_WORDS[priority]}`;
}

/**
 * Builds «Рекомендации»: one row per school and measure, schools by name and each school's measures by priority
 * (high first; equal priorities keep the order the catalog gave them). Every school that has a recommendation
 * appears, listed or not; rows are coloured by the school's most pressing category, as on «ШНОР и ШНСУ».
 */
export function buildRecommendationsTab(context: TabContext): Tab {
  const schools = context.results.schools
    .filter((s) => s.recommendations.length > 0)
    .sort(context.compareByName);
  const rows: CellValue[][] = [];
  const rowFills: (HexColour | null)[] = [];
  for (const school of schools) {
    // Array.prototype.sort is stable, so equal priorities stay in the catalog's order.
    const measures = [...school.recommendations].sort((a, b) => a.priority - b.priority);
    for (const measure of measures) {
      rows.push(recommendationRow(context, school, measure));
      rowFills.push(categoryFill(school.categories));
    }
  }
  return {
    name: "Рекомендации",
    kind: "output",
    columns: [
      SCHOOL_COLUMNS.name,
      { key: "categories", header: "Категории", format: "text", width: 14 },
      {
        key: "priority",
        header: "Приоритет",
        note: "1 — высокий (начать в первую очередь), 2 — средний, 3 — обычный.",
        format: "text",
        width: 13,
      },
      { key: "measure", header: "Мера поддержки", format: "text", width: 50, wrap: true },
      {
        key: "rationale",
        header: "Обоснование",
        note: "Какой показатель школы вызвал рекомендацию: его значение и эталон (среднее по территории или среднерегиональный показатель).",
        format: "text",
        width: 70,
        wrap: true,
      },
    ],
    rows,
    rowFills,
    fillColumn: "categories",
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
  };
}

function recommendationRow(context: TabContext, school: SchoolResult, measure: Recommendation): CellValue[] {
  return [
    context.schoolName(school.schoolId),
    categoriesText(school.categories),
    priorityText(measure.priority),
    measure.title,
    measure.rationale,
  ];
}
