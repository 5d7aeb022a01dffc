// Column definitions and cell texts that several school tabs share, so «Индексы» and «ШНОР и ШНСУ» read the same.

import { CATEGORY_SHORT_LABELS } from "../../contract/labels.js";
import type { Category, SchoolResult } from "../../contract/results.js";
import { CATEGORY_PRIORITY } from "../category-fills.js";
import type { Column } from "../workbook-model.js";

export const SCHOOL_COLUMNS = {
  name: { key: "name", header: "Школа", format: "text", width: 40 },
  schoolId: {
    key: "schoolId",
    header: "Код школы",
    note: "Код школы из реестра (вкладка «Школы»).",
    format: "text",
    width: 12,
  },
  cluster: {
    key: "cluster",
    header: "Кластер",
    note: "Группа школ со сходными социальными условиями: треть территории по ИСБ или кластер, заданный в реестре. Школы сравниваются внутри своего кластера.",
    format: "text",
    width: 16,
  },
  socialIndex: {
    key: "socialIndex",
    header: "ИСБ",
    note: "Индекс социального благополучия, 0–100: чем выше, тем благоприятнее социальные условия школы.",
    format: "decimal1",
    width: 9,
  },
  resultsIndex: {
    key: "resultsIndex",
    header: "Индекс результатов",
    note: "Индекс образовательных результатов (ЕГЭ, ОГЭ, ВПР, РДР, аттестаты, олимпиады), 0–100: чем выше, тем лучше результаты.",
    format: "decimal1",
    width: 12,
  },
  rank: {
    key: "rank",
    header: "Место",
    note: "Место по индексу результатов на территории: 1 — лучшие результаты.",
    format: "integer",
    width: 8,
  },
} as const satisfies Record<string, Column>;

/** Short labels of the categories in the order of attention (`ШНОР, ШНСУ`); empty when none. */
export function categoriesText(categories: readonly Category[]): string {
  return CATEGORY_PRIORITY.filter((c) => categories.includes(c))
    .map((c) => CATEGORY_SHORT_LABELS[c])
    .join(", ");
}

/** An index's value, or an empty cell when it could not be computed. */
export function indexCell(index: SchoolResult["socialIndex"]): number | null {
  return index === null ? null : index.value;
}
