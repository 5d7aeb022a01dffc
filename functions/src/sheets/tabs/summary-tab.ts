// «Сводка»: the territory's KPIs, the changes in the ШНОР/ШНСУ lists, and the data of the ИСБ-vs-results scatter chart.
import { PRESET_LABELS, type PresetName } from "../../contract/criteria-vocabulary.js";
import { SUMMARY_LABELS, type SummaryKey } from "../../contract/labels.js";
import { categoryFill } from "../category-fills.js";
import type { CellValue, Section, Tab } from "../workbook-model.js";
import { isListed, NO_MENTOR } from "./mentors-tab.js";
import { categoriesText, indexCell, SCHOOL_COLUMNS } from "./school-cells.js";
import { STATUS_FILLS } from "./status-fills.js";
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

const NO_DATA = "нет данных";

/** KPIs of the mentoring section: how many pairs, how many listed schools have no mentor. */
const MENTORING_KEYS: readonly SummaryKey[] = ["pairs", "withoutMentor"];

/** KPIs that are percentages 0..100 (their labels end in «, %»): shown as such, with one decimal. */
export const PERCENT_SUMMARY_KEYS: readonly SummaryKey[] = (
  Object.keys(SUMMARY_LABELS) as SummaryKey[]
).filter((key) => SUMMARY_LABELS[key].endsWith(", %"));

/** Whether the results carry the support programme (mentors, territory indicators), i.e. are not from before it. */
function hasSupportProgramme(context: TabContext): boolean {
  const { summary, pairs } = context.results;
  return pairs.length > 0 || [...MENTORING_KEYS, ...PERCENT_SUMMARY_KEYS].some((key) => key in summary);
}

/**
 * Builds «Сводка»: one row per KPI of `results.summary` in the order and with the labels of SUMMARY_LABELS,
 * framed by the territory and the methodology version; below it, for results with the support programme, the
 * mentor pairs and the listed schools without a mentor, and the programme's indicators in percent (one decimal);
 * then the schools that entered or left the lists and the table of ИСБ and results index of every school that
 * has both, which the scatter chart plots.
 */
export function buildSummaryTab(context: TabContext): Tab {
  const { results, dataset } = context;
  const kpis: CellValue[][] = [["Территория", dataset.territory.name]];
  for (const key of Object.keys(SUMMARY_LABELS) as SummaryKey[]) {
    if (!(key in results.summary)) continue;
    // Pairs and percentages have their own sections: the value column here shows whole numbers
    if (MENTORING_KEYS.includes(key) || PERCENT_SUMMARY_KEYS.includes(key)) continue;
    const value = results.summary[key] ?? null;
    kpis.push([SUMMARY_LABELS[key], value === null && YEAR_ON_YEAR.includes(key) ? NO_PREVIOUS_YEAR : value]);
  }
  kpis.push(["Версия методики", results.methodology.version]);
  // Only when a criteria table is in force: a default run shows no such row (its bytes stay as they were).
  const criteria = results.methodology.criteria?.filter((row) => row.rule === undefined).length ?? 0;
  if (criteria > 0) {
    const preset = results.methodology.preset as PresetName | undefined;
    const from = preset === undefined ? "" : `; пресет — ${PRESET_LABELS[preset] ?? preset}`;
    kpis.push(["Критерии выявления", `таблица критериев: ${criteria}${from}`]);
  }

  const sections: Section[] = [];
  if (hasSupportProgramme(context)) {
    sections.push(mentoringSection(context));
    const without = withoutMentorSection(context);
    if (without.rows.length > 0) sections.push(without);
    sections.push(supportIndicatorsSection(context));
  }
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

/** The number of pairs and of listed schools without a mentor; counted from the results when the summary lacks them. */
function mentoringSection(context: TabContext): Section {
  const { summary, pairs, schools } = context.results;
  const counted: Record<string, number> = {
    pairs: pairs.length,
    withoutMentor: schools.filter((s) => isListed(s) && s.mentorId === null).length,
  };
  return {
    key: "mentoring",
    title: "Наставничество",
    columns: [
      { key: "indicator", header: "Показатель", format: "text", width: 48 },
      { key: "value", header: "Значение", format: "integer", width: 22 },
    ],
    rows: MENTORING_KEYS.map((key) => [SUMMARY_LABELS[key], summary[key] ?? counted[key] ?? null]),
  };
}

/** The ШНОР/ШНСУ schools without a mentor, by name, with the reason (details on «Наставники»). */
function withoutMentorSection(context: TabContext): Section {
  const schools = context.results.schools
    .filter((s) => isListed(s) && s.mentorId === null)
    .sort(context.compareByName);
  return {
    key: "withoutMentor",
    title: "Школы ШНОР и ШНСУ без наставника",
    columns: [
      SCHOOL_COLUMNS.name,
      { key: "note", header: "Почему нет наставника", format: "text", width: 30, wrap: true },
      { key: "categories", header: "Категории", format: "text", width: 22 },
    ],
    rows: schools.map((s) => [
      context.schoolName(s.schoolId),
      s.mentorNote ?? `Наставник ${NO_MENTOR}.`,
      categoriesText(s.categories),
    ]),
    rowFills: schools.map(() => STATUS_FILLS.warning),
  };
}

/**
 * The support programme's indicators (seeds 000, 001, 004): percentages 0..100 shown with one decimal, as the
 * labels say «, %»; a share that cannot be computed (no listed schools, no data) reads «нет данных».
 */
function supportIndicatorsSection(context: TabContext): Section {
  const { summary } = context.results;
  return {
    key: "supportIndicators",
    title: "Показатели программы поддержки",
    columns: [
      { key: "indicator", header: "Показатель", format: "text", width: 48 },
      { key: "value", header: "Значение, %", format: "decimal1", width: 22 },
    ],
    rows: PERCENT_SUMMARY_KEYS.map((key) => {
      const value = summary[key];
      return [SUMMARY_LABELS[key], typeof value === "number" ? value : NO_DATA];
    }),
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
    fillColumn: "categories",
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
    fillColumn: "categories",
  };
}
