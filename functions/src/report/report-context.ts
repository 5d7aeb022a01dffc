// What every page of one report shares: school names, card file names, the chart thresholds and the component benchmarks.
import type { Dataset } from "../contract/dataset.js";
import { DEFAULT_SETTINGS } from "../contract/methodology-settings.js";
import type { Category, Results, SchoolResult } from "../contract/results.js";
import { supportTimeline, type TimelineYear } from "../domain/support-timeline.js";
import { type Benchmarks, componentBenchmarks } from "./component-benchmarks.js";
import { CATEGORY_COLOURS } from "./report-text.js";

export interface ReportContext {
  results: Results;
  territoryName: string;
  /** School id → its result, for mentors and mentees named on a card. */
  byId: ReadonlyMap<string, SchoolResult>;
  nameOf(id: string): string;
  /** School id → card file name inside `schools/` (`sch-00015.html`). */
  cardFile(id: string): string;
  benchmarks: Benchmarks;
  thresholds: { resilientSocial: number; resilientResults: number; adverseSocial: number; dynamics: number };
  /** Number of each school on the territory page and in the chart (1-based, in the order of the results). */
  numberOf(id: string): number;
  /** The school's support across the years (issue 13); only when the territory has approved lists. */
  timeline?: (id: string) => TimelineYear[];
}

/** A number at `path` of the effective settings in the results; the documented default when it is missing. */
function setting(settings: Record<string, unknown>, path: readonly string[], fallback: number): number {
  let at: unknown = settings;
  for (const key of path)
    at = at !== null && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === "number" && Number.isFinite(at) ? at : fallback;
}

/**
 * A card's file name from the school id: the id itself when it is a plain name (letters, digits, `-`, `_`, `.`,
 * not starting with a dot), otherwise a sanitised form with a counter, so no id can escape `schools/` or collide.
 */
function cardFiles(ids: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    if (/^[\p{L}\p{N}_-][\p{L}\p{N}._-]{0,100}$/u.test(id) && !used.has(id.toLowerCase())) {
      files.set(id, `${id}.html`);
      used.add(id.toLowerCase());
    }
  }
  let counter = 0;
  for (const id of ids) {
    if (files.has(id)) continue;
    const base = id.replace(/[^\p{L}\p{N}_-]+/gu, "_").slice(0, 60) || "school";
    let name: string;
    do {
      counter++;
      name = `${base}-${counter}`;
    } while (used.has(name.toLowerCase()));
    used.add(name.toLowerCase());
    files.set(id, `${name}.html`);
  }
  return files;
}

/** The shared context of a report on `results` computed from `dataset`. */
export function reportContext(results: Results, dataset: Dataset): ReportContext {
  const datasetNames = new Map(dataset.schools.map((s) => [s.id, s.name]));
  const byId = new Map(results.schools.map((s) => [s.schoolId, s]));
  const numbers = new Map(results.schools.map((s, i) => [s.schoolId, i + 1]));
  const files = cardFiles(results.schools.map((s) => s.schoolId));
  const settings = results.methodology.settings;
  const d = DEFAULT_SETTINGS;
  return {
    results,
    territoryName: dataset.territory.name,
    byId,
    nameOf: (id) => byId.get(id)?.name ?? datasetNames.get(id) ?? id,
    cardFile: (id) => files.get(id) ?? "",
    benchmarks: componentBenchmarks(results, dataset),
    thresholds: {
      resilientSocial: 100 * setting(settings, ["resilient", "socialShare"], d.resilient.socialShare),
      resilientResults:
        100 * (1 - setting(settings, ["resilient", "resultsShare"], d.resilient.resultsShare)),
      adverseSocial:
        100 * setting(settings, ["adverseSocial", "territoryShare"], d.adverseSocial.territoryShare),
      dynamics: setting(settings, ["dynamics", "threshold"], d.dynamics.threshold),
    },
    numberOf: (id) => numbers.get(id) ?? 0,
    ...(results.approved !== undefined
      ? { timeline: (id: string) => supportTimeline(id, dataset, results) }
      : {}),
  };
}

/** The category that colours a school (the one that most needs attention), or `none`. */
export function primaryCategory(categories: readonly Category[]): Category | "none" {
  const order: readonly Category[] = ["lowResults", "adverseSocial", "watch", "resilient", "leader"];
  return order.find((c) => categories.includes(c)) ?? "none";
}

/** The colour of a school's badge, border and chart point. */
export function schoolColour(categories: readonly Category[]): string {
  return CATEGORY_COLOURS[primaryCategory(categories)];
}
