// ВПР task diagnosis as a methodologist reads it: «процент выполнения» per task, judged by level, in the card data, the territory and the measures.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SchoolYearFacts, VprTaskLevel, VprTasks } from "../../functions/src/contract/dataset.js";
import { DEFAULT_SETTINGS } from "../../functions/src/contract/methodology-settings.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { type Results, ResultsSchema } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { MEASURES, type RecommendationContext } from "../../functions/src/domain/recommendations.js";
import {
  diagnosePaper,
  diagnoseVprTasks,
  taskRate,
  taskStatus,
  tasksWith,
  territoryTaskRates,
} from "../../functions/src/domain/vpr-task-rates.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { withSampleTaskRecords } from "../../functions/src/sample/vpr-task-records.js";
import { ordinarySchools, territory } from "./territory-fixture.js";

const T = DEFAULT_SETTINGS.vprTasks;

/** A paper of `participants` whose tasks are [id, level, maxPoints, points scored by all]. */
function paper(
  grade: number,
  subject: string,
  participants: number,
  tasks: [string, VprTaskLevel | undefined, number, number][],
): VprTasks {
  return {
    grade,
    subject,
    participants,
    maxScore: tasks.reduce((s, t) => s + t[2], 0),
    tasks: tasks.map(([id, level, maxPoints, points]) => ({
      id,
      ...(level === undefined ? {} : { level }),
      maxPoints,
      points,
    })),
  };
}

/** Russian, grade 5, 50 participants: tasks 5 and 9.1 basic and weak, 7 on the border, 11 advanced and weak. */
const RUSSIAN_5 = paper(5, "russian", 50, [
  ["1", "basic", 2, 80], // 80%
  ["5", "basic", 2, 31], // 31%
  ["7", "basic", 1, 29], // 58% — на границе
  ["9.1", "basic", 1, 20], // 40%
  ["11", "advanced", 3, 18], // 12%
  ["12", "advanced", 2, 30], // 30% — достаточно
]);
/** History, grade 6: a paper the method does not read, as weak as can be. */
const HISTORY_6 = paper(6, "history", 40, [
  ["1", "basic", 1, 4],
  ["2", "basic", 2, 10],
]);

describe("a task's «процент выполнения» and its status", () => {
  it("is points over points possible: a one-point task is the share who solved it", () => {
    expect(taskRate(20, 1, 50)).toBe(0.4);
    expect(taskRate(31, 2, 50)).toBe(0.31);
    expect(taskRate(0, 2, 0)).toBeNull();
  });

  it.each([
    { rate: 0.569, level: "basic", status: "insufficient" },
    { rate: 0.57, level: "basic", status: "borderline" },
    { rate: 0.599, level: "basic", status: "borderline" },
    { rate: 0.6, level: "basic", status: "sufficient" },
    { rate: 0.284, level: "advanced", status: "insufficient" },
    { rate: 0.285, level: "advanced", status: "borderline" },
    { rate: 0.3, level: "advanced", status: "sufficient" },
    { rate: 0.1, level: undefined, status: undefined },
  ] as const)("$level $rate → $status (ФИОКО's thresholds by default)", ({ rate, level, status }) => {
    expect(taskStatus(rate, level, T)).toBe(status);
  });

  it("judges the rate as shown: 56.95% is shown as 57% and is on the border, not insufficient", () => {
    // 1139 of 2000 points = 56.95%, kept as 0.57 — the value the sheet and the card show.
    const [task] = diagnosePaper(paper(5, "math", 1000, [["3", "basic", 2, 1139]]), true, T).tasks;
    expect(task).toEqual({ id: "3", level: "basic", maxPoints: 2, rate: 0.57, status: "borderline" });
  });

  it("leaves no borderline zone when the thresholds are set the wrong way round", () => {
    const swapped = { ...T, basicInsufficient: 0.65, basicSufficient: 0.6 };
    expect(taskStatus(0.62, "basic", swapped)).toBe("insufficient");
    expect(taskStatus(0.65, "basic", swapped)).toBe("sufficient");
  });

  it("follows the thresholds of the settings", () => {
    const strict = { ...T, basicInsufficient: 0.7, basicSufficient: 0.75 };
    expect(taskStatus(0.65, "basic", T)).toBe("sufficient");
    expect(taskStatus(0.65, "basic", strict)).toBe("insufficient");
  });
});

describe("a school's papers", () => {
  const fact: SchoolYearFacts = {
    schoolId: "x",
    year: "2025/2026",
    vpr: [{ grade: 5, subject: "russian", participants: 50, grades: { "2": 10, "3": 20, "4": 15, "5": 5 } }],
    vprTasks: [HISTORY_6, RUSSIAN_5, { ...paper(7, "math", 0, [["1", "basic", 1, 0]]) }],
  };
  const diagnosed = diagnoseVprTasks(fact, T);

  it("diagnoses every paper with participants, by grade, and marks the ones the results index reads", () => {
    expect(diagnosed.map((p) => [p.grade, p.subject, p.inIndex])).toEqual([
      [5, "russian", true],
      [6, "history", false],
    ]);
  });

  it("pools each level: basic 160 of 300 points, advanced 48 of 250", () => {
    const [russian] = diagnosed;
    expect(russian?.basic).toBe(0.533);
    expect(russian?.advanced).toBe(0.192);
  });

  it("names the weak tasks weakest first", () => {
    const [russian] = diagnosed;
    if (!russian) throw new Error("no paper");
    expect(tasksWith(russian, "basic", "insufficient").map((t) => [t.id, t.rate])).toEqual([
      ["5", 0.31],
      ["9.1", 0.4],
    ]);
    expect(tasksWith(russian, "basic", "borderline").map((t) => t.id)).toEqual(["7"]);
    expect(tasksWith(russian, "advanced", "insufficient").map((t) => t.id)).toEqual(["11"]);
    expect(tasksWith(russian, "basic", "insufficient", 1).map((t) => t.id)).toEqual(["5"]);
  });

  it("has nothing to diagnose without task results", () => {
    expect(diagnoseVprTasks({ schoolId: "y", year: "2025/2026" }, T)).toEqual([]);
  });
});

describe("the territory", () => {
  it("pools each task over the schools that wrote it and counts the schools that did it insufficiently", () => {
    const strong = paper(5, "russian", 50, [
      ["1", "basic", 2, 90],
      ["5", "basic", 2, 75],
      ["7", "basic", 1, 40],
      ["9.1", "basic", 1, 45],
      ["11", "advanced", 3, 60],
      ["12", "advanced", 2, 50],
    ]);
    const facts: SchoolYearFacts[] = [
      { schoolId: "a", year: "2025/2026", vprTasks: [RUSSIAN_5] },
      { schoolId: "b", year: "2025/2026", vprTasks: [strong, HISTORY_6] },
    ];
    const papers = territoryTaskRates(
      facts,
      facts.map((f) => diagnoseVprTasks(f, T)),
      T,
    );
    expect(papers.map((p) => [p.grade, p.subject, p.schools, p.participants])).toEqual([
      [5, "russian", 2, 100],
      [6, "history", 1, 40],
    ]);
    const task5 = papers[0]?.tasks.find((t) => t.id === "5");
    // (31 + 75) / (2 × 100) = 53% — insufficient over the territory; one school of two below 57%.
    expect(task5).toEqual({
      id: "5",
      level: "basic",
      maxPoints: 2,
      rate: 0.53,
      status: "insufficient",
      schools: 2,
      schoolsInsufficient: 1,
    });
    expect(papers[1]?.tasks.map((t) => t.schoolsInsufficient)).toEqual([1, 1]);
  });
});

/** The fixture territory with school x listed as ШНОР and given this year's Ф1 task results. */
function computeWithTasks(vprTasks: VprTasks[], methodology?: Record<string, unknown>): Results {
  const dataset = territory(
    [...ordinarySchools(20), { id: "x", conditions: 0.5, results: [0.4, 0.08, 0.05] }],
    methodology,
  );
  const fact = dataset.facts.find((f) => f.schoolId === "x" && f.year === "2025/2026");
  if (!fact) throw new Error("no fact");
  // Grade 5 Russian is a paper the method reads, so the import gave its marks too.
  fact.vpr?.push({
    grade: 5,
    subject: "russian",
    participants: 50,
    grades: { "2": 15, "3": 20, "4": 12, "5": 3 },
  });
  fact.vprTasks = vprTasks;
  const parsed = parseDataset(dataset);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  const outcome = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!outcome.success) throw new Error(outcome.error.message);
  expect(ResultsSchema.safeParse(outcome.data).success).toBe(true);
  return outcome.data;
}

describe("task diagnosis in the results", () => {
  const results = computeWithTasks([RUSSIAN_5, HISTORY_6]);
  const x = results.schools.find((s) => s.schoolId === "x");

  it("carries the school's papers and the territory's, and nothing for schools without task results", () => {
    expect(x?.vprTasks?.map((p) => [p.grade, p.subject, p.inIndex])).toEqual([
      [5, "russian", true],
      [6, "history", false],
    ]);
    expect(x?.vprTasks?.[0]?.tasks.find((t) => t.id === "9.1")).toEqual({
      id: "9.1",
      level: "basic",
      maxPoints: 1,
      rate: 0.4,
      status: "insufficient",
    });
    expect(results.vprTasks?.map((p) => [p.grade, p.subject, p.schools])).toEqual([
      [5, "russian", 1],
      [6, "history", 1],
    ]);
    expect(results.schools.filter((s) => s.vprTasks !== undefined).map((s) => s.schoolId)).toEqual(["x"]);
  });

  it("names the weak basic tasks of the subject's ВПР in the subject measure, with the weak advanced ones", () => {
    const russian = x?.recommendations.find((r) => r.code === "exam_preparation_russian");
    expect(russian?.rationale).toContain(
      "ВПР, 5 класс, русский язык: недостаточно выполнены базовые задания 5 и 9.1 (31% и 40%), повышенное — 11 (12%)",
    );
    // Grade 6 history is shown on «Задания ВПР», but no measure reads a paper outside the method.
    expect(x?.recommendations.some((r) => r.rationale.includes("история"))).toBe(false);
  });

  it("follows the thresholds of the settings: at 35% for basic tasks task 9.1 is no longer weak", () => {
    const lenient = computeWithTasks([RUSSIAN_5], {
      vprTasks: { basicInsufficient: 0.35, basicSufficient: 0.4 },
    });
    const rationale = lenient.schools
      .find((s) => s.schoolId === "x")
      ?.recommendations.find((r) => r.code === "exam_preparation_russian")?.rationale;
    expect(rationale).toContain("недостаточно выполнено базовое задание 5 (31%)");
    expect(rationale).not.toContain("9.1");
  });

  it("is the example docs/methodology.md gives", () => {
    const doc = readFileSync(new URL("../../docs/methodology.md", import.meta.url), "utf8");
    expect(doc).toContain(
      "«ВПР, 5 класс, русский язык: недостаточно выполнены базовые задания 5 и 9.1 (31% и 40%)»",
    );
  });
});

describe("the subject measure's trigger", () => {
  const measure = MEASURES.find((m) => m.code === "exam_preparation_russian");
  /** A listed school with no ГИА weakness at all: only the task results can call for the measure. */
  function context(vprTasks: RecommendationContext["vprTasks"]): RecommendationContext {
    const fact: SchoolYearFacts = { schoolId: "x", year: "2025/2026" };
    return {
      analysis: {
        school: { id: "x", name: "Школа x" },
        fact,
        social: null,
        results: null,
        cluster: null,
        place: null,
        objectivity: { suspicious: false, codes: [], reasons: [] },
        flags: [],
        vprTrusted: true,
        contextualResult: null,
      },
      categories: ["lowResults"],
      resultsBenchmarks: [],
      socialBenchmarks: [],
      mentor: null,
      territoryChronicAbsence: null,
      ...(vprTasks ? { vprTasks } : {}),
    };
  }

  it("fires on weak basic tasks of an index paper alone", () => {
    const hit = measure?.trigger(context([diagnosePaper(RUSSIAN_5, true, T)]));
    expect(hit?.rationale).toMatch(
      /^ВПР, 5 класс, русский язык: недостаточно выполнены базовые задания 5 и 9\.1/,
    );
    expect(hit?.priority).toBe(1);
  });

  it("does not fire on weak advanced tasks alone, on a paper outside the index, or without task results", () => {
    const advancedOnly = paper(5, "russian", 50, [
      ["1", "basic", 2, 80],
      ["11", "advanced", 3, 18],
    ]);
    expect(measure?.trigger(context([diagnosePaper(advancedOnly, true, T)]))).toBeNull();
    expect(measure?.trigger(context([diagnosePaper(RUSSIAN_5, false, T)]))).toBeNull();
    expect(measure?.trigger(context(undefined))).toBeNull();
  });
});

describe("invariants", () => {
  const sample = generateSampleTerritory({ schools: 24, years: 3, seed: 7 });
  sample.facts = withSampleTaskRecords(sample.facts, 7);
  const diagnosis = (facts: SchoolYearFacts[]) => {
    const parsed = parseDataset({ ...sample, facts });
    if (!parsed.success) throw new Error("sample refused");
    const outcome = computeResults(parsed.data.dataset, parsed.data.settings);
    if (!outcome.success) throw new Error(outcome.error.message);
    return JSON.stringify([outcome.data.vprTasks, outcome.data.schools.map((s) => s.vprTasks)]);
  };
  const expected = diagnosis(sample.facts);

  it("the same facts in any order give the same diagnosis, school by school and over the territory", () => {
    expect(expected).toContain('"schoolsInsufficient"');
    fc.assert(
      fc.property(fc.shuffledSubarray(sample.facts, { minLength: sample.facts.length }), (facts) => {
        expect(diagnosis(facts)).toBe(expected);
      }),
      { numRuns: 15 },
    );
  });

  it("participants and points scaled ×10 keep every rate and status", () => {
    const scaled = diagnoseVprTasks(
      {
        schoolId: "x",
        year: "2025/2026",
        vprTasks: [
          {
            ...RUSSIAN_5,
            participants: 500,
            tasks: RUSSIAN_5.tasks.map((t) => ({ ...t, points: t.points * 10 })),
          },
        ],
      },
      T,
    );
    const [original] = diagnoseVprTasks({ schoolId: "x", year: "2025/2026", vprTasks: [RUSSIAN_5] }, T);
    expect(scaled[0]?.tasks).toEqual(original?.tasks);
    expect(scaled[0]?.participants).toBe(500);
  });
});
