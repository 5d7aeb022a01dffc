// Merging what a file gave into a dataset file (the CLI's rule: the imported file wins); the same file twice changes nothing.

import { mergeFacts } from "../catalog/merge-facts.js";
import type { Dataset, SchoolYearFacts } from "../contract/dataset.js";
import type { ImportReport } from "./import-result.js";

/** The key fields of each per-procedure list: one element per key and school-year. */
const ELEMENT_KEYS = {
  vpr: ["grade", "subject"],
  vprTasks: ["grade", "subject"],
  ege: ["subject"],
  oge: ["subject"],
} as const;
type ListKey = keyof typeof ELEMENT_KEYS;

type Json = Record<string, unknown>;

/** Elements of `incoming` replace those with the same key in place; new keys are appended. */
function replaceElements(
  existing: readonly Json[] | undefined,
  incoming: readonly Json[],
  keys: readonly string[],
): Json[] {
  const out = [...(existing ?? [])];
  for (const element of incoming) {
    const index = out.findIndex((e) => keys.every((k) => e[k] === element[k]));
    if (index >= 0) out[index] = structuredClone(element);
    else out.push(structuredClone(element));
  }
  return out;
}

/**
 * One school-year after the import. A per-participant file's procedure (a ВПР paper, an ЕГЭ or ОГЭ subject) is
 * the whole record of that procedure for the school: its element replaces the earlier one, so a corrected
 * file replaces what the earlier file gave and the same file twice gives the same facts. A template row merges
 * field by field like a form response (a blank cell keeps what the dataset has), except the self-diagnosis
 * tally, which the template states whole rather than adds to.
 */
export function mergeImportedFacts(
  existing: SchoolYearFacts | undefined,
  patch: SchoolYearFacts,
  replace: boolean,
): SchoolYearFacts {
  if (!replace) {
    const { selfDiagnosis, ...rest } = patch;
    const merged = mergeFacts(existing, rest as SchoolYearFacts);
    return selfDiagnosis ? { ...merged, selfDiagnosis: structuredClone(selfDiagnosis) } : merged;
  }
  const out: Json = existing ? structuredClone(existing) : { schoolId: patch.schoolId, year: patch.year };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "schoolId" || key === "year" || value === undefined) continue;
    if (key in ELEMENT_KEYS)
      out[key] = replaceElements(
        out[key] as Json[] | undefined,
        value as Json[],
        ELEMENT_KEYS[key as ListKey],
      );
    else out[key] = structuredClone(value);
  }
  return out as SchoolYearFacts;
}

export interface MergedDataset {
  dataset: Dataset;
  /** School-years whose facts the file changed, and of those, how many were new. */
  changed: number;
  added: number;
}

/**
 * Merges an import into a dataset: existing school-years keep their place in `facts`, new ones are appended in
 * school and year order. Inputs are not modified. O(facts + patches).
 */
export function mergeImport(dataset: Dataset, report: ImportReport): MergedDataset {
  const index = new Map<string, number>();
  dataset.facts.forEach((fact, i) => {
    index.set(`${fact.schoolId}\u0000${fact.year}`, i);
  });
  const facts = [...dataset.facts];
  let changed = 0;
  let added = 0;
  for (const patch of report.facts) {
    const key = `${patch.schoolId}\u0000${patch.year}`;
    const at = index.get(key);
    const before = at === undefined ? undefined : facts[at];
    const after = mergeImportedFacts(before, patch, report.replaceElements);
    if (before !== undefined && JSON.stringify(before) === JSON.stringify(after)) continue;
    changed++;
    if (at === undefined) {
      added++;
      index.set(key, facts.length);
      facts.push(after);
    } else facts[at] = after;
  }
  return { dataset: { ...dataset, facts }, changed, added };
}
