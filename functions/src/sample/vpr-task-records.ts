// Task-level ВПР records of the sample (what a Ф1 import gives per school and paper), simulated without writing files: for storage tests and the benchmark.
import type { SchoolYearFacts, VprTasks } from "../contract/dataset.js";
import { createRandom } from "./seeded-random.js";
import { participants, SAMPLE_PAPERS, type SamplePaper, scoreFor, taskPoints } from "./vpr-f1-files.js";

/**
 * The task record of one paper at one school: the participants the Ф1 generator would write for its ВПР facts,
 * summed as the importer sums them (points per task, participants per primary score, marks, register
 * comparison). Seeded per school, year and paper.
 */
export function sampleTaskRecord(
  fact: SchoolYearFacts,
  paper: SamplePaper,
  seed: number | string,
): VprTasks | undefined {
  const v = fact.vpr?.find((e) => e.grade === paper.grade && e.subject === paper.subject);
  if (v === undefined || v.participants === 0) return undefined;
  const rng = createRandom(`${seed}:tasks:${fact.year}:${paper.grade}:${paper.subject}:${fact.schoolId}`);
  const points = paper.tasks.map(() => 0);
  const scores = new Array<number>(paper.maxScore + 1).fill(0);
  for (const { mark } of participants(v)) {
    const score = scoreFor(mark, paper, rng);
    scores[score] = (scores[score] ?? 0) + 1;
    taskPoints(score, paper, rng).forEach((p, i) => {
      points[i] = (points[i] ?? 0) + p;
    });
  }
  return {
    grade: paper.grade,
    subject: paper.subject,
    participants: v.participants,
    maxScore: paper.maxScore,
    tasks: paper.tasks.map((t, i) => ({
      id: t.id,
      level: t.level === "Б" ? ("basic" as const) : ("advanced" as const),
      maxPoints: t.maxPoints,
      points: points[i] ?? 0,
    })),
    scores,
    grades: { ...v.grades },
    ...(v.journal === undefined ? {} : { journal: { ...v.journal } }),
  };
}

/** The facts with the task records of the sample's four papers added wherever the school wrote the paper. */
export function withSampleTaskRecords(
  facts: Iterable<SchoolYearFacts>,
  seed: number | string,
  papers: readonly SamplePaper[] = SAMPLE_PAPERS,
): SchoolYearFacts[] {
  const out: SchoolYearFacts[] = [];
  for (const fact of facts) {
    const records = papers
      .map((paper) => sampleTaskRecord(fact, paper, seed))
      .filter((r): r is VprTasks => r !== undefined);
    out.push(records.length > 0 ? { ...fact, vprTasks: records } : fact);
  }
  return out;
}
