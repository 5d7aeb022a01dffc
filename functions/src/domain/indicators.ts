// Raw indicators of one school in one year (shares with their n, means, flags), read off the facts for both indices.
import type { Reference, School, SchoolYearFacts } from "../contract/dataset.js";
import type {
  MethodologySettings,
  ResultsComponentKey,
  SocialComponentKey,
} from "../contract/methodology-settings.js";

/** A share count/n, a mean over n participants, or a yes/no flag. */
export type RawIndicator =
  | { kind: "share"; count: number; n: number }
  | { kind: "mean"; mean: number; n: number }
  | { kind: "flag"; value: 0 | 1 };

/** +1 when more is better for the school, −1 when more is worse. */
export type Direction = 1 | -1;

export interface ComponentDefinition<K extends string> {
  key: K;
  direction: Direction;
  extract(fact: SchoolYearFacts, school: School, settings: MethodologySettings): RawIndicator | null;
  /** The regional reference of the year, when the dataset gives one (ЕГЭ/ОГЭ means and shares). */
  reference?(reference: Reference | undefined): number | null;
}

function share(count: number | undefined, n: number | undefined): RawIndicator | null {
  if (count === undefined || n === undefined || n <= 0) return null;
  return { kind: "share", count, n };
}

function flag(value: boolean | undefined): RawIndicator | null {
  return value === undefined ? null : { kind: "flag", value: value ? 1 : 0 };
}

function socialShare(field: keyof NonNullable<SchoolYearFacts["social"]>) {
  return (fact: SchoolYearFacts): RawIndicator | null => {
    const social = fact.social;
    const value = social?.[field];
    return typeof value === "number" ? share(value, social?.students) : null;
  };
}

export const SOCIAL_COMPONENTS: readonly ComponentDefinition<SocialComponentKey>[] = [
  { key: "bothParentsHigherEducation", direction: 1, extract: socialShare("bothParentsHigherEducation") },
  { key: "singleParentFamilies", direction: -1, extract: socialShare("singleParentFamilies") },
  { key: "onPreventiveRegister", direction: -1, extract: socialShare("onPreventiveRegister") },
  { key: "nonNativeRussian", direction: -1, extract: socialShare("nonNativeRussian") },
  { key: "disabilities", direction: -1, extract: socialShare("disabilities") },
  { key: "difficultLifeSituation", direction: -1, extract: socialShare("difficultLifeSituation") },
  { key: "remote", direction: -1, extract: (fact) => flag(fact.social?.remote) },
  {
    key: "infrastructureDeficit",
    direction: -1,
    extract: (fact) => flag(fact.social?.infrastructureDeficit),
  },
  {
    key: "missingSpecialists",
    direction: -1,
    extract: (fact, _school, settings) => {
      const missing = fact.social?.missingSpecialists;
      if (missing === undefined) return null;
      return flag(missing.length >= settings.social.missingSpecialistsThreshold);
    },
  },
  { key: "smallSchool", direction: -1, extract: (_fact, school) => flag(school.smallSchool) },
];

/** The binary disadvantage flags of the ШНСУ rule: remote, infrastructure deficit, missing specialists, small. */
export const DISADVANTAGE_FLAG_KEYS = [
  "remote",
  "infrastructureDeficit",
  "missingSpecialists",
  "smallSchool",
] as const;

function egeMean(subject: string) {
  return (fact: SchoolYearFacts): RawIndicator | null => {
    const entry = fact.ege?.find((e) => e.subject === subject);
    return entry && entry.participants > 0
      ? { kind: "mean", mean: entry.meanScore, n: entry.participants }
      : null;
  };
}

function ogeMean(subject: string) {
  return (fact: SchoolYearFacts): RawIndicator | null => {
    const entry = fact.oge?.find((e) => e.subject === subject);
    return entry && entry.participants > 0
      ? { kind: "mean", mean: entry.meanGrade, n: entry.participants }
      : null;
  };
}

/** Σ count / Σ participants over the entries that report the count. */
function pooledShare<T extends { participants: number }>(
  entries: readonly T[] | undefined,
  count: (entry: T) => number | undefined,
): RawIndicator | null {
  if (!entries) return null;
  let c = 0;
  let n = 0;
  for (const entry of entries) {
    const value = count(entry);
    if (value === undefined) continue;
    c += value;
    n += entry.participants;
  }
  return share(c, n);
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
    extract: (fact) => pooledShare(fact.ege, (e) => e.atLeast80),
    reference: (ref) => averageShare(ref?.ege?.map((e) => e.atLeast80Share)),
  },
  {
    key: "egeBelowMinimum",
    direction: -1,
    extract: (fact) => pooledShare(fact.ege, (e) => e.belowMinimum),
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
    extract: (fact) => pooledShare(fact.oge, (e) => e.failed),
    reference: (ref) => averageShare(ref?.oge?.map((e) => e.failedShare)),
  },
  { key: "noCertificate9", direction: -1, extract: (fact) => share(fact.noCertificate9, fact.graduates9) },
  { key: "noCertificate11", direction: -1, extract: (fact) => share(fact.noCertificate11, fact.graduates11) },
  { key: "vprGrade2", direction: -1, extract: (fact) => pooledShare(fact.vpr, (e) => e.grades["2"]) },
  {
    key: "rdrUnsatisfactory",
    direction: -1,
    extract: (fact) => pooledShare(fact.rdr, (e) => e.unsatisfactory),
  },
  {
    key: "olympiadParticipation",
    direction: 1,
    extract: (fact) => share(fact.olympiad?.participants, fact.social?.students),
  },
  { key: "continuedTo10", direction: 1, extract: (fact) => share(fact.continuedTo10, fact.graduates9) },
];

/** Regional shares are given per subject; the pooled indicator is compared with their plain average. */
function averageShare(values: readonly (number | undefined)[] | undefined): number | null {
  const known = (values ?? []).filter((v): v is number => v !== undefined);
  if (known.length === 0) return null;
  return known.reduce((a, b) => a + b, 0) / known.length;
}
