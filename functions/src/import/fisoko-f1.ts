// ФИС ОКО «Ф1 Индивидуальные результаты» of a ВПР → per-school aggregates: marks, register comparison, task points, score distribution.
//
// The layout, as a public parser of these exports reads it (a Django app's `F1IndividualResultsParser`, openpyxl):
// a title «ВПР 2025 Русский язык 5 класс» in the first rows; rows «Предмет», «Максимальный первичный балл» and
// «Дата» with the label in one cell and the value in the next; a header row with «ОО», «Муниципалитет»,
// «Название ОО», «Код участника», «Класс», «Вариант», one column per task titled «1 (2б)», «9.1 (1б)» or «2К1 (3б)»,
// then «Первичный балл», «Отметка», «Отметка по журналу»; an optional row just above the header marking each task
// «Б» or «П»; school rows «Название ОО (edu123456) | Кол-во участников: N» before a school's participants; task
// cells «X»/«Х»/«-» for a task not done; «нет отметки» where the register mark is missing. Everything here is
// found by header text, never by position. Participant codes live only in a per-school set for the duplicate
// check; names and other columns are never read.
import type { SchoolYearFacts, VprResult, VprTaskResult, VprTasks } from "../contract/dataset.js";
import { academicYearOfDate, cellDate, cellNumber, cellText, isNotDone } from "./cell-values.js";
import { FileSchoolTally } from "./file-school-tally.js";
import type { ImportIssue } from "./import-issue.js";
import type { ImportedProcedure } from "./import-result.js";
import { type ParseContext, type ParsedFile, sortFacts } from "./parsed-file.js";
import { isMethodVpr, normalizeLabel, subjectFromName, taskLevelFromMark } from "./vocabulary.js";
import type { CellValue, SheetRow } from "./xlsx-rows.js";

const TITLE = /ВПР[\s.,]+(\d{4})[\s.,:]+(.+?)[\s.,]+(\d{1,2})\s*(?:-?\s*й\s*)?класс/i;
/** `1 (2б)`, `9.1 (1б)`, `2К1 (3 б.)`, `4 (2 балла)`. */
const TASK_HEADER =
  /^(\d{1,2}(?:[.,]\d{1,2})*)\s*(?:([КK])\s*(\d{1,2}))?\s*\(\s*(\d{1,3})\s*б(?:алл(?:а|ов)?)?\.?\s*\)$/i;
const EDU = /\(?\s*(edu\d+)\s*\)?/i;
const SCHOOL_ROW = /\(\s*edu\d+\s*\)/i;

/** The header cells the importer reads (normalised), and what each is. */
const HEADERS: Readonly<Record<string, Column>> = {
  оо: "school",
  "название оо": "schoolName",
  "код участника": "participant",
  "первичный балл": "primary",
  отметка: "mark",
  "отметка по журналу": "journal",
};
type Column = "school" | "schoolName" | "participant" | "primary" | "mark" | "journal";
/** Read only to be skipped quietly: they identify nothing about a pupil. */
const KNOWN_SKIPPED = new Set(["муниципалитет", "класс", "вариант", "№", "№ п/п"]);

/** `3.2` before `10`, `1К1` before `1К2`: task numbers compared part by part as numbers. */
export function compareTaskIds(a: string, b: string): number {
  const x = (a.match(/\d+/g) ?? []).map(Number);
  const y = (b.match(/\d+/g) ?? []).map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** Do these header cells look like a Ф1 table? Used by format recognition too. */
export function isF1Header(cells: readonly CellValue[]): boolean {
  const labels = new Set(cells.map((c) => normalizeLabel(cellText(c))));
  return labels.has("код участника") && labels.has("первичный балл");
}

/** Is this text the title of a ВПР export? */
export function isF1Title(text: string): boolean {
  return TITLE.test(text);
}

interface Task {
  column: number;
  header: string;
  id: string;
  maxPoints: number;
  level: "basic" | "advanced" | undefined;
}

interface Paper {
  sheet: string;
  grade: number;
  subject: string;
  year: string;
  maxScore: number;
  tasks: Task[];
  columns: Partial<Record<Column, number>>;
  headers: Partial<Record<Column, string>>;
}

/** Sums for one school of one paper; participant codes only as a set for the duplicate check. */
interface SchoolSums {
  participants: number;
  marks: [number, number, number, number];
  journal: { lower: number; same: number; higher: number };
  points: number[];
  scores: number[];
  codes: Map<string, number>;
}

interface Preamble {
  titleYear?: number | undefined;
  subjectText?: string | undefined;
  gradeText?: string | undefined;
  maxScore?: CellValue | undefined;
  date?: CellValue | undefined;
  titleRow?: number | undefined;
  previous?: SheetRow | undefined;
}

/** The value after a label: «Предмет: Русский язык» in one cell, or the next non-empty cell of the row. */
function labelled(row: SheetRow, label: string): CellValue | undefined {
  for (let i = 0; i < row.cells.length; i++) {
    const text = cellText(row.cells[i]);
    const norm = normalizeLabel(text);
    if (norm === label) {
      for (let j = i + 1; j < row.cells.length; j++) if (cellText(row.cells[j]) !== "") return row.cells[j];
      return undefined;
    }
    const inline = new RegExp(`^${label}\\s*:\\s*(.+)$`, "i").exec(text.toLowerCase().replace(/ё/g, "е"));
    if (inline) return text.slice(text.indexOf(":") + 1).trim();
  }
  return undefined;
}

function readPreamble(row: SheetRow, meta: Preamble): void {
  for (const cell of row.cells) {
    const text = cellText(cell);
    const title = TITLE.exec(text);
    if (title && meta.titleYear === undefined) {
      meta.titleYear = Number(title[1]);
      meta.subjectText ??= title[2]?.trim();
      meta.gradeText ??= title[3];
      meta.titleRow = row.row;
    }
  }
  const subject = labelled(row, "предмет");
  if (subject !== undefined) meta.subjectText = cellText(subject);
  const grade = labelled(row, "класс") ?? labelled(row, "параллель");
  if (grade !== undefined) meta.gradeText = cellText(grade).replace(/\D+/g, "") || cellText(grade);
  const max = labelled(row, "максимальный первичный балл");
  if (max !== undefined) meta.maxScore = max;
  const date = labelled(row, "дата") ?? labelled(row, "дата проведения");
  if (date !== undefined) meta.date = date;
}

/** ВПР are written during the school year (in spring, and in some years in autumn), never in June–August. */
const SUMMER = new Set([6, 7, 8]);

/** Reads the header row into a paper, or reports why it cannot. */
function readHeader(
  header: SheetRow,
  meta: Preamble,
  ctx: ParseContext,
  ignored: { sheet: string; column: string }[],
): Paper | undefined {
  const sheet = header.sheet;
  const issue = (code: ImportIssue["code"], extra: Omit<ImportIssue, "sheet" | "code"> = {}) =>
    ctx.issues.add({ sheet, code, ...extra });
  const before = ctx.issues.count;
  const columns: Partial<Record<Column, number>> = {};
  const headers: Partial<Record<Column, string>> = {};
  const tasks: Task[] = [];
  const levels = meta.previous && meta.previous.row === header.row - 1 ? meta.previous.cells : [];
  header.cells.forEach((cell, column) => {
    const text = cellText(cell);
    if (text === "") return;
    const label = normalizeLabel(text);
    const known = HEADERS[label];
    if (known !== undefined) {
      if (columns[known] === undefined) {
        columns[known] = column;
        headers[known] = text;
      }
      return;
    }
    const task = TASK_HEADER.exec(text);
    if (task) {
      const id = `${(task[1] ?? "").replace(/,/g, ".")}${task[3] !== undefined ? `К${task[3]}` : ""}`;
      const first = tasks.find((t) => t.id === id);
      if (first)
        issue("task_duplicated", {
          row: header.row,
          column: text,
          params: { task: id, first: first.header },
        });
      else
        tasks.push({
          column,
          header: text,
          id,
          maxPoints: Number(task[4]),
          level: taskLevelFromMark(cellText(levels[column])),
        });
      return;
    }
    // A header that starts like a task number but does not say its points cannot be read safely.
    if (/^\d/.test(text) || label.startsWith("задани")) {
      issue("task_header_unreadable", { row: header.row, column: text, params: { header: text } });
      return;
    }
    if (!KNOWN_SKIPPED.has(label)) ignored.push({ sheet, column: text });
  });
  // Tasks in their natural order (1, 2, 3.1, 3.2, 10), whatever the order of the columns.
  tasks.sort((a, b) => compareTaskIds(a.id, b.id));
  for (const [key, title] of [
    ["participant", "Код участника"],
    ["primary", "Первичный балл"],
    ["mark", "Отметка"],
  ] as const)
    if (columns[key] === undefined) issue("header_missing", { row: header.row, params: { header: title } });
  if (tasks.length === 0 && ctx.issues.count === before)
    issue("header_missing", { row: header.row, params: { header: "задания, например «1 (2б)»" } });

  const subject = meta.subjectText === undefined ? undefined : subjectFromName(meta.subjectText);
  const grade = meta.gradeText === undefined ? undefined : Number(meta.gradeText);
  if (
    meta.subjectText === undefined ||
    grade === undefined ||
    !Number.isInteger(grade) ||
    grade < 1 ||
    grade > 11
  )
    issue("title_missing", { row: meta.titleRow ?? 1 });
  else if (subject === undefined)
    issue("subject_unknown", { row: meta.titleRow ?? 1, params: { subject: meta.subjectText } });

  const taskSum = tasks.reduce((sum, t) => sum + t.maxPoints, 0);
  let maxScore = taskSum;
  if (meta.maxScore !== undefined) {
    const n = cellNumber(meta.maxScore);
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > 200)
      issue("max_score_unreadable", { params: { value: cellText(meta.maxScore) } });
    else maxScore = n;
    // The paper's maximum is the sum of its tasks' maxima: fewer points in the header means a task column was
    // cut out (a hand-edited export), and its task results would be stored without it. More is let through:
    // a task with alternatives may come as a column per alternative.
    if (n !== undefined && Number.isInteger(n) && tasks.length > 0 && taskSum < n)
      issue("tasks_short_of_max", { row: header.row, params: { sum: taskSum, max: n } });
  }

  let year: string | undefined;
  if (meta.date === undefined) issue("date_missing");
  else {
    const date = cellDate(meta.date, ctx.date1904);
    if (date === undefined) issue("date_unreadable", { params: { value: cellText(meta.date) } });
    else {
      year = academicYearOfDate(date);
      const month = Number(date.slice(5, 7));
      const shown = `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
      if (meta.titleYear !== undefined && meta.titleYear !== Number(date.slice(0, 4)))
        issue("year_mismatch", {
          row: meta.titleRow,
          params: {
            reason: `в заголовке ВПР ${meta.titleYear} года, а дата проведения ${shown}: в файле смешаны разные годы или дата не та`,
          },
        });
      else if (SUMMER.has(month))
        issue("year_mismatch", {
          params: {
            reason: `дата проведения ${shown}: в этом месяце ВПР не проводятся — вероятно, это дата выгрузки, а не работы; учебный год по ней определить нельзя`,
          },
        });
    }
  }
  if (ctx.issues.count > before || subject === undefined || grade === undefined || year === undefined)
    return undefined;
  return { sheet, grade, subject, year, maxScore, tasks, columns, headers };
}

function newSums(paper: Paper): SchoolSums {
  return {
    participants: 0,
    marks: [0, 0, 0, 0],
    journal: { lower: 0, same: 0, higher: 0 },
    points: paper.tasks.map(() => 0),
    scores: Array.from({ length: paper.maxScore + 1 }, () => 0),
    codes: new Map(),
  };
}

/** A mark cell: 2–5, or an issue. `optional` marks (the register's) may be blank or «нет отметки». */
function readMark(
  row: SheetRow,
  column: number,
  header: string,
  optional: boolean,
  ctx: ParseContext,
): number | null | undefined {
  const value = row.cells[column];
  const text = cellText(value);
  if (text === "" || (optional && (isNotDone(value) || normalizeLabel(text) === "нет отметки"))) {
    if (!optional) ctx.issues.add({ sheet: row.sheet, row: row.row, column: header, code: "mark_missing" });
    return null;
  }
  const n = cellNumber(value);
  if (n === undefined) {
    ctx.issues.add({ sheet: row.sheet, row: row.row, column: header, code: "value_unreadable" });
    return undefined;
  }
  if (!Number.isInteger(n) || n < 2 || n > 5) {
    ctx.issues.add({
      sheet: row.sheet,
      row: row.row,
      column: header,
      code: "mark_out_of_range",
      params: { value: n },
    });
    return undefined;
  }
  return n;
}

/** One participant row into its school's sums; false when the row has an issue (then nothing of it counts). */
function addParticipant(
  row: SheetRow,
  paper: Paper,
  sums: SchoolSums,
  code: string,
  ctx: ParseContext,
): void {
  const c = paper.columns;
  const h = paper.headers;
  const before = ctx.issues.count;
  const first = sums.codes.get(code);
  if (first !== undefined)
    ctx.issues.add({
      sheet: row.sheet,
      row: row.row,
      column: h.participant,
      code: "participant_duplicated",
      params: { first },
    });
  else sums.codes.set(code, row.row);
  const mark = readMark(row, c.mark as number, h.mark as string, false, ctx);
  const journal = c.journal === undefined ? null : readMark(row, c.journal, h.journal as string, true, ctx);
  const primaryCell = row.cells[c.primary as number];
  const primary = cellNumber(primaryCell);
  if (cellText(primaryCell) === "")
    ctx.issues.add({ sheet: row.sheet, row: row.row, column: h.primary, code: "primary_missing" });
  else if (primary === undefined || !Number.isInteger(primary) || primary < 0)
    ctx.issues.add({ sheet: row.sheet, row: row.row, column: h.primary, code: "value_unreadable" });
  else if (primary > paper.maxScore)
    ctx.issues.add({
      sheet: row.sheet,
      row: row.row,
      column: h.primary,
      code: "primary_above_max",
      params: { value: primary, max: paper.maxScore },
    });
  const points: number[] = [];
  for (const task of paper.tasks) {
    const cell = row.cells[task.column];
    if (isNotDone(cell)) {
      points.push(0);
      continue;
    }
    const n = cellNumber(cell);
    if (n === undefined || !Number.isInteger(n) || n < 0)
      ctx.issues.add({ sheet: row.sheet, row: row.row, column: task.header, code: "value_unreadable" });
    else if (n > task.maxPoints)
      ctx.issues.add({
        sheet: row.sheet,
        row: row.row,
        column: task.header,
        code: "task_above_max",
        params: { value: n, max: task.maxPoints },
      });
    points.push(n ?? 0);
  }
  if (ctx.issues.count > before || mark === null || mark === undefined || primary === undefined) return;
  sums.participants++;
  sums.marks[mark - 2] = (sums.marks[mark - 2] ?? 0) + 1;
  if (typeof journal === "number") {
    if (mark < journal) sums.journal.lower++;
    else if (mark > journal) sums.journal.higher++;
    else sums.journal.same++;
  }
  sums.scores[primary] = (sums.scores[primary] ?? 0) + 1;
  points.forEach((p, i) => {
    sums.points[i] = (sums.points[i] ?? 0) + p;
  });
}

/** The school-level record of one paper at one school (and the method's `vpr` element when the paper is one). */
function factsOf(paper: Paper, sums: SchoolSums): { tasks: VprTasks; vpr?: VprResult } {
  const grades = { "2": sums.marks[0], "3": sums.marks[1], "4": sums.marks[2], "5": sums.marks[3] };
  const journal = paper.columns.journal === undefined ? undefined : { ...sums.journal };
  const tasks: VprTaskResult[] = paper.tasks.map((t, i) => ({
    id: t.id,
    ...(t.level === undefined ? {} : { level: t.level }),
    maxPoints: t.maxPoints,
    points: sums.points[i] ?? 0,
  }));
  const record: VprTasks = {
    grade: paper.grade,
    subject: paper.subject,
    participants: sums.participants,
    maxScore: paper.maxScore,
    tasks,
    scores: sums.scores,
    grades,
    ...(journal ? { journal } : {}),
  };
  if (!isMethodVpr(paper.grade, paper.subject)) return { tasks: record };
  const vpr: VprResult = {
    grade: paper.grade,
    subject: paper.subject,
    participants: sums.participants,
    grades: { ...grades },
    ...(journal ? { journal: { ...journal } } : {}),
  };
  return { tasks: record, vpr };
}

interface SheetState {
  meta: Preamble;
  paper?: Paper;
  refused: boolean;
  school?: { code?: string; name?: string } | undefined;
}

/**
 * Reads a Ф1 workbook: every sheet with a Ф1 header row is one paper (grade × subject × year). Each
 * participant row is checked (marks 2–5, primary score within the maximum, task points within each task's,
 * no participant code twice within a school) and added to its school's sums; nothing per participant is kept.
 * Schools are matched by the ФИС ОКО login (`externalIds.fisOko`), the registry code, or an unambiguous name.
 * O(rows × tasks) time; memory O(schools × tasks) plus the participant codes of the file.
 */
export async function parseFisOkoF1(ctx: ParseContext): Promise<ParsedFile | undefined> {
  const tally = new FileSchoolTally(ctx.schools, "fisOko");
  const ignored: { sheet: string; column: string }[] = [];
  const papers: { paper: Paper; sums: Map<string, SchoolSums> }[] = [];
  const states = new Map<string, SheetState>();
  let current: { paper: Paper; sums: Map<string, SchoolSums> } | undefined;
  let read = 0;
  for await (const row of ctx.rows) {
    let state = states.get(row.sheet);
    if (!state) {
      state = { meta: {}, refused: false };
      states.set(row.sheet, state);
      current = undefined;
    }
    if (state.refused) continue;
    if (!state.paper) {
      if (isF1Header(row.cells)) {
        const paper = readHeader(row, state.meta, ctx, ignored);
        if (!paper) {
          state.refused = true;
          continue;
        }
        state.paper = paper;
        current = { paper, sums: new Map() };
        papers.push(current);
      } else {
        readPreamble(row, state.meta);
        state.meta.previous = row;
      }
      continue;
    }
    const paper = state.paper;
    // «Название ОО (edu123456) | Кол-во участников: 25»: the school of the participant rows below it.
    const schoolRow = row.cells.find(
      (c): c is string => typeof c === "string" && (SCHOOL_ROW.test(c) || /кол-во участников/i.test(c)),
    );
    if (schoolRow !== undefined) {
      const edu = EDU.exec(schoolRow);
      const name = (edu ? schoolRow.slice(0, edu.index) : (schoolRow.split("|")[0] ?? ""))
        .replace(/[|\s]+$/, "")
        .trim();
      state.school = {
        ...(edu ? { code: (edu[1] ?? "").toLowerCase() } : {}),
        ...(name === "" ? {} : { name }),
      };
      continue;
    }
    const code = cellText(row.cells[paper.columns.participant as number]);
    if (code === "") {
      const c = paper.columns;
      if (cellText(row.cells[c.mark as number]) !== "" || cellText(row.cells[c.primary as number]) !== "")
        ctx.issues.add({
          sheet: row.sheet,
          row: row.row,
          column: paper.headers.participant,
          code: "participant_missing",
        });
      continue;
    }
    read++;
    const schoolCell = paper.columns.school === undefined ? "" : cellText(row.cells[paper.columns.school]);
    const nameCell =
      paper.columns.schoolName === undefined ? "" : cellText(row.cells[paper.columns.schoolName]);
    const fileCode =
      schoolCell !== "" ? (EDU.exec(schoolCell)?.[1] ?? schoolCell).toLowerCase() : state.school?.code;
    const fileName = nameCell !== "" ? nameCell : state.school?.name;
    if (fileCode === undefined && fileName === undefined) {
      ctx.issues.add({ sheet: row.sheet, row: row.row, code: "school_missing" });
      continue;
    }
    const schoolId = tally.row(fileCode, fileName);
    const key = schoolId ?? `\u0000${fileCode ?? ""}\u0000${fileName ?? ""}`;
    const sums = current?.sums ?? new Map<string, SchoolSums>();
    let school = sums.get(key);
    if (!school) {
      school = newSums(paper);
      sums.set(key, school);
    }
    addParticipant(row, paper, school, code, ctx);
  }
  if (ctx.issues.count > 0) return undefined;
  if (papers.length === 0 || read === 0) {
    const sheet = states.keys().next().value ?? "";
    ctx.issues.add({ sheet, code: papers.length === 0 ? "layout_unknown" : "no_participants" });
    return undefined;
  }
  const facts = new Map<string, SchoolYearFacts>();
  const procedures: ImportedProcedure[] = [];
  for (const { paper, sums } of papers) {
    if (
      !procedures.some((p) => p.year === paper.year && p.grade === paper.grade && p.subject === paper.subject)
    )
      procedures.push({ kind: "vpr", year: paper.year, grade: paper.grade, subject: paper.subject });
    for (const [key, school] of sums) {
      if (key.startsWith("\u0000") || school.participants === 0) continue;
      const factKey = `${key}\u0000${paper.year}`;
      const fact = facts.get(factKey) ?? { schoolId: key, year: paper.year };
      facts.set(factKey, fact);
      const { tasks, vpr } = factsOf(paper, school);
      fact.vprTasks = [
        ...(fact.vprTasks ?? []).filter((t) => t.grade !== tasks.grade || t.subject !== tasks.subject),
        tasks,
      ];
      if (vpr)
        fact.vpr = [
          ...(fact.vpr ?? []).filter((v) => v.grade !== vpr.grade || v.subject !== vpr.subject),
          vpr,
        ];
    }
  }
  return {
    procedures,
    facts: sortFacts([...facts.values()]),
    schools: tally.lists(),
    rows: { read, taken: tally.takenRows },
    ignoredColumns: ignored,
  };
}
