// POST /sync: the coordinator's input tabs, as the sheet gives them, → registry and settings in the store, with row errors.
import { z } from "zod";
import { COORDINATOR_TABS, type CoordinatorTabKind } from "../catalog/coordinator-tabs.js";
import { type PastOrderRow, parseSyncTabs, type SyncTabError } from "../catalog/sync-tabs.js";
import type { Meeting } from "../contract/dataset.js";
import type { Approval } from "../contract/decision-cycle.js";
import { issuesFromZod } from "../contract/validation-issue.js";
import { formatRuDate } from "../domain/academic-calendar.js";
import { checkDecision } from "../domain/approval-rules.js";
import { DECISION_ACTION_LABELS, LIST_SHORT_NAMES } from "../domain/approved-lists.js";
import { DOCUMENT_BUDGET, documentBytes, valueBytes } from "../store/document-size.js";
import type { TerritoryDoc } from "../store/stored-documents.js";
import {
  REGISTRY_BUDGET,
  registryBytes,
  type ShardFull,
  type TerritorySetup,
} from "../store/territory-repository.js";
import { authFailure, failure, ok, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime } from "./api-runtime.js";
import { type AuthRequest, authorizeCoordinator } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { type BodyRequest, readJsonBody } from "./request-body.js";

const SyncRequestSchema = z.object({
  territoryId: z.string().regex(TERRITORY_ID_PATTERN),
  /** `{"Школы": [[header…], [row…]], …}`: each tab as the sheet gives it, header row first. */
  tabs: z.record(z.string(), z.unknown()),
  /** Development mode: the territory's name when the first sync creates it. */
  name: z.string().trim().min(1).max(300).optional(),
});

export interface SyncRequest extends AuthRequest, BodyRequest {}

/**
 * Parses the tabs row by row (a bad row is reported and left out, good rows are kept) and stores what
 * could be read; tabs not sent keep their stored contents. When «Школы» came, answers waiting for their
 * address to be confirmed (202 pending_confirmation) are settled if the address is now on their school's row.
 * In development mode an unknown territory is created by its first sync, with the caller as its coordinator;
 * later syncs need a coordinator.
 */
export async function syncRoute(runtime: ApiRuntime, req: SyncRequest): Promise<RouteOutcome> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return authFailure(caller.error);
  const body = readJsonBody(req);
  if (!body.success) return failure("malformed", `неверный запрос синхронизации: ${body.error.message}`);
  const parsed = SyncRequestSchema.safeParse(body.data.value);
  if (!parsed.success) {
    return failure("malformed", "неверный запрос синхронизации: ожидается {territoryId, tabs}", {
      errors: issuesFromZod(parsed.error, body.data.value).map((i) => ({
        field: i.path,
        message: i.message,
      })),
    });
  }
  const { territoryId, tabs, name } = parsed.data;
  let territory = await runtime.findTerritory(territoryId);
  if (territory === undefined && runtime.config.devMode) {
    territory = await runtime.createDevTerritory(territoryId, caller.data.email, name);
  }
  if (territory === undefined) {
    return failure("territory_not_found", `территория «${territoryId}» не обслуживается`);
  }
  const allowed = authorizeCoordinator(caller.data, territoryId, territory.coordinators);
  if (!allowed.success) return authFailure(allowed.error);

  const { data, errors } = parseSyncTabs(tabs);
  const { pastOrders, ...rest } = data;
  const setup: TerritorySetup = { ...rest };
  if (name !== undefined && !territory.configured) setup.name = name;
  const before = await runtime.store.territories.getTerritory(territoryId);
  errors.push(...fitSetup(territoryId, before, setup));
  const saved = await runtime.store.territories.saveSetup(territoryId, setup, runtime.now());
  if (saved.registryRefused !== undefined) {
    errors.push(shardFullError(saved.registryRefused));
    delete setup.schools;
  }
  // a school taken off «Школы» (deleted row, changed code) leaves the lists; its answers stay stored: say so
  for (const { schoolId, years } of saved.droppedWithFacts ?? [])
    errors.push({
      tab: "Школы",
      row: 1,
      column: "Код школы",
      message: `школа «${schoolId}» убрана с листа: её данные за ${years.join(", ")} уч. г. сохранены, но не входят в расчёт, пока этот код не вернётся на лист`,
    });
  const at = runtime.now().toISOString();
  // issue 13: «Журнал решений» hears of every decision on the lists the first time a sync brings it
  // once per decision, even when two coordinators' syncs bring it at the same moment
  for (const { key, text } of newDecisions(before?.meetings ?? [], setup.meetings ?? []))
    await runtime.store.decisions.appendJournalOnce(territoryId, key, {
      at,
      by: caller.data.email,
      kind: "decision",
      text,
    });
  if (pastOrders !== undefined && pastOrders.length > 0)
    await runtime.store.decisions.addEarlierOrders(territoryId, earlierOrders(pastOrders), {
      at,
      by: caller.data.email,
    });
  const pending =
    setup.schools === undefined
      ? { confirmed: 0, checked: 0 }
      : await runtime.store.submissions.confirmPending(territoryId, setup.schools, runtime.now());
  await runtime.publishAfterChange(territoryId);
  // `confirmed` only when some were: the sheet's script compares the rest of the answer as it is
  return ok({ status: "ok", errors, ...(pending.confirmed > 0 ? { confirmed: pending.confirmed } : {}) });
}

/** The setup fields kept on the territory document, with the tab each comes from. */
const DOCUMENT_TABS = [
  ["methodology", "settings"],
  ["criteria", "criteria"],
  ["references", "references"],
  ["roadmap", "roadmap"],
  ["meetings", "meetings"],
  ["pins", "pins"],
  ["calendar", "calendar"],
] as const satisfies readonly (readonly [keyof TerritorySetup, CoordinatorTabKind])[];

const megabytes = (bytes: number, digits = 1) => (bytes / 1_048_576).toFixed(digits).replace(".", ",");
const tabName = (kind: CoordinatorTabKind) => COORDINATOR_TABS.find((t) => t.kind === kind)?.name ?? kind;

/**
 * Leaves out of `setup` the tabs the store could not take, and says so on each tab's row 1: a registry past
 * {@link REGISTRY_BUDGET}, and, while the territory document would pass {@link DOCUMENT_BUDGET} (Firestore refuses
 * a document over 1 MiB, https://cloud.google.com/firestore/quotas), the largest tab this sync brings. Left to
 * the write, either was a 500 and the coordinator never learnt which tab to shorten. A tab left out keeps its
 * stored contents, as an unreadable one does. The third limit, a shard of the registry beside the answers stored
 * in it, is known only to the store's write ({@link shardFullError}).
 */
export function fitSetup(
  territoryId: string,
  stored: TerritoryDoc | undefined,
  setup: TerritorySetup,
): SyncTabError[] {
  const errors: SyncTabError[] = [];
  if (setup.schools !== undefined) {
    const bytes = registryBytes(setup.schools);
    if (bytes > REGISTRY_BUDGET) {
      errors.push({
        tab: tabName("schools"),
        row: 1,
        column: "",
        message: `лист не сохранён: реестр занял бы ${megabytes(bytes)} МБ, а одна запись в хранилище — не больше ${megabytes(REGISTRY_BUDGET, 0)} МБ; действует прежний список школ. Сократите наименования или число адресов`,
      });
      delete setup.schools;
    }
  }
  const { schools: _, ...fields } = setup;
  const size = () => documentBytes(`territories/${territoryId}`, { ...stored, ...fields });
  for (let bytes = size(); bytes > DOCUMENT_BUDGET; bytes = size()) {
    const largest = DOCUMENT_TABS.filter(([key]) => fields[key] !== undefined).sort(
      ([a], [b]) => valueBytes(fields[b]) - valueBytes(fields[a]),
    )[0];
    if (largest === undefined) break;
    errors.push({
      tab: tabName(largest[1]),
      row: 1,
      column: "",
      message: `лист не сохранён: вместе с другими листами ввода он занял бы ${megabytes(bytes)} МБ, а хранилище принимает не больше ${megabytes(DOCUMENT_BUDGET, 2)} МБ; действует прежний лист. Сократите текст или число строк`,
    });
    delete fields[largest[0]];
    delete setup[largest[0]];
  }
  return errors;
}

/**
 * The row-1 note on «Школы» when the store left the registry out: one shard document would pass
 * {@link DOCUMENT_BUDGET} with the schools' answers already stored in it (Firestore holds 1 MiB in one
 * document, https://cloud.google.com/firestore/quotas). Names up to three of the schools whose rows share it.
 */
export function shardFullError(full: ShardFull): SyncTabError {
  const named = full.schoolIds.slice(0, 3).map((id) => `«${id}»`);
  const more = full.schoolIds.length - named.length;
  const schools = `${named.join(", ")}${more > 0 ? ` и ещё ${more}` : ""}`;
  return {
    tab: tabName("schools"),
    row: 1,
    column: "",
    message:
      `лист не сохранён: хранилище ответов школ почти заполнено — в части хранилища, где лежат данные школ ${schools}, ` +
      `ответы уже занимают ${megabytes(full.answerBytes, 2)} МБ, а вместе со строками этих школ заняли бы ` +
      `${megabytes(full.bytes, 2)} МБ — больше предела ${megabytes(DOCUMENT_BUDGET, 2)} МБ; действует прежний список ` +
      "школ, ответы не затронуты. Сократите у этих школ наименования или число адресов либо сообщите разработчикам",
  };
}

/** «Приказы прошлых лет» rows grouped into orders (year, number, date), each an approved version of reason «earlier». */
export function earlierOrders(rows: readonly PastOrderRow[]): Omit<Approval, "version">[] {
  const orders = new Map<string, Omit<Approval, "version">>();
  for (const row of rows) {
    const key = `${row.year}|${row.number}|${row.date}`;
    let order = orders.get(key);
    if (order === undefined) {
      order = {
        year: row.year,
        order: { number: row.number, date: row.date },
        reason: "earlier",
        schools: [],
      };
      orders.set(key, order);
    }
    order.schools.push({
      schoolId: row.schoolId,
      categories: row.lists,
      grounds: row.grounds !== undefined ? [row.grounds] : [],
    });
  }
  return [...orders.values()];
}

/** The decisions on the lists a sync brings that the stored meetings did not have, worded for the journal, each with its key. */
export function newDecisions(
  before: readonly Meeting[],
  after: readonly Meeting[],
): { key: string; text: string }[] {
  const key = (m: Meeting, d: NonNullable<Meeting["decisions"]>[number]) =>
    JSON.stringify([
      m.date,
      m.protocol ?? "",
      d.title,
      d.action,
      d.schoolIds ?? [],
      d.lists ?? [],
      d.for,
      d.against,
      d.abstained ?? 0,
      d.chairVotedFor ?? null,
    ]);
  const known = new Set(before.flatMap((m) => (m.decisions ?? []).map((d) => key(m, d))));
  const out: { key: string; text: string }[] = [];
  for (const m of after)
    for (const d of m.decisions ?? []) {
      const decisionKey = key(m, d);
      if (d.action === undefined || known.has(decisionKey)) continue;
      const checked = checkDecision(m, d);
      const schools = d.schoolIds?.length ? ` (${d.schoolIds.join(", ")})` : "";
      const lists = d.lists?.length ? `, ${d.lists.map((l) => LIST_SHORT_NAMES[l]).join(" и ")}` : "";
      out.push({
        key: decisionKey,
        text:
          `${formatRuDate(m.date)}${m.protocol !== undefined ? `, протокол № ${m.protocol}` : ""}: «${d.title}» — ` +
          `${DECISION_ACTION_LABELS[d.action]}${schools}${lists}; ${checked.success ? checked.data.text : `не принято: ${checked.error.message}`}` +
          (d.grounds !== undefined ? `; основания: ${d.grounds}` : "") +
          (d.dissent !== undefined ? `; особое мнение: ${d.dissent}` : ""),
      });
    }
  return out;
}
