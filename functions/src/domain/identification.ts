// Identification of one school in the report year: ШНОР, ШНСУ, resilient, leader, watch — each with its reasons.
import type { AcademicYear } from "../contract/academic-year.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { CATEGORIES, type Category, type Reason } from "../contract/results.js";
import { weakestComponents } from "./component-text.js";
import { SOCIAL_COMPONENT_LABELS } from "./labels.js";
import { formatNumber, formatShare } from "./number-format.js";
import { type ProcedureFailure, procedureFailures, procedureLabel } from "./procedures.js";
import type { SchoolYearAnalysis, YearAnalysis } from "./year-analysis.js";

export interface Identification {
  categories: Category[];
  reasons: Reason[];
}

const NOT_IDENTIFIED: Identification = { categories: [], reasons: [] };

/** `7-е место из 8 в кластере «Низкий ИСБ»` */
function placeText(a: SchoolYearAnalysis): string {
  const p = a.place;
  if (!p) return "нет места";
  return `${p.position}-е место из ${p.size}`;
}

function groupText(cluster: string | null): string {
  return cluster === null ? "территории" : `кластера «${cluster}»`;
}

function yearsWord(n: number): string {
  return n === 1 ? "год" : n < 5 ? "года" : "лет";
}

/** Failures of the year that count: share at or above the threshold with at least `minN` participants. */
function countedFailures(
  all: readonly ProcedureFailure[],
  settings: MethodologySettings,
): ProcedureFailure[] {
  return all.filter((p) => p.share >= settings.lowResults.belowMinimumShare && p.n >= settings.minN);
}

/**
 * Categories and reasons of one school in `year`, from the analyses of that year and the years before it
 * (`history` ascending by year, the last one being `year`). Rules (DESIGN §4):
 * - lowResults: results in the bottom `lowResults.clusterShare` of its cluster (and below the territory's
 *   `territoryPercentileCap` percentile) in each of the last `lowResults.years` years with data; or ≥ `belowMinimumShare` failing on `proceduresInYear` procedures this
 *   year with one of them failing the year before too. A school whose index rests on small samples, or that is
 *   low only this year, is watched instead.
 * - adverseSocial: social index in the territory's bottom `adverseSocial.territoryShare`, or ≥ `flags` flags.
 * - resilient: social index in the bottom `resilient.socialShare`, results in the top `resilient.resultsShare`.
 * - leader: top `leader.clusterShare` of its cluster in each of the last `leader.years` years, not listed,
 *   no small-sample index, ВПР objectivity clean.
 */
export function identifySchool(
  schoolId: string,
  year: AcademicYear,
  history: readonly YearAnalysis[],
  settings: MethodologySettings,
): Identification {
  const current =
    history[history.length - 1]?.year === year
      ? history[history.length - 1]?.schools.get(schoolId)
      : undefined;
  if (!current) return NOT_IDENTIFIED;
  const found = new Map<Category, Reason[]>();
  const add = (category: Category, code: string, text: string) => {
    const list = found.get(category) ?? [];
    list.push({ category, code, text });
    found.set(category, list);
  };
  // Built only for schools that get a reason: most schools of a large territory get none.
  const weakText = (): string => {
    const benchmarks = history[history.length - 1]?.resultsBenchmarks ?? [];
    const weak = current.results ? weakestComponents(current.results.components, benchmarks, 3) : [];
    return weak.length > 0 ? ` Слабые места: ${weak.join("; ")}.` : "";
  };

  // Years with a results index, most recent first, the report year included only if it has one.
  const withResults = [...history]
    .reverse()
    .map((y) => ({ year: y.year, a: y.schools.get(schoolId) }))
    .filter((y): y is { year: string; a: SchoolYearAnalysis } => y.a?.results != null && y.a.place !== null);
  const hasCurrentResults = withResults[0]?.year === year;

  // ШНОР by place in the cluster.
  const lr = settings.lowResults;
  const inBottom = (a: SchoolYearAnalysis) =>
    (a.place?.percentile ?? 100) < lr.clusterShare * 100 &&
    (a.results?.percentile ?? 100) < lr.territoryPercentileCap * 100;
  if (hasCurrentResults && inBottom(current)) {
    const recent = withResults.slice(0, lr.years);
    const persistent = recent.length === lr.years && recent.every((y) => inBottom(y.a));
    const places = recent
      .filter((y) => inBottom(y.a))
      .reverse()
      .map((y) => `${y.year} — ${placeText(y.a)}`)
      .join(", ");
    const smallSamples = recent.some((y) => y.a.results?.lowConfidence);
    const bottom = `в нижних ${formatNumber(lr.clusterShare * 100, 0)}% ${groupText(current.cluster)} и ниже ${formatNumber(lr.territoryPercentileCap * 100, 0)}% школ территории`;
    if (persistent && !smallSamples) {
      add(
        "lowResults",
        "cluster_bottom",
        `Индекс результатов ${bottom} ${lr.years} ${yearsWord(lr.years)} подряд: ${places}.${weakText()}`,
      );
    } else if (persistent) {
      add(
        "watch",
        "small_samples",
        `Индекс результатов ${bottom} ${lr.years} ${yearsWord(lr.years)} подряд (${places}), но он рассчитан в основном по малым выборкам (меньше ${settings.minN} участников): в список ШНОР по одним этим данным школа не включается.${weakText()}`,
      );
    } else {
      const why =
        recent.length < lr.years ? "данные есть только за этот год" : "в прошлом году результаты были выше";
      add(
        "watch",
        "one_bad_year",
        `Индекс результатов ${bottom} в ${year} (${placeText(current)}), ${why}.${weakText()}`,
      );
    }
  }

  // ШНОР by failures on procedures.
  // Computed on demand: kept for every school-year they would only feed the garbage collector.
  const failures = countedFailures(procedureFailures(current.fact, current.vprTrusted), settings);
  if (failures.length > 0) {
    const previous = withPreviousProcedures(history, schoolId, year);
    const previousFailures = previous ? countedFailures(previous.procedures, settings) : [];
    const repeated = failures.filter((f) => previousFailures.some((p) => p.key === f.key));
    const threshold = formatShare(lr.belowMinimumShare, 0);
    const list = failures.map((f) => `${procedureLabel(f)} — ${formatShare(f.share)} из ${f.n}`).join("; ");
    if (failures.length >= lr.proceduresInYear && repeated.length > 0 && previous) {
      const again = repeated
        .map((f) => {
          const before = previousFailures.find((p) => p.key === f.key) as ProcedureFailure;
          return `${procedureLabel(f)}: ${formatShare(before.share)} в ${previous.year} и ${formatShare(f.share)} в ${year}`;
        })
        .join("; ");
      add(
        "lowResults",
        "below_minimum",
        `Не справились ${threshold} и более участников сразу в ${failures.length} процедурах ${year} (${list}), и на той же процедуре два года подряд (${again}).`,
      );
    } else if (failures.length >= lr.proceduresInYear || repeated.length > 0) {
      add(
        "watch",
        "below_minimum_once",
        `Не справились ${threshold} и более участников: ${list}. Для включения в ШНОР нужно повторение в следующем году.`,
      );
    }
  }

  // Suspended state accreditation (seed 004 lists it among the indicators): a fact, not a rank, so it is watched.
  if (current.fact.accreditationSuspended) {
    add(
      "watch",
      "accreditation_suspended",
      `Государственная аккредитация школы приостановлена или школа её лишена (${year}): нужны проверка и план устранения нарушений.`,
    );
  }

  // ШНСУ.
  const as = settings.adverseSocial;
  if (current.social && current.social.percentile < as.territoryShare * 100) {
    add(
      "adverseSocial",
      "social_bottom",
      `Индекс социального благополучия ${formatNumber(current.social.percentile)} — в нижних ${formatNumber(as.territoryShare * 100, 0)}% территории. ${socialFactors(current, history)}`,
    );
  }
  if (current.flags.length >= as.flags) {
    const names = current.flags.map((f) => SOCIAL_COMPONENT_LABELS[f].toLowerCase()).join("; ");
    add(
      "adverseSocial",
      "disadvantage_flags",
      `Признаков неблагополучия: ${current.flags.length} (достаточно ${as.flags}): ${names}.`,
    );
  }

  // Resilient.
  const rs = settings.resilient;
  if (
    current.social &&
    current.results &&
    hasCurrentResults &&
    !current.results.lowConfidence &&
    current.social.percentile < rs.socialShare * 100 &&
    current.results.percentile >= (1 - rs.resultsShare) * 100
  ) {
    add(
      "resilient",
      "resilient",
      `Индекс социального благополучия ${formatNumber(current.social.percentile)} (нижние ${formatNumber(rs.socialShare * 100, 0)}%), а индекс результатов ${formatNumber(current.results.percentile)} (верхние ${formatNumber(rs.resultsShare * 100, 0)}%): школа добивается высоких результатов в сложных условиях.`,
    );
  }

  // Leader.
  const ld = settings.leader;
  const listed = found.has("lowResults") || found.has("adverseSocial") || found.has("watch");
  if (hasCurrentResults && !listed) {
    const recent = withResults.slice(0, ld.years);
    const top = (a: SchoolYearAnalysis) => (a.place?.percentile ?? 0) >= (1 - ld.clusterShare) * 100;
    const clean = recent.every((y) => !y.a.objectivity.suspicious && !y.a.results?.lowConfidence);
    if (recent.length === ld.years && recent.every((y) => top(y.a)) && clean) {
      const places = [...recent]
        .reverse()
        .map((y) => `${y.year} — ${placeText(y.a)}`)
        .join(", ");
      add(
        "leader",
        "cluster_top",
        `Индекс результатов в верхних ${formatNumber(ld.clusterShare * 100, 0)}% ${groupText(current.cluster)} ${ld.years} ${yearsWord(ld.years)} подряд: ${places}; признаков необъективности нет.`,
      );
    }
  }

  const categories = CATEGORIES.filter((c) => found.has(c));
  // A school on a list is not also «watched» for the same year: the list says more.
  const finalCategories = categories.includes("lowResults")
    ? categories.filter((c) => c !== "watch")
    : categories;
  return {
    categories: finalCategories,
    reasons: finalCategories.flatMap((c) => found.get(c) ?? []),
  };
}

/** The most recent earlier year in which the school reported any procedure. */
function withPreviousProcedures(
  history: readonly YearAnalysis[],
  schoolId: string,
  year: AcademicYear,
): { year: AcademicYear; procedures: ProcedureFailure[] } | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const y = history[i] as YearAnalysis;
    if (y.year >= year) continue;
    const a = y.schools.get(schoolId);
    if (!a) continue;
    const procedures = procedureFailures(a.fact, a.vprTrusted);
    if (procedures.length > 0) return { year: y.year, procedures };
  }
  return null;
}

/** The social components that weigh most against the school, with the territory's value. */
function socialFactors(current: SchoolYearAnalysis, history: readonly YearAnalysis[]): string {
  const benchmarks = history[history.length - 1]?.socialBenchmarks ?? [];
  const weak = current.social ? weakestComponents(current.social.components, benchmarks, 3) : [];
  return weak.length > 0 ? `Главные факторы: ${weak.join("; ")}.` : "";
}
