// The coordinator's tabs for imports: «Школы» carries the codes in other systems, «Эталоны» the ВПР mark boundaries.
import { describe, expect, it } from "vitest";
import { REFERENCE_SUBJECTS } from "../../functions/src/catalog/coordinator-tabs.js";
import { parseSyncTabs } from "../../functions/src/catalog/sync-tabs.js";
import { subjectFromName } from "../../functions/src/import/vocabulary.js";

describe("«Школы»: the ФИС ОКО login and the ГИА code", () => {
  it("reads them into externalIds, the login in lower case", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [
        ["Код школы", "Наименование", "Логин ФИС ОКО", "Код ОО в ГИА"],
        ["sch-1", "СОШ № 1", "EDU100001", "500001"],
        ["sch-2", "СОШ № 2", "", ""],
        ["sch-3", "СОШ № 3", "", "500003"],
      ],
    });
    expect(errors).toEqual([]);
    expect(data.schools).toEqual([
      { id: "sch-1", name: "СОШ № 1", externalIds: { fisOko: "edu100001", gia: "500001" } },
      { id: "sch-2", name: "СОШ № 2" },
      { id: "sch-3", name: "СОШ № 3", externalIds: { gia: "500003" } },
    ]);
  });

  it("refuses a login that is not edu and digits, and a code given to two schools", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [
        ["Код школы", "Наименование", "Логин ФИС ОКО", "Код ОО в ГИА"],
        ["sch-1", "СОШ № 1", "school1", ""],
        ["sch-2", "СОШ № 2", "", "500001"],
        ["sch-3", "СОШ № 3", "", "500001"],
      ],
    });
    expect(errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [
        1,
        "",
        "лист не применён, пока в нём есть ошибки: действует прежний список школ, ни одна школа не добавлена и не удалена",
      ],
      [2, "Логин ФИС ОКО", "логин ФИС ОКО — «edu» и цифры, например edu123456"],
      [4, "Код ОО в ГИА", "«500001» — этот код уже указан в строке 3"],
    ]);
    // «Школы» is taken whole or not at all: the stored registry stays until both rows are fixed
    expect(data.schools).toBeUndefined();
  });
});

describe("«Эталоны»: ВПР mark boundaries", () => {
  const header = [
    "Учебный год",
    "Процедура",
    "Предмет",
    "Средний балл (отметка)",
    "Класс",
    "ВПР: первичный балл на «3»",
    "ВПР: первичный балл на «4»",
    "ВПР: первичный балл на «5»",
  ];

  it("reads a ВПР row into references[].vprBoundaries, next to the ГИА rows of the year", () => {
    const { data, errors } = parseSyncTabs({
      Эталоны: [
        header,
        ["2024/2025", "ЕГЭ", "Русский язык", "70", "", "", "", ""],
        ["2024/2025", "ВПР", "Русский язык", "", "5", "18", "29", "39"],
        ["2024/2025", "ВПР", "История", "", "6", "4", "8", "12"],
      ],
    });
    expect(errors).toEqual([]);
    expect(data.references).toEqual([
      {
        year: "2024/2025",
        ege: [{ subject: "russian", meanScore: 70 }],
        vprBoundaries: [
          { grade: 5, subject: "russian", lowest: { "3": 18, "4": 29, "5": 39 } },
          { grade: 6, subject: "history", lowest: { "3": 4, "4": 8, "5": 12 } },
        ],
      },
    ]);
  });

  it("names what is wrong in a ВПР row and in a ГИА row", () => {
    const { errors } = parseSyncTabs({
      Эталоны: [
        header,
        ["2024/2025", "ВПР", "Русский язык", "", "5", "18", "18", "39"],
        ["2024/2025", "ВПР", "Математика", "", "", "5", "", "12"],
        ["2024/2025", "ВПР", "Математика", "4,1", "8", "5", "9", "12"],
        ["2024/2025", "ЕГЭ", "Русский язык", "", "5", "", "", ""],
        ["2024/2025", "ЕГЭ", "История", "60", "", "", "", ""],
      ],
    });
    expect(errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, "ВПР: первичный балл на «4»", "18 — должно быть больше балла на «3» (18)"],
      [3, "Класс", "для ВПР укажите класс"],
      [3, "ВПР: первичный балл на «4»", "для ВПР укажите границу отметки"],
      [5, "Средний балл (отметка)", "обязательная ячейка не заполнена"],
      [5, "Класс", "заполняется только для ВПР и РДР"],
      [
        6,
        "Предмет",
        "«history» — для ЕГЭ и ОГЭ допустимы: «Русский язык», «Математика», «Математика (базовый уровень)»",
      ],
    ]);
  });

  it("knows every subject the import vocabulary knows, by the same code", () => {
    for (const subject of REFERENCE_SUBJECTS)
      expect(subjectFromName(subject.label), subject.label).toBe(subject.value);
  });
});
