// Approved versions of the lists: a new version from a draft or the previous one and the decisions that carried; what applies, and how it differs from today's computation.
import type { AcademicYear } from "../contract/academic-year.js";
import { previousAcademicYear } from "../contract/academic-year.js";
import {
  type Approval,
  type ApprovedLists,
  type ApprovedSchool,
  type DecisionAction,
  LIST_CATEGORIES,
  type ListCategory,
  type ListDifference,
} from "../contract/decision-cycle.js";
import type { SchoolResult } from "../contract/results.js";
import { formatRuDate } from "./academic-calendar.js";

/** A decision that carried, as the approval applies it. */
export interface CarriedDecision {
  title: string;
  action: DecisionAction;
  schoolIds: readonly string[];
  /** The lists it concerns; absent = both (for `exclude` and `remove`). */
  lists?: readonly ListCategory[];
  grounds?: string;
}

/** «ШНОР», «ШНСУ»: the short names orders use. */
export const LIST_SHORT_NAMES: Readonly<Record<ListCategory, string>> = {
  lowResults: "ШНОР",
  adverseSocial: "ШНСУ",
};

/** Russian words of the decision actions, as the «Рабочая группа» tab offers them. */
export const DECISION_ACTION_LABELS: Readonly<Record<DecisionAction, string>> = {
  include: "включить",
  exclude: "не включать",
  remove: "исключить",
  approveLists: "утвердить списки целиком",
};

const byId = (a: { schoolId: string }, b: { schoolId: string }) =>
  a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0;

/** Only the two lists, each once, in the order of Results v1. */
export function listCategories(categories: readonly string[]): ListCategory[] {
  return LIST_CATEGORIES.filter((c) => categories.includes(c));
}

/**
 * The lists after the decisions, applied in order to `base` (a draft's lists or the version in force):
 * `include` adds the school to its lists with the decision's grounds; `exclude` and `remove` take it off the
 * lists named (all when none), and a school left on no list is no longer in the version. Schools in id order.
 * O(schools + decisions · schools named).
 */
export function applyDecisions(
  base: readonly ApprovedSchool[],
  decisions: readonly CarriedDecision[],
): ApprovedSchool[] {
  const schools = new Map(
    base.map((s) => [s.schoolId, { ...s, categories: [...s.categories], grounds: [...s.grounds] }]),
  );
  for (const decision of decisions) {
    if (decision.action === "approveLists") continue;
    const lists =
      decision.lists === undefined || decision.lists.length === 0 ? LIST_CATEGORIES : decision.lists;
    const grounds = decision.grounds ?? decision.title;
    for (const schoolId of decision.schoolIds) {
      const school = schools.get(schoolId);
      if (decision.action === "include") {
        if (decision.lists === undefined || decision.lists.length === 0) continue;
        const entry = school ?? { schoolId, categories: [], grounds: [] };
        entry.categories = listCategories([...entry.categories, ...lists]);
        entry.grounds.push(`Решение рабочей группы: ${grounds}`);
        schools.set(schoolId, entry);
        continue;
      }
      if (school === undefined) continue;
      school.categories = school.categories.filter((c) => !lists.includes(c));
      if (school.categories.length === 0) schools.delete(schoolId);
    }
  }
  return [...schools.values()].sort(byId);
}

/**
 * The version in force for a report year: of the versions whose year is the report year or earlier, those of
 * the latest such year, and of them the highest version (a later order of the year replaces an earlier one; a
 * correction is a later version). The year comes first: an earlier year's order entered on «Приказы прошлых
 * лет» after this year's approval has a higher version number but does not replace this year's lists.
 * Undefined when there is none. O(versions).
 */
export function versionInForce(approvals: readonly Approval[], year: AcademicYear): Approval | undefined {
  let best: Approval | undefined;
  for (const a of approvals)
    if (
      a.year <= year &&
      (best === undefined || a.year > best.year || (a.year === best.year && a.version > best.version))
    )
      best = a;
  return best;
}

/** For each academic year, the version that decided it: the highest version of that year. */
export function versionsByYear(approvals: readonly Approval[]): Map<AcademicYear, Approval> {
  const out = new Map<AcademicYear, Approval>();
  for (const a of approvals) {
    const known = out.get(a.year);
    if (known === undefined || a.version > known.version) out.set(a.year, a);
  }
  return out;
}

/** «приказ № 12-од от 01.10.2025». */
export function orderText(order: Approval["order"]): string {
  return `приказ № ${order.number} от ${formatRuDate(order.date)}`;
}

/**
 * Consecutive academic years a school is on `category` by the approved versions, counting back from `year`
 * (that year included, when a version of it lists the school). Counted on approved versions only: an import that
 * rewrites the facts of the past never changes it.
 */
export function yearsInSupport(
  byYear: ReadonlyMap<AcademicYear, Approval>,
  schoolId: string,
  category: ListCategory,
  year: AcademicYear,
): AcademicYear[] {
  const years: AcademicYear[] = [];
  for (let y = year; ; y = previousAcademicYear(y)) {
    const version = byYear.get(y);
    const school = version?.schools.find((s) => s.schoolId === schoolId);
    if (school === undefined || !school.categories.includes(category)) break;
    years.push(y);
  }
  return years.reverse();
}

/** Differences between the approved lists and today's computation, one per school and list, in school order. */
export function listDifferences(
  approval: Approval,
  computed: readonly SchoolResult[],
  nameOf: (schoolId: string) => string,
): ListDifference[] {
  const approved = new Map(approval.schools.map((s) => [s.schoolId, s.categories]));
  const now = new Map(computed.map((s) => [s.schoolId, listCategories(s.categories)]));
  const ids = [...new Set([...approved.keys(), ...now.keys()])].sort();
  const out: ListDifference[] = [];
  for (const schoolId of ids) {
    const a = approved.get(schoolId) ?? [];
    const c = now.get(schoolId) ?? [];
    for (const category of LIST_CATEGORIES) {
      const list = LIST_SHORT_NAMES[category];
      if (c.includes(category) && !a.includes(category))
        out.push({
          schoolId,
          category,
          kind: "computedOnly",
          text: `${nameOf(schoolId)}: по расчёту вошла бы в ${list}; в утверждённом списке её нет`,
        });
      else if (a.includes(category) && !c.includes(category) && now.has(schoolId))
        out.push({
          schoolId,
          category,
          kind: "approvedOnly",
          text: `${nameOf(schoolId)}: в утверждённом списке ${list}; по расчёту сейчас в него не входит`,
        });
    }
  }
  return out;
}

/** What the approved lists section needs from the computation of the report year. */
export interface ApprovedListsInput {
  approvals: readonly Approval[];
  year: AcademicYear;
  schools: readonly SchoolResult[];
  nameOf: (schoolId: string) => string;
  /** N of «усиленное сопровождение» (`decisions.escalationYears`). */
  escalationYears: number;
  /** A listed school's exits by the method (see support-exit.ts); absent = none. */
  exitsOf?: (
    schoolId: string,
    categories: readonly ListCategory[],
  ) => { category: ListCategory; text: string }[];
}

/**
 * Results' `approved`: the version in force, each of its schools with the years in support and the escalation
 * (N or more consecutive years on a list: «усиленное сопровождение», with the orders that kept it there), the
 * exits the method sees, and the differences from today's computation. Undefined when no version applies.
 */
export function approvedLists(input: ApprovedListsInput): ApprovedLists | undefined {
  const version = versionInForce(input.approvals, input.year);
  if (version === undefined) return undefined;
  const byYear = versionsByYear(input.approvals.filter((a) => a.version <= version.version));
  const schools = [...version.schools].sort(byId).map((school) => {
    const runs = Object.fromEntries(
      LIST_CATEGORIES.map((c) => [c, yearsInSupport(byYear, school.schoolId, c, version.year)]),
    ) as Record<ListCategory, AcademicYear[]>;
    const history = [...byYear.values()]
      .filter((v) => v.schools.some((s) => s.schoolId === school.schoolId))
      .sort((a, b) => (a.year < b.year ? -1 : a.year > b.year ? 1 : 0))
      .map((v) => ({
        year: v.year,
        version: v.version,
        order: v.order,
        categories: v.schools.find((s) => s.schoolId === school.schoolId)?.categories ?? [],
      }));
    const escalation = LIST_CATEGORIES.flatMap((c) => {
      const years = runs[c];
      if (years.length < input.escalationYears) return [];
      const orders = years.map((y) => {
        const v = byYear.get(y);
        return v === undefined ? y : `${y} (${orderText(v.order)})`;
      });
      return [
        `в утверждённых списках ${LIST_SHORT_NAMES[c]} ${years.length} ${yearsWord(years.length)} подряд: ${orders.join(", ")}; ` +
          `после ${input.escalationYears} ${yearsWord(input.escalationYears, true)} поддержки — усиленное сопровождение`,
      ];
    });
    const exits = input.exitsOf?.(school.schoolId, school.categories) ?? [];
    return {
      schoolId: school.schoolId,
      name: input.nameOf(school.schoolId),
      categories: school.categories,
      grounds: school.grounds,
      yearsInSupport: { lowResults: runs.lowResults.length, adverseSocial: runs.adverseSocial.length },
      history,
      ...(escalation.length > 0 ? { escalation } : {}),
      ...(exits.length > 0 ? { exits } : {}),
    };
  });
  return {
    version: version.version,
    year: version.year,
    order: version.order,
    reason: version.reason,
    ...(version.note !== undefined ? { note: version.note } : {}),
    ...(version.meeting !== undefined ? { meeting: version.meeting } : {}),
    ...(version.draft !== undefined ? { draft: version.draft } : {}),
    versions: input.approvals.length,
    schools,
    differences: listDifferences(version, input.schools, input.nameOf),
  };
}

/** «год», «года», «лет» after a number; `genitive` for «после N лет». */
export function yearsWord(n: number, genitive = false): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (genitive) return mod10 === 1 && mod100 !== 11 ? "года" : "лет";
  if (mod10 === 1 && mod100 !== 11) return "год";
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return "года";
  return "лет";
}
