// Scenario tests of identification on frozen hand-made territories: who is listed, who is watched, and why.
import { describe, expect, it } from "vitest";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results, SchoolResult } from "../../functions/src/contract/results.js";
import { ResultsSchema } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { ordinarySchools, type SchoolSpec, territory } from "./territory-fixture.js";

function compute(
  specs: readonly SchoolSpec[],
  methodology?: Record<string, unknown>,
  year?: string,
): Results {
  const parsed = parseDataset(structuredClone(territory(specs, methodology)));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  const outcome = computeResults(
    Object.freeze(parsed.data.dataset),
    parsed.data.settings,
    year ? { year } : {},
  );
  if (!outcome.success) throw new Error(outcome.error.message);
  expect(ResultsSchema.safeParse(outcome.data).success).toBe(true);
  return outcome.data;
}

function school(results: Results, id: string): SchoolResult {
  const found = results.schools.find((s) => s.schoolId === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

const base = ordinarySchools(20);

interface Scenario {
  name: string;
  extra: SchoolSpec[];
  id: string;
  categories: string[];
  /** Reason codes that must be among the school's reasons. */
  codes: string[];
  /** Words a coordinator must find in the reasons. */
  mentions?: string[];
}

const scenarios: Scenario[] = [
  {
    name: "low results two years running in its cluster → ШНОР",
    extra: [{ id: "x", conditions: 0.5, results: [0.4, 0.08, 0.05] }],
    id: "x",
    categories: ["lowResults"],
    codes: ["cluster_bottom"],
    mentions: ["2 года подряд", "2024/2025", "2025/2026", "Слабые места"],
  },
  {
    name: "one bad year only → под наблюдением",
    extra: [{ id: "x", conditions: 0.5, results: [0.6, 0.6, 0.05] }],
    id: "x",
    categories: ["watch"],
    codes: ["one_bad_year"],
    mentions: ["в прошлом году результаты были выше"],
  },
  {
    name: "a tiny school low on small samples → watched, not listed",
    extra: [{ id: "x", conditions: 0.5, results: [0.05, 0.05, 0.05], participants: 4, students: 30 }],
    id: "x",
    categories: ["watch"],
    codes: ["small_samples"],
    mentions: ["малым выборкам"],
  },
  {
    name: "three disadvantage flags → ШНСУ even with average shares",
    extra: [
      {
        id: "x",
        conditions: 0.6,
        results: [0.55, 0.55, 0.55],
        smallSchool: true,
        flags: { remote: true, infrastructureDeficit: true },
      },
    ],
    id: "x",
    categories: ["adverseSocial"],
    codes: ["disadvantage_flags"],
    mentions: ["удалённость", "малокомплектная"],
  },
  {
    name: "hard conditions and top results → ШНСУ and резильентная",
    extra: [{ id: "x", conditions: 0, results: [0.9, 0.9, 0.95] }],
    id: "x",
    categories: ["adverseSocial", "resilient"],
    codes: ["social_bottom", "resilient"],
    mentions: ["верхние 25%"],
  },
  {
    name: "top of its cluster two years, clean → школа-лидер",
    extra: [{ id: "x", conditions: 0.5, results: [0.8, 0.85, 0.85] }],
    id: "x",
    categories: ["leader"],
    codes: ["cluster_top"],
  },
  {
    name: "failing two procedures this year and one of them last year too → ШНОР by the minimum rule",
    extra: [{ id: "x", conditions: 0.9, results: [0.6, 0.6, 0.55], failShares: [null, 0.32, 0.4] }],
    id: "x",
    categories: ["lowResults"],
    codes: ["below_minimum"],
    mentions: ["два года подряд", "ОГЭ, математика"],
  },
  {
    name: "failing two procedures in one year only → под наблюдением",
    extra: [{ id: "x", conditions: 0.9, results: [0.6, 0.6, 0.55], failShares: [null, null, 0.4] }],
    id: "x",
    categories: ["watch"],
    codes: ["below_minimum_once"],
    mentions: ["повторение"],
  },
];

describe("identification scenarios", () => {
  it.each(scenarios)("$name", ({ extra, id, categories, codes, mentions }) => {
    const results = compute([...base, ...extra]);
    const s = school(results, id);
    expect(s.categories).toEqual(categories);
    expect(s.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(codes));
    const text = s.reasons.map((r) => r.text).join(" ");
    for (const word of mentions ?? []) expect(text).toContain(word);
    for (const r of s.reasons) expect(r.text).toMatch(/[а-яА-Я]/);
  });

  it("every listed or watched school has at least one reason for each of its categories", () => {
    const results = compute([
      ...base,
      ...scenarios.flatMap((s, i) => s.extra.map((e) => ({ ...e, id: `${e.id}${i}` }))),
    ]);
    for (const s of results.schools) {
      for (const c of s.categories) expect(s.reasons.some((r) => r.category === c)).toBe(true);
    }
  });

  it("ordinary schools whose results follow their conditions are mostly not listed", () => {
    const results = compute(base);
    const listed = results.schools.filter((s) => s.categories.includes("lowResults"));
    // Only the weakest of each cluster that are also below the territory median may be listed.
    for (const s of listed) expect(s.resultsIndex?.value).toBeLessThan(50);
    expect(listed.length).toBeLessThanOrEqual(4);
  });
});

describe("accreditation", () => {
  it("watches a school whose state accreditation is suspended, even with ordinary results", () => {
    const dataset = territory([...base, { id: "x", conditions: 0.6, results: [0.6, 0.6, 0.6] }]);
    const fact = dataset.facts.find((f) => f.schoolId === "x" && f.year === "2025/2026");
    if (!fact) throw new Error("fixture");
    fact.accreditationSuspended = true;
    const parsed = parseDataset(dataset);
    if (!parsed.success) throw new Error("fixture");
    const r = computeResults(parsed.data.dataset, parsed.data.settings);
    if (!r.success) throw new Error(r.error.message);
    const s = r.data.schools.find((x) => x.schoolId === "x");
    expect(s?.categories).toContain("watch");
    expect(s?.reasons.find((x) => x.code === "accreditation_suspended")?.text).toContain("аккредитация");
  });
});

describe("ВПР objectivity screen", () => {
  it("flags ВПР far above the territory that ГИА does not confirm, and leaves them out of the index", () => {
    const results = compute([
      ...base,
      { id: "x", conditions: 0.4, results: [0.2, 0.2, 0.2], vprQuality: 0.95 },
    ]);
    const s = school(results, "x");
    expect(s.objectivity.suspicious).toBe(true);
    expect(s.objectivity.reasons.join(" ")).toContain("ГИА этого не подтверждает");
    const vpr = s.resultsIndex?.components.find((c) => c.key === "vprGrade2");
    expect(vpr?.score).toBeNull();
  });

  it("does not apply the ВПР-above-ГИА marker to a lyceum", () => {
    const results = compute([
      ...base,
      { id: "x", conditions: 0.4, results: [0.2, 0.2, 0.2], vprQuality: 0.95, kind: "lyceum" },
    ]);
    expect(school(results, "x").objectivity.suspicious).toBe(false);
  });

  it.each([
    { journal: { lower: 20, same: 30, higher: 0 }, text: "ниже отметки в журнале" },
    { journal: { lower: 0, same: 38, higher: 12 }, text: "выше отметки в журнале" },
  ])("flags ВПР marks diverging from register marks: $text", ({ journal, text }) => {
    const results = compute([...base, { id: "x", conditions: 0.5, results: [0.5, 0.5, 0.5], journal }]);
    const s = school(results, "x");
    expect(s.objectivity.suspicious).toBe(true);
    expect(s.objectivity.reasons.join(" ")).toContain(text);
  });
});

describe("dynamics and ranks", () => {
  it("a school that fell this year entered the lists; one that recovered exited", () => {
    const results = compute([
      ...base,
      { id: "fell", conditions: 0.45, results: [0.6, 0.05, 0.05] },
      { id: "rose", conditions: 0.55, results: [0.05, 0.05, 0.8] },
    ]);
    // «fell» is ШНОР in 2025/2026 only: 2024/2025 alone was one bad year, so it entered now.
    expect(school(results, "fell").change).toBe("entered");
    expect(school(results, "rose").change).toBe("exited");
    expect(results.summary.enteredLowResults).toBeGreaterThanOrEqual(1);
    expect(results.summary.exitedLowResults).toBeGreaterThanOrEqual(1);
  });

  it("ranks 1..n by results, the best school first", () => {
    const results = compute(base);
    const best = results.schools.reduce((a, b) =>
      (a.resultsIndex?.value ?? 0) >= (b.resultsIndex?.value ?? 0) ? a : b,
    );
    expect(best.rank).toBe(1);
    const ranks = results.schools.map((s) => s.rank).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(ranks[0]).toBe(1);
    expect(ranks[ranks.length - 1]).toBe(results.schools.length);
  });

  it("reports an earlier year on request and refuses a year without data", () => {
    const dataset = territory(base);
    const parsed = parseDataset(dataset);
    if (!parsed.success) throw new Error("fixture");
    const earlier = computeResults(parsed.data.dataset, parsed.data.settings, { year: "2023/2024" });
    expect(earlier.success && earlier.data.year).toBe("2023/2024");
    const missing = computeResults(parsed.data.dataset, parsed.data.settings, { year: "2019/2020" });
    expect(missing.success).toBe(false);
    if (!missing.success) expect(missing.error.message).toContain("2019/2020");
  });
});

describe("methodology settings change the lists", () => {
  it("a wider bottom share lists more schools", () => {
    const narrow = compute(base, { lowResults: { clusterShare: 0.1 } });
    const wide = compute(base, { lowResults: { clusterShare: 0.4 } });
    expect(wide.summary.lowResults as number).toBeGreaterThan(narrow.summary.lowResults as number);
    expect((wide.methodology.settings.lowResults as { clusterShare: number }).clusterShare).toBe(0.4);
  });
});
