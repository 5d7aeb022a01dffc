// zod schemas of typed answers generated from the form catalog: type, range and required, with Russian messages naming the question.
import { z } from "zod";
import { AcademicYearSchema } from "../contract/academic-year.js";
import { fieldMessage, shown } from "./answer-coercion.js";
import {
  type FieldDefinition,
  FORMS,
  type FormDefinition,
  type FormKind,
  formFields,
} from "./form-catalog.js";

const MAX_TEXT = 2000;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

/** The Russian word for what a question expects, used when the value has the wrong type or is missing. */
function expected(field: FieldDefinition): string {
  switch (field.type) {
    case "integer":
      return "целое число";
    case "number":
      return "число";
    case "boolean":
      return "«Да» или «Нет»";
    case "multichoice":
      return "список вариантов";
    case "choice":
      return "вариант из списка";
    case "school":
      return "школа из списка";
    case "year":
      return "учебный год, например 2024/2025";
    case "url":
      return "адрес страницы";
    case "text":
      return "текст";
  }
}

/**
 * The schema of one question's typed value (after `coerceAnswer`): its type, `min`/`max`, its options. Every
 * message names the question's Russian title and key.
 */
export function fieldValueSchema(field: FieldDefinition): z.ZodType {
  const say = (detail: string) => fieldMessage(field, detail);
  const typeError = {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined
        ? say(`обязательный вопрос — ответ не дан (ожидается ${expected(field)})`)
        : say(`${shown(issue.input)} — ожидается ${expected(field)}`),
  };
  switch (field.type) {
    case "integer":
    case "number": {
      let schema = z.number(typeError);
      if (field.type === "integer")
        schema = schema.int({ error: (i) => say(`${shown(i.input)} — ожидается целое число`) });
      if (field.min !== undefined) {
        const min = field.min;
        schema = schema.min(min, { error: (i) => say(`${shown(i.input)} — должно быть не меньше ${min}`) });
      }
      if (field.max !== undefined) {
        const max = field.max;
        schema = schema.max(max, { error: (i) => say(`${shown(i.input)} — должно быть не больше ${max}`) });
      }
      return schema;
    }
    case "boolean":
      return z.boolean(typeError);
    case "text":
      return z
        .string(typeError)
        .max(MAX_TEXT, { error: say(`слишком длинно (не больше ${MAX_TEXT} знаков)`) });
    case "url":
      return z
        .string(typeError)
        .max(MAX_TEXT, { error: say(`слишком длинно (не больше ${MAX_TEXT} знаков)`) })
        .refine(isHttpUrl, {
          error: (i) => say(`${shown(i.input)} — это не адрес страницы (пример: https://school.ru/program)`),
        });
    case "school":
      return z
        .string(typeError)
        .min(1, { error: say("выберите школу из списка") })
        .max(200, { error: say("слишком длинный код школы") });
    case "year":
      return z.string(typeError).superRefine((value, ctx) => {
        const checked = AcademicYearSchema.safeParse(value);
        if (!checked.success)
          ctx.addIssue({
            code: "custom",
            message: say(checked.error.issues[0]?.message ?? "неверный учебный год"),
          });
      });
    case "choice": {
      const values = (field.options ?? []).map((o) => o.value);
      return z.string(typeError).refine((v) => values.includes(v), {
        error: (i) => say(`${shown(i.input)} — нет такого варианта`),
      });
    }
    case "multichoice": {
      const values = (field.options ?? []).map((o) => o.value);
      return z
        .array(
          z.string().refine((v) => values.includes(v), {
            error: (i) => say(`${shown(i.input)} — нет такого варианта`),
          }),
          typeError,
        )
        .refine((list) => new Set(list).size === list.length, { error: say("вариант отмечен дважды") });
    }
  }
}

/**
 * The schema of a whole form's typed answers: an object keyed by question key, required questions
 * mandatory, unknown keys rejected.
 */
export function formAnswersSchema(form: FormDefinition): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of formFields(form)) {
    const schema = fieldValueSchema(field);
    shape[field.key] = field.required ? schema : schema.optional();
  }
  return z.strictObject(shape);
}

const cache = new Map<FormKind, z.ZodType<Record<string, unknown>>>();

/** The form schema of a kind, built once: forms are fixed for the lifetime of the process. */
export function answersSchemaFor(kind: FormKind): z.ZodType<Record<string, unknown>> {
  let schema = cache.get(kind);
  if (!schema) {
    const form = FORMS.find((f) => f.kind === kind);
    if (!form) throw new Error(`form kind ${kind} is not in the catalog`);
    schema = formAnswersSchema(form);
    cache.set(kind, schema);
  }
  return schema;
}
