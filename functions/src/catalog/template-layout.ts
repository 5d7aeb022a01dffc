// The product's own import template, derived from the form catalog: a sheet per form, a column per question, one row per school-year.

import type { SchoolYearFacts } from "../contract/dataset.js";
import { parseDatasetPath } from "./dataset-path.js";
import {
  DEFICIT_AREA_LABELS,
  FACT_FORMS,
  type FieldDefinition,
  type FormDefinition,
  formFields,
} from "./form-catalog.js";

/** The sheet that explains how to fill the template; the importer skips it. */
export const INSTRUCTIONS_SHEET = "Как заполнять";

/** A several-choice cell meaning «none of the options» (a form's answer with no box ticked). */
export const NONE_CHOSEN = "нет";

/** One column of a template sheet: the catalog question it stands for (or a tally of the anonymous form). */
export interface TemplateColumn {
  key: string;
  header: string;
  note: string;
  field: FieldDefinition;
}

export interface TemplateSheet {
  form: FormDefinition;
  /** The form's title: ≤ 31 characters and none of `[]:*?/\`, as Excel requires of sheet names. */
  name: string;
  columns: TemplateColumn[];
}

const MAX_TALLY = 100_000;

/**
 * The anonymous self-diagnosis form is a tally per school, not a response per teacher: its template sheet has
 * the number of teachers who answered and, for each deficit area, how many named it.
 */
function tallyColumns(form: FormDefinition): TemplateColumn[] {
  const identity = formFields(form).filter((f) => f.type === "school" || f.type === "year");
  const count = (key: string, title: string, help: string): TemplateColumn => ({
    key,
    header: title,
    note: help,
    field: { key, title, help, type: "integer", required: false, datasetPath: key, min: 0, max: MAX_TALLY },
  });
  return [
    ...identity.map((field) => ({ key: field.key, header: field.title, note: field.help, field })),
    count(
      "selfDiagnosis.respondents",
      "Педагогов ответили на анкету самодиагностики",
      "Сколько педагогов школы заполнили анонимную анкету за год.",
    ),
    ...Object.entries(DEFICIT_AREA_LABELS).map(([area, label]) =>
      count(
        `selfDiagnosis.deficits.${area}`,
        `Затруднения: ${label}`,
        "Сколько педагогов отметили эту область.",
      ),
    ),
  ];
}

/** The template's sheets in the catalog's order. */
export function templateSheets(): TemplateSheet[] {
  return FACT_FORMS.map((form) => ({
    form,
    name: form.title,
    columns: form.anonymous
      ? tallyColumns(form)
      : formFields(form).map((field) => ({ key: field.key, header: field.title, note: field.help, field })),
  }));
}

/** The value at a catalog dataset path in one fact (`vpr[grade=5,subject=math].grades.2`), or undefined. */
export function valueAtPath(fact: SchoolYearFacts, path: string): unknown {
  let current: unknown = fact;
  for (const segment of parseDatasetPath(path)) {
    if (current === null || typeof current !== "object") return undefined;
    const next: unknown = (current as Record<string, unknown>)[segment.key];
    if ("select" in segment) {
      if (!Array.isArray(next)) return undefined;
      current = next.find(
        (e) =>
          e !== null &&
          typeof e === "object" &&
          Object.entries(segment.select).every(([k, v]) => (e as Record<string, unknown>)[k] === v),
      );
    } else current = next;
  }
  return current;
}
