// The decision cycle's sheet input: «Рабочая группа» with protocols and actions, «Нерабочие дни», «Приказы прошлых лет», and the objection form's answers.
import { describe, expect, it } from "vitest";
import {
  parseObjectionAnswers,
  parseSubmissionAnswers,
} from "../../functions/src/catalog/submission-answers.js";
import { parseSyncTabs } from "../../functions/src/catalog/sync-tabs.js";

const schools = [
  ["Код школы", "Наименование"],
  ["s1", "Первая школа"],
  ["s2", "Вторая школа"],
];
const MEETING_HEADER = [
  "Дата заседания",
  "№ протокола",
  "Членов рабочей группы",
  "Присутствовали",
  "Председатель присутствовал",
  "Председательствующий",
  "Секретарь",
  "Присутствовали (ФИО)",
  "Решение",
  "Действие",
  "Школы",
  "Список",
  "Основания решения",
  "Особое мнение",
  "За",
  "Против",
  "Воздержались",
  "Председатель голосовал «за»",
  "Проект списков №",
];

describe("«Рабочая группа» with the decision cycle's columns", () => {
  it("tells two meetings of one day apart by the protocol, and reads actions, schools, lists, grounds and dissent", () => {
    const { data, errors } = parseSyncTabs({
      Школы: schools,
      "Рабочая группа": [
        MEETING_HEADER,
        [
          "15.05.2026",
          "3",
          "9",
          "7",
          "Да",
          "Иванова А. П.",
          "Петров С. В.",
          "Иванова А. П.; Петров С. В.; Сидорова Е. И.",
          "Не включать Первую школу",
          "Не включать",
          "s1",
          "ШНОР",
          "обращение школы: данные ГИА исправлены",
          "Сидорова Е. И.: против",
          "5",
          "2",
          "",
          "",
          "",
        ],
        [
          "15.05.2026",
          "3",
          "",
          "",
          "",
          "",
          "",
          "",
          "Утвердить списки",
          "Утвердить списки целиком",
          "",
          "",
          "",
          "",
          "6",
          "1",
          "",
          "",
          "2",
        ],
        [
          "15.05.2026",
          "4",
          "9",
          "6",
          "Да",
          "",
          "",
          "",
          "Включить Вторую школу",
          "Включить",
          "Вторая школа [s2]",
          "ШНОР и ШНСУ",
          "",
          "",
          "4",
          "2",
          "",
          "",
          "",
        ],
      ],
    });
    expect(errors).toEqual([]);
    expect(data.meetings).toEqual([
      {
        date: "2026-05-15",
        protocol: "3",
        members: 9,
        present: 7,
        chairPresent: true,
        chair: "Иванова А. П.",
        secretary: "Петров С. В.",
        attendees: ["Иванова А. П.", "Петров С. В.", "Сидорова Е. И."],
        decisions: [
          {
            title: "Не включать Первую школу",
            for: 5,
            against: 2,
            action: "exclude",
            schoolIds: ["s1"],
            lists: ["lowResults"],
            grounds: "обращение школы: данные ГИА исправлены",
            dissent: "Сидорова Е. И.: против",
          },
          { title: "Утвердить списки", for: 6, against: 1, action: "approveLists", draft: 2 },
        ],
      },
      {
        date: "2026-05-15",
        protocol: "4",
        members: 9,
        present: 6,
        chairPresent: true,
        decisions: [
          {
            title: "Включить Вторую школу",
            for: 4,
            against: 2,
            action: "include",
            schoolIds: ["s2"],
            lists: ["lowResults", "adverseSocial"],
          },
        ],
      },
    ]);
  });

  it.each([
    [["Включить", "s1", ""], "Список", "для «включить» укажите список: ШНОР, ШНСУ или оба"],
    [["Не включать", "", ""], "Школы", "укажите коды школ, которых касается решение"],
    [["Исключить", "s9", ""], "Школы", "«s9» — таких школ нет на вкладке «Школы»"],
    [
      ["Утвердить списки целиком", "s1", ""],
      "Школы",
      "для «утвердить списки целиком» школы не указываются: решения по отдельным школам — отдельными строками",
    ],
    [
      ["Оставить", "s1", ""],
      "Действие",
      "«Оставить» — допустимые значения: «Включить», «Не включать», «Исключить», «Утвердить списки целиком»",
    ],
  ])("refuses the row %j at «%s»", (cells, column, message) => {
    const [action, school, list] = cells;
    const { data, errors } = parseSyncTabs({
      Школы: schools,
      "Рабочая группа": [
        [
          "Дата заседания",
          "Членов рабочей группы",
          "Присутствовали",
          "Решение",
          "За",
          "Против",
          "Действие",
          "Школы",
          "Список",
        ],
        ["15.05.2026", "9", "7", "Решение", "5", "2", action, school, list],
      ],
    });
    expect(errors).toEqual([{ tab: "Рабочая группа", row: 2, column, message }]);
    expect(data.meetings).toEqual([]);
  });
});

describe("«Нерабочие дни» and «Приказы прошлых лет»", () => {
  it("reads regional days off, working Saturdays and earlier orders school by school", () => {
    const { data, errors } = parseSyncTabs({
      Школы: schools,
      "Нерабочие дни": [
        ["Дата", "Вид дня", "Основание"],
        ["30.08.2026", "", "День Республики Татарстан"],
        ["27.12.2025", "Рабочий", "перенос"],
        ["30.08.2026", "Нерабочий", ""],
      ],
      "Приказы прошлых лет": [
        ["Учебный год", "№ приказа", "Дата приказа", "Школа", "Список", "Основание"],
        ["2023/2024", "112-од", "15.10.2023", "s1", "ШНОР", "низкие результаты ГИА"],
        ["2023/2024", "112-од", "15.10.2023", "s2", "ШНОР и ШНСУ", ""],
        ["2023/2024", "112-од", "15.10.2023", "s3", "ШНОР", ""],
      ],
    });
    expect(data.calendar).toEqual([
      { date: "2026-08-30", kind: "dayOff", note: "День Республики Татарстан" },
      { date: "2025-12-27", kind: "workday", note: "перенос" },
    ]);
    expect(data.pastOrders).toEqual([
      {
        year: "2023/2024",
        number: "112-од",
        date: "2023-10-15",
        schoolId: "s1",
        lists: ["lowResults"],
        grounds: "низкие результаты ГИА",
      },
      {
        year: "2023/2024",
        number: "112-од",
        date: "2023-10-15",
        schoolId: "s2",
        lists: ["lowResults", "adverseSocial"],
      },
    ]);
    expect(errors).toEqual([
      { tab: "Нерабочие дни", row: 4, column: "Дата", message: "эта дата уже указана в строке 2" },
      {
        tab: "Приказы прошлых лет",
        row: 4,
        column: "Школа",
        message: "«s3» — такой школы нет на вкладке «Школы»",
      },
    ]);
  });
});

describe("«Обращение школы по спискам»", () => {
  const answers = [
    { key: "school", value: "Первая школа [s1]" },
    { key: "year", value: "2025/2026" },
    { key: "objection.request", value: "Не включать школу в список" },
    { key: "objection.lists", value: ["ШНОР — низкие образовательные результаты"] },
    {
      key: "objection.grounds",
      value: "В форме ГИА ошибочно указано 12 участников ЕГЭ вместо 21; ответ исправлен.",
    },
  ];

  it("is a record with the school, the year, the request and the grounds — never facts", () => {
    expect(parseObjectionAnswers("objection", answers)).toEqual({
      success: true,
      data: {
        schoolId: "s1",
        year: "2025/2026",
        request: "exclude",
        lists: ["lowResults"],
        grounds: "В форме ГИА ошибочно указано 12 участников ЕГЭ вместо 21; ответ исправлен.",
      },
    });
    const asFacts = parseSubmissionAnswers("objection", answers);
    expect(!asFacts.success && asFacts.error.issues[0]?.message).toBe(
      "форма «Обращение школы по спискам» не содержит данных о результатах школы",
    );
  });

  it("names the question when the grounds are missing, and takes both lists when none is chosen", () => {
    const without = parseObjectionAnswers(
      "objection",
      answers.filter((a) => a.key !== "objection.grounds"),
    );
    expect(without.success).toBe(false);
    if (!without.success) expect(without.error.issues.map((i) => i.path)).toEqual(["objection.grounds"]);
    const noLists = parseObjectionAnswers(
      "objection",
      answers.filter((a) => a.key !== "objection.lists"),
    );
    expect(noLists.success && noLists.data.lists).toEqual([]);
  });
});
