// ГИА per-participant tables of a regional processing centre: default headers or a column map, CSV or xlsx, counts per school.
import { describe, expect, it } from "vitest";
import { parseGiaMap } from "../../functions/src/import/gia-map.js";
import { importFile } from "../../functions/src/import/import-file.js";
import { describeImportIssue } from "../../functions/src/import/import-issue.js";
import { type Cell, csvBytes, REGISTRY, xlsxBytes } from "./support/import-fixture.js";

const HEADER = [
  "Код ОО",
  "Наименование ОО",
  "Код участника",
  "ФИО",
  "Экзамен",
  "Предмет",
  "Дата экзамена",
  "Балл",
  "Отметка",
  "Зачёт",
];
const ROWS: Cell[][] = [
  HEADER,
  ["500001", "МБОУ «СОШ № 1»", "A1", "Иванов И. И.", "ЕГЭ", "Русский язык", "30.05.2025", 85, null, "зачёт"],
  [
    "500001",
    "МБОУ «СОШ № 1»",
    "A2",
    "Петров П. П.",
    "ЕГЭ",
    "Русский язык",
    "30.05.2025",
    20,
    null,
    "незачёт",
  ],
  ["500001", "МБОУ «СОШ № 1»", "A3", "Сидоров С. С.", "ЕГЭ", "1", "30.05.2025", 71, null, "зачёт"],
  ["500001", "МБОУ «СОШ № 1»", "A4", "Козлов К. К.", "ЕГЭ", "22", "02.06.2025", null, 2, null],
  ["500001", "МБОУ «СОШ № 1»", "A5", "Орлов О. О.", "ЕГЭ", "Математика базовая", "02.06.2025", null, 5, null],
  ["500002", "МБОУ «СОШ № 2»", "B1", "Лисина Л. Л.", "ОГЭ", "Математика", "06.06.2025", null, 2, null],
  ["500002", "МБОУ «СОШ № 2»", "B2", "Белкин Б. Б.", "ОГЭ", "Математика", "06.06.2025", null, 4, null],
  ["500002", "МБОУ «СОШ № 2»", "B3", "Ежов Е. Е.", "ГВЭ", "Математика", "06.06.2025", null, 3, null],
  ["777777", "МБОУ «Лесная СОШ»", "C1", "Волков В. В.", "ОГЭ", "Русский язык", "03.06.2025", null, 4, null],
];

describe("ГИА tables", () => {
  it("gives ЕГЭ and ОГЭ facts per school: participants, mean, 80 and more, below the minimum, «2»", async () => {
    const outcome = await importFile(csvBytes(ROWS), "gia.csv", { format: "auto", schools: REGISTRY });
    if (!outcome.success) throw new Error(outcome.error.issues.map(describeImportIssue).join("\n"));
    const { data } = outcome;
    expect(data.format).toBe("gia");
    expect(data.facts).toEqual([
      {
        schoolId: "sch-1",
        year: "2024/2025",
        ege: [
          { subject: "math_base", participants: 2, meanScore: 3.5, belowMinimum: 1 },
          { subject: "russian", participants: 3, meanScore: 58.67, atLeast80: 1, belowMinimum: 1 },
        ],
      },
      {
        schoolId: "sch-2",
        year: "2024/2025",
        oge: [{ subject: "math", participants: 2, meanGrade: 3, failed: 1 }],
      },
    ]);
    expect(data.schools.matched.map((m) => [m.schoolId, m.by])).toEqual([
      ["sch-1", "externalId"],
      ["sch-2", "externalId"],
    ]);
    expect(data.schools.unmatched.map((u) => [u.fileName, u.fileCode, u.rows])).toEqual([
      ["МБОУ «Лесная СОШ»", "777777", 1],
    ]);
    expect(data.ignoredColumns.map((c) => c.column)).toEqual(["ФИО"]);
  });

  it("reads a Windows-1251 CSV as older Russian Excel saves it", async () => {
    const outcome = await importFile(csvBytes(ROWS, "windows-1251"), "gia.csv", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(outcome.success && outcome.data.facts.length).toBe(2);
  });

  it("reads only the columns a map names, with the exam, subject and year fixed by the map", async () => {
    const map = parseGiaMap({
      format: "shnor-gia-map",
      version: 1,
      exam: "ege",
      subject: "russian",
      year: "2024/2025",
      columns: { school: "ОУ (код)", score: "Результат", minimum: "Порог" },
    });
    if (!map.success) throw new Error("map");
    const bytes = await xlsxBytes({
      Результаты: [
        ["Район", "ОУ (код)", "Фамилия", "Результат", "Порог", "Балл"],
        ["Образцовский", "500002", "Иванова", 90, 24, 1],
        ["Образцовский", "500002", "Петрова", 23, 24, 1],
      ],
    });
    const outcome = await importFile(bytes, "gia.xlsx", { format: "gia", schools: REGISTRY, map: map.data });
    if (!outcome.success) throw new Error(outcome.error.issues.map(describeImportIssue).join("\n"));
    expect(outcome.data.facts).toEqual([
      {
        schoolId: "sch-2",
        year: "2024/2025",
        ege: [{ subject: "russian", participants: 2, meanScore: 56.5, atLeast80: 1, belowMinimum: 1 }],
      },
    ]);
    // «Балл» is a usual header, but the map did not name it: it is not read.
    expect(outcome.data.ignoredColumns.map((c) => c.column)).toEqual(["Район", "Фамилия", "Балл"]);
  });

  it("refuses a map whose column is not in the file, naming it", async () => {
    const map = parseGiaMap({
      columns: { school: "Код ОО", mark: "Оценка" },
      exam: "oge",
      subject: "math",
      year: "2024/2025",
    });
    if (!map.success) throw new Error("map");
    const outcome = await importFile(
      csvBytes([
        ["Код ОО", "Отметка"],
        ["500001", 4],
      ]),
      "g.csv",
      { format: "gia", schools: REGISTRY, map: map.data },
    );
    expect(outcome.success ? [] : outcome.error.issues.map(describeImportIssue)).toEqual([
      "лист «g.csv», строка 1: нет столбца «Оценка»",
      "лист «g.csv», строка 1: нет столбца «Балл или Отметка»",
    ]);
  });

  it.each([
    [
      "an ЕГЭ score of 101",
      ["500001", "x", "Z1", "", "ЕГЭ", "Русский язык", "30.05.2025", 101, null, null],
      /101 — балл ЕГЭ должен быть от 0 до 100/,
    ],
    [
      "an ОГЭ mark of 1",
      ["500001", "x", "Z1", "", "ОГЭ", "Математика", "06.06.2025", null, 1, null],
      /1 — отметка должна быть от 2 до 5/,
    ],
    [
      "an exam of no known kind",
      ["500001", "x", "Z1", "", "ВПР", "Математика", "06.06.2025", null, 4, null],
      /«ВПР» — не ЕГЭ и не ОГЭ/,
    ],
    [
      "a date in December",
      ["500001", "x", "Z1", "", "ОГЭ", "Математика", "06.12.2025", null, 4, null],
      /в ноябре и декабре ГИА не проводится/,
    ],
    [
      "a participant twice in one subject",
      ["500001", "x", "A1", "", "ЕГЭ", "Русский язык", "30.05.2025", 50, null, null],
      /код участника повторяется \(впервые в строке 2\)/,
    ],
  ])("refuses %s", async (_name, row, message) => {
    const outcome = await importFile(csvBytes([...ROWS, row as Cell[]]), "gia.csv", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(outcome.success).toBe(false);
    if (!outcome.success) expect(outcome.error.issues.map(describeImportIssue).join("\n")).toMatch(message);
  });

  it("asks for the year when the table has no dates and the map gives none", async () => {
    const rows = ROWS.map((r) => r.filter((_c, i) => i !== 6));
    const outcome = await importFile(csvBytes(rows), "gia.csv", { format: "auto", schools: REGISTRY });
    expect(
      outcome.success
        ? ""
        : describeImportIssue(outcome.error.issues[0] ?? { sheet: "", code: "file_empty" }),
    ).toMatch(/не определён учебный год.*укажите «year» в схеме столбцов/);
  });

  it("refuses a map with an unknown field, in Russian", () => {
    const map = parseGiaMap({ columns: { school: "Код ОО", fio: "ФИО" } });
    expect(map.success ? [] : map.error.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "columns.fio: неизвестное поле",
    ]);
  });
});
