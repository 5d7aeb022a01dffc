// Entry of the pure core: a checked dataset and its settings → Results v1 for one academic year.
import type { AcademicYear } from "../contract/academic-year.js";
import type { Dataset } from "../contract/dataset.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import type { Results } from "../contract/results.js";

export interface ComputeOptions {
  /** The year to report; the latest year with facts when absent. */
  year?: AcademicYear;
}

export type ComputeError = { code: "no_facts"; message: string } | { code: "unknown_year"; message: string };

export type ComputeOutcome = { success: true; data: Results } | { success: false; error: ComputeError };

/** Computes Results v1. Pure: same dataset and settings → same results, whatever the order of schools and facts. */
export function computeResults(dataset: Dataset, settings: MethodologySettings, options: ComputeOptions = {}): ComputeOutcome {
  void dataset;
  void settings;
  void options;
  throw new Error("computeResults: being implemented");
}
