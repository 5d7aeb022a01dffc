// ВПР task diagnosis from Ф1 aggregates: each task's «процент выполнения» at a school and over the territory, judged by level.
import type { SchoolYearFacts, VprTaskLevel, VprTasks } from "../contract/dataset.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import type {
  VprPaperDiagnosis,
  VprTaskRate,
  VprTaskStatus,
  VprTerritoryPaper,
} from "../contract/results.js";
import { round } from "./number-format.js";

/** The four thresholds of `methodology.vprTasks`. */
export type TaskThresholds = MethodologySettings["vprTasks"];

/** Rates are kept to a tenth of a percent, and judged on that rounded value, so what is shown is what was judged. */
const RATE_DIGITS = 3;

/**
 * A task's «процент выполнения»: points scored by all participants over the points they could score,
 * `points / (maxPoints × participants)`, rounded to 0.001; null without participants. A one-point task's rate is
 * the share of participants who solved it.
 * @example taskRate(31, 2, 50) // 0.31
 */
export function taskRate(points: number, maxPoints: number, participants: number): number | null {
  const possible = maxPoints * participants;
  return possible > 0 ? round(points / possible, RATE_DIGITS) : null;
}

/**
 * The status of a rate for a task of `level`: below the level's «insufficient» threshold — insufficient; at or
 * above its «sufficient» threshold — sufficient; between them — borderline («на границе»). Insufficient is tested
 * first, so thresholds set the wrong way round leave no borderline zone rather than a contradiction. A task whose
 * level the file did not mark gets no status: judging it by the wrong level's threshold would mislead.
 * @example taskStatus(0.58, "basic", DEFAULT_SETTINGS.vprTasks) // "borderline"
 */
export function taskStatus(
  rate: number,
  level: VprTaskLevel | undefined,
  thresholds: TaskThresholds,
): VprTaskStatus | undefined {
  if (level === undefined) return undefined;
  const low = level === "basic" ? thresholds.basicInsufficient : thresholds.advancedInsufficient;
  const high = level === "basic" ? thresholds.basicSufficient : thresholds.advancedSufficient;
  if (rate < low) return "insufficient";
  if (rate >= high) return "sufficient";
  return "borderline";
}

/** Points and points possible of one level's tasks, pooled: the level's rate. */
function levelRate(paper: VprTasks, level: VprTaskLevel): number | null {
  let points = 0;
  let possible = 0;
  for (const task of paper.tasks) {
    if (task.level !== level) continue;
    points += task.points;
    possible += task.maxPoints * paper.participants;
  }
  return possible > 0 ? round(points / possible, RATE_DIGITS) : null;
}

/**
 * The diagnosis of one paper at one school: every task with its rate and status (in the paper's order), and the
 * pooled rate of the basic and of the advanced tasks. O(tasks).
 */
export function diagnosePaper(
  paper: VprTasks,
  inIndex: boolean,
  thresholds: TaskThresholds,
): VprPaperDiagnosis {
  const tasks: VprTaskRate[] = paper.tasks.map((task) => {
    const rate = taskRate(task.points, task.maxPoints, paper.participants) ?? 0;
    const status = taskStatus(rate, task.level, thresholds);
    return {
      id: task.id,
      ...(task.level === undefined ? {} : { level: task.level }),
      maxPoints: task.maxPoints,
      rate,
      ...(status === undefined ? {} : { status }),
    };
  });
  return {
    grade: paper.grade,
    subject: paper.subject,
    participants: paper.participants,
    inIndex,
    basic: levelRate(paper, "basic"),
    advanced: levelRate(paper, "advanced"),
    tasks,
  };
}

const byPaper = (a: { grade: number; subject: string }, b: { grade: number; subject: string }) =>
  a.grade - b.grade || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);

/**
 * The diagnosis of every paper of a school-year with task results and participants, by grade then subject. A
 * paper is `inIndex` when the school-year's `vpr` has the same grade and subject: that is what the results index
 * reads (today grades 5 and 8, Russian and mathematics); the other papers are diagnosed and shown all the same.
 * Empty when the school-year has no task results.
 */
export function diagnoseVprTasks(fact: SchoolYearFacts, thresholds: TaskThresholds): VprPaperDiagnosis[] {
  if (!fact.vprTasks || fact.vprTasks.length === 0) return [];
  const out: VprPaperDiagnosis[] = [];
  for (const paper of fact.vprTasks) {
    if (paper.participants === 0) continue;
    const inIndex = fact.vpr?.some((v) => v.grade === paper.grade && v.subject === paper.subject) ?? false;
    out.push(diagnosePaper(paper, inIndex, thresholds));
  }
  return out.sort(byPaper);
}

/**
 * The tasks of `level` with `status` in a diagnosed paper, weakest first (then in the paper's order), at most
 * `limit` of them: what a reason names.
 */
export function tasksWith(
  paper: VprPaperDiagnosis,
  level: VprTaskLevel,
  status: VprTaskStatus,
  limit = Number.POSITIVE_INFINITY,
): VprTaskRate[] {
  return paper.tasks
    .map((task, i) => ({ task, i }))
    .filter(({ task }) => task.level === level && task.status === status)
    .sort((a, b) => a.task.rate - b.task.rate || a.i - b.i)
    .slice(0, limit)
    .map(({ task }) => task);
}

interface TaskSums {
  id: string;
  level: VprTaskLevel | undefined;
  maxPoints: number;
  points: number;
  possible: number;
  schools: number;
  schoolsInsufficient: number;
}

/**
 * Every paper over the territory in one year: each task's points and points possible summed over the schools that
 * wrote it (so its rate is the territory's «процент выполнения»), with how many of those schools did it
 * insufficiently. `facts` in school id order; `diagnosed` the schools' diagnoses in the same order (from
 * {@link diagnoseVprTasks}). Tasks keep the order of their first appearance; a task's level and maximum are the
 * first school's. O(papers × tasks) over all schools.
 */
export function territoryTaskRates(
  facts: readonly SchoolYearFacts[],
  diagnosed: readonly (readonly VprPaperDiagnosis[])[],
  thresholds: TaskThresholds,
): VprTerritoryPaper[] {
  const papers = new Map<
    string,
    { grade: number; subject: string; schools: number; participants: number; tasks: Map<string, TaskSums> }
  >();
  facts.forEach((fact, i) => {
    const diagnosis = diagnosed[i] ?? [];
    for (const paper of fact.vprTasks ?? []) {
      if (paper.participants === 0) continue;
      const key = `${paper.grade}\u0000${paper.subject}`;
      let sums = papers.get(key);
      if (!sums) {
        sums = { grade: paper.grade, subject: paper.subject, schools: 0, participants: 0, tasks: new Map() };
        papers.set(key, sums);
      }
      sums.schools++;
      sums.participants += paper.participants;
      const own = diagnosis.find((d) => d.grade === paper.grade && d.subject === paper.subject);
      // diagnosePaper keeps the paper's task order: the school's status of task j is own.tasks[j].
      paper.tasks.forEach((task, j) => {
        let t = sums.tasks.get(task.id);
        if (!t) {
          t = {
            id: task.id,
            level: task.level,
            maxPoints: task.maxPoints,
            points: 0,
            possible: 0,
            schools: 0,
            schoolsInsufficient: 0,
          };
          sums.tasks.set(task.id, t);
        }
        t.points += task.points;
        t.possible += task.maxPoints * paper.participants;
        t.schools++;
        if (own?.tasks[j]?.status === "insufficient") t.schoolsInsufficient++;
      });
    }
  });
  return [...papers.values()].sort(byPaper).map((p) => {
    const tasks = [...p.tasks.values()];
    const pooled = (level: VprTaskLevel) => {
      let points = 0;
      let possible = 0;
      for (const t of tasks) {
        if (t.level !== level) continue;
        points += t.points;
        possible += t.possible;
      }
      return possible > 0 ? round(points / possible, RATE_DIGITS) : null;
    };
    return {
      grade: p.grade,
      subject: p.subject,
      schools: p.schools,
      participants: p.participants,
      basic: pooled("basic"),
      advanced: pooled("advanced"),
      tasks: tasks.map((t) => {
        const rate = t.possible > 0 ? round(t.points / t.possible, RATE_DIGITS) : 0;
        const status = taskStatus(rate, t.level, thresholds);
        return {
          id: t.id,
          ...(t.level === undefined ? {} : { level: t.level }),
          maxPoints: t.maxPoints,
          rate,
          ...(status === undefined ? {} : { status }),
          schools: t.schools,
          schoolsInsufficient: t.schoolsInsufficient,
        };
      }),
    };
  });
}
