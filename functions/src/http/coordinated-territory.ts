// The check every coordinator route makes after reading the territory it names: served here, and the caller is its coordinator.
import type { Result } from "../contract/result.js";
import { authFailure, failure, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime, KnownTerritory } from "./api-runtime.js";
import { authorizeCoordinator, type Caller } from "./auth.js";

/**
 * The territory `territoryId` (already checked against TERRITORY_ID_PATTERN) when `caller` coordinates it; else
 * 404 `territory_not_found` for a territory not served, or the 403 of `authorizeCoordinator`.
 */
export async function coordinatedTerritory(
  runtime: ApiRuntime,
  caller: Caller,
  territoryId: string,
): Promise<Result<KnownTerritory, RouteOutcome>> {
  const territory = await runtime.findTerritory(territoryId);
  if (territory === undefined)
    return {
      success: false,
      error: failure("territory_not_found", `территория «${territoryId}» не обслуживается`),
    };
  const allowed = authorizeCoordinator(caller, territoryId, territory.coordinators);
  if (!allowed.success) return { success: false, error: authFailure(allowed.error) };
  return { success: true, data: territory };
}
