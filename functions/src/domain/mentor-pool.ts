// Who needs a mentor and who may be one: leaders and resilient schools first, then schools effective in their conditions.
import type { School } from "../contract/dataset.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import type { Category } from "../contract/results.js";
import type { CompositeOutcome } from "./composite-index.js";
import { at } from "./indexed-access.js";
import { hazenPercentiles } from "./statistics.js";
import type { SchoolYearAnalysis, YearAnalysis } from "./year-analysis.js";

/**
 * The two circles a mentor is drawn from, in the order they are used: `leader` — leaders and resilient schools
 * (methodology §7.4–7.5); `effective` — schools effective in similar conditions, taken only for mentees the
 * first circle leaves without a mentor.
 */
export const MENTOR_TIERS = ["leader", "effective"] as const;
export type MentorTier = (typeof MENTOR_TIERS)[number];

/** A school as the matching sees it: its social index, where it is, its results and (for a mentor) its circle. */
export interface MatchingSchool {
  id: string;
  name: string;
  /** Social index percentile 0..100, null when unknown. */
  social: number | null;
  location?: { lat: number; lon: number } | undefined;
  results: CompositeOutcome | null;
  /** The mentor's circle; absent means `leader` (a mentee has none). */
  tier?: MentorTier;
  /** Contextual result in percentile points, for the reason of a pair with an effective school. */
  contextualResult?: number | null;
}

/** The lists whose schools get a mentor. */
const LISTS: readonly Category[] = ["lowResults", "adverseSocial"];
/** Categories that make a school a mentor of the first circle. */
const MENTOR_CATEGORIES: readonly Category[] = ["leader", "resilient"];
/** A school on a list or under watch mentors nobody: it needs the help itself. */
const NOT_A_MENTOR: readonly Category[] = ["lowResults", "adverseSocial", "watch"];

export interface MentorPool {
  /** Every school of the registry with an analysis in the report year or not, by id. */
  schools: Map<string, MatchingSchool>;
  /** ШНОР and ШНСУ schools, in registry (id) order. */
  mentees: MatchingSchool[];
  /** Leaders and resilient schools (tier `leader`), then effective schools (tier `effective`), in id order each. */
  candidates: MatchingSchool[];
}

/**
 * Schools effective in their conditions (methodology §9.1): a positive contextual result in the top
 * `mentoring.effectiveClusterShare` of its cluster by contextual result (Hazen percentile ≥ 100·(1 − share)
 * among the schools of the cluster that have one; a school without a cluster meets the territory), a results
 * index not resting on small samples, no signs of non-objective ВПР, and on no list — not ШНОР, ШНСУ, under watch,
 * nor already a leader or resilient school (those are the first circle). O(n log n).
 */
export function effectiveSchoolIds(
  current: YearAnalysis,
  categoriesOf: ReadonlyMap<string, readonly Category[]>,
  settings: MethodologySettings,
): Set<string> {
  const groups = new Map<string, SchoolYearAnalysis[]>();
  current.schools.forEach((a) => {
    if (a.contextualResult === null) return;
    const key = a.cluster ?? "";
    const group = groups.get(key) ?? [];
    group.push(a);
    groups.set(key, group);
  });
  const threshold = 100 * (1 - settings.mentoring.effectiveClusterShare);
  const out = new Set<string>();
  groups.forEach((members) => {
    const percentiles = hazenPercentiles(members.map((a) => a.contextualResult ?? 0));
    members.forEach((a, i) => {
      const contextual = a.contextualResult ?? 0;
      if (contextual <= 0 || at(percentiles, i) < threshold) return;
      if (a.results === null || a.results.lowConfidence || a.objectivity.suspicious) return;
      const categories = categoriesOf.get(a.school.id) ?? [];
      if (categories.length > 0) return;
      out.add(a.school.id);
    });
  });
  return out;
}

/**
 * The mentees (ШНОР and ШНСУ schools) and the mentors of both circles for the report year. `categories[i]` are
 * the categories of `schools[i]`; `schools` are in id order, and so are the lists returned.
 */
export function mentorPool(
  schools: readonly School[],
  categories: readonly (readonly Category[])[],
  current: YearAnalysis,
  settings: MethodologySettings,
): MentorPool {
  const matching = new Map<string, MatchingSchool>();
  const categoriesOf = new Map<string, readonly Category[]>();
  schools.forEach((school, i) => {
    const a = current.schools.get(school.id);
    matching.set(school.id, {
      id: school.id,
      name: school.name,
      social: a?.social?.percentile ?? null,
      location: school.location,
      results: a?.results ?? null,
      contextualResult: a?.contextualResult ?? null,
    });
    categoriesOf.set(school.id, at(categories, i));
  });
  const effective = effectiveSchoolIds(current, categoriesOf, settings);
  const mentees: MatchingSchool[] = [];
  const leaders: MatchingSchool[] = [];
  const effectiveSchools: MatchingSchool[] = [];
  schools.forEach((school, i) => {
    const c = at(categories, i);
    const m = at(matching, school.id);
    if (c.some((x) => LISTS.includes(x))) mentees.push(m);
    else if (c.some((x) => MENTOR_CATEGORIES.includes(x)) && !c.some((x) => NOT_A_MENTOR.includes(x))) {
      m.tier = "leader";
      leaders.push(m);
    } else if (effective.has(school.id)) {
      m.tier = "effective";
      effectiveSchools.push(m);
    }
  });
  return { schools: matching, mentees, candidates: [...leaders, ...effectiveSchools] };
}
