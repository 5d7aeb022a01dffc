// POST /recalculate (a coordinator: compute and publish now) and POST /flush (Cloud Scheduler: publish what is stale).

import { authFailure, failure, ok, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime } from "./api-runtime.js";
import { type AuthRequest, authorizeFlush } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { coordinatedTerritory } from "./coordinated-territory.js";
import type { PublishDecision } from "./publish-scheduler.js";
import { type BodyRequest, readJsonBody, stringField } from "./request-body.js";

export interface PublishCallRequest extends AuthRequest, BodyRequest {}

/** The decision that says how this request ended (a coalesced request's re-run, if any, tells more). */
function finalDecision(decisions: readonly PublishDecision[]): PublishDecision | undefined {
  return decisions[decisions.length - 1];
}

/** Russian words for a decision, shown by the coordinator's menu «Пересчитать». */
function decisionText(decision: PublishDecision | undefined): string {
  switch (decision?.action) {
    case "published":
      return "результаты пересчитаны и опубликованы";
    case "up_to_date":
      return "таблица уже показывает последние результаты";
    case "coalesced":
      return "публикация уже идёт; изменения войдут в неё";
    case "deferred":
      return "публикация отложена; таблица обновится в течение минуты";
    case "failed":
      return decision.message;
    default:
      return "";
  }
}

/** Recomputes and publishes a territory now, regardless of the 10 s interval. */
export async function recalculateRoute(runtime: ApiRuntime, req: PublishCallRequest): Promise<RouteOutcome> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return authFailure(caller.error);
  const body = readJsonBody(req);
  const territoryId = body.success ? stringField(body.data.value, "territoryId") : undefined;
  if (territoryId === undefined || !TERRITORY_ID_PATTERN.test(territoryId)) {
    return failure("malformed", "ожидается {territoryId}: код территории");
  }
  const territory = await coordinatedTerritory(runtime, caller.data, territoryId);
  if (!territory.success) return territory.error;

  // force the recomputation too: the coordinator asked for it, even if the markers say nothing changed
  const decisions = await runtime.scheduler.requestPublish(territoryId, { force: true });
  runtime.logs.publishDecisions(territoryId, decisions);
  const last = finalDecision(decisions);
  if (last?.action === "failed") {
    return failure("publish_failed", `не удалось опубликовать: ${last.message}`, { code: last.code });
  }
  const stored = await runtime.store.territories.getTerritory(territoryId);
  return ok({
    status: last?.action ?? "up_to_date",
    message: decisionText(last),
    resultsGeneration: stored?.resultsGeneration ?? 0,
    publishedGeneration: stored?.publishedGeneration ?? 0,
  });
}

/**
 * Publishes the territories whose sheet is behind their facts or results (the trailing publish of a burst).
 * Cloud Scheduler's service account (SHNOR_SCHEDULER_EMAIL) flushes every territory; a coordinator (a manual
 * flush) only the territories they coordinate — and the reply names only those.
 */
export async function flushRoute(runtime: ApiRuntime, req: PublishCallRequest): Promise<RouteOutcome> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return authFailure(caller.error);
  const allowed = authorizeFlush(caller.data, runtime.config.schedulerEmail, await runtime.allCoordinators());
  if (!allowed.success) return authFailure(allowed.error);

  const scheduler =
    runtime.config.schedulerEmail !== undefined &&
    caller.data.email === runtime.config.schedulerEmail.toLowerCase();
  const own = scheduler ? undefined : new Set(await runtime.territoriesOf(caller.data.email));
  const configured = new Set(runtime.config.territories.map((t) => t.id));
  const states = await runtime.store.territories.listStates();
  const stale = states
    .filter((s) => s.needsRecompute || s.needsPublish)
    // in production only configured territories have a sheet to publish to
    .filter((s) => runtime.config.devMode || configured.has(s.territoryId))
    .filter((s) => own === undefined || own.has(s.territoryId))
    .map((s) => s.territoryId);
  const report = await runtime.scheduler.flush(stale);
  for (const entry of report) runtime.logs.publishDecisions(entry.territoryId, entry.decisions);
  return ok({
    status: "ok",
    territories: report.map((entry) => {
      const last = finalDecision(entry.decisions);
      return {
        territoryId: entry.territoryId,
        action: last?.action ?? "up_to_date",
        message: decisionText(last),
      };
    }),
  });
}
