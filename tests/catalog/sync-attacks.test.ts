// A hurried coordinator's «Школы»: broken formulas, invisible characters, look-alike letters and one bad row must never move a school's code or drop it.
import { describe, expect, it } from "vitest";
import { parseSyncTabs } from "../../functions/src/catalog/sync-tabs.js";

const HEADER = ["Код школы", "Наименование", "Электронная почта"];
const GOOD = [
  ["sch-1", "МБОУ «СОШ № 1»", "dir@sch1.ru"],
  ["sch-2", "МБОУ «СОШ № 2»", "dir@sch2.ru"],
];

describe("«Школы» as a hurried coordinator leaves it", () => {
  it.each([
    ["#REF!", 0],
    ["#N/A", 0],
    ["#N/A", 1],
    ["#VALUE!", 1],
    ["#DIV/0!", 2],
    ["#NAME?", 1],
    ["#ERROR!", 0],
  ])(
    "refuses a cell showing the formula error %s instead of storing it as a code, name or address",
    (shown, column) => {
      const row = [...(GOOD[1] ?? [])];
      row[column] = shown;
      const { data, errors } = parseSyncTabs({ Школы: [HEADER, GOOD[0] ?? [], row] });
      expect(errors).toContainEqual({
        tab: "Школы",
        row: 3,
        column: HEADER[column],
        message: `«${shown}» — формула в ячейке дала ошибку; исправьте формулу или введите значение`,
      });
      expect(data.schools).toBeUndefined();
    },
  );

  it("reads a code with an invisible character (copied from a letter or a web page) as the code the coordinator sees", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [HEADER, ["\u200Bsch-1\u200D", "МБОУ «СОШ\u00AD № 1»", "dir@sch1.ru\uFEFF"], GOOD[1] ?? []],
    });
    expect(errors).toEqual([]);
    expect(data.schools?.map((s) => [s.id, s.name, s.emails])).toEqual([
      ["sch-1", "МБОУ «СОШ № 1»", ["dir@sch1.ru"]],
      ["sch-2", "МБОУ «СОШ № 2»", ["dir@sch2.ru"]],
    ]);
  });

  it("refuses a code mixing Latin and Cyrillic letters: «С» typed on the Russian keyboard makes another school", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [HEADER, GOOD[0] ?? [], ["sсh-2", "МБОУ «СОШ № 2»", "dir@sch2.ru"]],
    });
    expect(errors).toContainEqual({
      tab: "Школы",
      row: 3,
      column: "Код школы",
      message:
        "«sсh-2» — в коде смешаны латинские и русские буквы (русские: «с»); одинаковые на вид буквы дают другой код",
    });
    expect(data.schools).toBeUndefined();
  });

  it("keeps the stored registry whole while any row is bad, instead of dropping that school from the lists", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [HEADER, GOOD[0] ?? [], ["sch-2", "МБОУ «СОШ № 2»", "dir@sch2"]],
      "Закрепление пар": [
        ["Школа", "Школа-наставник"],
        ["sch-2", "sch-1"],
      ],
    });
    expect(data.schools).toBeUndefined();
    expect(errors).toEqual([
      {
        tab: "Школы",
        row: 1,
        column: "",
        message:
          "лист не применён, пока в нём есть ошибки: действует прежний список школ, ни одна школа не добавлена и не удалена",
      },
      {
        tab: "Школы",
        row: 3,
        column: "Электронная почта",
        message: "«dir@sch2» — это не адрес электронной почты",
      },
    ]);
    // the pair names the school the coordinator typed (its row is only waiting for a fix), so it is not reported
    expect(data.pins).toEqual([{ menteeId: "sch-2", mentorId: "sch-1" }]);
  });

  it("says where the header row went when a title row was typed above it, instead of «no such column»", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [["Реестр школ на 2026/2027 учебный год"], [], HEADER, ...GOOD],
    });
    expect(data.schools).toBeUndefined();
    expect(errors).toEqual([
      {
        tab: "Школы",
        row: 1,
        column: "",
        message:
          "заголовки таблицы должны быть в первой строке листа, а они в строке 3: удалите строки над ними; лист не прочитан, действуют прежние данные",
      },
    ]);
  });
});
