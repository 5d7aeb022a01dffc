// What every tab builder reads: the results, the dataset, and the school names and order all tabs share.
import type { Dataset } from "../../contract/dataset.js";
import type { Results, SchoolResult } from "../../contract/results.js";

export interface TabContext {
  results: Results;
  dataset: Dataset;
  /** The registry's name of a school; the results' name or the id when the registry does not know it. */
  schoolName(schoolId: string): string;
  /** The school's result by id; undefined when the results do not list it (e.g. a mentor id from old results). */
  schoolResult(schoolId: string): SchoolResult | undefined;
  /** Schools of the results by rank (best first, unranked last), then name, then id. */
  schoolsInRankOrder: readonly SchoolResult[];
  /** Orders two schools by name as a Russian reader expects, then by id so equal names keep a fixed order. */
  compareByName(a: SchoolResult, b: SchoolResult): number;
}

const collator = new Intl.Collator("ru", { sensitivity: "variant", numeric: true });

/** Builds the shared context once per workbook, so every tab names and orders schools the same way. */
export function createTabContext(results: Results, dataset: Dataset): TabContext {
  const registry = new Map(dataset.schools.map((s) => [s.id, s.name]));
  const fromResults = new Map(results.schools.map((s) => [s.schoolId, s.name]));
  const schoolName = (id: string) => registry.get(id) ?? fromResults.get(id) ?? id;
  const byId = new Map(results.schools.map((s) => [s.schoolId, s]));
  const compareByName = (a: SchoolResult, b: SchoolResult) =>
    collator.compare(schoolName(a.schoolId), schoolName(b.schoolId)) ||
    (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0);
  const byRank = (a: SchoolResult, b: SchoolResult) => {
    if (a.rank !== b.rank) {
      if (a.rank === null) return 1;
      if (b.rank === null) return -1;
      return a.rank - b.rank;
    }
    return compareByName(a, b);
  };
  return {
    results,
    dataset,
    schoolName,
    schoolResult: (id) => byId.get(id),
    schoolsInRankOrder: [...results.schools].sort(byRank),
    compareByName,
  };
}
