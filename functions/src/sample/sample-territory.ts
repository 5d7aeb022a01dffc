// A deterministic synthetic municipality (Dataset v1) with planted situations a coordinator recognises; randomness passed in as a seed.
import { AcademicYearSchema, academicYearStarting, startYear } from "../contract/academic-year.js";
import type { Dataset, SchoolYearFacts } from "../contract/dataset.js";
import { type RegionalYear, regionalYears, schoolYearFacts, toReferences, toSchool } from "./fact-drawing.js";
import { genericProfile, planted } from "./planted-schools.js";
import type { Profile } from "./sample-profile.js";
import { createRandom } from "./seeded-random.js";
import { partnerPins, supportProgramme } from "./support-programme.js";

export { SAMPLE_SCHOOL_IDS } from "./planted-schools.js";

export interface SampleTerritoryOptions {
  /** Number of schools in the registry (the planted ones first, as many as fit). */
  schools: number;
  /** Number of consecutive academic years of facts, ending with `lastYear`. */
  years: number;
  /** Any number or text; the same seed gives the same dataset, byte for byte. */
  seed: number | string;
  /** The latest academic year, `2025/2026` by default. */
  lastYear?: string;
}

export const SAMPLE_DEFAULTS = { schools: 24, years: 3, seed: 2026, lastYear: "2025/2026" } as const;

export const SAMPLE_TERRITORY = {
  id: "obraztsovsky",
  name: "Образцовский муниципальный район (пример)",
  timeZone: "Europe/Moscow",
} as const;

/** `2025/2026`, 3 → `["2023/2024", "2024/2025", "2025/2026"]`. */
function yearsEnding(lastYear: string, count: number): string[] {
  if (!AcademicYearSchema.safeParse(lastYear).success)
    throw new RangeError(`lastYear: «${lastYear}» is not like 2025/2026`);
  const last = startYear(lastYear);
  return Array.from({ length: count }, (_, i) => academicYearStarting(last - (count - 1 - i)));
}

/** The sample territory before its facts are drawn: everything but `facts`, and a lazy sequence of them. */
export interface SampleTerritoryPlan {
  /** Dataset v1 without `facts`; keys in the order `generateSampleTerritory` writes them. */
  head: Omit<Dataset, "facts">;
  /** Draws the facts school by school, year by year; a large territory never has to sit in memory at once. */
  facts(): Generator<SchoolYearFacts>;
}

/**
 * Plans the synthetic territory: registry, references and a generator of facts. `generateSampleTerritory`
 * is this plan collected; writers of very large samples stream `facts()` instead. O(schools) up front.
 */
export function planSampleTerritory(options: SampleTerritoryOptions): SampleTerritoryPlan {
  const { schools: count, years: yearCount, seed } = options;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`schools: ${count} is not a positive integer`);
  if (!Number.isInteger(yearCount) || yearCount < 1)
    throw new RangeError(`years: ${yearCount} is not a positive integer`);
  const years = yearsEnding(options.lastYear ?? SAMPLE_DEFAULTS.lastYear, yearCount);
  const root = createRandom(seed);
  const regional = regionalYears(years, root);

  const counters = { urban: 0, rural: 0 };
  const plantedProfiles = planted();
  const profiles: Profile[] = [];
  for (let i = 0; i < count; i++) {
    profiles.push(plantedProfiles[i] ?? genericProfile(i, root.fork(i), counters));
  }

  return {
    head: {
      format: "shnor-dataset",
      version: 1,
      territory: { ...SAMPLE_TERRITORY },
      schools: profiles.map(toSchool),
      references: toReferences(years, regional),
      ...supportProgramme(years[years.length - 1] as string, profiles),
      ...partnerPins(profiles),
    },
    *facts() {
      for (let i = 0; i < profiles.length; i++) {
        const profile = profiles[i] as Profile;
        // A second fork of the same label: the facts' stream is independent of how the profile was drawn.
        const rng = root.fork(`facts:${i}`);
        for (let y = 0; y < years.length; y++) {
          yield schoolYearFacts(
            profile,
            years[y] as string,
            yearCount - 1 - y,
            regional[y] as RegionalYear,
            rng,
          );
        }
      }
    },
  };
}

/**
 * Generates a synthetic territory as Dataset v1 (it passes `parseDataset`). Schools draw their social facts
 * from a latent advantage s and their results from ability a = 0.6·s + effect + planted shift + N(0, 0.18²),
 * so worse conditions mean lower results, with noise. The planted schools of `SAMPLE_SCHOOL_IDS` come first.
 * Each school has its own random streams (forks of the seed by index), so a school's facts do not depend
 * on how many schools follow it. O(schools × years); 40,000 × 3 takes a few seconds.
 * @example generateSampleTerritory({ schools: 24, years: 3, seed: 2026 }).facts.length === 72
 */
export function generateSampleTerritory(options: SampleTerritoryOptions): Dataset {
  const plan = planSampleTerritory(options);
  const { format, version, territory, schools, references, roadmap, meetings, pins } = plan.head;
  const dataset: Dataset = { format, version, territory, schools, facts: [...plan.facts()] };
  if (references) dataset.references = references;
  if (roadmap) dataset.roadmap = roadmap;
  if (meetings) dataset.meetings = meetings;
  if (pins) dataset.pins = pins;
  return dataset;
}
