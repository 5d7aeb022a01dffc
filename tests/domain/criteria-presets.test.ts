// Each preset on a fixture built from its document's own table (issue 12 §2): a school meeting every criterion is listed, one meeting none is not.
import { describe, expect, it } from "vitest";
import type { Dataset, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { type Results, ResultsSchema, type SchoolResult } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { PRESET_TABLES } from "../../functions/src/domain/criteria-presets.js";
import { ordinarySchools, territory, YEARS } from "./territory-fixture.js";

function run(dataset: Dataset): Results {
  const parsed = parseDataset(structuredClone(dataset));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  const outcome = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!outcome.success) throw new Error(outcome.error.message);
  expect(ResultsSchema.safeParse(outcome.data).success).toBe(true);
  return outcome.data;
}

function school(results: Results, id: string): SchoolResult {
  const found = results.schools.find((s) => s.schoolId === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

/** Applies `change` to every fact of school `id`. */
function patch(dataset: Dataset, id: string, change: (fact: SchoolYearFacts) => void): void {
  for (const fact of dataset.facts) if (fact.schoolId === id) change(fact);
}

function setMean<T extends { subject: string }>(
  list: T[] | undefined,
  subject: string,
  field: keyof T,
  value: number,
) {
  for (const entry of list ?? [])
    if (entry.subject === subject) (entry as Record<keyof T, unknown>)[field] = value;
}

/** The numbers of the preset's criteria of one list, in table order. */
function numbers(preset: keyof typeof PRESET_TABLES, list: string): string[] {
  return PRESET_TABLES[preset]
    .filter((r) => r.list === list && r.number !== undefined)
    .map((r) => r.number as string);
}

describe("neftekumsk-2020: seed 001 §7, «Критерии и показатели идентификации школ с низкими результатами обучения»", () => {
  /** Twenty ordinary schools, «all» meeting 1.1–4.7, «none» meeting none; regional values of the krai each year. */
  function fixture(): Dataset {
    const dataset = territory(
      [
        ...ordinarySchools(20),
        { id: "all", conditions: 0.5, results: [0.3, 0.3, 0.3] },
        { id: "none", conditions: 0.5, results: [0.8, 0.8, 0.8] },
      ],
      { preset: "neftekumsk-2020" },
    );
    dataset.references = YEARS.map((year) => ({
      year,
      ege: [
        { subject: "russian", meanScore: 70 },
        { subject: "math", meanScore: 60 },
      ],
      oge: [
        { subject: "russian", meanGrade: 3.8 },
        { subject: "math", meanGrade: 3.6 },
      ],
      vpr: [
        { grade: 4, subject: "russian", meanScore: 20 },
        { grade: 4, subject: "math", meanScore: 12 },
        { grade: 4, subject: "world_around", meanScore: 18 },
      ],
    }));
    const grade4 = (russian: number, math: number, world: number) =>
      (
        [
          ["russian", russian],
          ["math", math],
          ["world_around", world],
        ] as const
      ).map(([subject, meanScore]) => ({
        grade: 4,
        subject,
        participants: 20,
        grades: { "2": 2, "3": 8, "4": 8, "5": 2 },
        meanScore,
      }));
    patch(dataset, "all", (f) => {
      f.olympiad = { participants: 0 }; // 1.1: 0% < 1% over three years
      f.continuedTo10 = 7; // 2.1: 28% of 25 < 45%
      const vpr = f.vpr?.[0];
      if (vpr) vpr.journal = { lower: 20, same: 20, higher: 10 }; // 3.1: 40% below the register → not objective
      f.vpr = [...(f.vpr ?? []), ...grade4(10, 6, 10)]; // 3.2: 26 vs the krai's 50
      setMean(f.oge, "russian", "meanGrade", 3.2); // 4.1: below 3.8
      setMean(f.oge, "math", "meanGrade", 3.0); // 4.3: not above 3.6
      setMean(f.ege, "russian", "meanScore", 55); // 4.5: below 70
      setMean(f.ege, "math", "meanScore", 45); // 4.7: 15 points below 60
    });
    patch(dataset, "none", (f) => {
      f.olympiad = { participants: 20 }; // 5%
      f.continuedTo10 = 20; // 80%
      f.vpr = [...(f.vpr ?? []), ...grade4(21, 12, 18)]; // 51 vs 50
      setMean(f.oge, "russian", "meanGrade", 4.3);
      setMean(f.oge, "math", "meanGrade", 4.2);
      setMean(f.ege, "russian", "meanScore", 80);
      setMean(f.ege, "math", "meanScore", 70);
    });
    return dataset;
  }

  it("reads exactly the eight rules of the order, 4.2, 4.4, 4.6 and 4.8 being descriptions", () => {
    expect(numbers("neftekumsk-2020", "lowResults")).toEqual([
      "1.1",
      "2.1",
      "3.1",
      "3.2",
      "4.1",
      "4.3",
      "4.5",
      "4.7",
    ]);
  });

  it("lists the school that meets every criterion, quoting each by its number", () => {
    const results = run(fixture());
    const all = school(results, "all");
    expect(all.categories).toContain("lowResults");
    expect(all.identificationCriteria?.map((c) => c.status)).toEqual(Array(8).fill("met"));
    const texts = all.reasons
      .filter((r) => r.code === "criterion")
      .map((r) => r.text.split(".").slice(0, 2).join("."));
    expect(texts).toEqual(["1.1", "2.1", "3.1", "3.2", "4.1", "4.3", "4.5", "4.7"]);
    expect(results.methodology.preset).toBe("neftekumsk-2020");
    expect(results.methodology.criteria?.filter((r) => r.number).map((r) => r.number)).toEqual(
      numbers("neftekumsk-2020", "lowResults"),
    );
  });

  it("does not list the school that meets none", () => {
    const none = school(run(fixture()), "none");
    expect(none.categories).not.toContain("lowResults");
    expect(none.identificationCriteria?.map((c) => c.status)).toEqual(Array(8).fill("not_met"));
  });
});

describe("sharan-2021: seed 004, «Показатели и методы сбора»", () => {
  /** One cluster of twenty ordinary schools, «all» worse than every one of them two years running, «none» better. */
  function fixture(): Dataset {
    const dataset = territory(
      [
        ...ordinarySchools(20),
        {
          id: "all",
          conditions: 0.02,
          results: [0.3, 0.3, 0.3],
          smallSchool: true,
          flags: { remote: true, infrastructureDeficit: true, missingSpecialists: 3 },
        },
        { id: "none", conditions: 0.98, results: [0.9, 0.9, 0.9], smallSchool: false },
      ],
      { preset: "sharan-2021" },
    );
    for (const s of dataset.schools) s.cluster = "Кластер 1";
    for (const f of dataset.facts) {
      f.rdr = [{ subject: "math", grade: 9, participants: 25, unsatisfactory: 2 }];
      const vpr = f.vpr?.[0];
      if (vpr) vpr.journal = { lower: 2, same: 44, higher: 4 };
      if (f.social) {
        f.social.notAttested = 4;
        f.social.chronicAbsence = 8;
      }
    }
    patch(dataset, "all", (f) => {
      for (const e of f.ege ?? []) {
        e.atLeast80 = 0; // 1.1
        e.belowMinimum = 15; // 1.2
      }
      for (const o of f.oge ?? []) o.failed = 15; // 1.2
      f.vpr = [
        {
          grade: 5,
          subject: "math",
          participants: 50,
          grades: { "2": 40, "3": 10, "4": 0, "5": 0 },
          journal: { lower: 10, same: 10, higher: 30 },
        },
      ]; // 1.3, 1.5
      f.rdr = [{ subject: "math", grade: 9, participants: 25, unsatisfactory: 20 }]; // 1.4
      f.accreditationSuspended = true; // 1.6
      if (f.social) {
        f.social.notAttested = 40; // 2.3
        f.social.chronicAbsence = 60; // 2.4
      }
    });
    patch(dataset, "none", (f) => {
      f.rdr = [{ subject: "math", grade: 9, participants: 25, unsatisfactory: 0 }];
      const vpr = f.vpr?.[0];
      if (vpr) vpr.journal = { lower: 0, same: 50, higher: 0 };
      f.accreditationSuspended = false;
      if (f.social) {
        f.social.notAttested = 0;
        f.social.chronicAbsence = 0;
      }
    });
    return dataset;
  }

  it("lists the school worse than all of its cluster on every indicator in ШНОР, and with every disadvantage in ШНСУ", () => {
    const all = school(run(fixture()), "all");
    expect(all.categories).toEqual(expect.arrayContaining(["lowResults", "adverseSocial"]));
    const statuses = (list: string) =>
      all.identificationCriteria?.filter((c) => c.list === list).map((c) => `${c.number} ${c.status}`);
    expect(statuses("lowResults")).toEqual(numbers("sharan-2021", "lowResults").map((n) => `${n} met`));
    expect(statuses("adverseSocial")).toEqual(numbers("sharan-2021", "adverseSocial").map((n) => `${n} met`));
    expect(all.reasons.map((r) => r.text).join(" ")).toContain("при худшем среди других школ кластера");
  });

  it("lists the school that meets none on neither list", () => {
    const none = school(run(fixture()), "none");
    expect(none.categories).not.toContain("lowResults");
    expect(none.categories).not.toContain("adverseSocial");
    expect(none.identificationCriteria?.filter((c) => c.status !== "not_met")).toEqual([]);
  });
});

describe("default", () => {
  it("has no table: the method of docs/methodology.md §7 decides, and nothing about the preset is echoed", () => {
    expect(PRESET_TABLES.default).toEqual([]);
    const results = run(territory(ordinarySchools(20), { preset: "default" }));
    expect(results.methodology.preset).toBeUndefined();
    expect(results.methodology.criteria).toBeUndefined();
    expect(results.methodology.settings).not.toHaveProperty("preset");
  });
});
