// A municipality's criteria table evaluated school by school: each criterion met, not met or not evaluated over its window, combined per list by the list's rule.
import { type AcademicYear, previousAcademicYear } from "../contract/academic-year.js";
import {
  CRITERIA_INDICATORS,
  type CriteriaList,
  type IndicatorUnit,
} from "../contract/criteria-vocabulary.js";
import type { Reference } from "../contract/dataset.js";
import type { Combination, CriteriaTable, Criterion } from "../contract/identification-criteria.js";
import { CRITERIA_LIST_LABELS } from "../contract/labels.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { type Measure, measureValue, readMeasure, regionalValue } from "./criteria-indicators.js";
import { at } from "./indexed-access.js";
import { formatNumber, round } from "./number-format.js";
import { hazenPercentiles } from "./statistics.js";
import type { YearAnalysis } from "./year-analysis.js";

/**
 * `not_evaluated`: some years of the window lack data (or a regional value, or schools to compare with) — the
 * decision waits; `not_applicable`: no year of the window has the indicator at all (a basic school has no ЕГЭ, a
 * school that reports no accreditation event) — the criterion is left out of the rule, as an absent component is
 * left out of an index.
 */
export type CriterionStatus = "met" | "not_met" | "not_evaluated" | "not_applicable";

/** One year of a criterion's window: the school's value and what it was compared with (null = unknown). */
export interface CriterionYear {
  year: AcademicYear;
  value: number | null;
  reference: number | null;
}

/** Why a criterion could not be evaluated: no data for some years, no regional value, nobody to compare with. */
export type NotEvaluatedWhy =
  | { kind: "data"; years: AcademicYear[] }
  | { kind: "regional"; years: AcademicYear[] }
  | { kind: "group"; years: AcademicYear[] };

export interface CriterionOutcome {
  criterion: Criterion;
  status: CriterionStatus;
  /** The window, oldest first. */
  years: CriterionYear[];
  why: NotEvaluatedWhy | null;
  /** The cluster the school was compared within in the report year (cluster references), null for the territory. */
  cluster: string | null;
}

/** The decision of one list for one school: listed, or undecided because criteria could not be evaluated. */
export interface ListDecision {
  list: CriteriaList;
  rule: Combination;
  outcomes: CriterionOutcome[];
  listed: boolean;
  /** Not listed, but would be if the criteria not evaluated were met: the school waits for its data. */
  undecided: boolean;
  met: number;
  notEvaluated: number;
  /** Criteria that apply to the school (not `not_applicable`). */
  applicable: number;
  /** Sum of the weights of the criteria met (for a `score` rule). */
  score: number;
}

/** Digits a value of each unit is shown with; comparisons use the shown values (methodology §4). */
const UNIT_DIGITS: Readonly<Record<IndicatorUnit, number>> = {
  percent: 1,
  score100: 1,
  grade5: 2,
  points: 1,
  percentile: 1,
  count: 0,
  flag: 0,
};

const TERRITORY = "\u0000territory";

/** What one year knows about one indicator across the territory: values, pooled means, extremes, places. */
interface IndicatorYear {
  values: Map<string, number>;
  groupOf: Map<string, string>;
  territoryMean: number | null;
  groupMeans: Map<string, number>;
  groupPercentile: Map<string, number>;
  territoryPercentile: Map<string, number>;
  /** Per group: the two lowest and two highest values, with how many schools share the extreme. */
  extremes: Map<string, Extremes>;
}

interface Extremes {
  low: number;
  lowCount: number;
  secondLow: number | null;
  high: number;
  highCount: number;
  secondHigh: number | null;
}

/**
 * Evaluates a criteria table against the analysed years of a territory. Built once per computation; each
 * (year, indicator) is read and summarised once, whatever the number of schools and criteria. Pure.
 */
export class CriteriaEvaluator {
  readonly #years: Map<AcademicYear, YearAnalysis>;
  readonly #cache = new Map<string, IndicatorYear>();
  readonly #decisions = new Map<string, ListDecision[]>();

  constructor(
    readonly table: CriteriaTable,
    history: readonly YearAnalysis[],
    private readonly references: ReadonlyMap<AcademicYear, Reference>,
    private readonly settings: MethodologySettings,
  ) {
    this.#years = new Map(history.map((h) => [h.year, h]));
  }

  /** Whether the table has criteria for `list` (then they replace that list's rules of methodology §7). */
  governs(list: CriteriaList): boolean {
    return this.table.rules[list] !== undefined;
  }

  /** The decision of every list the table governs, for one school in `year` (computed once: findings and results both ask). */
  decide(schoolId: string, year: AcademicYear): ListDecision[] {
    const key = `${year}|${schoolId}`;
    const known = this.#decisions.get(key);
    if (known) return known;
    const out: ListDecision[] = [];
    for (const list of ["lowResults", "adverseSocial"] as const) {
      const rule = this.table.rules[list];
      if (!rule) continue;
      const outcomes = this.table.criteria
        .filter((c) => c.list === list)
        .map((c) => this.evaluate(c, schoolId, year));
      out.push(combine(list, rule, outcomes));
    }
    this.#decisions.set(key, out);
    return out;
  }

  /** One criterion for one school over the window of the last `criterion.years` academic years up to `year`. */
  evaluate(criterion: Criterion, schoolId: string, year: AcademicYear): CriterionOutcome {
    const window: AcademicYear[] = [year];
    while (window.length < criterion.years) window.unshift(previousAcademicYear(window[0] as AcademicYear));
    const unit = CRITERIA_INDICATORS[criterion.indicator].unit;
    const percentile =
      criterion.reference === "clusterPercentile" || criterion.reference === "territoryPercentile";
    const digits = percentile ? UNIT_DIGITS.percentile : UNIT_DIGITS[unit];
    const years: CriterionYear[] = [];
    const missing: NotEvaluatedWhy[] = [];
    const miss = (kind: NotEvaluatedWhy["kind"], y: AcademicYear) => {
      const found = missing.find((m) => m.kind === kind);
      if (found) found.years.push(y);
      else missing.push({ kind, years: [y] });
    };
    for (const y of window) {
      const stats = this.#stats(criterion, y);
      const own = stats?.values.get(schoolId);
      if (stats === null || own === undefined) {
        miss("data", y);
        years.push({ year: y, value: null, reference: null });
        continue;
      }
      const value = this.#valueFor(criterion, stats, schoolId, own);
      const reference = this.#referenceFor(criterion, stats, schoolId, own, y);
      if (reference === null) miss(criterion.reference === "regional" ? "regional" : "group", y);
      years.push({
        year: y,
        value: round(value, digits),
        reference: reference === null ? null : round(reference, digits),
      });
    }
    const cluster = this.#clusterOf(schoolId, year);
    const holds = (v: number, r: number) => compare(criterion, v, r, digits);
    let status: CriterionStatus;
    if (criterion.aggregate === "mean") {
      if (missing.length > 0) status = "not_evaluated";
      else {
        const v = round(average(years.map((y) => y.value as number)), digits);
        const r = round(average(years.map((y) => y.reference as number)), digits);
        status = holds(v, r) ? "met" : "not_met";
      }
    } else {
      const known = years.filter((y) => y.value !== null && y.reference !== null);
      if (known.some((y) => !holds(y.value as number, y.reference as number))) status = "not_met";
      else status = missing.length > 0 ? "not_evaluated" : "met";
    }
    if (years.every((y) => y.value === null)) status = "not_applicable";
    const why = status === "not_evaluated" ? (missing[0] ?? null) : null;
    return { criterion, status, years, why, cluster };
  }

  /** The value compared: the indicator's, or the school's place when the reference is a place. */
  #valueFor(criterion: Criterion, stats: IndicatorYear, schoolId: string, own: number): number {
    if (criterion.reference === "clusterPercentile") return stats.groupPercentile.get(schoolId) ?? own;
    if (criterion.reference === "territoryPercentile") return stats.territoryPercentile.get(schoolId) ?? own;
    return own;
  }

  #referenceFor(
    criterion: Criterion,
    stats: IndicatorYear,
    schoolId: string,
    own: number,
    year: AcademicYear,
  ): number | null {
    const group = stats.groupOf.get(schoolId) ?? TERRITORY;
    switch (criterion.reference) {
      case "absolute":
      case "clusterPercentile":
      case "territoryPercentile":
        return criterion.threshold;
      case "regional":
        return regionalValue(criterion.indicator, this.references.get(year));
      case "territoryMean":
        return stats.territoryMean;
      case "clusterMean":
        return stats.groupMeans.get(group) ?? null;
      case "clusterWorst": {
        const e = stats.extremes.get(group);
        if (!e) return null;
        // «Хуже всех других школ кластера»: the lowest (or highest) value among the others.
        if (criterion.comparison === "below") return own === e.low && e.lowCount === 1 ? e.secondLow : e.low;
        return own === e.high && e.highCount === 1 ? e.secondHigh : e.high;
      }
    }
  }

  #clusterOf(schoolId: string, year: AcademicYear): string | null {
    return this.#years.get(year)?.schools.get(schoolId)?.cluster ?? null;
  }

  /** The indicator's summary for a year (null when the year was not analysed), computed once. */
  #stats(criterion: Criterion, year: AcademicYear): IndicatorYear | null {
    const analysis = this.#years.get(year);
    if (!analysis) return null;
    const key = `${year}|${criterion.indicator}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const indicator = criterion.indicator;
    const values = new Map<string, number>();
    const measures: { id: string; group: string; m: Measure; v: number }[] = [];
    const groupOf = new Map<string, string>();
    analysis.schools.forEach((a, id) => {
      const m = readMeasure(indicator, a, this.settings);
      if (m === null) return;
      const v = measureValue(indicator, m);
      const group = a.cluster ?? TERRITORY;
      values.set(id, v);
      groupOf.set(id, group);
      measures.push({ id, group, m, v });
    });
    const pool = (list: typeof measures) => {
      let num = 0;
      let den = 0;
      for (const x of list) {
        num += x.m.num;
        den += x.m.den;
      }
      return den > 0 ? measureValue(indicator, { num, den }) : null;
    };
    const groups = new Map<string, typeof measures>();
    for (const x of measures) {
      const list = groups.get(x.group) ?? [];
      list.push(x);
      groups.set(x.group, list);
    }
    const groupMeans = new Map<string, number>();
    const extremes = new Map<string, Extremes>();
    const groupPercentile = new Map<string, number>();
    for (const [group, list] of groups) {
      const mean = pool(list);
      if (mean !== null) groupMeans.set(group, mean);
      extremes.set(group, extremesOf(list.map((x) => x.v)));
      const p = this.#places(indicator, list, year, "group");
      list.forEach((x, i) => {
        groupPercentile.set(x.id, at(p, i));
      });
    }
    const territoryPercentile = new Map<string, number>();
    const tp = this.#places(indicator, measures, year, "territory");
    measures.forEach((x, i) => {
      territoryPercentile.set(x.id, at(tp, i));
    });
    const stats: IndicatorYear = {
      values,
      groupOf,
      territoryMean: pool(measures),
      groupMeans,
      groupPercentile,
      territoryPercentile,
      extremes,
    };
    this.#cache.set(key, stats);
    return stats;
  }

  /**
   * Places 0–100 (Hazen) of the schools in `list`. The results index keeps the places of methodology §7: its
   * place in the cluster and its percentile in the territory, exactly as rule A reads them.
   */
  #places(
    indicator: Criterion["indicator"],
    list: readonly { id: string; v: number }[],
    year: AcademicYear,
    scope: "group" | "territory",
  ): number[] {
    if (indicator === "resultsIndex" || indicator === "socialIndex") {
      const analysis = this.#years.get(year);
      if (indicator === "resultsIndex" && scope === "group")
        return list.map((x) => analysis?.schools.get(x.id)?.place?.percentile ?? x.v);
      if (scope === "territory") return list.map((x) => x.v);
    }
    return hazenPercentiles(list.map((x) => x.v));
  }
}

function extremesOf(values: readonly number[]): Extremes {
  const sorted = [...values].sort((a, b) => a - b);
  const low = sorted[0] as number;
  const high = sorted[sorted.length - 1] as number;
  const lowCount = sorted.filter((v) => v === low).length;
  const highCount = sorted.filter((v) => v === high).length;
  return {
    low,
    lowCount,
    secondLow: sorted.find((v) => v !== low) ?? null,
    high,
    highCount,
    secondHigh: [...sorted].reverse().find((v) => v !== high) ?? null,
  };
}

function average(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Whether `v` meets the criterion against `r`, both as shown (`digits`): absolute and place references compare with
 * the threshold itself (r = threshold); value references with the threshold as a margin:
 * below v < r − t, above v > r + t, deviates |v − r| > t.
 */
function compare(c: Criterion, v: number, r: number, digits: number): boolean {
  const margin =
    c.reference === "absolute" ||
    c.reference === "clusterPercentile" ||
    c.reference === "territoryPercentile" ||
    c.reference === "clusterWorst"
      ? 0
      : c.threshold;
  switch (c.comparison) {
    case "below":
      return v < round(r - margin, digits);
    case "above":
      return v > round(r + margin, digits);
    case "deviates":
      return round(Math.abs(v - r), digits) > margin;
  }
}

/** The list's decision from its criteria's outcomes and its rule. */
function combine(list: CriteriaList, rule: Combination, outcomes: CriterionOutcome[]): ListDecision {
  let met = 0;
  let notEvaluated = 0;
  let score = 0;
  let open = 0;
  let applicable = 0;
  for (const o of outcomes) {
    if (o.status !== "not_applicable") applicable++;
    if (o.status === "met") {
      met++;
      score += o.criterion.weight;
    } else if (o.status === "not_evaluated") {
      notEvaluated++;
      open += o.criterion.weight;
    }
  }
  const need = rule.threshold ?? 0;
  const passes = (m: number, s: number) =>
    rule.rule === "all" ? m === applicable : rule.rule === "atLeast" ? m >= need : s >= need;
  const listed = applicable > 0 && passes(met, score);
  const undecided = !listed && notEvaluated > 0 && passes(met + notEvaluated, score + open);
  return { list, rule, outcomes, listed, undecided, met, notEvaluated, applicable, score };
}

/** `3,21 / 3,30 / 3,28` */
function series(values: readonly (number | null)[], unit: IndicatorUnit, percentile: boolean): string {
  return values.map((v) => (v === null ? "—" : shownValue(v, unit, percentile))).join(" / ");
}

function shownValue(v: number, unit: IndicatorUnit, percentile: boolean): string {
  if (percentile) return formatNumber(v, UNIT_DIGITS.percentile);
  if (unit === "flag") return v >= 1 ? "да" : "нет";
  const text = formatNumber(v, UNIT_DIGITS[unit]);
  return unit === "percent" ? `${text}%` : text;
}

function yearsWord(n: number): string {
  return n === 1 ? "год" : n < 5 ? "года" : "лет";
}

/**
 * A criterion's outcome as a coordinator reads it, quoting the order's number and wording and the values year by
 * year: «4.1. Низкие результаты ОГЭ по русскому языку за три года: 3,21 / 3,30 / 3,28 при среднерегиональном
 * 3,52 / 3,49 / 3,50 (2023/2024, 2024/2025, 2025/2026)».
 */
export function criterionText(o: CriterionOutcome): string {
  const c = o.criterion;
  const head = `${c.number}. ${c.wording}`;
  const span = o.years.map((y) => y.year).join(", ");
  if (o.status === "not_applicable") {
    const n = o.years.length;
    return `${head}: не применим: нет данных ни за один год (${n === 1 ? o.years[0]?.year : span}) — у школы нет такой процедуры или сведений`;
  }
  if (o.status === "not_evaluated" && o.why) {
    const n = o.years.length;
    const which = o.why.years.join(", ");
    switch (o.why.kind) {
      case "data":
        return `${head}: не оценён: нет данных за ${n} ${yearsWord(n)} (нет за ${which})`;
      case "regional":
        return `${head}: не оценён: нет среднерегионального показателя за ${which} (лист «Эталоны»)`;
      case "group":
        return `${head}: не оценён: не с кем сравнить в кластере за ${which}`;
    }
  }
  const unit = CRITERIA_INDICATORS[c.indicator].unit;
  const percentile = c.reference === "clusterPercentile" || c.reference === "territoryPercentile";
  const values = o.years.map((y) => y.value);
  const refs = o.years.map((y) => y.reference);
  const mean = (xs: readonly (number | null)[]) =>
    xs.some((x) => x === null) ? null : average(xs as number[]);
  const shown = (xs: readonly (number | null)[]) => {
    const text = series(xs, unit, percentile);
    if (c.aggregate !== "mean" || xs.length < 2) return text;
    const m = mean(xs);
    return m === null ? text : `в среднем ${shownValue(m, unit, percentile)} (${text})`;
  };
  const cmp = { below: "ниже", above: "выше", deviates: "отличие больше" }[c.comparison];
  const t = formatNumber(c.threshold, 2);
  switch (c.reference) {
    case "absolute":
      // A yes/no indicator reads as its answers: «да / да (2024/2025, 2025/2026)».
      if (unit === "flag") return `${head}: ${shown(values)} (${span})`;
      return `${head}: ${shown(values)} (порог: ${cmp} ${shownValue(c.threshold, unit, false)}; ${span})`;
    case "clusterPercentile":
    case "territoryPercentile": {
      const where = c.reference === "clusterPercentile" ? "в кластере" : "в территории";
      return `${head}: место ${where} — процентиль ${shown(values)} (порог: ${cmp} ${t}; ${span})`;
    }
    default: {
      const words = {
        regional: "при среднерегиональном",
        territoryMean: "при среднем по территории",
        clusterMean:
          o.cluster === null ? "при среднем по территории" : `при среднем по кластеру «${o.cluster}»`,
        clusterWorst: "при худшем среди других школ кластера",
      }[c.reference];
      const margin = c.threshold === 0 || c.reference === "clusterWorst" ? "" : `${marginText(c)}; `;
      return `${head}: ${shown(values)} ${words} ${shown(refs)} (${margin}${span})`;
    }
  }
}

/** The margin of a value reference: «ниже больше чем на 5», «выше не больше чем на 0,05», «отличие больше 10». */
function marginText(c: Criterion): string {
  const t = formatNumber(Math.abs(c.threshold), 2);
  if (c.comparison === "deviates") return `отличие больше ${t}`;
  if (c.threshold > 0) return `${c.comparison === "below" ? "ниже" : "выше"} больше чем на ${t}`;
  // A negative margin lets the value pass the reference a little: «на уровне краевых» read as «не выше».
  return `${c.comparison === "below" ? "выше" : "ниже"} меньше чем на ${t}`;
}

/** `ШНОР: выполнено 5 из 8 критериев (нужно не меньше 4)` */
export function decisionSummary(d: ListDecision): string {
  const total = d.applicable;
  const need =
    d.rule.rule === "all"
      ? "нужны все"
      : d.rule.rule === "atLeast"
        ? `нужно не меньше ${d.rule.threshold}`
        : `сумма весов выполненных ${formatNumber(d.score, 2)}, нужно не меньше ${formatNumber(d.rule.threshold ?? 0, 2)}`;
  const skipped = d.outcomes.length - d.applicable;
  const open =
    (d.notEvaluated > 0 ? `, не оценено ${d.notEvaluated}` : "") +
    (skipped > 0 ? `, не применимо ${skipped}` : "");
  return `${CRITERIA_LIST_LABELS[d.list]} по критериям выявления: выполнено ${d.met} из ${total}${open} (${need})`;
}
