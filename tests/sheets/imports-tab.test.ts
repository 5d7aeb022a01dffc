// «Импорт» as a coordinator reads it: each file with what became of it, then its unfound schools, conflicts with forms and errors.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";
import { fieldLabel, type ImportRecordRow, valueText } from "../../functions/src/sheets/tabs/imports-tab.js";

/** The sample territory's results and dataset (the time zone «Europe/Samara», as the sample's). */
function sampleWorkbookInputs() {
  const checked = parseDataset(generateSampleTerritory({ schools: 24, years: 3, seed: 2026 }));
  if (!checked.success) throw new Error("sample dataset refused");
  const computed = computeResults(checked.data.dataset, checked.data.settings, {
    asOf: DateTime.fromISO("2026-03-02", { zone: "Europe/Moscow" }),
  });
  if (!computed.success) throw new Error(computed.error.message);
  return { results: computed.data, dataset: checked.data.dataset };
}

const applied: ImportRecordRow = {
  id: "fisoko-vpr~aa",
  format: "fisoko-vpr",
  file: { name: "Ф1 ВПР 5 русский.xlsx", size: 123_456 },
  status: "applied",
  importedAt: "2026-03-02T09:00:00.000Z",
  importedBy: "metodist@example.ru",
  procedures: [{ kind: "vpr", year: "2025/2026", grade: 5, subject: "russian" }],
  rows: { read: 812, taken: 790 },
  matched: 22,
  unmatched: [
    {
      fileName: "МБОУ «СОШ № 5» (филиал)",
      fileCode: "edu640099",
      rows: 22,
      suggestions: [{ schoolId: "school-05", name: "МБОУ «СОШ № 5»" }],
    },
  ],
  unmatchedCount: 1,
  ignoredColumns: ["ФИО", "Пол"],
  conflicts: [
    {
      schoolId: "school-05",
      year: "2025/2026",
      path: "vpr[grade=5,subject=russian]",
      file: JSON.stringify({
        grade: 5,
        subject: "russian",
        participants: 54,
        grades: { 2: 3, 3: 20, 4: 21, 5: 10 },
      }),
      form: JSON.stringify({
        grade: 5,
        subject: "russian",
        participants: 52,
        grades: { 2: 3, 3: 18, 4: 21, 5: 10 },
      }),
    },
  ],
  conflictCount: 3,
  issues: [],
  issueCount: 0,
  changed: 22,
};

const refused: ImportRecordRow = {
  ...applied,
  id: "refused~bb",
  format: null,
  file: { name: "выгрузка.xls", size: 5_000 },
  status: "refused",
  importedAt: "2026-03-03T10:30:00.000Z",
  procedures: [],
  unmatched: [],
  unmatchedCount: 0,
  conflicts: [],
  conflictCount: 0,
  ignoredColumns: [],
  issues: [
    "лист «выгрузка.xls»: это файл старого формата Excel (.xls) или книга с паролем; откройте его в Excel и сохраните как «Книга Excel (.xlsx)» без пароля",
  ],
  issueCount: 1,
  changed: 0,
};

function tabOf(records: ImportRecordRow[]) {
  const { results, dataset } = sampleWorkbookInputs();
  const tab = buildWorkbook(results, dataset, { rejected: [], imports: records }).tabs.find(
    (t) => t.name === "Импорт",
  );
  if (tab === undefined) throw new Error("no «Импорт» tab");
  return tab;
}

describe("«Импорт»", () => {
  it("shows each file, then its unfound schools with suggestions, its conflicts with forms and the columns not read", () => {
    const tab = tabOf([applied]);
    const rows = tab.rows.map((r) => r.map((c) => (c === null ? "" : String(c))));
    expect(rows[0]).toEqual([
      "02.03.2026 12:00",
      "Ф1 ВПР 5 русский.xlsx",
      "ВПР: «Ф1 Индивидуальные результаты» (ФИС ОКО)",
      "ВПР 2025/2026, 5 класс, русский язык",
      "Загружен",
      "812",
      "790",
      "22",
      "1",
      "",
      "",
      "",
      "загрузил metodist@example.ru; изменено записей «школа — год»: 22",
    ]);
    expect(rows[1]?.slice(9)).toEqual([
      "Школа не найдена в реестре",
      "МБОУ «СОШ № 5» (филиал) (edu640099)",
      "",
      "строк 22 не загружено; похожие: «МБОУ «СОШ № 5»» [school-05]. Добавьте школе код из файла на листе «Школы» и загрузите файл ещё раз",
    ]);
    expect(rows[2]?.[9]).toBe("Расхождение с ответом формы");
    expect(rows[2]?.[12]).toBe(
      "ВПР, 5 класс, русский язык: в файле — участников 54; отметки «2»/«3»/«4»/«5»: 3/20/21/10; в ответе формы — " +
        "участников 52; отметки «2»/«3»/«4»/«5»: 3/18/21/10. В расчёте — ответ формы школы",
    );
    expect(rows[3]?.slice(9)).toEqual(["Расхождение с ответом формы", "", "", "…и ещё 2"]);
    expect(rows[4]?.[12]).toBe("«ФИО», «Пол»: их значения не загружались и не хранятся");
    expect(rows).toHaveLength(5);
  });

  it("shows a refused file with its errors and no counts, newest first as given", () => {
    const tab = tabOf([refused, applied]);
    expect(tab.rows[0]?.slice(0, 9)).toEqual([
      "03.03.2026 13:30",
      "выгрузка.xls",
      "не распознан",
      "",
      "Не принят: ничего не загружено",
      null,
      null,
      null,
      null,
    ]);
    expect(tab.rows[1]?.slice(9, 10)).toEqual(["Ошибка"]);
    expect(String(tab.rows[1]?.[12])).toMatch(/старого формата Excel/);
    expect(tab.rows[2]?.[1]).toBe("Ф1 ВПР 5 русский.xlsx");
  });

  it("is there, empty, when no file was imported yet; and left out of CLI workbooks", () => {
    expect(tabOf([]).rows).toEqual([]);
    const { results, dataset } = sampleWorkbookInputs();
    expect(buildWorkbook(results, dataset).tabs.some((t) => t.name === "Импорт")).toBe(false);
  });

  it("words fields and values the Russian way", () => {
    expect(fieldLabel("ege[subject=math]")).toBe("ЕГЭ, математика");
    expect(fieldLabel("social.students")).toMatch(/обучающихся/i);
    expect(valueText("3.5")).toBe("3,5");
    expect(valueText("true")).toBe("да");
    expect(valueText(JSON.stringify({ subject: "math", participants: 12, meanGrade: 3.75, failed: 1 }))).toBe(
      "участников 12; средняя отметка 3,75; «2» 1",
    );
  });
});
