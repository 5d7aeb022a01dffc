// «Импорт»: every file the coordinator imported — when, which, what kind, rows and schools taken, schools not found, conflicts with form answers, errors.

import { parseDatasetPath } from "../../catalog/dataset-path.js";
import { findForm, formFields } from "../../catalog/form-catalog.js";
import { subjectName } from "../../import/vocabulary.js";
import type { CellValue, Tab } from "../workbook-model.js";
import { submittedAtText } from "./errors-tab.js";
import type { TabContext } from "./tab-context.js";

/** An import as the store records it (structurally the store's `ImportDoc`, the fields this tab shows). */
export interface ImportRecordRow {
  id: string;
  format: "template" | "fisoko-vpr" | "gia" | null;
  file: { name: string; size: number; driveFileId?: string | undefined };
  status: "applying" | "applied" | "refused" | "undone" | "replaced";
  importedAt: string;
  importedBy: string;
  procedures: readonly {
    kind: string;
    year: string;
    form?: string | undefined;
    grade?: number | undefined;
    subject?: string | undefined;
    replacedBy?: string | undefined;
  }[];
  rows: { read: number; taken: number };
  matched: number;
  unmatched: readonly {
    fileName: string;
    fileCode?: string | undefined;
    rows: number;
    suggestions: readonly { schoolId: string; name: string }[];
  }[];
  unmatchedCount: number;
  ignoredColumns: readonly string[];
  conflicts: readonly { schoolId: string; year: string; path: string; file: string; form: string }[];
  conflictCount: number;
  issues: readonly string[];
  issueCount: number;
  changed: number;
  undoneAt?: string | undefined;
  undoneBy?: string | undefined;
}

/** Records shown, newest first: a district's history of files, not an archive. */
export const MAX_IMPORTS_SHOWN = 200;

const DEFAULT_TIME_ZONE = "Europe/Moscow";

const FORMAT_NAMES: Readonly<Record<string, string>> = {
  template: "Шаблон ШНОР-Монитора",
  "fisoko-vpr": "ВПР: «Ф1 Индивидуальные результаты» (ФИС ОКО)",
  gia: "ГИА: таблица РЦОИ",
};

/** A procedure in Russian: «ВПР 2024/2025, 5 класс, русский язык», «ЕГЭ 2024/2025, математика», «форма …». */
function procedureText(p: ImportRecordRow["procedures"][number]): string {
  if (p.kind === "vpr") return `ВПР ${p.year}, ${p.grade} класс, ${subjectName(p.subject ?? "")}`;
  if (p.kind === "ege" || p.kind === "oge")
    return `${p.kind === "ege" ? "ЕГЭ" : "ОГЭ"} ${p.year}, ${subjectName(p.subject ?? "")}`;
  return `${findForm(p.form ?? "")?.title ?? p.form ?? ""}, ${p.year}`;
}

function statusText(record: ImportRecordRow, timeZone: string): string {
  switch (record.status) {
    case "applied":
      return record.changed === 0 ? "Загружен (данные не изменились)" : "Загружен";
    case "applying":
      return "Не завершён: загрузите этот файл ещё раз";
    case "refused":
      return "Не принят: ничего не загружено";
    case "replaced":
      return "Заменён исправленным файлом";
    case "undone":
      return `Отменён${record.undoneAt ? ` ${submittedAtText(record.undoneAt, timeZone)}` : ""}${record.undoneBy ? ` (${record.undoneBy})` : ""}`;
  }
}

/** Catalog titles by dataset path, for the fields a conflict names. */
const TITLES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const kind of ["social", "gia", "vpr", "staff", "support", "selfDiagnosis"]) {
    const form = findForm(kind);
    if (form) for (const f of formFields(form)) if (!map.has(f.datasetPath)) map.set(f.datasetPath, f.title);
  }
  return map;
})();

/** What a provenance key names, in Russian: «ВПР, 5 класс, русский язык», «Обучающихся всего». */
export function fieldLabel(path: string): string {
  const [segment] = parseDatasetPath(path);
  if (segment !== undefined && "select" in segment) {
    const subject = subjectName(String(segment.select.subject ?? ""));
    const grade = segment.select.grade === undefined ? "" : `, ${segment.select.grade} класс`;
    const kind: Record<string, string> = {
      ege: "ЕГЭ",
      oge: "ОГЭ",
      vpr: "ВПР",
      vprTasks: "Задания ВПР",
      rdr: "РДР",
    };
    return `${kind[segment.key] ?? segment.key}${grade}, ${subject}`;
  }
  return TITLES.get(path) ?? path;
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  participants: "участников",
  meanScore: "средний балл",
  atLeast80: "80 и более",
  belowMinimum: "ниже минимума",
  meanGrade: "средняя отметка",
  failed: "«2»",
  unsatisfactory: "неудовлетворительно",
};

function number(value: number): string {
  return String(value).replace(".", ",");
}

/** A value a conflict holds (JSON text) in short Russian words. */
export function valueText(json: string): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  if (value === null || value === undefined) return "нет";
  if (typeof value === "boolean") return value ? "да" : "нет";
  if (typeof value === "number") return number(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value))
    return value.length === 0 ? "нет" : value.map((v) => valueText(JSON.stringify(v))).join(", ");
  const parts: string[] = [];
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === "grade" || key === "subject") continue;
    if (key === "grades" && inner !== null && typeof inner === "object") {
      const g = inner as Record<string, number>;
      parts.push(`отметки «2»/«3»/«4»/«5»: ${g["2"]}/${g["3"]}/${g["4"]}/${g["5"]}`);
    } else if (key === "journal" && inner !== null && typeof inner === "object") {
      const j = inner as Record<string, number>;
      parts.push(`ниже/как/выше отметки в журнале: ${j.lower}/${j.same}/${j.higher}`);
    } else if (typeof inner === "number") parts.push(`${FIELD_WORDS[key] ?? key} ${number(inner)}`);
    else parts.push(`${FIELD_WORDS[key] ?? key}: ${valueText(JSON.stringify(inner))}`);
  }
  return parts.join("; ");
}

/**
 * Builds «Импорт»: for each imported file (newest first) a row with when and by whom, the file, its kind, the
 * procedures it gave, what became of it, the rows read and taken, the schools found and not; below it a row per
 * school not found in the registry (with the closest registry names), per field where a school's form answer
 * differs from the file (the form's value counts), per error, and the columns that were not read. Always present,
 * so an empty history is an empty table.
 */
export function buildImportsTab(context: TabContext, records: readonly ImportRecordRow[]): Tab {
  const timeZone = context.dataset.territory.timeZone ?? DEFAULT_TIME_ZONE;
  const rows: CellValue[][] = [];
  const school = (id: string) => `${context.schoolName(id)} [${id}]`;
  for (const record of records.slice(0, MAX_IMPORTS_SHOWN)) {
    const when = submittedAtText(record.importedAt, timeZone);
    const detail = (what: string, schoolText: string, year: string, text: string) =>
      rows.push([when, record.file.name, "", "", "", null, null, null, null, what, schoolText, year, text]);
    rows.push([
      when,
      record.file.name,
      record.format === null ? "не распознан" : (FORMAT_NAMES[record.format] ?? record.format),
      record.procedures.map(procedureText).join("; "),
      statusText(record, timeZone),
      record.status === "refused" ? null : record.rows.read,
      record.status === "refused" ? null : record.rows.taken,
      record.status === "refused" ? null : record.matched,
      record.status === "refused" ? null : record.unmatchedCount,
      "",
      "",
      "",
      `загрузил ${record.importedBy}; изменено записей «школа — год»: ${record.changed}`,
    ]);
    for (const u of record.unmatched) {
      const like = u.suggestions.map((s) => `«${s.name}» [${s.schoolId}]`).join(", ");
      detail(
        "Школа не найдена в реестре",
        `${u.fileName}${u.fileCode === undefined ? "" : ` (${u.fileCode})`}`,
        "",
        `строк ${u.rows} не загружено; ${like === "" ? "похожих названий в реестре нет" : `похожие: ${like}`}. Добавьте школе код из файла на листе «Школы» и загрузите файл ещё раз`,
      );
    }
    if (record.unmatchedCount > record.unmatched.length)
      detail(
        "Школа не найдена в реестре",
        "",
        "",
        `…и ещё ${record.unmatchedCount - record.unmatched.length}`,
      );
    for (const c of record.conflicts)
      detail(
        "Расхождение с ответом формы",
        school(c.schoolId),
        c.year,
        `${fieldLabel(c.path)}: в файле — ${valueText(c.file)}; в ответе формы — ${valueText(c.form)}. В расчёте — ответ формы школы`,
      );
    if (record.conflictCount > record.conflicts.length)
      detail(
        "Расхождение с ответом формы",
        "",
        "",
        `…и ещё ${record.conflictCount - record.conflicts.length}`,
      );
    for (const issue of record.issues) detail("Ошибка", "", "", issue);
    if (record.issueCount > record.issues.length)
      detail("Ошибка", "", "", `…и ещё ${record.issueCount - record.issues.length}`);
    if (record.ignoredColumns.length > 0)
      detail(
        "Столбцы не читались",
        "",
        "",
        `${record.ignoredColumns.map((c) => `«${c}»`).join(", ")}: их значения не загружались и не хранятся`,
      );
  }
  return {
    name: "Импорт",
    kind: "output",
    columns: [
      {
        key: "importedAt",
        header: "Загружен",
        note: "Когда координатор загрузил файл (время территории).",
        format: "text",
        width: 17,
      },
      { key: "file", header: "Файл", format: "text", width: 30, wrap: true },
      { key: "format", header: "Вид файла", format: "text", width: 26, wrap: true },
      { key: "procedures", header: "Что в файле", format: "text", width: 34, wrap: true },
      {
        key: "status",
        header: "Состояние",
        note:
          "Загружен — данные файла в расчёте; Заменён — тот же вид, год и процедура пришли в исправленном файле; " +
          "Отменён — «Отменить импорт»; Не принят — файл с ошибками, из него ничего не загружено.",
        format: "text",
        width: 24,
        wrap: true,
      },
      { key: "rowsRead", header: "Строк прочитано", format: "integer", width: 11 },
      {
        key: "rowsTaken",
        header: "Строк учтено",
        note: "Строки школ реестра; строки школ, не найденных в реестре, не загружаются.",
        format: "integer",
        width: 11,
      },
      { key: "matched", header: "Школ найдено", format: "integer", width: 10 },
      { key: "unmatched", header: "Школ не найдено", format: "integer", width: 10 },
      { key: "what", header: "Что", format: "text", width: 24, wrap: true },
      { key: "school", header: "Школа", format: "text", width: 36, wrap: true },
      { key: "year", header: "Учебный год", format: "text", width: 11 },
      {
        key: "detail",
        header: "Подробно",
        note:
          "Правило: если школа ответила в форме на тот же вопрос за тот же год, в расчёт идёт ответ формы, а " +
          "расхождение с файлом показано здесь.",
        format: "text",
        width: 70,
        wrap: true,
      },
    ],
    rows,
    frozenRows: 1,
    autoFilter: true,
  };
}
