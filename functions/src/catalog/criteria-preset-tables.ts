// The seed programmes' identification tables as rows of «Критерии выявления» (issue 12 §2), plain data bundled into Apps Script; how each number was read is in docs/methodology.md §14.
import type { PresetName } from "../contract/criteria-vocabulary.js";
import type { CriteriaRow } from "../contract/identification-criteria.js";

/**
 * Нефтекумский городской округ, «Критерии и показатели идентификации школ с низкими результатами обучения»
 * (seed 001, §7). Rules: 1.1, 2.1, 3.1, 3.2, 4.1, 4.3, 4.5, 4.7; 4.2, 4.4, 4.6, 4.8 describe the district in the
 * previous year (a mean of 3,366, «9 б.») and are no thresholds. The order does not say how the indicators combine:
 * at least four of the eight (see the methodology).
 */
const NEFTEKUMSK_2020: readonly CriteriaRow[] = [
  {
    number: "1.1",
    wording:
      "Менее 1 % обучающихся за три года принимали участие в региональных и всероссийских олимпиадах и конкурсах",
    list: "lowResults",
    indicator: "olympiadContestParticipation",
    comparison: "below",
    reference: "absolute",
    threshold: 1,
    years: 3,
    aggregate: "mean",
  },
  {
    number: "2.1",
    wording: "Около 40 % обучающихся продолжили обучение на старшей ступени за три года",
    list: "lowResults",
    indicator: "continuedTo10",
    comparison: "below",
    reference: "absolute",
    threshold: 45,
    years: 3,
    aggregate: "mean",
  },
  {
    number: "3.1",
    wording: "При проведении региональных проверочных процедур имеет место необъективность",
    list: "lowResults",
    indicator: "vprObjectivity",
    comparison: "above",
    reference: "absolute",
    threshold: 0,
  },
  {
    number: "3.2",
    wording:
      "Расхождение суммы результатов по трем предметам ВПР со среднекраевой суммой результатов более 10 баллов",
    list: "lowResults",
    indicator: "vprGrade4Sum",
    comparison: "deviates",
    reference: "regional",
    threshold: 10,
  },
  {
    number: "4.1",
    wording: "Низкие результаты ОГЭ по русскому языку за три года (ниже среднерегиональных)",
    list: "lowResults",
    indicator: "ogeRussian",
    comparison: "below",
    reference: "regional",
    threshold: 0,
    years: 3,
    aggregate: "each",
  },
  {
    number: "4.3",
    wording: "Результаты ОГЭ по математике за три года на уровне краевых",
    list: "lowResults",
    indicator: "ogeMath",
    comparison: "below",
    reference: "regional",
    threshold: -0.05,
    years: 3,
    aggregate: "each",
  },
  {
    number: "4.5",
    wording: "Результаты ЕГЭ по русскому языку за три года несколько ниже краевых",
    list: "lowResults",
    indicator: "egeRussian",
    comparison: "below",
    reference: "regional",
    threshold: 0,
    years: 3,
    aggregate: "each",
  },
  {
    number: "4.7",
    wording: "Результаты ЕГЭ по математике за три года ниже краевых на 5-10 б.",
    list: "lowResults",
    indicator: "egeMath",
    comparison: "below",
    reference: "regional",
    threshold: 5,
    years: 3,
    aggregate: "each",
  },
  { list: "lowResults", rule: "atLeast", threshold: 4 },
];

/**
 * МР Шаранский район, «Показатели и методы сбора» (seed 004): ШНОР — «учебные результаты хуже, чем все школы в
 * кластере» on the two-year indicators; ШНСУ — «ряд показателей социально-экономического неблагополучия».
 * The table numbers no indicator: they are numbered here after its rows 1 (ШНОР) and 2 (ШНСУ).
 */
const SHARAN_2021: readonly CriteriaRow[] = [
  {
    number: "1.1",
    wording: "Доля (%) высокобалльников ЕГЭ за 2 года (математика и русский язык)",
    list: "lowResults",
    indicator: "egeAtLeast80RussianMath",
    comparison: "below",
    reference: "clusterWorst",
    years: 2,
  },
  {
    number: "1.2",
    wording:
      "Доля (%) обучающихся, не преодолевших минимальный порог по ГИА за 2 года (математика и русский язык)",
    list: "lowResults",
    indicator: "giaBelowMinimumRussianMath",
    comparison: "above",
    reference: "clusterWorst",
    years: 2,
  },
  {
    number: "1.3",
    wording:
      "Доля обучающихся, имеющих неудовлетворительные результаты ВПР за 2 года (математика и русский язык, 5 и 8 классы)",
    list: "lowResults",
    indicator: "vprGrade2Grades5and8",
    comparison: "above",
    reference: "clusterWorst",
    years: 2,
  },
  {
    number: "1.4",
    wording: "Доля обучающихся, имеющих неудовлетворительные результаты РДР",
    list: "lowResults",
    indicator: "rdrUnsatisfactory",
    comparison: "above",
    reference: "clusterWorst",
    years: 2,
  },
  {
    number: "1.5",
    wording:
      "Корреляция результатов ВПР, текущего оценивания и срезов, проведенных в ходе контрольно-надзорной и/или профилактической деятельности",
    list: "lowResults",
    indicator: "vprJournalMismatch",
    comparison: "above",
    reference: "clusterWorst",
    years: 2,
  },
  {
    number: "1.6",
    wording: "Приостановление / лишение государственной аккредитации (да/нет)",
    list: "lowResults",
    indicator: "accreditationSuspended",
    comparison: "above",
    reference: "absolute",
    threshold: 0,
  },
  { list: "lowResults", rule: "atLeast", threshold: 2 },
  {
    number: "2.1",
    wording: "Доля обучающихся, состоящих на учете в ОДН, КДН",
    list: "adverseSocial",
    indicator: "onPreventiveRegister",
    comparison: "above",
    reference: "territoryMean",
  },
  {
    number: "2.2",
    wording:
      "Доля обучающихся из семей мигрантов и/или владеющих государственным русским языком на низком уровне",
    list: "adverseSocial",
    indicator: "nonNativeRussian",
    comparison: "above",
    reference: "territoryMean",
  },
  {
    number: "2.3",
    wording:
      "Доля обучающихся, неаттестованных (не прошедших промежуточную аттестацию) по итогам учебного года (семестра) по предметам",
    list: "adverseSocial",
    indicator: "notAttested",
    comparison: "above",
    reference: "territoryMean",
  },
  {
    number: "2.4",
    wording: "Доля обучающихся, имеющих систематические пропуски занятий по неуважительной причине",
    list: "adverseSocial",
    indicator: "chronicAbsence",
    comparison: "above",
    reference: "territoryMean",
  },
  {
    number: "2.5",
    wording: "Отдаленность школы от других образовательных центров, транспортная недоступность (да/нет)",
    list: "adverseSocial",
    indicator: "remote",
    comparison: "above",
    reference: "absolute",
    threshold: 0,
  },
  {
    number: "2.6",
    wording: "Малокомплектная школа (да/нет)",
    list: "adverseSocial",
    indicator: "smallSchool",
    comparison: "above",
    reference: "absolute",
    threshold: 0,
  },
  {
    number: "2.7",
    wording:
      "Наличие дефицита базовой инфраструктуры, устойчивого доступа в интернет и достаточного количества компьютерной техники (да/нет)",
    list: "adverseSocial",
    indicator: "infrastructureDeficit",
    comparison: "above",
    reference: "absolute",
    threshold: 0,
  },
  {
    number: "2.8",
    wording:
      "Не укомплектованность штата школы педагогическими кадрами, в том числе специалистами (психолог, логопед, дефектологи, преподаватели дополнительного образования детей, социальные педагоги) (да/нет)",
    list: "adverseSocial",
    indicator: "missingSpecialists",
    comparison: "above",
    reference: "absolute",
    threshold: 0,
  },
  { list: "adverseSocial", rule: "atLeast", threshold: 4 },
];

/** Each preset's table; `default` has none: the method of docs/methodology.md §7 decides the lists. */
export const PRESET_TABLES: Readonly<Record<PresetName, readonly CriteriaRow[]>> = {
  default: [],
  "neftekumsk-2020": NEFTEKUMSK_2020,
  "sharan-2021": SHARAN_2021,
};
