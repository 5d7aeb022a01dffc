// A small hand-made territory and its Results v1, so the workbook tests can say which school shows where and why.
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results, SchoolResult } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

export const DATASET: Dataset = {
  format: "shnor-dataset",
  version: 1,
  territory: { id: "beryozovsky", name: "Берёзовский муниципальный район" },
  schools: [
    { id: "s1", name: "МБОУ СОШ № 1" },
    { id: "s2", name: "МАОУ Гимназия № 2" },
    { id: "s3", name: "МБОУ СОШ № 3" },
    { id: "s4", name: "МБОУ Лицей № 4" },
    { id: "s5", name: "МКОУ ООШ с. Берёзовка" },
    { id: "s6", name: "МБОУ СОШ № 6" },
  ],
  facts: [],
};

function index(value: number, lowConfidence = false) {
  return { value, lowConfidence, components: [] };
}

function school(id: string, fields: Partial<SchoolResult>): SchoolResult {
  return {
    schoolId: id,
    socialIndex: null,
    resultsIndex: null,
    cluster: null,
    contextualResult: null,
    rank: null,
    categories: [],
    reasons: [],
    objectivity: { suspicious: false, reasons: [] },
    mentorId: null,
    recommendations: [],
    change: null,
    ...fields,
  };
}

export const LOW_RESULTS_REASON =
  "Индекс результатов в нижних 20% кластера «Низкий ИСБ» два года подряд: 5-е место из 5 в 2024/2025 и 2025/2026";
export const LOW_RESULTS_REASON_2 =
  "ЕГЭ: 35% результатов ниже минимального порога по математике два года подряд";
export const ADVERSE_SOCIAL_REASON = "ИСБ 8,3 — в нижних 15% территории";
export const OBJECTIVITY_REASON = "ВПР: 34% обучающихся получили отметку ниже отметки в журнале (порог 30%)";

/** Six schools in rank order s2, s4, s6, s3, s1; s5 has no results index. Listed in a scrambled order. */
export const RESULTS: Results = {
  format: "shnor-results",
  version: 1,
  territoryId: "beryozovsky",
  year: "2025/2026",
  methodology: { version: "2026.1", settings: { minN: 10 } },
  schools: [
    school("s3", {
      socialIndex: index(55.5),
      resultsIndex: index(40.25, true),
      cluster: "Средний ИСБ",
      contextualResult: -6.4,
      rank: 4,
      categories: ["watch"],
      reasons: [
        { category: "watch", code: "one_bad_year", text: "Один год в нижних 20% кластера: 2025/2026" },
      ],
      objectivity: { suspicious: true, reasons: [OBJECTIVITY_REASON] },
    }),
    school("s1", {
      socialIndex: index(8.3),
      resultsIndex: index(12.04),
      cluster: "Низкий ИСБ",
      contextualResult: -15.2,
      rank: 5,
      categories: ["lowResults", "adverseSocial"],
      reasons: [
        { category: "lowResults", code: "bottom_of_cluster", text: LOW_RESULTS_REASON },
        { category: "adverseSocial", code: "low_social_index", text: ADVERSE_SOCIAL_REASON },
        { category: "lowResults", code: "below_minimum", text: LOW_RESULTS_REASON_2 },
      ],
      change: "entered",
    }),
    school("s5", {
      socialIndex: index(3.1, true),
      cluster: "Низкий ИСБ",
      categories: ["adverseSocial"],
      reasons: [{ category: "adverseSocial", code: "flags", text: "Три признака неблагоприятных условий" }],
      change: "stayed",
    }),
    school("s2", {
      socialIndex: index(91.7),
      resultsIndex: index(96.66),
      cluster: "Высокий ИСБ",
      contextualResult: 4.1,
      rank: 1,
      categories: ["leader"],
      reasons: [
        { category: "leader", code: "top_of_cluster", text: "В верхних 20% кластера два года подряд" },
      ],
    }),
    school("s6", {
      socialIndex: index(48),
      resultsIndex: index(61.2),
      cluster: "Средний ИСБ",
      contextualResult: 8,
      rank: 3,
      change: "exited",
    }),
    school("s4", {
      socialIndex: index(20.8),
      resultsIndex: index(80.5),
      cluster: "Низкий ИСБ",
      contextualResult: 30.9,
      rank: 2,
      categories: ["resilient"],
      reasons: [
        {
          category: "resilient",
          code: "resilient",
          text: "ИСБ в нижней четверти, результаты в верхней четверти",
        },
      ],
    }),
  ],
  pairs: [],
  summary: {
    year: "2025/2026",
    schools: 6,
    schoolsWithResults: 5,
    lowResults: 1,
    adverseSocial: 2,
    bothLists: 1,
    resilient: 1,
    leader: 1,
    watch: 1,
    objectivitySuspicious: 1,
    lowConfidence: 1,
    enteredLowResults: 1,
    exitedLowResults: 1,
    enteredAdverseSocial: null,
    exitedAdverseSocial: 0,
  },
};

/** What the sample territory adds for the support tabs: pins, a roadmap, meetings, the day of the report. */
export interface SampleSupportOptions {
  pins?: Dataset["pins"];
  roadmap?: Dataset["roadmap"];
  meetings?: Dataset["meetings"];
  /** ISO date the roadmap is judged on; without it the results carry no roadmap. */
  asOf?: string;
  /** Settings overrides (`dataset.methodology`), e.g. a scarcer mentor pool so that some schools have none. */
  methodology?: Dataset["methodology"];
}

/**
 * The seeded sample territory (40 schools, 3 years, seed 2026) run through `parseDataset` and `computeResults`,
 * as `shnor demo` would: real pairs, recommendations and criteria for the support tabs.
 */
export function sampleSupportResults(options: SampleSupportOptions = {}): {
  dataset: Dataset;
  results: Results;
} {
  // The sample's own roadmap and meetings are left out: each test says which ones it wants.
  const {
    roadmap: _roadmap,
    meetings: _meetings,
    ...sample
  } = generateSampleTerritory({ schools: 40, years: 3, seed: 2026 });
  const raw: Dataset = {
    ...sample,
    ...(options.pins !== undefined ? { pins: options.pins } : {}),
    ...(options.roadmap !== undefined ? { roadmap: options.roadmap } : {}),
    ...(options.meetings !== undefined ? { meetings: options.meetings } : {}),
    ...(options.methodology !== undefined ? { methodology: options.methodology } : {}),
  };
  const parsed = parseDataset(raw);
  if (!parsed.success) throw new Error(`sample dataset rejected: ${JSON.stringify(parsed.error)}`);
  const computed = computeResults(
    parsed.data.dataset,
    parsed.data.settings,
    options.asOf !== undefined ? { asOf: options.asOf } : {},
  );
  if (!computed.success) throw new Error(`sample results failed: ${computed.error.message}`);
  return { dataset: parsed.data.dataset, results: computed.data };
}
