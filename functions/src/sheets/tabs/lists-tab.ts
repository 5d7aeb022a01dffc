// «ШНОР и ШНСУ»: one row per school and category (ШНОР, ШНСУ, наблюдение, резильентные, лидеры) with the reasons.

import { CATEGORY_LABELS } from "../../contract/labels.js";
import type { Category, SchoolResult } from "../../contract/results.js";
import { CATEGORY_FILLS, CATEGORY_PRIORITY } from "../category-fills.js";
import type { CellValue, HexColour, Tab } from "../workbook-model.js";
import { categoriesText, indexCell, SCHOOL_COLUMNS } from "./school-cells.js";
import type { TabContext } from "./tab-context.js";

const LISTS: readonly Category[] = ["lowResults", "adverseSocial"];

const CHANGE_TEXT: Record<NonNullable<SchoolResult["change"]>, string> = {
  entered: "Вошла в ШНОР/ШНСУ в этом году",
  stayed: "Была в ШНОР/ШНСУ и в прошлом году",
  exited: "Вышла из ШНОР/ШНСУ",
};

/** Change against last year; on a ШНОР/ШНСУ row an unknown change means last year has no data. */
function changeText(school: SchoolResult, category: Category): string {
  if (school.change !== null) return CHANGE_TEXT[school.change];
  return LISTS.includes(category) ? "нет данных за прошлый год" : "";
}

/**
 * Builds «ШНОР и ШНСУ»: for each category in the order of attention (ШНОР, ШНСУ, наблюдение, резильентные,
 * лидеры), the schools in it by rank then name, each with the reasons of that category, one per line, and the
 * change in the ШНОР/ШНСУ lists since last year. A school in two categories has two rows.
 */
export function buildListsTab(context: TabContext): Tab {
  const rows: CellValue[][] = [];
  const rowFills: (HexColour | null)[] = [];
  for (const category of CATEGORY_PRIORITY) {
    for (const school of context.schoolsInRankOrder) {
      if (!school.categories.includes(category)) continue;
      rows.push([
        context.schoolName(school.schoolId),
        school.schoolId,
        CATEGORY_LABELS[category],
        school.reasons
          .filter((r) => r.category === category)
          .map((r) => r.text)
          .join("\n"),
        changeText(school, category),
        school.cluster,
        indexCell(school.socialIndex),
        indexCell(school.resultsIndex),
        school.rank,
        categoriesText(school.categories.filter((c) => c !== category)),
      ]);
      rowFills.push(CATEGORY_FILLS[category]);
    }
  }
  return {
    name: "ШНОР и ШНСУ",
    kind: "output",
    columns: [
      SCHOOL_COLUMNS.name,
      SCHOOL_COLUMNS.schoolId,
      { key: "category", header: "Категория", format: "text", width: 36 },
      {
        key: "reasons",
        header: "Основания",
        note: "Почему школа отнесена к категории: показатель, его значение и порог методики.",
        format: "text",
        width: 70,
        wrap: true,
      },
      {
        key: "change",
        header: "Динамика к прошлому году",
        note: "Вход в списки ШНОР/ШНСУ или выход из них по сравнению с прошлым учебным годом.",
        format: "text",
        width: 24,
      },
      SCHOOL_COLUMNS.cluster,
      SCHOOL_COLUMNS.socialIndex,
      SCHOOL_COLUMNS.resultsIndex,
      SCHOOL_COLUMNS.rank,
      { key: "otherCategories", header: "Другие категории", format: "text", width: 18 },
    ],
    rows,
    rowFills,
    fillColumn: "category",
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
  };
}
