// The import template read back: each row of a form's sheet goes through the same answer coercion and checks as a form response.

import { coerceAnswer, parseAcademicYear } from "../catalog/answer-coercion.js";
import { mergeFacts } from "../catalog/merge-facts.js";
import { parseSubmissionAnswers, type SubmissionAnswer } from "../catalog/submission-answers.js";
import {
  INSTRUCTIONS_SHEET,
  NONE_CHOSEN,
  type TemplateColumn,
  type TemplateSheet,
  templateSheets,
} from "../catalog/template-layout.js";
import type { SchoolYearFacts } from "../contract/dataset.js";
import { schoolYearFactsIssues } from "../contract/dataset-consistency.js";
import { cellText } from "./cell-values.js";
import { FileSchoolTally } from "./file-school-tally.js";
import type { ImportedProcedure } from "./import-result.js";
import { type ParseContext, type ParsedFile, sortFacts } from "./parsed-file.js";
import { normalizeLabel } from "./vocabulary.js";
import type { CellValue, SheetRow } from "./xlsx-rows.js";

/** The template sheet a workbook sheet stands for: by its name (the form's title) or the form's code. */
export function findTemplateSheet(name: string): TemplateSheet | undefined {
  const wanted = normalizeLabel(name);
  return templateSheets().find(
    (s) => normalizeLabel(s.name) === wanted || s.form.kind.toLowerCase() === wanted,
  );
}

/** Is this sheet name one of the template's? */
export function isTemplateSheetName(name: string): boolean {
  return normalizeLabel(name) === normalizeLabel(INSTRUCTIONS_SHEET) || findTemplateSheet(name) !== undefined;
}

interface OpenSheet {
  sheet: TemplateSheet;
  columns: Map<number, TemplateColumn>;
  seen: Map<string, number>;
}

/** Header cells → template columns, by the question's title or its key (`social.students`). */
function locate(sheet: TemplateSheet, cells: readonly CellValue[]): Map<number, TemplateColumn> {
  const byLabel = new Map<string, TemplateColumn>();
  for (const column of sheet.columns) {
    byLabel.set(normalizeLabel(column.header), column);
    byLabel.set(column.key.toLowerCase(), column);
  }
  const out = new Map<number, TemplateColumn>();
  cells.forEach((cell, index) => {
    const column = byLabel.get(normalizeLabel(cellText(cell)));
    if (column && ![...out.values()].includes(column)) out.set(index, column);
  });
  return out;
}

/** A template cell as a form answer: numbers stay numbers, booleans «Да»/«Нет», the rest text. */
function answerValue(value: CellValue | undefined): SubmissionAnswer["value"] {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "boolean") return value;
  return value;
}

/** The school cell: `Наименование [код]` gives a code and a name; a bare text is tried as both. */
function schoolOf(text: string): { code: string | undefined; name: string | undefined } {
  const bracketed = /^(.*)\[([^\][]+)\]\s*$/.exec(text);
  if (bracketed) return { code: (bracketed[2] ?? "").trim(), name: (bracketed[1] ?? "").trim() || undefined };
  return { code: text, name: text };
}

/** The self-diagnosis tally row → `{selfDiagnosis: {respondents, deficits}}`, through the integer coercion. */
function tallyPatch(
  open: OpenSheet,
  row: SheetRow,
  schoolId: string,
  year: string,
  ctx: ParseContext,
): SchoolYearFacts | undefined {
  const deficits: Record<string, number> = {};
  let respondents: number | undefined;
  let bad = false;
  for (const [index, column] of open.columns) {
    if (column.field.type === "school" || column.field.type === "year") continue;
    const coerced = coerceAnswer(column.field, answerValue(row.cells[index]));
    if (!coerced.success) {
      ctx.issues.add({
        sheet: row.sheet,
        row: row.row,
        column: column.header,
        code: "answer_invalid",
        params: { message: coerced.error.message },
      });
      bad = true;
      continue;
    }
    const n = coerced.data;
    if (typeof n !== "number") continue;
    if (n < 0 || !Number.isInteger(n)) {
      ctx.issues.add({
        sheet: row.sheet,
        row: row.row,
        column: column.header,
        code: "answer_invalid",
        params: { message: `«${column.header}»: ${n} — нужно целое число не меньше 0` },
      });
      bad = true;
      continue;
    }
    if (column.key === "selfDiagnosis.respondents") respondents = n;
    else if (n > 0) deficits[column.key.slice("selfDiagnosis.deficits.".length)] = n;
  }
  if (bad || (respondents === undefined && Object.keys(deficits).length === 0)) return undefined;
  const patch = {
    schoolId,
    year,
    selfDiagnosis: { respondents: respondents ?? 0, deficits },
  } as SchoolYearFacts;
  const problems = schoolYearFactsIssues(patch);
  for (const problem of problems)
    ctx.issues.add({
      sheet: row.sheet,
      row: row.row,
      code: "facts_invalid",
      params: { message: `${problem.path}: ${problem.message}` },
    });
  return problems.length > 0 ? undefined : patch;
}

/**
 * Reads a filled template: on each form's sheet the first row with the «Школа» and «Учебный год» columns is
 * the header (columns found by the question's title or key, in any order; other columns are listed as
 * ignored), and every later row is one school-year, parsed like a form response of that form
 * (`parseSubmissionAnswers`: «3,5», «1 200», «Да», ranges, counts within denominators). Rows of schools that
 * are not in the registry are listed, not applied. Sheets the template does not have are ignored.
 */
export async function parseTemplate(ctx: ParseContext): Promise<ParsedFile | undefined> {
  const tally = new FileSchoolTally(ctx.schools, null);
  const ignored: { sheet: string; column: string }[] = [];
  const sheets = new Map<string, OpenSheet | null>();
  const facts = new Map<string, SchoolYearFacts>();
  const procedures: ImportedProcedure[] = [];
  let read = 0;
  for await (const row of ctx.rows) {
    const open = sheets.get(row.sheet);
    if (open === null) continue;
    if (open === undefined) {
      const sheet = findTemplateSheet(row.sheet);
      if (!sheet) {
        sheets.set(row.sheet, null);
        continue;
      }
      const columns = locate(sheet, row.cells);
      const kinds = new Set([...columns.values()].map((c) => c.field.type));
      if (!kinds.has("school") || !kinds.has("year")) continue;
      row.cells.forEach((cell, index) => {
        if (!columns.has(index) && cellText(cell) !== "")
          ignored.push({ sheet: row.sheet, column: cellText(cell) });
      });
      sheets.set(row.sheet, { sheet, columns, seen: new Map() });
      continue;
    }
    const columnOf = (type: "school" | "year") => [...open.columns].find(([, c]) => c.field.type === type);
    const [schoolIndex, schoolColumn] = columnOf("school") as [number, TemplateColumn];
    const [yearIndex, yearColumn] = columnOf("year") as [number, TemplateColumn];
    const schoolText = cellText(row.cells[schoolIndex]);
    const yearText = cellText(row.cells[yearIndex]);
    const hasAnswers = [...open.columns.keys()].some(
      (i) => i !== schoolIndex && i !== yearIndex && cellText(row.cells[i]) !== "",
    );
    if (!hasAnswers) continue;
    read++;
    if (schoolText === "") {
      ctx.issues.add({
        sheet: row.sheet,
        row: row.row,
        column: schoolColumn.header,
        code: "row_school_missing",
      });
      continue;
    }
    const year = parseAcademicYear(yearText);
    if (year === undefined) {
      ctx.issues.add(
        yearText === ""
          ? { sheet: row.sheet, row: row.row, column: yearColumn.header, code: "row_year_missing" }
          : {
              sheet: row.sheet,
              row: row.row,
              column: yearColumn.header,
              code: "answer_invalid",
              params: { message: `«${yearText}» — учебный год записывается как 2024/2025` },
            },
      );
      continue;
    }
    const { code, name } = schoolOf(schoolText);
    const schoolId = tally.row(code, name);
    if (schoolId === undefined) continue;
    const key = `${schoolId}\u0000${year}`;
    const first = open.seen.get(key);
    if (first !== undefined) {
      ctx.issues.add({
        sheet: row.sheet,
        row: row.row,
        column: schoolColumn.header,
        code: "row_duplicated",
        params: { first },
      });
      continue;
    }
    open.seen.set(key, row.row);
    let patch: SchoolYearFacts | undefined;
    if (open.sheet.form.anonymous) patch = tallyPatch(open, row, schoolId, year, ctx);
    else {
      const answers: SubmissionAnswer[] = [];
      for (const [index, column] of open.columns) {
        const cell = row.cells[index];
        const none = column.field.type === "multichoice" && normalizeLabel(cellText(cell)) === NONE_CHOSEN;
        const value =
          column.field.type === "school"
            ? `[${schoolId}]`
            : column.field.type === "year"
              ? year
              : none
                ? []
                : answerValue(cell);
        answers.push({ key: column.key, value });
      }
      const parsed = parseSubmissionAnswers(open.sheet.form.kind, answers);
      if (!parsed.success) {
        const headerOf = new Map([...open.columns.values()].map((c) => [c.key, c.header]));
        for (const problem of parsed.error.issues)
          ctx.issues.add({
            sheet: row.sheet,
            row: row.row,
            column: headerOf.get(problem.path),
            code: "answer_invalid",
            params: { message: problem.message },
          });
        continue;
      }
      patch = parsed.data.patch;
    }
    if (!patch) continue;
    facts.set(key, mergeFacts(facts.get(key), patch));
    if (!procedures.some((p) => p.form === open.sheet.form.kind && p.year === year))
      procedures.push({ kind: "form", form: open.sheet.form.kind, year });
  }
  if (ctx.issues.count > 0) return undefined;
  const recognised = [...sheets.values()].some((s) => s !== null && s !== undefined);
  if (!recognised || read === 0) {
    ctx.issues.add({ sheet: [...sheets.keys()][0] ?? "", code: recognised ? "no_rows" : "layout_unknown" });
    return undefined;
  }
  procedures.sort((a, b) => (a.form ?? "").localeCompare(b.form ?? "") || a.year.localeCompare(b.year));
  return {
    procedures,
    facts: sortFacts([...facts.values()]),
    schools: tally.lists(),
    rows: { read, taken: tally.takenRows },
    ignoredColumns: ignored,
  };
}
