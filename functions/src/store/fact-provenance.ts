// Per-field provenance of a school-year's facts: which submission last filled which dataset path.
import type { ProvenanceSource } from "./stored-documents.js";

/**
 * Trims a dataset path to what the shard records: a field of a section (`social.students`), a list
 * element (`ege[subject=russian]`, `vpr[grade=5,subject=math]`) or a tally (`selfDiagnosis.deficits`).
 * The submission document keeps the full paths; the shard keeps these, so its size stays bounded.
 */
export function provenanceKey(path: string): string {
  const element = /^([A-Za-z0-9_]+\[[^\]]*\])/.exec(path);
  if (element?.[1] !== undefined) return element[1];
  const parts = path.split(".");
  return parts.slice(0, 2).join(".");
}

/**
 * Records that `source` filled `paths`: those paths leave every other source of the same fact, and
 * sources left with no path are dropped. The response's own earlier entry is folded into the new one
 * (an edit keeps the paths its earlier version filled, since merging keeps those values). The result
 * lists each path under exactly one source.
 */
export function recordProvenance(
  sources: readonly ProvenanceSource[],
  source: Omit<ProvenanceSource, "paths">,
  paths: readonly string[],
  cleared: readonly string[] = [],
): ProvenanceSource[] {
  const filled = new Set(paths.map(provenanceKey));
  // A path the edit cleared is no longer this response's, unless the edit still fills something under its key.
  const released = new Set(cleared.map(provenanceKey).filter((k) => !filled.has(k)));
  const own = new Set(filled);
  const kept: ProvenanceSource[] = [];
  for (const other of sources) {
    if (other.submission === source.submission) {
      for (const p of other.paths) if (!released.has(p)) own.add(p);
      continue;
    }
    const rest = other.paths.filter((p) => !filled.has(p));
    if (rest.length > 0) kept.push({ ...other, paths: rest });
  }
  if (own.size > 0) kept.push({ ...source, paths: [...own].sort() });
  return kept;
}
