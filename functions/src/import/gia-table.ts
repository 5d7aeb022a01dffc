// A regional ГИА per-participant table (xlsx or csv) → per school, exam and subject: participants, mean score or mark, 80+, below the minimum, «2».

import { parseYesNo } from "../catalog/answer-coercion.js";
import type { EgeResult, OgeResult, SchoolYearFacts } from "../contract/dataset.js";
import { cellDate, cellNumber, cellText } from "./cell-values.js";
import { FileSchoolTally } from "./file-school-tally.js";
import { DEFAULT_GIA_HEADERS, type GiaColumn, type GiaMap } from "./gia-map.js";
import type { ImportedProcedure } from "./import-result.js";
import { type ParseContext, type ParsedFile, sortFacts } from "./parsed-file.js";
import { GIA_SUBJECT_CODES, normalizeLabel, subjectFromName } from "./vocabulary.js";
import type { CellValue, SheetRow } from "./xlsx-rows.js";

type Located = Partial<Record<GiaColumn, { index: number; header: string }>>;

/**
 * Finds the columns in a header row: with a map, exactly the mapped headers (and no other column is read);
 * without one, the usual РЦОИ headers. Returns undefined when the row does not hold the school column.
 */
export function locateGiaColumns(cells: readonly CellValue[], map: GiaMap | undefined): Located | undefined {
  const labels = cells.map((c) => normalizeLabel(cellText(c)));
  const out: Located = {};
  const wanted = (column: GiaColumn): readonly string[] => {
    if (map) {
      const given = map.columns[column];
      return given === undefined ? [] : [normalizeLabel(given)];
    }
    return DEFAULT_GIA_HEADERS[column].map(normalizeLabel);
  };
  for (const column of Object.keys(DEFAULT_GIA_HEADERS) as GiaColumn[]) {
    for (const name of wanted(column)) {
      const index = labels.indexOf(name);
      if (index >= 0) {
        out[column] = { index, header: cellText(cells[index]) };
        break;
      }
    }
  }
  return out.school ? out : undefined;
}

/** Does this row look like the header of a ГИА table (a school column and something to count)? */
export function isGiaHeader(cells: readonly CellValue[], map: GiaMap | undefined): boolean {
  const found = locateGiaColumns(cells, map);
  return found !== undefined && (found.score !== undefined || found.mark !== undefined);
}

interface Sums {
  exam: "ege" | "oge";
  subject: string;
  year: string;
  participants: number;
  total: number;
  atLeast80: number;
  below: number;
  belowKnown: boolean;
  codes: Map<string, number>;
}

const EXAMS: Readonly<Record<string, "ege" | "oge" | "gve">> = {
  егэ: "ege",
  огэ: "oge",
  гвэ: "gve",
  "гвэ-9": "gve",
  "гвэ-11": "gve",
  ege: "ege",
  oge: "oge",
};

/** ГИА is held from March (early period) to September (additional period) of the year the school year ends. */
function giaYear(iso: string): string | undefined {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  return month <= 10 ? `${year - 1}/${year}` : undefined;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Reads a ГИА table: the first row holding the school column is the header; each later row is one
 * participant's result in one subject. ЕГЭ: test score 0–100 (80 and more, below the minimum by «Зачёт» or
 * the row's minimum score); базовая математика and ОГЭ: the mark 2–5 («2» is below the minimum / failed).
 * ГВЭ rows are skipped. Schools are matched by `externalIds.gia`, the registry code or an unambiguous name.
 */
export async function parseGiaTable(
  ctx: ParseContext,
  map: GiaMap | undefined,
): Promise<ParsedFile | undefined> {
  const tally = new FileSchoolTally(ctx.schools, "gia");
  const ignored: { sheet: string; column: string }[] = [];
  const sums = new Map<string, Sums>();
  let columns: Located | undefined;
  let headerSheet = "";
  let read = 0;
  const issue = (
    row: SheetRow,
    code: Parameters<typeof ctx.issues.add>[0]["code"],
    column?: string,
    params?: Record<string, string | number>,
  ) => ctx.issues.add({ sheet: row.sheet, row: row.row, column, code, ...(params ? { params } : {}) });
  for await (const row of ctx.rows) {
    if (!columns) {
      const found = locateGiaColumns(row.cells, map);
      if (!found) continue;
      columns = found;
      headerSheet = row.sheet;
      if (map) {
        for (const [column, header] of Object.entries(map.columns) as [GiaColumn, string][])
          if (!found[column])
            ctx.issues.add({ sheet: row.sheet, row: row.row, code: "header_missing", params: { header } });
      }
      if (!found.score && !found.mark)
        ctx.issues.add({
          sheet: row.sheet,
          row: row.row,
          code: "header_missing",
          params: { header: "Балл или Отметка" },
        });
      if (!found.exam && !map?.exam)
        ctx.issues.add({
          sheet: row.sheet,
          row: row.row,
          code: "exam_unknown",
          params: { value: "нет столбца «Экзамен»" },
        });
      if (!found.subject && !map?.subject)
        ctx.issues.add({
          sheet: row.sheet,
          row: row.row,
          code: "header_missing",
          params: { header: "Предмет" },
        });
      if (!found.date && !map?.year) ctx.issues.add({ sheet: row.sheet, row: row.row, code: "year_missing" });
      const used = new Set(Object.values(found).map((c) => c.index));
      row.cells.forEach((cell, index) => {
        const text = cellText(cell);
        if (text !== "" && !used.has(index)) ignored.push({ sheet: row.sheet, column: text });
      });
      if (ctx.issues.count > 0) break;
      continue;
    }
    if (row.sheet !== headerSheet) break;
    const at = (column: GiaColumn): CellValue | undefined => {
      const c = columns?.[column];
      return c === undefined ? undefined : row.cells[c.index];
    };
    const header = (column: GiaColumn): string | undefined => columns?.[column]?.header;
    const code = cellText(at("school"));
    const name = cellText(at("schoolName"));
    if (code === "" && name === "") {
      // A participant's result without its school (merged «Код ОО» cells keep the value in the first row only)
      // would silently leave that participant out of the school's counts: refused, row by row.
      if (cellText(at("participant")) !== "") {
        read++;
        issue(row, "row_school_blank", header("school"));
      }
      continue;
    }
    read++;
    const before = ctx.issues.count;
    const examText = cellText(at("exam"));
    const exam = examText === "" ? map?.exam : EXAMS[normalizeLabel(examText)];
    if (exam === "gve") continue;
    if (exam === undefined) issue(row, "exam_unknown", header("exam"), { value: examText });
    const subjectText = cellText(at("subject"));
    const subject =
      subjectText === ""
        ? map?.subject
        : (map?.subjects?.[subjectText] ??
          GIA_SUBJECT_CODES[subjectText.replace(/^0+/, "")] ??
          subjectFromName(subjectText));
    if (subject === undefined)
      issue(row, "subject_unknown", header("subject"), {
        subject: subjectText === "" ? "пусто" : subjectText,
      });
    let year = map?.year;
    const dateCell = at("date");
    if (dateCell !== undefined && cellText(dateCell) !== "") {
      const date = cellDate(dateCell, ctx.date1904);
      if (date === undefined) issue(row, "date_unreadable", header("date"), { value: cellText(dateCell) });
      else {
        const fromDate = giaYear(date);
        if (fromDate === undefined)
          issue(row, "year_mismatch", header("date"), {
            reason: `дата экзамена ${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}: в ноябре и декабре ГИА не проводится`,
          });
        else if (map?.year !== undefined && fromDate !== map.year)
          issue(row, "year_mismatch", header("date"), {
            reason: `дата экзамена относится к ${fromDate} учебному году, а в схеме столбцов указан ${map.year}`,
          });
        else year = fromDate;
      }
    }
    if (year === undefined && ctx.issues.count === before) issue(row, "year_missing", header("date"));
    const base = exam === "oge" || subject === "math_base";
    let value: number | undefined;
    if (base) {
      const mark = cellNumber(at("mark"));
      if (cellText(at("mark")) === "") issue(row, "mark_missing", header("mark"));
      else if (mark === undefined) issue(row, "value_unreadable", header("mark"));
      else if (!Number.isInteger(mark) || mark < 2 || mark > 5)
        issue(row, "mark_out_of_range", header("mark"), { value: mark });
      else value = mark;
    } else {
      const score = cellNumber(at("score"));
      if (cellText(at("score")) === "") issue(row, "value_unreadable", header("score"));
      else if (score === undefined) issue(row, "value_unreadable", header("score"));
      else if (score < 0 || score > 100) issue(row, "score_out_of_range", header("score"), { value: score });
      else value = score;
    }
    if (
      ctx.issues.count > before ||
      exam === undefined ||
      subject === undefined ||
      year === undefined ||
      value === undefined
    )
      continue;
    const schoolId = tally.row(code === "" ? undefined : code, name === "" ? undefined : name);
    if (schoolId === undefined) continue;
    const key = `${schoolId}\u0000${year}\u0000${exam}\u0000${subject}`;
    let s = sums.get(key);
    if (!s) {
      s = {
        exam,
        subject,
        year,
        participants: 0,
        total: 0,
        atLeast80: 0,
        below: 0,
        belowKnown: false,
        codes: new Map(),
      };
      sums.set(key, s);
    }
    const participant = cellText(at("participant"));
    if (participant !== "") {
      const first = s.codes.get(participant);
      if (first !== undefined) {
        issue(row, "participant_duplicated", header("participant"), { first });
        continue;
      }
      s.codes.set(participant, row.row);
    }
    s.participants++;
    s.total += value;
    if (base) {
      s.belowKnown = true;
      if (value === 2) s.below++;
    } else {
      if (value >= 80) s.atLeast80++;
      const passed = parseYesNo(
        cellText(at("passed"))
          .replace(/^не\s*зач[её]т$/i, "нет")
          .replace(/^зач[её]т$/i, "да"),
      );
      const minimumCell = at("minimum");
      const minimum = cellNumber(minimumCell);
      const minimumFlag = minimum === undefined ? parseYesNo(cellText(minimumCell)) : undefined;
      if (passed !== undefined) {
        s.belowKnown = true;
        if (!passed) s.below++;
      } else if (minimum !== undefined) {
        s.belowKnown = true;
        if (value < minimum) s.below++;
      } else if (minimumFlag !== undefined) {
        // «Преодолел минимальный порог: да/нет»
        s.belowKnown = true;
        if (!minimumFlag) s.below++;
      }
    }
  }
  if (ctx.issues.count > 0) return undefined;
  if (!columns) {
    ctx.issues.add({ sheet: headerSheet, code: "layout_unknown" });
    return undefined;
  }
  if (read === 0) {
    ctx.issues.add({ sheet: headerSheet, code: "no_participants" });
    return undefined;
  }
  const facts = new Map<string, SchoolYearFacts>();
  const procedures: ImportedProcedure[] = [];
  for (const [key, s] of sums) {
    const schoolId = key.slice(0, key.indexOf("\u0000"));
    const factKey = `${schoolId}\u0000${s.year}`;
    const fact = facts.get(factKey) ?? { schoolId, year: s.year };
    facts.set(factKey, fact);
    if (!procedures.some((p) => p.kind === s.exam && p.year === s.year && p.subject === s.subject))
      procedures.push({ kind: s.exam, year: s.year, subject: s.subject });
    if (s.exam === "ege") {
      const ege: EgeResult = {
        subject: s.subject,
        participants: s.participants,
        meanScore: round(s.total / s.participants, 2),
        ...(s.subject === "math_base" ? {} : { atLeast80: s.atLeast80 }),
        ...(s.belowKnown ? { belowMinimum: s.below } : {}),
      };
      fact.ege = [...(fact.ege ?? []), ege];
    } else {
      const oge: OgeResult = {
        subject: s.subject,
        participants: s.participants,
        meanGrade: round(s.total / s.participants, 2),
        failed: s.below,
      };
      fact.oge = [...(fact.oge ?? []), oge];
    }
  }
  for (const fact of facts.values()) {
    fact.ege?.sort((a, b) => a.subject.localeCompare(b.subject));
    fact.oge?.sort((a, b) => a.subject.localeCompare(b.subject));
  }
  procedures.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      a.year.localeCompare(b.year) ||
      (a.subject ?? "").localeCompare(b.subject ?? ""),
  );
  return {
    procedures,
    facts: sortFacts([...facts.values()]),
    schools: tally.lists(),
    rows: { read, taken: tally.takenRows },
    ignoredColumns: ignored,
  };
}
