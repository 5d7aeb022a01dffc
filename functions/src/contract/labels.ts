// Russian names of categories, index components and territory KPIs: the words coordinators see everywhere.

import type {
  Aggregate,
  CombinationRule,
  Comparison,
  CriteriaIndicator,
  CriteriaList,
  CriteriaReference,
} from "./criteria-vocabulary.js";
import type { ResultsComponentKey, SocialComponentKey } from "./methodology-settings.js";
import type { Category } from "./results.js";
import { subjectName } from "./subjects.js";

export const CATEGORY_LABELS: Record<Category, string> = {
  lowResults: "ШНОР — низкие образовательные результаты",
  adverseSocial: "ШНСУ — неблагоприятные социальные условия",
  resilient: "Резильентная школа",
  leader: "Школа-лидер",
  watch: "Под наблюдением",
};

export const CATEGORY_SHORT_LABELS: Record<Category, string> = {
  lowResults: "ШНОР",
  adverseSocial: "ШНСУ",
  resilient: "Резильентная",
  leader: "Лидер",
  watch: "Наблюдение",
};

export const SOCIAL_COMPONENT_LABELS: Record<SocialComponentKey, string> = {
  bothParentsHigherEducation: "Доля обучающихся из семей, где оба родителя имеют высшее образование",
  singleParentFamilies: "Доля обучающихся из неполных семей",
  onPreventiveRegister: "Доля обучающихся, состоящих на профилактическом учёте (ВШУ, ПДН, КДН)",
  nonNativeRussian: "Доля обучающихся, для которых русский язык не родной",
  disabilities: "Доля обучающихся с ОВЗ и инвалидностью",
  difficultLifeSituation: "Доля обучающихся в трудной жизненной ситуации",
  remote: "Удалённость школы",
  infrastructureDeficit: "Дефицит материально-технической базы",
  missingSpecialists: "Нет узких специалистов (психолог, логопед, дефектолог, социальный педагог)",
  smallSchool: "Малокомплектная школа",
};

export const RESULTS_COMPONENT_LABELS: Record<ResultsComponentKey, string> = {
  egeRussian: "ЕГЭ, русский язык: средний балл",
  egeMath: "ЕГЭ, математика (профиль): средний балл",
  egeAtLeast80: "ЕГЭ: доля результатов 80 баллов и выше",
  egeBelowMinimum: "ЕГЭ: доля результатов ниже минимального порога",
  ogeRussian: "ОГЭ, русский язык: средняя отметка",
  ogeMath: "ОГЭ, математика: средняя отметка",
  ogeFailed: "ОГЭ: доля неудовлетворительных результатов",
  noCertificate9: "Доля выпускников 9 классов без аттестата",
  noCertificate11: "Доля выпускников 11 классов без аттестата",
  vprGrade2: "ВПР: доля отметок «2»",
  rdrUnsatisfactory: "РДР: доля неудовлетворительных результатов",
  olympiadParticipation: "Участие в региональном и заключительном этапах олимпиад (на 100 обучающихся)",
  continuedTo10: "Доля выпускников 9 классов, продолживших обучение в 10 классе",
};

/** Keys of `Results.summary`, in display order, with their Russian labels. */
export const SUMMARY_LABELS = {
  year: "Учебный год",
  schools: "Школ в реестре",
  schoolsWithResults: "Школ с рассчитанным индексом результатов",
  lowResults: "ШНОР (низкие результаты)",
  adverseSocial: "ШНСУ (неблагоприятные условия)",
  bothLists: "В обоих списках",
  resilient: "Резильентные школы",
  leader: "Школы-лидеры",
  watch: "Под наблюдением",
  objectivitySuspicious: "Признаки необъективности ВПР",
  lowConfidence: "Индекс на малых выборках (низкая надёжность)",
  enteredLowResults: "Вошли в ШНОР в этом году",
  exitedLowResults: "Вышли из ШНОР в этом году",
  enteredAdverseSocial: "Вошли в ШНСУ в этом году",
  exitedAdverseSocial: "Вышли из ШНСУ в этом году",
  pairs: "Пар «школа — наставник»",
  withoutMentor: "Школ из списков без наставника",
  listedWithMentor: "Школ ШНОР и ШНСУ с наставником, %",
  positiveDynamics: "Школ с положительной динамикой индекса результатов, %",
  negativeDynamics: "Школ с отрицательной динамикой индекса результатов, %",
  listedPositiveDynamics: "Школ ШНОР и ШНСУ с положительной динамикой, %",
  listedWithProgram: "Школ ШНОР и ШНСУ с программой повышения качества образования, %",
  listedWithPartnerAgreement: "Школ ШНОР и ШНСУ с партнёрским договором, %",
  listedWithStudentDiagnostics: "Школ ШНОР и ШНСУ, где проведена диагностика обучающихся с трудностями, %",
  teachersDiagnosed: "Учителей ШНОР и ШНСУ, прошедших диагностику дефицитов, %",
  teachersTrainedOnRequest: "Учителей ШНОР и ШНСУ, прошедших КПК по запросу, %",
  teachersTrainedAtRisk: "Учителей ШНОР и ШНСУ, обученных работе с детьми группы риска, %",
  listedStaffing: "Укомплектованность педагогами школ ШНОР и ШНСУ, %",
  adverseGiaPassed: "Результаты ГИА обучающихся ШНСУ выше минимального порога, %",
} as const;
export type SummaryKey = keyof typeof SUMMARY_LABELS;

/** Russian name of a subject code (contract/subjects.ts); an unknown code is shown as it is. */
export const subjectLabel = subjectName;

/**
 * Russian names of the indicators a criterion may name (the «Критерии выявления» tab): the index components keep
 * their names above; the rest are named here.
 */
export const CRITERIA_INDICATOR_LABELS: Record<CriteriaIndicator, string> = {
  resultsIndex: "Индекс результатов",
  socialIndex: "Индекс социального благополучия",
  ...RESULTS_COMPONENT_LABELS,
  ...SOCIAL_COMPONENT_LABELS,
  egeAtLeast80RussianMath: "ЕГЭ, русский язык и математика: доля 80 баллов и выше",
  giaBelowMinimumRussianMath: "ГИА, русский язык и математика: доля не преодолевших минимальный порог",
  vprGrade2Grades5and8: "ВПР, 5 и 8 классы, русский язык и математика: доля отметок «2»",
  vprGrade4Sum:
    "ВПР, 4 класс: сумма средних первичных баллов по русскому языку, математике и окружающему миру",
  vprJournalMismatch: "ВПР: доля участников, чья отметка не совпала с отметкой по журналу",
  vprObjectivity: "Признаки необъективности ВПР",
  olympiadContestParticipation:
    "Участие в региональных и всероссийских олимпиадах и конкурсах (доля обучающихся)",
  accreditationSuspended: "Государственная аккредитация приостановлена или школа её лишена",
  notAttested: "Доля обучающихся, не прошедших промежуточную аттестацию",
  chronicAbsence: "Доля обучающихся, систематически пропускающих занятия без уважительной причины",
  teachersHighestCategory: "Доля учителей с высшей квалификационной категорией",
  teachersUnder35: "Доля учителей моложе 35 лет",
  teachersOver55: "Доля учителей старше 55 лет",
  teacherVacancies: "Доля незанятых ставок учителей (вакансии от штата)",
  disadvantageFlags:
    "Число признаков неблагополучия (удалённость, дефицит базы, нет специалистов, малокомплектность)",
};

/** The lists a criterion feeds, as the tab writes them. */
export const CRITERIA_LIST_LABELS: Record<CriteriaList, string> = {
  lowResults: "ШНОР",
  adverseSocial: "ШНСУ",
};

export const COMPARISON_LABELS: Record<Comparison, string> = {
  below: "ниже",
  above: "выше",
  deviates: "отличается больше чем на",
};

export const REFERENCE_LABELS: Record<CriteriaReference, string> = {
  absolute: "заданное значение",
  regional: "среднерегиональный показатель",
  territoryMean: "среднее по территории",
  clusterMean: "среднее по кластеру",
  clusterWorst: "худшая из других школ кластера",
  clusterPercentile: "место в кластере (процентиль)",
  territoryPercentile: "место в территории (процентиль)",
};

export const AGGREGATE_LABELS: Record<Aggregate, string> = { each: "каждый год", mean: "в среднем за годы" };

export const COMBINATION_RULE_LABELS: Record<CombinationRule, string> = {
  all: "все критерии",
  atLeast: "не меньше N критериев",
  score: "сумма весов не меньше порога",
};
