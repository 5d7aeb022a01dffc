// Targeted measures: a catalog taken from the municipal programmes, each triggered by named indicators of the school.
import { DEFICIT_AREA_LABELS } from "../catalog/form-catalog.js";
import type { DeficitArea, SchoolYearFacts } from "../contract/dataset.js";
import { subjectLabel } from "../contract/labels.js";
import type { Category, Recommendation, VprPaperDiagnosis } from "../contract/results.js";
import { describeComponent } from "./component-text.js";
import type { ComponentBenchmark, ComponentOutcome } from "./composite-index.js";
import { at } from "./indexed-access.js";
import { formatShare } from "./number-format.js";
import { tasksWith } from "./vpr-task-rates.js";
import type { SchoolYearAnalysis } from "./year-analysis.js";

export interface RecommendationContext {
  analysis: SchoolYearAnalysis;
  categories: readonly Category[];
  resultsBenchmarks: readonly ComponentBenchmark[];
  socialBenchmarks: readonly ComponentBenchmark[];
  mentor: { id: string; name: string } | null;
  /** Territory's pooled share of students with chronic absence, for the seed 000 criterion «ниже среднерайонного». */
  territoryChronicAbsence: number | null;
  /** The school's ВПР task diagnosis (Ф1 imports); absent or empty when it has no task results. */
  vprTasks?: readonly VprPaperDiagnosis[];
}

type Priority = 1 | 2 | 3;

interface Measure {
  code: string;
  title: string;
  /** Returns the rationale when the school's indicators call for the measure, null otherwise. */
  trigger(ctx: RecommendationContext): { rationale: string; priority: Priority } | null;
}

/** Anonymous self-diagnosis is reported only from this many answers, so no single teacher can be recognised. */
const MIN_SELF_DIAGNOSIS_RESPONDENTS = 3;
/** An area counts as the school's deficit when at least this share of the teachers who answered named it. */
const NAMED_DEFICIT_SHARE = 0.3;

/**
 * «Самодиагностика педагогов (ответили 12): чаще всего названы …» — the areas named by at least 30% of the
 * teachers who answered, most named first; null below three answers or when no area reaches the share.
 */
function namedDeficits(self: SchoolYearFacts["selfDiagnosis"]): string | null {
  if (!self || self.respondents < MIN_SELF_DIAGNOSIS_RESPONDENTS) return null;
  const areas = Object.entries(self.deficits)
    .filter(
      (e): e is [DeficitArea, number] =>
        typeof e[1] === "number" && e[1] / self.respondents >= NAMED_DEFICIT_SHARE,
    )
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3);
  if (areas.length === 0) return null;
  const list = areas
    .map(([area, n]) => `«${DEFICIT_AREA_LABELS[area]}» (${n} из ${self.respondents})`)
    .join(", ");
  return `Самодиагностика педагогов (ответили ${self.respondents}): чаще всего названы дефициты ${list} — темы КПК.`;
}

/** Standard score below which a component counts as a weakness (half a standard deviation below the territory). */
const WEAK = -0.5;

function component(outcome: SchoolYearAnalysis["results"] | SchoolYearAnalysis["social"], key: string) {
  const components = outcome?.components ?? [];
  const j = components.findIndex((c) => c.key === key);
  return j < 0 ? null : { c: at(components, j), j };
}

function weakResult(ctx: RecommendationContext, key: string): string | null {
  const found = component(ctx.analysis.results, key);
  if (!found || found.c.score === null || found.c.score >= WEAK) return null;
  return describeComponent(found.c, ctx.resultsBenchmarks[found.j]);
}

function adverseSocial(ctx: RecommendationContext, key: string): string | null {
  const found = component(ctx.analysis.social, key);
  if (!found || found.c.score === null || found.c.score >= WEAK || found.c.raw === null) return null;
  return describeComponent(found.c, ctx.socialBenchmarks[found.j]);
}

const listed = (ctx: RecommendationContext) =>
  ctx.categories.includes("lowResults") || ctx.categories.includes("adverseSocial");
const low = (ctx: RecommendationContext): Priority => (ctx.categories.includes("lowResults") ? 1 : 2);

/** How many of a level's weakest tasks a rationale names per paper. */
const NAMED_TASKS = 3;

/** `5 и 9.1 (31% и 40%)`, `5, 9.1 и 7 (…)`, `5 (31%)`. */
function taskList(tasks: readonly { id: string; rate: number }[]): string {
  const and = (items: string[]) =>
    items.length === 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} и ${items[items.length - 1]}`;
  return `${and(tasks.map((t) => t.id))} (${and(tasks.map((t) => formatShare(t.rate)))})`;
}

/**
 * «ВПР, 5 класс, русский язык: недостаточно выполнены базовые задания 5 и 9.1 (31% и 40%), повышенное — 11 (12%)»
 * for each paper of `subject` that the results index reads and whose basic tasks fall below the basic
 * «insufficient» threshold; the weakest three of each level. Empty when there are none.
 */
function weakTasksText(ctx: RecommendationContext, subject: string): string[] {
  const out: string[] = [];
  for (const paper of ctx.vprTasks ?? []) {
    if (!paper.inIndex || paper.subject !== subject) continue;
    const basic = tasksWith(paper, "basic", "insufficient", NAMED_TASKS);
    if (basic.length === 0) continue;
    const advanced = tasksWith(paper, "advanced", "insufficient", NAMED_TASKS);
    const word = (n: number, one: string, many: string) => (n === 1 ? one : many);
    const more =
      advanced.length > 0
        ? `, ${word(advanced.length, "повышенное", "повышенные")} — ${taskList(advanced)}`
        : "";
    out.push(
      `ВПР, ${paper.grade} класс, ${subjectLabel(subject)}: недостаточно ` +
        `${word(basic.length, "выполнено базовое задание", "выполнены базовые задания")} ${taskList(basic)}${more}`,
    );
  }
  return out;
}

/**
 * Exam preparation per subject: ЕГЭ or ОГЭ mean below the benchmark by half a σ, or basic ВПР tasks of the
 * subject done insufficiently (Ф1 task results); the rationale names both.
 */
function examPreparation(subject: "russian" | "math"): Measure {
  const keys = subject === "russian" ? ["egeRussian", "ogeRussian"] : ["egeMath", "ogeMath"];
  return {
    code: `exam_preparation_${subject}`,
    title: `Подготовка к ГИА по предмету «${subjectLabel(subject)}»: диагностика, группы поддержки, методическое сопровождение учителей`,
    trigger: (ctx) => {
      const weak = keys.map((k) => weakResult(ctx, k)).filter((t): t is string => t !== null);
      weak.push(...weakTasksText(ctx, subject));
      return weak.length > 0 ? { rationale: weak.join("; "), priority: low(ctx) } : null;
    },
  };
}

/** The catalog (seeds 000–004): title in the programmes' words, the indicators that call for it. */
export const MEASURES: readonly Measure[] = [
  {
    code: "mentoring",
    title: "Наставничество «учитель — учитель» и партнёрство со школой-наставником",
    trigger: (ctx) =>
      ctx.mentor
        ? {
            rationale: `Школа-наставник: ${ctx.mentor.name}. Совместный план, взаимопосещение уроков, обмен практиками.`,
            priority: 1,
          }
        : null,
  },
  {
    code: "partner_agreement",
    title: "Заключить партнёрский договор и совместный план работы со школой с высокими результатами",
    trigger: (ctx) => {
      const support = ctx.analysis.fact.support;
      if (!ctx.mentor || (support?.partnerAgreement && support?.jointPlan)) return null;
      const missing = [
        !support?.partnerAgreement && "партнёрского договора",
        !support?.jointPlan && "совместного плана",
      ]
        .filter(Boolean)
        .join(" и ");
      return { rationale: `Нет ${missing} (критерий 7 оценки результативности).`, priority: 1 };
    },
  },
  {
    code: "quality_program",
    title: "Программа повышения качества образования (перехода школы в эффективный режим работы)",
    trigger: (ctx) =>
      listed(ctx) && !ctx.analysis.fact.support?.schoolProgram
        ? {
            rationale: "Школа в списке ШНОР/ШНСУ, а программа повышения качества образования не утверждена.",
            priority: 1,
          }
        : null,
  },
  {
    code: "targeted_training",
    title: "Адресные КПК по итогам диагностики профессиональных дефицитов педагогов",
    trigger: (ctx) => {
      const staff = ctx.analysis.fact.staff;
      const named = namedDeficits(ctx.analysis.fact.selfDiagnosis);
      const parts: string[] = [];
      if (!staff || staff.teachers === 0) {
        if (ctx.categories.includes("lowResults"))
          parts.push("Нет данных о диагностике дефицитов педагогов (форма «Кадры»).");
      } else {
        const diagnosed = (staff.diagnosedForDeficits ?? 0) / staff.teachers;
        const trained = (staff.trainedOnRequest ?? 0) / staff.teachers;
        if (diagnosed < 0.5 || trained < 0.3) {
          parts.push(
            `Прошли диагностику дефицитов ${formatShare(diagnosed)} учителей, обучены по запросу ${formatShare(trained)}.`,
          );
        }
      }
      if (named) parts.push(named);
      if (parts.length === 0) return null;
      return { rationale: parts.join(" "), priority: low(ctx) };
    },
  },
  examPreparation("russian"),
  examPreparation("math"),
  {
    code: "vpr_assessment_criteria",
    title: "Методическая работа по критериям оценивания ВПР и объективности оценивания",
    trigger: (ctx) => {
      if (ctx.analysis.objectivity.suspicious) {
        return {
          rationale: `Признаки необъективности ВПР: ${ctx.analysis.objectivity.reasons.join("; ")}.`,
          priority: 1,
        };
      }
      const weak = weakResult(ctx, "vprGrade2");
      return weak ? { rationale: weak, priority: low(ctx) } : null;
    },
  },
  {
    code: "struggling_students",
    title: "Диагностика обучающихся с трудностями в обучении и индивидуальные образовательные маршруты",
    trigger: (ctx) => {
      const weak = ["ogeFailed", "rdrUnsatisfactory", "egeBelowMinimum"]
        .map((k) => weakResult(ctx, k))
        .filter(Boolean);
      if (weak.length === 0) return null;
      const noDiagnostics = ctx.analysis.fact.support?.studentDiagnostics
        ? ""
        : " Диагностика обучающихся не проводилась.";
      return { rationale: `${weak.join("; ")}.${noDiagnostics}`, priority: low(ctx) };
    },
  },
  {
    code: "certificate_risk",
    title: "Индивидуальная работа с выпускниками группы риска по получению аттестата",
    trigger: (ctx) => {
      const weak = ["noCertificate9", "noCertificate11"].map((k) => weakResult(ctx, k)).filter(Boolean);
      return weak.length > 0
        ? { rationale: `${weak.join("; ")} (ожидается 0 — критерии 1–2).`, priority: 1 }
        : null;
    },
  },
  {
    code: "olympiad_program",
    title: "Программа работы с одарёнными детьми и олимпиадная подготовка",
    trigger: (ctx) => {
      const weak = weakResult(ctx, "olympiadParticipation");
      return weak ? { rationale: weak, priority: 3 } : null;
    },
  },
  {
    code: "retention_career_guidance",
    title: "Сохранение контингента и профориентация: продолжение обучения в 10 классе",
    trigger: (ctx) => {
      const weak = weakResult(ctx, "continuedTo10");
      return weak ? { rationale: weak, priority: 3 } : null;
    },
  },
  {
    code: "language_support",
    title: "Языковая поддержка обучающихся, для которых русский язык не родной",
    trigger: (ctx) => {
      const weak = adverseSocial(ctx, "nonNativeRussian");
      return weak ? { rationale: weak, priority: 2 } : null;
    },
  },
  {
    code: "mediation_service",
    title: "Служба школьной медиации и профилактика правонарушений",
    trigger: (ctx) => {
      const weak = adverseSocial(ctx, "onPreventiveRegister");
      return weak ? { rationale: weak, priority: 2 } : null;
    },
  },
  {
    code: "parents",
    title: "Работа с родителями, в том числе День открытых дверей ВПР для родителей",
    trigger: (ctx) => {
      const weak = ["bothParentsHigherEducation", "singleParentFamilies"]
        .map((k) => adverseSocial(ctx, k))
        .filter(Boolean);
      return weak.length > 0 ? { rationale: weak.join("; "), priority: 2 } : null;
    },
  },
  {
    code: "psychological_support",
    title: "Психолого-педагогическое сопровождение: педагог-психолог, социальный педагог, логопед",
    trigger: (ctx) => {
      const missing = (ctx.analysis.fact.social?.missingSpecialists ?? []).filter(
        (m) => m !== "additionalEducation",
      );
      const hard = ["difficultLifeSituation", "disabilities"]
        .map((k) => adverseSocial(ctx, k))
        .filter(Boolean);
      if (missing.length === 0 && hard.length === 0) return null;
      const names: Record<string, string> = {
        psychologist: "педагога-психолога",
        speechTherapist: "логопеда",
        defectologist: "дефектолога",
        socialPedagogue: "социального педагога",
        additionalEducation: "педагога дополнительного образования",
      };
      const parts = [
        ...(missing.length > 0 ? [`нет ${missing.map((m) => names[m]).join(", ")}`] : []),
        ...hard,
      ];
      return { rationale: parts.join("; "), priority: 2 };
    },
  },
  {
    code: "staff_network",
    title: "Кадровый дефицит: сетевое взаимодействие, привлечение учителей сильных школ, целевое обучение",
    trigger: (ctx) => {
      const staff = ctx.analysis.fact.staff;
      if (!staff?.vacancies) return null;
      return { rationale: `Вакансий: ${staff.vacancies} при ${staff.teachers} учителях.`, priority: 2 };
    },
  },
  {
    code: "equipment",
    title: "Материально-техническая база и доступ к скоростному интернету",
    trigger: (ctx) =>
      ctx.analysis.fact.social?.infrastructureDeficit
        ? { rationale: "Школа указала дефицит материально-технической базы.", priority: 2 }
        : null,
  },
  {
    code: "attendance",
    title: "Профилактика пропусков уроков без уважительной причины",
    trigger: (ctx) => {
      const social = ctx.analysis.fact.social;
      if (!social?.chronicAbsence || social.students === 0 || ctx.territoryChronicAbsence === null)
        return null;
      const share = social.chronicAbsence / social.students;
      if (share <= ctx.territoryChronicAbsence) return null;
      return {
        rationale: `Систематически пропускают уроки ${formatShare(share)} обучающихся (по территории ${formatShare(ctx.territoryChronicAbsence)}; критерий 9 — ниже среднерайонного).`,
        priority: 2,
      };
    },
  },
];

/** The measure that answers each results component when it is the school's weakest. */
const MEASURE_FOR_COMPONENT: Record<string, string> = {
  egeRussian: "exam_preparation_russian",
  ogeRussian: "exam_preparation_russian",
  egeMath: "exam_preparation_math",
  ogeMath: "exam_preparation_math",
  egeAtLeast80: "olympiad_program",
  egeBelowMinimum: "struggling_students",
  ogeFailed: "struggling_students",
  rdrUnsatisfactory: "struggling_students",
  noCertificate9: "certificate_risk",
  noCertificate11: "certificate_risk",
  vprGrade2: "vpr_assessment_criteria",
  olympiadParticipation: "olympiad_program",
  continuedTo10: "retention_career_guidance",
};

/**
 * Measures for a school on a list or under watch, most pressing first (priority, then catalog order).
 * A listed school always gets the measure that answers its weakest results component, with that component
 * named in the rationale, even when it is not half a σ below the territory.
 */
export function recommend(ctx: RecommendationContext): Recommendation[] {
  if (!listed(ctx) && !ctx.categories.includes("watch")) return [];
  const out: Recommendation[] = [];
  for (const measure of MEASURES) {
    const hit = measure.trigger(ctx);
    if (hit)
      out.push({
        code: measure.code,
        title: measure.title,
        rationale: hit.rationale,
        priority: hit.priority,
      });
  }
  const weakest = weakestComponent(ctx);
  if (weakest && listed(ctx)) {
    const code = MEASURE_FOR_COMPONENT[weakest.c.key];
    const measure = MEASURES.find((m) => m.code === code);
    const rationale = `Самый слабый показатель школы: ${describeComponent(weakest.c, ctx.resultsBenchmarks[weakest.j])}`;
    const existing = out.find((r) => r.code === code);
    if (
      existing &&
      !existing.rationale.includes(describeComponent(weakest.c, ctx.resultsBenchmarks[weakest.j]))
    ) {
      existing.rationale = `${rationale}. ${existing.rationale}`;
    } else if (!existing && measure) {
      out.push({ code: measure.code, title: measure.title, rationale, priority: low(ctx) });
    }
  }
  return out.sort(
    (a, b) => a.priority - b.priority || (CATALOG_ORDER.get(a.code) ?? 0) - (CATALOG_ORDER.get(b.code) ?? 0),
  );
}

/** A measure's place in the catalog, the order measures of the same priority are listed in. */
const CATALOG_ORDER = new Map(MEASURES.map((m, i) => [m.code, i]));

function weakestComponent(ctx: RecommendationContext): { c: ComponentOutcome; j: number } | null {
  const components = ctx.analysis.results?.components ?? [];
  let best: { c: ComponentOutcome; j: number } | null = null;
  components.forEach((c, j) => {
    if (c.score === null || !(c.key in MEASURE_FOR_COMPONENT)) return;
    if (!best || c.score < (best.c.score as number)) best = { c, j };
  });
  return best;
}
