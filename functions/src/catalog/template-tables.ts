// The import template as tables (filled from a dataset or empty) with its «Как заполнять» rows: pure, so the sheet's script builds the same template.

import type { Dataset } from "../contract/dataset.js";
import { schoolChoiceLabel } from "./form-catalog.js";
import { NONE_CHOSEN, type TemplateColumn, templateSheets, valueAtPath } from "./template-layout.js";

export type TemplateCell = string | number | null;

export interface TemplateTable {
  name: string;
  columns: { header: string; note: string; kind: "text" | "number" }[];
  rows: TemplateCell[][];
}

function cellFor(column: TemplateColumn, value: unknown): TemplateCell {
  if (value === undefined || value === null) return null;
  const field = column.field;
  if (typeof value === "boolean") return value ? "Да" : "Нет";
  // An empty list is an answer too («all specialists are there»): written as «нет», read back as none chosen.
  if (Array.isArray(value) && value.length === 0) return NONE_CHOSEN;
  if (Array.isArray(value))
    return value.map((v) => field.options?.find((o) => o.value === v)?.label ?? String(v)).join(", ");
  if (typeof value === "number" || typeof value === "string") return value;
  return null;
}

/**
 * The template's sheets as tables, one per catalog form: the questions as headers and, with a dataset, one row
 * per school-year that has any answer of that form (schools as `Наименование [код]`, yes/no as «Да»/«Нет»,
 * several choices joined by commas: what the importer reads back to the same facts).
 */
export function templateTables(dataset?: Dataset): TemplateTable[] {
  const names = new Map((dataset?.schools ?? []).map((s) => [s.id, s.name]));
  const facts = [...(dataset?.facts ?? [])].sort((a, b) =>
    a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : a.year.localeCompare(b.year),
  );
  return templateSheets().map((sheet) => {
    const rows: TemplateCell[][] = [];
    for (const fact of facts) {
      const row = sheet.columns.map((column) => {
        if (column.field.type === "school")
          return schoolChoiceLabel(names.get(fact.schoolId) ?? fact.schoolId, fact.schoolId);
        if (column.field.type === "year") return fact.year;
        return cellFor(
          column,
          valueAtPath(fact, sheet.form.anonymous ? column.key : column.field.datasetPath),
        );
      });
      if (row.slice(2).some((cell) => cell !== null)) rows.push(row);
    }
    return {
      name: sheet.name,
      columns: sheet.columns.map((c) => ({
        header: c.header,
        note: c.note,
        kind:
          c.field.type === "integer" || c.field.type === "number" ? ("number" as const) : ("text" as const),
      })),
      rows,
    };
  });
}

/** The «Как заполнять» sheet: the rules of the template in Russian, and the registry's schools to copy from. */
export function instructionRows(dataset?: Pick<Dataset, "schools">): string[][] {
  const rows = [
    ["Шаблон для загрузки данных в ШНОР-Монитор"],
    [""],
    [
      "Каждый лист — одна форма школы; столбцы — вопросы формы; одна строка — одна школа за один учебный год.",
    ],
    [
      "«Школа»: «Наименование [код]» из реестра (список ниже) или код школы; «Учебный год»: например 2024/2025.",
    ],
    [
      "Числа — количество человек (не проценты); дробные значения через запятую (3,5). «Да» или «Нет» — для вопросов «да/нет».",
    ],
    [
      "Несколько вариантов ответа (например, отсутствующие специалисты) — через запятую, как в форме; «нет» — не выбран ни один.",
    ],
    ["Пустая ячейка — нет данных: при загрузке она не стирает уже известное значение."],
    ["Заголовки столбцов не переименовывайте; порядок столбцов и лишние столбцы значения не имеют."],
    [
      "Загрузка: в таблице координатора — меню «ШНОР-Монитор» → «Импорт файла…»; из командной строки — npm run --silent shnor -- import --into dataset.json --file шаблон.xlsx --out dataset.json",
    ],
    [
      "Результаты ВПР по заданиям загружаются из выгрузки ФИС ОКО «Ф1 Индивидуальные результаты», ГИА — из таблиц РЦОИ.",
    ],
  ];
  if (dataset && dataset.schools.length > 0) {
    rows.push([""], ["Школы реестра (копируйте в столбец «Школа»):"]);
    for (const school of dataset.schools) rows.push([schoolChoiceLabel(school.name, school.id)]);
  }
  return rows;
}
