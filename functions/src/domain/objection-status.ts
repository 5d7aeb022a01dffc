// Where a school's objection stands (новое, на рассмотрении, принято, отклонено), read from the working group's decisions on «Рабочая группа».
import type { Meeting } from "../contract/dataset.js";
import type { ListCategory, ObjectionRequest, ObjectionStatus } from "../contract/decision-cycle.js";
import { formatRuDate, type IsoDate } from "./academic-calendar.js";
import { checkDecision } from "./approval-rules.js";

/** An objection as the status needs it: the school, the day it was sent (territory's zone), what it asks. */
export interface ObjectionRef {
  id: string;
  schoolId: string;
  date: IsoDate;
  request: ObjectionRequest;
  lists: readonly ListCategory[];
}

export interface ObjectionState {
  id: string;
  status: ObjectionStatus;
  /** The working group's answer: the meeting, the decision, its grounds and votes; empty while new. */
  answer: string;
}

export const OBJECTION_STATUS_LABELS: Readonly<Record<ObjectionStatus, string>> = {
  new: "новое",
  review: "на рассмотрении",
  accepted: "принято",
  rejected: "отклонено",
};

function meetingName(m: Meeting): string {
  return `заседание ${formatRuDate(m.date)}${m.protocol !== undefined ? `, протокол № ${m.protocol}` : ""}`;
}

/**
 * Whether a decision's lists and an objection's lists meet: no list named on either side means every list. A
 * decision taking the school off ШНСУ does not answer an objection about ШНОР.
 */
function onSameList(decided: readonly ListCategory[] | undefined, asked: readonly ListCategory[]): boolean {
  if (decided === undefined || decided.length === 0 || asked.length === 0) return true;
  return decided.some((list) => asked.includes(list));
}

/**
 * The status of each objection from the meetings (in date order, a later meeting deciding last):
 * - a decision of a held meeting (on or after the day the objection was sent, up to `today`) that names the
 *   school — `include`, `exclude` or `remove` — on a list the objection is about (either naming none: every
 *   list), and stands under seed 002 answers it: `exclude`/`remove` accept an
 *   objection asking not to be listed and reject one asking to be listed, `include` the other way round; a
 *   decision to approve the lists whole with no decision on the school rejects a request to change them;
 * - a decision naming the school that does not stand, or a meeting dated after `today` that names it: на
 *   рассмотрении, with why;
 * - nothing yet: новое.
 * Pure; O(objections · decisions).
 */
export function objectionStates(
  objections: readonly ObjectionRef[],
  meetings: readonly Meeting[],
  today: IsoDate,
): ObjectionState[] {
  const ordered = [...meetings].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return objections.map((objection) => {
    let state: ObjectionState = { id: objection.id, status: "new", answer: "" };
    for (const meeting of ordered) {
      if (meeting.date < objection.date) continue;
      const decisions = meeting.decisions ?? [];
      const named = decisions.filter(
        (d) =>
          d.action !== undefined &&
          d.action !== "approveLists" &&
          d.schoolIds?.includes(objection.schoolId) &&
          onSameList(d.lists, objection.lists),
      );
      const whole = decisions.filter((d) => d.action === "approveLists");
      if (meeting.date > today) {
        if (named.length > 0 || whole.length > 0)
          state = { id: objection.id, status: "review", answer: `вынесено на ${meetingName(meeting)}` };
        continue;
      }
      for (const d of named) {
        const checked = checkDecision(meeting, d);
        if (!checked.success) {
          state = {
            id: objection.id,
            status: "review",
            answer: `${meetingName(meeting)}: решение «${d.title}» не принято — ${checked.error.message}`,
          };
          continue;
        }
        const leaves = d.action === "exclude" || d.action === "remove";
        const granted = objection.request === "exclude" ? leaves : !leaves;
        state = {
          id: objection.id,
          status: granted ? "accepted" : "rejected",
          answer: `${meetingName(meeting)}: ${d.grounds ?? d.title} (${checked.data.text})`,
        };
      }
      if (named.length === 0) {
        const approved = whole.find((d) => checkDecision(meeting, d).success);
        if (approved !== undefined && state.status !== "accepted" && state.status !== "rejected")
          state = {
            id: objection.id,
            status: "rejected",
            answer: `${meetingName(meeting)}: списки утверждены без изменений по школе — ${approved.grounds ?? approved.title}`,
          };
      }
    }
    return state;
  });
}
