// The closed vocabulary of identification criteria (indicators, comparisons, references, windows, rules, presets): plain data, bundled into Apps Script.

/**
 * How an indicator's value is written and what a threshold means: `percent` 0–100 (a share of pupils, teachers,
 * participants), `score100` a ЕГЭ mean score, `grade5` an ОГЭ mean mark, `points` a sum of ВПР primary scores,
 * `percentile` an index's place 0–100, `count` a number of flags, `flag` 1 = yes, 0 = no.
 */
export const INDICATOR_UNITS = [
  "percent",
  "score100",
  "grade5",
  "points",
  "percentile",
  "count",
  "flag",
] as const;
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];

/** The range a value of each unit can take, so a threshold outside it is refused as impossible. */
export const UNIT_RANGES: Readonly<Record<IndicatorUnit, { min: number; max: number }>> = {
  percent: { min: 0, max: 100 },
  score100: { min: 0, max: 100 },
  grade5: { min: 2, max: 5 },
  points: { min: 0, max: 600 },
  percentile: { min: 0, max: 100 },
  count: { min: 0, max: 10 },
  flag: { min: 0, max: 1 },
};

export interface IndicatorSpec {
  readonly unit: IndicatorUnit;
  /** Whether «Эталоны» can give a regional value of it (the `regional` reference). */
  readonly regional: boolean;
}

/**
 * Every indicator a criterion may name: every component of both indices, the two indices themselves, and what the
 * seed programmes' tables need besides (issue 12 §1). Russian names are in `contract/labels.ts`.
 */
export const CRITERIA_INDICATORS = {
  resultsIndex: { unit: "percentile", regional: false },
  socialIndex: { unit: "percentile", regional: false },
  egeRussian: { unit: "score100", regional: true },
  egeMath: { unit: "score100", regional: true },
  egeAtLeast80: { unit: "percent", regional: true },
  egeAtLeast80RussianMath: { unit: "percent", regional: true },
  egeBelowMinimum: { unit: "percent", regional: true },
  giaBelowMinimumRussianMath: { unit: "percent", regional: false },
  ogeRussian: { unit: "grade5", regional: true },
  ogeMath: { unit: "grade5", regional: true },
  ogeFailed: { unit: "percent", regional: true },
  noCertificate9: { unit: "percent", regional: false },
  noCertificate11: { unit: "percent", regional: false },
  vprGrade2: { unit: "percent", regional: true },
  vprGrade2Grades5and8: { unit: "percent", regional: true },
  vprGrade4Sum: { unit: "points", regional: true },
  vprJournalMismatch: { unit: "percent", regional: false },
  vprObjectivity: { unit: "flag", regional: false },
  rdrUnsatisfactory: { unit: "percent", regional: true },
  olympiadParticipation: { unit: "percent", regional: false },
  olympiadContestParticipation: { unit: "percent", regional: false },
  continuedTo10: { unit: "percent", regional: false },
  accreditationSuspended: { unit: "flag", regional: false },
  notAttested: { unit: "percent", regional: false },
  chronicAbsence: { unit: "percent", regional: false },
  teachersHighestCategory: { unit: "percent", regional: false },
  teachersUnder35: { unit: "percent", regional: false },
  teachersOver55: { unit: "percent", regional: false },
  teacherVacancies: { unit: "percent", regional: false },
  bothParentsHigherEducation: { unit: "percent", regional: false },
  singleParentFamilies: { unit: "percent", regional: false },
  onPreventiveRegister: { unit: "percent", regional: false },
  nonNativeRussian: { unit: "percent", regional: false },
  disabilities: { unit: "percent", regional: false },
  difficultLifeSituation: { unit: "percent", regional: false },
  remote: { unit: "flag", regional: false },
  infrastructureDeficit: { unit: "flag", regional: false },
  missingSpecialists: { unit: "flag", regional: false },
  smallSchool: { unit: "flag", regional: false },
  disadvantageFlags: { unit: "count", regional: false },
} as const satisfies Record<string, IndicatorSpec>;
export type CriteriaIndicator = keyof typeof CRITERIA_INDICATORS;
export const CRITERIA_INDICATOR_KEYS = Object.keys(CRITERIA_INDICATORS) as CriteriaIndicator[];

/** Which list a criterion feeds. */
export const CRITERIA_LISTS = ["lowResults", "adverseSocial"] as const;
export type CriteriaList = (typeof CRITERIA_LISTS)[number];

/** below: value < reference − threshold; above: value > reference + threshold; deviates: |value − reference| > threshold. */
export const COMPARISONS = ["below", "above", "deviates"] as const;
export type Comparison = (typeof COMPARISONS)[number];

/**
 * What the value is compared with. `absolute`: the threshold itself. `regional`, `territoryMean`, `clusterMean`:
 * a value, the threshold being a margin in the indicator's unit. `clusterWorst`: the worst value among the other
 * schools of the cluster («хуже, чем все школы в кластере»). `clusterPercentile`, `territoryPercentile`: the
 * school's place (0–100), the threshold a percentile.
 */
export const REFERENCES = [
  "absolute",
  "regional",
  "territoryMean",
  "clusterMean",
  "clusterWorst",
  "clusterPercentile",
  "territoryPercentile",
] as const;
export type CriteriaReference = (typeof REFERENCES)[number];

/** Over the window: the comparison holds in each year, or for the mean of the years. */
export const AGGREGATES = ["each", "mean"] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** How the rows of one list combine: all of them, at least k, or the sum of the weights of those met ≥ a cut-off. */
export const COMBINATION_RULES = ["all", "atLeast", "score"] as const;
export type CombinationRule = (typeof COMBINATION_RULES)[number];

/**
 * The most rows a criteria table may have. The orders of the seed programmes have 8 to 16; the table is stored in
 * the territory's Firestore document beside the other tabs, and a document holds at most 1 MiB
 * (https://firebase.google.com/docs/firestore/quotas#collections_documents_and_fields): 100 rows of at most ~1,2 KB
 * (a wording is up to 1,000 characters) stay far below it.
 */
export const MAX_CRITERIA_ROWS = 100;

/** The longest window a criterion may look back over (years). */
export const MAX_WINDOW_YEARS = 5;

/**
 * The seed programmes as written (issue 12 §2): `default` is the method of docs/methodology.md; the others are the
 * identification tables of two municipal programmes, read as docs/methodology.md §14 explains.
 */
export const PRESET_NAMES = ["default", "neftekumsk-2020", "sharan-2021"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Russian names of the presets, as the sheet and the reports show them. */
export const PRESET_LABELS: Readonly<Record<PresetName, string>> = {
  default: "Методика ШНОР-Монитора (по умолчанию)",
  "neftekumsk-2020": "Нефтекумский городской округ, программа 2020–2024 (раздел 7)",
  "sharan-2021": "МР Шаранский район, показатели 2021",
};
