// Everything the method computes for one territory-year before identification: indices, clusters, screens.
import type { AcademicYear } from "../contract/academic-year.js";
import type { Reference, School, SchoolYearFacts } from "../contract/dataset.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { assignCluster } from "./clusters.js";
import {
  type ComponentBenchmark,
  type CompositeOutcome,
  cellValue,
  computeCompositeIndex,
  excludeCell,
  type IndicatorMatrix,
  readIndicators,
} from "./composite-index.js";
import { at } from "./indexed-access.js";
import { DISADVANTAGE_FLAG_KEYS, RESULTS_COMPONENTS, SOCIAL_COMPONENTS } from "./indicators.js";
import { type ObjectivityOutcome, screenObjectivity } from "./objectivity-screen.js";
import { competitionPositions, hazenPercentiles, leastSquaresLine } from "./statistics.js";

export type DisadvantageFlag = (typeof DISADVANTAGE_FLAG_KEYS)[number];

/** Where a school stands among the schools it is compared with (its cluster, or the territory). */
export interface ComparisonPlace {
  /** Hazen percentile of the results index within the group, 0..100. */
  percentile: number;
  /** 1 = best results in the group. */
  position: number;
  size: number;
  /** The cluster's name, or null when the school is compared with the whole territory. */
  cluster: string | null;
}

export interface SchoolYearAnalysis {
  school: School;
  fact: SchoolYearFacts;
  social: CompositeOutcome | null;
  results: CompositeOutcome | null;
  cluster: string | null;
  place: ComparisonPlace | null;
  objectivity: ObjectivityOutcome;
  flags: DisadvantageFlag[];
  /** False when the ВПР are under suspicion and left out (of the index and of the procedures). */
  vprTrusted: boolean;
  /** Results percentile minus the value expected from the social index (least squares over the territory). */
  contextualResult: number | null;
}

export interface YearAnalysis {
  year: AcademicYear;
  schools: Map<string, SchoolYearAnalysis>;
  socialBenchmarks: ComponentBenchmark[];
  resultsBenchmarks: ComponentBenchmark[];
}

const VPR_COMPONENT = RESULTS_COMPONENTS.findIndex((c) => c.key === "vprGrade2");

/**
 * Analyses one year. `facts` must be the facts of that year for schools in `schoolsById`, sorted by school id:
 * every sum then runs in the same order whatever the order of the input, so the results are byte-stable.
 */
export function analyseYear(
  year: AcademicYear,
  facts: readonly SchoolYearFacts[],
  schoolsById: ReadonlyMap<string, School>,
  reference: Reference | undefined,
  settings: MethodologySettings,
): YearAnalysis {
  const rows = facts.map((fact) => ({ fact, school: at(schoolsById, fact.schoolId) }));
  const composite = {
    minN: settings.minN,
    priorStrength: settings.priorStrength,
    lowConfidenceWeightShare: settings.lowConfidenceWeightShare,
  };

  const socialRows = rows.filter((r) => r.fact.social !== undefined && r.fact.social.students > 0);
  const socialMatrix = readIndicators(
    socialRows,
    (r) => r.school.id,
    SOCIAL_COMPONENTS,
    (cell, r, c) => c.extract(cell, r.fact, r.school, settings),
  );
  const socialRowOf = new Map(socialMatrix.ids.map((id, i) => [id, i]));
  const social = computeCompositeIndex(
    socialMatrix,
    { ...composite, weights: settings.social.weights, minComponents: 1 },
    SOCIAL_COMPONENTS.map(() => null),
  );

  const resultsMatrix = readIndicators(
    rows,
    (r) => r.school.id,
    RESULTS_COMPONENTS,
    (cell, r, c) => c.extract(cell, r.fact, r.school, settings),
  );
  const objectivity = screenObjectivity(rows, settings, resultsMatrix, reference?.vprBoundaries);
  const excludeVpr = (i: number) =>
    settings.objectivity.excludeSuspiciousVpr && at(objectivity, i).suspicious;
  rows.forEach((_, i) => {
    if (excludeVpr(i)) excludeCell(resultsMatrix, i, VPR_COMPONENT);
  });
  const results = computeCompositeIndex(
    resultsMatrix,
    { ...composite, weights: settings.results.weights, minComponents: settings.results.minComponents },
    RESULTS_COMPONENTS.map((c) => c.reference?.(reference) ?? null),
  );

  const schools = new Map<string, SchoolYearAnalysis>();
  rows.forEach(({ fact, school }, i) => {
    const s = social.bySchool.get(school.id) ?? null;
    schools.set(school.id, {
      school,
      fact,
      social: s,
      results: results.bySchool.get(school.id) ?? null,
      cluster: assignCluster(school.cluster, s?.percentile ?? null, settings.clusters.count),
      place: null,
      objectivity: at(objectivity, i),
      flags: s ? presentFlags(socialMatrix, at(socialRowOf, school.id)) : [],
      vprTrusted: !excludeVpr(i),
      contextualResult: null,
    });
  });
  placeWithinClusters(schools);
  addContextualResults(schools);
  return { year, schools, socialBenchmarks: social.benchmarks, resultsBenchmarks: results.benchmarks };
}

/** The disadvantage flags that are «yes» for the school at `row` of the social matrix. */
function presentFlags(matrix: IndicatorMatrix, row: number): DisadvantageFlag[] {
  const out: DisadvantageFlag[] = [];
  SOCIAL_COMPONENTS.forEach((c, j) => {
    if (FLAG_KEYS.has(c.key) && cellValue(matrix, row, j) === 1) out.push(c.key as DisadvantageFlag);
  });
  return out;
}

const FLAG_KEYS = new Set<string>(DISADVANTAGE_FLAG_KEYS);

/** Percentile and position of each school's results within its cluster; schools with no cluster meet the territory. */
function placeWithinClusters(schools: Map<string, SchoolYearAnalysis>): void {
  // Each school with its results index, so the groups need no cast to read it.
  type Ranked = { a: SchoolYearAnalysis; results: CompositeOutcome };
  const groups = new Map<string, Ranked[]>();
  const all: Ranked[] = [];
  schools.forEach((a) => {
    if (!a.results) return;
    const ranked = { a, results: a.results };
    all.push(ranked);
    if (a.cluster === null) return;
    const group = groups.get(a.cluster) ?? [];
    group.push(ranked);
    groups.set(a.cluster, group);
  });
  const place = (members: Ranked[], cluster: string | null, only?: (a: SchoolYearAnalysis) => boolean) => {
    const values = members.map((m) => m.results.weightedScore);
    const percentiles = hazenPercentiles(values);
    const positions = competitionPositions(values);
    members.forEach(({ a }, i) => {
      if (only && !only(a)) return;
      a.place = {
        percentile: at(percentiles, i),
        position: at(positions, i),
        size: members.length,
        cluster,
      };
    });
  };
  for (const [cluster, members] of groups) place(members, cluster);
  if (all.some(({ a }) => a.cluster === null)) place(all, null, (a) => a.cluster === null);
}

/** Residual of the results percentile on the social percentile: positive = better than its conditions predict. */
function addContextualResults(schools: Map<string, SchoolYearAnalysis>): void {
  const both: { a: SchoolYearAnalysis; social: number; results: number }[] = [];
  schools.forEach((a) => {
    if (a.social && a.results) both.push({ a, social: a.social.percentile, results: a.results.percentile });
  });
  const line = leastSquaresLine(
    both.map((s) => s.social),
    both.map((s) => s.results),
  );
  if (!line) return;
  both.forEach((s) => {
    s.a.contextualResult = s.results - (line.a + line.b * s.social);
  });
}
