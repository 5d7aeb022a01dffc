// The indicators a criterion may name, read off one school's analysed year (value and pooling weight) and off the year's regional references.
import { CRITERIA_INDICATORS, type CriteriaIndicator } from "../contract/criteria-vocabulary.js";
import type { Reference, SchoolYearFacts, VprResult } from "../contract/dataset.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { shownPercentile } from "./number-format.js";
import type { SchoolYearAnalysis } from "./year-analysis.js";

/**
 * One indicator of one school-year as a ratio: the value is `scale · num / den` (scale 100 for percent units), and
 * a group's mean is `scale · Σnum / Σden` — pupils pooled for shares, participants for means, one school one vote
 * for sums, places and counts (den 1).
 */
export interface Measure {
  num: number;
  den: number;
}

/** The value of a measure in its indicator's unit (a percent 0–100, a mean, a sum, a place, 0/1). */
export function measureValue(indicator: CriteriaIndicator, m: Measure): number {
  return ((CRITERIA_INDICATORS[indicator].unit === "percent" ? 100 : 1) * m.num) / m.den;
}

type Reader = (a: SchoolYearAnalysis, settings: MethodologySettings) => Measure | null;

function ratio(num: number | undefined, den: number | undefined): Measure | null {
  if (num === undefined || den === undefined || den <= 0) return null;
  return { num, den };
}

function plain(value: number | undefined | null): Measure | null {
  return value === undefined || value === null ? null : { num: value, den: 1 };
}

function flag(value: boolean | undefined): Measure | null {
  return value === undefined ? null : { num: value ? 1 : 0, den: 1 };
}

/** Σ count / Σ participants over the entries that pass `keep` and report the count. */
function pooled<T extends { participants: number }>(
  entries: readonly T[] | undefined,
  count: (entry: T) => number | undefined,
  keep: (entry: T) => boolean = () => true,
): Measure | null {
  let c = 0;
  let n = 0;
  for (const entry of entries ?? []) {
    const value = count(entry);
    if (value === undefined || !keep(entry)) continue;
    c += value;
    n += entry.participants;
  }
  return ratio(c, n);
}

const RUSSIAN_MATH = new Set(["russian", "math", "math_base"]);
const GRADE4_SUBJECTS = ["russian", "math", "world_around"] as const;

function egeMean(subject: string): Reader {
  return (a) => {
    const e = a.fact.ege?.find((x) => x.subject === subject);
    return e && e.participants > 0 ? { num: e.meanScore * e.participants, den: e.participants } : null;
  };
}

function ogeMean(subject: string): Reader {
  return (a) => {
    const o = a.fact.oge?.find((x) => x.subject === subject);
    return o && o.participants > 0 ? { num: o.meanGrade * o.participants, den: o.participants } : null;
  };
}

function socialShare(count: (s: NonNullable<SchoolYearFacts["social"]>) => number | undefined): Reader {
  return (a) => (a.fact.social ? ratio(count(a.fact.social), a.fact.social.students) : null);
}

function staffShare(count: (s: NonNullable<SchoolYearFacts["staff"]>) => number | undefined): Reader {
  return (a) => (a.fact.staff ? ratio(count(a.fact.staff), a.fact.staff.teachers) : null);
}

/**
 * A paper's mean primary score: as reported, else from the task-level record of the Ф1 import (the score
 * distribution, or all task points over the participants).
 */
function meanPrimaryScore(fact: SchoolYearFacts, grade: number, subject: string): number | null {
  const entry: VprResult | undefined = fact.vpr?.find((v) => v.grade === grade && v.subject === subject);
  if (entry?.meanScore !== undefined) return entry.meanScore;
  const paper = fact.vprTasks?.find((v) => v.grade === grade && v.subject === subject);
  if (!paper || paper.participants <= 0) return null;
  if (paper.scores && paper.scores.length > 0) {
    let total = 0;
    let n = 0;
    paper.scores.forEach((count, score) => {
      total += count * score;
      n += count;
    });
    if (n > 0) return total / n;
  }
  return paper.tasks.reduce((sum, t) => sum + t.points, 0) / paper.participants;
}

const READERS: Record<CriteriaIndicator, Reader> = {
  resultsIndex: (a) => plain(a.results ? shownPercentile(a.results.percentile) : null),
  socialIndex: (a) => plain(a.social ? shownPercentile(a.social.percentile) : null),
  egeRussian: egeMean("russian"),
  egeMath: egeMean("math"),
  egeAtLeast80: (a) => pooled(a.fact.ege, (e) => e.atLeast80),
  egeAtLeast80RussianMath: (a) =>
    pooled(
      a.fact.ege,
      (e) => e.atLeast80,
      (e) => e.subject === "russian" || e.subject === "math",
    ),
  egeBelowMinimum: (a) => pooled(a.fact.ege, (e) => e.belowMinimum),
  giaBelowMinimumRussianMath: (a) => {
    const ege = pooled(
      a.fact.ege,
      (e) => e.belowMinimum,
      (e) => RUSSIAN_MATH.has(e.subject),
    );
    const oge = pooled(
      a.fact.oge,
      (o) => o.failed,
      (o) => RUSSIAN_MATH.has(o.subject),
    );
    if (!ege && !oge) return null;
    return { num: (ege?.num ?? 0) + (oge?.num ?? 0), den: (ege?.den ?? 0) + (oge?.den ?? 0) };
  },
  ogeRussian: ogeMean("russian"),
  ogeMath: ogeMean("math"),
  ogeFailed: (a) => pooled(a.fact.oge, (o) => o.failed),
  noCertificate9: (a) => ratio(a.fact.noCertificate9, a.fact.graduates9),
  noCertificate11: (a) => ratio(a.fact.noCertificate11, a.fact.graduates11),
  vprGrade2: (a) => pooled(a.fact.vpr, (v) => v.grades["2"]),
  vprGrade2Grades5and8: (a) =>
    pooled(
      a.fact.vpr,
      (v) => v.grades["2"],
      (v) => (v.grade === 5 || v.grade === 8) && (v.subject === "russian" || v.subject === "math"),
    ),
  vprGrade4Sum: (a) => {
    let sum = 0;
    for (const subject of GRADE4_SUBJECTS) {
      const mean = meanPrimaryScore(a.fact, 4, subject);
      if (mean === null) return null;
      sum += mean;
    }
    return plain(sum);
  },
  vprJournalMismatch: (a) => {
    let differ = 0;
    let total = 0;
    for (const v of a.fact.vpr ?? []) {
      if (!v.journal) continue;
      differ += v.journal.lower + v.journal.higher;
      total += v.journal.lower + v.journal.same + v.journal.higher;
    }
    return ratio(differ, total);
  },
  vprObjectivity: (a) => (a.fact.vpr && a.fact.vpr.length > 0 ? flag(a.objectivity.suspicious) : null),
  rdrUnsatisfactory: (a) => pooled(a.fact.rdr, (r) => r.unsatisfactory),
  olympiadParticipation: (a) => ratio(a.fact.olympiad?.participants, a.fact.social?.students),
  olympiadContestParticipation: (a) => {
    const students = a.fact.social?.students;
    if (a.fact.olympiad === undefined && a.fact.contests === undefined) return null;
    if (students === undefined || students <= 0) return null;
    // Pupils of the olympiad and of contests are counted together, never more than the school has.
    const pupils = (a.fact.olympiad?.participants ?? 0) + (a.fact.contests?.participants ?? 0);
    return { num: Math.min(pupils, students), den: students };
  },
  continuedTo10: (a) => ratio(a.fact.continuedTo10, a.fact.graduates9),
  accreditationSuspended: (a) => flag(a.fact.accreditationSuspended),
  notAttested: socialShare((s) => s.notAttested),
  chronicAbsence: socialShare((s) => s.chronicAbsence),
  teachersHighestCategory: staffShare((s) => s.highestCategory),
  teachersUnder35: staffShare((s) => s.under35),
  teachersOver55: staffShare((s) => s.over55),
  teacherVacancies: (a) => {
    const staff = a.fact.staff;
    if (staff?.vacancies === undefined) return null;
    return ratio(staff.vacancies, staff.teachers + staff.vacancies);
  },
  bothParentsHigherEducation: socialShare((s) => s.bothParentsHigherEducation),
  singleParentFamilies: socialShare((s) => s.singleParentFamilies),
  onPreventiveRegister: socialShare((s) => s.onPreventiveRegister),
  nonNativeRussian: socialShare((s) => s.nonNativeRussian),
  disabilities: socialShare((s) => s.disabilities),
  difficultLifeSituation: socialShare((s) => s.difficultLifeSituation),
  remote: (a) => flag(a.fact.social?.remote),
  infrastructureDeficit: (a) => flag(a.fact.social?.infrastructureDeficit),
  missingSpecialists: (a, settings) => {
    const missing = a.fact.social?.missingSpecialists;
    return missing === undefined ? null : flag(missing.length >= settings.social.missingSpecialistsThreshold);
  },
  smallSchool: (a) => flag(a.school.smallSchool),
  disadvantageFlags: (a) => (a.social ? plain(a.flags.length) : null),
};

/** The school's measure of `indicator` in the analysed year, or null when its facts lack it. */
export function readMeasure(
  indicator: CriteriaIndicator,
  a: SchoolYearAnalysis,
  settings: MethodologySettings,
): Measure | null {
  return READERS[indicator](a, settings);
}

/** Plain mean of the given shares as a percent; null when none is given. */
function averagePercent(values: readonly (number | undefined)[]): number | null {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === 0 ? null : (100 * known.reduce((x, y) => x + y, 0)) / known.length;
}

/**
 * The regional value of `indicator` in the year of `reference` («Эталоны»), in the indicator's unit; null when the
 * tab does not give it. Shares given per subject are averaged, as the index's benchmarks are (methodology §2.4);
 * the grade 4 sum needs the regional mean of all three subjects.
 */
export function regionalValue(indicator: CriteriaIndicator, reference: Reference | undefined): number | null {
  if (!reference) return null;
  const ege = reference.ege ?? [];
  const oge = reference.oge ?? [];
  const vpr = reference.vpr ?? [];
  switch (indicator) {
    case "egeRussian":
    case "egeMath": {
      const subject = indicator === "egeRussian" ? "russian" : "math";
      return ege.find((e) => e.subject === subject)?.meanScore ?? null;
    }
    case "ogeRussian":
    case "ogeMath": {
      const subject = indicator === "ogeRussian" ? "russian" : "math";
      return oge.find((o) => o.subject === subject)?.meanGrade ?? null;
    }
    case "egeAtLeast80":
      return averagePercent(ege.map((e) => e.atLeast80Share));
    case "egeAtLeast80RussianMath":
      return averagePercent(
        ege.filter((e) => e.subject === "russian" || e.subject === "math").map((e) => e.atLeast80Share),
      );
    case "egeBelowMinimum":
      return averagePercent(ege.map((e) => e.belowMinimumShare));
    case "ogeFailed":
      return averagePercent(oge.map((o) => o.failedShare));
    case "vprGrade2":
      return averagePercent(vpr.map((v) => v.grade2Share));
    case "vprGrade2Grades5and8":
      return averagePercent(
        vpr
          .filter(
            (v) => (v.grade === 5 || v.grade === 8) && (v.subject === "russian" || v.subject === "math"),
          )
          .map((v) => v.grade2Share),
      );
    case "vprGrade4Sum": {
      let sum = 0;
      for (const subject of GRADE4_SUBJECTS) {
        const mean = vpr.find((v) => v.grade === 4 && v.subject === subject)?.meanScore;
        if (mean === undefined) return null;
        sum += mean;
      }
      return sum;
    }
    case "rdrUnsatisfactory":
      return averagePercent((reference.rdr ?? []).map((r) => r.unsatisfactoryShare));
    default:
      return null;
  }
}
