// Problems an imported file can have: a closed set of codes with where they are (sheet, row, column), worded in Russian only at the edge.

/** Every reason a file is refused. Each refuses the whole file: nothing of it is applied. */
export const IMPORT_ISSUE_CODES = [
  "file_empty",
  "file_legacy_xls",
  "file_not_table",
  "file_broken",
  "file_encrypted",
  "file_too_large",
  "layout_unknown",
  "format_mismatch",
  "header_missing",
  "title_missing",
  "subject_unknown",
  "date_missing",
  "date_unreadable",
  "year_mismatch",
  "max_score_unreadable",
  "task_header_unreadable",
  "task_duplicated",
  "tasks_short_of_max",
  "participant_duplicated",
  "participant_missing",
  "mark_out_of_range",
  "mark_missing",
  "primary_above_max",
  "primary_missing",
  "task_above_max",
  "value_unreadable",
  "school_missing",
  "row_school_blank",
  "no_participants",
  "no_rows",
  "exam_unknown",
  "score_out_of_range",
  "year_missing",
  "answer_invalid",
  "row_school_missing",
  "row_year_missing",
  "row_duplicated",
  "facts_invalid",
] as const;
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number];

/**
 * One problem. `row` is the 1-based row of the sheet, `column` the column's header as the file writes it.
 * `params` hold only what the message needs: numbers, headers, labels of the file's layout, and for the
 * template (school-level figures only) the answer coercion's Russian text. Never a participant's code, name or
 * cell of a per-participant row other than a mark or a score.
 */
export interface ImportIssue {
  sheet: string;
  row?: number | undefined;
  column?: string | undefined;
  code: ImportIssueCode;
  params?: Readonly<Record<string, string | number>>;
}

type Params = Readonly<Record<string, string | number>>;

const TEXTS: Readonly<Record<ImportIssueCode, (p: Params) => string>> = {
  file_empty: () => "файл пустой",
  file_legacy_xls: () =>
    "это файл старого формата Excel (.xls) или книга с паролем; откройте его в Excel и сохраните как «Книга Excel (.xlsx)» без пароля",
  file_not_table: () => "это не таблица: ожидается книга Excel (.xlsx) или CSV",
  file_broken: () => "книга Excel повреждена и не читается; сохраните её в Excel заново",
  file_encrypted: () => "книга защищена паролем; сохраните её без пароля",
  file_too_large: () =>
    "книга Excel распаковывается в слишком большой объём: так выглядит повреждённый или подложный файл; сохраните её в Excel заново или разделите на части",
  layout_unknown: () =>
    "вид файла не распознан: это не шаблон ШНОР-Монитора, не «Ф1 Индивидуальные результаты» ВПР из ФИС ОКО и не таблица ГИА (проверьте заголовки или укажите --format и --map)",
  format_mismatch: (p) => `файл не похож на ${p.expected}: ${p.reason}`,
  header_missing: (p) => `нет столбца «${p.header}»`,
  title_missing: () =>
    "не найдены класс и предмет: нет заголовка вида «ВПР 2025 Русский язык 5 класс» и строки «Предмет»",
  subject_unknown: (p) => `«${p.subject}» — неизвестный предмет`,
  date_missing: () => "нет строки «Дата» с датой проведения работы: по ней определяется учебный год",
  date_unreadable: (p) => `«${p.value}» — не читается как дата (например 15.04.2025)`,
  year_mismatch: (p) => String(p.reason),
  max_score_unreadable: (p) =>
    `«${p.value}» — максимальный первичный балл должен быть целым числом от 1 до 200`,
  task_header_unreadable: (p) =>
    `«${p.header}» — заголовок задания не читается; ожидается номер и максимальный балл, например «1 (2б)» или «9.1 (1б)»`,
  task_duplicated: (p) => `задание ${p.task} указано дважды (впервые в столбце «${p.first}»)`,
  tasks_short_of_max: (p) =>
    `задания в заголовке дают в сумме ${p.sum} баллов, а максимальный первичный балл — ${p.max}: столбца какого-то задания нет (возможно, его удалили при правке); загрузите выгрузку из ФИС ОКО целиком`,
  participant_duplicated: (p) => `код участника повторяется (впервые в строке ${p.first})`,
  participant_missing: () => "в строке результатов не указан код участника",
  mark_out_of_range: (p) => `${p.value} — отметка должна быть от 2 до 5`,
  mark_missing: () => "не указана отметка",
  primary_above_max: (p) => `первичный балл ${p.value} больше максимального (${p.max})`,
  primary_missing: () => "не указан первичный балл",
  task_above_max: (p) => `${p.value} — больше максимального балла задания (${p.max})`,
  value_unreadable: (p) => `значение не читается как число${p.value !== undefined ? ` (${p.value})` : ""}`,
  school_missing: () => "не указана школа: нет кода ОО в строке и строки школы выше",
  row_school_blank: () =>
    "в строке есть результат участника, но не указаны ни код, ни название ОО; если ячейки школы объединены, разъедините их и заполните код ОО в каждой строке",
  no_participants: () => "в файле нет ни одной строки с результатами участников",
  no_rows: () => "в шаблоне нет ни одной заполненной строки (школа, учебный год и хотя бы одно значение)",
  exam_unknown: (p) =>
    `«${p.value}» — не ЕГЭ и не ОГЭ; укажите вид экзамена в столбце или в схеме столбцов («exam»)`,
  score_out_of_range: (p) => `${p.value} — балл ЕГЭ должен быть от 0 до 100`,
  year_missing: () =>
    "не определён учебный год: нет столбца с датой экзамена; укажите «year» в схеме столбцов (--map)",
  answer_invalid: (p) => String(p.message),
  row_school_missing: () => "не указана школа (выберите «Наименование [код]» или код школы)",
  row_year_missing: () => "не указан учебный год (например 2024/2025)",
  row_duplicated: (p) => `школа и учебный год уже заполнены в строке ${p.first}`,
  facts_invalid: (p) => String(p.message),
};

/** `лист «Ф1», строка 27, столбец «Отметка»: 6 — отметка должна быть от 2 до 5` (the place, then what is wrong). */
export function describeImportIssue(issue: ImportIssue): string {
  const place = [`лист «${issue.sheet}»`];
  if (issue.row !== undefined) place.push(`строка ${issue.row}`);
  if (issue.column !== undefined && issue.column !== "") place.push(`столбец «${issue.column}»`);
  return `${place.join(", ")}: ${TEXTS[issue.code](issue.params ?? {})}`;
}
