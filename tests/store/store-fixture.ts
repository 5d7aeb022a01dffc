// Shared fixture of the store tests: a sample territory in the store, and a submit done the way the handler does it.
import type { Dataset, SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import type { Store } from "../../functions/src/store/open-store.js";
import type {
  SettleInput,
  SettleOutcome,
  SettleVerdict,
  SubmissionRepository,
} from "../../functions/src/store/submission-repository.js";

export const NOW = new Date("2026-03-02T09:00:00Z");

/** The value, or a failed test naming what was missing. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`fixture has no ${what}`);
  return value;
}

/** A deterministic sample territory of `schools` schools and 3 years, under `territoryId`. */
export function sampleDataset(territoryId: string, schools: number): Dataset {
  const dataset = generateSampleTerritory({ schools, years: 3, seed: 7 });
  return { ...dataset, territory: { ...dataset.territory, id: territoryId } };
}

/** Stores the territory's identity and what /sync would send (registry, settings, roadmap, …). */
export async function seedTerritory(store: Store, dataset: Dataset, coordinators = ["metodist@example.ru"]) {
  await store.territories.ensureTerritory(
    {
      id: dataset.territory.id,
      name: dataset.territory.name,
      coordinators,
      spreadsheetId: "sheet-1",
      ...(dataset.territory.timeZone !== undefined ? { timeZone: dataset.territory.timeZone } : {}),
    },
    NOW,
  );
  await store.territories.saveSetup(
    dataset.territory.id,
    {
      schools: dataset.schools,
      ...(dataset.references !== undefined ? { references: dataset.references } : {}),
      ...(dataset.methodology !== undefined ? { methodology: dataset.methodology } : {}),
      ...(dataset.roadmap !== undefined ? { roadmap: dataset.roadmap } : {}),
      ...(dataset.meetings !== undefined ? { meetings: dataset.meetings } : {}),
      ...(dataset.pins !== undefined ? { pins: dataset.pins } : {}),
    },
    NOW,
  );
}

/** Dataset paths a patch fills, the way the catalog lists them (enough for provenance). */
export function pathsOf(patch: SchoolYearFacts): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === "schoolId" || key === "year") continue;
    if (Array.isArray(value)) {
      for (const element of value as Record<string, unknown>[]) {
        const id = ["grade", "subject"]
          .filter((k) => element[k] !== undefined)
          .map((k) => `${k}=${String(element[k])}`)
          .join(",");
        // field by field, as the catalog records them (`ege[subject=math].atLeast80`, `vpr[…].grades.2`)
        for (const [field, fieldValue] of Object.entries(element)) {
          if (field === "grade" || field === "subject") continue;
          if (fieldValue !== null && typeof fieldValue === "object") {
            for (const inner of Object.keys(fieldValue)) paths.push(`${key}[${id}].${field}.${inner}`);
          } else paths.push(`${key}[${id}].${field}`);
        }
      }
    } else if (value !== null && typeof value === "object") {
      for (const field of Object.keys(value)) paths.push(`${key}.${field}`);
    } else paths.push(key);
  }
  return paths;
}

export interface SubmitOptions {
  territoryId: string;
  formId?: string;
  formKind?: string;
  responseId: string;
  submittedAt: string;
  respondentEmail?: string;
  /** Overrides the verdict built from the patch (a rejection by the catalog, a school check). */
  verdict?: SettleVerdict;
  /** More of the settle input (the e-mail collection mode, the script notice). */
  settle?: Partial<Pick<SettleInput, "emailCollection" | "outdatedScript">>;
}

/** receive (raw first) then settle: exactly the two store calls of one `submit`. */
export async function submitPatch(
  submissions: SubmissionRepository,
  patch: SchoolYearFacts,
  options: SubmitOptions,
  now = NOW,
): Promise<SettleOutcome> {
  const formId = options.formId ?? "form-social";
  const formKind = options.formKind ?? "social";
  const answers = [{ key: "patch", value: JSON.stringify(patch) }];
  const envelope = {
    format: "shnor-submission",
    version: 1,
    territoryId: options.territoryId,
    form: { kind: formKind, id: formId, catalogVersion: "test" },
    response: { id: options.responseId, submittedAt: options.submittedAt },
    answers,
  };
  const received = await submissions.receive({
    territoryId: options.territoryId,
    formId,
    responseId: options.responseId,
    submittedAt: options.submittedAt,
    answers,
    rawJson: JSON.stringify(envelope),
    receivedAt: now,
  });
  return submissions.settle({
    territoryId: options.territoryId,
    formId,
    responseId: options.responseId,
    versionId: received.data.versionId,
    answersDigest: received.data.answersDigest,
    submittedAt: options.submittedAt,
    formKind,
    ...(options.respondentEmail !== undefined ? { respondentEmail: options.respondentEmail } : {}),
    ...options.settle,
    verdict: options.verdict ?? {
      status: "parsed",
      schoolId: patch.schoolId,
      year: patch.year,
      patch,
      provenance: pathsOf(patch),
    },
    now,
  });
}

/** The facts of one school-year from a freshly loaded dataset. */
export async function factsOf(store: Store, territoryId: string, schoolId: string, year: string) {
  const loaded = await store.territories.loadDataset(territoryId);
  if (!loaded.success) throw new Error(loaded.error.code);
  return loaded.data.dataset.facts.find((f) => f.schoolId === schoolId && f.year === year);
}
