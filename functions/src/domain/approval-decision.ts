// «Утвердить списки»: the next immutable version from the meeting's decisions, or a refusal that names its rule in Russian.
import type { Meeting } from "../contract/dataset.js";
import type { Approval, ApprovedSchool, Draft, MeetingRef, Order } from "../contract/decision-cycle.js";
import type { Result } from "../contract/result.js";
import { formatRuDate, type IsoDate } from "./academic-calendar.js";
import { checkDecision, type DecisionRefusal } from "./approval-rules.js";
import { applyDecisions, type CarriedDecision, versionInForce } from "./approved-lists.js";

export interface ApproveRequest {
  order: Order;
  /** The meeting whose decisions are approved; the latest held meeting with a decision on the lists when absent. */
  meeting?: MeetingRef;
  /** «Исправление»: the version in force again, with this order and this note; no meeting is needed. */
  correction?: { note: string };
}

export interface ApproveContext {
  meetings: readonly Meeting[];
  drafts: readonly Draft[];
  approvals: readonly Approval[];
  today: IsoDate;
  approvedAt: string;
  approvedBy: string;
  /** The school's mentor now (kept with the version for the timeline). */
  mentorOf: (schoolId: string) => string | undefined;
}

export type ApproveErrorCode =
  | "nothing_to_correct"
  | "no_meeting"
  | "meeting_ambiguous"
  | "meeting_not_held"
  | "no_approval_decision"
  | "decision_refused"
  | "no_draft"
  | "order_before_meeting"
  | "already_approved";

export interface ApproveError {
  code: ApproveErrorCode;
  message: string;
  /** The seed 002 rule a refused decision broke. */
  refusal?: DecisionRefusal;
}

/**
 * The version to store, the decisions of the meeting that did not carry (for the journal and the answer), and the
 * draft's review deadline when the meeting approved it while the schools could still object (on or before it).
 */
export type ApproveOutcome = Result<
  { approval: Approval; notCarried: string[]; reviewOpenUntil?: IsoDate },
  ApproveError
>;

function fail(code: ApproveErrorCode, message: string, refusal?: DecisionRefusal): ApproveOutcome {
  return { success: false, error: refusal === undefined ? { code, message } : { code, message, refusal } };
}

const sameMeeting = (m: Meeting, ref: MeetingRef) =>
  m.date === ref.date && (ref.protocol === undefined || m.protocol === ref.protocol);

function meetingText(m: { date: string; protocol?: string | undefined }): string {
  return `заседание ${formatRuDate(m.date)}${m.protocol !== undefined ? ` (протокол № ${m.protocol})` : ""}`;
}

/**
 * Decides «Утвердить списки»:
 * - a correction copies the version in force with the new order and the reason «исправление»; the order the
 *   version in force already has is no correction (a replayed call would only add a copy);
 * - otherwise the meeting (named, or the latest held one with a decision on the lists) must have been held and
 *   have a decision «утвердить списки целиком» that stands under seed 002 (quorum, majority of those present,
 *   the chair's casting vote) — the lists are then the draft's (the decision's draft, or the latest), with the
 *   meeting's carried decisions on single schools applied; without such a decision the meeting's carried
 *   decisions change the version in force;
 * - the meeting is one meeting: a date that fits two meetings (no protocol named, or one protocol number entered
 *   twice) is refused, not guessed;
 * - the draft approved whole is one the meeting could have seen: the decision's draft, or the latest made on the
 *   meeting's day or before — never a draft made after it;
 * - a meeting already approved is not approved again (only a new decision changes approved lists), and an order
 *   cannot predate its meeting.
 * Pure: the caller gives today, who, and the next version number is one past the last.
 */
export function decideApproval(request: ApproveRequest, context: ApproveContext): ApproveOutcome {
  const version = Math.max(0, ...context.approvals.map((a) => a.version)) + 1;
  const base = {
    version,
    order: request.order,
    approvedAt: context.approvedAt,
    approvedBy: context.approvedBy,
  };
  if (request.correction !== undefined) {
    // the lists in force now: an earlier year's order entered after them has a higher number but is not corrected
    const latest = versionInForce(context.approvals, "9999/10000");
    if (latest === undefined)
      return fail("nothing_to_correct", "Исправлять нечего: утверждённых списков ещё нет.");
    // the same order again (the script repeating a call whose answer was lost) would only add a copy
    if (latest.order.number === request.order.number && latest.order.date === request.order.date)
      return fail(
        "nothing_to_correct",
        `Исправлять нечего: списки в силе (версия ${latest.version}) уже утверждены приказом № ${latest.order.number} от ${formatRuDate(latest.order.date)}.`,
      );
    return {
      success: true,
      data: {
        approval: {
          ...base,
          year: latest.year,
          reason: "correction",
          note: request.correction.note,
          ...(latest.meeting !== undefined ? { meeting: latest.meeting } : {}),
          ...(latest.draft !== undefined ? { draft: latest.draft } : {}),
          schools: latest.schools,
        },
        notCarried: [],
      },
    };
  }

  const withListDecisions = context.meetings.filter((m) =>
    (m.decisions ?? []).some((d) => d.action !== undefined),
  );
  const ref = request.meeting;
  const latest = [...withListDecisions]
    .filter((m) => m.date <= context.today)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .at(-1);
  // Every meeting the request could mean: a date alone (or no meeting named) on a day with two meetings, or a
  // protocol number entered twice for one day, must not pick one of them silently.
  const candidates =
    ref !== undefined
      ? context.meetings.filter((m) => sameMeeting(m, ref))
      : withListDecisions.filter((m) => m.date === latest?.date);
  const meeting = candidates[0];
  if (meeting === undefined)
    return fail(
      "no_meeting",
      ref !== undefined
        ? `Списки не утверждены: на листе «Рабочая группа» нет ${meetingText(ref).replace(/^заседание/, "заседания")}.`
        : "Списки не утверждены: на листе «Рабочая группа» нет заседания с решением о списках (столбец «Действие»).",
    );
  if (candidates.length > 1) {
    const protocols = candidates.map((m) => (m.protocol !== undefined ? `№ ${m.protocol}` : "без номера"));
    return fail(
      "meeting_ambiguous",
      new Set(protocols).size === protocols.length
        ? `Списки не утверждены: ${formatRuDate(meeting.date)} на листе «Рабочая группа» несколько заседаний (протоколы ${protocols.join(", ")}) — укажите номер протокола.`
        : `Списки не утверждены: ${formatRuDate(meeting.date)} на листе «Рабочая группа» несколько заседаний с одним номером протокола (${protocols.join(", ")}) — исправьте номер протокола на листе.`,
    );
  }
  if (meeting.date > context.today)
    return fail("meeting_not_held", `Списки не утверждены: ${meetingText(meeting)} ещё не состоялось.`);
  if (request.order.date < meeting.date)
    return fail(
      "order_before_meeting",
      `Списки не утверждены: приказ от ${formatRuDate(request.order.date)} не может быть раньше решения рабочей группы (${meetingText(meeting)}).`,
    );
  const done = context.approvals.find(
    (a) =>
      a.reason === "decision" && a.meeting?.date === meeting.date && a.meeting?.protocol === meeting.protocol,
  );
  if (done !== undefined)
    return fail(
      "already_approved",
      `По решениям заседания ${formatRuDate(meeting.date)}${meeting.protocol !== undefined ? ` (протокол № ${meeting.protocol})` : ""} списки уже утверждены (версия ${done.version}). Изменить утверждённые списки может только новое решение рабочей группы; ошибку в приказе исправьте как «исправление».`,
    );

  const decisions = meeting.decisions ?? [];
  const carried: CarriedDecision[] = [];
  const notCarried: string[] = [];
  let approveWhole: (typeof decisions)[number] | undefined;
  for (const d of decisions) {
    if (d.action === undefined) continue;
    const checked = checkDecision(meeting, d);
    if (d.action === "approveLists") {
      if (!checked.success)
        return fail("decision_refused", `Списки не утверждены: ${checked.error.message}`, checked.error);
      approveWhole = d;
      continue;
    }
    if (!checked.success) {
      notCarried.push(`«${d.title}»: ${checked.error.message}`);
      continue;
    }
    carried.push({
      title: d.title,
      action: d.action,
      schoolIds: d.schoolIds ?? [],
      ...(d.lists !== undefined ? { lists: d.lists } : {}),
      ...(d.grounds !== undefined ? { grounds: d.grounds } : {}),
    });
  }

  let from: ApprovedSchool[];
  let year: string;
  let draftNumber: number | undefined;
  let reviewOpenUntil: IsoDate | undefined;
  if (approveWhole !== undefined) {
    const wanted = approveWhole.draft;
    // The meeting approved a draft it could have seen: one made on its day or before. A draft made later (a
    // second draft after the meeting, or this spring's draft and last autumn's meeting) is not what it voted on.
    const seen = context.drafts.filter((d) => d.date <= meeting.date);
    const draft =
      wanted !== undefined
        ? context.drafts.find((d) => d.number === wanted)
        : seen.reduce<Draft | undefined>(
            (best, d) => (best === undefined || d.number > best.number ? d : best),
            undefined,
          );
    const at = `к заседанию ${formatRuDate(meeting.date)}${meeting.protocol !== undefined ? ` (протокол № ${meeting.protocol})` : ""}`;
    const first = [...context.drafts].sort((a, b) => a.number - b.number)[0];
    if (draft === undefined)
      return fail(
        "no_draft",
        wanted !== undefined
          ? `Списки не утверждены: проекта списков № ${wanted} нет.`
          : first !== undefined
            ? `Списки не утверждены: ${at} проекта списков ещё не было — проект № ${first.number} сформирован ${formatRuDate(first.date)}. Утвердить проект может только заседание в день его формирования или позже.`
            : "Списки не утверждены: проекта списков ещё нет — сначала «Сформировать проект списков».",
      );
    if (draft.date > meeting.date)
      return fail(
        "no_draft",
        `Списки не утверждены: ${at} проекта списков № ${draft.number} ещё не было — он сформирован ${formatRuDate(draft.date)}. Утвердить проект может только заседание в день его формирования или позже.`,
      );
    from = draft.schools.map((s) => ({
      schoolId: s.schoolId,
      categories: s.categories,
      grounds: s.reasons.map((r) => r.text),
    }));
    year = draft.year;
    draftNumber = draft.number;
    // Allowed (a working group may have to decide early), but said: the schools' window was still open.
    if (meeting.date <= draft.reviewDeadline) reviewOpenUntil = draft.reviewDeadline;
  } else {
    const inForce = versionInForce(context.approvals, "9999/10000");
    if (inForce === undefined)
      return fail(
        "no_approval_decision",
        `Списки не утверждены: на ${meetingText(meeting)} нет решения «утвердить списки целиком», а утверждённых списков, которые можно изменить, ещё нет.`,
      );
    if (carried.length === 0)
      return fail(
        "no_approval_decision",
        `Списки не утверждены: на ${meetingText(meeting)} нет принятого решения о списках${notCarried.length > 0 ? ` (не приняты: ${notCarried.join("; ")})` : ""}.`,
      );
    from = inForce.schools.map(({ mentorId: _mentor, ...school }) => school);
    year = inForce.year;
    draftNumber = inForce.draft;
  }
  const schools = applyDecisions(from, carried).map((s) => {
    const mentorId = context.mentorOf(s.schoolId);
    return mentorId === undefined ? s : { ...s, mentorId };
  });
  return {
    success: true,
    data: {
      approval: {
        ...base,
        year,
        reason: "decision",
        meeting: {
          date: meeting.date,
          ...(meeting.protocol !== undefined ? { protocol: meeting.protocol } : {}),
        },
        ...(draftNumber !== undefined ? { draft: draftNumber } : {}),
        schools,
      },
      notCarried,
      ...(reviewOpenUntil !== undefined ? { reviewOpenUntil } : {}),
    },
  };
}
