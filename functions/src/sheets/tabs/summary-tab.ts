// «Сводка»: the territory's KPIs, the changes in the ШНОР/ШНСУ lists, and the data of the ИСБ-vs-results scatter chart.
import { SUMMARY_LABELS, type SummaryKey } from "../../domain/labels.js";
import { categoryFill } from "../category-fills.js";
import type { CellValue, Section, Tab } from "../workbook-model.js";
import { categoriesText, indexCell, SCHOOL_COLUMNS } from "./school-cells.js";
import type { TabContext } from "./tab-context.js";

/** Key of the section that holds the chart's data. */
export const SCATTER_SECTION = "socialVsResults";

const NO_PREVIOUS_YEAR = "нет данных за прошлый год";

/** KPIs that compare with the previous year: empty there means the previous year has no data. */
const YEAR_ON_YEAR: readonly SummaryKey[] = [
  "enteredLowResults",
  "exitedLowResults",
  "enteredAdverseSocial",
  "exitedAdverseSocial",
];

/**
 * Builds «Сводка»: one row per KPI of `results.summary` in the order and with the labels of SUMMARY_LABELS,
 * framed by the territory and the methodology version; below it, the schools that entered or left the lists and
 * the table of ИСБ and results index of every school that has both, which the scatter chart plots.
 */
export function buildSummaryTab(context: TabContext): Tab {
  const { results, dataset } = context;
  const kpis: CellValue[][] = [["Территория", dataset.territory.name]];
  for (const key of Object.keys(SUMMARY_LABELS) as SummaryKey[]) {
    if (!(key in results.summary)) continue;
    const value = results.summary[key] ?? null;
    kpis.push([SUMMARY_LABELS[key], value === null && YEAR_ON_YEAR.includes(key) ? NO_PREVIOUS_YEAR : value]);
  }
  kpis.push(["Версия методики", results.methodology.version]);

  const sections: Section[] = [];
  const changes = listChangesSection(context);
  if (changes.rows.length > 0) sections.push(changes);
  const scatter = scatterSection(context);
  sections.push(scatter);

  const widestTable = Math.max(2, ...sections.map((s) => s.columns.length));
  return {
    name: "Сводка",
    kind: "output",
    columns: [
      { key: "indicator", header: "Показатель", format: "text", width: 48 },
      { key: "value", header: "Значение", format: "integer", width: 22 },
    ],
    rows: kpis,
    frozenRows: 1,
    sections,
    charts: [
      {
        kind: "scatter",
        title: "ИСБ и индекс результатов школ",
        section: SCATTER_SECTION,
        xColumn: SCHOOL_COLUMNS.socialIndex.key,
        yColumn: SCHOOL_COLUMNS.resultsIndex.key,
        xAxisTitle: "Индекс социального благополучия (ИСБ)",
        yAxisTitle: "Индекс образовательных результатов",
        anchor: { row: 0, column: widestTable + 1 },
      },
    ],
  };
}

const CHANGE_TEXT = {
  entered: "Вошла в ШНОР/ШНСУ",
  exited: "Вышла из ШНОР/ШНСУ",
} as const;

function listChangesSection(context: TabContext): Section {
  const moved = [...context.results.schools]
    .filter((s) => s.change === "entered" || s.change === "exited")
    .sort((a, b) => (a.change === b.change ? context.compareByName(a, b) : a.change === "entered" ? -1 : 1));
  return {
    key: "listChanges",
    title: "Изменения в списках ШНОР и ШНСУ по сравнению с прошлым годом",
    columns: [
      SCHOOL_COLUMNS.name,
      { key: "change", header: "Изменение", format: "text", width: 22 },
      { key: "categories", header: "Категории сейчас", format: "text", width: 22 },
    ],
    rows: moved.map((s) => [
      context.schoolName(s.schoolId),
      CHANGE_TEXT[s.change as keyof typeof CHANGE_TEXT],
      categoriesText(s.categories),
    ]),
    rowFills: moved.map((s) => categoryFill(s.categories)),
  };
}

function scatterSection(context: TabContext): Section {
  const plotted = context.results.schools
    .filter((s) => s.socialIndex !== null && s.resultsIndex !== null)
    .sort(context.compareByName);
  return {
    key: SCATTER_SECTION,
    title: "ИСБ и индекс результатов школ (данные диаграммы)",
    columns: [
      SCHOOL_COLUMNS.name,
      SCHOOL_COLUMNS.cluster,
      SCHOOL_COLUMNS.socialIndex,
      SCHOOL_COLUMNS.resultsIndex,
      { key: "categories", header: "Категории", format: "text", width: 22 },
    ],
    rows: plotted.map((s) => [
      context.schoolName(s.schoolId),
      s.cluster,
      indexCell(s.socialIndex),
      indexCell(s.resultsIndex),
      categoriesText(s.categories),
    ]),
    rowFills: plotted.map((s) => categoryFill(s.categories)),
  };
}
