// The nine criteria of effectiveness for schools in the support programme (seed 000): expected, actual, met or not.
import type { Reference, SchoolYearFacts } from "../contract/dataset.js";
import { formatNumber, formatShare } from "./number-format.js";

export type CriterionStatus = "met" | "not_met" | "no_data";

export interface CriterionOutcome {
  code: string;
  title: string;
  expected: string;
  actual: string;
  status: CriterionStatus;
}

/** What the criteria compare a school with: the regional reference when given, else the territory. */
export interface CriteriaBenchmarks {
  reference: Reference | undefined;
  /** Territory participant-weighted ЕГЭ mean per subject (used where the reference is missing). */
  egeMeans: ReadonlyMap<string, number>;
  /** Territory share of ЕГЭ results at 80 and above. */
  egeAtLeast80: number | null;
  /** Territory share of students with systematic absence. */
  chronicAbsence: number | null;
}

const CORE_SUBJECTS = new Set(["russian", "math", "math_base"]);
const NO_DATA = "нет данных";

function benchmarkMean(
  subject: string,
  b: CriteriaBenchmarks,
): { value: number; fromReference: boolean } | null {
  const ref = b.reference?.ege?.find((e) => e.subject === subject)?.meanScore;
  if (ref !== undefined) return { value: ref, fromReference: true };
  const own = b.egeMeans.get(subject);
  return own === undefined ? null : { value: own, fromReference: false };
}

function againstText(fromReference: boolean): string {
  return fromReference ? "среднерегионального показателя" : "среднего по территории";
}

/** A mean that must reach the benchmark. */
function meanCriterion(
  code: string,
  title: string,
  actual: number | null,
  benchmark: { value: number; fromReference: boolean } | null,
): CriterionOutcome {
  if (benchmark === null)
    return {
      code,
      title,
      expected: "не ниже среднерегионального",
      actual: actual === null ? NO_DATA : formatNumber(actual),
      status: "no_data",
    };
  const expected = `не ниже ${againstText(benchmark.fromReference)} (${formatNumber(benchmark.value)})`;
  if (actual === null) return { code, title, expected, actual: NO_DATA, status: "no_data" };
  return {
    code,
    title,
    expected,
    actual: formatNumber(actual),
    status: actual >= benchmark.value ? "met" : "not_met",
  };
}

/**
 * The nine criteria of «Критерии оценки результативности и эффективности деятельности общеобразовательных
 * организаций» (seed 000) for one school and year. A criterion without the data to judge it is «нет данных»,
 * never silently met. `hasMentor` says whether the school has a mentor school this year: without one there is no
 * partner, so «партнёрский договор» is not met whatever the school reported (and a reported agreement is named,
 * for the coordinator to check).
 */
export function effectivenessCriteria(
  fact: SchoolYearFacts | undefined,
  b: CriteriaBenchmarks,
  hasMentor: boolean,
): CriterionOutcome[] {
  const out: CriterionOutcome[] = [];
  const zeroShare = (code: string, title: string, count: number | undefined, total: number | undefined) => {
    if (count === undefined || total === undefined || total === 0) {
      out.push({ code, title, expected: "0%", actual: NO_DATA, status: "no_data" });
      return;
    }
    out.push({
      code,
      title,
      expected: "0%",
      actual: formatShare(count / total),
      status: count === 0 ? "met" : "not_met",
    });
  };
  zeroShare(
    "no_certificate_9",
    "Доля выпускников 9 классов, не получивших аттестат",
    fact?.noCertificate9,
    fact?.graduates9,
  );
  zeroShare(
    "no_certificate_11",
    "Доля выпускников 11 классов, не получивших аттестат",
    fact?.noCertificate11,
    fact?.graduates11,
  );

  const ege = fact?.ege ?? [];
  const mean = (subject: string) => {
    const e = ege.find((x) => x.subject === subject);
    return e && e.participants > 0 ? e.meanScore : null;
  };
  out.push(
    meanCriterion(
      "ege_russian",
      "Средний балл ЕГЭ, русский язык",
      mean("russian"),
      benchmarkMean("russian", b),
    ),
  );
  out.push(
    meanCriterion(
      "ege_math",
      "Средний балл ЕГЭ, математика (профиль)",
      mean("math"),
      benchmarkMean("math", b),
    ),
  );

  // Electives: the school's participant-weighted mean against the same weights applied to the benchmarks.
  let own = 0;
  let bench = 0;
  let n = 0;
  let allFromReference = true;
  for (const e of ege) {
    if (CORE_SUBJECTS.has(e.subject) || e.participants === 0) continue;
    const bm = benchmarkMean(e.subject, b);
    if (!bm) continue;
    own += e.meanScore * e.participants;
    bench += bm.value * e.participants;
    n += e.participants;
    allFromReference &&= bm.fromReference;
  }
  out.push(
    meanCriterion(
      "ege_electives",
      "Предметы по выбору, средний балл ЕГЭ",
      n > 0 ? own / n : null,
      n > 0 ? { value: bench / n, fromReference: allFromReference } : null,
    ),
  );

  let top = 0;
  let participants = 0;
  for (const e of ege) {
    if (e.atLeast80 === undefined) continue;
    top += e.atLeast80;
    participants += e.participants;
  }
  const refShares = (b.reference?.ege ?? [])
    .map((e) => e.atLeast80Share)
    .filter((v): v is number => v !== undefined);
  const topBenchmark =
    refShares.length > 0
      ? { value: refShares.reduce((x, y) => x + y, 0) / refShares.length, fromReference: true }
      : b.egeAtLeast80 === null
        ? null
        : { value: b.egeAtLeast80, fromReference: false };
  const topTitle = "Доля участников ЕГЭ с результатом 80 и более баллов";
  if (participants === 0 || topBenchmark === null) {
    out.push({
      code: "ege_80_plus",
      title: topTitle,
      expected: "не ниже среднерегионального",
      actual: participants === 0 ? NO_DATA : formatShare(top / participants),
      status: "no_data",
    });
  } else {
    const share = top / participants;
    out.push({
      code: "ege_80_plus",
      title: topTitle,
      expected: `не ниже ${againstText(topBenchmark.fromReference)} (${formatShare(topBenchmark.value)})`,
      actual: formatShare(share),
      status: share >= topBenchmark.value ? "met" : "not_met",
    });
  }

  const support = fact?.support;
  const partnerTitle = "Партнёрский договор со школой с высокими результатами и выполнение совместного плана";
  if (!hasMentor) {
    out.push({
      code: "partner_agreement",
      title: partnerTitle,
      expected: "договор и совместный план",
      actual: support?.partnerAgreement
        ? "школа-наставник не назначена, хотя в анкете указан договор — проверьте данные"
        : "школа-наставник не назначена",
      status: "not_met",
    });
  } else if (support?.partnerAgreement === undefined && support?.jointPlan === undefined) {
    out.push({
      code: "partner_agreement",
      title: partnerTitle,
      expected: "договор и совместный план",
      actual: NO_DATA,
      status: "no_data",
    });
  } else {
    const has = [
      support?.partnerAgreement ? "договор есть" : "договора нет",
      support?.jointPlan ? "план есть" : "плана нет",
    ];
    out.push({
      code: "partner_agreement",
      title: partnerTitle,
      expected: "договор и совместный план",
      actual: has.join(", "),
      status: support?.partnerAgreement && support?.jointPlan ? "met" : "not_met",
    });
  }

  const monitoring = (fact?.vpr?.length ?? 0) + (fact?.rdr?.length ?? 0);
  out.push({
    code: "monitoring",
    title: "Участие во всероссийских и региональных мониторинговых исследованиях качества образования",
    expected: "участие (ВПР, РДР)",
    actual: fact === undefined ? NO_DATA : monitoring > 0 ? `участвовала (${monitoring})` : "не участвовала",
    status: fact === undefined ? "no_data" : monitoring > 0 ? "met" : "not_met",
  });

  const social = fact?.social;
  const absenceTitle = "Доля обучающихся, пропускающих уроки без уважительной причины";
  if (social?.chronicAbsence === undefined || social.students === 0 || b.chronicAbsence === null) {
    out.push({
      code: "absence",
      title: absenceTitle,
      expected: "ниже среднерайонного",
      actual: NO_DATA,
      status: "no_data",
    });
  } else {
    const share = social.chronicAbsence / social.students;
    out.push({
      code: "absence",
      title: absenceTitle,
      expected: `ниже среднерайонного (${formatShare(b.chronicAbsence)})`,
      actual: formatShare(share),
      status: share < b.chronicAbsence ? "met" : "not_met",
    });
  }
  return out;
}
