// Russian words and number forms of the printable reports: list changes, trends, priorities, criteria statuses.
import type { Category, SchoolResult } from "../contract/results.js";
import { formatNumber } from "../domain/number-format.js";

/** Order of the lists on the territory page: first those that need help, then those that can give it. */
export const REPORT_LISTS: readonly Category[] = [
  "lowResults",
  "adverseSocial",
  "watch",
  "resilient",
  "leader",
];

/** Saturated colours of the chart points and category badges (same hues as the workbook's row fills). */
export const CATEGORY_COLOURS: Readonly<Record<Category | "none", string>> = {
  lowResults: "#c62828",
  adverseSocial: "#e65100",
  watch: "#b8860b",
  resilient: "#1565c0",
  leader: "#2e7d32",
  none: "#9e9e9e",
};

export const CHANGE_LABELS: Readonly<Record<NonNullable<SchoolResult["change"]>, string>> = {
  entered: "вошла в списки ШНОР/ШНСУ в этом году",
  exited: "вышла из списков ШНОР/ШНСУ в этом году",
  stayed: "остаётся в списках ШНОР/ШНСУ второй год и более",
};

export const PRIORITY_LABELS: Readonly<Record<1 | 2 | 3, string>> = {
  1: "Первоочередные меры",
  2: "Меры второй очереди",
  3: "Дополнительные меры",
};

type CriterionStatus = NonNullable<SchoolResult["criteria"]>[number]["status"];

export const CRITERION_STATUS_LABELS: Readonly<Record<CriterionStatus, string>> = {
  met: "выполнен",
  not_met: "не выполнен",
  no_data: "нет данных",
};

/** Text for «no value» everywhere in the reports. */
export const NO_DATA = "нет данных";

/** `12,3` or «нет данных». */
export function numberOrNoData(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? NO_DATA : formatNumber(value, digits);
}

/** A number with its sign: `+4,2`, `−3`, `0`; the minus is the typographic one. */
export function signed(value: number, digits = 1): string {
  const text = formatNumber(Math.abs(value), digits);
  if (text === "0") return "0";
  return value > 0 ? `+${text}` : `−${text}`;
}

/** A number with its sign and exactly `digits` decimals, for columns of scores: `+0,40`, `−3,00`. */
export function signedFixed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits).replace(".", ",");
  if (Number(Math.abs(value).toFixed(digits)) === 0) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}

/** `+4,2 п. (рост)` — a trend as a coordinator reads it, with the word saying which way it went. */
export function trendText(value: number | null | undefined, threshold: number): string {
  if (value === null || value === undefined) return NO_DATA;
  const word = value >= threshold ? "рост" : value <= -threshold ? "снижение" : "без существенных изменений";
  return `${signed(value)} п. (${word})`;
}

/** A summary KPI value: numbers with a decimal comma, strings as they are, null as «нет данных». */
export function summaryValue(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return NO_DATA;
  return typeof value === "number" ? formatNumber(value, 1) : value;
}

/** Short names of the index components for chart rows, where the full names would not fit. */
export const COMPONENT_SHORT_LABELS: Readonly<Record<string, string>> = {
  bothParentsHigherEducation: "Оба родителя с высшим образованием",
  singleParentFamilies: "Неполные семьи",
  onPreventiveRegister: "Профилактический учёт",
  nonNativeRussian: "Русский язык не родной",
  disabilities: "ОВЗ и инвалидность",
  difficultLifeSituation: "Трудная жизненная ситуация",
  remote: "Удалённость",
  infrastructureDeficit: "Дефицит материально-технической базы",
  missingSpecialists: "Нет узких специалистов",
  smallSchool: "Малокомплектная",
  egeRussian: "ЕГЭ, русский: средний балл",
  egeMath: "ЕГЭ, математика: средний балл",
  egeAtLeast80: "ЕГЭ: 80 баллов и выше",
  egeBelowMinimum: "ЕГЭ: ниже минимума",
  ogeRussian: "ОГЭ, русский: средняя отметка",
  ogeMath: "ОГЭ, математика: средняя отметка",
  ogeFailed: "ОГЭ: неудовлетворительно",
  noCertificate9: "Без аттестата, 9 кл.",
  noCertificate11: "Без аттестата, 11 кл.",
  vprGrade2: "ВПР: отметки «2»",
  rdrUnsatisfactory: "РДР: неудовлетворительно",
  olympiadParticipation: "Олимпиады (на 100 обуч.)",
  continuedTo10: "Продолжили обучение в 10 кл.",
};
