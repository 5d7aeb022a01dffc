// Answers typed the way people type them become the right typed values, and wrong ones get Russian messages naming the question.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  coerceAnswer,
  coerceValue,
  fieldMessage,
  parseAcademicYear,
  parseDate,
  parseLocaleNumber,
  parseSchoolRef,
  parseYesNo,
  valueTypeOfColumn,
} from "../../functions/src/catalog/answer-coercion.js";
import { COORDINATOR_TABS } from "../../functions/src/catalog/coordinator-tabs.js";
import { type FieldDefinition, FORMS, formFields } from "../../functions/src/catalog/form-catalog.js";

function field(key: string): FieldDefinition {
  const found = FORMS.flatMap((f) => formFields(f)).find((f) => f.key === key);
  if (!found) throw new Error(`no field ${key}`);
  return found;
}

describe("parseLocaleNumber", () => {
  it.each([
    ["3,5", 3.5],
    ["3.5", 3.5],
    ["1 200", 1200],
    ["1\u00A0200", 1200],
    ["1\u202F200", 1200],
    ["  42 ", 42],
    ["−2", -2],
    ["-0,25", -0.25],
    ["1.234,5", 1234.5],
    ["1,234.5", 1234.5],
    ["1 234 567,89", 1234567.89],
    [",5", 0.5],
    ["0", 0],
  ])("%j → %d", (text, expected) => {
    expect(parseLocaleNumber(text)).toBe(expected);
  });

  it.each(["", "abc", "12 чел.", "3,5,1", "1.2.3", "12%", "1e3", "--1", "."])(
    "%j is not a number",
    (text) => {
      expect(parseLocaleNumber(text)).toBeUndefined();
    },
  );

  it("reads a lone comma as thousands only in an English locale", () => {
    expect(parseLocaleNumber("1,200", "ru_RU")).toBe(1.2);
    expect(parseLocaleNumber("1,200", "en_US")).toBe(1200);
    expect(parseLocaleNumber("3,5", "en_US")).toBe(3.5);
  });

  it("reads back any number the Russian locale prints", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        (whole, cents) => {
          const value = whole + Math.sign(whole || 1) * (cents / 100);
          const printed = value.toLocaleString("ru-RU", { maximumFractionDigits: 2 });
          expect(parseLocaleNumber(printed)).toBeCloseTo(value, 9);
        },
      ),
    );
  });
});

describe("parseYesNo", () => {
  it.each([
    ["Да", true],
    ["да", true],
    [" ДА ", true],
    ["yes", true],
    ["Yes", true],
    ["true", true],
    [true, true],
    [1, true],
    ["Есть", true],
    ["Нет", false],
    ["нет.", false],
    ["no", false],
    ["false", false],
    [false, false],
    [0, false],
    ["отсутствует", false],
  ])("%j → %s", (value, expected) => {
    expect(parseYesNo(value)).toBe(expected);
  });

  it.each(["может быть", "", 2, null, "даа"])("%j is neither", (value) => {
    expect(parseYesNo(value)).toBeUndefined();
  });
});

describe("parseAcademicYear", () => {
  it.each([
    ["2024/2025", "2024/2025"],
    ["2024-2025", "2024/2025"],
    ["2024–2025", "2024/2025"],
    ["2024 / 2025", "2024/2025"],
    ["2024/25", "2024/2025"],
    ["2099/2100", "2099/2100"],
    ["2024/2025 учебный год", "2024/2025"],
    ["2024-2025 гг.", "2024/2025"],
  ])("%j → %s", (text, expected) => {
    expect(parseAcademicYear(text)).toBe(expected);
  });

  it.each(["2024", "2024/2026", "2025/2024", "24/25", "1999/2000", "учебный год"])(
    "%j is rejected",
    (text) => {
      expect(parseAcademicYear(text)).toBeUndefined();
    },
  );
});

describe("parseDate and parseSchoolRef", () => {
  it.each([
    ["01.09.2025", "2025-09-01"],
    ["1.9.2025", "2025-09-01"],
    ["01.09.25", "2025-09-01"],
    ["2025-09-01", "2025-09-01"],
    ["29.02.2024", "2024-02-29"],
    ["15.07.2021 г.", "2021-07-15"],
  ])("date %j → %s", (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it.each(["31.09.2025", "29.02.2025", "2025-9-1", "сентябрь", "2025-09-01T00:00:00Z"])(
    "date %j is rejected",
    (text) => {
      expect(parseDate(text)).toBeUndefined();
    },
  );

  it.each([
    ["sch-001", "sch-001"],
    ["МБОУ «СОШ № 1» [sch-001]", "sch-001"],
    ["  Лицей [ 16 ] ", "16"],
    ["", undefined],
  ])("school %j → %s", (text, expected) => {
    expect(parseSchoolRef(text)).toBe(expected);
  });
});

describe("coerceAnswer", () => {
  const ok = (key: string, value: unknown, locale?: string) => {
    const result = coerceAnswer(field(key), value, locale);
    if (!result.success) throw new Error(result.error.message);
    return result.data;
  };

  it.each([
    ["social.students", "1 200", 1200],
    ["social.students", "1\u00A0200", 1200],
    ["social.students", 350, 350],
    ["social.students", "350.0", 350],
    ["ege.russian.meanScore", "63,5", 63.5],
    ["ege.russian.meanScore", "63.5", 63.5],
    ["oge.math.meanGrade", ["3,6"], 3.6],
    ["social.remote", "Да", true],
    ["social.remote", "нет", false],
    ["social.remote", "yes", true],
    ["social.remote", true, true],
    ["year", "2024-2025", "2024/2025"],
    ["school", "Школа № 3 [sch-3]", "sch-3"],
    ["support.programUrl", "school3.ru/program", "https://school3.ru/program"],
    ["support.programUrl", " http://school3.ru ", "http://school3.ru"],
  ])("%s: %j → %j", (key, value, expected) => {
    expect(ok(key, value)).toEqual(expected);
  });

  it.each([
    ["", "social.students"],
    ["   ", "social.students"],
    [null, "social.students"],
    [[], "social.remote"],
    ["\u00A0", "year"],
    [null, "social.missingSpecialists"],
    ["", "selfDiagnosis.deficits"],
  ])("%j is a missing answer to %s", (value, key) => {
    expect(ok(key, value)).toBeUndefined();
  });

  it("reads multichoice lists by label or code, in any case, from a list or a comma-separated text", () => {
    expect(ok("social.missingSpecialists", ["Педагог-психолог", "speechTherapist"])).toEqual([
      "psychologist",
      "speechTherapist",
    ]);
    expect(ok("social.missingSpecialists", "учитель-логопед; Социальный педагог")).toEqual([
      "speechTherapist",
      "socialPedagogue",
    ]);
    expect(ok("social.missingSpecialists", ["Педагог-психолог", "педагог-психолог"])).toEqual([
      "psychologist",
    ]);
    expect(ok("selfDiagnosis.deficits", ["Реализация обновлённых ФГОС"])).toEqual(["updatedStandards"]);
    expect(ok("selfDiagnosis.deficits", ["Реализация обновленных ФГОС"])).toEqual(["updatedStandards"]);
  });

  it.each([
    ["social.students", "двести", "«Число обучающихся» (social.students): «двести» — ожидается число"],
    ["social.students", "12,5", "«Число обучающихся» (social.students): «12,5» — ожидается целое число"],
    ["social.remote", "иногда", "«иногда» — ожидается «Да» или «Нет»"],
    ["year", "2024", "«Учебный год» (year): «2024» — учебный год записывается как 2024/2025"],
    ["social.students", ["1", "2"], "ожидается один ответ"],
    ["social.missingSpecialists", ["Завуч"], "«Завуч» — нет такого варианта; допустимые: «Педагог-психолог»"],
    ["social.students", { n: 1 }, "объект — ожидается число"],
  ])("%s: %j is rejected in Russian, naming the question", (key, value, fragment) => {
    const result = coerceAnswer(field(key), value);
    expect(result.success).toBe(false);
    if (result.success) return;
    const f = field(key);
    expect(result.error.message).toContain(`«${f.title}»`);
    expect(result.error.message).toContain(`(${key})`);
    expect(result.error.message).toContain(fragment);
  });

  it("never throws, whatever the value", () => {
    const fields = FORMS.flatMap((f) => formFields(f));
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.anything(), (f, value) => {
        const result = coerceAnswer(f, value);
        expect(typeof result.success).toBe("boolean");
      }),
    );
  });
});

describe("a form answer and a tab cell of the same type", () => {
  const column = (tab: string, key: string) => {
    const found = COORDINATOR_TABS.find((t) => t.name === tab)?.columns.find((c) => c.key === key);
    if (!found) throw new Error(`no column ${tab}.${key}`);
    return found;
  };
  // The same word means the same on a school's form and on the coordinator's sheet, and is refused in the same words.
  it.each([
    [
      "social.remote",
      "Школы",
      "smallSchool",
      ["Да", "нет", "ДА.", "Есть", "отсутствует", "1", "0", "может быть"],
    ],
    [
      "year",
      "Эталоны",
      "year",
      ["2024/2025", "2024–25", "2024-2025 уч. год", "2024", "2025/2024", "учебный"],
    ],
  ] as const)("%s and «%s».%s read alike", (fieldKey, tab, columnKey, typed) => {
    const question = field(fieldKey);
    const cell = column(tab, columnKey);
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...typed), fc.string({ maxLength: 12 })), (text) => {
        const asAnswer = coerceAnswer(question, text);
        const asCell = coerceValue(valueTypeOfColumn(cell), text, { source: "cell" });
        if (asCell.success) expect(asAnswer).toEqual({ success: true, data: asCell.data });
        else
          expect(asAnswer.success ? "" : asAnswer.error.message).toBe(
            fieldMessage(question, asCell.error.message),
          );
      }),
    );
    // not vacuous: both readings and refusals occur among the typed words
    const results = typed.map(
      (text) => coerceValue(valueTypeOfColumn(cell), text, { source: "cell" }).success,
    );
    expect(results).toContain(true);
    expect(results).toContain(false);
  });

  it("words the two misses for where they were typed: a form offers variants, a tab takes values", () => {
    const options = [
      { value: "urban", label: "Городская" },
      { value: "rural", label: "Сельская" },
    ];
    const message = (source: "answer" | "cell") => {
      const result = coerceValue({ kind: "choice", options }, "деревня", { source });
      return result.success ? "" : result.error.message;
    };
    expect(message("answer")).toBe("«деревня» — нет такого варианта; допустимые: «Городская», «Сельская»");
    expect(message("cell")).toBe("«деревня» — допустимые значения: «Городская», «Сельская»");
  });
});
