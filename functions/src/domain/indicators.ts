// Raw indicators of one school in one year (shares with their n, means, flags), read off the facts for both indices.
import type { Reference, School, SchoolYearFacts } from "../contract/dataset.js";
import type {
  MethodologySettings,
  ResultsComponentKey,
  SocialComponentKey,
} from "../contract/methodology-settings.js";

/** The kinds of raw indicator: a share count/n, a mean over n participants, or a yes/no flag. */
export type IndicatorKind = "share" | "mean" | "flag";

/**
 * One raw indicator as an extractor writes it: `num` is the count (share), the mean (mean) or 0/1 (flag), `den`
 * the denominator n (1 for a flag). The caller passes the same cell for every school and component, so reading
 * a region's 40,000 × 23 indicators allocates nothing.
 */
export interface IndicatorCell {
  kind: IndicatorKind;
  num: number;
  den: number;
}

/** +1 when more is better for the school, −1 when more is worse. */
export type Direction = 1 | -1;

export interface ComponentDefinition<K extends string> {
  key: K;
  direction: Direction;
  /** Writes the school's indicator into `cell` and returns true, or returns false when the facts lack it. */
  extract(cell: IndicatorCell, fact: SchoolYearFacts, school: School, settings: MethodologySettings): boolean;
  /** The regional reference of the year, when the dataset gives one (ЕГЭ/ОГЭ means and shares). */
  reference?(reference: Reference | undefined): number | null;
}

function share(cell: IndicatorCell, count: number | undefined, n: number | undefined): boolean {
  if (count === undefined || n === undefined || n <= 0) return false;
  cell.kind = "share";
  cell.num = count;
  cell.den = n;
  return true;
}

function mean(cell: IndicatorCell, value: number, n: number): boolean {
  if (n <= 0) return false;
  cell.kind = "mean";
  cell.num = value;
  cell.den = n;
  return true;
}

function flag(cell: IndicatorCell, value: boolean | undefined): boolean {
  if (value === undefined) return false;
  cell.kind = "flag";
  cell.num = value ? 1 : 0;
  cell.den = 1;
  return true;
}

type Social = NonNullable<SchoolYearFacts["social"]>;

/**
 * A share of the students. The count is read by a function rather than by a field name: `social[field]` with six
 * different names behind one read is a slow lookup in V8, a function per field is a plain property read.
 */
function socialShare(count: (social: Social) => number | undefined) {
  return (cell: IndicatorCell, fact: SchoolYearFacts) => {
    const social = fact.social;
    return social !== undefined && share(cell, count(social), social.students);
  };
}

export const SOCIAL_COMPONENTS: readonly ComponentDefinition<SocialComponentKey>[] = [
  {
    key: "bothParentsHigherEducation",
    direction: 1,
    extract: socialShare((s) => s.bothParentsHigherEducation),
  },
  { key: "singleParentFamilies", direction: -1, extract: socialShare((s) => s.singleParentFamilies) },
  { key: "onPreventiveRegister", direction: -1, extract: socialShare((s) => s.onPreventiveRegister) },
  { key: "nonNativeRussian", direction: -1, extract: socialShare((s) => s.nonNativeRussian) },
  { key: "disabilities", direction: -1, extract: socialShare((s) => s.disabilities) },
  { key: "difficultLifeSituation", direction: -1, extract: socialShare((s) => s.difficultLifeSituation) },
  { key: "remote", direction: -1, extract: (cell, fact) => flag(cell, fact.social?.remote) },
  {
    key: "infrastructureDeficit",
    direction: -1,
    extract: (cell, fact) => flag(cell, fact.social?.infrastructureDeficit),
  },
  {
    key: "missingSpecialists",
    direction: -1,
    extract: (cell, fact, _school, settings) => {
      const missing = fact.social?.missingSpecialists;
      if (missing === undefined) return false;
      return flag(cell, missing.length >= settings.social.missingSpecialistsThreshold);
    },
  },
  { key: "smallSchool", direction: -1, extract: (cell, _fact, school) => flag(cell, school.smallSchool) },
];

/** The binary disadvantage flags of the ШНСУ rule: remote, infrastructure deficit, missing specialists, small. */
export const DISADVANTAGE_FLAG_KEYS = [
  "remote",
  "infrastructureDeficit",
  "missingSpecialists",
  "smallSchool",
] as const;

function egeMean(subject: string) {
  return (cell: IndicatorCell, fact: SchoolYearFacts) => {
    const entry = fact.ege?.find((e) => e.subject === subject);
    return entry !== undefined && mean(cell, entry.meanScore, entry.participants);
  };
}

function ogeMean(subject: string) {
  return (cell: IndicatorCell, fact: SchoolYearFacts) => {
    const entry = fact.oge?.find((e) => e.subject === subject);
    return entry !== undefined && mean(cell, entry.meanGrade, entry.participants);
  };
}

/** Σ count / Σ participants over the entries that report the count. */
function pooledShare<T extends { participants: number }>(
  cell: IndicatorCell,
  entries: readonly T[] | undefined,
  count: (entry: T) => number | undefined,
): boolean {
  if (!entries) return false;
  let c = 0;
  let n = 0;
  for (const entry of entries) {
    const value = count(entry);
    if (value === undefined) continue;
    c += value;
    n += entry.participants;
  }
  return share(cell, c, n);
}

export const RESULTS_COMPONENTS: readonly ComponentDefinition<ResultsComponentKey>[] = [
  {
    key: "egeRussian",
    direction: 1,
    extract: egeMean("russian"),
    reference: (ref) => ref?.ege?.find((e) => e.subject === "russian")?.meanScore ?? null,
  },
  {
    key: "egeMath",
    direction: 1,
    extract: egeMean("math"),
    reference: (ref) => ref?.ege?.find((e) => e.subject === "math")?.meanScore ?? null,
  },
  {
    key: "egeAtLeast80",
    direction: 1,
    extract: (cell, fact) => pooledShare(cell, fact.ege, (e) => e.atLeast80),
    reference: (ref) => averageShare(ref?.ege?.map((e) => e.atLeast80Share)),
  },
  {
    key: "egeBelowMinimum",
    direction: -1,
    extract: (cell, fact) => pooledShare(cell, fact.ege, (e) => e.belowMinimum),
    reference: (ref) => averageShare(ref?.ege?.map((e) => e.belowMinimumShare)),
  },
  {
    key: "ogeRussian",
    direction: 1,
    extract: ogeMean("russian"),
    reference: (ref) => ref?.oge?.find((e) => e.subject === "russian")?.meanGrade ?? null,
  },
  {
    key: "ogeMath",
    direction: 1,
    extract: ogeMean("math"),
    reference: (ref) => ref?.oge?.find((e) => e.subject === "math")?.meanGrade ?? null,
  },
  {
    key: "ogeFailed",
    direction: -1,
    extract: (cell, fact) => pooledShare(cell, fact.oge, (e) => e.failed),
    reference: (ref) => averageShare(ref?.oge?.map((e) => e.failedShare)),
  },
  {
    key: "noCertificate9",
    direction: -1,
    extract: (cell, fact) => share(cell, fact.noCertificate9, fact.graduates9),
  },
  {
    key: "noCertificate11",
    direction: -1,
    extract: (cell, fact) => share(cell, fact.noCertificate11, fact.graduates11),
  },
  {
    key: "vprGrade2",
    direction: -1,
    extract: (cell, fact) => pooledShare(cell, fact.vpr, (e) => e.grades["2"]),
  },
  {
    key: "rdrUnsatisfactory",
    direction: -1,
    extract: (cell, fact) => pooledShare(cell, fact.rdr, (e) => e.unsatisfactory),
  },
  {
    key: "olympiadParticipation",
    direction: 1,
    extract: (cell, fact) => share(cell, fact.olympiad?.participants, fact.social?.students),
  },
  {
    key: "continuedTo10",
    direction: 1,
    extract: (cell, fact) => share(cell, fact.continuedTo10, fact.graduates9),
  },
];

/** Regional shares are given per subject; the pooled indicator is compared with their plain average. */
function averageShare(values: readonly (number | undefined)[] | undefined): number | null {
  const known = (values ?? []).filter((v): v is number => v !== undefined);
  if (known.length === 0) return null;
  return known.reduce((a, b) => a + b, 0) / known.length;
}
