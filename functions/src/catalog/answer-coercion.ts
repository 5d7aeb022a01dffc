// Values as people type them («3,5», «1 200», «Да», empty), in a form answer or a coordinator-tab cell → typed values of one set of value types, errors in Russian.
import { isCalendarDate } from "../contract/calendar-date.js";
import type { TabColumn } from "./coordinator-tabs.js";
import type { ChoiceOption, FieldDefinition } from "./form-catalog.js";

/** A value after coercion: numbers, yes/no, text (url, school code, academic year, date), option values or items of a list. */
export type TypedAnswer = number | boolean | string | string[];

/** `data: undefined` means the answer is missing (empty, whitespace, null). */
export type CoercionResult =
  | { success: true; data: TypedAnswer | undefined }
  | { success: false; error: { code: "invalid_answer"; message: string } };

/** `«Число обучающихся» (social.students)`: how every message names a question. */
export function fieldLabel(field: Pick<FieldDefinition, "title" | "key">): string {
  return `«${field.title}» (${field.key})`;
}

/** A message about one question, naming its Russian title and its key. */
export function fieldMessage(field: Pick<FieldDefinition, "title" | "key">, detail: string): string {
  return `${fieldLabel(field)}: ${detail}`;
}

/** Shows what someone typed, shortened, for a message. */
export function shown(value: unknown): string {
  if (typeof value === "string") return `«${value.length > 60 ? `${value.slice(0, 57)}...` : value}»`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  // Items are shown by type, never with String(): an object from a hostile request can make String() throw.
  if (Array.isArray(value))
    return `«${value.map((v) => (typeof v === "object" && v !== null ? "объект" : String(v))).join(", ")}»`;
  if (value === null || value === undefined) return "пусто";
  return "объект";
}

/** Empty, whitespace-only, null, undefined and an empty list are all «no answer». */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.every((item) => isBlank(item));
  return false;
}

// Grouping spaces: ordinary, no-break (U+00A0), narrow no-break (U+202F), thin (U+2009), figure (U+2007).
const GROUPING_SPACES = /[\s\u00A0\u202F\u2009\u2007]/g;

function ungroup(text: string, separator: "," | "."): string | undefined {
  const sep = separator === "," ? "," : "\\.";
  return new RegExp(`^[+-]?\\d{1,3}(${sep}\\d{3})+$`).test(text) ? text.split(separator).join("") : undefined;
}

/**
 * A number as people type it: `3,5` and `3.5` → 3.5, `1 200` (any space, incl. no-break) → 1200, `−2` → -2,
 * `1.234,5` and `1,234.5` → 1234.5 (the last separator is the decimal one). A lone comma is decimal unless the
 * locale is English and it groups thousands (`1,200` in `en_US`). Returns undefined for anything else.
 */
export function parseLocaleNumber(text: string, locale = "ru_RU"): number | undefined {
  let s = text.trim().replace(GROUPING_SPACES, "").replace(/^[−–]/, "-");
  if (!/^[+-]?[\d.,]*\d[\d.,]*$/.test(s)) return undefined;
  const commas = s.split(",").length - 1;
  const dots = s.split(".").length - 1;
  const english = locale.toLowerCase().startsWith("en");
  if (commas > 0 && dots > 0) {
    const decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
    const group = decimal === "," ? "." : ",";
    const cut = s.lastIndexOf(decimal);
    const whole = ungroup(s.slice(0, cut), group);
    if (whole === undefined) return undefined;
    s = `${whole}.${s.slice(cut + 1)}`;
  } else if (commas > 1 || dots > 1) {
    const whole = ungroup(s, commas > 1 ? "," : ".");
    if (whole === undefined) return undefined;
    s = whole;
  } else if (commas === 1) {
    s = english && ungroup(s, ",") !== undefined ? s.replace(",", "") : s.replace(",", ".");
  }
  const value = Number(s);
  return Number.isFinite(value) ? value : undefined;
}

function normalizeWord(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s\u00A0\u202F]+/g, " ")
    .replace(/^[«"'„“]+|[»"'“”]+$/g, "")
    .replace(/[.!;:]+$/, "")
    .trim();
}

const YES = new Set(["да", "д", "yes", "y", "true", "1", "есть", "имеется"]);
const NO = new Set(["нет", "н", "no", "n", "false", "0", "отсутствует"]);

/** «Да»/«Нет», да/нет, yes/no, true/false, 1/0, есть/отсутствует → boolean; anything else → undefined. */
export function parseYesNo(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== "string") return undefined;
  const word = normalizeWord(value);
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return undefined;
}

/**
 * An academic year as people write it: `2024/2025`, `2024-2025`, `2024–25`, `2024/2025 учебный год` →
 * `2024/2025`. Undefined when it is not two consecutive years.
 */
export function parseAcademicYear(text: string): string | undefined {
  const cleaned = text
    .trim()
    .replace(/\s*(уч\.?|учебн\S*)?\s*(год\S*|гг?\.?)\s*$/i, "")
    .trim();
  const match = /^(\d{4})\s*[/\\\-–—]\s*(\d{2}|\d{4})$/.exec(cleaned);
  if (!match) return undefined;
  const first = Number(match[1]);
  const secondRaw = match[2] ?? "";
  const second =
    secondRaw.length === 2 ? Math.floor(first / 100) * 100 + Number(secondRaw) : Number(secondRaw);
  if (first < 2000 || first > 2099 || second !== first + 1) return undefined;
  return `${first}/${second}`;
}

/** A school as a form or a tab gives it: the registry code, or `Наименование [код]` → the code. */
export function parseSchoolRef(text: string): string | undefined {
  const trimmed = text.trim();
  const bracketed = /\[([^\][]+)\]\s*$/.exec(trimmed);
  const id = (bracketed ? (bracketed[1] ?? "") : trimmed).trim();
  return id === "" ? undefined : id;
}

/** A date as people type it: `01.09.2025`, `1.9.2025`, `01.09.25`, `2025-09-01` → `2025-09-01`; undefined otherwise. */
export function parseDate(text: string): string | undefined {
  const cleaned = text
    .trim()
    .replace(/\s*г\.?$/, "")
    .trim();
  let y: number;
  let m: number;
  let d: number;
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$/.exec(cleaned);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cleaned);
  if (ru) {
    d = Number(ru[1]);
    m = Number(ru[2]);
    const year = ru[3] ?? "";
    y = year.length === 2 ? 2000 + Number(year) : Number(year);
  } else if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else {
    return undefined;
  }
  if (!isCalendarDate(y, m, d)) return undefined;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The option whose value or label matches what was typed (case, ё/е, spaces and quotes ignored). */
export function matchOption(options: readonly ChoiceOption[], text: string): ChoiceOption | undefined {
  const wanted = normalizeWord(text);
  return options.find((o) => normalizeWord(o.value) === wanted || normalizeWord(o.label) === wanted);
}

/** Splits a typed list on commas, semicolons and line breaks, dropping empty items. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/**
 * The one set of value types both vocabularies map onto: a form question's `FieldType` and a coordinator-tab
 * column's `ColumnType` (`valueTypeOfField`, `valueTypeOfColumn`). `integer`/`number` carry the range to check
 * here, `choice`/`multichoice` the options a typed word is matched against, `setting` is a setting of any type.
 */
export type ValueType =
  | {
      readonly kind: "integer" | "number";
      readonly min?: number;
      readonly max?: number;
      /** The column is counted in percent already: «30%» reads 30, as a percent-formatted cell shows it. */
      readonly percentUnits?: boolean;
    }
  | { readonly kind: "choice" | "multichoice"; readonly options: readonly ChoiceOption[] }
  | {
      readonly kind:
        | "text"
        | "url"
        | "percent"
        | "boolean"
        | "date"
        | "year"
        | "list"
        | "emailList"
        | "schoolRef"
        | "schoolRefList"
        | "setting";
    };

/**
 * Where a value was typed. Two misses read differently there: a form question offers variants and a school
 * picked from a list, a tab cell takes values and a typed school code.
 */
export type ValueSource = "answer" | "cell";

/** `data: undefined` means the value is missing (empty, whitespace, null); `message` does not name the field. */
export type ValueCoercionResult =
  | { success: true; data: TypedAnswer | undefined }
  | { success: false; error: { code: "invalid_value"; message: string } };

/**
 * A question's type as a value type. Its range is not carried: a form's range is checked later by the
 * generated answer schema, which words it.
 */
export function valueTypeOfField(field: Pick<FieldDefinition, "type" | "options">): ValueType {
  switch (field.type) {
    case "choice":
    case "multichoice":
      return { kind: field.type, options: field.options ?? [] };
    case "school":
      return { kind: "schoolRef" };
    default:
      return { kind: field.type };
  }
}

/** A tab column's type as a value type: the range of a number column and the allowed values of a choice. */
export function valueTypeOfColumn(
  column: Pick<TabColumn, "type" | "allowed" | "min" | "max" | "percentUnits">,
): ValueType {
  switch (column.type) {
    case "integer":
    case "number":
      return {
        kind: column.type,
        ...(column.min !== undefined ? { min: column.min } : {}),
        ...(column.max !== undefined ? { max: column.max } : {}),
        ...(column.percentUnits === true ? { percentUnits: true } : {}),
      };
    case "choice":
      return { kind: "choice", options: column.allowed ?? [] };
    case "value":
      return { kind: "setting" };
    default:
      return { kind: column.type };
  }
}

function fail(message: string): ValueCoercionResult {
  return { success: false, error: { code: "invalid_value", message } };
}

function unknownOption(
  value: unknown,
  options: readonly ChoiceOption[],
  source: ValueSource,
): ValueCoercionResult {
  const allowed = options.map((o) => `«${o.label}»`).join(", ");
  return fail(
    source === "answer"
      ? `${shown(value)} — нет такого варианта; допустимые: ${allowed}`
      : `${shown(value)} — допустимые значения: ${allowed}`,
  );
}

function coerceMultichoice(
  options: readonly ChoiceOption[],
  value: unknown,
  source: ValueSource,
): ValueCoercionResult {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === "string") {
    // A whole label may itself contain a comma; only split when the whole text is not one option.
    items = matchOption(options, value) ? [value] : splitList(value);
  } else return fail(`${shown(value)} — ожидается список вариантов`);
  const chosen: string[] = [];
  for (const item of items) {
    if (isBlank(item)) continue;
    if (typeof item !== "string") return fail(`${shown(item)} — ожидается вариант из списка`);
    const option = matchOption(options, item);
    if (!option) return unknownOption(item, options, source);
    if (!chosen.includes(option.value)) chosen.push(option.value);
  }
  return { success: true, data: chosen };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function coerceNumber(
  type: Extract<ValueType, { kind: "integer" | "number" }>,
  value: unknown,
  locale: string,
): ValueCoercionResult {
  const n =
    typeof value === "number"
      ? Number.isFinite(value)
        ? value
        : undefined
      : typeof value === "string"
        ? parseLocaleNumber(type.percentUnits === true ? value.replace(/%\s*$/, "") : value, locale)
        : undefined;
  if (n === undefined) return fail(`${shown(value)} — ожидается число`);
  if (type.kind === "integer" && !Number.isInteger(n)) return fail(`${shown(value)} — ожидается целое число`);
  if (type.min !== undefined && n < type.min)
    return fail(`${shown(value)} — должно быть не меньше ${type.min}`);
  if (type.max !== undefined && n > type.max)
    return fail(`${shown(value)} — должно быть не больше ${type.max}`);
  return { success: true, data: n };
}

/** A setting's value: yes/no words (not a bare 0 or 1), a number (a trailing «%» divides by 100), else the text. */
function coerceSetting(text: string, locale: string): TypedAnswer {
  const b = parseYesNo(text);
  if (b !== undefined && !/^[01]$/.test(text)) return b;
  const percent = /%\s*$/.test(text);
  const n = parseLocaleNumber(text.replace(/%\s*$/, ""), locale);
  if (n !== undefined) return percent ? n / 100 : n;
  return text;
}

/** Types a value that is known not to be blank; `text` is the trimmed value when it is a string. */
function coerceSingle(
  type: ValueType,
  single: unknown,
  locale: string,
  source: ValueSource,
): ValueCoercionResult {
  const text = typeof single === "string" ? single.trim() : undefined;
  switch (type.kind) {
    case "integer":
    case "number":
      return coerceNumber(type, single, locale);
    case "percent": {
      const n = text === undefined ? undefined : parseLocaleNumber(text.replace(/%\s*$/, ""), locale);
      if (n === undefined || n < 0 || n > 100)
        return fail(`${shown(single)} — ожидается процент от 0 до 100, например 12,5`);
      return { success: true, data: n / 100 };
    }
    case "boolean": {
      const b = parseYesNo(single);
      if (b === undefined) return fail(`${shown(single)} — ожидается «Да» или «Нет»`);
      return { success: true, data: b };
    }
    case "date": {
      const date = text === undefined ? undefined : parseDate(text);
      if (date === undefined) return fail(`${shown(single)} — ожидается дата, например 01.09.2025`);
      return { success: true, data: date };
    }
    case "year": {
      const year = text === undefined ? undefined : parseAcademicYear(text);
      if (year === undefined) return fail(`${shown(single)} — учебный год записывается как 2024/2025`);
      return { success: true, data: year };
    }
    case "schoolRef": {
      const id =
        text !== undefined ? parseSchoolRef(text) : typeof single === "number" ? String(single) : undefined;
      if (id !== undefined) return { success: true, data: id };
      return fail(source === "answer" ? `${shown(single)} — выберите школу из списка` : "укажите код школы");
    }
    case "choice": {
      const option = text === undefined ? undefined : matchOption(type.options, text);
      return option ? { success: true, data: option.value } : unknownOption(single, type.options, source);
    }
    case "multichoice":
      return coerceMultichoice(type.options, single, source);
    case "url": {
      if (text === undefined) return fail(`${shown(single)} — ожидается адрес страницы`);
      // People paste «school.ru/program» without a scheme; the page is meant, so https is assumed.
      return { success: true, data: /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}` };
    }
    case "text": {
      if (text !== undefined) return { success: true, data: text };
      if (typeof single === "number" || typeof single === "boolean")
        return { success: true, data: String(single) };
      return fail(`${shown(single)} — ожидается текст`);
    }
    case "list":
    case "emailList":
    case "schoolRefList":
    case "setting": {
      if (text === undefined) return fail(`${shown(single)} — ожидается текст`);
      if (type.kind === "list") return { success: true, data: splitList(text) };
      if (type.kind === "schoolRefList")
        return { success: true, data: splitList(text).flatMap((item) => parseSchoolRef(item) ?? []) };
      if (type.kind === "setting") return { success: true, data: coerceSetting(text, locale) };
      const emails = splitList(text).map((e) => e.toLowerCase());
      const wrong = emails.find((e) => !EMAIL.test(e));
      if (wrong !== undefined) return fail(`${shown(wrong)} — это не адрес электронной почты`);
      return { success: true, data: emails };
    }
  }
}

/**
 * Coerces one value as people type it to its declared type: a form answer (`source: "answer"`, the default)
 * or a coordinator-tab cell (`"cell"`). Blank values are missing (`data: undefined`). A one-element list is
 * read as its element, since Apps Script hands some single answers over as lists; a multichoice takes a list
 * or a typed one. The message names the value, not the field: the caller names it. Never throws.
 */
export function coerceValue(
  type: ValueType,
  value: unknown,
  options: { locale?: string; source?: ValueSource } = {},
): ValueCoercionResult {
  const locale = options.locale ?? "ru_RU";
  const source = options.source ?? "answer";
  if (type.kind === "multichoice") {
    if (value === null || value === undefined || (typeof value === "string" && value.trim() === ""))
      return { success: true, data: undefined };
    return coerceMultichoice(type.options, value, source);
  }
  let single = value;
  if (Array.isArray(single)) {
    if (single.length > 1) return fail(`${shown(single)} — ожидается один ответ, а не список`);
    single = single[0];
  }
  if (isBlank(single)) return { success: true, data: undefined };
  return coerceSingle(type, single, locale, source);
}

/**
 * Coerces one answer to the type of its question (`coerceValue` with the question's value type), the message
 * naming the question. The range and `required` are checked later by the generated schema. Never throws.
 */
export function coerceAnswer(field: FieldDefinition, value: unknown, locale = "ru_RU"): CoercionResult {
  const result = coerceValue(valueTypeOfField(field), value, { locale, source: "answer" });
  if (result.success) return result;
  return {
    success: false,
    error: { code: "invalid_answer", message: fieldMessage(field, result.error.message) },
  };
}
