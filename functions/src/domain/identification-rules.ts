// The rules of docs/methodology.md §7, one function each: what a school's year shows, as codes and numbers (no words).
import type { AcademicYear } from "../contract/academic-year.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import type { ListDecision } from "./identification-criteria.js";
import { percentCut, shownPercentile } from "./number-format.js";
import { type ProcedureFailure, procedureFailures, tookProcedures } from "./procedures.js";
import type { ComparisonPlace, DisadvantageFlag, SchoolYearAnalysis, YearAnalysis } from "./year-analysis.js";

/** A school's place among the schools it is compared with in one year: `7-е место из 8`. */
export interface YearPlace {
  year: AcademicYear;
  position: number;
  size: number;
}

/** A procedure failed both in the report year and in the earlier year the school took it. */
export interface RepeatedFailure {
  now: ProcedureFailure;
  before: ProcedureFailure;
}

/**
 * What one rule found for one school in the report year: its category, its reason code (the codes of
 * docs/methodology.md §7) and the numbers the reason is written from. `cluster` is the school's cluster, null
 * when it is compared with the whole territory.
 */
export type Finding =
  | { category: "lowResults"; code: "cluster_bottom"; cluster: string | null; places: YearPlace[] }
  | {
      category: "lowResults";
      code: "below_minimum";
      year: AcademicYear;
      failures: ProcedureFailure[];
      repeated: RepeatedFailure[];
      earlierYear: AcademicYear;
    }
  | { category: "watch"; code: "small_samples"; cluster: string | null; places: YearPlace[] }
  | {
      category: "watch";
      code: "one_bad_year";
      cluster: string | null;
      place: YearPlace;
      /** Why rule A is not met: no earlier year with an index, or the earlier year was not in the bottom. */
      why: "only_this_year" | "higher_before";
      /** With `higher_before`: the earlier year with an index that was higher (not always the previous year). */
      earlierYear?: AcademicYear;
    }
  | { category: "watch"; code: "below_minimum_once"; failures: ProcedureFailure[] }
  | { category: "watch"; code: "accreditation_suspended"; year: AcademicYear }
  | { category: "adverseSocial"; code: "social_bottom"; socialPercentile: number }
  | { category: "adverseSocial"; code: "disadvantage_flags"; flags: DisadvantageFlag[] }
  | { category: "resilient"; code: "resilient"; socialPercentile: number; resultsPercentile: number }
  | { category: "leader"; code: "cluster_top"; cluster: string | null; places: YearPlace[] }
  /** The list decided by the criteria table of the territory's order (issue 12): met by its rule. */
  | { category: "lowResults" | "adverseSocial"; code: "criteria"; decision: ListDecision }
  /** Not listed only because criteria could not be evaluated for want of data: watched until they can. */
  | { category: "watch"; code: "criteria_not_evaluated"; decision: ListDecision };

/** A year in which the school has a results index, and so a place among the schools it is compared with. */
export interface RankedYear {
  year: AcademicYear;
  a: SchoolYearAnalysis;
  place: ComparisonPlace;
}

/** One school seen from the report year back, as the rules read it. */
export interface SchoolTimeline {
  year: AcademicYear;
  /** The school's analysis in the report year. */
  current: SchoolYearAnalysis;
  /** The years in which the school has a results index and a place, most recent first. */
  ranked: readonly RankedYear[];
  /** Whether the report year is among `ranked`. */
  rankedNow: boolean;
  /** All analysed years up to the report year, ascending. */
  history: readonly YearAnalysis[];
  schoolId: string;
}

/** The school's timeline, or null when it has no analysis in the report year (the last year of `history`). */
export function schoolTimeline(
  schoolId: string,
  year: AcademicYear,
  history: readonly YearAnalysis[],
): SchoolTimeline | null {
  const last = history[history.length - 1];
  const current = last?.year === year ? last.schools.get(schoolId) : undefined;
  if (current === undefined) return null;
  const ranked: RankedYear[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const y = history[i];
    const a = y?.schools.get(schoolId);
    if (y !== undefined && a?.results != null && a.place !== null)
      ranked.push({ year: y.year, a, place: a.place });
  }
  return { year, current, ranked, rankedNow: ranked[0]?.year === year, history, schoolId };
}

function yearPlace(y: RankedYear): YearPlace {
  return { year: y.year, position: y.place.position, size: y.place.size };
}

/**
 * What rule A sees: the school is in the bottom of its cluster this year, and how the years before compare.
 * Null when it is not in the bottom this year (most schools): then neither rule A nor its «watch» applies.
 */
export interface ClusterBottom {
  /** The last `lowResults.years` years with an index, most recent first. */
  recent: readonly RankedYear[];
  /** In the bottom in each of them, and there are `lowResults.years` of them. */
  persistent: boolean;
  /** The index rests mostly on small samples in at least one of them. */
  smallSamples: boolean;
  /** The test of one year: in the bottom of its cluster and below the territory's cap. */
  inBottom(y: RankedYear): boolean;
}

/**
 * In the bottom this year: cluster percentile below `lowResults.clusterShare` and territory percentile below
 * `lowResults.territoryPercentileCap`; then the last `lowResults.years` years with an index are looked at.
 */
export function clusterBottom(t: SchoolTimeline, settings: MethodologySettings): ClusterBottom | null {
  const lr = settings.lowResults;
  const inBottom = (y: RankedYear) =>
    y.place.percentile < percentCut(lr.clusterShare) &&
    shownPercentile(y.a.results?.percentile ?? 100) < percentCut(lr.territoryPercentileCap);
  const now = t.ranked[0];
  if (!t.rankedNow || now === undefined || !inBottom(now)) return null;
  const recent = t.ranked.slice(0, lr.years);
  return {
    recent,
    persistent: recent.length === lr.years && recent.every(inBottom),
    smallSamples: recent.some((y) => y.a.results?.lowConfidence),
    inBottom,
  };
}

/**
 * What rule B sees: the procedures failed this year and, when there are any, those failed again.
 * Null when no procedure counts as failed this year.
 */
export interface FailedProcedures {
  failures: ProcedureFailure[];
  repeated: RepeatedFailure[];
  /** The most recent earlier year in which the school took any procedure; null when none. */
  earlierYear: AcademicYear | null;
}

/**
 * Procedures failed this year: at least `lowResults.belowMinimumShare` of at least `minN` participants below the
 * minimum (ЕГЭ), with «2» (ОГЭ, ВПР unless under suspicion) or unsatisfactory (РДР); and which of them failed
 * in the most recent earlier year in which the school took any procedure.
 */
export function failedProcedures(t: SchoolTimeline, settings: MethodologySettings): FailedProcedures | null {
  const counted = { minShare: settings.lowResults.belowMinimumShare, minN: settings.minN };
  const failures = procedureFailures(t.current.fact, t.current.vprTrusted, counted);
  if (failures.length === 0) return null;
  const earlier = earlierProcedures(t);
  const before = earlier ? procedureFailures(earlier.a.fact, earlier.a.vprTrusted, counted) : [];
  const repeated: RepeatedFailure[] = [];
  for (const now of failures) {
    const match = before.find((p) => p.key === now.key);
    if (match !== undefined) repeated.push({ now, before: match });
  }
  return { failures, repeated, earlierYear: earlier?.year ?? null };
}

/** The most recent earlier year in which the school took part in any procedure. */
function earlierProcedures(t: SchoolTimeline): { year: AcademicYear; a: SchoolYearAnalysis } | null {
  for (let i = t.history.length - 1; i >= 0; i--) {
    const y = t.history[i];
    if (y === undefined || y.year >= t.year) continue;
    const a = y.schools.get(t.schoolId);
    if (a && tookProcedures(a.fact, a.vprTrusted)) return { year: y.year, a };
  }
  return null;
}

/**
 * ШНОР, rule A (methodology §7.1): «В каждом из двух последних учебных лет, за которые у школы есть индекс
 * результатов (`lowResults.years = 2`, текущий год обязательно среди них), одновременно: индекс результатов
 * школы в нижних 20% её кластера (`lowResults.clusterShare = 0,2`), и индекс результатов ниже 50% школ
 * территории (`lowResults.territoryPercentileCap = 0,5`), и ни в одном из этих лет индекс не рассчитан на малых
 * выборках». Code `cluster_bottom`, with the place in each year, oldest first.
 */
export function lowResultsByClusterPlace(t: SchoolTimeline, bottom: ClusterBottom | null): Finding | null {
  if (bottom === null || !bottom.persistent || bottom.smallSamples) return null;
  return {
    category: "lowResults",
    code: "cluster_bottom",
    cluster: t.current.cluster,
    places: oldestFirst(bottom),
  };
}

/**
 * ШНОР, rule B (methodology §7.1): «Школа — ШНОР, если в текущем году провалены не меньше двух процедур
 * (`lowResults.proceduresInYear = 2`) и хотя бы одна из них провалена и в предыдущем году, за который у школы
 * есть результаты процедур». A procedure is failed by `lowResults.belowMinimumShare` (0,3) of at least `minN`
 * participants. Code `below_minimum`, with this year's failures and the repeated ones.
 */
export function lowResultsByFailedProcedures(
  t: SchoolTimeline,
  failed: FailedProcedures | null,
  settings: MethodologySettings,
): Finding | null {
  if (failed === null || failed.earlierYear === null) return null;
  if (failed.failures.length < settings.lowResults.proceduresInYear || failed.repeated.length === 0)
    return null;
  return {
    category: "lowResults",
    code: "below_minimum",
    year: t.year,
    failures: failed.failures,
    repeated: failed.repeated,
    earlierYear: failed.earlierYear,
  };
}

/**
 * Под наблюдением (methodology §7.2): «Школа ставится „под наблюдение“, если есть сигнал, но правил ШНОР он не
 * выполняет». In this order: `small_samples` (rule A met on an index resting mostly on fewer than `minN`
 * participants), `one_bad_year` (in the bottom this year only, or no earlier year), `below_minimum_once`
 * (`lowResults.proceduresInYear` procedures failed with none repeated, or one repeated alone), and
 * `accreditation_suspended` (the school reported its state accreditation suspended).
 */
export function watch(
  t: SchoolTimeline,
  bottom: ClusterBottom | null,
  failed: FailedProcedures | null,
  settings: MethodologySettings,
): Finding[] {
  const out: Finding[] = [];
  const cluster = t.current.cluster;
  if (bottom?.persistent && bottom.smallSamples) {
    out.push({ category: "watch", code: "small_samples", cluster, places: oldestFirst(bottom) });
  } else if (bottom !== null && !bottom.persistent && bottom.recent[0] !== undefined) {
    const place = yearPlace(bottom.recent[0]);
    const earlier = bottom.recent.slice(1).find((y) => !bottom.inBottom(y));
    if (bottom.recent.length < settings.lowResults.years || earlier === undefined) {
      out.push({ category: "watch", code: "one_bad_year", cluster, place, why: "only_this_year" });
    } else {
      const why = "higher_before";
      out.push({ category: "watch", code: "one_bad_year", cluster, place, why, earlierYear: earlier.year });
    }
  }
  if (failed !== null && lowResultsByFailedProcedures(t, failed, settings) === null) {
    if (failed.failures.length >= settings.lowResults.proceduresInYear || failed.repeated.length > 0) {
      out.push({ category: "watch", code: "below_minimum_once", failures: failed.failures });
    }
  }
  // Seed 004 lists a suspended accreditation among the indicators: a fact, not a rank, so it is watched.
  if (t.current.fact.accreditationSuspended) {
    out.push({ category: "watch", code: "accreditation_suspended", year: t.year });
  }
  return out;
}

/**
 * ШНСУ (methodology §7.3), on the report year alone, by either rule: «ИСБ в нижних 15% территории: процентиль
 * ИСБ меньше 15 (`adverseSocial.territoryShare = 0,15`)» — code `social_bottom`; «три и более признака
 * неблагополучия (`adverseSocial.flags = 3`) из четырёх» — code `disadvantage_flags`.
 */
export function adverseSocialConditions(t: SchoolTimeline, settings: MethodologySettings): Finding[] {
  const as = settings.adverseSocial;
  const out: Finding[] = [];
  const social = t.current.social;
  if (social && shownPercentile(social.percentile) < percentCut(as.territoryShare)) {
    out.push({ category: "adverseSocial", code: "social_bottom", socialPercentile: social.percentile });
  }
  if (t.current.flags.length >= as.flags) {
    out.push({ category: "adverseSocial", code: "disadvantage_flags", flags: t.current.flags });
  }
  return out;
}

/**
 * Резильентная школа (methodology §7.4), in the report year: «ИСБ в нижних 25% территории: процентиль ИСБ меньше
 * 25 (`resilient.socialShare = 0,25`), и индекс результатов в верхних 25% территории: процентиль не меньше 75
 * (`resilient.resultsShare = 0,25`), индекс результатов не рассчитан на малых выборках». Code `resilient`.
 */
export function resilient(t: SchoolTimeline, settings: MethodologySettings): Finding | null {
  const rs = settings.resilient;
  const { social, results } = t.current;
  if (!social || !results || !t.rankedNow || results.lowConfidence) return null;
  if (
    shownPercentile(social.percentile) >= percentCut(rs.socialShare) ||
    shownPercentile(results.percentile) < 100 - percentCut(rs.resultsShare)
  )
    return null;
  return {
    category: "resilient",
    code: "resilient",
    socialPercentile: social.percentile,
    resultsPercentile: results.percentile,
  };
}

/**
 * Школа-лидер (methodology §7.5): «в каждом из двух последних лет с индексом результатов (`leader.years = 2`,
 * текущий год среди них) она в верхних 20% своего кластера: процентиль места в кластере не меньше 80
 * (`leader.clusterShare = 0,2`); ни в одном из этих лет нет признаков необъективности ВПР и индекс не рассчитан
 * на малых выборках; в текущем году она не в ШНОР, не в ШНСУ и не под наблюдением» (`listed`). Code
 * `cluster_top`, with the place in each year, oldest first.
 */
export function leader(t: SchoolTimeline, listed: boolean, settings: MethodologySettings): Finding | null {
  const ld = settings.leader;
  if (!t.rankedNow || listed) return null;
  const recent = t.ranked.slice(0, ld.years);
  const top = (y: RankedYear) => y.place.percentile >= 100 - percentCut(ld.clusterShare);
  const clean = recent.every((y) => !y.a.objectivity.suspicious && !y.a.results?.lowConfidence);
  if (recent.length !== ld.years || !recent.every(top) || !clean) return null;
  const places = recent.map(yearPlace).reverse();
  return { category: "leader", code: "cluster_top", cluster: t.current.cluster, places };
}

/** The years of a persistent bottom, oldest first, as the reason lists them. */
function oldestFirst(bottom: ClusterBottom): YearPlace[] {
  return bottom.recent.map(yearPlace).reverse();
}
