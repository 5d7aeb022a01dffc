// The catalog is complete and coherent: every question is described in Russian, lands somewhere valid in Dataset v1, and the forms cover the design (docs/design.md).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { coerceAnswer, type TypedAnswer } from "../../functions/src/catalog/answer-coercion.js";
import { formAnswersSchema } from "../../functions/src/catalog/answer-schemas.js";
import {
  CATALOG_VERSION,
  FACT_FORMS,
  FIELD_TYPES,
  type FieldDefinition,
  FORM_KINDS,
  FORMS,
  type FormDefinition,
  findForm,
  formFields,
} from "../../functions/src/catalog/form-catalog.js";
import { buildFactsPatch } from "../../functions/src/catalog/submission-answers.js";
import {
  DEFICIT_AREAS,
  MissingSpecialistSchema,
  SchoolYearFactsSchema,
} from "../../functions/src/contract/dataset.js";

const CYRILLIC = /[А-Яа-яЁё]/;

function form(kind: string): FormDefinition {
  const found = findForm(kind);
  if (!found) throw new Error(`no form ${kind}`);
  return found;
}

/** The largest answer each question accepts, typed the way a person would (decimal comma, «Да»). */
function extremeAnswer(field: FieldDefinition, end: "min" | "max"): unknown {
  switch (field.type) {
    case "integer":
      return String(end === "max" ? field.max : field.min);
    case "number":
      return String(end === "max" ? field.max : field.min).replace(".", ",");
    case "boolean":
      return end === "max" ? "Да" : "Нет";
    case "multichoice":
      return end === "max" ? (field.options ?? []).map((o) => o.label) : [];
    case "choice":
      return field.options?.[0]?.label;
    case "school":
      return "МБОУ «СОШ № 1» [sch-001]";
    case "year":
      return "2024/2025";
    case "url":
      return "school1.ru/program";
    case "text":
      return "текст";
  }
}

function typedAnswers(
  fields: readonly FieldDefinition[],
  end: "min" | "max",
): Record<string, TypedAnswer | undefined> {
  const values: Record<string, TypedAnswer | undefined> = {};
  for (const field of fields) {
    const coerced = coerceAnswer(field, extremeAnswer(field, end));
    if (!coerced.success) throw new Error(coerced.error.message);
    values[field.key] = coerced.data;
  }
  return values;
}

describe("form catalog", () => {
  it("has the six forms of the design and the objection form, each once, with a catalog version", () => {
    expect(FORMS.map((f) => f.kind)).toEqual([...FORM_KINDS]);
    expect(FORMS.map((f) => f.title)).toEqual([
      "Социальный паспорт школы",
      "Результаты ГИА (ЕГЭ и ОГЭ)",
      "ВПР и РДР",
      "Кадры",
      "Реализация программы поддержки",
      "Самодиагностика педагога",
      "Обращение школы по спискам",
    ]);
    expect(FACT_FORMS.map((f) => f.kind)).toEqual(FORM_KINDS.filter((k) => k !== "objection"));
    expect(CATALOG_VERSION).toMatch(/^\d{4}\.\d+$/);
    expect(findForm("nope")).toBeUndefined();
  });

  it.each(FORMS.map((f) => [f.kind, f] as const))(
    "%s starts with the school and the academic year",
    (_, form) => {
      const [school, year] = formFields(form);
      expect(school).toMatchObject({
        key: "school",
        type: "school",
        required: true,
        datasetPath: "schoolId",
      });
      expect(year).toMatchObject({ key: "year", type: "year", required: true, datasetPath: "year" });
    },
  );

  const allFields = FORMS.flatMap((form) =>
    formFields(form).map((field) => [form.kind, field.key, field] as const),
  );

  it.each(allFields)(
    "%s / %s has a Russian title and help, a known type and a sane range",
    (_, __, field) => {
      expect(field.title).toMatch(CYRILLIC);
      expect(field.help).toMatch(CYRILLIC);
      expect(FIELD_TYPES).toContain(field.type);
      expect(field.key).toMatch(/^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)*$/);
      if (field.type === "integer" || field.type === "number") {
        expect(field.min).toBeTypeOf("number");
        expect(field.max).toBeTypeOf("number");
        expect(field.min ?? 0).toBeLessThan(field.max ?? 0);
      }
      if (field.type === "choice" || field.type === "multichoice") {
        expect(field.options?.length).toBeGreaterThan(0);
        for (const option of field.options ?? []) {
          expect(option.label).toMatch(CYRILLIC);
          // Labels are split on commas when typed as one text: a comma inside a label would break that.
          expect(option.label).not.toMatch(/[,;]/);
        }
      }
    },
  );

  it("uses every question key once per form, and the same key means the same question across forms", () => {
    const byKey = new Map<string, FieldDefinition>();
    for (const form of FORMS) {
      const keys = formFields(form).map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const field of formFields(form)) {
        const seen = byKey.get(field.key);
        if (seen) expect(seen).toEqual(field);
        byKey.set(field.key, field);
      }
    }
  });

  it("fills each dataset path from one question only", () => {
    const owners = new Map<string, string>();
    for (const form of FORMS) {
      for (const field of formFields(form)) {
        if (field.key === "school" || field.key === "year") continue;
        expect(owners.get(field.datasetPath), field.datasetPath).toBeUndefined();
        owners.set(field.datasetPath, field.key);
      }
    }
  });

  it.each(FACT_FORMS.map((f) => [f.kind, f] as const))(
    "%s: the largest and the smallest valid answers make a patch Dataset v1 accepts, filling every question's path",
    (_, form) => {
      for (const end of ["max", "min"] as const) {
        const values = typedAnswers(formFields(form), end);
        expect(formAnswersSchema(form).safeParse(values).success).toBe(true);
        const { patch, provenance } = buildFactsPatch(form, values);
        const parsed = SchoolYearFactsSchema.safeParse(patch);
        expect(parsed.error?.issues ?? []).toEqual([]);
        if (end === "max") {
          for (const field of formFields(form)) {
            if (field.key === "school" || field.key === "year") continue;
            const expected = field.countEach
              ? (field.options ?? []).map((o) => `${field.datasetPath}.${o.value}`)
              : [field.datasetPath];
            for (const path of expected) expect(provenance).toContain(path);
          }
        }
      }
    },
  );

  it("asks ГИА per subject: ЕГЭ russian, math, math_base; ОГЭ russian, math; graduates, certificates, grade 10", () => {
    const gia = formFields(form("gia")).map((f) => f.datasetPath);
    for (const subject of ["russian", "math", "math_base"])
      expect(gia).toContain(`ege[subject=${subject}].participants`);
    for (const subject of ["russian", "math"]) expect(gia).toContain(`oge[subject=${subject}].meanGrade`);
    expect(gia).toEqual(
      expect.arrayContaining([
        "graduates11",
        "noCertificate11",
        "graduates9",
        "noCertificate9",
        "continuedTo10",
      ]),
    );
  });

  it("asks ВПР marks 2–5 and the comparison with the register, and РДР, in grades 5 and 8 for Russian and math", () => {
    const vpr = formFields(form("vpr")).map((f) => f.datasetPath);
    for (const grade of [5, 8]) {
      for (const subject of ["russian", "math"]) {
        const at = `vpr[grade=${grade},subject=${subject}]`;
        for (const mark of ["2", "3", "4", "5"]) expect(vpr).toContain(`${at}.grades.${mark}`);
        for (const j of ["lower", "same", "higher"]) expect(vpr).toContain(`${at}.journal.${j}`);
        expect(vpr).toContain(`rdr[subject=${subject},grade=${grade}].unsatisfactory`);
      }
    }
  });

  it("keeps the teacher self-diagnosis anonymous: no e-mail, no identity question, only per-school tallies", () => {
    expect(form("selfDiagnosis").anonymous).toBe(true);
    const fields = formFields(form("selfDiagnosis"));
    expect(fields.map((f) => f.key)).toEqual(["school", "year", "selfDiagnosis.deficits"]);
    const deficits = fields[2];
    expect(deficits?.countEach).toBe(true);
    expect(deficits?.options?.map((o) => o.value)).toEqual([...DEFICIT_AREAS]);
    expect(FORMS.filter((f) => f.anonymous).map((f) => f.kind)).toEqual(["selfDiagnosis"]);
  });

  it("offers exactly the specialists Dataset v1 knows", () => {
    const field = formFields(form("social")).find((f) => f.key === "social.missingSpecialists");
    expect(field?.options?.map((o) => o.value)).toEqual(MissingSpecialistSchema.options);
  });

  it("imports nothing at run time but plain data, so the Apps Script bundle can include it without zod", () => {
    // The criteria tab's choices come from the criteria vocabulary and the Russian labels: plain data themselves.
    const plain = ["../contract/criteria-vocabulary.js", "../contract/labels.js", "../contract/subjects.js"];
    const importsOf = (path: string) =>
      [
        ...readFileSync(new URL(`../../functions/src/${path}`, import.meta.url), "utf8").matchAll(
          /^import (type )?[^;]*? from "([^"]+)";/gm,
        ),
      ].map((m) => ({ typeOnly: m[1] !== undefined, from: m[2] as string }));
    for (const file of ["catalog/form-catalog.ts", "catalog/coordinator-tabs.ts"]) {
      for (const { typeOnly, from } of importsOf(file))
        expect(typeOnly || plain.includes(from), `${file}: ${from}`).toBe(true);
    }
    for (const file of ["contract/criteria-vocabulary.ts", "contract/labels.ts", "contract/subjects.ts"]) {
      for (const { typeOnly, from } of importsOf(file))
        expect(typeOnly || from === "./subjects.js", `${file}: ${from}`).toBe(true);
    }
  });
});
