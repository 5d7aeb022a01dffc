// The coordinator's input tabs as the sheet gives them (header row first, Russian headers) → registry, settings, criteria, references, roadmap, meetings, pins, with row-level errors.

import { MAX_CRITERIA_ROWS } from "../contract/criteria-vocabulary.js";
import {
  type Meeting,
  MeetingSchema,
  type Reference,
  type RoadmapItem,
  RoadmapItemSchema,
  type School,
  SchoolSchema,
  type VprBoundary,
} from "../contract/dataset.js";
import type { DecisionAction, ListCategory } from "../contract/decision-cycle.js";
import {
  type CriteriaRow,
  CriteriaRowSchema,
  criteriaRowIssues,
} from "../contract/identification-criteria.js";
import { parseMethodologySettings } from "../contract/methodology-settings.js";
import { coerceValue, shown, valueTypeOfColumn } from "./answer-coercion.js";
import {
  COORDINATOR_TABS,
  type CoordinatorTab,
  type CoordinatorTabKind,
  GIA_REFERENCE_SUBJECTS,
  type TabColumn,
} from "./coordinator-tabs.js";

/** One problem in one cell: `row` is the 1-based sheet row (the header is row 1), `column` its Russian header. */
export interface SyncTabError {
  tab: string;
  row: number;
  column: string;
  message: string;
}

export interface Pin {
  menteeId: string;
  mentorId: string;
}

/** A day of «Нерабочие дни» (the domain's CalendarDay). */
export interface CalendarEntry {
  date: string;
  kind: "dayOff" | "workday";
  note?: string;
}

/** One school of an order entered on «Приказы прошлых лет». */
export interface PastOrderRow {
  year: string;
  number: string;
  date: string;
  schoolId: string;
  lists: ListCategory[];
  grounds?: string;
}

/**
 * What the tabs hold. A key is present only when its tab was sent and could be read (its header has every
 * required column); a tab that was not sent or not readable is left out, so a caller keeps what it had.
 * `methodology` is the nested overrides object (`{lowResults: {clusterShare: 0.25}}`), already checked.
 */
export interface SyncTabsData {
  schools?: School[];
  methodology?: Record<string, unknown>;
  /** «Критерии выявления»: the whole table, or absent while any row has an error (the stored one stays). */
  criteria?: CriteriaRow[];
  references?: Reference[];
  roadmap?: RoadmapItem[];
  meetings?: Meeting[];
  pins?: Pin[];
  calendar?: CalendarEntry[];
  pastOrders?: PastOrderRow[];
}

export interface SyncTabsResult {
  data: SyncTabsData;
  errors: SyncTabError[];
}

type CellValue = string | number | boolean | string[] | undefined;

/** One data row: its sheet row number and its typed cells by column key (blank cells absent). */
interface TypedRow {
  row: number;
  values: Record<string, CellValue>;
}

class ErrorList {
  readonly errors: SyncTabError[] = [];
  private readonly badRows = new Set<string>();
  constructor(private readonly tab: CoordinatorTab) {}

  add(row: number, column: string, message: string): void {
    this.errors.push({ tab: this.tab.name, row, column, message });
    this.badRows.add(`${this.tab.name}\u0000${row}`);
  }
  at(row: TypedRow, key: string, message: string): void {
    this.add(row.row, this.header(key), message);
  }
  isBad(row: TypedRow): boolean {
    return this.badRows.has(`${this.tab.name}\u0000${row.row}`);
  }
  header(key: string): string {
    return this.tab.columns.find((c) => c.key === key)?.header ?? key;
  }
}

function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s\u00A0]+/g, " ")
    .replace(/[*:]+\s*$/, "")
    .trim();
}

/** A cell as text: Apps Script may hand numbers and booleans over as they are. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "Да" : "Нет";
  return "\u0000";
}

/** Types one non-blank cell by its column (`coerceValue`); a Russian message when it cannot. */
function typeCell(column: TabColumn, text: string): { value: CellValue } | { error: string } {
  if (text === "\u0000") return { error: "ячейка не читается как текст" };
  const typed = coerceValue(valueTypeOfColumn(column), text, { source: "cell" });
  return typed.success ? { value: typed.data } : { error: typed.error.message };
}

/**
 * Reads a tab: matches the header row by Russian header text (case, ё/е, a trailing «*» or «:» ignored),
 * reports missing required columns (then the tab is not read), types every cell, skips blank rows.
 * `blankAllowed` names required columns whose cells may be blank on some rows (the tab's own rule).
 */
function readTab(
  tab: CoordinatorTab,
  rows: readonly (readonly unknown[])[],
  out: ErrorList,
  blankAllowed: ReadonlySet<string> = new Set(),
): TypedRow[] | undefined {
  const header = rows[0];
  if (header === undefined) return [];
  const byHeader = new Map(
    tab.columns.flatMap((c) => [[normalizeHeader(c.header), c] as const, [c.key.toLowerCase(), c] as const]),
  );
  const positions = new Map<string, number>();
  header.forEach((cell, index) => {
    const column = byHeader.get(normalizeHeader(cellText(cell)));
    if (!column) return;
    if (positions.has(column.key)) out.add(1, column.header, "столбец повторяется; читается первый");
    else positions.set(column.key, index);
  });
  const missing = tab.columns.filter((c) => c.required && !positions.has(c.key));
  for (const column of missing) out.add(1, column.header, "нет обязательного столбца с таким заголовком");
  if (missing.length > 0) return undefined;
  const typed: TypedRow[] = [];
  rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (!Array.isArray(cells)) {
      out.add(row, "", "строка не читается");
      return;
    }
    const texts = new Map<string, string>();
    for (const [key, index] of positions) texts.set(key, cellText(cells[index]));
    if ([...texts.values()].every((t) => t === "")) return;
    const values: Record<string, CellValue> = {};
    for (const column of tab.columns) {
      const text = texts.get(column.key) ?? "";
      if (text === "") {
        if (column.required && !blankAllowed.has(column.key))
          out.add(row, column.header, "обязательная ячейка не заполнена");
        continue;
      }
      const result = typeCell(column, text);
      if ("error" in result) out.add(row, column.header, result.error);
      else values[column.key] = result.value;
    }
    typed.push({ row, values });
  });
  return typed;
}

const str = (v: CellValue): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: CellValue): number | undefined => (typeof v === "number" ? v : undefined);
const bool = (v: CellValue): boolean | undefined => (typeof v === "boolean" ? v : undefined);
const list = (v: CellValue): string[] | undefined => (Array.isArray(v) ? v : undefined);

/** Drops undefined members so the object passes exactOptionalPropertyTypes and strict schemas. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Reports a dataset schema's issues on a row, naming the column the issue's first key belongs to. */
function schemaIssues(
  out: ErrorList,
  row: TypedRow,
  result: {
    success: boolean;
    error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
  },
  columnOf: (key: string) => string = (key) => key,
): void {
  if (result.success) return;
  for (const issue of result.error?.issues ?? []) {
    out.at(row, columnOf(String(issue.path[0] ?? "")), issue.message);
  }
}

/** The column an `externalIds` issue belongs to: «Логин ФИС ОКО» or «Код ОО в ГИА». */
function externalColumn(result: { error?: { issues: readonly { path: readonly PropertyKey[] }[] } }): string {
  const system = result.error?.issues.find((i) => i.path[0] === "externalIds")?.path[1];
  return system === "gia" ? "giaCode" : "fisOko";
}

function parseSchools(rows: TypedRow[], out: ErrorList): School[] {
  const schools: School[] = [];
  const ids = new Set<string>();
  const fisOkoLogins = new Map<string, number>();
  const giaCodes = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const id = str(v.id);
    if (id !== undefined && ids.has(id)) out.at(row, "id", `«${id}» — код школы повторяется`);
    if (/\s/.test(id ?? "")) out.at(row, "id", `«${id}» — код школы без пробелов`);
    const fisOko = str(v.fisOko)?.toLowerCase();
    const gia = str(v.giaCode);
    for (const [key, code, seen] of [
      ["fisOko", fisOko, fisOkoLogins],
      ["giaCode", gia, giaCodes],
    ] as const) {
      if (code === undefined) continue;
      const first = seen.get(code);
      if (first !== undefined) out.at(row, key, `«${code}» — этот код уже указан в строке ${first}`);
    }
    const lat = num(v.lat);
    const lon = num(v.lon);
    if ((lat === undefined) !== (lon === undefined))
      out.at(row, lat === undefined ? "lat" : "lon", "широта и долгота заполняются вместе");
    if (out.isBad(row)) continue;
    const school = compact({
      id,
      name: str(v.name),
      settlement: str(v.settlement),
      kind: str(v.kind),
      smallSchool: bool(v.smallSchool),
      location: lat !== undefined && lon !== undefined ? { lat, lon } : undefined,
      emails: list(v.emails),
      cluster: str(v.cluster),
      externalIds: fisOko !== undefined || gia !== undefined ? compact({ fisOko, gia }) : undefined,
    });
    const checked = SchoolSchema.safeParse(school);
    schemaIssues(out, row, checked, (key) =>
      key === "location" ? "lat" : key === "externalIds" ? externalColumn(checked) : key,
    );
    if (!checked.success || out.isBad(row)) continue;
    ids.add(checked.data.id);
    if (fisOko !== undefined) fisOkoLogins.set(fisOko, row.row);
    if (gia !== undefined) giaCodes.set(gia, row.row);
    schools.push(checked.data);
  }
  return schools;
}

const SETTING_KEY = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

function nest(entries: readonly { key: string; value: CellValue }[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { key, value } of entries) {
    const parts = key.split(".");
    let current = root;
    parts.slice(0, -1).forEach((part) => {
      const next = current[part];
      if (next === null || typeof next !== "object") current[part] = {};
      current = current[part] as Record<string, unknown>;
    });
    current[parts[parts.length - 1] ?? key] = value;
  }
  return root;
}

function parseSettings(rows: TypedRow[], out: ErrorList): Record<string, unknown> | undefined {
  let good: { row: TypedRow; key: string; value: CellValue }[] = [];
  for (const row of rows) {
    const key = str(row.values.key);
    if (key !== undefined && !SETTING_KEY.test(key))
      out.at(
        row,
        "key",
        `${shown(key)} — код параметра латиницей через точку, например lowResults.clusterShare`,
      );
    else if (key !== undefined) {
      const clash = good.find(
        (g) => g.key === key || g.key.startsWith(`${key}.`) || key.startsWith(`${g.key}.`),
      );
      if (clash) out.at(row, "key", `${shown(key)} — параметр уже задан в строке ${clash.row.row}`);
    }
    if (out.isBad(row) || key === undefined) continue;
    good.push({ row, key, value: row.values.value });
  }
  // Each pass drops the rows the settings schema names; a bad row never hides the good ones.
  for (let pass = 0; pass <= rows.length; pass++) {
    const overrides = nest(good);
    const parsed = parseMethodologySettings(overrides);
    if (parsed.success) return overrides;
    const blamed = new Set<TypedRow>();
    for (const issue of parsed.error.issues) {
      const path = issue.path.replace(/^methodology\.?/, "");
      const owner = good.find(
        (g) => g.key === path || path.startsWith(`${g.key}.`) || g.key.startsWith(`${path}.`),
      );
      if (!owner) {
        out.add(1, out.header("key"), `${path}: ${issue.message}`);
        return undefined;
      }
      if (issue.message === "неизвестное поле")
        out.at(owner.row, "key", `${shown(owner.key)} — неизвестный параметр`);
      else out.at(owner.row, "value", `${owner.key}: ${issue.message}`);
      blamed.add(owner.row);
    }
    good = good.filter((g) => !blamed.has(g.row));
  }
  return undefined;
}

/**
 * «Критерии выявления»: every row typed, shaped and checked as `methodology.criteria` is (a row-level Russian
 * error in the column at fault). Unlike the other tabs a bad row does not leave the good ones in force: a list's
 * rule reads all its criteria together, and a table missing one row would list schools by rules nobody wrote —
 * so the table is taken whole or not at all, and the stored one stays meanwhile.
 */
function parseCriteria(rows: TypedRow[], out: ErrorList): CriteriaRow[] | undefined {
  if (rows.length > MAX_CRITERIA_ROWS) {
    out.add(
      1,
      "",
      `строк критериев ${rows.length} — не больше ${MAX_CRITERIA_ROWS}; таблица не применена, действует прежняя`,
    );
    return undefined;
  }
  const good: { row: TypedRow; value: CriteriaRow }[] = [];
  for (const row of rows) {
    const v = row.values;
    const candidate = compact({
      number: str(v.number),
      wording: str(v.wording),
      list: str(v.list),
      indicator: str(v.indicator),
      comparison: str(v.comparison),
      reference: str(v.reference),
      threshold: num(v.threshold),
      years: num(v.years),
      aggregate: str(v.aggregate),
      weight: num(v.weight),
      rule: str(v.rule),
    });
    if (out.isBad(row)) continue;
    const checked = CriteriaRowSchema.safeParse(candidate);
    schemaIssues(out, row, checked);
    if (checked.success) good.push({ row, value: checked.data });
  }
  for (const issue of criteriaRowIssues(
    good.map((g) => g.value),
    (i) => good[i]?.row.row ?? i + 1,
  )) {
    const owner = good[issue.row];
    if (owner) out.at(owner.row, issue.field ?? "list", issue.message);
  }
  if (out.errors.length > 0) {
    out.add(1, "", "таблица не применена, пока в ней есть ошибки: действует прежняя таблица критериев");
    return undefined;
  }
  return good.map((g) => g.value);
}

/**
 * A ВПР row of «Эталоны»: the class, and the lowest primary scores of «3», «4», «5» (increasing) and/or the regional
 * values — the mean primary score and the share of «2» (seed 001, 3.2; seed 003). ЕГЭ-only columns stay blank.
 */
function vprRowOf(
  row: TypedRow,
  out: ErrorList,
):
  | {
      grade: number;
      boundary: VprBoundary["lowest"] | undefined;
      regional: { meanScore?: number; grade2Share?: number } | undefined;
    }
  | undefined {
  const v = row.values;
  for (const k of ["atLeast80Share", "belowMinimumShare"] as const)
    if (v[k] !== undefined) out.at(row, k, "для ВПР не заполняется (только ЕГЭ)");
  const grade = num(v.grade);
  const lowest = { "3": num(v.lowest3), "4": num(v.lowest4), "5": num(v.lowest5) };
  const meanScore = num(v.mean);
  const grade2Share = num(v.failedShare);
  const regional = meanScore !== undefined || grade2Share !== undefined;
  const anyBoundary = Object.values(lowest).some((l) => l !== undefined);
  if (grade === undefined) out.at(row, "grade", "для ВПР укажите класс");
  if (anyBoundary || !regional) {
    for (const mark of ["3", "4", "5"] as const)
      if (lowest[mark] === undefined) out.at(row, `lowest${mark}`, "для ВПР укажите границу отметки");
  }
  const [l3, l4, l5] = [lowest["3"], lowest["4"], lowest["5"]];
  if (l3 !== undefined && l4 !== undefined && l3 >= l4)
    out.at(row, "lowest4", `${l4} — должно быть больше балла на «3» (${l3})`);
  if (l4 !== undefined && l5 !== undefined && l4 >= l5)
    out.at(row, "lowest5", `${l5} — должно быть больше балла на «4» (${l4})`);
  if (out.isBad(row) || grade === undefined) return undefined;
  const values: { meanScore?: number; grade2Share?: number } = {};
  if (meanScore !== undefined) values.meanScore = meanScore;
  if (grade2Share !== undefined) values.grade2Share = grade2Share;
  return {
    grade,
    boundary:
      l3 !== undefined && l4 !== undefined && l5 !== undefined ? { "3": l3, "4": l4, "5": l5 } : undefined,
    regional: regional ? values : undefined,
  };
}

/** A РДР row of «Эталоны»: the regional share of unsatisfactory results (in «Доля «2», %»), the class if given. */
function rdrRowOf(
  row: TypedRow,
  out: ErrorList,
): { grade?: number; unsatisfactoryShare: number } | undefined {
  const v = row.values;
  for (const k of ["mean", "atLeast80Share", "belowMinimumShare", "lowest3", "lowest4", "lowest5"] as const)
    if (v[k] !== undefined)
      out.at(row, k, "для РДР не заполняется: укажите долю неудовлетворительных результатов");
  const share = num(v.failedShare);
  if (share === undefined)
    out.at(row, "failedShare", "для РДР укажите долю неудовлетворительных результатов");
  if (out.isBad(row) || share === undefined) return undefined;
  const grade = num(v.grade);
  return grade === undefined ? { unsatisfactoryShare: share } : { grade, unsatisfactoryShare: share };
}

function parseReferences(rows: TypedRow[], out: ErrorList): Reference[] {
  const byYear = new Map<string, Reference>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const year = str(v.year);
    const procedure = str(v.procedure);
    const subject = str(v.subject);
    const mean = num(v.mean);
    const grade = num(v.grade);
    const key = `${year}|${procedure}|${subject}|${procedure === "ege" || procedure === "oge" ? "" : (grade ?? "")}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) out.at(row, "subject", `эталон уже указан в строке ${earlier}`);
    if (procedure === "vpr") {
      const vpr = vprRowOf(row, out);
      if (out.isBad(row) || year === undefined || subject === undefined || vpr === undefined) continue;
      seen.set(key, row.row);
      const reference = byYear.get(year) ?? { year };
      byYear.set(year, reference);
      if (vpr.boundary) {
        reference.vprBoundaries ??= [];
        reference.vprBoundaries.push({ grade: vpr.grade, subject, lowest: vpr.boundary });
      }
      if (vpr.regional) {
        reference.vpr ??= [];
        reference.vpr.push({ grade: vpr.grade, subject, ...vpr.regional });
      }
      continue;
    }
    if (procedure === "rdr") {
      const rdr = rdrRowOf(row, out);
      if (out.isBad(row) || year === undefined || subject === undefined || rdr === undefined) continue;
      seen.set(key, row.row);
      const reference = byYear.get(year) ?? { year };
      byYear.set(year, reference);
      reference.rdr ??= [];
      reference.rdr.push({ subject, ...rdr });
      continue;
    }
    if (mean === undefined) out.at(row, "mean", "обязательная ячейка не заполнена");
    if (subject !== undefined && !GIA_REFERENCE_SUBJECTS.some((s) => s.value === subject))
      out.at(
        row,
        "subject",
        `«${subject}» — для ЕГЭ и ОГЭ допустимы: ${GIA_REFERENCE_SUBJECTS.map((s) => `«${s.label}»`).join(", ")}`,
      );
    if (v.grade !== undefined) out.at(row, "grade", "заполняется только для ВПР и РДР");
    for (const k of ["lowest3", "lowest4", "lowest5"] as const)
      if (v[k] !== undefined) out.at(row, k, "заполняется только для ВПР");
    if (procedure === "ege" && v.failedShare !== undefined)
      out.at(row, "failedShare", "заполняется только для ОГЭ");
    if (procedure === "oge") {
      for (const k of ["atLeast80Share", "belowMinimumShare"] as const)
        if (v[k] !== undefined) out.at(row, k, "заполняется только для ЕГЭ");
      if (mean !== undefined && (mean < 2 || mean > 5))
        out.at(row, "mean", `${mean} — средняя отметка ОГЭ от 2 до 5`);
    }
    if (
      out.isBad(row) ||
      year === undefined ||
      procedure === undefined ||
      subject === undefined ||
      mean === undefined
    )
      continue;
    seen.set(key, row.row);
    const reference = byYear.get(year) ?? { year };
    byYear.set(year, reference);
    if (procedure === "ege") {
      reference.ege ??= [];
      reference.ege.push(
        compact({
          subject,
          meanScore: mean,
          atLeast80Share: num(v.atLeast80Share),
          belowMinimumShare: num(v.belowMinimumShare),
        }),
      );
    } else {
      reference.oge ??= [];
      reference.oge.push(compact({ subject, meanGrade: mean, failedShare: num(v.failedShare) }));
    }
  }
  return [...byYear.values()];
}

function unknownSchools(ids: readonly string[], registry: ReadonlySet<string> | undefined): string[] {
  return registry ? ids.filter((id) => !registry.has(id)) : [];
}

function parseRoadmap(
  rows: TypedRow[],
  out: ErrorList,
  registry: ReadonlySet<string> | undefined,
): RoadmapItem[] {
  const items: RoadmapItem[] = [];
  const ids = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const id = str(v.id);
    const from = str(v.from);
    const to = str(v.to);
    if (id !== undefined && ids.has(id))
      out.at(row, "id", `«${id}» — номер уже есть в строке ${ids.get(id)}`);
    if (from !== undefined && to !== undefined && from > to) out.at(row, "to", "окончание раньше начала");
    const strangers = unknownSchools(list(v.schoolIds) ?? [], registry);
    if (strangers.length > 0)
      out.at(
        row,
        "schoolIds",
        `${strangers.map((s) => `«${s}»`).join(", ")} — таких школ нет на вкладке «Школы»`,
      );
    if (out.isBad(row)) continue;
    const schoolIds = list(v.schoolIds);
    const item = compact({
      id,
      title: str(v.title),
      from,
      to,
      responsible: str(v.responsible),
      expectedResult: str(v.expectedResult),
      schoolIds: schoolIds && schoolIds.length > 0 ? schoolIds : undefined,
      done: str(v.done),
    });
    const checked = RoadmapItemSchema.safeParse(item);
    schemaIssues(out, row, checked);
    if (!checked.success) continue;
    ids.set(checked.data.id, row.row);
    items.push(checked.data);
  }
  return items;
}

/** «ШНОР и ШНСУ» → both lists. */
function listsOf(value: CellValue): ListCategory[] | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  return text === "both" ? ["lowResults", "adverseSocial"] : [text as ListCategory];
}

function parseMeetings(
  rows: TypedRow[],
  out: ErrorList,
  registry: ReadonlySet<string> | undefined,
): Meeting[] {
  const meetings = new Map<string, Meeting & { firstRow: number }>();
  for (const row of rows) {
    const v = row.values;
    const date = str(v.date);
    if (date === undefined) continue;
    const protocol = str(v.protocol);
    // two meetings on one day are told apart by their protocol numbers
    const key = `${date}\u0000${protocol ?? ""}`;
    const known = meetings.get(key);
    let members = num(v.members);
    let present = num(v.present);
    for (const [key, value, had] of [
      ["members", members, known?.members],
      ["present", present, known?.present],
    ] as const) {
      if (value === undefined && had === undefined)
        out.at(row, key, "не заполнено (достаточно указать в первой строке заседания)");
      if (value !== undefined && had !== undefined && value !== had)
        out.at(row, key, `${value} — в строке ${known?.firstRow} для этого заседания указано ${had}`);
    }
    members ??= known?.members;
    present ??= known?.present;
    if (members !== undefined && present !== undefined && present > members)
      out.at(row, "present", `${present} — больше, чем членов рабочей группы (${members})`);
    const title = str(v.decision);
    const votes = { for: num(v.for), against: num(v.against), abstained: num(v.abstained) };
    if (title === undefined && (votes.for !== undefined || votes.against !== undefined))
      out.at(row, "decision", "голоса указаны, а формулировки решения нет");
    const action = str(v.action) as DecisionAction | undefined;
    const schoolIds = list(v.schoolIds) ?? [];
    const lists = listsOf(v.lists);
    if (action !== undefined && title === undefined)
      out.at(row, "decision", "действие указано, а формулировки решения нет");
    if (action !== undefined && action !== "approveLists" && schoolIds.length === 0)
      out.at(row, "schoolIds", "укажите коды школ, которых касается решение");
    if (action === "approveLists" && schoolIds.length > 0)
      out.at(
        row,
        "schoolIds",
        "для «утвердить списки целиком» школы не указываются: решения по отдельным школам — отдельными строками",
      );
    if (action === "include" && lists === undefined)
      out.at(row, "lists", "для «включить» укажите список: ШНОР, ШНСУ или оба");
    const strangers = unknownSchools(schoolIds, registry);
    if (strangers.length > 0)
      out.at(
        row,
        "schoolIds",
        `${strangers.map((id) => `«${id}»`).join(", ")} — таких школ нет на вкладке «Школы»`,
      );
    if (title !== undefined) {
      if (votes.for === undefined) out.at(row, "for", "укажите число голосов «за» (0, если никто)");
      if (votes.against === undefined)
        out.at(row, "against", "укажите число голосов «против» (0, если никто)");
      const total = (votes.for ?? 0) + (votes.against ?? 0) + (votes.abstained ?? 0);
      if (present !== undefined && total > present)
        out.at(row, "for", `проголосовали ${total} — больше, чем присутствовали (${present})`);
    }
    if (out.isBad(row) || members === undefined || present === undefined) continue;
    const meeting: Meeting & { firstRow: number } = known ?? {
      date,
      ...(protocol !== undefined ? { protocol } : {}),
      members,
      present,
      firstRow: row.row,
    };
    const chair = bool(v.chairPresent);
    if (chair !== undefined && meeting.chairPresent === undefined) meeting.chairPresent = chair;
    // who presided, kept the protocol and attended: the first row that says it
    const chairName = str(v.chair);
    if (chairName !== undefined && meeting.chair === undefined) meeting.chair = chairName;
    const secretary = str(v.secretary);
    if (secretary !== undefined && meeting.secretary === undefined) meeting.secretary = secretary;
    const attendees = list(v.attendees);
    if (attendees !== undefined && attendees.length > 0 && meeting.attendees === undefined)
      meeting.attendees = attendees;
    if (title !== undefined && votes.for !== undefined && votes.against !== undefined) {
      meeting.decisions ??= [];
      meeting.decisions.push(
        compact({
          title,
          for: votes.for,
          against: votes.against,
          abstained: votes.abstained,
          chairVotedFor: bool(v.chairVotedFor),
          action,
          schoolIds: action !== undefined && schoolIds.length > 0 ? schoolIds : undefined,
          lists: action !== undefined ? lists : undefined,
          grounds: str(v.grounds),
          dissent: str(v.dissent),
          draft: action === "approveLists" ? num(v.draft) : undefined,
        }),
      );
    }
    meetings.set(key, meeting);
  }
  const result: Meeting[] = [];
  for (const { firstRow, ...meeting } of meetings.values()) {
    const checked = MeetingSchema.safeParse(meeting);
    if (checked.success) result.push(checked.data);
    else out.add(firstRow, out.header("date"), checked.error.issues[0]?.message ?? "заседание не читается");
  }
  return result;
}

function parsePins(rows: TypedRow[], out: ErrorList, registry: ReadonlySet<string> | undefined): Pin[] {
  const pins: Pin[] = [];
  const mentees = new Map<string, number>();
  for (const row of rows) {
    const menteeId = str(row.values.menteeId);
    const mentorId = str(row.values.mentorId);
    if (menteeId === undefined || mentorId === undefined) continue;
    for (const [key, id] of [
      ["menteeId", menteeId],
      ["mentorId", mentorId],
    ] as const) {
      if (unknownSchools([id], registry).length > 0)
        out.at(row, key, `«${id}» — такой школы нет на вкладке «Школы»`);
    }
    if (menteeId === mentorId) out.at(row, "mentorId", "школа не может быть наставником самой себе");
    const earlier = mentees.get(menteeId);
    if (earlier !== undefined)
      out.at(row, "menteeId", `«${menteeId}» — наставник уже закреплён в строке ${earlier}`);
    if (out.isBad(row)) continue;
    mentees.set(menteeId, row.row);
    pins.push({ menteeId, mentorId });
  }
  return pins;
}

function parseCalendar(rows: TypedRow[], out: ErrorList): CalendarEntry[] {
  const days: CalendarEntry[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const date = str(row.values.date);
    if (date === undefined) continue;
    const earlier = seen.get(date);
    if (earlier !== undefined) out.at(row, "date", `эта дата уже указана в строке ${earlier}`);
    if (out.isBad(row)) continue;
    seen.set(date, row.row);
    const note = str(row.values.note);
    days.push({
      date,
      kind: (str(row.values.kind) ?? "dayOff") as CalendarEntry["kind"],
      ...(note !== undefined ? { note } : {}),
    });
  }
  return days;
}

function parsePastOrders(
  rows: TypedRow[],
  out: ErrorList,
  registry: ReadonlySet<string> | undefined,
): PastOrderRow[] {
  const orders: PastOrderRow[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const schoolId = str(v.schoolId);
    const key = `${str(v.year)}|${str(v.number)}|${str(v.date)}|${schoolId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      out.at(row, "schoolId", `школа уже указана в этом приказе в строке ${earlier}`);
    if (schoolId !== undefined && unknownSchools([schoolId], registry).length > 0)
      out.at(row, "schoolId", `«${schoolId}» — такой школы нет на вкладке «Школы»`);
    const year = str(v.year);
    const number = str(v.number);
    const date = str(v.date);
    const lists = listsOf(v.lists);
    if (out.isBad(row) || year === undefined || number === undefined || date === undefined) continue;
    if (schoolId === undefined || lists === undefined) continue;
    seen.set(key, row.row);
    const grounds = str(v.grounds);
    orders.push({ year, number, date, schoolId, lists, ...(grounds !== undefined ? { grounds } : {}) });
  }
  return orders;
}

function isTable(value: unknown): value is readonly (readonly unknown[])[] {
  return Array.isArray(value);
}

/**
 * Parses the coordinator's input tabs, each as the sheet gives it (header row first). Cells are typed as
 * people type them (dates `01.09.2025` or `2025-09-01`, decimals with a comma, «Да»/«Нет»). A row with an
 * error is reported and left out; the good rows are kept. Schools named on «Дорожная карта» and
 * «Закрепление пар» are checked against «Школы» when that tab is sent too. Never throws.
 */
export function parseSyncTabs(tabs: Readonly<Record<string, unknown>>): SyncTabsResult {
  const data: SyncTabsData = {};
  const errors: SyncTabError[] = [];
  const byKind = new Map<
    CoordinatorTabKind,
    { tab: CoordinatorTab; rows: readonly (readonly unknown[])[] }
  >();
  const known = COORDINATOR_TABS.map((t) => `«${t.name}»`).join(", ");
  if (tabs === null || typeof tabs !== "object" || Array.isArray(tabs)) {
    return { data, errors: [{ tab: "", row: 1, column: "", message: `ожидаются вкладки ${known}` }] };
  }
  for (const [name, rows] of Object.entries(tabs)) {
    const tab = COORDINATOR_TABS.find((t) => t.name === name.trim());
    if (!tab) {
      errors.push({ tab: name, row: 1, column: "", message: `неизвестная вкладка; ожидаются ${known}` });
      continue;
    }
    if (!isTable(rows)) {
      errors.push({
        tab: name,
        row: 1,
        column: "",
        message: "ожидается таблица: список строк, первая — заголовки",
      });
      continue;
    }
    byKind.set(tab.kind, { tab, rows });
  }
  const read = (kind: CoordinatorTabKind, blankAllowed?: ReadonlySet<string>) => {
    const entry = byKind.get(kind);
    if (!entry) return undefined;
    const out = new ErrorList(entry.tab);
    const rows = readTab(entry.tab, entry.rows, out, blankAllowed);
    return { rows, out };
  };
  const collect = <T>(
    kind: CoordinatorTabKind,
    parse: (rows: TypedRow[], out: ErrorList) => T,
    blankAllowed?: ReadonlySet<string>,
  ): T | undefined => {
    const tab = read(kind, blankAllowed);
    if (!tab) return undefined;
    const value = tab.rows ? parse(tab.rows, tab.out) : undefined;
    errors.push(...tab.out.errors);
    return value;
  };

  const schools = collect("schools", parseSchools);
  if (schools) data.schools = schools;
  const registry = schools ? new Set(schools.map((s) => s.id)) : undefined;
  const methodology = collect("settings", parseSettings);
  if (methodology) data.methodology = methodology;
  const criteria = collect("criteria", parseCriteria);
  if (criteria) data.criteria = criteria;
  // «Средний балл» is required of ЕГЭ and ОГЭ rows only; a ВПР row gives mark boundaries instead.
  const references = collect("references", parseReferences, new Set(["mean"]));
  if (references) data.references = references;
  const roadmap = collect("roadmap", (rows, out) => parseRoadmap(rows, out, registry));
  if (roadmap) data.roadmap = roadmap;
  const meetings = collect(
    "meetings",
    (rows, out) => parseMeetings(rows, out, registry),
    new Set(["members", "present"]),
  );
  if (meetings) data.meetings = meetings;
  const pins = collect("pins", (rows, out) => parsePins(rows, out, registry));
  if (pins) data.pins = pins;
  const calendar = collect("calendar", parseCalendar);
  if (calendar) data.calendar = calendar;
  const pastOrders = collect("pastOrders", (rows, out) => parsePastOrders(rows, out, registry));
  if (pastOrders) data.pastOrders = pastOrders;
  const order = (name: string) => COORDINATOR_TABS.findIndex((t) => t.name === name);
  errors.sort((a, b) => order(a.tab) - order(b.tab) || a.row - b.row);
  return { data, errors };
}
