// Every bad input of issue 11 §6: refused whole, with a Russian message naming the sheet, row and column.
import { describe, expect, it } from "vitest";
import { importFile } from "../../functions/src/import/import-file.js";
import { describeImportIssue, type ImportIssueCode } from "../../functions/src/import/import-issue.js";
import { csvBytes, f1Rows, PARTICIPANTS, REGISTRY, xlsxBytes } from "./support/import-fixture.js";

const sheet = "Индивидуальные результаты";
const f1 = (rows: ReturnType<typeof f1Rows>) => xlsxBytes({ [sheet]: rows });
const withParticipant = (index: number, change: Partial<(typeof PARTICIPANTS)[number]>) =>
  PARTICIPANTS.map((p, i) => (i === index ? { ...p, ...change } : p));

/** A broken workbook: a real .xlsx cut in half (the central directory is gone). */
async function truncatedXlsx(): Promise<Uint8Array> {
  const whole = await f1(f1Rows(PARTICIPANTS));
  return whole.subarray(0, Math.floor(whole.length / 2));
}

const CASES: [string, () => Promise<Uint8Array> | Uint8Array, ImportIssueCode, RegExp][] = [
  [
    "an image instead of a table",
    () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    "file_not_table",
    /это не таблица/,
  ],
  [
    "an old binary .xls",
    () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
    "file_legacy_xls",
    /сохраните как «Книга Excel \(\.xlsx\)»/,
  ],
  ["a broken .xlsx", truncatedXlsx, "file_broken", /повреждена/],
  ["an empty file", () => new Uint8Array(0), "file_empty", /файл пустой/],
  ["a file of blank lines", () => new TextEncoder().encode("\r\n \r\n"), "file_empty", /файл пустой/],
  [
    "a table of another kind",
    () =>
      xlsxBytes({
        Лист1: [
          ["Фамилия", "Сумма"],
          ["Иванов", 5],
        ],
      }),
    "layout_unknown",
    /вид файла не распознан/,
  ],
  [
    "a task header without its points",
    () => f1(f1Rows(PARTICIPANTS, { tasks: ["1 (2б)", "2", "3.1 (1б)", "3.2 (2б)"] })),
    "task_header_unreadable",
    /«2» — заголовок задания не читается/,
  ],
  [
    "a participant code twice in one school",
    () => f1(f1Rows(withParticipant(1, { code: 10001 }))),
    "participant_duplicated",
    /код участника повторяется \(впервые в строке 7\)/,
  ],
  [
    "a mark of 6",
    () => f1(f1Rows(withParticipant(0, { mark: 6 }))),
    "mark_out_of_range",
    /6 — отметка должна быть от 2 до 5/,
  ],
  [
    "a register mark of 1",
    () => f1(f1Rows(withParticipant(2, { journal: 1 }))),
    "mark_out_of_range",
    /столбец «Отметка по журналу»: 1 — отметка/,
  ],
  [
    "a primary score above the maximum",
    () => f1(f1Rows(withParticipant(0, { primary: 9 }))),
    "primary_above_max",
    /первичный балл 9 больше максимального \(6\)/,
  ],
  [
    "task points above the task's maximum",
    () => f1(f1Rows(withParticipant(0, { tasks: [3, 1, 1, 2] }))),
    "task_above_max",
    /столбец «1 \(2б\)»: 3 — больше максимального балла задания \(2\)/,
  ],
  [
    "a header and no participants",
    () => f1(f1Rows([])),
    "no_participants",
    /нет ни одной строки с результатами участников/,
  ],
  [
    "the title of one year and the date of another",
    () => f1(f1Rows(PARTICIPANTS, { title: "ВПР 2025 Русский язык 5 класс", date: "15.04.2024" })),
    "year_mismatch",
    /в заголовке ВПР 2025 года, а дата проведения 15\.04\.2024/,
  ],
  [
    "a date in the summer holidays",
    () => f1(f1Rows(PARTICIPANTS, { date: "10.07.2025" })),
    "year_mismatch",
    /в этом месяце ВПР не проводятся/,
  ],
  [
    "no date at all",
    () => f1(f1Rows(PARTICIPANTS, { preamble: [["Предмет", "Русский язык"]] })),
    "date_missing",
    /нет строки «Дата»/,
  ],
  [
    "an unknown subject",
    () =>
      f1(f1Rows(PARTICIPANTS, { title: "ВПР 2025 Астрология 5 класс", preamble: [["Дата", "15.04.2025"]] })),
    "subject_unknown",
    /«Астрология» — неизвестный предмет/,
  ],
];

describe("bad input refuses the whole file", () => {
  it.each(CASES)("%s", async (_name, bytes, code, message) => {
    const outcome = await importFile(await bytes(), "файл.xlsx", { format: "auto", schools: REGISTRY });
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    const codes = outcome.error.issues.map((i) => i.code);
    expect(codes).toContain(code);
    const texts = outcome.error.issues.map(describeImportIssue);
    expect(texts.join("\n")).toMatch(message);
    // Every issue says where: the sheet first, in Russian.
    for (const text of texts) expect(text).toMatch(/^лист «[^»]+»/);
  });

  it("names the row and the column of a bad cell", async () => {
    const outcome = await importFile(await f1(f1Rows(withParticipant(3, { mark: 7 }))), "f1.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(outcome.error.issues.map(describeImportIssue)).toEqual([
      "лист «Индивидуальные результаты», строка 10, столбец «Отметка»: 7 — отметка должна быть от 2 до 5",
    ]);
  });

  it("lists every problem of the file, not only the first", async () => {
    const participants = PARTICIPANTS.map((p, i) => (i < 3 ? { ...p, mark: 1 } : p));
    const outcome = await importFile(await f1(f1Rows(participants)), "f1.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(outcome.success ? [] : outcome.error.issues.map((i) => i.row)).toEqual([7, 8, 9]);
  });

  it("says which kind was asked for when the file is another kind", async () => {
    const outcome = await importFile(await f1(f1Rows(PARTICIPANTS)), "f1.xlsx", {
      format: "gia",
      schools: REGISTRY,
    });
    expect(outcome.success).toBe(false);
    if (outcome.success) return;
    expect(describeImportIssue(outcome.error.issues[0] ?? { sheet: "", code: "file_empty" })).toMatch(
      /файл не похож на таблица результатов ГИА \(РЦОИ\): нет строки заголовков со столбцом кода ОО/,
    );
  });

  it("never shows a participant's code or name in a message", async () => {
    const participants = withParticipant(1, { code: 10001, mark: 9, name: "Секретов Тайный Скрытович" });
    const outcome = await importFile(
      await f1(f1Rows(participants, { extra: { ФИО: (p) => p.name ?? null } })),
      "f1.xlsx",
      { format: "auto", schools: REGISTRY },
    );
    const text = outcome.success ? "" : outcome.error.issues.map(describeImportIssue).join("\n");
    expect(text).toMatch(/повторяется/);
    expect(text).not.toMatch(/10001|Секретов/);
  });

  it("refuses a CSV that is no known table", async () => {
    const outcome = await importFile(
      csvBytes([
        ["a", "b"],
        [1, 2],
      ]),
      "x.csv",
      { format: "auto", schools: REGISTRY },
    );
    expect(outcome.success ? [] : outcome.error.issues.map((i) => i.code)).toEqual(["layout_unknown"]);
  });
});
