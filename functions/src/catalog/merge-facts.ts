// Merging one response's facts patch into a school's facts for the year: later values win, subject rows merge by key, tallies add up.
import type { SchoolYearFacts, SelfDiagnosisFacts } from "../contract/dataset.js";

/** The key fields that identify an element of each per-subject list. */
const ELEMENT_KEYS = {
  ege: ["subject"],
  oge: ["subject"],
  vpr: ["grade", "subject"],
  rdr: ["subject", "grade"],
} as const;
type ListKey = keyof typeof ELEMENT_KEYS;

type Json = Record<string, unknown>;

export interface MergeOptions {
  /**
   * The patch of the earlier version of the same response, when this patch comes from an edited response:
   * its self-diagnosis tally is taken out first, so an edited anonymous answer is counted once.
   */
  superseded?: SchoolYearFacts;
}

function sameElement(a: Json, b: Json, keys: readonly string[]): boolean {
  return keys.every((k) => a[k] === b[k]);
}

function mergeList(
  existing: readonly Json[] | undefined,
  patch: readonly Json[],
  keys: readonly string[],
): Json[] {
  const out = (existing ?? []).map((e) => ({ ...e }));
  for (const element of patch) {
    const index = out.findIndex((e) => sameElement(e, element, keys));
    // Field by field: a later response that leaves an optional count empty keeps the earlier one.
    if (index >= 0) out[index] = { ...out[index], ...element };
    else out.push({ ...element });
  }
  return out;
}

function addTally(
  base: SelfDiagnosisFacts | undefined,
  delta: SelfDiagnosisFacts,
  sign: 1 | -1,
): SelfDiagnosisFacts | undefined {
  const respondents = Math.max(0, (base?.respondents ?? 0) + sign * delta.respondents);
  const deficits: Record<string, number> = { ...(base?.deficits ?? {}) };
  for (const [area, n] of Object.entries(delta.deficits)) {
    const next = Math.max(0, (deficits[area] ?? 0) + sign * (n ?? 0));
    if (next > 0) deficits[area] = next;
    else delete deficits[area];
  }
  if (respondents === 0) return undefined;
  return { respondents, deficits: deficits as SelfDiagnosisFacts["deficits"] };
}

/**
 * Merges `patch` (one response's facts) into `existing` (the school's facts for that year, if any):
 * - plain values and fields of objects (`social`, `staff`, `support`, `olympiad`): the patch wins where it
 *   has a value, the rest is kept;
 * - per-subject lists (`ege`, `oge` by subject, `vpr` by grade and subject, `rdr` by subject and grade):
 *   elements with the same key merge field by field, new ones are appended;
 * - `selfDiagnosis`: respondents and deficit counts add up (each response is one teacher).
 * Inputs are not modified. Both must be for the same school and year (a caller bug otherwise).
 */
export function mergeFacts(
  existing: SchoolYearFacts | undefined,
  patch: SchoolYearFacts,
  options: MergeOptions = {},
): SchoolYearFacts {
  if (existing && (existing.schoolId !== patch.schoolId || existing.year !== patch.year)) {
    throw new Error(
      `mergeFacts: patch for ${patch.schoolId} ${patch.year} merged into ${existing.schoolId} ${existing.year}`,
    );
  }
  const out: Json = existing ? structuredClone(existing) : { schoolId: patch.schoolId, year: patch.year };
  const previous = options.superseded?.selfDiagnosis;
  if (previous) {
    const reduced = addTally(out.selfDiagnosis as SelfDiagnosisFacts | undefined, previous, -1);
    if (reduced) out.selfDiagnosis = reduced;
    else delete out.selfDiagnosis;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key === "schoolId" || key === "year" || value === undefined) continue;
    if (key === "selfDiagnosis") {
      const sum = addTally(
        out.selfDiagnosis as SelfDiagnosisFacts | undefined,
        value as SelfDiagnosisFacts,
        1,
      );
      if (sum) out.selfDiagnosis = sum;
      continue;
    }
    if (key in ELEMENT_KEYS) {
      out[key] = mergeList(out[key] as Json[] | undefined, value as Json[], ELEMENT_KEYS[key as ListKey]);
      continue;
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      out[key] = { ...(out[key] as Json | undefined), ...structuredClone(value as Json) };
      continue;
    }
    out[key] = structuredClone(value);
  }
  return out as SchoolYearFacts;
}
