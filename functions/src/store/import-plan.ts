// What an imported file (or its undo) does to ONE school-year, as a pure function: the precedence rule, replacement, removal.
//
// The same provenance machinery as form answers (fact-provenance.ts): every value a file gives is recorded under
// the source `import:<format>:<sha256>`, so it can be told from a school's own answer, replaced by a corrected
// file and removed by «Отменить импорт». The repository (import-repository.ts) only reads and writes.
import { deleteAtPath, parseDatasetPath } from "../catalog/dataset-path.js";
import { FACT_FORMS, formFields } from "../catalog/form-catalog.js";
import { type SchoolYearFacts, SchoolYearFactsSchema } from "../contract/dataset.js";
import { schoolYearFactsIssues } from "../contract/dataset-consistency.js";
import { issuesFromZod } from "../contract/validation-issue.js";
import type { ImportedProcedure, ImportFormat } from "../import/import-result.js";
import { mergeImportedFacts } from "../import/merge-import.js";
import { provenanceKey, recordProvenance } from "./fact-provenance.js";
import type { ImportConflict, ProvenanceSource, StoredFact } from "./stored-documents.js";

/** `import:<format>:<sha256>`: the provenance source of everything one file gave. */
export function importSourceId(format: ImportFormat, sha256: string): string {
  return `import:${format}:${sha256}`;
}

const IMPORT_SOURCE = /^import:(template|fisoko-vpr|gia):[0-9a-f]{64}$/;

/** Is this provenance source an imported file (rather than a school's form answer)? */
export function isImportSource(submission: string): boolean {
  return IMPORT_SOURCE.test(submission);
}

/** Document id of an import record: `<format>~<sha256>` (a refused file: `refused~<sha256>`). */
export function importRecordId(format: ImportFormat | "refused", sha256: string): string {
  return `${format}~${sha256}`;
}

/**
 * What a corrected file replaces: the kind, year and procedure. `vpr:2024/2025:5:russian`, `ege:2024/2025:math`,
 * `form:social:2024/2025` (a template sheet).
 */
export function procedureKey(p: ImportedProcedure): string {
  if (p.kind === "form") return `form:${p.form ?? ""}:${p.year}`;
  if (p.kind === "vpr") return `vpr:${p.year}:${p.grade ?? ""}:${p.subject ?? ""}`;
  return `${p.kind}:${p.year}:${p.subject ?? ""}`;
}

/** Selector order of each list's elements, as the catalog writes them (`vpr[grade=5,subject=math]`). */
const ELEMENT_SELECTORS: Readonly<Record<string, readonly string[]>> = {
  ege: ["subject"],
  oge: ["subject"],
  vpr: ["grade", "subject"],
  vprTasks: ["grade", "subject"],
  rdr: ["subject", "grade"],
};

type Json = Record<string, unknown>;

function elementKey(list: string, element: Json): string {
  const selectors = ELEMENT_SELECTORS[list] ?? [];
  return `${list}[${selectors
    .filter((k) => element[k] !== undefined)
    .map((k) => `${k}=${String(element[k])}`)
    .join(",")}]`;
}

/**
 * The provenance keys a patch fills, as the shard records them (`social.students`, `ege[subject=russian]`,
 * `vprTasks[grade=5,subject=math]`, `selfDiagnosis.deficits`): one per field of a section, one per list element.
 */
export function patchKeys(patch: SchoolYearFacts): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === "schoolId" || key === "year" || value === undefined) continue;
    if (Array.isArray(value) && key in ELEMENT_SELECTORS) {
      for (const element of value as Json[]) keys.push(elementKey(key, element));
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [field, inner] of Object.entries(value as Json))
        if (inner !== undefined) keys.push(`${key}.${field}`);
    } else keys.push(key);
  }
  return [...new Set(keys)].sort();
}

/** The value a provenance key names in a school-year (an element, a section's field, a plain value), if any. */
export function valueAtKey(facts: SchoolYearFacts, key: string): unknown {
  let current: unknown = facts;
  for (const segment of parseDatasetPath(key)) {
    if (current === null || typeof current !== "object") return undefined;
    const next = (current as Json)[segment.key];
    if ("select" in segment) {
      if (!Array.isArray(next)) return undefined;
      current = next.find(
        (e) =>
          e !== null &&
          typeof e === "object" &&
          Object.entries(segment.select).every(([k, v]) => (e as Json)[k] === v),
      );
    } else current = next;
  }
  return current;
}

/** The part of a patch under `keys`: whole list elements, single fields of sections, plain values. */
function pickKeys(patch: SchoolYearFacts, keys: ReadonlySet<string>): SchoolYearFacts {
  const out: Json = { schoolId: patch.schoolId, year: patch.year };
  for (const [key, value] of Object.entries(patch)) {
    if (key === "schoolId" || key === "year" || value === undefined) continue;
    if (Array.isArray(value) && key in ELEMENT_SELECTORS) {
      const kept = (value as Json[]).filter((e) => keys.has(elementKey(key, e)));
      if (kept.length > 0) out[key] = kept;
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const kept = Object.fromEntries(Object.entries(value as Json).filter(([f]) => keys.has(`${key}.${f}`)));
      if (Object.keys(kept).length > 0) out[key] = kept;
    } else if (keys.has(key)) out[key] = value;
  }
  return out as SchoolYearFacts;
}

/** Provenance key → the catalog form whose answers fill it (what a template sheet's procedure covers). */
const FORM_OF_KEY: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const form of FACT_FORMS) {
    for (const field of formFields(form))
      if (field.datasetPath !== "schoolId" && field.datasetPath !== "year")
        map.set(provenanceKey(field.datasetPath), form.kind);
    if (form.respondentsPath !== undefined) map.set(provenanceKey(form.respondentsPath), form.kind);
  }
  return map;
})();

/** The procedure (see {@link procedureKey}) a provenance key of a file of `format` belongs to, in `year`. */
export function procedureOfKey(format: ImportFormat, key: string, year: string): string {
  if (format === "template") {
    const form = FORM_OF_KEY.get(key) ?? (key.startsWith("selfDiagnosis") ? "selfDiagnosis" : "");
    return `form:${form}:${year}`;
  }
  const [segment] = parseDatasetPath(key);
  const select = segment !== undefined && "select" in segment ? segment.select : {};
  if (segment?.key === "vpr" || segment?.key === "vprTasks")
    return `vpr:${year}:${select.grade ?? ""}:${select.subject ?? ""}`;
  return `${segment?.key ?? key}:${year}:${select.subject ?? ""}`;
}

/**
 * What an earlier file gave that goes away: all of it (undo, or the same file again), or its values for some
 * procedures (a corrected file of the same kind, year and procedure).
 */
export interface Removal {
  source: string;
  format: ImportFormat;
  procedures: ReadonlySet<string> | "all";
}

export interface SchoolYearImport {
  schoolId: string;
  year: string;
  stored: StoredFact | undefined;
  removals: readonly Removal[];
  /** What the new file gives this school-year (absent: an undo, or a school the corrected file dropped). */
  patch?: SchoolYearFacts | undefined;
  /** The new file's provenance source (`submittedAt` is when the file was first imported). */
  source?: Omit<ProvenanceSource, "paths"> | undefined;
  /** A per-participant file gives each procedure whole (its elements replace); a template merges field by field. */
  replace: boolean;
}

export interface SchoolYearDecision {
  /** The school-year to store (undefined: nothing is left of it). */
  next: StoredFact | undefined;
  /** False when the store already holds exactly this: nothing is written. */
  changed: boolean;
  /** Fields a school's form answer gave differently: the form's value stays. */
  conflicts: ImportConflict[];
  /** The school-year would break the dataset's rules: the whole file is refused. */
  issues: { path: string; message: string }[];
}

/**
 * JSON with object keys sorted and the elements of lists of objects or texts (subjects, papers, provenance
 * sources and their keys) in a fixed order: equal for the same content in any order. Lists of numbers (a score
 * distribution) keep their order.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    const parts = value.map(canonical);
    if (value.every((e) => typeof e === "string" || (e !== null && typeof e === "object"))) parts.sort();
    return `[${parts.join(",")}]`;
  }
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value as Json)
      .filter((k) => (value as Json)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** Do the file's value and the stored one differ, in what the file states? */
function differs(fileValue: unknown, storedValue: unknown): boolean {
  if (
    fileValue !== null &&
    typeof fileValue === "object" &&
    !Array.isArray(fileValue) &&
    storedValue !== null &&
    typeof storedValue === "object" &&
    !Array.isArray(storedValue)
  ) {
    // an element: compare the fields the file gives (the form may leave an optional count out)
    return Object.entries(fileValue as Json).some(
      ([k, v]) => canonical(v) !== canonical((storedValue as Json)[k]),
    );
  }
  return canonical(fileValue) !== canonical(storedValue);
}

function checked(facts: SchoolYearFacts): { path: string; message: string }[] {
  const shape = SchoolYearFactsSchema.safeParse(facts);
  if (!shape.success) return issuesFromZod(shape.error, facts);
  return schoolYearFactsIssues(shape.data);
}

/**
 * Decides one school-year:
 * 1. **removal** — every key a removed source still owns (and, for a corrected file, belonging to a replaced
 *    procedure) is deleted from the facts and from that source's provenance;
 * 2. **precedence** — of the new file's keys, those a school's form answer owns are not applied: the form wins,
 *    and where the values differ the difference is listed as a conflict;
 * 3. **merge** — the rest is merged (a per-participant file's elements replace, a template merges field by
 *    field) and recorded under the file's source (a key another file gave moves to this one);
 * 4. **check** — the school-year must still satisfy the dataset's rules, else the issues refuse the file.
 * Content equal to what is stored (in any key or element order) is `changed: false`, so the same file twice writes
 * nothing. Pure. O(size of the school-year).
 */
export function decideSchoolYear(input: SchoolYearImport): SchoolYearDecision {
  const { schoolId, year, stored } = input;
  const facts = structuredClone(stored?.facts ?? ({ schoolId, year } as SchoolYearFacts)) as Json;
  let sources: ProvenanceSource[] = structuredClone(stored?.sources ?? []);

  for (const removal of input.removals) {
    const own = sources.find((s) => s.submission === removal.source);
    if (own === undefined) continue;
    const gone = own.paths.filter(
      (key) =>
        removal.procedures === "all" || removal.procedures.has(procedureOfKey(removal.format, key, year)),
    );
    for (const key of gone) deleteAtPath(facts, parseDatasetPath(key));
    const left = own.paths.filter((key) => !gone.includes(key));
    sources = sources
      .map((s) => (s.submission === removal.source ? { ...s, paths: left } : s))
      .filter((s) => s.paths.length > 0);
  }

  const conflicts: ImportConflict[] = [];
  let merged = facts as SchoolYearFacts;
  if (input.patch !== undefined && input.source !== undefined) {
    const formOwned = new Set(sources.filter((s) => !isImportSource(s.submission)).flatMap((s) => s.paths));
    const applied = new Set<string>();
    for (const key of patchKeys(input.patch)) {
      if (!formOwned.has(key)) {
        applied.add(key);
        continue;
      }
      const fileValue = valueAtKey(input.patch, key);
      const formValue = valueAtKey(merged, key);
      if (differs(fileValue, formValue))
        conflicts.push({
          schoolId,
          year,
          path: key,
          file: JSON.stringify(fileValue ?? null),
          form: JSON.stringify(formValue ?? null),
        });
    }
    if (applied.size > 0) {
      merged = mergeImportedFacts(merged, pickKeys(input.patch, applied), input.replace);
      sources = recordProvenance(sources, input.source, [...applied]);
    }
  }

  const empty = Object.keys(merged).every((k) => k === "schoolId" || k === "year");
  const next: StoredFact | undefined = empty && sources.length === 0 ? undefined : { facts: merged, sources };
  const issues = next === undefined || empty ? [] : checked(merged);
  const same =
    canonical(next?.facts ?? null) === canonical(stored?.facts ?? null) &&
    canonical(next?.sources ?? []) === canonical(stored?.sources ?? []);
  return {
    next: same ? stored : next,
    changed: !same,
    conflicts,
    issues,
  };
}
