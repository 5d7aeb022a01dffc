// Entry of the pure core: a checked dataset and its settings → Results v1 for one academic year.
import { type AcademicYear, previousAcademicYear } from "../contract/academic-year.js";
import type { Dataset, Reference, School, SchoolYearFacts } from "../contract/dataset.js";
import { criteriaRows } from "../contract/identification-criteria.js";
import { METHODOLOGY_VERSION, type MethodologySettings } from "../contract/methodology-settings.js";
import type { Result } from "../contract/result.js";
import type { Category, Results, SchoolResult, VprPaperDiagnosis } from "../contract/results.js";
import type { AsOf } from "./academic-calendar.js";
import { approvedLists } from "./approved-lists.js";
import { toIndexValue } from "./composite-index.js";
import { effectiveCriteria } from "./criteria-presets.js";
import { type CriteriaBenchmarks, effectivenessCriteria } from "./effectiveness-criteria.js";
import { categoriesOf, type Identification, identifySchool, schoolFindings } from "./identification.js";
import { CriteriaEvaluator, criterionText } from "./identification-criteria.js";
import { at } from "./indexed-access.js";
import { type MentorPair, matchMentors } from "./mentor-matching.js";
import { mentorPool } from "./mentor-pool.js";
import { round } from "./number-format.js";
import { recommend } from "./recommendations.js";
import { roadmapReport } from "./roadmap-report.js";
import { competitionPositions } from "./statistics.js";
import { exitFindings } from "./support-exit.js";
import { territoryIndicators } from "./territory-indicators.js";
import { diagnoseVprTasks, territoryTaskRates } from "./vpr-task-rates.js";
import { analyseYear, type YearAnalysis } from "./year-analysis.js";

export interface ComputeOptions {
  /** The year to report; the latest year with facts when absent. */
  year?: AcademicYear;
  /**
   * The day the roadmap and the working group are judged on (ISO date or luxon DateTime, in the territory's zone).
   * Without it the results carry no roadmap status: the core has no clock, so the caller says what «today» is.
   */
  asOf?: AsOf;
}

export type ComputeError = { code: "no_facts"; message: string } | { code: "unknown_year"; message: string };

export type ComputeOutcome = Result<Results, ComputeError>;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Computes Results v1 for `options.year` (or the latest year with facts). Pure and deterministic: schools and
 * facts are put in id order first, so the same dataset in any order gives byte-identical results.
 * O(Y · n log n) for n schools and Y years.
 */
export function computeResults(
  dataset: Dataset,
  settings: MethodologySettings,
  options: ComputeOptions = {},
): ComputeOutcome {
  if (dataset.facts.length === 0) {
    return {
      success: false,
      error: { code: "no_facts", message: "В наборе данных нет ни одной записи о результатах школ (facts)." },
    };
  }
  const schools = [...dataset.schools].sort(byId);
  const schoolsById = new Map<string, School>(schools.map((s) => [s.id, s]));
  const factsByYear = new Map<AcademicYear, SchoolYearFacts[]>();
  dataset.facts.forEach((fact) => {
    if (!schoolsById.has(fact.schoolId)) return;
    const list = factsByYear.get(fact.year) ?? [];
    list.push(fact);
    factsByYear.set(fact.year, list);
  });
  const years = [...factsByYear.keys()].sort();
  const year = options.year ?? at(years, years.length - 1);
  if (!factsByYear.has(year)) {
    return {
      success: false,
      error: { code: "unknown_year", message: `За ${year} данных нет. Есть данные за: ${years.join(", ")}.` },
    };
  }

  const references = new Map((dataset.references ?? []).map((r) => [r.year, r]));
  const history: YearAnalysis[] = years
    .filter((y) => y <= year)
    .map((y) => {
      const facts = at(factsByYear, y).sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1));
      return analyseYear(y, facts, schoolsById, references.get(y), settings);
    });
  const current = at(history, history.length - 1);
  const previousYear = previousAcademicYear(year);
  const previousHistory = history.filter((h) => h.year <= previousYear);
  const hasPrevious = previousHistory[previousHistory.length - 1]?.year === previousYear;

  const ranked: { id: string; score: number }[] = [];
  schools.forEach((s) => {
    const results = current.schools.get(s.id)?.results;
    if (results) ranked.push({ id: s.id, score: results.weightedScore });
  });
  const positions = competitionPositions(ranked.map((r) => r.score));
  const rankOf = new Map(ranked.map((r, i) => [r.id, at(positions, i)]));

  // Last year's lists only decide «entered / exited»: its categories are found, its reasons never worded.
  const criteria = effectiveCriteria(settings);
  const evaluator =
    criteria.source === "none"
      ? undefined
      : new CriteriaEvaluator(criteria.table, history, references, settings);
  const previous = hasPrevious
    ? schools.map((s) =>
        categoriesOf(schoolFindings(s.id, previousYear, previousHistory, settings, evaluator)),
      )
    : null;
  const identified = schools.map((s) => identifySchool(s.id, year, history, settings, evaluator));
  const support = planSupport(dataset, schools, identified, current, settings, references.get(year));
  // ВПР task diagnosis only where Ф1 task results were imported; other schools carry nothing new.
  const tasks: (VprPaperDiagnosis[] | undefined)[] = schools.map((school) => {
    const fact = current.schools.get(school.id)?.fact;
    return fact?.vprTasks ? diagnoseVprTasks(fact, settings.vprTasks) : undefined;
  });
  const schoolResults: SchoolResult[] = schools.map((school, i) => {
    const a = current.schools.get(school.id);
    const vprTasks = tasks[i];
    const now = at(identified, i);
    const before = previous?.[i];
    const pair = support.pairOf.get(school.id);
    const mentorName = pair ? (schoolsById.get(pair.mentorId)?.name ?? pair.mentorId) : null;
    const recommendations = a
      ? recommend({
          analysis: a,
          categories: now.categories,
          resultsBenchmarks: current.resultsBenchmarks,
          socialBenchmarks: current.socialBenchmarks,
          mentor: pair ? { id: pair.mentorId, name: mentorName as string } : null,
          territoryChronicAbsence: support.territoryChronicAbsence,
          vprTasks: vprTasks ?? [],
        })
      : [];
    const withoutMentor = support.unmatched.get(school.id);
    const inSupport = isListed(now) || pair !== undefined;
    const lastYear = hasPrevious
      ? previousHistory[previousHistory.length - 1]?.schools.get(school.id)
      : undefined;
    const trend = lastYear
      ? {
          social:
            a?.social && lastYear.social ? round(a.social.percentile - lastYear.social.percentile, 1) : null,
          results:
            a?.results && lastYear.results
              ? round(a.results.percentile - lastYear.results.percentile, 1)
              : null,
        }
      : undefined;
    const result: SchoolResult = {
      schoolId: school.id,
      name: school.name,
      socialIndex: a?.social ? toIndexValue(a.social) : null,
      resultsIndex: a?.results ? toIndexValue(a.results) : null,
      cluster: a?.cluster ?? null,
      contextualResult: a?.contextualResult == null ? null : round(a.contextualResult, 1),
      rank: rankOf.get(school.id) ?? null,
      categories: now.categories,
      reasons: now.reasons,
      objectivity: { suspicious: a?.objectivity.suspicious ?? false, reasons: a?.objectivity.reasons ?? [] },
      mentorId: pair?.mentorId ?? null,
      recommendations,
      change: before ? listChange(now.categories, before) : null,
    };
    // Optional keys added in this order (the order they are written in), without spreading a literal each.
    if (withoutMentor) result.mentorNote = `Наставник не назначен: ${withoutMentor}.`;
    if (trend) result.trend = trend;
    if (evaluator && a) {
      result.identificationCriteria = evaluator.decide(school.id, year).flatMap((d) =>
        d.outcomes.map((o) => ({
          list: d.list,
          number: o.criterion.number,
          status: o.status,
          text: criterionText(o),
        })),
      );
    }
    if (inSupport)
      result.criteria = effectivenessCriteria(a?.fact, support.criteriaBenchmarks, pair !== undefined);
    if (vprTasks && vprTasks.length > 0) result.vprTasks = vprTasks;
    return result;
  });
  const taskFacts: SchoolYearFacts[] = [];
  const taskDiagnoses: VprPaperDiagnosis[][] = [];
  schools.forEach((s, i) => {
    const fact = current.schools.get(s.id)?.fact;
    const diagnosed = tasks[i];
    if (!fact || !diagnosed || diagnosed.length === 0) return;
    taskFacts.push(fact);
    taskDiagnoses.push(diagnosed);
  });
  const territoryTasks = territoryTaskRates(taskFacts, taskDiagnoses, settings.vprTasks);
  // Approved lists only when the dataset has them: a dataset without approvals gives the same bytes as before.
  const approved =
    dataset.approvals !== undefined && dataset.approvals.length > 0
      ? approvedLists({
          approvals: dataset.approvals,
          year,
          schools: schoolResults,
          nameOf: (id) => schoolsById.get(id)?.name ?? id,
          escalationYears: settings.decisions.escalationYears,
          exitsOf: (id, categories) =>
            exitFindings(id, categories, history, settings, settings.decisions.exitYears),
        })
      : undefined;
  const indicators = territoryIndicators(
    schoolResults
      .filter((s) => s.criteria !== undefined)
      .map((s) => ({
        fact: current.schools.get(s.schoolId)?.fact,
        adverseSocial: s.categories.includes("adverseSocial"),
      })),
  );

  return {
    success: true,
    data: {
      format: "shnor-results",
      version: 1,
      territoryId: dataset.territory.id,
      year,
      methodology: methodologyEcho(settings, criteria.preset, evaluator),
      schools: schoolResults,
      pairs: support.pairs.map((p) => ({ menteeId: p.menteeId, mentorId: p.mentorId, reasons: p.reasons })),
      summary: { ...summarise(year, schoolResults, previous, settings), ...indicators },
      ...(options.asOf !== undefined && (dataset.roadmap?.length || dataset.meetings?.length)
        ? { roadmap: roadmapReport(dataset, options.asOf) }
        : {}),
      ...(territoryTasks.length > 0 ? { vprTasks: territoryTasks } : {}),
      ...(approved !== undefined ? { approved } : {}),
    },
  };
}

/**
 * `results.methodology`: the version and the settings in force. The preset and the criteria table are echoed only
 * when they are not the defaults (issue 12 §0.4): adding them changed no byte of a default run.
 */
function methodologyEcho(
  settings: MethodologySettings,
  preset: string,
  evaluator: CriteriaEvaluator | undefined,
): Results["methodology"] {
  const { preset: _preset, criteria: _criteria, ...rest } = settings;
  const echo: Results["methodology"] = { version: METHODOLOGY_VERSION, settings: rest };
  if (preset !== "default") echo.preset = preset;
  if (evaluator) echo.criteria = criteriaRows(evaluator.table);
  return echo;
}

const LISTS: readonly Category[] = ["lowResults", "adverseSocial"];

interface SupportPlan {
  criteriaBenchmarks: CriteriaBenchmarks;
  pairs: MentorPair[];
  pairOf: Map<string, MentorPair>;
  unmatched: Map<string, string>;
  territoryChronicAbsence: number | null;
}

/** Mentor pairs for the listed schools of the report year, and what the measures need to know of the territory. */
function planSupport(
  dataset: Dataset,
  schools: readonly School[],
  identified: readonly Identification[],
  current: YearAnalysis,
  settings: MethodologySettings,
  reference: Reference | undefined,
): SupportPlan {
  const pool = mentorPool(
    schools,
    identified.map((i) => i.categories),
    current,
    settings,
  );
  const result = matchMentors(
    pool.mentees,
    pool.candidates,
    dataset.pins ?? [],
    settings,
    current.resultsBenchmarks,
    pool.schools,
  );
  let absent = 0;
  let students = 0;
  current.schools.forEach((a) => {
    const social = a.fact.social;
    if (social?.chronicAbsence === undefined) return;
    absent += social.chronicAbsence;
    students += social.students;
  });
  const egeSums = new Map<string, { sum: number; n: number }>();
  let top = 0;
  let topN = 0;
  current.schools.forEach((a) => {
    a.fact.ege?.forEach((e) => {
      const acc = egeSums.get(e.subject) ?? { sum: 0, n: 0 };
      acc.sum += e.meanScore * e.participants;
      acc.n += e.participants;
      egeSums.set(e.subject, acc);
      if (e.atLeast80 !== undefined) {
        top += e.atLeast80;
        topN += e.participants;
      }
    });
  });
  const egeMeans = new Map([...egeSums].filter(([, v]) => v.n > 0).map(([k, v]) => [k, v.sum / v.n]));
  const chronicAbsence = students > 0 ? absent / students : null;
  return {
    criteriaBenchmarks: { reference, egeMeans, egeAtLeast80: topN > 0 ? top / topN : null, chronicAbsence },
    pairs: result.pairs,
    pairOf: new Map(result.pairs.map((p) => [p.menteeId, p])),
    unmatched: new Map(result.unmatched.map((u) => [u.menteeId, u.reason])),
    territoryChronicAbsence: chronicAbsence,
  };
}

function isListed(identification: Identification): boolean {
  return onList(identification.categories);
}

function onList(categories: readonly Category[]): boolean {
  return categories.some((c) => LISTS.includes(c));
}

/** entered / exited / stayed on the ШНОР or ШНСУ lists against the previous year; null when on neither. */
function listChange(now: readonly Category[], before: readonly Category[]): SchoolResult["change"] {
  const listedNow = onList(now);
  const listedBefore = onList(before);
  if (listedNow && listedBefore) return "stayed";
  if (listedNow) return "entered";
  if (listedBefore) return "exited";
  return null;
}

/** Territory KPIs (keys of SUMMARY_LABELS). */
function summarise(
  year: AcademicYear,
  schools: readonly SchoolResult[],
  previous: readonly (readonly Category[])[] | null,
  settings: MethodologySettings,
): Results["summary"] {
  const t = settings.dynamics.threshold;
  const share = (list: readonly SchoolResult[], test: (change: number) => boolean): number | null => {
    const known = countWhere(list, (s) => s.trend?.results != null);
    if (known === 0) return null;
    const hits = countWhere(list, (s) => s.trend?.results != null && test(s.trend.results));
    return round((100 * hits) / known, 1);
  };
  const listedNow = schools.filter(
    (s) => s.categories.includes("lowResults") || s.categories.includes("adverseSocial"),
  );
  const count = (category: Category) => countWhere(schools, (s) => s.categories.includes(category));
  const moved = (category: Category, direction: "entered" | "exited"): number | null => {
    if (!previous) return null;
    return countWhere(schools, (s, i) => {
      const was = at(previous, i).includes(category);
      const is = s.categories.includes(category);
      return direction === "entered" ? is && !was : was && !is;
    });
  };
  return {
    year,
    schools: schools.length,
    schoolsWithResults: countWhere(schools, (s) => s.resultsIndex !== null),
    lowResults: count("lowResults"),
    adverseSocial: count("adverseSocial"),
    bothLists: countWhere(
      schools,
      (s) => s.categories.includes("lowResults") && s.categories.includes("adverseSocial"),
    ),
    resilient: count("resilient"),
    leader: count("leader"),
    watch: count("watch"),
    objectivitySuspicious: countWhere(schools, (s) => s.objectivity.suspicious),
    lowConfidence: countWhere(schools, (s) => s.resultsIndex?.lowConfidence === true),
    enteredLowResults: moved("lowResults", "entered"),
    exitedLowResults: moved("lowResults", "exited"),
    enteredAdverseSocial: moved("adverseSocial", "entered"),
    exitedAdverseSocial: moved("adverseSocial", "exited"),
    pairs: countWhere(schools, (s) => s.mentorId !== null),
    withoutMentor: countWhere(schools, (s) => s.mentorNote !== undefined),
    listedWithMentor:
      listedNow.length === 0
        ? null
        : round((100 * countWhere(listedNow, (s) => s.mentorId !== null)) / listedNow.length, 1),
    positiveDynamics: share(schools, (c) => c >= t),
    negativeDynamics: share(schools, (c) => c <= -t),
    listedPositiveDynamics: share(listedNow, (c) => c >= t),
  };
}

/** How many items pass `test`: `filter(test).length` without building the filtered list (40,000 schools). */
function countWhere<T>(items: readonly T[], test: (item: T, index: number) => boolean): number {
  let n = 0;
  items.forEach((item, i) => {
    if (test(item, i)) n++;
  });
  return n;
}
