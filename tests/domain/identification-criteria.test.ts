// The criteria table of a municipality's order (issue 12 §1) on frozen hand-made territories: each reference, window and rule, the reasons a coordinator reads, missing data.
import { describe, expect, it } from "vitest";
import type { Dataset, Reference } from "../../functions/src/contract/dataset.js";
import type { CriteriaRow } from "../../functions/src/contract/identification-criteria.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { type Results, ResultsSchema, type SchoolResult } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { ordinarySchools, type SchoolSpec, territory, YEARS } from "./territory-fixture.js";

function run(dataset: Dataset): Results {
  const parsed = parseDataset(structuredClone(dataset));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  const outcome = computeResults(Object.freeze(parsed.data.dataset), parsed.data.settings);
  if (!outcome.success) throw new Error(outcome.error.message);
  expect(ResultsSchema.safeParse(outcome.data).success).toBe(true);
  return outcome.data;
}

function school(results: Results, id: string): SchoolResult {
  const found = results.schools.find((s) => s.schoolId === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

/** The regional ОГЭ mean in Russian of each fixture year. */
const REFERENCES: Reference[] = YEARS.map((year, i) => ({
  year,
  oge: [{ subject: "russian", meanGrade: [3.52, 3.49, 3.5][i] as number }],
}));

/** A territory with the given criteria table and the fixture's references. */
function withCriteria(
  specs: readonly SchoolSpec[],
  criteria: CriteriaRow[],
  extra: Record<string, unknown> = {},
): Dataset {
  return { ...territory(specs, { criteria, ...extra }), references: REFERENCES };
}

/** Sets school x's ОГЭ mean in Russian year by year (null = leave the fact out that year). */
function ogeRussian(dataset: Dataset, id: string, means: readonly (number | null)[]): Dataset {
  dataset.facts = dataset.facts.flatMap((f) => {
    if (f.schoolId !== id) return [f];
    const mean = means[YEARS.indexOf(f.year as (typeof YEARS)[number])];
    if (mean === null) return [];
    return [
      { ...f, oge: f.oge?.map((o) => (o.subject === "russian" ? { ...o, meanGrade: mean as number } : o)) },
    ];
  });
  return dataset;
}

const OGE_41: CriteriaRow = {
  number: "4.1",
  wording: "Низкие результаты ОГЭ по русскому языку за три года",
  list: "lowResults",
  indicator: "ogeRussian",
  comparison: "below",
  reference: "regional",
  years: 3,
};

const base = ordinarySchools(20);

describe("the empty table is today's method, byte for byte", () => {
  it("criteria [] and preset «default» give the same bytes as no criteria at all", () => {
    const specs = [...base, { id: "x", conditions: 0.5, results: [0.4, 0.08, 0.05] }];
    const plain = JSON.stringify(run(territory(specs)));
    expect(JSON.stringify(run(territory(specs, { criteria: [] })))).toBe(plain);
    expect(JSON.stringify(run(territory(specs, { preset: "default", criteria: [] })))).toBe(plain);
  });
});

describe("a criterion against the regional value, three years", () => {
  it("lists the school and quotes number, wording and the values year by year", () => {
    const results = run(
      ogeRussian(
        withCriteria([...base, { id: "x", conditions: 0.5, results: [0.5, 0.5, 0.5] }], [OGE_41]),
        "x",
        [3.21, 3.3, 3.28],
      ),
    );
    const x = school(results, "x");
    expect(x.categories).toContain("lowResults");
    expect(x.reasons.map((r) => r.text)).toContain(
      "4.1. Низкие результаты ОГЭ по русскому языку за три года: 3,21 / 3,3 / 3,28 при среднерегиональном 3,52 / 3,49 / 3,5 (2023/2024, 2024/2025, 2025/2026).",
    );
    expect(x.identificationCriteria).toEqual([
      expect.objectContaining({ list: "lowResults", number: "4.1", status: "met" }),
    ]);
    expect(results.methodology.criteria).toEqual([
      { ...OGE_41, threshold: 0, aggregate: "each", weight: 1 },
      { list: "lowResults", rule: "all" },
    ]);
  });

  it("one year at the regional value is not «ниже»: the criterion is not met", () => {
    const results = run(
      ogeRussian(
        withCriteria([...base, { id: "x", conditions: 0.5, results: [0.5, 0.5, 0.5] }], [OGE_41]),
        "x",
        [3.21, 3.49, 3.28],
      ),
    );
    expect(school(results, "x").categories).not.toContain("lowResults");
    expect(school(results, "x").identificationCriteria?.[0]?.status).toBe("not_met");
  });

  it("a school with two years of data is «не оценён: нет данных за 3 года» and watched, not listed", () => {
    const results = run(
      ogeRussian(
        withCriteria([...base, { id: "x", conditions: 0.5, results: [null, 0.5, 0.5] }], [OGE_41]),
        "x",
        [null, 3.3, 3.28],
      ),
    );
    const x = school(results, "x");
    expect(x.categories).toEqual(["watch"]);
    expect(x.reasons[0]?.code).toBe("criteria_not_evaluated");
    expect(x.reasons[0]?.text).toContain(
      "4.1. Низкие результаты ОГЭ по русскому языку за три года: не оценён: нет данных за 3 года (нет за 2023/2024)",
    );
  });

  it("without a regional value for a year the criterion waits for «Эталоны»", () => {
    const dataset = ogeRussian(
      withCriteria([...base, { id: "x", conditions: 0.5, results: [0.5, 0.5, 0.5] }], [OGE_41]),
      "x",
      [3.21, 3.3, 3.28],
    );
    dataset.references = REFERENCES.slice(1);
    const text = school(run(dataset), "x").identificationCriteria?.[0]?.text;
    expect(text).toContain("не оценён: нет среднерегионального показателя за 2023/2024");
  });
});

describe("references, comparisons and windows", () => {
  const specs: SchoolSpec[] = [...base, { id: "x", conditions: 0.5, results: [0.05, 0.05, 0.05] }];

  it("rule A written as rows lists the same schools as rule A, with the cluster places", () => {
    const ruleA: CriteriaRow[] = [
      {
        number: "А.1",
        wording: "Нижние 20% кластера",
        list: "lowResults",
        indicator: "resultsIndex",
        comparison: "below",
        reference: "clusterPercentile",
        threshold: 20,
        years: 2,
      },
      {
        number: "А.2",
        wording: "Ниже 50% школ территории",
        list: "lowResults",
        indicator: "resultsIndex",
        comparison: "below",
        reference: "territoryPercentile",
        threshold: 50,
        years: 2,
      },
    ];
    const byDefault = run(territory(specs));
    const byRows = run(territory(specs, { criteria: ruleA }));
    const listed = (r: Results) =>
      r.schools.filter((s) => s.categories.includes("lowResults")).map((s) => s.schoolId);
    expect(listed(byRows)).toEqual(listed(byDefault));
    expect(listed(byRows)).toContain("x");
  });

  it("«хуже всех школ кластера» compares with the worst of the others, and a tie with it is not worse", () => {
    const worst: CriteriaRow = {
      number: "1",
      wording: "Хуже всех школ кластера по ОГЭ",
      list: "lowResults",
      indicator: "ogeRussian",
      comparison: "below",
      reference: "clusterWorst",
    };
    const x = school(run(withCriteria(specs, [worst])), "x");
    expect(x.categories).toContain("lowResults");
    expect(x.reasons.map((r) => r.text).join(" ")).toContain("при худшем среди других школ кластера");
    // Twin of x in the same conditions: neither is worse than all the others.
    const twins = run(
      withCriteria([...specs, { id: "y", conditions: 0.5, results: [0.05, 0.05, 0.05] }], [worst]),
    );
    expect(school(twins, "x").categories).not.toContain("lowResults");
  });

  it("a mean over the window may meet the threshold where one year alone does not", () => {
    const row: CriteriaRow = {
      number: "2.1",
      wording: "Около 40% продолжили обучение",
      list: "lowResults",
      indicator: "continuedTo10",
      comparison: "below",
      reference: "absolute",
      threshold: 45,
      years: 3,
    };
    const dataset = withCriteria(specs, [row]);
    const shares = [0.3, 0.6, 0.3];
    for (const f of dataset.facts) {
      if (f.schoolId === "x")
        f.continuedTo10 = Math.round(
          (shares[YEARS.indexOf(f.year as (typeof YEARS)[number])] as number) * (f.graduates9 ?? 0),
        );
    }
    expect(school(run(dataset), "x").categories).not.toContain("lowResults");
    const mean = run({ ...dataset, methodology: { criteria: [{ ...row, aggregate: "mean" }] } });
    expect(school(mean, "x").categories).toContain("lowResults");
    expect(
      school(mean, "x")
        .reasons.map((r) => r.text)
        .join(" "),
    ).toContain("в среднем 41,3% (32% / 60% / 32%)");
  });
});

describe("combination rules", () => {
  const specs: SchoolSpec[] = [...base, { id: "x", conditions: 0.5, results: [0.05, 0.05, 0.05] }];
  const met: CriteriaRow = {
    number: "1",
    wording: "Индекс результатов ниже 10",
    list: "lowResults",
    indicator: "resultsIndex",
    comparison: "below",
    reference: "absolute",
    threshold: 10,
  };
  const notMet: CriteriaRow = {
    number: "2",
    wording: "Индекс результатов ниже 1",
    list: "lowResults",
    indicator: "resultsIndex",
    comparison: "below",
    reference: "absolute",
    threshold: 1,
    weight: 3,
  };

  it.each([
    ["all", { list: "lowResults", rule: "all" } as CriteriaRow, false],
    ["at least 1", { list: "lowResults", rule: "atLeast", threshold: 1 } as CriteriaRow, true],
    ["at least 2", { list: "lowResults", rule: "atLeast", threshold: 2 } as CriteriaRow, false],
    ["score ≥ 1 (1 met)", { list: "lowResults", rule: "score", threshold: 1 } as CriteriaRow, true],
    ["score ≥ 2 (1 met)", { list: "lowResults", rule: "score", threshold: 2 } as CriteriaRow, false],
  ])("%s", (_name, rule, listed) => {
    const x = school(run(territory(specs, { criteria: [met, notMet, rule] })), "x");
    expect(x.categories.includes("lowResults")).toBe(listed);
    if (listed) expect(x.reasons[0]?.text).toMatch(/^ШНОР по критериям выявления: выполнено 1 из 2/);
  });

  it("a table for ШНОР alone leaves ШНСУ to the method's rules", () => {
    const specs2: SchoolSpec[] = [...base, { id: "x", conditions: 0.02, results: [0.5, 0.5, 0.5] }];
    const results = run(territory(specs2, { criteria: [met] }));
    expect(school(results, "x").reasons.map((r) => r.code)).toContain("social_bottom");
  });
});

describe("bad rows are refused with the path named", () => {
  it.each([
    [{ ...OGE_41, indicator: "ogeGeography" }, "methodology.criteria[0].indicator", "допустимые значения"],
    [
      { ...OGE_41, indicator: "noCertificate9" },
      "methodology.criteria[0].reference",
      "нет среднерегионального значения",
    ],
    [{ ...OGE_41, reference: "absolute", threshold: 7 }, "methodology.criteria[0].threshold", "от 2 до 5"],
    [
      { ...OGE_41, reference: "clusterPercentile", threshold: 0 },
      "methodology.criteria[0].threshold",
      "никогда не выполнится",
    ],
    [
      { ...OGE_41, comparison: "deviates", reference: "clusterWorst" },
      "methodology.criteria[0].comparison",
      "«отличается»",
    ],
    [
      { list: "lowResults", rule: "atLeast", threshold: 3 },
      "methodology.criteria[0].list",
      "нет ни одного критерия",
    ],
  ])("%o", (row, path, words) => {
    const parsed = parseDataset(territory(base, { criteria: [row] }));
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const issue = parsed.error.issues.find((i) => i.path === path);
    expect(issue?.message, JSON.stringify(parsed.error.issues)).toContain(words);
  });
});

describe("the grade 4 ВПР sum (seed 001, 3.2)", () => {
  it("takes each subject's mean primary score from the form, or from the Ф1 task record, and compares the sum with the region", () => {
    const row: CriteriaRow = {
      number: "3.2",
      wording: "Расхождение суммы результатов по трем предметам ВПР со среднекраевой суммой",
      list: "lowResults",
      indicator: "vprGrade4Sum",
      comparison: "deviates",
      reference: "regional",
      threshold: 4,
    };
    const dataset: Dataset = {
      ...territory([...base, { id: "x", conditions: 0.5, results: [0.5, 0.5, 0.5] }], { criteria: [row] }),
      references: [
        {
          year: "2025/2026",
          vpr: [
            { grade: 4, subject: "russian", meanScore: 24 },
            { grade: 4, subject: "math", meanScore: 11.5 },
            { grade: 4, subject: "world_around", meanScore: 19.5 },
          ],
        },
      ],
    };
    const last = dataset.facts.find((f) => f.schoolId === "x" && f.year === "2025/2026");
    if (!last) throw new Error("no facts");
    last.vpr = [
      ...(last.vpr ?? []),
      {
        grade: 4,
        subject: "russian",
        participants: 4,
        grades: { "2": 0, "3": 2, "4": 2, "5": 0 },
        meanScore: 20,
      },
    ];
    last.vprTasks = [
      // math: the distribution of primary scores (two pupils with 10, two with 14): mean 12
      {
        grade: 4,
        subject: "math",
        participants: 4,
        maxScore: 20,
        tasks: [{ id: "1", maxPoints: 20, points: 48 }],
        scores: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0],
      },
      // окружающий мир: no distribution, all points over the participants: 72 / 4 = 18
      {
        grade: 4,
        subject: "world_around",
        participants: 4,
        maxScore: 30,
        tasks: [
          { id: "1", maxPoints: 15, points: 40 },
          { id: "2", maxPoints: 15, points: 32 },
        ],
      },
    ];
    const x = school(run(dataset), "x");
    expect(x.categories).toContain("lowResults");
    expect(x.reasons.map((r) => r.text)).toContain(
      "3.2. Расхождение суммы результатов по трем предметам ВПР со среднекраевой суммой: 50 при среднерегиональном 55 (отличие больше 4; 2025/2026).",
    );
    // Another school without grade 4 results at all: the criterion does not apply to it.
    expect(school(run(dataset), "s01").identificationCriteria?.[0]?.status).toBe("not_applicable");
  });
});
