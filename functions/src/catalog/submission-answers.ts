// A form response's answers → the school, the year and a facts patch with the dataset paths it fills, or Russian issues per question.
import type { AcademicYear } from "../contract/academic-year.js";
import { type SchoolYearFacts, SchoolYearFactsSchema } from "../contract/dataset.js";
import { schoolYearFactsIssues } from "../contract/dataset-consistency.js";
import { type Objection, ObjectionSchema } from "../contract/decision-cycle.js";
import { issuesFromZod, type ParseResult, type ValidationIssue } from "../contract/validation-issue.js";
import { coerceAnswer, fieldMessage, shown, type TypedAnswer } from "./answer-coercion.js";
import { answersSchemaFor } from "./answer-schemas.js";
import { concretePath, parseDatasetPath, setAtPath } from "./dataset-path.js";
import {
  type FieldDefinition,
  FORM_KINDS,
  type FormDefinition,
  findForm,
  formFields,
} from "./form-catalog.js";

/** One answer as the envelope carries it (docs/design.md §3.3). */
export interface SubmissionAnswer {
  key: string;
  value: string | number | boolean | string[] | null;
}

/**
 * What one accepted response contributes: `patch` is a SchoolYearFacts holding only what this form filled,
 * `provenance` the dataset paths it filled (`social.students`, `ege[subject=russian].participants`, …).
 */
export interface ParsedSubmission {
  schoolId: string;
  year: AcademicYear;
  patch: SchoolYearFacts;
  provenance: string[];
}

/** The patch a set of typed answers makes, before any check: where each answer lands in Dataset v1. */
export interface BuiltPatch {
  patch: Record<string, unknown>;
  provenance: string[];
}

/**
 * Puts typed answers at their questions' dataset paths. A `countEach` multichoice adds 1 per option chosen;
 * an anonymous form counts the response itself at `respondentsPath`, so a tally is all that is kept.
 */
export function buildFactsPatch(
  form: FormDefinition,
  values: Readonly<Record<string, TypedAnswer | undefined>>,
): BuiltPatch {
  const patch: Record<string, unknown> = {};
  const provenance: string[] = [];
  const identity = new Set(["schoolId", "year"]);
  for (const field of formFields(form)) {
    const value = values[field.key];
    if (field.countEach) {
      // The tally exists even when nothing is chosen: a teacher with no deficits still answered.
      setAtPath(patch, parseDatasetPath(field.datasetPath), {});
      for (const option of Array.isArray(value) ? value : []) {
        const path = `${field.datasetPath}.${option}`;
        setAtPath(patch, parseDatasetPath(path), 1);
        provenance.push(path);
      }
      continue;
    }
    if (value === undefined) continue;
    setAtPath(patch, parseDatasetPath(field.datasetPath), value);
    if (!identity.has(field.datasetPath)) provenance.push(field.datasetPath);
  }
  if (form.respondentsPath) {
    setAtPath(patch, parseDatasetPath(form.respondentsPath), 1);
    provenance.push(form.respondentsPath);
  }
  return { patch, provenance };
}

function invalid<T>(issues: ValidationIssue[]): ParseResult<T> {
  return { success: false, error: { code: "invalid", issues } };
}

/** Maps an issue raised against the patch (`vpr[0].grades`) back to the question it concerns. */
class FieldLocator {
  private readonly paths: { field: FieldDefinition; path: string }[] = [];

  constructor(
    form: FormDefinition,
    patch: Record<string, unknown>,
    private readonly values: Readonly<Record<string, TypedAnswer | undefined>>,
  ) {
    for (const field of formFields(form)) {
      const path = concretePath(patch, parseDatasetPath(field.datasetPath));
      if (path !== undefined) this.paths.push({ field, path });
    }
  }

  find(issuePath: string): FieldDefinition | undefined {
    const exact = this.paths.find((p) => p.path === issuePath);
    if (exact) return exact.field;
    const under = (child: string, parent: string) =>
      child.startsWith(`${parent}.`) || child.startsWith(`${parent}[`);
    // A tally entry (`selfDiagnosis.deficits.assessment`) belongs to the question that fills the whole tally.
    const owner = this.paths
      .filter((p) => under(issuePath, p.path))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (owner) return owner.field;
    // A rule about a group (`vpr[0].grades`) is shown on the group's first question.
    return this.paths.find((p) => under(p.path, issuePath))?.field;
  }

  /**
   * Titles of answered questions next to a missing one: in the same object (`vpr[0].journal`) when there
   * are any, else in the same element or top-level object (`ege[0]`, `olympiad`).
   */
  relatedAnswered(issuePath: string): string[] {
    const answeredUnder = (prefix: string) =>
      this.paths
        .filter((p) => p.path.startsWith(`${prefix}.`) && this.values[p.field.key] !== undefined)
        .map((p) => `«${p.field.title}»`);
    const parent = issuePath.includes(".") ? issuePath.slice(0, issuePath.lastIndexOf(".")) : issuePath;
    const near = answeredUnder(parent);
    if (near.length > 0) return near;
    return answeredUnder(/^[^.[]+(\[\d+\])?/.exec(issuePath)?.[0] ?? issuePath);
  }
}

function answerIssues(
  form: FormDefinition,
  answers: unknown,
  locale: string,
): { values: Record<string, TypedAnswer | undefined>; issues: ValidationIssue[]; failedKeys: Set<string> } {
  const values: Record<string, TypedAnswer | undefined> = {};
  const issues: ValidationIssue[] = [];
  const failedKeys = new Set<string>();
  if (!Array.isArray(answers)) {
    issues.push({ path: "answers", message: "ожидается список ответов вида {key, value}" });
    return { values, issues, failedKeys };
  }
  const fields = new Map(formFields(form).map((f) => [f.key, f]));
  const seen = new Set<string>();
  answers.forEach((answer: unknown, i) => {
    const key =
      answer !== null && typeof answer === "object" && typeof (answer as { key?: unknown }).key === "string"
        ? (answer as { key: string }).key
        : undefined;
    if (key === undefined) {
      issues.push({ path: `answers[${i}]`, message: "ответ без ключа вопроса (key)" });
      return;
    }
    const field = fields.get(key);
    if (!field) {
      issues.push({ path: key, message: `${shown(key)} — такого вопроса нет в форме «${form.title}»` });
      return;
    }
    if (seen.has(key)) {
      issues.push({ path: key, message: fieldMessage(field, "ответ на вопрос передан дважды") });
      failedKeys.add(key);
      return;
    }
    seen.add(key);
    const coerced = coerceAnswer(field, (answer as { value?: unknown }).value, locale);
    if (coerced.success) {
      if (coerced.data !== undefined) values[key] = coerced.data;
    } else {
      issues.push({ path: key, message: coerced.error.message });
      failedKeys.add(key);
    }
  });
  return { values, issues, failedKeys };
}

/**
 * The answers coerced (`answerIssues`), then checked against the form's generated schema (unknown questions,
 * required, ranges); a question whose answer could not be coerced is not reported twice. The first step of both
 * the facts parser and the objection parser.
 */
function checkedAnswers(
  form: FormDefinition,
  answers: unknown,
  locale: string,
): { values: Record<string, TypedAnswer | undefined>; issues: ValidationIssue[] } {
  const { values, issues, failedKeys } = answerIssues(form, answers, locale);
  const checked = answersSchemaFor(form.kind).safeParse(values);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const key = String(issue.path[0] ?? "");
      if (failedKeys.has(key)) continue;
      issues.push({ path: key === "" ? "answers" : key, message: issue.message });
    }
  }
  return { values, issues };
}

/**
 * Parses the answers of one response to a catalog form: coercion as people type (`3,5`, `1 200`, «Да»),
 * the form's generated schema (unknown questions, required, ranges), then the Dataset v1 rules on the
 * patch (counts within denominators, ВПР marks summing to participants, complete subject sections). Every
 * issue has the question key as `path` and a Russian message naming the question. The school code is not
 * checked against the registry here. Never throws.
 */
export function parseSubmissionAnswers(
  formKind: string,
  answers: readonly SubmissionAnswer[],
  locale = "ru_RU",
): ParseResult<ParsedSubmission> {
  const form = findForm(formKind);
  if (!form) {
    return invalid([
      {
        path: "form.kind",
        message: `${shown(formKind)} — неизвестная форма; допустимые: ${FORM_KINDS.join(", ")}`,
      },
    ]);
  }
  if (form.record === true) {
    return invalid([
      { path: "form.kind", message: `форма «${form.title}» не содержит данных о результатах школы` },
    ]);
  }
  const { values, issues } = checkedAnswers(form, answers, locale);
  if (issues.length > 0) return invalid(issues);

  const { patch, provenance } = buildFactsPatch(form, values);
  const locator = new FieldLocator(form, patch, values);
  const located = (path: string, message: string): ValidationIssue => {
    const field = locator.find(path);
    return field ? { path: field.key, message: fieldMessage(field, message) } : { path, message };
  };
  const shape = SchoolYearFactsSchema.safeParse(patch);
  if (!shape.success) {
    for (const issue of issuesFromZod(shape.error, patch)) {
      const missing = issue.message.startsWith("обязательное поле не заполнено");
      const related = missing ? locator.relatedAnswered(issue.path) : [];
      issues.push(
        located(
          issue.path,
          missing
            ? `нужно заполнить: даны связанные ответы${related.length > 0 ? ` (${related.slice(0, 3).join(", ")})` : ""}`
            : issue.message,
        ),
      );
    }
    return invalid(issues);
  }
  for (const issue of schoolYearFactsIssues(shape.data)) issues.push(located(issue.path, issue.message));
  if (issues.length > 0) return invalid(issues);
  return {
    success: true,
    data: { schoolId: shape.data.schoolId, year: shape.data.year, patch: shape.data, provenance },
  };
}

/**
 * Parses the answers of a record form («Обращение школы по спискам», issue 13) the same way — coercion, the form's
 * schema, every issue naming its question — into the record its fields' `datasetPath`s make. It produces no facts:
 * the objection is kept as a record of its own. No lists chosen means both. Never throws.
 */
export function parseObjectionAnswers(
  formKind: string,
  answers: readonly SubmissionAnswer[],
  locale = "ru_RU",
): ParseResult<Objection> {
  const form = findForm(formKind);
  if (form?.record !== true) {
    return invalid([{ path: "form.kind", message: `${shown(formKind)} — это не форма обращения` }]);
  }
  const { values, issues } = checkedAnswers(form, answers, locale);
  if (issues.length > 0) return invalid(issues);
  const record: Record<string, unknown> = { lists: [] };
  for (const field of formFields(form)) {
    const value = values[field.key];
    if (value !== undefined) record[field.datasetPath] = value;
  }
  const parsed = ObjectionSchema.safeParse(record);
  if (!parsed.success) {
    const byPath = new Map(formFields(form).map((f) => [f.datasetPath, f]));
    return invalid(
      issuesFromZod(parsed.error, record).map((issue) => {
        const field = byPath.get(issue.path.split(/[.[]/)[0] ?? "");
        return field ? { path: field.key, message: fieldMessage(field, issue.message) } : issue;
      }),
    );
  }
  return { success: true, data: parsed.data };
}
