// Files the import tests feed the importer: small Ф1 and ГИА tables built in memory as .xlsx or CSV, and a registry.
import ExcelJS from "exceljs";
import type { School } from "../../../functions/src/contract/dataset.js";

export type Cell = string | number | boolean | Date | null;

/** An .xlsx in memory, one sheet per entry, written by exceljs (a different writer than the importer's reader). */
export async function xlsxBytes(sheets: Record<string, Cell[][]>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A CSV in memory: `;` between cells, UTF-8 with a BOM, or Windows-1251 as older Russian Excel saves it. */
export function csvBytes(rows: Cell[][], encoding: "utf-8" | "windows-1251" = "utf-8"): Uint8Array {
  const text = rows.map((r) => r.map((c) => (c === null ? "" : String(c))).join(";")).join("\r\n");
  if (encoding === "utf-8") return new TextEncoder().encode(`\uFEFF${text}\r\n`);
  // Windows-1251: Cyrillic А–я is U+0410–U+044F → 0xC0–0xFF; Ё/ё → 0xA8/0xB8; ASCII as is.
  const bytes: number[] = [];
  for (const ch of `${text}\r\n`) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (code === 0x401) bytes.push(0xa8);
    else if (code === 0x451) bytes.push(0xb8);
    else if (code === 0xab) bytes.push(0xab);
    else if (code === 0xbb) bytes.push(0xbb);
    else if (code === 0x2116) bytes.push(0xb9);
    else bytes.push(0x3f);
  }
  return new Uint8Array(bytes);
}

/** A registry of four schools; two carry their ФИС ОКО login and ГИА code. */
export const REGISTRY: School[] = [
  { id: "sch-1", name: "МБОУ «СОШ № 1»", externalIds: { fisOko: "edu100001", gia: "500001" } },
  { id: "sch-2", name: "МБОУ «СОШ № 2»", externalIds: { fisOko: "edu100002", gia: "500002" } },
  { id: "sosnovka", name: "МБОУ «Сосновская ООШ»" },
  { id: "lyceum", name: "МАОУ «Лицей № 7»" },
];

/** One participant of a Ф1 table: school, code, task points, primary score, mark, register mark. */
export interface F1Participant {
  school: string;
  schoolName?: string;
  code: string | number;
  tasks: (number | string)[];
  primary: number | string;
  mark: number | string;
  journal?: number | string | null;
  name?: string;
}

export interface F1Options {
  title?: string;
  preamble?: Cell[][];
  date?: Cell;
  maxScore?: Cell;
  tasks?: string[];
  levels?: string[] | null;
  /** Extra columns (header → value per participant) the importer must ignore. */
  extra?: Record<string, (p: F1Participant, i: number) => Cell>;
  /** Permutes the header and every row the same way. */
  order?: (headers: string[]) => string[];
  withJournal?: boolean;
}

export const DEFAULT_TASKS = ["1 (2б)", "2 (1б)", "3.1 (1б)", "3.2 (2б)"];

/** The rows of a Ф1 sheet: title, «Предмет», «Максимальный первичный балл», «Дата», the Б/П row, the header, participants. */
export function f1Rows(participants: readonly F1Participant[], options: F1Options = {}): Cell[][] {
  const tasks = options.tasks ?? DEFAULT_TASKS;
  const base = ["ОО", "Муниципалитет", "Название ОО", "Код участника", "Класс", "Вариант"];
  const tail = [
    "Первичный балл",
    "Отметка",
    ...(options.withJournal === false ? [] : ["Отметка по журналу"]),
  ];
  const extraHeaders = Object.keys(options.extra ?? {});
  const headers = [...base, ...tasks, ...tail, ...extraHeaders];
  const ordered = options.order ? options.order(headers) : headers;
  const levels = options.levels === undefined ? ["Б", "Б", "П", "Б"] : options.levels;
  const cellOf = (p: F1Participant, i: number, header: string): Cell => {
    const t = tasks.indexOf(header);
    if (t >= 0) return p.tasks[t] ?? null;
    switch (header) {
      case "ОО":
        return p.school;
      case "Муниципалитет":
        return "Образцовский район";
      case "Название ОО":
        return p.schoolName ?? null;
      case "Код участника":
        return p.code;
      case "Класс":
        return "5А";
      case "Вариант":
        return 1 + (i % 2);
      case "Первичный балл":
        return p.primary;
      case "Отметка":
        return p.mark;
      case "Отметка по журналу":
        return p.journal ?? null;
      default:
        return options.extra?.[header]?.(p, i) ?? null;
    }
  };
  const rows: Cell[][] = [
    [options.title ?? "ВПР 2025 Русский язык 5 класс"],
    ...(options.preamble ?? [
      ["Предмет", "Русский язык"],
      ["Максимальный первичный балл", options.maxScore ?? 6],
      ["Дата", options.date ?? "15.04.2025"],
    ]),
  ];
  if (levels !== null)
    rows.push(ordered.map((h) => (tasks.includes(h) ? (levels[tasks.indexOf(h)] ?? null) : null)));
  rows.push(ordered);
  participants.forEach((p, i) => {
    rows.push(ordered.map((h) => cellOf(p, i, h)));
  });
  return rows;
}

/** Five participants of СОШ № 1 and two of an unknown school, with their marks and register marks. */
export const PARTICIPANTS: F1Participant[] = [
  {
    school: "edu100001",
    code: 10001,
    tasks: [2, 1, 1, 2],
    primary: 6,
    mark: 5,
    journal: 5,
    name: "Иванов Пётр Сергеевич",
  },
  {
    school: "edu100001",
    code: 10002,
    tasks: [1, 1, 0, 1],
    primary: 3,
    mark: 3,
    journal: 4,
    name: "Петрова Анна Ивановна",
  },
  {
    school: "edu100001",
    code: 10003,
    tasks: [0, "X", 0, 0],
    primary: 0,
    mark: 2,
    journal: 3,
    name: "Сидоров Иван Петрович",
  },
  {
    school: "edu100001",
    code: 10004,
    tasks: [2, 1, 0, 1],
    primary: 4,
    mark: 4,
    journal: 3,
    name: "Кузнецова Мария Олеговна",
  },
  {
    school: "edu100001",
    code: 10005,
    tasks: [2, 0, 1, 1],
    primary: 4,
    mark: 4,
    journal: "нет отметки",
    name: "Смирнов Олег Андреевич",
  },
  {
    school: "edu999999",
    schoolName: "МБОУ «Сосновская СОШ»",
    code: 10001,
    tasks: [1, 0, 0, 1],
    primary: 2,
    mark: 3,
    journal: 3,
    name: "Волков Илья Ильич",
  },
  {
    school: "edu999999",
    schoolName: "МБОУ «Сосновская СОШ»",
    code: 10002,
    tasks: [2, 1, 1, 1],
    primary: 5,
    mark: 4,
    journal: 4,
    name: "Зайцева Ольга Павловна",
  },
];
