// «Критерии выявления» as the sheet sends it to /sync: a preset's table typed in Russian comes back row for row; bad rows come back with their sheet row, column and a Russian reason, and the table is then not applied.
import { describe, expect, it } from "vitest";
import { COORDINATOR_TABS } from "../../functions/src/catalog/coordinator-tabs.js";
import { parseSyncTabs } from "../../functions/src/catalog/sync-tabs.js";
import { MAX_CRITERIA_ROWS, PRESET_NAMES } from "../../functions/src/contract/criteria-vocabulary.js";
import { normaliseCriteria } from "../../functions/src/contract/identification-criteria.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { regionalValue } from "../../functions/src/domain/criteria-indicators.js";
import { PRESET_TABLES } from "../../functions/src/domain/criteria-presets.js";
import { coordinatorTabs } from "../../functions/src/sample/sample-submissions.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { INPUT_TAB_NAMES } from "../../functions/src/sheets/workbook-model.js";

const TAB = "Критерии выявления";
const tab = COORDINATOR_TABS.find((t) => t.name === TAB);
const HEADER = tab?.columns.map((c) => c.header) ?? [];
const sample = generateSampleTerritory({ schools: 3, years: 1, seed: 1 });

/** A sheet row of the tab from the cells given by header. */
function row(cells: Record<string, string>): string[] {
  return HEADER.map((h) => cells[h] ?? "");
}

const OGE_ROW = {
  "№": "4.1",
  Критерий: "Низкие результаты ОГЭ по русскому языку за три года",
  Список: "шнор",
  Показатель: "ОГЭ, русский язык: средняя отметка",
  Сравнение: "ниже",
  "С чем сравнивается": "среднерегиональный показатель",
  Лет: "3",
};

describe("«Критерии выявления» on /sync", () => {
  it("is an input tab the sheet sends, after «Настройки»", () => {
    expect(INPUT_TAB_NAMES.indexOf(TAB)).toBe(INPUT_TAB_NAMES.indexOf("Настройки") + 1);
    expect(COORDINATOR_TABS.map((t) => t.name)).toEqual([...INPUT_TAB_NAMES]);
  });

  it.each(PRESET_NAMES.filter((p) => PRESET_TABLES[p].length > 0))(
    "%s typed on the tab in Russian comes back as the preset's table",
    (preset) => {
      const tabs = coordinatorTabs({ ...sample, methodology: { criteria: [...PRESET_TABLES[preset]] } });
      const sheet = tabs[TAB] ?? [];
      // Choices are written as coordinators see them, not as codes.
      expect(sheet.flat()).toContain("ШНОР");
      const { data, errors } = parseSyncTabs({ [TAB]: sheet });
      expect(errors).toEqual([]);
      expect(normaliseCriteria(data.criteria ?? [])).toEqual(normaliseCriteria(PRESET_TABLES[preset]));
    },
  );

  it("an empty tab is an empty table: the preset or the default method decides", () => {
    const { data, errors } = parseSyncTabs({ [TAB]: [HEADER, row({})] });
    expect(errors).toEqual([]);
    expect(data.criteria).toEqual([]);
  });

  it("reports each bad row by sheet row and column, and applies none of the table", () => {
    const { data, errors } = parseSyncTabs({
      [TAB]: [
        HEADER,
        row(OGE_ROW),
        row({}),
        row({ ...OGE_ROW, "№": "4.2", Показатель: "ОГЭ по географии" }),
        row({ ...OGE_ROW, "№": "4.1", Показатель: "ЕГЭ, русский язык: средний балл" }),
        row({ ...OGE_ROW, "№": "4.3", "С чем сравнивается": "заданное значение", Порог: "7" }),
        row({ ...OGE_ROW, "№": "4.4", Показатель: "Доля выпускников 9 классов без аттестата" }),
        row({ Список: "ШНОР", "Правило списка": "не меньше N критериев", Порог: "9" }),
        row({ Список: "ШНСУ", "Правило списка": "все критерии" }),
      ],
    });
    expect(data.criteria).toBeUndefined();
    const at = (r: number) => errors.filter((e) => e.row === r).map((e) => `${e.column}: ${e.message}`);
    expect(at(1)).toEqual([
      ": таблица не применена, пока в ней есть ошибки: действует прежняя таблица критериев",
    ]);
    expect(at(2)).toEqual([]);
    expect(at(4)).toEqual([expect.stringMatching(/^Показатель: «ОГЭ по географии» — допустимые значения: /)]);
    expect(at(5)).toEqual(["№: номер «4.1» уже есть в строке 2"]);
    expect(at(6)).toEqual(["Порог: 7 — должно быть от 2 до 5"]);
    expect(at(7)).toEqual([
      "С чем сравнивается: для этого показателя нет среднерегионального значения на листе «Эталоны»",
    ]);
    expect(at(8)).toEqual(["Порог: 9 — а критериев у списка всего 4: правило никогда не выполнится"]);
    expect(at(9)).toEqual(["Список: у этого списка нет ни одного критерия"]);
    expect(errors.every((e) => e.tab === TAB)).toBe(true);
  });

  it("offers each choice under one name only, so a typed name means one thing", () => {
    for (const column of tab?.columns ?? []) {
      const labels = (column.allowed ?? []).map((a) => a.label.toLowerCase().replace(/ё/g, "е"));
      expect(new Set(labels).size, column.header).toBe(labels.length);
    }
  });
});

describe("«Эталоны»: regional ВПР and РДР values for the criteria (issue 12 §3)", () => {
  const REFERENCES_HEADER =
    COORDINATOR_TABS.find((t) => t.name === "Эталоны")?.columns.map((c) => c.header) ?? [];
  const refRow = (cells: Record<string, string>) => REFERENCES_HEADER.map((h) => cells[h] ?? "");
  const grade4 = (subject: string, mean: string) =>
    refRow({
      "Учебный год": "2025/2026",
      Процедура: "ВПР",
      Предмет: subject,
      "Средний балл (отметка)": mean,
      Класс: "4",
    });

  it("reads the regional mean primary scores of grade 4, whose sum seed 001's 3.2 compares with, and РДР shares", () => {
    const { data, errors } = parseSyncTabs({
      Эталоны: [
        REFERENCES_HEADER,
        grade4("Русский язык", "24,1"),
        grade4("Математика", "11,5"),
        grade4("Окружающий мир", "19,4"),
        refRow({
          "Учебный год": "2025/2026",
          Процедура: "ВПР",
          Предмет: "Математика",
          Класс: "5",
          "Доля «2», %": "12,5",
          "ВПР: первичный балл на «3»": "7",
          "ВПР: первичный балл на «4»": "10",
          "ВПР: первичный балл на «5»": "15",
        }),
        refRow({ "Учебный год": "2025/2026", Процедура: "РДР", Предмет: "Математика", "Доля «2», %": "18" }),
      ],
    });
    expect(errors).toEqual([]);
    const reference = data.references?.[0];
    expect(reference?.vpr).toEqual([
      { grade: 4, subject: "russian", meanScore: 24.1 },
      { grade: 4, subject: "math", meanScore: 11.5 },
      { grade: 4, subject: "world_around", meanScore: 19.4 },
      { grade: 5, subject: "math", grade2Share: 0.125 },
    ]);
    expect(reference?.vprBoundaries).toEqual([
      { grade: 5, subject: "math", lowest: { "3": 7, "4": 10, "5": 15 } },
    ]);
    expect(reference?.rdr).toEqual([{ subject: "math", unsatisfactoryShare: 0.18 }]);
    expect(regionalValue("vprGrade4Sum", reference)).toBeCloseTo(55, 9);
    expect(regionalValue("rdrUnsatisfactory", reference)).toBeCloseTo(18, 9);
  });

  it("names what a ВПР or РДР row lacks", () => {
    const { errors } = parseSyncTabs({
      Эталоны: [
        REFERENCES_HEADER,
        refRow({ "Учебный год": "2025/2026", Процедура: "РДР", Предмет: "Математика" }),
        refRow({
          "Учебный год": "2025/2026",
          Процедура: "ВПР",
          Предмет: "Математика",
          Класс: "4",
          "Средний балл (отметка)": "11",
          "ВПР: первичный балл на «3»": "7",
        }),
        refRow({ "Учебный год": "2025/2026", Процедура: "ВПР", Предмет: "Русский язык", Класс: "4" }),
      ],
    });
    expect(errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [2, "Доля «2», %", "для РДР укажите долю неудовлетворительных результатов"],
      [3, "ВПР: первичный балл на «4»", "для ВПР укажите границу отметки"],
      [3, "ВПР: первичный балл на «5»", "для ВПР укажите границу отметки"],
      [4, "ВПР: первичный балл на «3»", "для ВПР укажите границу отметки"],
      [4, "ВПР: первичный балл на «4»", "для ВПР укажите границу отметки"],
      [4, "ВПР: первичный балл на «5»", "для ВПР укажите границу отметки"],
    ]);
  });
});

describe("«Настройки»: the preset", () => {
  it("reads «30%» in «Порог» as 30, as a percent-formatted cell shows it: the threshold is in percent already", () => {
    const share = {
      ...OGE_ROW,
      Показатель: "Доля выпускников 9 классов без аттестата",
      Сравнение: "выше",
      "С чем сравнивается": "заданное значение",
    };
    const { data, errors } = parseSyncTabs({
      [TAB]: [
        HEADER,
        row({ ...share, "№": "1", Порог: "30%" }),
        row({ ...share, "№": "2", Порог: "12,5 %" }),
        row({ ...share, "№": "3", Порог: "7" }),
      ],
    });
    expect(errors).toEqual([]);
    expect(data.criteria?.map((c) => c.threshold)).toEqual([30, 12.5, 7]);
    // «Лет» counts years, not percent: a «%» there is still refused
    const years = parseSyncTabs({ [TAB]: [HEADER, row({ ...share, "№": "1", Порог: "5", Лет: "2%" })] });
    expect(years.errors.map((e) => `${e.column}: ${e.message}`)).toContain("Лет: «2%» — ожидается число");
  });

  it("is chosen by the parameter preset, and an unknown one is refused on its row", () => {
    const good = parseSyncTabs({
      Настройки: [
        ["Параметр", "Значение"],
        ["preset", "sharan-2021"],
      ],
    });
    expect(good.errors).toEqual([]);
    expect(good.data.methodology).toEqual({ preset: "sharan-2021" });
    const bad = parseSyncTabs({
      Настройки: [
        ["Параметр", "Значение"],
        ["preset", "moscow-2030"],
      ],
    });
    expect(bad.errors.map((e) => [e.row, e.column])).toEqual([
      [1, ""],
      [2, "Значение"],
    ]);
    expect(bad.data.methodology).toBeUndefined();
    expect(bad.errors[1]?.message).toContain("neftekumsk-2020");
  });
});

describe("the size of the table (it is stored in the territory's Firestore document)", () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      row({
        ...OGE_ROW,
        "№": `${i + 1}`,
        Критерий: "К".repeat(1000),
        "С чем сравнивается": "среднее по территории",
      }),
    );

  it(`takes ${MAX_CRITERIA_ROWS} rows with the longest wording, and refuses ${MAX_CRITERIA_ROWS + 1} as a whole`, () => {
    const full = parseSyncTabs({ [TAB]: [HEADER, ...rows(MAX_CRITERIA_ROWS)] });
    expect(full.errors).toEqual([]);
    expect(full.data.criteria).toHaveLength(MAX_CRITERIA_ROWS);
    // What the store writes stays far below a document's 1 MiB.
    expect(Buffer.byteLength(JSON.stringify(full.data.criteria))).toBeLessThan(400_000);
    const over = parseSyncTabs({ [TAB]: [HEADER, ...rows(MAX_CRITERIA_ROWS + 1)] });
    expect(over.data.criteria).toBeUndefined();
    expect(over.errors).toEqual([
      {
        tab: TAB,
        row: 1,
        column: "",
        message: `строк критериев ${MAX_CRITERIA_ROWS + 1} — не больше ${MAX_CRITERIA_ROWS}; таблица не применена, действует прежняя`,
      },
    ]);
  });

  it("refuses a dataset whose table is longer, naming the path", () => {
    const criteria = Array.from({ length: MAX_CRITERIA_ROWS + 1 }, (_, i) => ({
      number: `${i + 1}`,
      wording: "ОГЭ",
      list: "lowResults",
      indicator: "ogeRussian",
      comparison: "below",
      reference: "territoryMean",
    }));
    const parsed = parseDataset({ ...sample, methodology: { criteria } });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues).toContainEqual({
      path: "methodology.criteria",
      message: `не больше ${MAX_CRITERIA_ROWS} элементов`,
    });
  });
});
