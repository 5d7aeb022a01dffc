// The coordinator's tabs as the sheet sends them: good rows become data, bad rows come back with their row, column and a Russian reason.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COORDINATOR_TABS } from "../../functions/src/catalog/coordinator-tabs.js";
import { parseSyncTabs } from "../../functions/src/catalog/sync-tabs.js";
import { parseMethodologySettings } from "../../functions/src/contract/methodology-settings.js";

const SCHOOLS_HEADER = [
  "Код школы",
  "Наименование",
  "Местность",
  "Вид школы",
  "Малокомплектная",
  "Широта",
  "Долгота",
  "Электронная почта",
  "Кластер",
];

describe("parseSyncTabs: «Школы»", () => {
  it("reads the registry as people type it and reports only the bad rows, keeping the stored registry while any is bad", () => {
    const rows = [
      SCHOOLS_HEADER,
      [
        "sch-1",
        "МБОУ «СОШ № 1»",
        "Городская",
        "Лицей",
        "нет",
        "54,6",
        "52,45",
        "dir@sch1.ru; Zam@Sch1.ru",
        "",
      ],
      ["sch-2", "МБОУ «Ивановская ООШ»", "сельская", "", "Да", "", "", "", "2"],
      ["", "", "", "", "", "", "", "", ""],
      ["sch-1", "Дубль", "", "", "", "", "", "", ""],
      ["sch-4", "Школа 4", "деревня", "", "", "", "", "", ""],
      ["sch-5", "Школа 5", "", "", "", "54,1", "", "", ""],
      ["sch-6", "", "", "", "", "", "", "почта", ""],
    ];
    expect(parseSyncTabs({ Школы: rows.slice(0, 4) }).data.schools).toEqual([
      {
        id: "sch-1",
        name: "МБОУ «СОШ № 1»",
        settlement: "urban",
        kind: "lyceum",
        smallSchool: false,
        location: { lat: 54.6, lon: 52.45 },
        emails: ["dir@sch1.ru", "zam@sch1.ru"],
      },
      { id: "sch-2", name: "МБОУ «Ивановская ООШ»", settlement: "rural", smallSchool: true, cluster: "2" },
    ]);
    const { data, errors } = parseSyncTabs({ Школы: rows });
    expect(data.schools).toBeUndefined();
    expect(errors).toEqual([
      {
        tab: "Школы",
        row: 1,
        column: "",
        message:
          "лист не применён, пока в нём есть ошибки: действует прежний список школ, ни одна школа не добавлена и не удалена",
      },
      { tab: "Школы", row: 5, column: "Код школы", message: "«sch-1» — код школы повторяется" },
      {
        tab: "Школы",
        row: 6,
        column: "Местность",
        message: "«деревня» — допустимые значения: «Городская», «Сельская»",
      },
      { tab: "Школы", row: 7, column: "Долгота", message: "широта и долгота заполняются вместе" },
      { tab: "Школы", row: 8, column: "Наименование", message: "обязательная ячейка не заполнена" },
      {
        tab: "Школы",
        row: 8,
        column: "Электронная почта",
        message: "«почта» — это не адрес электронной почты",
      },
    ]);
  });

  it("matches headers by their Russian text in any order, case and with a required-star, ignoring extra columns", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [
        ["Примечание", "наименование*", "КОД ШКОЛЫ"],
        ["любое", "Школа 1", "s1"],
      ],
    });
    expect(errors).toEqual([]);
    expect(data.schools).toEqual([{ id: "s1", name: "Школа 1" }]);
  });

  it("reports a missing required column and does not read the tab, so the stored registry is kept", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [
        ["Код", "Наименование"],
        ["s1", "Школа 1"],
      ],
    });
    expect(data.schools).toBeUndefined();
    expect(errors).toEqual([
      { tab: "Школы", row: 1, column: "Код школы", message: "нет обязательного столбца с таким заголовком" },
    ]);
  });

  it("leaves out tabs that were not sent and reads an empty tab as empty", () => {
    expect(parseSyncTabs({ Школы: [] })).toEqual({ data: { schools: [] }, errors: [] });
    expect(parseSyncTabs({ "Закрепление пар": [["Школа", "Школа-наставник"]] })).toEqual({
      data: { pins: [] },
      errors: [],
    });
  });
});

describe("parseSyncTabs: «Настройки»", () => {
  it("builds nested overrides from dotted keys, typed as people type them, that the methodology accepts", () => {
    const { data, errors } = parseSyncTabs({
      Настройки: [
        ["Параметр", "Значение", "Описание"],
        ["lowResults.clusterShare", "0,25", "доля кластера"],
        ["minN", "15", ""],
        ["social.weights.remote", "0.75", ""],
        ["objectivity.excludeSuspiciousVpr", "Нет", ""],
        ["adverseSocial.territoryShare", "20%", ""],
      ],
    });
    expect(errors).toEqual([]);
    expect(data.methodology).toEqual({
      lowResults: { clusterShare: 0.25 },
      minN: 15,
      social: { weights: { remote: 0.75 } },
      objectivity: { excludeSuspiciousVpr: false },
      adverseSocial: { territoryShare: 0.2 },
    });
    const settings = parseMethodologySettings(data.methodology);
    expect(settings.success && settings.data.lowResults.clusterShare).toBe(0.25);
  });

  it("reports every row the methodology rejects and keeps the stored settings while any is bad", () => {
    const { data, errors } = parseSyncTabs({
      Настройки: [
        ["Параметр", "Значение"],
        ["lowResults.clusterShare", "1,5"],
        ["lowResults.years", "3"],
        ["lowResult.years", "2"],
        ["minN", "много"],
        ["мин", "3"],
        ["lowResults.years", "4"],
      ],
    });
    expect(data.methodology).toBeUndefined();
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [1, ""],
      [2, "Значение"],
      [4, "Параметр"],
      [5, "Значение"],
      [6, "Параметр"],
      [7, "Параметр"],
    ]);
    expect(errors[0]?.message).toBe("лист не применён, пока в нём есть ошибки: действуют прежние настройки");
    expect(errors[1]?.message).toContain("lowResults.clusterShare");
    expect(errors[1]?.message).toContain("не больше 1");
    expect(errors[2]?.message).toBe("«lowResult.years» — неизвестный параметр");
    expect(errors[5]?.message).toContain("уже задан в строке 3");
  });
});

describe("parseSyncTabs: «Эталоны», «Дорожная карта», «Рабочая группа», «Закрепление пар»", () => {
  it("groups references by year and procedure, percentages read as shares", () => {
    const { data, errors } = parseSyncTabs({
      Эталоны: [
        [
          "Учебный год",
          "Процедура",
          "Предмет",
          "Средний балл (отметка)",
          "Доля 80 баллов и выше, %",
          "Доля ниже минимального порога, %",
          "Доля «2», %",
        ],
        ["2024/2025", "ЕГЭ", "Русский язык", "71,2", "21,5%", "0,8", ""],
        ["2024/2025", "ЕГЭ", "math", "63", "", "", ""],
        ["2024/2025", "ОГЭ", "русский язык", "3,9", "", "", "2,5"],
        ["2023-2024", "ЕГЭ", "Русский язык", "70", "", "", ""],
        ["2024/2025", "ОГЭ", "Математика", "7", "", "", ""],
        ["2024/2025", "ЕГЭ", "Русский язык", "71", "", "", ""],
        ["2024/2025", "ЕГЭ", "Физика", "55", "", "", ""],
      ],
    });
    expect(data.references).toEqual([
      {
        year: "2024/2025",
        ege: [
          { subject: "russian", meanScore: 71.2, atLeast80Share: 0.215, belowMinimumShare: 0.008 },
          { subject: "math", meanScore: 63 },
        ],
        oge: [{ subject: "russian", meanGrade: 3.9, failedShare: 0.025 }],
      },
      { year: "2023/2024", ege: [{ subject: "russian", meanScore: 70 }] },
    ]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [6, "Средний балл (отметка)"],
      [7, "Предмет"],
      [8, "Предмет"],
    ]);
  });

  it("reads roadmap dates in both spellings and checks order and schools against the registry", () => {
    const { data, errors } = parseSyncTabs({
      Школы: [
        ["Код школы", "Наименование"],
        ["s1", "Школа 1"],
        ["s2", "Школа 2"],
      ],
      "Дорожная карта": [
        ["№", "Мероприятие", "Начало", "Окончание", "Ответственный", "Школы", "Выполнено"],
        ["1.1", "Семинар для учителей", "01.09.2025", "2025-10-15", "ИМЦ", "s1, Школа 2 [s2]", "10.10.2025"],
        ["1.2", "КПК по дефицитам", "01.11.2025", "01.10.2025", "", "", ""],
        ["1.3", "Мониторинг", "01.11.2025", "31.11.2025", "", "", ""],
        ["1.4", "Встреча", "01.11.2025", "02.11.2025", "", "s9", ""],
        ["1.1", "Повтор", "01.11.2025", "02.11.2025", "", "", ""],
      ],
    });
    expect(data.roadmap).toEqual([
      {
        id: "1.1",
        title: "Семинар для учителей",
        from: "2025-09-01",
        to: "2025-10-15",
        responsible: "ИМЦ",
        schoolIds: ["s1", "s2"],
        done: "2025-10-10",
      },
    ]);
    expect(errors).toEqual([
      { tab: "Дорожная карта", row: 3, column: "Окончание", message: "окончание раньше начала" },
      {
        tab: "Дорожная карта",
        row: 4,
        column: "Окончание",
        message: "«31.11.2025» — ожидается дата, например 01.09.2025",
      },
      { tab: "Дорожная карта", row: 5, column: "Школы", message: "«s9» — таких школ нет на вкладке «Школы»" },
      { tab: "Дорожная карта", row: 6, column: "№", message: "«1.1» — номер уже есть в строке 2" },
    ]);
  });

  it("groups decision rows into meetings and checks quorum arithmetic", () => {
    const { data, errors } = parseSyncTabs({
      "Рабочая группа": [
        [
          "Дата заседания",
          "Членов рабочей группы",
          "Присутствовали",
          "Председатель присутствовал",
          "Решение",
          "За",
          "Против",
          "Воздержались",
          "Председатель голосовал «за»",
        ],
        ["02.07.2021", "9", "7", "Да", "Утвердить план мероприятий", "7", "0", "", ""],
        ["02.07.2021", "", "", "", "Утвердить список ШНОР", "3", "3", "1", "Да"],
        ["02.07.2021", "10", "", "", "Ещё решение", "1", "0", "", ""],
        ["15.10.2021", "9", "10", "", "", "", "", "", ""],
        ["20.12.2021", "", "", "", "Решение без состава", "1", "0", "", ""],
        ["21.12.2021", "9", "5", "", "Решение", "4", "", "", ""],
      ],
    });
    expect(data.meetings).toEqual([
      {
        date: "2021-07-02",
        members: 9,
        present: 7,
        chairPresent: true,
        decisions: [
          { title: "Утвердить план мероприятий", for: 7, against: 0 },
          { title: "Утвердить список ШНОР", for: 3, against: 3, abstained: 1, chairVotedFor: true },
        ],
      },
    ]);
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [4, "Членов рабочей группы"],
      [5, "Присутствовали"],
      [6, "Членов рабочей группы"],
      [6, "Присутствовали"],
      [7, "Против"],
    ]);
    expect(errors[1]?.message).toBe("10 — больше, чем членов рабочей группы (9)");
  });

  it("reads pins by code or by «Наименование [код]», one mentor per school", () => {
    const { data, errors } = parseSyncTabs({
      "Закрепление пар": [
        ["Школа", "Школа-наставник"],
        ["Ивановская ООШ [s3]", "s1"],
        ["s3", "s2"],
        ["s4", "s4"],
        ["s5", ""],
      ],
    });
    expect(data.pins).toEqual([{ menteeId: "s3", mentorId: "s1" }]);
    expect(errors).toEqual([
      {
        tab: "Закрепление пар",
        row: 3,
        column: "Школа",
        message: "«s3» — наставник уже закреплён в строке 2",
      },
      {
        tab: "Закрепление пар",
        row: 4,
        column: "Школа-наставник",
        message: "школа не может быть наставником самой себе",
      },
      {
        tab: "Закрепление пар",
        row: 5,
        column: "Школа-наставник",
        message: "обязательная ячейка не заполнена",
      },
    ]);
  });

  it("reports a tab it does not know", () => {
    const { errors } = parseSyncTabs({ Сводка: [["a"]] });
    expect(errors[0]).toMatchObject({ tab: "Сводка", row: 1 });
    expect(errors[0]?.message).toContain("«Школы»");
  });
});

describe("parseSyncTabs: arbitrary input", () => {
  it("never throws and only reports rows that exist", () => {
    const names = COORDINATOR_TABS.map((t) => t.name);
    const headers = COORDINATOR_TABS.flatMap((t) => t.columns.map((c) => c.header));
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(...headers, "Да", "01.09.2025", "3,5", "s1", "2024/2025", ""),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(fc.constantFrom(...names), fc.string()),
          fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 6 }),
        ),
        (tabs) => {
          const { errors } = parseSyncTabs(tabs);
          for (const error of errors) {
            const rows = tabs[error.tab]?.length ?? 1;
            expect(error.row).toBeGreaterThanOrEqual(1);
            expect(error.row).toBeLessThanOrEqual(Math.max(rows, 1));
            expect(error.message).toMatch(/[А-Яа-яЁё]/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
