// The form catalog: the six school forms, their Russian questions and the Dataset v1 path each answer fills (plain data, no zod).

import type { DeficitArea, MissingSpecialist } from "../contract/dataset.js";
import { SUBJECT_NAMES } from "../contract/subjects.js";

/**
 * Version of the catalog a Google Form was built from (`form.catalogVersion` of the envelope). Bump it when a
 * key, a type, a range or a dataset path changes, so that answers from forms built earlier can be told apart.
 */
export const CATALOG_VERSION = "2026.3";

/** The school forms (closed set); «objection» is a record form, the others give facts. */
export const FORM_KINDS = ["social", "gia", "vpr", "staff", "support", "selfDiagnosis", "objection"] as const;
export type FormKind = (typeof FORM_KINDS)[number];

/** What a question asks for; coercion and the generated zod schemas switch on it. */
export const FIELD_TYPES = [
  "integer",
  "number",
  "boolean",
  "text",
  "url",
  "choice",
  "multichoice",
  "school",
  "year",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One option of a choice or multichoice question: `value` goes into the dataset, `label` is what people see. */
export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
}

/**
 * One question. `datasetPath` is where its answer lands in SchoolYearFacts: dotted keys, array elements
 * selected by their key fields, e.g. `ege[subject=russian].participants`, `vpr[grade=5,subject=math].grades.2`.
 * A multichoice with `countEach` adds 1 to `<datasetPath>.<option>` for every option chosen (anonymous tallies).
 */
export interface FieldDefinition {
  readonly key: string;
  readonly title: string;
  readonly help: string;
  readonly type: FieldType;
  readonly required: boolean;
  readonly datasetPath: string;
  readonly min?: number;
  readonly max?: number;
  readonly options?: readonly ChoiceOption[];
  readonly countEach?: true;
}

export interface SectionDefinition {
  readonly title: string;
  readonly description: string;
  readonly fields: readonly FieldDefinition[];
}

/**
 * One Google Form. An anonymous form collects no e-mail; every response adds 1 to `respondentsPath`, so only
 * the per-school tally is ever stored, never one teacher's answers with a name.
 */
export interface FormDefinition {
  readonly kind: FormKind;
  readonly title: string;
  readonly description: string;
  readonly anonymous: boolean;
  /**
   * The answers are a record of their own (`datasetPath` is then the record's field), never facts: «Обращение
   * школы по спискам» (issue 13). Such a form has no sheet in the import template.
   */
  readonly record?: true;
  readonly respondentsPath?: string;
  readonly sections: readonly SectionDefinition[];
}

/**
 * How a school appears as an option of a «school» question: `Наименование [код]`. Answers are read back by
 * the code in brackets, so renaming a school in the registry does not break old responses.
 */
export function schoolChoiceLabel(name: string, id: string): string {
  return `${name} [${id}]`;
}

// Upper bounds are generous sanity limits (a typo of an extra digit), not methodology.
const MAX_STUDENTS = 20_000;
const MAX_PARTICIPANTS = 5_000;
const MAX_TEACHERS = 2_000;

/** ЕГЭ subjects by choice most chosen in the seeds' territories: criterion 5 of seed 000 compares their mean. */
const EGE_ELECTIVES = [
  "social_studies",
  "history",
  "physics",
  "chemistry",
  "biology",
  "informatics",
] as const;

const MISSING_SPECIALIST_LABELS = {
  psychologist: "Педагог-психолог",
  speechTherapist: "Учитель-логопед",
  defectologist: "Учитель-дефектолог",
  socialPedagogue: "Социальный педагог",
  additionalEducation: "Педагог дополнительного образования",
} as const satisfies Record<MissingSpecialist, string>;

/** Russian names of the deficit areas (the wording of seed 004 and the regional diagnostics). */
export const DEFICIT_AREA_LABELS = {
  subjectContent: "Предметное содержание (знание своего предмета)",
  teachingMethods: "Методика преподавания предмета",
  updatedStandards: "Реализация обновлённых ФГОС",
  assessment: "Оценивание образовательных результатов и критерии оценивания (в том числе ВПР)",
  functionalLiteracy: "Формирование функциональной грамотности",
  studentsWithDifficulties: "Работа с обучающимися с трудностями в учёбе и риском учебной неуспешности",
  inclusiveEducation: "Обучение детей с ОВЗ и инвалидностью",
  nonNativeSpeakers: "Обучение детей с неродным русским языком",
  motivation: "Учебная мотивация обучающихся",
  classroomManagement: "Дисциплина и воспитательная работа на уроке",
  parentEngagement: "Взаимодействие с родителями (законными представителями)",
  digitalEnvironment: "Цифровая образовательная среда и дистанционные технологии",
} as const satisfies Record<DeficitArea, string>;

function optionsOf(labels: Record<string, string>): ChoiceOption[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

const schoolField: FieldDefinition = {
  key: "school",
  title: "Школа",
  help: "Выберите свою школу из списка (список ведёт муниципальный координатор на вкладке «Школы»).",
  type: "school",
  required: true,
  datasetPath: "schoolId",
};

const yearField: FieldDefinition = {
  key: "year",
  title: "Учебный год",
  help: "Учебный год, за который сообщаются сведения, например 2024/2025.",
  type: "year",
  required: true,
  datasetPath: "year",
};

const identitySection: SectionDefinition = {
  title: "Школа и учебный год",
  description: "Кто и за какой год заполняет форму.",
  fields: [schoolField, yearField],
};

function count(
  key: string,
  title: string,
  help: string,
  datasetPath: string,
  max: number,
  required = false,
): FieldDefinition {
  return { key, title, help, type: "integer", required, datasetPath, min: 0, max };
}

function yesNo(key: string, title: string, help: string, datasetPath: string): FieldDefinition {
  return { key, title, help, type: "boolean", required: false, datasetPath };
}

// ── Социальный паспорт ──────────────────────────────────────────────────────────────────────────────────

const studentsOf = "Число обучающихся (человек) из общего числа обучающихся школы.";

const socialForm: FormDefinition = {
  kind: "social",
  title: "Социальный паспорт школы",
  description:
    "Сведения о контингенте и условиях работы школы для расчёта индекса социального благополучия. " +
    "Указывайте численность (человек), а не проценты: доли посчитаются сами.",
  anonymous: false,
  sections: [
    identitySection,
    {
      title: "Контингент обучающихся",
      description: "Данные на начало учебного года (как в отчёте ОО-1).",
      fields: [
        count(
          "social.students",
          "Число обучающихся",
          "Все обучающиеся школы на начало учебного года.",
          "social.students",
          MAX_STUDENTS,
          true,
        ),
        count(
          "social.bothParentsHigherEducation",
          "Обучающиеся из семей, где оба родителя имеют высшее образование",
          studentsOf,
          "social.bothParentsHigherEducation",
          MAX_STUDENTS,
        ),
        count(
          "social.singleParentFamilies",
          "Обучающиеся из неполных семей",
          studentsOf,
          "social.singleParentFamilies",
          MAX_STUDENTS,
        ),
        count(
          "social.onPreventiveRegister",
          "Обучающиеся, состоящие на профилактическом учёте (ВШУ, ПДН, КДН)",
          studentsOf,
          "social.onPreventiveRegister",
          MAX_STUDENTS,
        ),
        count(
          "social.nonNativeRussian",
          "Обучающиеся, для которых русский язык не родной",
          `В том числе дети из семей мигрантов, владеющие русским языком на низком уровне. ${studentsOf}`,
          "social.nonNativeRussian",
          MAX_STUDENTS,
        ),
        count(
          "social.disabilities",
          "Обучающиеся с ОВЗ и дети-инвалиды",
          studentsOf,
          "social.disabilities",
          MAX_STUDENTS,
        ),
        count(
          "social.difficultLifeSituation",
          "Обучающиеся в трудной жизненной ситуации",
          studentsOf,
          "social.difficultLifeSituation",
          MAX_STUDENTS,
        ),
        count(
          "social.notAttested",
          "Неаттестованные по итогам учебного года",
          "Обучающиеся, не прошедшие промежуточную аттестацию по итогам прошлого учебного года.",
          "social.notAttested",
          MAX_STUDENTS,
        ),
        count(
          "social.chronicAbsence",
          "Обучающиеся, систематически пропускающие занятия без уважительной причины",
          studentsOf,
          "social.chronicAbsence",
          MAX_STUDENTS,
        ),
      ],
    },
    {
      title: "Условия работы школы",
      description: "Ресурсные дефициты и территориальные условия.",
      fields: [
        yesNo(
          "social.remote",
          "Школа удалена от других образовательных центров (транспортная недоступность)",
          "Да — если до районного центра и других школ трудно добраться.",
          "social.remote",
        ),
        yesNo(
          "social.infrastructureDeficit",
          "Дефицит базовой инфраструктуры",
          "Да — если не хватает устойчивого доступа в интернет, компьютерной техники или учебных помещений.",
          "social.infrastructureDeficit",
        ),
        {
          key: "social.missingSpecialists",
          title: "Каких специалистов нет в штате школы",
          help: "Отметьте все незанятые должности. Если все специалисты есть, не отмечайте ничего.",
          type: "multichoice",
          required: false,
          datasetPath: "social.missingSpecialists",
          options: optionsOf(MISSING_SPECIALIST_LABELS),
        },
      ],
    },
  ],
};

// ── ГИА ──────────────────────────────────────────────────────────────────────────────────────────────────

function egeSection(subject: keyof typeof SUBJECT_NAMES): SectionDefinition {
  const name = SUBJECT_NAMES[subject];
  const at = `ege[subject=${subject}]`;
  const prefix = `ЕГЭ, ${name}`;
  const base = subject === "math_base";
  const fields: FieldDefinition[] = [
    count(
      `ege.${subject}.participants`,
      `${prefix}: участники`,
      "Число выпускников школы, сдававших экзамен. Если экзамен не сдавали, оставьте раздел пустым.",
      `${at}.participants`,
      MAX_PARTICIPANTS,
    ),
    base
      ? {
          key: `ege.${subject}.meanScore`,
          title: `${prefix}: средняя отметка`,
          help: "Базовый уровень оценивается по пятибалльной шкале: средняя отметка от 2 до 5, например 4,2.",
          type: "number",
          required: false,
          datasetPath: `${at}.meanScore`,
          min: 2,
          max: 5,
        }
      : {
          key: `ege.${subject}.meanScore`,
          title: `${prefix}: средний балл`,
          help: "Средний тестовый балл выпускников школы (от 0 до 100), например 63,5.",
          type: "number",
          required: false,
          datasetPath: `${at}.meanScore`,
          min: 0,
          max: 100,
        },
  ];
  if (!base) {
    fields.push(
      count(
        `ege.${subject}.atLeast80`,
        `${prefix}: получили 80 баллов и выше`,
        "Число участников (человек) с результатом 80 баллов и выше.",
        `${at}.atLeast80`,
        MAX_PARTICIPANTS,
      ),
    );
  }
  fields.push(
    count(
      `ege.${subject}.belowMinimum`,
      base ? `${prefix}: получили «2»` : `${prefix}: не преодолели минимальный порог`,
      base
        ? "Число участников (человек) с отметкой «2»."
        : "Число участников (человек) с результатом ниже минимального количества баллов.",
      `${at}.belowMinimum`,
      MAX_PARTICIPANTS,
    ),
  );
  return {
    title: `ЕГЭ — ${name}`,
    description: "Результаты основного периода по данным РЦОИ.",
    fields,
  };
}

function ogeSection(subject: "russian" | "math"): SectionDefinition {
  const name = SUBJECT_NAMES[subject];
  const at = `oge[subject=${subject}]`;
  const prefix = `ОГЭ, ${name}`;
  return {
    title: `ОГЭ — ${name}`,
    description: "Результаты основного периода по данным РЦОИ.",
    fields: [
      count(
        `oge.${subject}.participants`,
        `${prefix}: участники`,
        "Число выпускников 9 классов, сдававших экзамен.",
        `${at}.participants`,
        MAX_PARTICIPANTS,
      ),
      {
        key: `oge.${subject}.meanGrade`,
        title: `${prefix}: средняя отметка`,
        help: "Средняя отметка по пятибалльной шкале (от 2 до 5), например 3,6.",
        type: "number",
        required: false,
        datasetPath: `${at}.meanGrade`,
        min: 2,
        max: 5,
      },
      count(
        `oge.${subject}.failed`,
        `${prefix}: получили «2»`,
        "Число участников (человек) с неудовлетворительным результатом.",
        `${at}.failed`,
        MAX_PARTICIPANTS,
      ),
    ],
  };
}

const giaForm: FormDefinition = {
  kind: "gia",
  title: "Результаты ГИА (ЕГЭ и ОГЭ)",
  description:
    "Результаты государственной итоговой аттестации выпускников 9 и 11 классов, получение аттестатов, " +
    "продолжение обучения в 10 классе, участие в олимпиадах. Если экзамен по предмету не сдавали, оставьте его раздел пустым.",
  anonymous: false,
  sections: [
    identitySection,
    {
      title: "Выпускники 11 классов",
      description: "",
      fields: [
        count(
          "gia.graduates11",
          "Выпускники 11 классов",
          "Число выпускников 11 классов (человек).",
          "graduates11",
          MAX_PARTICIPANTS,
        ),
        count(
          "gia.noCertificate11",
          "Выпускники 11 классов, не получившие аттестат",
          "Из числа выпускников 11 классов (человек).",
          "noCertificate11",
          MAX_PARTICIPANTS,
        ),
      ],
    },
    egeSection("russian"),
    egeSection("math"),
    egeSection("math_base"),
    ...EGE_ELECTIVES.map((subject) => egeSection(subject)),
    {
      title: "Выпускники 9 классов",
      description: "",
      fields: [
        count(
          "gia.graduates9",
          "Выпускники 9 классов",
          "Число выпускников 9 классов (человек).",
          "graduates9",
          MAX_PARTICIPANTS,
        ),
        count(
          "gia.noCertificate9",
          "Выпускники 9 классов, не получившие аттестат",
          "Из числа выпускников 9 классов (человек).",
          "noCertificate9",
          MAX_PARTICIPANTS,
        ),
        count(
          "gia.continuedTo10",
          "Выпускники 9 классов, продолжившие обучение в 10 классе",
          "В своей или другой школе (человек).",
          "continuedTo10",
          MAX_PARTICIPANTS,
        ),
      ],
    },
    ogeSection("russian"),
    ogeSection("math"),
    {
      title: "Олимпиады и аккредитация",
      description: "",
      fields: [
        count(
          "olympiad.participants",
          "Участники регионального и заключительного этапов всероссийской олимпиады школьников",
          "Число обучающихся (человек), участвовавших в региональном и заключительном этапах за учебный год.",
          "olympiad.participants",
          MAX_STUDENTS,
        ),
        count(
          "olympiad.winners",
          "Победители и призёры регионального и заключительного этапов",
          "Из числа участников (человек).",
          "olympiad.winners",
          MAX_STUDENTS,
        ),
        count(
          "contests.participants",
          "Участники региональных и всероссийских конкурсов (кроме олимпиады)",
          "Число обучающихся (человек), участвовавших за учебный год в региональных и всероссийских конкурсах; " +
            "каждый обучающийся считается один раз, сколько бы конкурсов у него ни было.",
          "contests.participants",
          MAX_STUDENTS,
        ),
        yesNo(
          "gia.accreditationSuspended",
          "Государственная аккредитация приостановлена или школа её лишена",
          "Да — если в этом учебном году аккредитация приостанавливалась или была лишена.",
          "accreditationSuspended",
        ),
      ],
    },
  ],
};

// ── ВПР и РДР ────────────────────────────────────────────────────────────────────────────────────────────

const MONITORING_GRADES = [5, 8] as const;
/** РДР are also written in grade 9 (the regional rehearsal of the ОГЭ). */
const RDR_GRADES = [5, 8, 9] as const;
const MONITORING_SUBJECTS = ["russian", "math"] as const;

/** Grade 4 ВПР (primary school): the three subjects whose sum seed 001 (3.2) compares with the regional sum. */
const PRIMARY_VPR_SUBJECTS = ["russian", "math", "world_around"] as const;

function vprSection(grade: number, subject: "russian" | "math" | "world_around"): SectionDefinition {
  const at = `vpr[grade=${grade},subject=${subject}]`;
  const key = `vpr.${grade}.${subject}`;
  const prefix = `ВПР, ${grade} класс, ${SUBJECT_NAMES[subject]}`;
  const mark = (m: "2" | "3" | "4" | "5") =>
    count(
      `${key}.mark${m}`,
      `${prefix}: получили «${m}»`,
      `Число участников (человек) с отметкой «${m}». Сумма отметок «2»–«5» равна числу участников.`,
      `${at}.grades.${m}`,
      MAX_PARTICIPANTS,
    );
  const journal = (which: "lower" | "same" | "higher", title: string) =>
    count(
      `${key}.journal.${which}`,
      `${prefix}: ${title}`,
      "Сравнение отметки за ВПР с отметкой по журналу (за предыдущую четверть/триместр), человек. " +
        "Заполните все три поля сравнения или ни одного.",
      `${at}.journal.${which}`,
      MAX_PARTICIPANTS,
    );
  return {
    title: `ВПР — ${grade} класс, ${SUBJECT_NAMES[subject]}`,
    description: "Результаты по данным ФИС ОКО. Если работу не писали, оставьте раздел пустым.",
    fields: [
      count(
        `${key}.participants`,
        `${prefix}: участники`,
        "Число обучающихся, выполнявших работу.",
        `${at}.participants`,
        MAX_PARTICIPANTS,
      ),
      mark("2"),
      mark("3"),
      mark("4"),
      mark("5"),
      journal("lower", "отметка за ВПР ниже отметки по журналу"),
      journal("same", "отметка за ВПР совпала с отметкой по журналу"),
      journal("higher", "отметка за ВПР выше отметки по журналу"),
      // The sum of the grade 4 subjects is compared with the regional sum in primary scores (seed 001, 3.2).
      ...(grade === 4
        ? [
            {
              key: `${key}.meanScore`,
              title: `${prefix}: средний первичный балл`,
              help: "Средний первичный балл участников по данным ФИС ОКО, например 21,4. Если школа загружает выгрузку Ф1, поле можно не заполнять.",
              type: "number" as const,
              required: false,
              datasetPath: `${at}.meanScore`,
              min: 0,
              max: 200,
            },
          ]
        : []),
    ],
  };
}

function rdrFields(grade: number, subject: "russian" | "math"): FieldDefinition[] {
  const at = `rdr[subject=${subject},grade=${grade}]`;
  const prefix = `РДР, ${grade} класс, ${SUBJECT_NAMES[subject]}`;
  return [
    count(
      `rdr.${grade}.${subject}.participants`,
      `${prefix}: участники`,
      "Число обучающихся, выполнявших региональную диагностическую работу. Если работу не писали, оставьте пустым.",
      `${at}.participants`,
      MAX_PARTICIPANTS,
    ),
    count(
      `rdr.${grade}.${subject}.unsatisfactory`,
      `${prefix}: неудовлетворительный результат`,
      "Число участников (человек), не справившихся с работой.",
      `${at}.unsatisfactory`,
      MAX_PARTICIPANTS,
    ),
  ];
}

const vprForm: FormDefinition = {
  kind: "vpr",
  title: "ВПР и РДР",
  description:
    "Результаты всероссийских проверочных работ (распределение отметок и сравнение с отметками по журналу) " +
    "в 4 классе (русский язык, математика, окружающий мир), 5 и 8 классах (русский язык и математика) " +
    "и региональных диагностических работ.",
  anonymous: false,
  sections: [
    identitySection,
    ...PRIMARY_VPR_SUBJECTS.map((subject) => vprSection(4, subject)),
    ...MONITORING_GRADES.flatMap((grade) => MONITORING_SUBJECTS.map((subject) => vprSection(grade, subject))),
    {
      title: "Региональные диагностические работы (РДР)",
      description: "Заполните строки тех работ, которые проводились в школе.",
      fields: RDR_GRADES.flatMap((grade) => MONITORING_SUBJECTS.flatMap((s) => rdrFields(grade, s))),
    },
  ],
};

// ── Кадры ────────────────────────────────────────────────────────────────────────────────────────────────

const teachersOf = "Из общего числа учителей школы (человек).";

const staffForm: FormDefinition = {
  kind: "staff",
  title: "Кадры",
  description:
    "Кадровый состав и повышение квалификации педагогов: для рекомендаций о наставничестве, КПК и сетевом взаимодействии.",
  anonymous: false,
  sections: [
    identitySection,
    {
      title: "Педагогические кадры",
      description: "Данные на начало учебного года (как в отчёте ОО-1).",
      fields: [
        count(
          "staff.teachers",
          "Число учителей",
          "Все учителя школы, включая внешних совместителей.",
          "staff.teachers",
          MAX_TEACHERS,
          true,
        ),
        count(
          "staff.highestCategory",
          "Учителя с высшей квалификационной категорией",
          teachersOf,
          "staff.highestCategory",
          MAX_TEACHERS,
        ),
        count(
          "staff.higherPedagogicalEducation",
          "Учителя с высшим педагогическим образованием",
          teachersOf,
          "staff.higherPedagogicalEducation",
          MAX_TEACHERS,
        ),
        count("staff.under35", "Учителя моложе 35 лет", teachersOf, "staff.under35", MAX_TEACHERS),
        count("staff.over55", "Учителя старше 55 лет", teachersOf, "staff.over55", MAX_TEACHERS),
        count(
          "staff.vacancies",
          "Вакансии учителей",
          "Число незакрытых вакансий учителей на начало учебного года.",
          "staff.vacancies",
          MAX_TEACHERS,
        ),
      ],
    },
    {
      title: "Диагностика дефицитов и повышение квалификации",
      description: "За текущий учебный год.",
      fields: [
        count(
          "staff.diagnosedForDeficits",
          "Учителя, прошедшие диагностику профессиональных дефицитов",
          teachersOf,
          "staff.diagnosedForDeficits",
          MAX_TEACHERS,
        ),
        count(
          "staff.trainedOnRequest",
          "Учителя, прошедшие КПК с учётом индивидуальных запросов",
          "Направленные на курсы повышения квалификации по итогам диагностики дефицитов (человек).",
          "staff.trainedOnRequest",
          MAX_TEACHERS,
        ),
        count(
          "staff.trainedOnAtRiskStudents",
          "Учителя, прошедшие КПК по работе с детьми с риском учебной неуспешности",
          "С учётом особенностей контингента обучающихся (человек).",
          "staff.trainedOnAtRiskStudents",
          MAX_TEACHERS,
        ),
      ],
    },
  ],
};

// ── Реализация программы поддержки ───────────────────────────────────────────────────────────────────────

const supportForm: FormDefinition = {
  kind: "support",
  title: "Реализация программы поддержки",
  description:
    "Как школа выполняет программу повышения качества образования и партнёрство со школой-наставником.",
  anonymous: false,
  sections: [
    identitySection,
    {
      title: "Программа и партнёрство",
      description: "",
      fields: [
        yesNo(
          "support.schoolProgram",
          "Утверждена школьная программа повышения качества образования",
          "Программа перехода школы в эффективный режим работы (антирисковая программа).",
          "support.schoolProgram",
        ),
        {
          key: "support.programUrl",
          title: "Ссылка на программу на сайте школы",
          help: "Адрес страницы, например https://school.ru/program. Можно без https://.",
          type: "url",
          required: false,
          datasetPath: "support.programUrl",
        },
        yesNo(
          "support.partnerAgreement",
          "Заключено партнёрское соглашение со школой-наставником",
          "Да — если соглашение о сотрудничестве со школой-наставником подписано.",
          "support.partnerAgreement",
        ),
        yesNo(
          "support.jointPlan",
          "Утверждён совместный план работы со школой-партнёром",
          "Да — если совместный план мероприятий по партнёрскому соглашению утверждён.",
          "support.jointPlan",
        ),
        count(
          "support.eventsHeld",
          "Проведено мероприятий по программе",
          "Семинары, взаимопосещения уроков, мастер-классы, консультации за учебный год.",
          "support.eventsHeld",
          1_000,
        ),
        yesNo(
          "support.studentDiagnostics",
          "Проведена диагностика обучающихся с трудностями в учебной деятельности",
          "Да — если причины трудностей определены и выданы адресные рекомендации.",
          "support.studentDiagnostics",
        ),
      ],
    },
  ],
};

// ── Самодиагностика педагога ─────────────────────────────────────────────────────────────────────────────

const selfDiagnosisForm: FormDefinition = {
  kind: "selfDiagnosis",
  title: "Самодиагностика педагога",
  description:
    "Анонимная анкета: адрес электронной почты не собирается, ответы хранятся только в сумме по школе. " +
    "Отметьте области, в которых вам нужна методическая помощь или курсы повышения квалификации.",
  anonymous: true,
  respondentsPath: "selfDiagnosis.respondents",
  sections: [
    identitySection,
    {
      title: "Профессиональные дефициты",
      description: "",
      fields: [
        {
          key: "selfDiagnosis.deficits",
          title: "В каких областях вы испытываете профессиональные затруднения",
          help: "Отметьте все подходящие. Если затруднений нет, не отмечайте ничего.",
          type: "multichoice",
          required: false,
          datasetPath: "selfDiagnosis.deficits",
          options: optionsOf(DEFICIT_AREA_LABELS),
          countEach: true,
        },
      ],
    },
  ],
};

// ── Обращение школы по спискам ──────────────────────────────────────────────────────────────────────────

/** Russian names of the two lists, as the objection form offers them. */
const LIST_LABELS = {
  lowResults: "ШНОР — низкие образовательные результаты",
  adverseSocial: "ШНСУ — неблагоприятные социальные условия",
} as const;

const objectionForm: FormDefinition = {
  kind: "objection",
  title: "Обращение школы по спискам",
  description:
    "Если школа не согласна с проектом списков ШНОР и ШНСУ, изложите основания до срока, указанного в письме о " +
    "проекте. Если в данных школы ошибка, исправьте ответ в соответствующей форме: после пересчёта проект покажет, " +
    "каким стал бы список с исправленными данными. Обращение рассматривает муниципальная рабочая группа.",
  anonymous: false,
  record: true,
  sections: [
    identitySection,
    {
      title: "Обращение",
      description: "",
      fields: [
        {
          key: "objection.request",
          title: "О чём просит школа",
          help: "Обычно школа просит не включать её в список; школа, которой нужна поддержка, может попросить включить её.",
          type: "choice",
          required: true,
          datasetPath: "request",
          options: [
            { value: "exclude", label: "Не включать школу в список" },
            { value: "include", label: "Включить школу в список" },
          ],
        },
        {
          key: "objection.lists",
          title: "Какого списка касается обращение",
          help: "Отметьте один или оба списка; если не отметить ничего, обращение касается обоих.",
          type: "multichoice",
          required: false,
          datasetPath: "lists",
          options: optionsOf(LIST_LABELS),
        },
        {
          key: "objection.grounds",
          title: "Основания",
          help: "Почему школа не согласна: какие показатели и почему неверно отражают её положение.",
          type: "text",
          required: true,
          datasetPath: "grounds",
        },
        {
          key: "objection.correctedData",
          title: "Какие данные школа исправила",
          help: "Если школа исправила ответ в одной из форм, укажите, в какой и что именно.",
          type: "text",
          required: false,
          datasetPath: "correctedData",
        },
        {
          key: "objection.contact",
          title: "Контактное лицо и телефон",
          help: "Кому рабочая группа может задать вопросы по обращению.",
          type: "text",
          required: false,
          datasetPath: "contact",
        },
      ],
    },
  ],
};

/** The school forms, in the order the coordinator's menu creates them: the six that give facts, then the objection. */
export const FORMS: readonly FormDefinition[] = [
  socialForm,
  giaForm,
  vprForm,
  staffForm,
  supportForm,
  selfDiagnosisForm,
  objectionForm,
];

/** The forms whose answers become facts (the import template has a sheet for each). */
export const FACT_FORMS: readonly FormDefinition[] = FORMS.filter((form) => form.record !== true);

/** The form of a kind, or undefined for a kind the catalog does not know. */
export function findForm(kind: string): FormDefinition | undefined {
  return FORMS.find((form) => form.kind === kind);
}

/** All questions of a form in order, sections flattened. */
export function formFields(form: FormDefinition): FieldDefinition[] {
  return form.sections.flatMap((section) => section.fields);
}
