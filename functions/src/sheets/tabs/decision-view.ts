// What the decision cycle's tabs show besides the results: the latest draft, the objections with their status, the approved versions, the journal.
import type {
  Approval,
  Draft,
  ListCategory,
  Objection,
  ObjectionStatus,
} from "../../contract/decision-cycle.js";
import { LIST_SHORT_NAMES } from "../../domain/approved-lists.js";

/** An objection as «Обращения» shows it: its number, when and from whom, the record, the status and the answer. */
export interface ObjectionRow {
  number: number;
  submittedAt: string;
  respondentEmail?: string | undefined;
  objection: Objection;
  status: ObjectionStatus;
  answer: string;
}

/** An entry of «Журнал решений» (structurally the store's JournalEntry). */
export interface JournalRow {
  at: string;
  by: string;
  kind: string;
  text: string;
}

/**
 * The decision cycle of a territory as the store holds it. Given to `buildWorkbook` by the functions, so the
 * sheet always has the five tabs; a CLI run without it shows only the approved lists its dataset carries.
 */
export interface DecisionCycleView {
  draft?: { draft: Draft; notified: Readonly<Record<string, { at: string; recipients: number }>> };
  objections: readonly ObjectionRow[];
  approvals: readonly Approval[];
  journal: readonly JournalRow[];
}

/** «ШНОР, ШНСУ», or the text for no list. */
export function listsText(lists: readonly ListCategory[] | null | undefined, none = "не входит"): string {
  if (lists === null || lists === undefined || lists.length === 0) return none;
  return lists.map((l) => LIST_SHORT_NAMES[l]).join(", ");
}
