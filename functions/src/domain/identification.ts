// Identification of one school in the report year: the rules of methodology §7 applied in order, then worded.
import type { AcademicYear } from "../contract/academic-year.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { CATEGORIES, type Category, type Reason } from "../contract/results.js";
import type { CriteriaEvaluator } from "./identification-criteria.js";
import { criteriaReasons, reasonText } from "./identification-reasons.js";
import {
  adverseSocialConditions,
  clusterBottom,
  type Finding,
  failedProcedures,
  leader,
  lowResultsByClusterPlace,
  lowResultsByFailedProcedures,
  resilient,
  schoolTimeline,
  watch,
} from "./identification-rules.js";
import type { YearAnalysis } from "./year-analysis.js";

export interface Identification {
  categories: Category[];
  reasons: Reason[];
}

const NOT_IDENTIFIED: Identification = { categories: [], reasons: [] };

/**
 * What the rules find for one school in `year`, from the analyses of that year and the years before it
 * (`history` ascending by year, the last one being `year`); ordered as the categories of Results v1 are, and
 * within a category in the order of methodology §7. A school on the ШНОР list is not also «watched» for the
 * same year: the list says more. Codes and numbers only: `identifySchool` words them.
 */
export function schoolFindings(
  schoolId: string,
  year: AcademicYear,
  history: readonly YearAnalysis[],
  settings: MethodologySettings,
  criteria?: CriteriaEvaluator,
): Finding[] {
  const t = schoolTimeline(schoolId, year, history);
  if (t === null) return [];
  const found: Finding[] = [];
  const add = (finding: Finding | null) => {
    if (finding !== null) found.push(finding);
  };
  // A list the criteria table governs is decided by its criteria alone: rules A and B (and the watch they give)
  // or the ШНСУ rules step aside; a suspended accreditation is still watched, being a fact, not a rule.
  if (criteria?.governs("lowResults")) {
    found.push(...watch(t, null, null, settings));
  } else {
    const bottom = clusterBottom(t, settings);
    const failed = failedProcedures(t, settings);
    add(lowResultsByClusterPlace(t, bottom));
    add(lowResultsByFailedProcedures(t, failed, settings));
    found.push(...watch(t, bottom, failed, settings));
  }
  if (!criteria?.governs("adverseSocial")) found.push(...adverseSocialConditions(t, settings));
  for (const decision of criteria?.decide(schoolId, year) ?? []) {
    if (decision.listed) found.push({ category: decision.list, code: "criteria", decision });
    else if (decision.undecided) found.push({ category: "watch", code: "criteria_not_evaluated", decision });
  }
  add(resilient(t, settings));
  // A leader is on no list and under no watch.
  const listed = found.some(
    (f) => f.category === "lowResults" || f.category === "adverseSocial" || f.category === "watch",
  );
  add(leader(t, listed, settings));

  // Most schools of a territory have no finding, or one: nothing to order.
  if (found.length < 2) return found;
  const low = found.some((f) => f.category === "lowResults");
  return CATEGORIES.flatMap((c) => (c === "watch" && low ? [] : found.filter((f) => f.category === c)));
}

/** The categories of a school's findings, in the order of Results v1, each once. */
export function categoriesOf(findings: readonly Finding[]): Category[] {
  return CATEGORIES.filter((c) => findings.some((f) => f.category === c));
}

/**
 * Categories and reasons of one school in `year` (see `schoolFindings`), each reason worded in Russian with the
 * thresholds in force. `history` ascends by year and ends with `year`.
 */
export function identifySchool(
  schoolId: string,
  year: AcademicYear,
  history: readonly YearAnalysis[],
  settings: MethodologySettings,
  criteria?: CriteriaEvaluator,
): Identification {
  const findings = schoolFindings(schoolId, year, history, settings, criteria);
  if (findings.length === 0) return NOT_IDENTIFIED;
  const reportYear = history[history.length - 1];
  const current = reportYear?.schools.get(schoolId);
  if (reportYear === undefined || current === undefined) return NOT_IDENTIFIED;
  const context = { settings, current, year: reportYear };
  return {
    categories: categoriesOf(findings),
    reasons: findings.flatMap((f) =>
      f.code === "criteria"
        ? criteriaReasons(f)
        : [{ category: f.category, code: f.code, text: reasonText(f, context) }],
    ),
  };
}
