// The decision cycle's routes: /draft, /draft/letters, /draft/notified, /approve, /approvals, /journal — a coordinator of the territory only.
import { DateTime } from "luxon";
import { z } from "zod";
import { parseDate } from "../catalog/answer-coercion.js";
import type { Dataset } from "../contract/dataset.js";
import type { Approval } from "../contract/decision-cycle.js";
import { CATEGORY_LABELS } from "../contract/labels.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { parseDataset } from "../contract/parse-dataset.js";
import type { Result } from "../contract/result.js";
import type { Results } from "../contract/results.js";
import { issuesFromZod } from "../contract/validation-issue.js";
import { formatRuDate, localDate, territoryTimeZone } from "../domain/academic-calendar.js";
import { decideApproval } from "../domain/approval-decision.js";
import { ruleCitation } from "../domain/approval-rules.js";
import { LIST_SHORT_NAMES, orderText } from "../domain/approved-lists.js";
import { computeResults } from "../domain/compute-results.js";
import { draftFromResults, sameDraft } from "../domain/draft-lists.js";
import { workingCalendar } from "../domain/working-days.js";
import { orderFile, orderPage, protocolFile, protocolPage } from "../report/decision-documents.js";
import { reportContext } from "../report/report-context.js";
import { schoolCard } from "../report/school-card.js";
import { authFailure, failure, ok, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime } from "./api-runtime.js";
import type { AuthRequest } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { coordinatedTerritory } from "./coordinated-territory.js";
import { type BodyRequest, type BodyResult, readJsonBody } from "./request-body.js";
import { itemsWithinBudget } from "./response-budget.js";

export interface DecisionRequest extends AuthRequest, BodyRequest {
  query?: unknown;
}

/** Letters one /draft/letters answer carries: a day's mail quota on an ordinary account is 100 recipients. */
export const MAX_LETTERS_PER_CALL = 100;

type Checked = Result<{ email: string; territoryId: string }, RouteOutcome>;

/** The caller must be a coordinator of the territory the request names (body or query). */
async function coordinatorOf(
  runtime: ApiRuntime,
  req: DecisionRequest,
  territoryId: unknown,
): Promise<Checked> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return { success: false, error: authFailure(caller.error) };
  if (typeof territoryId !== "string" || !TERRITORY_ID_PATTERN.test(territoryId))
    return { success: false, error: failure("malformed", "укажите код территории (territoryId)") };
  const territory = await coordinatedTerritory(runtime, caller.data, territoryId);
  if (!territory.success) return territory;
  return { success: true, data: { email: caller.data.email, territoryId } };
}

function queryText(req: DecisionRequest, key: string): string | undefined {
  const query = req.query;
  if (query === null || typeof query !== "object") return undefined;
  const value = (query as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}

/** A body read from the request, parsed with `schema`; or the malformed outcome naming the fields. */
function bodyOf<T>(read: BodyResult, schema: z.ZodType<T>, what: string): Result<T, RouteOutcome> {
  if (!read.success)
    return { success: false, error: failure("malformed", `неверный запрос: ${read.error.message}`) };
  const parsed = schema.safeParse(read.data.value);
  if (!parsed.success)
    return {
      success: false,
      error: failure("malformed", `неверный запрос: ожидается ${what}`, {
        errors: issuesFromZod(parsed.error, read.data.value).map((i) => ({
          field: i.path,
          message: i.message,
        })),
      }),
    };
  return { success: true, data: parsed.data };
}

/**
 * A POST body parsed with `schema` from a coordinator of the territory it names. A caller without a valid token hears
 * 401/403 before anything about the body, so a stranger learns nothing of the route's shape.
 */
async function coordinatorBody<T extends { territoryId: string }>(
  runtime: ApiRuntime,
  req: DecisionRequest,
  schema: z.ZodType<T>,
  what: string,
): Promise<Result<{ body: T; who: { email: string; territoryId: string } }, RouteOutcome>> {
  // Read once: the refused body is also where the territory it names is found.
  const raw = readJsonBody(req);
  const body = bodyOf(raw, schema, what);
  if (!body.success) {
    // A body that names a territory is answered as that territory's coordinator check first: a school's e-mail
    // or another territory's coordinator hears 403, not the fields the route expects.
    const named =
      raw.success && raw.data.value !== null && typeof raw.data.value === "object"
        ? (raw.data.value as Record<string, unknown>).territoryId
        : undefined;
    if (typeof named === "string" && TERRITORY_ID_PATTERN.test(named)) {
      const who = await coordinatorOf(runtime, req, named);
      return { success: false, error: who.success ? body.error : who.error };
    }
    const caller = await runtime.auth.identify(req);
    return { success: false, error: caller.success ? body.error : authFailure(caller.error) };
  }
  const who = await coordinatorOf(runtime, req, body.data.territoryId);
  if (!who.success) return who;
  return { success: true, data: { body: body.data, who: who.data } };
}

interface Computed {
  dataset: Dataset;
  settings: MethodologySettings;
  results: Results;
  factsVersion: number;
  approvals: Approval[];
}

/** The territory's dataset with its approved versions, checked and computed now: what a draft or an approval is made from. */
async function computeNow(runtime: ApiRuntime, territoryId: string): Promise<Result<Computed, RouteOutcome>> {
  const [loaded, approvals] = await Promise.all([
    runtime.store.territories.loadDataset(territoryId),
    runtime.store.decisions.listApprovals(territoryId),
  ]);
  if (!loaded.success)
    return {
      success: false,
      error: failure("territory_not_found", `территория «${territoryId}» не найдена`),
    };
  const checked = parseDataset(
    approvals.length > 0 ? { ...loaded.data.dataset, approvals } : loaded.data.dataset,
  );
  if (!checked.success) {
    const first = checked.error.issues
      .slice(0, 3)
      .map((i) => `${i.path}: ${i.message}`)
      .join("; ");
    return { success: false, error: failure("rejected", `данные территории не прошли проверку: ${first}`) };
  }
  const computed = computeResults(checked.data.dataset, checked.data.settings, {
    asOf: DateTime.fromJSDate(runtime.now()),
  });
  if (!computed.success)
    return { success: false, error: failure("results_not_found", computed.error.message) };
  return {
    success: true,
    data: { ...checked.data, results: computed.data, factsVersion: loaded.data.factsVersion, approvals },
  };
}

const TerritoryBody = z.object({ territoryId: z.string() });

/**
 * POST /draft `{territoryId}`: «Сформировать проект списков». Computes the lists now and stores them as the next
 * numbered draft (the method's version and preset, the data version, each school's reasons, the review deadline in
 * working days without ст. 112's holidays and the territory's «Нерабочие дни»), told to the journal.
 */
export async function draftRoute(runtime: ApiRuntime, req: DecisionRequest): Promise<RouteOutcome> {
  const checked = await coordinatorBody(runtime, req, TerritoryBody, "{territoryId}");
  if (!checked.success) return checked.error;
  const { who } = checked.data;
  const now = await computeNow(runtime, who.territoryId);
  if (!now.success) return now.error;
  const { dataset, settings, results, factsVersion } = now.data;
  const territory = await runtime.store.territories.getTerritory(who.territoryId);
  const at = runtime.now();
  const { draft, created } = await runtime.store.decisions.createDraft(
    who.territoryId,
    (number) =>
      draftFromResults(results, dataset, {
        number,
        createdAt: at.toISOString(),
        createdBy: who.email,
        date: localDate(at.toISOString(), territoryTimeZone(dataset.territory)),
        dataVersion: factsVersion,
        reviewWorkingDays: settings.decisions.reviewWorkingDays,
        calendar: workingCalendar(territory?.calendar ?? []),
      }),
    { at: at.toISOString(), by: who.email },
    { keep: sameDraft },
  );
  if (!created)
    return ok({
      status: "unchanged",
      number: draft.number,
      year: draft.year,
      schools: draft.schools.length,
      reviewDeadline: draft.reviewDeadline,
      message:
        `Проект списков № ${draft.number} за ${draft.year} уже сформирован ${formatRuDate(draft.date)} по тем же данным: ` +
        `школ ${draft.schools.length}; новый проект не нужен, повторные письма школам не уходят. ` +
        `Обращения принимаются до ${formatRuDate(draft.reviewDeadline)} включительно (${draft.reviewWorkingDays} рабочих дней).`,
    });
  await runtime.publishAfterChange(who.territoryId);
  const withoutAddress = draft.schools.filter((s) => s.emails.length === 0).map((s) => s.name);
  return ok({
    status: "created",
    number: draft.number,
    year: draft.year,
    schools: draft.schools.length,
    reviewDeadline: draft.reviewDeadline,
    message:
      `Сформирован проект списков № ${draft.number} за ${draft.year}: школ ${draft.schools.length}. ` +
      `Обращения принимаются до ${formatRuDate(draft.reviewDeadline)} включительно (${draft.reviewWorkingDays} рабочих дней).` +
      (withoutAddress.length > 0
        ? ` Нет адреса у школ: ${withoutAddress.join(", ")} — письмо им не уйдёт.`
        : ""),
  });
}

/**
 * GET /draft/letters?territoryId=…[&limit=…]: the latest draft's letters not sent yet (at most 100 a call), each with
 * the school's lists and reasons, the deadline and its printable card (HTML) to attach.
 */
export async function draftLettersRoute(runtime: ApiRuntime, req: DecisionRequest): Promise<RouteOutcome> {
  const who = await coordinatorOf(runtime, req, queryText(req, "territoryId"));
  if (!who.success) return who.error;
  const limitText = queryText(req, "limit");
  const limit = limitText === undefined ? MAX_LETTERS_PER_CALL : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LETTERS_PER_CALL)
    return failure("malformed", `limit — целое число от 1 до ${MAX_LETTERS_PER_CALL}`);
  const stored = await runtime.store.decisions.latestDraft(who.data.territoryId);
  if (stored === undefined)
    return failure("draft_not_found", "проекта списков ещё нет: сначала «Сформировать проект списков»");
  const pending = stored.draft.schools.filter(
    (s) => s.emails.length > 0 && stored.notified[s.schoolId] === undefined,
  );
  const now = await computeNow(runtime, who.data.territoryId);
  const context = now.success ? reportContext(now.data.results, now.data.dataset) : undefined;
  const resultOf = new Map(now.success ? now.data.results.schools.map((r) => [r.schoolId, r]) : []);
  // Built one by one and cut at the response budget: a region's printable cards are tens of KB each, and an
  // answer past Cloud Run's limit would never reach the script. The script asks again while letters are pending.
  const letters = itemsWithinBudget(
    pending.slice(0, limit),
    (s) => {
      const result = resultOf.get(s.schoolId);
      return {
        schoolId: s.schoolId,
        name: s.name,
        to: s.emails,
        lists: s.categories.map((c) => CATEGORY_LABELS[c]),
        reasons: s.reasons.map((r) => `${LIST_SHORT_NAMES[r.category]}: ${r.text}`),
        ...(result !== undefined && context !== undefined
          ? { card: { name: `Карточка школы ${s.schoolId}.html`, html: schoolCard(result, context) } }
          : {}),
      };
    },
    runtime.responseItemsBudgetBytes,
  );
  return ok({
    draft: stored.draft.number,
    year: stored.draft.year,
    reviewDeadline: stored.draft.reviewDeadline,
    reviewWorkingDays: stored.draft.reviewWorkingDays,
    pending: pending.length,
    letters,
  });
}

/** The body of POST /draft/notified (exported: the script's contract test parses what it sends). */
export const NotifiedBody = z.object({
  territoryId: z.string(),
  draft: z.number().int().min(1),
  schools: z.array(z.object({ schoolId: z.string().min(1), recipients: z.number().int().min(0) })).max(1_000),
});

/** POST /draft/notified `{territoryId, draft, schools: [{schoolId, recipients}]}`: the sheet's script sent these letters. */
export async function draftNotifiedRoute(runtime: ApiRuntime, req: DecisionRequest): Promise<RouteOutcome> {
  const checked = await coordinatorBody(
    runtime,
    req,
    NotifiedBody,
    "{territoryId, draft, schools: [{schoolId, recipients}]}",
  );
  if (!checked.success) return checked.error;
  const { body, who } = checked.data;
  const marked = await runtime.store.decisions.markNotified(who.territoryId, body.draft, body.schools, {
    at: runtime.now().toISOString(),
    by: who.email,
  });
  if (marked === undefined) return failure("draft_not_found", `проекта списков № ${body.draft} нет`);
  if (marked.marked > 0) await runtime.publishAfterChange(who.territoryId);
  return ok({ status: "ok", marked: marked.marked });
}

/**
 * What a person typed into the approval dialog: trimmed, `max` characters at most, with a letter or a digit and
 * without control or format characters (a zero-width space, a bidi override; a line break too unless
 * `lines`) — an order's number of invisible characters would print as «№ » on the order and stay in an
 * immutable version.
 */
function typedText(max: number, lines = false) {
  const shown = (text: string) => (lines ? text.replace(/[\n\r\t]/g, "") : text);
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !/[\p{Cc}\p{Cf}]/u.test(shown(text)) && /[\p{L}\p{N}]/u.test(text), {
      message: lines
        ? "нужен текст: буквы или цифры, без невидимых символов"
        : "нужны буквы или цифры, без невидимых символов и переносов строк",
    });
}

const isoOrRuDate = z.string().transform((text, ctx) => {
  const date = parseDate(text.trim());
  if (date === undefined) {
    ctx.addIssue({ code: "custom", message: `«${text}» — дата, например 15.10.2025` });
    return z.NEVER;
  }
  return date;
});

/** The body of POST /approve (exported: the script's contract test parses what it sends). */
export const ApproveBody = z.object({
  territoryId: z.string(),
  order: z.object({ number: typedText(60), date: isoOrRuDate }),
  meeting: z.object({ date: isoOrRuDate, protocol: typedText(40).optional() }).optional(),
  correction: z.object({ note: typedText(2_000, true) }).optional(),
});

/**
 * POST /approve `{territoryId, order: {number, date}, meeting?: {date, protocol?}, correction?: {note}}`: «Утвердить
 * списки». The meeting's decisions are checked under seed 002; a refusal names its rule (422 approval_refused) and
 * is written to the journal; an approval stores the next immutable version (409 approval_conflict when another
 * was stored meanwhile) and answers the differences from today's computation.
 */
export async function approveRoute(runtime: ApiRuntime, req: DecisionRequest): Promise<RouteOutcome> {
  const checked = await coordinatorBody(
    runtime,
    req,
    ApproveBody,
    "{territoryId, order: {number, date}, meeting?: {date, protocol?}}",
  );
  if (!checked.success) return checked.error;
  const { body, who } = checked.data;
  const now = await computeNow(runtime, who.territoryId);
  if (!now.success) return now.error;
  const { dataset, results, approvals } = now.data;
  const drafts = await runtime.store.decisions.listDrafts(who.territoryId);
  const at = runtime.now();
  const request = body;
  const decided = decideApproval(
    {
      order: request.order,
      ...(request.meeting !== undefined
        ? {
            meeting: {
              date: request.meeting.date,
              ...(request.meeting.protocol !== undefined ? { protocol: request.meeting.protocol } : {}),
            },
          }
        : {}),
      ...(request.correction !== undefined ? { correction: request.correction } : {}),
    },
    {
      meetings: dataset.meetings ?? [],
      drafts: drafts.map((d) => d.draft),
      approvals,
      today: localDate(at.toISOString(), territoryTimeZone(dataset.territory)),
      approvedAt: at.toISOString(),
      approvedBy: who.email,
      mentorOf: (id) => results.schools.find((s) => s.schoolId === id)?.mentorId ?? undefined,
    },
  );
  if (!decided.success) {
    await runtime.store.decisions.appendJournal(who.territoryId, {
      at: at.toISOString(),
      by: who.email,
      kind: "refusal",
      text: decided.error.message,
    });
    await runtime.publishAfterChange(who.territoryId);
    return failure("approval_refused", decided.error.message, {
      reason: decided.error.code,
      ...(decided.error.refusal !== undefined
        ? { rule: decided.error.refusal.rule, citation: ruleCitation(decided.error.refusal.rule) }
        : {}),
    });
  }
  const { approval, notCarried, reviewOpenUntil } = decided.data;
  const early =
    reviewOpenUntil === undefined
      ? ""
      : `утверждено до окончания срока обращений школ (до ${formatRuDate(reviewOpenUntil)} включительно): ` +
        "обращение, поступившее позже, рабочая группа рассматривает отдельным решением, которое меняет утверждённые списки";
  const stored = await runtime.store.decisions.createApproval(who.territoryId, approval, {
    at: at.toISOString(),
    by: who.email,
    text:
      `${approval.reason === "correction" ? `Исправление: ${approval.note ?? ""}; ` : ""}утверждены списки за ${approval.year}, ` +
      `версия ${approval.version}: ${orderText(approval.order)}` +
      `${approval.meeting !== undefined ? `, заседание ${formatRuDate(approval.meeting.date)}${approval.meeting.protocol !== undefined ? ` (протокол № ${approval.meeting.protocol})` : ""}` : ""}` +
      `${approval.draft !== undefined ? `, проект № ${approval.draft}` : ""}; школ ${approval.schools.length}` +
      (notCarried.length > 0 ? `; не учтены непринятые решения: ${notCarried.join("; ")}` : "") +
      (early !== "" ? `; ${early}` : ""),
  });
  if (stored.status === "conflict")
    return failure(
      "approval_conflict",
      "списки только что утвердил другой координатор (или это утверждение уже выполнено); обновите таблицу и повторите",
    );
  await runtime.publishAfterChange(who.territoryId);
  const after = computeResults({ ...dataset, approvals: [...approvals, approval] }, now.data.settings);
  const differences = after.success ? (after.data.approved?.differences ?? []).map((d) => d.text) : [];
  return ok({
    status: "approved",
    version: approval.version,
    year: approval.year,
    order: approval.order,
    schools: approval.schools.length,
    notCarried,
    differences,
    ...(reviewOpenUntil !== undefined ? { reviewOpenUntil } : {}),
    message:
      `Списки утверждены: версия ${approval.version}, ${orderText(approval.order)}; школ ${approval.schools.length}.` +
      (differences.length > 0 ? ` Различий с расчётом сейчас: ${differences.length}.` : "") +
      (early !== "" ? ` Внимание: ${early}.` : ""),
  });
}

/** GET /approvals?territoryId=…: every approved version, oldest first. */
export async function approvalsRoute(runtime: ApiRuntime, req: DecisionRequest): Promise<RouteOutcome> {
  const who = await coordinatorOf(runtime, req, queryText(req, "territoryId"));
  if (!who.success) return who.error;
  return ok({ approvals: await runtime.store.decisions.listApprovals(who.data.territoryId) });
}

/** GET /journal?territoryId=…: «Журнал решений», newest first. */
export async function journalRoute(runtime: ApiRuntime, req: DecisionRequest): Promise<RouteOutcome> {
  const who = await coordinatorOf(runtime, req, queryText(req, "territoryId"));
  if (!who.success) return who.error;
  return ok({ entries: await runtime.store.decisions.listJournal(who.data.territoryId) });
}

/**
 * GET /documents?territoryId=…&version=N: the printable documents of approved version N — the draft order
 * (приказ) with the lists as appendix and the protocol of the meeting it names (HTML, the report's style).
 */
export async function documentsRoute(runtime: ApiRuntime, req: DecisionRequest): Promise<RouteOutcome> {
  const who = await coordinatorOf(runtime, req, queryText(req, "territoryId"));
  if (!who.success) return who.error;
  const version = Number(queryText(req, "version"));
  if (!Number.isInteger(version) || version < 1)
    return failure("malformed", "version — номер утверждённой версии, целое от 1");
  const [loaded, approvals] = await Promise.all([
    runtime.store.territories.loadDataset(who.data.territoryId),
    runtime.store.decisions.listApprovals(who.data.territoryId),
  ]);
  if (!loaded.success)
    return failure("territory_not_found", `территория «${who.data.territoryId}» не найдена`);
  const approval = approvals.find((a) => a.version === version);
  if (approval === undefined) return failure("results_not_found", `утверждённой версии ${version} нет`);
  const dataset = loaded.data.dataset as Dataset;
  const ref = approval.meeting;
  const meeting =
    ref === undefined
      ? undefined
      : (dataset.meetings ?? []).find(
          (m) => m.date === ref.date && (ref.protocol === undefined || m.protocol === ref.protocol),
        );
  return ok({
    order: { name: orderFile(approval), html: orderPage(approval, dataset) },
    ...(meeting !== undefined
      ? { protocol: { name: protocolFile(meeting), html: protocolPage(meeting, dataset) } }
      : {}),
  });
}
