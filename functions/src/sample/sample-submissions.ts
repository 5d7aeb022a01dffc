// A dataset as the sheet and the forms would deliver it: coordinator tabs (string[][], Russian headers) and form envelopes.
import { COORDINATOR_TABS, type TabColumn } from "../catalog/coordinator-tabs.js";
import { parseDatasetPath } from "../catalog/dataset-path.js";
import {
  CATALOG_VERSION,
  FACT_FORMS,
  type FieldDefinition,
  FORMS,
  type FormDefinition,
  formFields,
  schoolChoiceLabel,
} from "../catalog/form-catalog.js";
import type { Dataset, School, SchoolYearFacts } from "../contract/dataset.js";

/** One answer of an envelope (docs/design.md §3.3). */
export interface EnvelopeAnswer {
  key: string;
  value: string | number | boolean | string[] | null;
}

/** Submission envelope v1 as Apps Script sends it. */
export interface SampleEnvelope {
  format: "shnor-submission";
  version: 1;
  territoryId: string;
  form: { kind: string; id: string; catalogVersion: string };
  response: {
    id: string;
    submittedAt: string;
    respondentEmail?: string;
    /** Optional, as from a script older than the field (the server then asks for an update on «Ошибки»). */
    emailCollection?: "verified" | "responder_input" | "none";
  };
  answers: EnvelopeAnswer[];
  locale: string;
}

/** `3.5` → `3,5`, `1206` → `1 206`: numbers the way a Russian user types them into a form or a cell. */
export function typedNumber(value: number): string {
  const [whole = "0", fraction] = String(Math.abs(value)).split(".");
  const grouped = whole.length > 3 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ") : whole;
  return `${value < 0 ? "-" : ""}${grouped}${fraction === undefined ? "" : `,${fraction}`}`;
}

const yesNo = (value: boolean) => (value ? "Да" : "Нет");

/** `2025-09-01` → `01.09.2025`. */
function typedDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

/** The value at a catalog dataset path (`ege[subject=russian].participants`) in a school-year's facts. */
export function valueAtPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of parseDatasetPath(path)) {
    if (current === null || typeof current !== "object") return undefined;
    const next = (current as Record<string, unknown>)[segment.key];
    if ("select" in segment) {
      if (!Array.isArray(next)) return undefined;
      current = next.find(
        (element: unknown) =>
          element !== null &&
          typeof element === "object" &&
          Object.entries(segment.select).every(([k, v]) => (element as Record<string, unknown>)[k] === v),
      );
    } else {
      current = next;
    }
  }
  return current;
}

function cell(column: TabColumn, value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (typeof value === "boolean") return yesNo(value);
  if (typeof value === "number") {
    return column.type === "percent" ? `${typedNumber(Math.round(value * 1000) / 10)}%` : typedNumber(value);
  }
  const text = String(value);
  if (column.type === "date") return typedDate(text);
  if (column.type === "choice") return column.allowed?.find((a) => a.value === text)?.label ?? text;
  return text;
}

function table(kind: string, records: readonly Record<string, unknown>[]): [string, string[][]] {
  const tab = COORDINATOR_TABS.find((t) => t.kind === kind);
  if (tab === undefined) throw new Error(`no coordinator tab ${kind}`);
  return [
    tab.name,
    [tab.columns.map((c) => c.header), ...records.map((r) => tab.columns.map((c) => cell(c, r[c.key])))],
  ];
}

function flatten(value: unknown, prefix: string, out: Record<string, unknown>[]): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value))
      flatten(inner, prefix === "" ? key : `${prefix}.${key}`, out);
  } else {
    out.push({ key: prefix, value });
  }
}

/**
 * The seven coordinator tabs of a dataset as the sheet gives them to /sync: header row first, Russian
 * headers, every cell a string typed the Russian way (`54,6`, `Да`, `01.09.2025`, `22%`).
 */
export function coordinatorTabs(dataset: Dataset): Record<string, string[][]> {
  const settings: Record<string, unknown>[] = [];
  const { criteria = [], ...methodology } = dataset.methodology ?? {};
  flatten(methodology, "", settings);
  const references = (dataset.references ?? []).flatMap((ref) => [
    ...(ref.ege ?? []).map((e) => ({ year: ref.year, procedure: "ege", mean: e.meanScore, ...e })),
    ...(ref.oge ?? []).map((o) => ({ year: ref.year, procedure: "oge", mean: o.meanGrade, ...o })),
  ]);
  const meetings = (dataset.meetings ?? []).flatMap((m) => {
    const base = {
      date: m.date,
      protocol: m.protocol,
      members: m.members,
      present: m.present,
      chairPresent: m.chairPresent,
      chair: m.chair,
      secretary: m.secretary,
      attendees: m.attendees,
    };
    const decisions = m.decisions ?? [];
    return decisions.length === 0
      ? [base]
      : decisions.map((d) => ({
          ...base,
          ...d,
          decision: d.title,
          // «Список» is one choice: one list, or «ШНОР и ШНСУ»
          lists: d.lists === undefined ? undefined : d.lists.length === 2 ? "both" : d.lists[0],
        }));
  });
  return Object.fromEntries([
    table(
      "schools",
      dataset.schools.map((s) => ({ ...s, lat: s.location?.lat, lon: s.location?.lon })),
    ),
    table(
      "settings",
      settings.filter((s) => s.key !== ""),
    ),
    table("criteria", Array.isArray(criteria) ? criteria : []),
    table("references", references),
    table("roadmap", dataset.roadmap ?? []),
    table("meetings", meetings),
    table("pins", dataset.pins ?? []),
  ]);
}

function typedAnswer(field: FieldDefinition, value: unknown): EnvelopeAnswer["value"] | undefined {
  if (value === undefined || value === null) return undefined;
  if (field.type === "multichoice" && Array.isArray(value)) {
    return value.map((v) => field.options?.find((o) => o.value === v)?.label ?? String(v));
  }
  if (field.type === "choice") return field.options?.find((o) => o.value === value)?.label ?? String(value);
  if (typeof value === "boolean") return yesNo(value);
  if (typeof value === "number") return typedNumber(value);
  if (typeof value === "string") return value;
  return undefined;
}

/** When a school sent its answers for a year: mid-June of the year's end, a second apart per response. */
function submittedAt(year: string, order: number): string {
  const end = Number(year.slice(5, 9));
  return new Date(Date.UTC(end, 5, 15, 9, 0, order)).toISOString();
}

function envelope(
  territoryId: string,
  form: FormDefinition,
  responseId: string,
  at: string,
  answers: EnvelopeAnswer[],
  respondentEmail: string | undefined,
): SampleEnvelope {
  return {
    format: "shnor-submission",
    version: 1,
    territoryId,
    form: { kind: form.kind, id: `sample-form-${form.kind}`, catalogVersion: CATALOG_VERSION },
    response: {
      id: responseId,
      submittedAt: at,
      // as a current script sends it: school forms collect verified addresses, the anonymous one none
      ...(respondentEmail !== undefined ? { respondentEmail } : {}),
      emailCollection: respondentEmail !== undefined ? "verified" : "none",
    },
    answers,
    locale: "ru_RU",
  };
}

/** The anonymous self-diagnosis of one school-year: one response per teacher reproducing the tallies. */
function selfDiagnosisEnvelopes(
  territoryId: string,
  form: FormDefinition,
  school: School,
  fact: SchoolYearFacts,
  order: () => number,
): SampleEnvelope[] {
  const tally = valueAtPath(fact, form.respondentsPath ?? "");
  if (typeof tally !== "number") return [];
  const deficitsField = formFields(form).find((f) => f.countEach);
  const counts = (deficitsField ? valueAtPath(fact, deficitsField.datasetPath) : undefined) ?? {};
  const out: SampleEnvelope[] = [];
  for (let teacher = 0; teacher < tally; teacher++) {
    const chosen = Object.entries(counts as Record<string, number>)
      .filter(([, count]) => teacher < count)
      .map(([area]) => area);
    const answers: EnvelopeAnswer[] = [
      { key: "school", value: schoolChoiceLabel(school.name, school.id) },
      { key: "year", value: fact.year },
    ];
    if (deficitsField && chosen.length > 0) {
      answers.push({ key: deficitsField.key, value: typedAnswer(deficitsField, chosen) ?? null });
    }
    out.push(
      envelope(
        territoryId,
        form,
        `${school.id}-${fact.year}-${teacher + 1}`,
        submittedAt(fact.year, order()),
        answers,
        undefined,
      ),
    );
  }
  return out;
}

/**
 * Every form response that would have produced the dataset's facts: per school-year, one envelope per form
 * with an answer to give (answers read from the facts at each question's dataset path and typed the way
 * people type them), sent from the school's first registry e-mail; the anonymous self-diagnosis as one
 * response per teacher. Facts no form asks for (electives, other grades) are not part of any envelope.
 */
export function sampleEnvelopes(dataset: Dataset, fallbackEmail?: string): SampleEnvelope[] {
  const schools = new Map(dataset.schools.map((s) => [s.id, s]));
  const out: SampleEnvelope[] = [];
  let counter = 0;
  const order = () => counter++;
  for (const fact of dataset.facts) {
    const school = schools.get(fact.schoolId);
    if (school === undefined) continue;
    for (const form of FACT_FORMS) {
      if (form.anonymous) {
        out.push(...selfDiagnosisEnvelopes(dataset.territory.id, form, school, fact, order));
        continue;
      }
      const answers: EnvelopeAnswer[] = [];
      for (const field of formFields(form)) {
        if (field.datasetPath === "schoolId") {
          answers.push({ key: field.key, value: schoolChoiceLabel(school.name, school.id) });
        } else if (field.datasetPath === "year") {
          answers.push({ key: field.key, value: fact.year });
        } else {
          const value = typedAnswer(field, valueAtPath(fact, field.datasetPath));
          if (value !== undefined) answers.push({ key: field.key, value });
        }
      }
      if (answers.length <= 2) continue;
      out.push(
        envelope(
          dataset.territory.id,
          form,
          `${school.id}-${fact.year}`,
          submittedAt(fact.year, order()),
          answers,
          school.emails?.[0] ?? fallbackEmail,
        ),
      );
    }
  }
  return out;
}

/**
 * An envelope of «Обращение школы по спискам» as a school's form would send it: the school and the year, what it
 * asks (not to be listed, by default), for which lists, and its grounds, from the school's first registry e-mail.
 */
export function objectionEnvelope(
  territoryId: string,
  school: School,
  year: string,
  grounds: string,
  options: {
    request?: "exclude" | "include";
    lists?: ("lowResults" | "adverseSocial")[];
    correctedData?: string;
    submittedAt: string;
  },
): SampleEnvelope {
  const form = FORMS.find((f) => f.kind === "objection");
  if (form === undefined) throw new Error("the catalog has no objection form");
  const field = (key: string) => formFields(form).find((f) => f.key === key) as FieldDefinition;
  const answers: EnvelopeAnswer[] = [
    { key: "school", value: schoolChoiceLabel(school.name, school.id) },
    { key: "year", value: year },
    {
      key: "objection.request",
      value: typedAnswer(field("objection.request"), options.request ?? "exclude") ?? null,
    },
    { key: "objection.grounds", value: grounds },
  ];
  if (options.lists !== undefined)
    answers.push({
      key: "objection.lists",
      value: typedAnswer(field("objection.lists"), options.lists) ?? null,
    });
  if (options.correctedData !== undefined)
    answers.push({ key: "objection.correctedData", value: options.correctedData });
  return envelope(
    territoryId,
    form,
    `${school.id}-${year}-objection`,
    options.submittedAt,
    answers,
    school.emails?.[0],
  );
}
