// Validation issues in Russian that name the field path: the one error shape every edge of the product returns.
import type { z } from "zod";
import type { Result } from "./result.js";

/** One problem with one field: `path` is `facts[3].ege[0].atLeast80`, `message` is Russian text. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Expected failure of parsing something from outside: a value, never thrown. */
export type ParseResult<T> = Result<T, { code: "invalid"; issues: ValidationIssue[] }>;

/** `["facts", 3, "ege", 0, "atLeast80"]` → `facts[3].ege[0].atLeast80`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(корень)" : out;
}

/** Renders a value the way a coordinator would recognise it in a message. */
export function showValue(value: unknown): string {
  if (value === undefined) return "пусто";
  if (value === null) return "null";
  if (typeof value === "string") return `«${value.length > 60 ? `${value.slice(0, 57)}...` : value}»`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "список";
  return "объект";
}

/** `facts[3].ege[0].atLeast80: 15 — больше, чем участников (12)` */
export function formatIssue(issue: ValidationIssue): string {
  return `${issue.path}: ${issue.message}`;
}

const typeNames: Record<string, string> = {
  number: "число",
  int: "целое число",
  string: "строка",
  boolean: "да/нет (true/false)",
  array: "список",
  object: "объект",
  literal: "определённое значение",
};

function typeName(expected: string): string {
  return typeNames[expected] ?? expected;
}

/** Looks up the value that sat at an issue's path, so the message can show what was actually there. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Translates one zod issue into Russian; custom issues already carry Russian text. */
function russianMessage(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined)
        return `обязательное поле не заполнено (ожидается ${typeName(issue.expected)})`;
      return `${showValue(value)} — ожидается ${typeName(issue.expected)}`;
    case "too_small": {
      if (issue.origin === "array") return `нужно не меньше ${String(issue.minimum)} элементов`;
      if (issue.origin === "string") return issue.minimum === 1 ? "пустая строка" : `слишком коротко`;
      const bound = issue.inclusive ? "не меньше" : "больше";
      return `${showValue(value)} — должно быть ${bound} ${String(issue.minimum)}`;
    }
    case "too_big": {
      if (issue.origin === "array") return `не больше ${String(issue.maximum)} элементов`;
      if (issue.origin === "string") return `слишком длинно (не больше ${String(issue.maximum)} знаков)`;
      const bound = issue.inclusive ? "не больше" : "меньше";
      return `${showValue(value)} — должно быть ${bound} ${String(issue.maximum)}`;
    }
    case "invalid_format":
      return `${showValue(value)} — неверный формат${issue.format === "regex" ? "" : ` (${issue.format})`}`;
    case "not_multiple_of":
      return `${showValue(value)} — должно быть кратно ${String(issue.divisor)}`;
    case "unrecognized_keys":
      return `неизвестное поле: ${issue.keys.map((k) => `«${k}»`).join(", ")}`;
    case "invalid_value":
      return `${showValue(value)} — допустимые значения: ${issue.values.map((v) => String(v)).join(", ")}`;
    case "invalid_union":
      return `${showValue(value)} — значение не подходит ни под один допустимый вид`;
    case "invalid_key":
    case "invalid_element":
      return `${showValue(value)} — недопустимое значение`;
    default:
      // custom issues carry their Russian text already
      return issue.message;
  }
}

/** Converts a zod error into Russian issues with field paths; unrecognized keys get their own path each. */
export function issuesFromZod(
  error: z.ZodError,
  input: unknown,
  pathPrefix: readonly PropertyKey[] = [],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({ path: formatPath([...pathPrefix, ...issue.path, key]), message: "неизвестное поле" });
      }
      continue;
    }
    issues.push({ path: formatPath([...pathPrefix, ...issue.path]), message: russianMessage(issue, input) });
  }
  return issues;
}
