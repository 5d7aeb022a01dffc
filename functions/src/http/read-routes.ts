// GET /results (a coordinator reads Results v1), GET /health and GET /catalog (public: forms and coordinator tabs).
import { describeCatalog } from "../catalog/catalog-description.js";
import { AcademicYearSchema } from "../contract/academic-year.js";
import { authFailure, failure, ok, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime } from "./api-runtime.js";
import type { AuthRequest } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { coordinatedTerritory } from "./coordinated-territory.js";

export interface ResultsRequest extends AuthRequest {
  query: unknown;
}

function queryText(query: unknown, key: string): string | undefined {
  if (query === null || typeof query !== "object") return undefined;
  const value = (query as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}

/** Results v1 of a territory: the latest year stored, or `year` (`2025/2026`). */
export async function resultsRoute(runtime: ApiRuntime, req: ResultsRequest): Promise<RouteOutcome> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return authFailure(caller.error);
  const territoryId = queryText(req.query, "territoryId");
  if (territoryId === undefined || !TERRITORY_ID_PATTERN.test(territoryId)) {
    return failure("malformed", "укажите код территории: /results?territoryId=…");
  }
  const yearText = queryText(req.query, "year");
  const year = yearText === undefined ? undefined : AcademicYearSchema.safeParse(yearText);
  if (year !== undefined && !year.success) {
    return failure("malformed", `«${yearText}» — учебный год пишется так: 2025/2026`);
  }
  const territory = await coordinatedTerritory(runtime, caller.data, territoryId);
  if (!territory.success) return territory.error;
  const stored = await runtime.store.results.loadResults(territoryId, year?.data);
  if (stored === undefined) {
    return failure(
      "results_not_found",
      year?.data === undefined
        ? `по территории «${territoryId}» результатов ещё нет: отправьте формы или выполните пересчёт`
        : `по территории «${territoryId}» нет результатов за ${year.data}`,
    );
  }
  return ok(stored.results);
}

/** Liveness: answers without touching Firestore or configuration secrets. */
export function healthRoute(devMode: boolean): RouteOutcome {
  return ok({ status: "ok", mode: devMode ? "development" : "production" });
}

let catalog: ReturnType<typeof describeCatalog> | undefined;

/** The form and coordinator-tab catalog (built once per process). */
export function catalogRoute(): RouteOutcome {
  catalog ??= describeCatalog();
  return ok(catalog);
}
