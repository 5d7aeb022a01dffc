// The coordinator's input tabs and their columns (Russian headers, keys, types): plain data shared with Apps Script.

import { MAX_WINDOW_YEARS } from "../contract/criteria-vocabulary.js";
import type { SchoolKind } from "../contract/dataset.js";
import {
  AGGREGATE_LABELS,
  COMBINATION_RULE_LABELS,
  COMPARISON_LABELS,
  CRITERIA_INDICATOR_LABELS,
  CRITERIA_LIST_LABELS,
  REFERENCE_LABELS,
} from "../contract/labels.js";
import { subjectTitle } from "../contract/subjects.js";

/** The input tabs the coordinator edits and Apps Script pushes to `sync` (closed set). */
export const COORDINATOR_TAB_KINDS = [
  "schools",
  "settings",
  "criteria",
  "references",
  "roadmap",
  "meetings",
  "pins",
  "calendar",
  "pastOrders",
] as const;
export type CoordinatorTabKind = (typeof COORDINATOR_TAB_KINDS)[number];

/**
 * How a cell is read: `list` is several values separated by commas or semicolons; `percent` is 0–100 with an
 * optional «%»; `schoolRef` is a registry code or `Наименование [код]`; `value` is a setting of any type.
 */
export const COLUMN_TYPES = [
  "text",
  "integer",
  "number",
  "percent",
  "boolean",
  "date",
  "year",
  "choice",
  "list",
  "emailList",
  "schoolRef",
  "schoolRefList",
  "value",
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** An allowed value of a choice column: `value` is stored, `label` is what the coordinator types. */
export interface AllowedValue {
  readonly value: string;
  readonly label: string;
}

export interface TabColumn {
  readonly key: string;
  readonly header: string;
  readonly type: ColumnType;
  readonly required: boolean;
  readonly note: string;
  readonly allowed?: readonly AllowedValue[];
  readonly min?: number;
  readonly max?: number;
  /** A number column counted in percent: a trailing «%» (a percent-formatted cell) is dropped, «30%» reads 30. */
  readonly percentUnits?: boolean;
}

export interface CoordinatorTab {
  readonly kind: CoordinatorTabKind;
  readonly name: string;
  readonly description: string;
  readonly columns: readonly TabColumn[];
}

/** «Действие» of a decision on «Рабочая группа» (values are the contract's DecisionAction; plain data for Apps Script). */
export const DECISION_ACTION_OPTIONS: readonly AllowedValue[] = [
  { value: "include", label: "Включить" },
  { value: "exclude", label: "Не включать" },
  { value: "remove", label: "Исключить" },
  { value: "approveLists", label: "Утвердить списки целиком" },
];

/** «Список»: one list or both (`both` becomes the two categories). */
export const LIST_OPTIONS: readonly AllowedValue[] = [
  { value: "lowResults", label: "ШНОР" },
  { value: "adverseSocial", label: "ШНСУ" },
  { value: "both", label: "ШНОР и ШНСУ" },
];

const SCHOOL_KIND_LABELS = {
  school: "Школа",
  lyceum: "Лицей",
  gymnasium: "Гимназия",
  boarding: "Школа-интернат",
  evening: "Вечерняя (сменная) школа",
  other: "Другое",
} as const satisfies Record<SchoolKind, string>;

const allowedOf = (labels: Record<string, string>): AllowedValue[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/** Subjects of the ЕГЭ and ОГЭ rows of «Эталоны»: the code or the Russian name. */
export const GIA_REFERENCE_SUBJECTS: readonly AllowedValue[] = [
  { value: "russian", label: subjectTitle("russian") },
  { value: "math", label: subjectTitle("math") },
  { value: "math_base", label: subjectTitle("math_base") },
];

/**
 * Subjects the «Эталоны» tab accepts: the ГИА ones, then the other ВПР subjects for the mark boundaries. Plain
 * data (this file is bundled into Apps Script, so it imports nothing at run time); a test keeps it in step with
 * the import vocabulary (`import/vocabulary.ts`).
 */
export const REFERENCE_SUBJECTS: readonly AllowedValue[] = [
  ...GIA_REFERENCE_SUBJECTS,
  { value: "world_around", label: subjectTitle("world_around") },
  { value: "history", label: subjectTitle("history") },
  { value: "social_studies", label: subjectTitle("social_studies") },
  { value: "geography", label: subjectTitle("geography") },
  { value: "biology", label: subjectTitle("biology") },
  { value: "physics", label: subjectTitle("physics") },
  { value: "chemistry", label: subjectTitle("chemistry") },
  { value: "informatics", label: subjectTitle("informatics") },
  { value: "literature", label: subjectTitle("literature") },
  { value: "english", label: subjectTitle("english") },
  { value: "german", label: subjectTitle("german") },
  { value: "french", label: subjectTitle("french") },
  { value: "spanish", label: subjectTitle("spanish") },
  { value: "chinese", label: subjectTitle("chinese") },
];

const schoolsTab: CoordinatorTab = {
  kind: "schools",
  name: "Школы",
  description:
    "Реестр школ территории: одна строка — одна школа. Код школы не меняйте: по нему связаны все данные. " +
    "Пока в таблице есть ошибки, действует прежний список школ.",
  columns: [
    {
      key: "id",
      header: "Код школы",
      type: "text",
      required: true,
      note: "Постоянный код без пробелов, например sch-001 или ИНН.",
    },
    {
      key: "name",
      header: "Наименование",
      type: "text",
      required: true,
      note: "Краткое наименование школы.",
    },
    {
      key: "settlement",
      header: "Местность",
      type: "choice",
      required: false,
      note: "Городская или сельская.",
      allowed: [
        { value: "urban", label: "Городская" },
        { value: "rural", label: "Сельская" },
      ],
    },
    {
      key: "kind",
      header: "Вид школы",
      type: "choice",
      required: false,
      note: "Лицеи и гимназии иначе проверяются на объективность ВПР.",
      allowed: allowedOf(SCHOOL_KIND_LABELS),
    },
    {
      key: "smallSchool",
      header: "Малокомплектная",
      type: "boolean",
      required: false,
      note: "Да или Нет.",
    },
    {
      key: "lat",
      header: "Широта",
      type: "number",
      required: false,
      note: "Например 54,6; нужна для подбора наставника поблизости. Заполняется вместе с долготой.",
      min: -90,
      max: 90,
    },
    {
      key: "lon",
      header: "Долгота",
      type: "number",
      required: false,
      note: "Например 52,4.",
      min: -180,
      max: 180,
    },
    {
      key: "emails",
      header: "Электронная почта",
      type: "emailList",
      required: false,
      note: "Адреса, с которых школа заполняет формы, через запятую.",
    },
    {
      key: "fisOko",
      header: "Логин ФИС ОКО",
      type: "text",
      required: false,
      note: "Логин школы в ФИС ОКО (edu и цифры, например edu123456): по нему находятся строки школы в выгрузках ВПР.",
    },
    {
      key: "giaCode",
      header: "Код ОО в ГИА",
      type: "text",
      required: false,
      note: "Код школы в таблицах ГИА регионального центра обработки информации (РЦОИ).",
    },
    {
      key: "cluster",
      header: "Кластер",
      type: "text",
      required: false,
      note: "Необязательно: кластер школ, если координатор задаёт его сам.",
    },
  ],
};

const settingsTab: CoordinatorTab = {
  kind: "settings",
  name: "Настройки",
  description:
    "Параметры методики: одна строка — один параметр. Пустая таблица — действуют значения по умолчанию. " +
    "Пока в таблице есть ошибки, действуют прежние настройки.",
  columns: [
    {
      key: "key",
      header: "Параметр",
      type: "text",
      required: true,
      note: "Код параметра через точку, например lowResults.clusterShare.",
    },
    {
      key: "value",
      header: "Значение",
      type: "value",
      required: true,
      note: "Число (дробная часть через запятую или точку) или Да/Нет.",
    },
    {
      key: "description",
      header: "Описание",
      type: "text",
      required: false,
      note: "Пояснение, не читается.",
    },
  ],
};

/**
 * The identification criteria of the municipality's own order (issue 12 §1): one row, one criterion; a list's
 * combination rule in a row of its own (only «Список», «Правило списка» and, for «не меньше N» or «сумма весов»,
 * «Порог»). Empty — the preset of «Настройки» (parameter `preset`) or the method by default decides the lists.
 */
const criteriaTab: CoordinatorTab = {
  kind: "criteria",
  name: "Критерии выявления",
  description:
    "Критерии выявления ШНОР и ШНСУ по приказу территории: одна строка — один критерий, правило объединения " +
    "критериев списка — отдельной строкой. Пустая таблица — действует пресет из «Настроек» (параметр preset) " +
    "или методика по умолчанию. Пока в таблице есть ошибки, действует прежняя таблица.",
  columns: [
    {
      key: "number",
      header: "№",
      type: "text",
      required: false,
      note: "Номер критерия в приказе, например 4.1.",
    },
    {
      key: "wording",
      header: "Критерий",
      type: "text",
      required: false,
      note: "Формулировка приказа: её и номер увидят в причинах включения школы в список.",
    },
    {
      key: "list",
      header: "Список",
      type: "choice",
      required: true,
      note: "Какой список критерий пополняет.",
      allowed: allowedOf(CRITERIA_LIST_LABELS),
    },
    {
      key: "indicator",
      header: "Показатель",
      type: "choice",
      required: false,
      note: "Что сравнивается; в строке правила не заполняется.",
      allowed: allowedOf(CRITERIA_INDICATOR_LABELS),
    },
    {
      key: "comparison",
      header: "Сравнение",
      type: "choice",
      required: false,
      note: "Значение школы ниже, выше или отличается от того, с чем сравнивается, больше чем на порог.",
      allowed: allowedOf(COMPARISON_LABELS),
    },
    {
      key: "reference",
      header: "С чем сравнивается",
      type: "choice",
      required: false,
      note:
        "Заданное значение (порог — само значение), среднерегиональный показатель с листа «Эталоны», среднее по " +
        "территории или кластеру (порог — отступ в единицах показателя), худшая из других школ кластера или место " +
        "(процентиль 0–100) в кластере или территории.",
      allowed: allowedOf(REFERENCE_LABELS),
    },
    {
      key: "threshold",
      header: "Порог",
      type: "number",
      required: false,
      note:
        "В единицах показателя (проценты — от 0 до 100, средняя отметка — от 2 до 5) или баллах отступа от эталона; " +
        "для правила «не меньше N» — N, для «сумма весов» — порог суммы. «30%» читается как 30. Пусто — 0.",
      min: -1000,
      max: 1000,
      percentUnits: true,
    },
    {
      key: "years",
      header: "Лет",
      type: "integer",
      required: false,
      note: "Сколько последних учебных лет смотреть. Пусто — 1.",
      min: 1,
      max: MAX_WINDOW_YEARS,
    },
    {
      key: "aggregate",
      header: "Как считать годы",
      type: "choice",
      required: false,
      note: "Выполняется каждый год или в среднем за годы. Пусто — каждый год.",
      allowed: allowedOf(AGGREGATE_LABELS),
    },
    {
      key: "weight",
      header: "Вес",
      type: "number",
      required: false,
      note: "Вес критерия для правила «сумма весов». Пусто — 1.",
      min: 0,
      max: 100,
    },
    {
      key: "rule",
      header: "Правило списка",
      type: "choice",
      required: false,
      note:
        "Только в строке правила: как объединяются критерии списка. Без строки правила школа попадает в список, " +
        "если выполнены все критерии.",
      allowed: allowedOf(COMBINATION_RULE_LABELS),
    },
  ],
};

const referencesTab: CoordinatorTab = {
  kind: "references",
  name: "Эталоны",
  description:
    "Среднерегиональные показатели ГИА, ВПР и РДР по годам и границы отметок ВПР (первичные баллы по критериям оценивания года): одна строка — один предмет одной процедуры.",
  columns: [
    { key: "year", header: "Учебный год", type: "year", required: true, note: "Например 2024/2025." },
    {
      key: "procedure",
      header: "Процедура",
      type: "choice",
      required: true,
      note: "ЕГЭ, ОГЭ, ВПР или РДР.",
      allowed: [
        { value: "ege", label: "ЕГЭ" },
        { value: "oge", label: "ОГЭ" },
        { value: "vpr", label: "ВПР" },
        { value: "rdr", label: "РДР" },
      ],
    },
    {
      key: "subject",
      header: "Предмет",
      type: "choice",
      required: true,
      note: "Название или код предмета.",
      allowed: REFERENCE_SUBJECTS,
    },
    {
      key: "mean",
      header: "Средний балл (отметка)",
      type: "number",
      required: true,
      note: "ЕГЭ — средний балл 0–100; ОГЭ и базовая математика — средняя отметка 2–5; ВПР — средний первичный балл по региону (можно не заполнять); для РДР не заполняется.",
      min: 0,
      max: 100,
    },
    {
      key: "atLeast80Share",
      header: "Доля 80 баллов и выше, %",
      type: "percent",
      required: false,
      note: "Только ЕГЭ; проценты от 0 до 100.",
    },
    {
      key: "belowMinimumShare",
      header: "Доля ниже минимального порога, %",
      type: "percent",
      required: false,
      note: "Только ЕГЭ; проценты от 0 до 100.",
    },
    {
      key: "failedShare",
      header: "Доля «2», %",
      type: "percent",
      required: false,
      note: "ОГЭ и ВПР — доля отметок «2» по региону; РДР — доля неудовлетворительных результатов по региону (обязательно); проценты от 0 до 100.",
    },
    {
      key: "grade",
      header: "Класс",
      type: "integer",
      required: false,
      note: "ВПР (обязательно) и РДР (можно не заполнять): класс, например 4.",
      min: 1,
      max: 11,
    },
    ...(["3", "4", "5"] as const).map(
      (mark): TabColumn => ({
        key: `lowest${mark}`,
        header: `ВПР: первичный балл на «${mark}»`,
        type: "integer",
        required: false,
        note: `Только ВПР: наименьший первичный балл, с которого ставится «${mark}» (по критериям оценивания этого года); все три границы или ни одной, если дан региональный показатель.`,
        min: 1,
        max: 200,
      }),
    ),
  ],
};

const roadmapTab: CoordinatorTab = {
  kind: "roadmap",
  name: "Дорожная карта",
  description:
    "Мероприятия дорожной карты со сроками: по ним считаются статусы «выполнено», «просрочено», «скоро».",
  columns: [
    { key: "id", header: "№", type: "text", required: true, note: "Номер мероприятия, например 1.2." },
    { key: "title", header: "Мероприятие", type: "text", required: true, note: "" },
    { key: "from", header: "Начало", type: "date", required: true, note: "Дата, например 01.09.2025." },
    { key: "to", header: "Окончание", type: "date", required: true, note: "Дата, не раньше начала." },
    { key: "responsible", header: "Ответственный", type: "text", required: false, note: "" },
    { key: "expectedResult", header: "Ожидаемый результат", type: "text", required: false, note: "" },
    {
      key: "schoolIds",
      header: "Школы",
      type: "schoolRefList",
      required: false,
      note: "Коды школ через запятую; пусто — для всех.",
    },
    {
      key: "done",
      header: "Выполнено",
      type: "date",
      required: false,
      note: "Дата выполнения; пусто — ещё не выполнено.",
    },
  ],
};

const meetingsTab: CoordinatorTab = {
  kind: "meetings",
  name: "Рабочая группа",
  description:
    "Заседания рабочей группы: одна строка — одно решение. Строки с одной датой — одно заседание; " +
    "число членов и присутствовавших достаточно указать в первой строке заседания.",
  columns: [
    { key: "date", header: "Дата заседания", type: "date", required: true, note: "Например 15.07.2025." },
    {
      key: "members",
      header: "Членов рабочей группы",
      type: "integer",
      required: true,
      note: "Состав по приказу.",
      min: 1,
      max: 1000,
    },
    {
      key: "present",
      header: "Присутствовали",
      type: "integer",
      required: true,
      note: "Кворум — больше половины членов.",
      min: 0,
      max: 1000,
    },
    {
      key: "chairPresent",
      header: "Председатель присутствовал",
      type: "boolean",
      required: false,
      note: "Да или Нет.",
    },
    { key: "decision", header: "Решение", type: "text", required: false, note: "Формулировка решения." },
    { key: "for", header: "За", type: "integer", required: false, note: "Голосов «за».", min: 0, max: 1000 },
    {
      key: "against",
      header: "Против",
      type: "integer",
      required: false,
      note: "Голосов «против».",
      min: 0,
      max: 1000,
    },
    {
      key: "abstained",
      header: "Воздержались",
      type: "integer",
      required: false,
      note: "",
      min: 0,
      max: 1000,
    },
    {
      key: "chairVotedFor",
      header: "Председатель голосовал «за»",
      type: "boolean",
      required: false,
      note: "Решающий голос при равенстве голосов.",
    },
    {
      key: "protocol",
      header: "№ протокола",
      type: "text",
      required: false,
      note: "Номер протокола заседания; повторяйте его в каждой строке заседания — так различаются два заседания в один день.",
    },
    {
      key: "chair",
      header: "Председательствующий",
      type: "text",
      required: false,
      note: "ФИО ведущего заседание (руководитель или его заместитель); достаточно в первой строке заседания.",
    },
    {
      key: "secretary",
      header: "Секретарь",
      type: "text",
      required: false,
      note: "ФИО секретаря рабочей группы; достаточно в первой строке заседания.",
    },
    {
      key: "attendees",
      header: "Присутствовали (ФИО)",
      type: "list",
      required: false,
      note: "ФИО присутствовавших через запятую или точку с запятой — для протокола; достаточно в первой строке заседания.",
    },
    {
      key: "action",
      header: "Действие",
      type: "choice",
      required: false,
      note: "Что решение делает со списками: включить, не включать, исключить школы или утвердить списки целиком.",
      allowed: DECISION_ACTION_OPTIONS,
    },
    {
      key: "schoolIds",
      header: "Школы",
      type: "schoolRefList",
      required: false,
      note: "Коды школ, которых касается решение, через запятую (для «утвердить списки целиком» не нужны).",
    },
    {
      key: "lists",
      header: "Список",
      type: "choice",
      required: false,
      note: "ШНОР, ШНСУ или оба; для «включить» обязателен, для «не включать» и «исключить» пусто — оба списка.",
      allowed: LIST_OPTIONS,
    },
    {
      key: "grounds",
      header: "Основания решения",
      type: "text",
      required: false,
      note: "Почему принято решение: попадает в «Обращения», протокол и утверждённые списки.",
    },
    {
      key: "dissent",
      header: "Особое мнение",
      type: "text",
      required: false,
      note: "Письменное мнение члена рабочей группы, не согласного с решением (приобщается к протоколу).",
    },
    {
      key: "draft",
      header: "Проект списков №",
      type: "integer",
      required: false,
      note: "Для «утвердить списки целиком»: номер проекта списков; пусто — последний.",
      min: 1,
      max: 100000,
    },
  ],
};

const pinsTab: CoordinatorTab = {
  kind: "pins",
  name: "Закрепление пар",
  description: "Пары «школа — наставник», закреплённые координатором: расчёт их не меняет.",
  columns: [
    {
      key: "menteeId",
      header: "Школа",
      type: "schoolRef",
      required: true,
      note: "Код школы, которой нужна поддержка.",
    },
    {
      key: "mentorId",
      header: "Школа-наставник",
      type: "schoolRef",
      required: true,
      note: "Код школы-наставника.",
    },
  ],
};

const calendarTab: CoordinatorTab = {
  kind: "calendar",
  name: "Нерабочие дни",
  description:
    "Дни, которые меняют календарь территории для сроков в рабочих днях: региональные праздники (например, " +
    "Ураза-байрам и Курбан-байрам, День Республики), перенос выходных постановлением Правительства, рабочие " +
    "субботы. Федеральные праздники (ТК РФ, ст. 112) и выходные уже учтены.",
  columns: [
    { key: "date", header: "Дата", type: "date", required: true, note: "Например 30.08.2026." },
    {
      key: "kind",
      header: "Вид дня",
      type: "choice",
      required: false,
      note: "Нерабочий (по умолчанию) или рабочий — например, суббота, ставшая рабочей при переносе.",
      allowed: [
        { value: "dayOff", label: "Нерабочий" },
        { value: "workday", label: "Рабочий" },
      ],
    },
    {
      key: "note",
      header: "Основание",
      type: "text",
      required: false,
      note: "Например: День Республики Татарстан.",
    },
  ],
};

const pastOrdersTab: CoordinatorTab = {
  kind: "pastOrders",
  name: "Приказы прошлых лет",
  description:
    "Приказы об утверждении списков ШНОР и ШНСУ, изданные до начала работы с системой: одна строка — одна школа " +
    "приказа. По ним считаются годы сопровождения, выход из списков и усиленное сопровождение.",
  columns: [
    { key: "year", header: "Учебный год", type: "year", required: true, note: "Например 2023/2024." },
    { key: "number", header: "№ приказа", type: "text", required: true, note: "Например 112-од." },
    { key: "date", header: "Дата приказа", type: "date", required: true, note: "Например 15.10.2023." },
    {
      key: "schoolId",
      header: "Школа",
      type: "schoolRef",
      required: true,
      note: "Код школы или «Наименование [код]».",
    },
    {
      key: "lists",
      header: "Список",
      type: "choice",
      required: true,
      note: "ШНОР, ШНСУ или оба.",
      allowed: LIST_OPTIONS,
    },
    {
      key: "grounds",
      header: "Основание",
      type: "text",
      required: false,
      note: "Как в приказе, если указано.",
    },
  ],
};

/** The input tabs in the order they appear in the sheet. */
export const COORDINATOR_TABS: readonly CoordinatorTab[] = [
  schoolsTab,
  settingsTab,
  criteriaTab,
  referencesTab,
  roadmapTab,
  meetingsTab,
  pinsTab,
  calendarTab,
  pastOrdersTab,
];

/** The tab with this sheet name («Школы», …), or undefined. */
export function findCoordinatorTab(name: string): CoordinatorTab | undefined {
  const wanted = name.trim();
  return COORDINATOR_TABS.find((tab) => tab.name === wanted);
}
