// `--format auto`: the three kinds of file recognised by their sheet names and headers, never by the file's name.
import { describe, expect, it } from "vitest";
import { importFile } from "../../functions/src/import/import-file.js";
import { csvBytes, f1Rows, PARTICIPANTS, REGISTRY, xlsxBytes } from "./support/import-fixture.js";

const GIA = [
  ["Код ОО", "Экзамен", "Предмет", "Дата экзамена", "Балл"],
  ["500001", "ЕГЭ", "Русский язык", "30.05.2025", 70],
];

describe("format recognition", () => {
  it.each([
    [
      "a Ф1 export, however its file is named",
      () => xlsxBytes({ Лист1: f1Rows(PARTICIPANTS) }),
      "fisoko-vpr",
    ],
    [
      "a Ф1 export whose header sits under a long preamble",
      () => xlsxBytes({ Ф1: [["Отчёт"], [], ["Регион"], ...f1Rows(PARTICIPANTS)] }),
      "fisoko-vpr",
    ],
    ["a ГИА table as .xlsx", () => xlsxBytes({ ЕГЭ: GIA }), "gia"],
    ["a ГИА table as CSV", () => csvBytes(GIA), "gia"],
    [
      "the template by its sheets",
      () =>
        xlsxBytes({
          "Как заполнять": [["…"]],
          Кадры: [
            ["Школа", "Учебный год", "Число учителей"],
            ["sch-1", "2024/2025", 40],
          ],
        }),
      "template",
    ],
  ])("recognises %s", async (_name, bytes, format) => {
    const outcome = await importFile(await bytes(), "data.bin", { format: "auto", schools: REGISTRY });
    expect(outcome.success ? outcome.data.format : outcome.error.format).toBe(format);
  });
});
