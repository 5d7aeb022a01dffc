// Dataset v1 (docs/design.md §3.1): the zod schema of a territory's facts, with the cross-field rules in Russian.
import { z } from "zod";
import { AcademicYearSchema } from "./academic-year.js";
import { ApprovalSchema, DecisionActionSchema, ListCategorySchema } from "./decision-cycle.js";

const count = z.number().int().min(0);
const nonNegative = z.number().min(0);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "дата записывается как ГГГГ-ММ-ДД" });

export const SubjectSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, {
  message: "код предмета — латиница в нижнем регистре: russian, math, math_base",
});

export const SettlementSchema = z.enum(["urban", "rural"]);
export const SchoolKindSchema = z.enum(["school", "lyceum", "gymnasium", "boarding", "evening", "other"]);
export const MissingSpecialistSchema = z.enum([
  "psychologist",
  "speechTherapist",
  "defectologist",
  "socialPedagogue",
  "additionalEducation",
]);

export const TerritorySchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  timeZone: z.string().min(1).optional(),
});

/**
 * A school's codes in other systems, for matching imported files: the ФИС ОКО login (`edu` and digits, the «ОО»
 * column of a ВПР export) and the ОО code of the regional processing centre's ГИА tables.
 */
export const SchoolExternalIdsSchema = z.strictObject({
  // A refinement, not a regex, so the Russian text reaches the coordinator (zod words a regex mismatch itself).
  fisOko: z
    .string()
    .refine((login) => /^edu\d+$/.test(login), {
      message: "логин ФИС ОКО — «edu» и цифры, например edu123456",
    })
    .optional(),
  gia: z.string().min(1).max(40).optional(),
});

export const SchoolSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  settlement: SettlementSchema.optional(),
  kind: SchoolKindSchema.optional(),
  smallSchool: z.boolean().optional(),
  location: z
    .strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
    .optional(),
  emails: z.array(z.string().email()).optional(),
  cluster: z.string().min(1).optional(),
  externalIds: SchoolExternalIdsSchema.optional(),
});

export const SocialFactsSchema = z.strictObject({
  students: count,
  bothParentsHigherEducation: count.optional(),
  singleParentFamilies: count.optional(),
  onPreventiveRegister: count.optional(),
  nonNativeRussian: count.optional(),
  disabilities: count.optional(),
  difficultLifeSituation: count.optional(),
  notAttested: count.optional(),
  chronicAbsence: count.optional(),
  remote: z.boolean().optional(),
  infrastructureDeficit: z.boolean().optional(),
  missingSpecialists: z.array(MissingSpecialistSchema).optional(),
});

export const StaffFactsSchema = z.strictObject({
  teachers: count,
  highestCategory: count.optional(),
  higherPedagogicalEducation: count.optional(),
  under35: count.optional(),
  over55: count.optional(),
  vacancies: count.optional(),
  diagnosedForDeficits: count.optional(),
  trainedOnRequest: count.optional(),
  trainedOnAtRiskStudents: count.optional(),
});

export const EgeResultSchema = z.strictObject({
  subject: SubjectSchema,
  participants: count,
  meanScore: nonNegative.max(100),
  atLeast80: count.optional(),
  belowMinimum: count.optional(),
});

export const OgeResultSchema = z.strictObject({
  subject: SubjectSchema,
  participants: count,
  meanGrade: z.number().min(2).max(5),
  failed: count.optional(),
});

export const VprResultSchema = z.strictObject({
  grade: z.number().int().min(1).max(11),
  subject: SubjectSchema,
  participants: count,
  grades: z.strictObject({ "2": count, "3": count, "4": count, "5": count }),
  journal: z.strictObject({ lower: count, same: count, higher: count }).optional(),
  /** The participants' mean primary score (первичный балл), for the sum of grade 4 subjects (seed 001, 3.2). */
  meanScore: nonNegative.max(200).optional(),
});

/** Level of a ВПР task as the export marks it: «Б» basic, «П» (and «В») advanced. */
export const VPR_TASK_LEVELS = ["basic", "advanced"] as const;
export const VprTaskLevelSchema = z.enum(VPR_TASK_LEVELS);

/** One task of a ВПР paper at one school: points scored by all participants together. Rate = points / (maxPoints × participants). */
export const VprTaskResultSchema = z.strictObject({
  id: z.string().regex(/^\d{1,2}(\.\d{1,2})*(К\d{1,2})?$/, {
    message: "номер задания — как в ФИС ОКО: 1, 9.1, 2К1",
  }),
  level: VprTaskLevelSchema.optional(),
  maxPoints: z.number().int().min(1).max(100),
  points: count,
});

/**
 * The task-level record of one ВПР procedure at one school (from a ФИС ОКО «Ф1» export; aggregates only, never a
 * participant): the task results, the number of participants with each primary score (`scores[s]`, s = 0…maxScore,
 * what a peak-at-boundary marker needs), the marks, and the ВПР mark against the register mark.
 */
export const VprTasksSchema = z.strictObject({
  grade: z.number().int().min(1).max(11),
  subject: SubjectSchema,
  participants: count,
  maxScore: z.number().int().min(1).max(200),
  tasks: z.array(VprTaskResultSchema).min(1),
  scores: z.array(count).optional(),
  grades: z.strictObject({ "2": count, "3": count, "4": count, "5": count }).optional(),
  journal: z.strictObject({ lower: count, same: count, higher: count }).optional(),
});

export const RdrResultSchema = z.strictObject({
  subject: SubjectSchema,
  grade: z.number().int().min(1).max(11).optional(),
  participants: count,
  unsatisfactory: count,
});

export const SupportFactsSchema = z.strictObject({
  schoolProgram: z.boolean().optional(),
  programUrl: z.string().url().optional(),
  partnerAgreement: z.boolean().optional(),
  jointPlan: z.boolean().optional(),
  eventsHeld: count.optional(),
  studentDiagnostics: z.boolean().optional(),
});

/** Areas of professional deficit a teacher can name in the anonymous self-diagnosis (closed set, seed 004). */
export const DEFICIT_AREAS = [
  "subjectContent",
  "teachingMethods",
  "updatedStandards",
  "assessment",
  "functionalLiteracy",
  "studentsWithDifficulties",
  "inclusiveEducation",
  "nonNativeSpeakers",
  "motivation",
  "classroomManagement",
  "parentEngagement",
  "digitalEnvironment",
] as const;
export const DeficitAreaSchema = z.enum(DEFICIT_AREAS);

/** Anonymous teacher self-diagnosis aggregated per school: how many answered, how many named each area. */
export const SelfDiagnosisFactsSchema = z.strictObject({
  respondents: count,
  deficits: z.partialRecord(DeficitAreaSchema, count),
});

export const SchoolYearFactsSchema = z.strictObject({
  schoolId: z.string().min(1),
  year: AcademicYearSchema,
  social: SocialFactsSchema.optional(),
  staff: StaffFactsSchema.optional(),
  ege: z.array(EgeResultSchema).optional(),
  graduates11: count.optional(),
  noCertificate11: count.optional(),
  oge: z.array(OgeResultSchema).optional(),
  graduates9: count.optional(),
  noCertificate9: count.optional(),
  continuedTo10: count.optional(),
  vpr: z.array(VprResultSchema).optional(),
  vprTasks: z.array(VprTasksSchema).optional(),
  rdr: z.array(RdrResultSchema).optional(),
  olympiad: z.strictObject({ participants: count, winners: count.optional() }).optional(),
  /** Pupils who took part in regional and national contests (конкурсы), besides the olympiad (seed 001, 1.1). */
  contests: z.strictObject({ participants: count }).optional(),
  accreditationSuspended: z.boolean().optional(),
  support: SupportFactsSchema.optional(),
  selfDiagnosis: SelfDiagnosisFactsSchema.optional(),
});

const share = z.number().min(0).max(1);

/** The year's ВПР assessment criteria for one paper: the lowest primary score that gives «3», «4» and «5». */
export const VprBoundarySchema = z.strictObject({
  grade: z.number().int().min(1).max(11),
  subject: SubjectSchema,
  lowest: z.strictObject({
    "3": z.number().int().min(1).max(200),
    "4": z.number().int().min(1).max(200),
    "5": z.number().int().min(1).max(200),
  }),
});

export const ReferenceSchema = z.strictObject({
  year: AcademicYearSchema,
  ege: z
    .array(
      z.strictObject({
        subject: SubjectSchema,
        meanScore: nonNegative.max(100),
        atLeast80Share: share.optional(),
        belowMinimumShare: share.optional(),
      }),
    )
    .optional(),
  oge: z
    .array(
      z.strictObject({
        subject: SubjectSchema,
        meanGrade: z.number().min(2).max(5),
        failedShare: share.optional(),
      }),
    )
    .optional(),
  vprBoundaries: z.array(VprBoundarySchema).optional(),
  /** Regional ВПР values per grade and subject: mean primary score and share of «2» (seed 001, 3.2; seed 003). */
  vpr: z
    .array(
      z.strictObject({
        grade: z.number().int().min(1).max(11),
        subject: SubjectSchema,
        meanScore: nonNegative.max(200).optional(),
        grade2Share: share.optional(),
      }),
    )
    .optional(),
  /** Regional РДР values: the share of unsatisfactory results per subject (and grade). */
  rdr: z
    .array(
      z.strictObject({
        subject: SubjectSchema,
        grade: z.number().int().min(1).max(11).optional(),
        unsatisfactoryShare: share,
      }),
    )
    .optional(),
});

export const RoadmapItemSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  from: isoDate,
  to: isoDate,
  responsible: z.string().optional(),
  expectedResult: z.string().optional(),
  schoolIds: z.array(z.string().min(1)).optional(),
  done: isoDate.optional(),
});

const personName = z.string().trim().min(1).max(200);

export const MeetingSchema = z.strictObject({
  date: isoDate,
  /** The protocol's number: two meetings on one day are told apart by it (issue 13). */
  protocol: z.string().trim().min(1).max(40).optional(),
  members: z.number().int().min(1),
  present: count,
  chairPresent: z.boolean().optional(),
  /** Who presided and who kept the protocol (seed 002 п. 3.3: both sign it), and who attended. */
  chair: personName.optional(),
  secretary: personName.optional(),
  attendees: z.array(personName).optional(),
  decisions: z
    .array(
      z.strictObject({
        title: z.string().min(1),
        for: count,
        against: count,
        abstained: count.optional(),
        chairVotedFor: z.boolean().optional(),
        /** What the decision does to the lists, for which schools and lists, on what grounds (issue 13). */
        action: DecisionActionSchema.optional(),
        schoolIds: z.array(z.string().min(1)).optional(),
        lists: z.array(ListCategorySchema).optional(),
        grounds: z.string().max(4_000).optional(),
        /** A member's dissenting opinion, attached to the protocol (seed 002 п. 3.3). */
        dissent: z.string().max(4_000).optional(),
        /** The draft the lists are approved from (`approveLists`); the latest one when absent. */
        draft: z.number().int().min(1).optional(),
      }),
    )
    .optional(),
});

export const PinSchema = z.strictObject({ menteeId: z.string().min(1), mentorId: z.string().min(1) });

/** Shape-only schema of Dataset v1; `DatasetSchema` adds the cross-field rules. */
export const DatasetShapeSchema = z.strictObject({
  format: z.literal("shnor-dataset"),
  version: z.literal(1),
  territory: TerritorySchema,
  schools: z.array(SchoolSchema),
  facts: z.array(SchoolYearFactsSchema),
  references: z.array(ReferenceSchema).optional(),
  methodology: z.record(z.string(), z.unknown()).optional(),
  roadmap: z.array(RoadmapItemSchema).optional(),
  meetings: z.array(MeetingSchema).optional(),
  pins: z.array(PinSchema).optional(),
  /** Approved versions of the lists (issue 13): what orders fixed, whatever the facts say today. */
  approvals: z.array(ApprovalSchema).optional(),
});

export type Dataset = z.infer<typeof DatasetShapeSchema>;
export type School = z.infer<typeof SchoolSchema>;
export type SchoolYearFacts = z.infer<typeof SchoolYearFactsSchema>;
export type SocialFacts = z.infer<typeof SocialFactsSchema>;
export type StaffFacts = z.infer<typeof StaffFactsSchema>;
export type EgeResult = z.infer<typeof EgeResultSchema>;
export type OgeResult = z.infer<typeof OgeResultSchema>;
export type VprResult = z.infer<typeof VprResultSchema>;
export type VprTasks = z.infer<typeof VprTasksSchema>;
export type VprTaskResult = z.infer<typeof VprTaskResultSchema>;
export type VprTaskLevel = z.infer<typeof VprTaskLevelSchema>;
export type VprBoundary = z.infer<typeof VprBoundarySchema>;
export type SchoolExternalIds = z.infer<typeof SchoolExternalIdsSchema>;
export type RdrResult = z.infer<typeof RdrResultSchema>;
export type Reference = z.infer<typeof ReferenceSchema>;
export type RoadmapItem = z.infer<typeof RoadmapItemSchema>;
export type Meeting = z.infer<typeof MeetingSchema>;
export type SchoolKind = z.infer<typeof SchoolKindSchema>;
export type MissingSpecialist = z.infer<typeof MissingSpecialistSchema>;
export type DeficitArea = z.infer<typeof DeficitAreaSchema>;
export type SelfDiagnosisFacts = z.infer<typeof SelfDiagnosisFactsSchema>;
