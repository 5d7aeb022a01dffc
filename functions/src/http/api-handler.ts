// The router of the `api` function: method + path → route, outcome → status and JSON; faults become a plain 500.
import type { Request, Response } from "@google-cloud/functions-framework";
import { failure, type RouteOutcome, renderOutcome } from "./api-response.js";
import type { ApiRuntime } from "./api-runtime.js";
import { compareRoute } from "./compare-route.js";
import { flushRoute, recalculateRoute } from "./publish-routes.js";
import { readQuery } from "./query-params.js";
import { catalogRoute, healthRoute, resultsRoute } from "./read-routes.js";
import { receiptsRoute } from "./receipts-route.js";
import { submitRoute } from "./submit-route.js";
import { syncRoute } from "./sync-route.js";

type Route = (runtime: ApiRuntime, req: Request) => Promise<RouteOutcome> | RouteOutcome;

const ROUTES: Readonly<Record<string, { method: "GET" | "POST"; run: Route }>> = {
  "/submit": { method: "POST", run: submitRoute },
  "/sync": { method: "POST", run: syncRoute },
  "/receipts": { method: "POST", run: receiptsRoute },
  "/recalculate": { method: "POST", run: recalculateRoute },
  "/flush": { method: "POST", run: flushRoute },
  "/compare": { method: "POST", run: compareRoute },
  "/results": { method: "GET", run: resultsRoute },
  "/health": { method: "GET", run: (runtime) => healthRoute(runtime.config.devMode) },
  "/catalog": { method: "GET", run: () => catalogRoute() },
  // the importer (xlsx and csv readers) is loaded on the first import, not at every cold start
  "/import": { method: "POST", run: async (r, q) => (await import("./import-route.js")).importRoute(r, q) },
  "/import/undo": {
    method: "POST",
    run: async (r, q) => (await import("./import-route.js")).importUndoRoute(r, q),
  },
  "/import/map": {
    method: "POST",
    run: async (r, q) => (await import("./import-route.js")).importMapRoute(r, q),
  },
  "/imports": {
    method: "GET",
    run: async (r, q) => (await import("./import-route.js")).importsListRoute(r, q),
  },
  // the decision cycle (issue 13), loaded on first use like the importer
  "/draft": { method: "POST", run: async (r, q) => (await import("./decision-routes.js")).draftRoute(r, q) },
  "/draft/letters": {
    method: "GET",
    run: async (r, q) => (await import("./decision-routes.js")).draftLettersRoute(r, q),
  },
  "/draft/notified": {
    method: "POST",
    run: async (r, q) => (await import("./decision-routes.js")).draftNotifiedRoute(r, q),
  },
  "/approve": {
    method: "POST",
    run: async (r, q) => (await import("./decision-routes.js")).approveRoute(r, q),
  },
  "/approvals": {
    method: "GET",
    run: async (r, q) => (await import("./decision-routes.js")).approvalsRoute(r, q),
  },
  "/journal": {
    method: "GET",
    run: async (r, q) => (await import("./decision-routes.js")).journalRoute(r, q),
  },
  "/documents": {
    method: "GET",
    run: async (r, q) => (await import("./decision-routes.js")).documentsRoute(r, q),
  },
};

/** The routes the function answers (tests walk every one of them). */
export const ROUTE_PATHS: readonly string[] = Object.keys(ROUTES);

/** The adapter's view of a request for authentication: headers and the TCP peer. */
function withPeer(req: Request): Request & { remoteAddress: string | undefined } {
  return Object.assign(req, { remoteAddress: req.socket?.remoteAddress });
}

/** Sends an outcome as JSON with its status. */
export function send(res: Response, outcome: RouteOutcome): void {
  const { status, body } = renderOutcome(outcome);
  res.status(status).set("Cache-Control", "no-store").json(body);
}

/** The route a path names (`/api/submit` and `/submit` alike: a proxy may keep the function name in front). */
function routeOf(path: string): string {
  const trimmed = path.replace(/\/+$/, "") || "/";
  const match =
    /\/(submit|sync|receipts|recalculate|flush|compare|results|health|catalog|import\/undo|import\/map|imports|import|draft\/letters|draft\/notified|draft|approvals|approve|journal|documents)$/.exec(
      trimmed,
    );
  return match ? `/${match[1]}` : trimmed;
}

/**
 * Handles one request against a runtime. Expected failures come back from the routes as values and are
 * mapped to statuses in `api-response.ts`; anything thrown is a fault: logged with its stack, answered with a
 * Russian 500 without it.
 */
export async function handleApiRequest(runtime: ApiRuntime, req: Request, res: Response): Promise<void> {
  const path = routeOf(req.path);
  const route = ROUTES[path];
  if (route === undefined) {
    send(res, failure("not_found", `нет такого адреса: ${path}; есть ${Object.keys(ROUTES).join(", ")}`));
    return;
  }
  if (req.method !== route.method) {
    res.set("Allow", route.method);
    send(res, failure("method_not_allowed", `${path} принимает только ${route.method}`));
    return;
  }
  const query = readQuery(req.originalUrl ?? req.url ?? "");
  if (!query.success) {
    send(res, failure("malformed", `неверный параметр запроса: ${query.error.message}`));
    return;
  }
  try {
    send(res, await route.run(runtime, withPeer(req)));
  } catch (error) {
    runtime.logs.unexpected(path, error);
    if (!res.headersSent) {
      send(res, failure("internal", "внутренняя ошибка сервера; запрос можно повторить позже"));
    }
  }
}
