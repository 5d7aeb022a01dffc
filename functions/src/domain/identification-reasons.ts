// The Russian wording of identification findings: the reason texts coordinators read, with the thresholds in force.
import { type AcademicYear, previousAcademicYear } from "../contract/academic-year.js";
import { SOCIAL_COMPONENT_LABELS } from "../contract/labels.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import type { Reason } from "../contract/results.js";
import { weakestComponents } from "./component-text.js";
import { criterionText, decisionSummary } from "./identification-criteria.js";
import type { Finding, YearPlace } from "./identification-rules.js";
import { formatNumber, formatShare } from "./number-format.js";
import { type ProcedureFailure, procedureLabel } from "./procedures.js";
import type { SchoolYearAnalysis, YearAnalysis } from "./year-analysis.js";

/** What the wording needs besides the finding: the settings in force and the school's report year. */
export interface ReasonContext {
  settings: MethodologySettings;
  /** The school's analysis in the report year (for its weakest components). */
  current: SchoolYearAnalysis;
  /** The report year of the territory (for the benchmarks the components are compared with). */
  year: YearAnalysis;
}

/** `7-е место из 8` */
function placeText(p: YearPlace): string {
  return `${p.position}-е место из ${p.size}`;
}

/** `2024/2025 — 7-е место из 8, 2025/2026 — 7-е место из 8` */
function placesText(places: readonly YearPlace[]): string {
  return places.map((p) => `${p.year} — ${placeText(p)}`).join(", ");
}

function groupText(cluster: string | null): string {
  return cluster === null ? "территории" : `кластера «${cluster}»`;
}

function yearsWord(n: number): string {
  return n === 1 ? "год" : n < 5 ? "года" : "лет";
}

/** Whether each year directly follows the one before it. */
function consecutive(years: readonly AcademicYear[]): boolean {
  return years.every((y, i) => i === 0 || previousAcademicYear(y) === years[i - 1]);
}

/** `2023/2024, 2024/2025 и 2025/2026` */
function yearList(years: readonly AcademicYear[]): string {
  return years.length < 2 ? years.join("") : `${years.slice(0, -1).join(", ")} и ${years[years.length - 1]}`;
}

/**
 * How long a rule held, as it really did: `2 года подряд` when the years follow each other, otherwise the years
 * themselves (`в 2023/2024 и 2025/2026`): the rules look at the last years *with data*, which may have a gap.
 */
function spanText(places: readonly YearPlace[]): string {
  const years = places.map((p) => p.year);
  if (consecutive(years)) return `${years.length} ${yearsWord(years.length)} подряд`;
  return `в ${yearList(years)}`;
}

/** ` Слабые места: …` — the results components that pull the index down most; empty when none does. */
function weakText(context: ReasonContext): string {
  const results = context.current.results;
  const weak = results ? weakestComponents(results.components, context.year.resultsBenchmarks, 3) : [];
  return weak.length > 0 ? ` Слабые места: ${weak.join("; ")}.` : "";
}

/** `Главные факторы: …` — the social components that weigh most against the school. */
function socialFactors(context: ReasonContext): string {
  const social = context.current.social;
  const weak = social ? weakestComponents(social.components, context.year.socialBenchmarks, 3) : [];
  return weak.length > 0 ? `Главные факторы: ${weak.join("; ")}.` : "";
}

/**
 * The reason a coordinator reads for a finding, in Russian, with the thresholds of `context.settings` (the
 * examples of docs/methodology.md §7). Built only for the schools that have a finding.
 */
export function reasonText(finding: Finding, context: ReasonContext): string {
  const { settings } = context;
  const lr = settings.lowResults;
  const bottom = (cluster: string | null) =>
    `в нижних ${formatNumber(lr.clusterShare * 100, 0)}% ${groupText(cluster)} и ниже ${formatNumber(lr.territoryPercentileCap * 100, 0)}% школ территории`;
  const threshold = formatShare(lr.belowMinimumShare, 0);
  switch (finding.code) {
    case "cluster_bottom":
      return `Индекс результатов ${bottom(finding.cluster)} ${spanText(finding.places)}: ${placesText(finding.places)}.${weakText(context)}`;
    case "small_samples":
      return `Индекс результатов ${bottom(finding.cluster)} ${spanText(finding.places)} (${placesText(finding.places)}), но он рассчитан в основном по малым выборкам (меньше ${settings.minN} участников): в список ШНОР по одним этим данным школа не включается.${weakText(context)}`;
    case "one_bad_year": {
      const earlier = finding.earlierYear;
      const why =
        finding.why === "only_this_year"
          ? "данные есть только за этот год"
          : earlier === undefined || earlier === previousAcademicYear(finding.place.year)
            ? "в прошлом году результаты были выше"
            : `в ${earlier} (предыдущий год с данными) результаты были выше`;
      return `Индекс результатов ${bottom(finding.cluster)} в ${finding.place.year} (${placeText(finding.place)}), ${why}.${weakText(context)}`;
    }
    case "below_minimum": {
      const list = failureList(finding.failures);
      const again = finding.repeated
        .map(
          (r) =>
            `${procedureLabel(r.now)}: ${formatShare(r.before.share)} в ${finding.earlierYear} и ${formatShare(r.now.share)} в ${finding.year}`,
        )
        .join("; ");
      const span =
        finding.earlierYear === previousAcademicYear(finding.year)
          ? "два года подряд"
          : `в ${finding.earlierYear} и ${finding.year} (в промежутке результатов процедур нет)`;
      return `Не справились ${threshold} и более участников сразу в ${finding.failures.length} процедурах ${finding.year} (${list}), и на той же процедуре ${span} (${again}).`;
    }
    case "below_minimum_once":
      return `Не справились ${threshold} и более участников: ${failureList(finding.failures)}. Для включения в ШНОР нужно повторение в следующем году.`;
    case "accreditation_suspended":
      return `Государственная аккредитация школы приостановлена или школа её лишена (${finding.year}): нужны проверка и план устранения нарушений.`;
    case "social_bottom":
      return `Индекс социального благополучия ${formatNumber(finding.socialPercentile)} — в нижних ${formatNumber(settings.adverseSocial.territoryShare * 100, 0)}% территории. ${socialFactors(context)}`;
    case "disadvantage_flags": {
      const names = finding.flags.map((f) => SOCIAL_COMPONENT_LABELS[f].toLowerCase()).join("; ");
      return `Признаков неблагополучия: ${finding.flags.length} (достаточно ${settings.adverseSocial.flags}): ${names}.`;
    }
    case "resilient": {
      const rs = settings.resilient;
      return `Индекс социального благополучия ${formatNumber(finding.socialPercentile)} (нижние ${formatNumber(rs.socialShare * 100, 0)}%), а индекс результатов ${formatNumber(finding.resultsPercentile)} (верхние ${formatNumber(rs.resultsShare * 100, 0)}%): школа добивается высоких результатов в сложных условиях.`;
    }
    case "criteria":
      return `${decisionSummary(finding.decision)}.`;
    case "criteria_not_evaluated": {
      const open = finding.decision.outcomes.filter((o) => o.status === "not_evaluated").map(criterionText);
      return `${decisionSummary(finding.decision)}: в список не включена, пока не оценены: ${open.join("; ")}.`;
    }
    case "cluster_top": {
      const ld = settings.leader;
      return `Индекс результатов в верхних ${formatNumber(ld.clusterShare * 100, 0)}% ${groupText(finding.cluster)} ${spanText(finding.places)}: ${placesText(finding.places)}; признаков необъективности нет.`;
    }
  }
}

/** `ЕГЭ, математика — 40% из 25; ОГЭ, русский язык — 40% из 25` */
function failureList(failures: readonly ProcedureFailure[]): string {
  return failures.map((f) => `${procedureLabel(f)} — ${formatShare(f.share)} из ${f.n}`).join("; ");
}

/**
 * The reasons of a list decided by the criteria table: the rule's summary first, then every criterion met, each
 * quoting its number, wording and the values year by year.
 */
export function criteriaReasons(finding: Extract<Finding, { code: "criteria" }>): Reason[] {
  const { decision } = finding;
  const met = decision.outcomes.filter((o) => o.status === "met");
  return [
    { category: finding.category, code: "criteria", text: `${decisionSummary(decision)}.` },
    ...met.map((o) => ({ category: finding.category, code: "criterion", text: `${criterionText(o)}.` })),
  ];
}
