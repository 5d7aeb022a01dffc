// Results v1 (docs/design.md §3.2): what `shnor compute` writes and the sheet shows.
import { z } from "zod";
import { AcademicYearSchema } from "./academic-year.js";
import { CRITERIA_LISTS } from "./criteria-vocabulary.js";
import { VprTaskLevelSchema } from "./dataset.js";
import { ApprovedListsSchema } from "./decision-cycle.js";
import { CriteriaRowSchema } from "./identification-criteria.js";

export const CATEGORIES = ["lowResults", "adverseSocial", "resilient", "leader", "watch"] as const;
export const CategorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof CategorySchema>;

export const IndexComponentSchema = z.strictObject({
  key: z.string(),
  value: z.number().nullable(),
  n: z.number().nullable(),
  score: z.number().nullable(),
});

export const IndexValueSchema = z.strictObject({
  value: z.number().min(0).max(100),
  lowConfidence: z.boolean(),
  components: z.array(IndexComponentSchema),
});

export const RecommendationSchema = z.strictObject({
  code: z.string(),
  title: z.string(),
  rationale: z.string(),
  priority: z.union([z.literal(1), z.literal(2), z.literal(3)]),
});

/** How a ВПР task was done against the thresholds of its level (`methodology.vprTasks`). */
export const VPR_TASK_STATUSES = ["insufficient", "borderline", "sufficient"] as const;
export const VprTaskStatusSchema = z.enum(VPR_TASK_STATUSES);

/** A rate 0..1 rounded to 0.001 (a tenth of a percent); the status is judged on this rounded value. */
const rate = z.number().min(0).max(1);

/** One task of a paper: its «процент выполнения» (points scored / points possible) and, when its level is known, the status. */
export const VprTaskRateSchema = z.strictObject({
  id: z.string(),
  level: VprTaskLevelSchema.optional(),
  maxPoints: z.number().int().min(1),
  rate,
  status: VprTaskStatusSchema.optional(),
});

/**
 * Optional v1 extension: the task diagnosis of one ВПР paper at one school. `inIndex` says whether the paper is one
 * the results index reads (it is among the school-year's `vpr`); `basic`/`advanced` pool the level's tasks.
 */
export const VprPaperDiagnosisSchema = z.strictObject({
  grade: z.number().int(),
  subject: z.string(),
  participants: z.number().int().min(0),
  inIndex: z.boolean(),
  basic: rate.nullable(),
  advanced: rate.nullable(),
  tasks: z.array(VprTaskRateSchema),
});

/** Optional v1 extension: one ВПР paper over the whole territory, each task with how many schools did it insufficiently. */
export const VprTerritoryPaperSchema = z.strictObject({
  grade: z.number().int(),
  subject: z.string(),
  schools: z.number().int().min(0),
  participants: z.number().int().min(0),
  basic: rate.nullable(),
  advanced: rate.nullable(),
  tasks: z.array(
    VprTaskRateSchema.extend({
      schools: z.number().int().min(0),
      schoolsInsufficient: z.number().int().min(0),
    }),
  ),
});

export const SchoolResultSchema = z.strictObject({
  schoolId: z.string(),
  socialIndex: IndexValueSchema.nullable(),
  resultsIndex: IndexValueSchema.nullable(),
  cluster: z.string().nullable(),
  contextualResult: z.number().nullable(),
  rank: z.number().int().min(1).nullable(),
  categories: z.array(CategorySchema),
  reasons: z.array(z.strictObject({ category: CategorySchema, code: z.string(), text: z.string() })),
  objectivity: z.strictObject({ suspicious: z.boolean(), reasons: z.array(z.string()) }),
  mentorId: z.string().nullable(),
  recommendations: z.array(RecommendationSchema),
  change: z.enum(["entered", "exited", "stayed"]).nullable(),
  /** Optional v1 extension: the school's name, so a reader of the results alone sees who it is. */
  name: z.string().optional(),
  /** Optional v1 extension: why a listed school has no mentor («нет школы-лидера со сходным …»). */
  mentorNote: z.string().optional(),
  /** Optional v1 extension: change of both indices (percentile points) against the previous year. */
  trend: z.strictObject({ social: z.number().nullable(), results: z.number().nullable() }).optional(),
  /**
   * Optional v1 extension, present when a criteria table is in force (issue 12): every criterion of the table for
   * this school — met, not met or not evaluated — with the order's number and the values year by year.
   */
  identificationCriteria: z
    .array(
      z.strictObject({
        list: z.enum(CRITERIA_LISTS),
        number: z.string(),
        status: z.enum(["met", "not_met", "not_evaluated", "not_applicable"]),
        text: z.string(),
      }),
    )
    .optional(),
  /** Optional v1 extension: the nine effectiveness criteria of seed 000, for schools in support. */
  criteria: z
    .array(
      z.strictObject({
        code: z.string(),
        title: z.string(),
        expected: z.string(),
        actual: z.string(),
        status: z.enum(["met", "not_met", "no_data"]),
      }),
    )
    .optional(),
  /** Optional v1 extension: ВПР task diagnosis of every paper the school has task results for (Ф1 imports). */
  vprTasks: z.array(VprPaperDiagnosisSchema).optional(),
});

export const ROADMAP_STATUSES = [
  "done",
  "done_late",
  "in_progress",
  "overdue",
  "upcoming",
  "planned",
] as const;
export type RoadmapStatusCode = (typeof ROADMAP_STATUSES)[number];

/** Optional v1 extension: the roadmap, the monitoring calendar and the working group on the day of the report. */
export const RoadmapReportSchema = z.strictObject({
  asOf: z.string(),
  items: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      from: z.string(),
      to: z.string(),
      responsible: z.string().optional(),
      status: z.enum(ROADMAP_STATUSES),
      statusText: z.string(),
    }),
  ),
  warnings: z.array(z.string()),
  monitoring: z.array(
    z.strictObject({
      name: z.string(),
      start: z.string(),
      end: z.string(),
      status: z.enum(["current", "upcoming", "later", "past"]),
      text: z.string(),
    }),
  ),
  workingGroup: z.strictObject({
    meetings: z.array(
      z.strictObject({
        date: z.string(),
        quorum: z.boolean(),
        quorumText: z.string(),
        decisions: z.array(z.strictObject({ title: z.string(), passed: z.boolean(), text: z.string() })),
      }),
    ),
    quartersWithoutMeeting: z.array(z.string()),
    warnings: z.array(z.string()),
  }),
});
export type RoadmapReport = z.infer<typeof RoadmapReportSchema>;

export const ResultsSchema = z.strictObject({
  format: z.literal("shnor-results"),
  version: z.literal(1),
  territoryId: z.string(),
  year: AcademicYearSchema,
  methodology: z.strictObject({
    version: z.string(),
    settings: z.record(z.string(), z.unknown()),
    /** Optional v1 extension: the preset chosen, when it is not `default`. */
    preset: z.string().optional(),
    /** Optional v1 extension: the criteria table in force (the preset's or the territory's own), each row numbered. */
    criteria: z.array(CriteriaRowSchema).optional(),
  }),
  schools: z.array(SchoolResultSchema),
  pairs: z.array(
    z.strictObject({ menteeId: z.string(), mentorId: z.string(), reasons: z.array(z.string()) }),
  ),
  summary: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  roadmap: RoadmapReportSchema.optional(),
  /** Optional v1 extension: ВПР task rates over the territory, per paper (when any school has task results). */
  vprTasks: z.array(VprTerritoryPaperSchema).optional(),
  /** Optional v1 extension (issue 13): the approved lists in force and their differences from this computation. */
  approved: ApprovedListsSchema.optional(),
});

export type Results = z.infer<typeof ResultsSchema>;
export type SchoolResult = z.infer<typeof SchoolResultSchema>;
export type IndexValue = z.infer<typeof IndexValueSchema>;
export type IndexComponent = z.infer<typeof IndexComponentSchema>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
export type Reason = SchoolResult["reasons"][number];
export type VprTaskStatus = z.infer<typeof VprTaskStatusSchema>;
export type VprTaskRate = z.infer<typeof VprTaskRateSchema>;
export type VprPaperDiagnosis = z.infer<typeof VprPaperDiagnosisSchema>;
export type VprTerritoryPaper = z.infer<typeof VprTerritoryPaperSchema>;
