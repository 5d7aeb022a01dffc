// Methodology settings (docs/methodology.md): every number of the method with its documented default; partial overrides validated.
import { z } from "zod";
import { PRESET_NAMES } from "./criteria-vocabulary.js";
import { CriteriaTableSchema } from "./identification-criteria.js";
import { issuesFromZod, type ParseResult } from "./validation-issue.js";

/** Version of the method; bump when a default or a formula changes so results say which rules made them. */
export const METHODOLOGY_VERSION = "2026.2";

const weight = z.number().min(0).max(10);
const share = z.number().min(0).max(1);

/** Keys of the social index components; direction and Russian names live in the domain. */
export const SOCIAL_COMPONENT_KEYS = [
  "bothParentsHigherEducation",
  "singleParentFamilies",
  "onPreventiveRegister",
  "nonNativeRussian",
  "disabilities",
  "difficultLifeSituation",
  "remote",
  "infrastructureDeficit",
  "missingSpecialists",
  "smallSchool",
] as const;
export type SocialComponentKey = (typeof SOCIAL_COMPONENT_KEYS)[number];

/** Keys of the results index components. */
export const RESULTS_COMPONENT_KEYS = [
  "egeRussian",
  "egeMath",
  "egeAtLeast80",
  "egeBelowMinimum",
  "ogeRussian",
  "ogeMath",
  "ogeFailed",
  "noCertificate9",
  "noCertificate11",
  "vprGrade2",
  "rdrUnsatisfactory",
  "olympiadParticipation",
  "continuedTo10",
] as const;
export type ResultsComponentKey = (typeof RESULTS_COMPONENT_KEYS)[number];

const socialWeightsShape = Object.fromEntries(
  SOCIAL_COMPONENT_KEYS.map((k) => [k, weight.default(k === "bothParentsHigherEducation" ? 2 : 1)]),
) as Record<SocialComponentKey, z.ZodDefault<typeof weight>>;
// Binary flags count half: a yes/no fact says less about a school than a measured share.
for (const flag of ["remote", "infrastructureDeficit", "missingSpecialists", "smallSchool"] as const) {
  socialWeightsShape[flag] = weight.default(0.5);
}

const resultsWeightDefaults: Record<ResultsComponentKey, number> = {
  egeRussian: 1,
  egeMath: 1,
  egeAtLeast80: 1,
  egeBelowMinimum: 1,
  ogeRussian: 1,
  ogeMath: 1,
  ogeFailed: 1,
  noCertificate9: 1,
  noCertificate11: 1,
  vprGrade2: 1,
  rdrUnsatisfactory: 1,
  olympiadParticipation: 0.5,
  continuedTo10: 0.25,
};
const resultsWeightsShape = Object.fromEntries(
  RESULTS_COMPONENT_KEYS.map((k) => [k, weight.default(resultsWeightDefaults[k])]),
) as Record<ResultsComponentKey, z.ZodDefault<typeof weight>>;

export const MethodologySettingsSchema = z.strictObject({
  /** Shares with a denominator below this are shrunk toward the territory mean and marked low confidence. */
  minN: z.number().int().min(1).max(1000).default(10),
  /** Strength of the territory prior in pseudo-observations (empirical Bayes shrinkage). */
  priorStrength: z.number().min(0).max(1000).default(10),
  /** A school whose index weight rests on low-confidence components more than this share is only watched. */
  lowConfidenceWeightShare: share.default(0.5),
  social: z
    .strictObject({
      weights: z.strictObject(socialWeightsShape).prefault({}),
      /** How many missing specialists make the «нет специалистов» flag. */
      missingSpecialistsThreshold: z.number().int().min(1).max(5).default(2),
    })
    .prefault({}),
  results: z
    .strictObject({
      weights: z.strictObject(resultsWeightsShape).prefault({}),
      /** A results index needs at least this many available components. */
      minComponents: z.number().int().min(1).max(13).default(3),
    })
    .prefault({}),
  clusters: z
    .strictObject({
      /** Number of social clusters (quantiles of the social index) when the registry gives none. */
      count: z.number().int().min(1).max(10).default(3),
    })
    .prefault({}),
  objectivity: z
    .strictObject({
      /** ВПР quality (share of «4» and «5») at or above this percentile of the territory… */
      vprHighPercentile: share.default(0.8),
      /** …while the ГИА results are below this percentile: the ГИА does not confirm the ВПР. */
      giaLowPercentile: share.default(0.5),
      /**
       * The ГИА index of that marker needs at least this many of its six components: one ОГЭ subject alone is one
       * class's exam, too little to say that the ГИА does not confirm every ВПР of the school.
       */
      giaMinComponents: z.number().int().min(1).max(6).default(2),
      /** Share of ВПР participants whose ВПР mark is below their register mark (inflated register). */
      journalLowerShare: share.default(0.3),
      /** Share of participants whose ВПР mark is above their register mark. */
      journalHigherShare: share.default(0.2),
      /** Leave suspicious ВПР out of the results index. */
      excludeSuspiciousVpr: z.boolean().default(true),
      /**
       * Peaks at mark boundaries: participants whose primary score is exactly a mark's lowest score at least this
       * many times those one point below (pooled over the school's papers with boundaries on «Эталоны»).
       */
      boundaryPeakRatio: z.number().min(1).max(100).default(3),
    })
    .prefault({}),
  lowResults: z
    .strictObject({
      /** Bottom share of its cluster by the results index. */
      clusterShare: share.default(0.2),
      /**
       * …and below this percentile of the whole territory: the bottom of a favourable cluster can still be a
       * good school, and a coordinator must be able to defend every listed school.
       */
      territoryPercentileCap: share.default(0.5),
      /** Consecutive years with data (the latest included) it must be in that bottom share. */
      years: z.number().int().min(1).max(5).default(2),
      /** Share of participants below the minimum score / failed that counts as a failure of a procedure. */
      belowMinimumShare: share.default(0.3),
      /** Procedures failing in the same year. */
      proceduresInYear: z.number().int().min(1).max(5).default(2),
    })
    .prefault({}),
  adverseSocial: z
    .strictObject({
      /** Bottom share of the territory by the social index. */
      territoryShare: share.default(0.15),
      /** Number of binary disadvantage flags that is enough on its own. */
      flags: z.number().int().min(1).max(10).default(3),
    })
    .prefault({}),
  resilient: z
    .strictObject({
      socialShare: share.default(0.25),
      resultsShare: share.default(0.25),
    })
    .prefault({}),
  leader: z
    .strictObject({
      clusterShare: share.default(0.2),
      years: z.number().int().min(1).max(5).default(2),
    })
    .prefault({}),
  dynamics: z
    .strictObject({
      /** Change of the results index (percentile points) that counts as positive or negative dynamics. */
      threshold: z.number().min(0).max(50).default(5),
    })
    .prefault({}),
  /**
   * The seed programme whose identification table is used when `criteria` is empty (issue 12 §2); absent or
   * `default` = the method of docs/methodology.md. Neither is echoed into the results' settings at its default.
   */
  preset: z.enum(PRESET_NAMES).optional(),
  /** The criteria table of the municipality's own order; non-empty, it replaces the preset's table. */
  criteria: CriteriaTableSchema.optional(),
  mentoring: z
    .strictObject({
      maxMenteesPerMentor: z.number().int().min(1).max(10).default(2),
      /** Largest gap of social index percentiles (as a share of 100) between a mentee and its mentor. */
      maxSocialGap: share.default(0.3),
      /** Above this many mentees the exact assignment gives way to a greedy one (regions, not municipalities). */
      exactUpTo: z.number().int().min(1).max(2000).default(400),
      /**
       * When leaders and resilient schools run out: a school not on any list whose contextual result is positive
       * and in this top share of its cluster may mentor (an «effective school in similar conditions»).
       */
      effectiveClusterShare: share.default(0.5),
      /**
       * When even they run out: the largest gap of social percentiles (share of 100) a pair may have, reached from
       * `maxSocialGap` step by step; at or below `maxSocialGap` nothing is relaxed.
       */
      maxRelaxedSocialGap: share.default(0.5),
      /** The step of that relaxation (share of 100). */
      relaxationStep: z.number().min(0.01).max(1).default(0.1),
    })
    .prefault({}),
  /**
   * ВПР task diagnosis (ФИОКО's analysis recommendations): a task's «процент выполнения» below the «insufficient»
   * threshold of its level is insufficient, from the «sufficient» one sufficient, between them «на границе».
   */
  vprTasks: z
    .strictObject({
      basicInsufficient: share.default(0.57),
      basicSufficient: share.default(0.6),
      advancedInsufficient: share.default(0.285),
      advancedSufficient: share.default(0.3),
    })
    .prefault({}),
  /** The decision cycle (issue 13): the schools' review period, exits and escalation, counted on approved lists. */
  decisions: z
    .strictObject({
      /** Working days a listed school has to contest the draft lists (England gives 15, Texas a few weeks). */
      reviewWorkingDays: z.number().int().min(1).max(60).default(10),
      /** Consecutive years out of the bottom after which a school may leave ШНОР (ШНСУ: out of the social bottom). */
      exitYears: z.number().int().min(1).max(10).default(2),
      /** Consecutive years on an approved list after which support becomes «усиленное сопровождение» (ESSA: 4). */
      escalationYears: z.number().int().min(1).max(10).default(4),
    })
    .prefault({}),
});

export type MethodologySettings = z.infer<typeof MethodologySettingsSchema>;

/** The documented defaults. */
export const DEFAULT_SETTINGS: MethodologySettings = MethodologySettingsSchema.parse({});

/** Partial overrides (`dataset.methodology`, the «Настройки» tab) → complete settings, or Russian issues. */
export function parseMethodologySettings(overrides: unknown): ParseResult<MethodologySettings> {
  const parsed = MethodologySettingsSchema.safeParse(overrides ?? {});
  if (parsed.success) return { success: true, data: parsed.data };
  return {
    success: false,
    error: { code: "invalid", issues: issuesFromZod(parsed.error, overrides ?? {}, ["methodology"]) },
  };
}
