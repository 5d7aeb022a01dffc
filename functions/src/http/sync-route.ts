// POST /sync: the coordinator's input tabs, as the sheet gives them, → registry and settings in the store, with row errors.
import { z } from "zod";
import { parseSyncTabs } from "../catalog/sync-tabs.js";
import { issuesFromZod } from "../contract/validation-issue.js";
import type { TerritorySetup } from "../store/territory-repository.js";
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
  if (!body.success) return failure("malformed", `неверный запрос синхронизации: ${body.message}`);
  const parsed = SyncRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    return failure("malformed", "неверный запрос синхронизации: ожидается {territoryId, tabs}", {
      errors: issuesFromZod(parsed.error, body.value).map((i) => ({ field: i.path, message: i.message })),
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
  const setup: TerritorySetup = { ...data };
  if (name !== undefined && !territory.configured) setup.name = name;
  await runtime.store.territories.saveSetup(territoryId, setup, runtime.now());
  const pending =
    data.schools === undefined
      ? { confirmed: 0, checked: 0 }
      : await runtime.store.submissions.confirmPending(territoryId, data.schools, runtime.now());
  await runtime.publishAfterChange(territoryId);
  // `confirmed` only when some were: the sheet's script compares the rest of the answer as it is
  return ok({ status: "ok", errors, ...(pending.confirmed > 0 ? { confirmed: pending.confirmed } : {}) });
}
