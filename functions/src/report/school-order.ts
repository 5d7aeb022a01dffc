// The order schools are listed in under a category, shared by the printable report and the CLI's summary.
import type { SchoolResult } from "../contract/results.js";

type SchoolComparator = (a: SchoolResult, b: SchoolResult) => number;

/** Ties broken by school id (code-unit order), so the same results always list the same way. */
export const bySchoolId: SchoolComparator = (a, b) =>
  a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0;

/**
 * Orders by the results index — highest first when `bestFirst` (resilient schools, leaders), lowest first
 * otherwise — schools without an index last, ties by `tieBreak`.
 */
export function byResultsIndex(
  bestFirst: boolean,
  tieBreak: SchoolComparator = bySchoolId,
): SchoolComparator {
  return (a, b) => {
    const x = a.resultsIndex?.value ?? null;
    const y = b.resultsIndex?.value ?? null;
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return bestFirst ? y - x : x - y;
    }
    return tieBreak(a, b);
  };
}
