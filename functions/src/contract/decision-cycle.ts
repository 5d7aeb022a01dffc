// The decision cycle's contract (issue 13): what a working-group decision says, an approved version of the lists, and what Results show of it.
import { z } from "zod";
import { AcademicYearSchema } from "./academic-year.js";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "дата записывается как ГГГГ-ММ-ДД" });

/** The two lists an order approves: ШНОР and ШНСУ (the other categories are the method's, not a decision's). */
export const LIST_CATEGORIES = ["lowResults", "adverseSocial"] as const;
export const ListCategorySchema = z.enum(LIST_CATEGORIES);
export type ListCategory = z.infer<typeof ListCategorySchema>;

/**
 * What a decision of the working group does: `include` — включить школу в список; `exclude` — не включать
 * (the draft lists it, the group decides otherwise, e.g. on an objection); `remove` — исключить из утверждённого
 * списка; `approveLists` — утвердить списки целиком.
 */
export const DECISION_ACTIONS = ["include", "exclude", "remove", "approveLists"] as const;
export const DecisionActionSchema = z.enum(DECISION_ACTIONS);
export type DecisionAction = z.infer<typeof DecisionActionSchema>;

/**
 * Why a version of the approved lists exists: `decision` — an order after a working-group decision; `correction`
 * — «исправление» of an order (a typo in its number or date), the same lists; `earlier` — an order of an earlier
 * year the district entered («Приказы прошлых лет»), so exits and escalation count from the real start.
 */
export const APPROVAL_REASONS = ["decision", "correction", "earlier"] as const;
export const ApprovalReasonSchema = z.enum(APPROVAL_REASONS);
export type ApprovalReason = z.infer<typeof ApprovalReasonSchema>;

export const OrderSchema = z.strictObject({
  /** The order's number as the district writes it: «123-од», «45». */
  number: z.string().trim().min(1).max(60),
  date: isoDate,
});
export type Order = z.infer<typeof OrderSchema>;

/** A meeting as a protocol names it: its date and, where one day had two meetings, the protocol's number. */
export const MeetingRefSchema = z.strictObject({
  date: isoDate,
  protocol: z.string().trim().min(1).max(40).optional(),
});
export type MeetingRef = z.infer<typeof MeetingRefSchema>;

export const ApprovedSchoolSchema = z.strictObject({
  schoolId: z.string().min(1),
  categories: z.array(ListCategorySchema).min(1),
  /** The decision's grounds for this school: the method's reasons, or the working group's words. */
  grounds: z.array(z.string()),
  /** The school's mentor when the lists were approved (the timeline shows it across years). */
  mentorId: z.string().min(1).optional(),
});
export type ApprovedSchool = z.infer<typeof ApprovedSchoolSchema>;

/**
 * One version of the approved lists: immutable once stored. Every new decision makes a new version (`version`
 * counts them per territory); what it approves is `schools` for the academic year `year`.
 */
export const ApprovalSchema = z.strictObject({
  version: z.number().int().min(1),
  year: AcademicYearSchema,
  order: OrderSchema,
  reason: ApprovalReasonSchema,
  /** Why a correction was made («опечатка в номере приказа»). */
  note: z.string().max(2_000).optional(),
  meeting: MeetingRefSchema.optional(),
  /** The number of the draft the lists came from. */
  draft: z.number().int().min(1).optional(),
  /** When and by whom it was approved in the system (ISO instant, e-mail). */
  approvedAt: z.string().optional(),
  approvedBy: z.string().optional(),
  schools: z.array(ApprovedSchoolSchema),
});
export type Approval = z.infer<typeof ApprovalSchema>;

/** A difference between the approved lists and today's computation, for one school and list. */
export const ListDifferenceSchema = z.strictObject({
  schoolId: z.string(),
  category: ListCategorySchema,
  /** `computedOnly`: the computation lists it, the approved lists do not; `approvedOnly`: the other way round. */
  kind: z.enum(["computedOnly", "approvedOnly"]),
  text: z.string(),
});
export type ListDifference = z.infer<typeof ListDifferenceSchema>;

/** One year of a school's support as the approved versions say it. */
export const SupportYearSchema = z.strictObject({
  year: AcademicYearSchema,
  version: z.number().int().min(1),
  order: OrderSchema,
  categories: z.array(ListCategorySchema),
});

/**
 * Results v1 extension `approved`: the lists in force (the latest approved version up to the report year), the
 * differences from today's computation, and per listed school its years in support, exit and escalation —
 * counted on approved versions only, never on recomputed facts.
 */
export const ApprovedListsSchema = z.strictObject({
  version: z.number().int().min(1),
  year: AcademicYearSchema,
  order: OrderSchema,
  reason: ApprovalReasonSchema,
  note: z.string().optional(),
  meeting: MeetingRefSchema.optional(),
  draft: z.number().int().min(1).optional(),
  /** How many versions the territory has (this one is the latest that applies). */
  versions: z.number().int().min(1),
  schools: z.array(
    z.strictObject({
      schoolId: z.string(),
      name: z.string().optional(),
      categories: z.array(ListCategorySchema),
      grounds: z.array(z.string()),
      /** Consecutive academic years on each list up to this version's year, by the approved versions. */
      yearsInSupport: z.strictObject({
        lowResults: z.number().int().min(0),
        adverseSocial: z.number().int().min(0),
      }),
      history: z.array(SupportYearSchema),
      /** «Усиленное сопровождение»: N or more consecutive years in support; the reasons in Russian. */
      escalation: z.array(z.string()).optional(),
      /** A list the school may leave: K consecutive years out of its bottom (the method's computation). */
      exits: z.array(z.strictObject({ category: ListCategorySchema, text: z.string() })).optional(),
    }),
  ),
  differences: z.array(ListDifferenceSchema),
});
export type ApprovedLists = z.infer<typeof ApprovedListsSchema>;

/** A school of a draft: its lists and the method's reasons, and where its letter goes. */
export const DraftSchoolSchema = z.strictObject({
  schoolId: z.string().min(1),
  name: z.string(),
  categories: z.array(ListCategorySchema).min(1),
  reasons: z.array(z.strictObject({ category: ListCategorySchema, text: z.string() })),
  emails: z.array(z.string()),
});
export type DraftSchool = z.infer<typeof DraftSchoolSchema>;

/**
 * A numbered draft of the lists («Сформировать проект списков»): a snapshot of the computation, immutable once
 * stored. It says when it was made, by which method (version and preset) from which data (the facts version), and
 * until when the listed schools may contest it (`reviewDeadline`, `reviewWorkingDays` working days later).
 */
export const DraftSchema = z.strictObject({
  number: z.number().int().min(1),
  createdAt: z.string(),
  createdBy: z.string(),
  /** The day it was made, in the territory's zone. */
  date: isoDate,
  year: AcademicYearSchema,
  methodology: z.strictObject({ version: z.string(), preset: z.string().nullable() }),
  /** The territory's facts version the computation was made from. */
  dataVersion: z.number().int().min(0),
  reviewWorkingDays: z.number().int().min(1),
  reviewDeadline: isoDate,
  schools: z.array(DraftSchoolSchema),
});
export type Draft = z.infer<typeof DraftSchema>;

/** What a school asks for in its objection: not to be listed (the usual case), or to be listed. */
export const OBJECTION_REQUESTS = ["exclude", "include"] as const;
export const ObjectionRequestSchema = z.enum(OBJECTION_REQUESTS);
export type ObjectionRequest = z.infer<typeof ObjectionRequestSchema>;

/**
 * «Обращение школы по спискам»: a record of its own, never facts. Corrected data go through the school's
 * ordinary forms; `correctedData` only says what was corrected.
 */
export const ObjectionSchema = z.strictObject({
  schoolId: z.string().min(1),
  year: AcademicYearSchema,
  request: ObjectionRequestSchema,
  lists: z.array(ListCategorySchema),
  grounds: z.string().min(1).max(2_000),
  correctedData: z.string().max(2_000).optional(),
  contact: z.string().max(2_000).optional(),
});
export type Objection = z.infer<typeof ObjectionSchema>;

/** Where an objection stands: новое, на рассмотрении, принято, отклонено. */
export const OBJECTION_STATUSES = ["new", "review", "accepted", "rejected"] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
