// The sample territory: deterministic, valid Dataset v1, realistic figures, and the planted situations a coordinator would recognise.
import { describe, expect, it } from "vitest";
import type { Dataset, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { SchoolResult } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import {
  generateSampleTerritory,
  SAMPLE_DEFAULTS,
  SAMPLE_SCHOOL_IDS,
} from "../../functions/src/sample/sample-territory.js";
import { createRandom } from "../../functions/src/sample/seeded-random.js";

const sample = generateSampleTerritory({ ...SAMPLE_DEFAULTS });

function valid(dataset: Dataset) {
  const parsed = parseDataset(JSON.parse(JSON.stringify(dataset)));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  return parsed.data;
}

function share(facts: readonly SchoolYearFacts[], pick: (f: SchoolYearFacts) => number | undefined): number {
  let count = 0;
  let students = 0;
  for (const f of facts) {
    count += pick(f) ?? 0;
    students += f.social?.students ?? 0;
  }
  return count / students;
}

describe("seeded random", () => {
  it("repeats its sequence for the same seed and a number seed equals the same digits as text", () => {
    const a = createRandom(7);
    const b = createRandom("7");
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => createRandom(8).next())).not.toEqual(xs);
  });

  it("draws binomial counts with the right mean in both the exact and the approximate regime", () => {
    const rng = createRandom(1);
    for (const [n, p] of [
      [20, 0.1],
      [400, 0.3],
    ] as const) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) {
        const x = rng.binomial(n, p);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(n);
        sum += x;
      }
      expect(sum / 20_000).toBeCloseTo(n * p, 0);
    }
  });
});

describe("generateSampleTerritory", () => {
  it("gives the identical dataset for the same seed and a different one for another seed", () => {
    const again = generateSampleTerritory({ ...SAMPLE_DEFAULTS });
    expect(JSON.stringify(again)).toBe(JSON.stringify(sample));
    const other = generateSampleTerritory({ ...SAMPLE_DEFAULTS, seed: 7 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(sample));
    // The registry of planted schools is the same story whatever the seed; the facts differ.
    expect(other.schools[0]?.id).toBe(sample.schools[0]?.id);
  });

  it("passes the Dataset v1 contract at the default size and at odd sizes", () => {
    valid(sample);
    for (const [schools, years] of [
      [1, 1],
      [5, 2],
      [90, 5],
    ] as const) {
      const dataset = generateSampleTerritory({ schools, years, seed: schools });
      valid(dataset);
      expect(dataset.schools).toHaveLength(schools);
      expect(dataset.facts).toHaveLength(schools * years);
    }
  });

  it("covers three academic years ending 2025/2026 by default, with a regional reference for each", () => {
    expect(sample.schools).toHaveLength(24);
    expect(sample.facts).toHaveLength(72);
    expect([...new Set(sample.facts.map((f) => f.year))].sort()).toEqual([
      "2023/2024",
      "2024/2025",
      "2025/2026",
    ]);
    expect(sample.references?.map((r) => r.year)).toEqual(["2023/2024", "2024/2025", "2025/2026"]);
    const shifted = generateSampleTerritory({ ...SAMPLE_DEFAULTS, years: 2, lastYear: "2030/2031" });
    expect(shifted.references?.map((r) => r.year)).toEqual(["2029/2030", "2030/2031"]);
  });

  it("uses the seeds' regional figures: ЕГЭ Russian 68–70, profile math 55–60, ОГЭ 3.4–3.6", () => {
    for (const ref of sample.references ?? []) {
      const ege = Object.fromEntries((ref.ege ?? []).map((e) => [e.subject, e.meanScore]));
      const oge = Object.fromEntries((ref.oge ?? []).map((e) => [e.subject, e.meanGrade]));
      expect(ege.russian).toBeGreaterThanOrEqual(68);
      expect(ege.russian).toBeLessThanOrEqual(70);
      expect(ege.math).toBeGreaterThanOrEqual(55);
      expect(ege.math).toBeLessThanOrEqual(60);
      for (const grade of [oge.russian, oge.math]) {
        expect(grade).toBeGreaterThanOrEqual(3.4);
        expect(grade).toBeLessThanOrEqual(3.6);
      }
    }
  });

  it("describes a municipality: urban and rural, small rural schools, a lyceum and a gymnasium, emails and places", () => {
    const kinds = sample.schools.map((s) => s.kind);
    expect(kinds).toContain("lyceum");
    expect(kinds).toContain("gymnasium");
    expect(sample.schools.filter((s) => s.settlement === "urban").length).toBeGreaterThanOrEqual(5);
    expect(sample.schools.filter((s) => s.settlement === "rural").length).toBeGreaterThanOrEqual(5);
    expect(
      sample.schools.filter((s) => s.smallSchool && s.settlement === "rural").length,
    ).toBeGreaterThanOrEqual(2);
    for (const school of sample.schools) {
      expect(school.name).toMatch(/^МБОУ «.+»$/);
      expect(school.location).toBeDefined();
      expect(school.emails?.length).toBeGreaterThan(0);
    }
    expect(new Set(sample.schools.map((s) => s.name)).size).toBe(sample.schools.length);
  });

  it("keeps the territory's social shares near the seeds' figures (ОВЗ about 11%, register under 2%)", () => {
    const big = generateSampleTerritory({ schools: 400, years: 1, seed: 3 });
    expect(share(big.facts, (f) => f.social?.disabilities)).toBeGreaterThan(0.08);
    expect(share(big.facts, (f) => f.social?.disabilities)).toBeLessThan(0.14);
    expect(share(big.facts, (f) => f.social?.onPreventiveRegister)).toBeLessThan(0.02);
    expect(share(big.facts, (f) => f.social?.bothParentsHigherEducation)).toBeGreaterThan(0.1);
    expect(share(big.facts, (f) => f.social?.bothParentsHigherEducation)).toBeLessThan(0.35);
  });

  it("lets social conditions drive results: favourable schools score higher on ЕГЭ Russian on average", () => {
    const big = generateSampleTerritory({ schools: 400, years: 1, seed: 11 });
    const rows = big.facts
      .map((f) => ({
        parents: (f.social?.bothParentsHigherEducation ?? 0) / (f.social?.students ?? 1),
        russian: f.ege?.find((e) => e.subject === "russian")?.meanScore,
      }))
      .filter((r): r is { parents: number; russian: number } => r.russian !== undefined)
      .sort((a, b) => a.parents - b.parents);
    const half = Math.floor(rows.length / 2);
    const mean = (xs: { russian: number }[]) => xs.reduce((s, r) => s + r.russian, 0) / xs.length;
    expect(mean(rows.slice(half)) - mean(rows.slice(0, half))).toBeGreaterThan(2);
  });

  it("plants a tiny school whose exams have fewer than 10 participants", () => {
    const tiny = sample.facts.filter((f) => f.schoolId === SAMPLE_SCHOOL_IDS.tiny);
    expect(tiny).toHaveLength(3);
    for (const fact of tiny) {
      for (const oge of fact.oge ?? []) expect(oge.participants).toBeLessThan(10);
    }
  });

  it("puts the planted schools first, with Russian names, whatever the size", () => {
    const big = generateSampleTerritory({ schools: 200, years: 1, seed: 1 });
    for (const id of Object.values(SAMPLE_SCHOOL_IDS)) {
      expect(sample.schools.some((s) => s.id === id)).toBe(true);
      expect(big.schools.find((s) => s.id === id)?.name).toMatch(/[А-Яа-яЁё]/);
    }
  });
});

describe("the planted situations, as the method sees them (default seed)", () => {
  const { dataset, settings } = valid(sample);
  const compute = (year?: string) => {
    const outcome = computeResults(dataset, settings, year === undefined ? {} : { year });
    if (!outcome.success) throw new Error(outcome.error.message);
    return new Map<string, SchoolResult>(outcome.data.schools.map((s) => [s.schoolId, s]));
  };
  const latest = compute();
  const previous = compute("2024/2025");
  const school = (id: string) => latest.get(id) as SchoolResult;

  it("the small rural school with low results two years running is ШНОР and ШНСУ", () => {
    expect(school(SAMPLE_SCHOOL_IDS.lowResults).categories).toEqual(
      expect.arrayContaining(["lowResults", "adverseSocial"]),
    );
  });

  it("the school in adverse conditions with good results is resilient", () => {
    expect(school(SAMPLE_SCHOOL_IDS.resilient).categories).toContain("resilient");
    expect(school(SAMPLE_SCHOOL_IDS.resilient).categories).not.toContain("lowResults");
  });

  it("the lyceum is a leader", () => {
    expect(school(SAMPLE_SCHOOL_IDS.leader).categories).toContain("leader");
  });

  it("the school with ВПР far above its ГИА and marks below the register is suspicious", () => {
    const objectivity = school(SAMPLE_SCHOOL_IDS.objectivity).objectivity;
    expect(objectivity.suspicious).toBe(true);
    expect(objectivity.reasons.join(" ")).toMatch(/журнал/);
  });

  it("one bad year only puts a school under watch, not on the ШНОР list", () => {
    expect(school(SAMPLE_SCHOOL_IDS.watch).categories).toContain("watch");
    expect(school(SAMPLE_SCHOOL_IDS.watch).categories).not.toContain("lowResults");
  });

  it("the school that was low and improved leaves the ШНОР list", () => {
    expect(previous.get(SAMPLE_SCHOOL_IDS.improved)?.categories).toContain("lowResults");
    expect(school(SAMPLE_SCHOOL_IDS.improved).categories).not.toContain("lowResults");
    expect(school(SAMPLE_SCHOOL_IDS.improved).change).toBe("exited");
  });

  it("the tiny school is never listed as ШНОР on its small samples", () => {
    expect(school(SAMPLE_SCHOOL_IDS.tiny).categories).not.toContain("lowResults");
    expect(school(SAMPLE_SCHOOL_IDS.tiny).resultsIndex?.lowConfidence).toBe(true);
  });
});
