// «Индексы»: every school with its ИСБ, results index, contextual result, rank, categories and ВПР objectivity.
import type { SchoolResult } from "../../contract/results.js";
import { categoryFill } from "../category-fills.js";
import type { Tab } from "../workbook-model.js";
import { categoriesText, indexCell, SCHOOL_COLUMNS } from "./school-cells.js";
import type { TabContext } from "./tab-context.js";

/** Which of the school's indices rest mostly on small samples, e.g. `ИСБ, индекс результатов`. */
function lowConfidenceText(school: SchoolResult): string {
  const marks: string[] = [];
  if (school.socialIndex?.lowConfidence) marks.push("ИСБ");
  if (school.resultsIndex?.lowConfidence) marks.push("индекс результатов");
  return marks.join(", ");
}

/**
 * Builds «Индексы»: one row per school of the results, best rank first (schools without a results index last),
 * then by name; the row is coloured by the school's most pressing category.
 */
export function buildIndicesTab(context: TabContext): Tab {
  const schools = context.schoolsInRankOrder;
  return {
    name: "Индексы",
    kind: "output",
    columns: [
      SCHOOL_COLUMNS.name,
      SCHOOL_COLUMNS.schoolId,
      SCHOOL_COLUMNS.cluster,
      SCHOOL_COLUMNS.socialIndex,
      SCHOOL_COLUMNS.resultsIndex,
      {
        key: "contextualResult",
        header: "Контекстный результат",
        note: "Насколько индекс результатов выше (+) или ниже (−) ожидаемого для школы с таким ИСБ.",
        format: "decimal1",
        width: 14,
      },
      SCHOOL_COLUMNS.rank,
      {
        key: "lowConfidence",
        header: "Малые выборки",
        note: "Индексы, рассчитанные в основном по показателям с малым числом участников: их значения ненадёжны, и по ним одним школа в списки не включается.",
        format: "text",
        width: 22,
      },
      { key: "categories", header: "Категории", format: "text", width: 24 },
      {
        key: "objectivitySuspicious",
        header: "Признаки необъективности ВПР",
        note: "«да» — результаты ВПР школы вызывают сомнения (маркеры Рособрнадзора) и не учтены в индексе результатов.",
        format: "text",
        width: 16,
      },
      {
        key: "objectivityReasons",
        header: "Основания (объективность ВПР)",
        format: "text",
        width: 60,
        wrap: true,
      },
    ],
    rows: schools.map((s) => [
      context.schoolName(s.schoolId),
      s.schoolId,
      s.cluster,
      indexCell(s.socialIndex),
      indexCell(s.resultsIndex),
      s.contextualResult,
      s.rank,
      lowConfidenceText(s),
      categoriesText(s.categories),
      s.objectivity.suspicious ? "да" : "нет",
      s.objectivity.reasons.join("\n"),
    ]),
    rowFills: schools.map((s) => categoryFill(s.categories)),
    fillColumn: "categories",
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
  };
}
