// POST /compare: «Сравнить с другой методикой» — the territory's ШНОР and ШНСУ lists under its method and under a preset or a draft criteria table, school by school.
import { DateTime } from "luxon";
import { z } from "zod";
import { parseSyncTabs } from "../catalog/sync-tabs.js";
import { PRESET_NAMES } from "../contract/criteria-vocabulary.js";
import { parseDataset } from "../contract/parse-dataset.js";
import { issuesFromZod } from "../contract/validation-issue.js";
import { computeResults } from "../domain/compute-results.js";
import {
  compareMethods,
  comparisonText,
  methodLabel,
  type OtherMethod,
  otherSettings,
} from "../domain/method-comparison.js";
import { authFailure, failure, ok, type RouteOutcome } from "./api-response.js";
import type { ApiRuntime } from "./api-runtime.js";
import type { AuthRequest } from "./auth.js";
import { TERRITORY_ID_PATTERN } from "./config.js";
import { coordinatedTerritory } from "./coordinated-territory.js";
import { type BodyRequest, readJsonBody } from "./request-body.js";

const CRITERIA_TAB = "Критерии выявления";

const CompareRequestSchema = z.strictObject({
  territoryId: z.string().regex(TERRITORY_ID_PATTERN),
  /** Compare with a preset… */
  preset: z.enum(PRESET_NAMES).optional(),
  /** …or with the «Критерии выявления» tab as the sheet gives it now (header row first), before it is synced. */
  tab: z.array(z.array(z.unknown())).max(1000).optional(),
});

export interface CompareRequest extends AuthRequest, BodyRequest {}

/**
 * Computes the territory's results as they stand and under the other method (everything of «Настройки» kept,
 * only the criteria differ), for the same day, and answers who enters, who leaves and why — both as data and
 * as the text the sheet shows. A draft tab with bad rows is answered 422 with the same row errors /sync gives;
 * nothing is stored either way.
 */
export async function compareRoute(runtime: ApiRuntime, req: CompareRequest): Promise<RouteOutcome> {
  const caller = await runtime.auth.identify(req);
  if (!caller.success) return authFailure(caller.error);
  const body = readJsonBody(req);
  if (!body.success) return failure("malformed", `неверный запрос сравнения: ${body.error.message}`);
  const parsed = CompareRequestSchema.safeParse(body.data.value);
  if (!parsed.success || (parsed.data.preset === undefined) === (parsed.data.tab === undefined)) {
    return failure(
      "malformed",
      `неверный запрос сравнения: ожидается {territoryId, preset} (${PRESET_NAMES.join(", ")}) или {territoryId, tab}`,
      parsed.success
        ? undefined
        : {
            errors: issuesFromZod(parsed.error, body.data.value).map((i) => ({
              field: i.path,
              message: i.message,
            })),
          },
    );
  }
  const { territoryId, preset, tab } = parsed.data;
  const territory = await coordinatedTerritory(runtime, caller.data, territoryId);
  if (!territory.success) return territory.error;

  let other: OtherMethod;
  if (preset !== undefined) other = { preset };
  else {
    const draft = parseSyncTabs({ [CRITERIA_TAB]: tab });
    if (draft.errors.length > 0 || draft.data.criteria === undefined) {
      return failure("rejected", `лист «${CRITERIA_TAB}» заполнен с ошибками: сравнить не с чем`, {
        errors: draft.errors,
      });
    }
    if (draft.data.criteria.length === 0) {
      return failure("rejected", `лист «${CRITERIA_TAB}» пуст: выберите пресет или заполните критерии`);
    }
    other = { criteria: draft.data.criteria, label: `лист «${CRITERIA_TAB}» в нынешнем виде` };
  }

  const loaded = await runtime.store.territories.loadDataset(territoryId);
  if (!loaded.success) return failure("territory_not_found", `территория «${territoryId}» не найдена`);
  const checked = parseDataset(loaded.data.dataset);
  if (!checked.success) {
    const first = checked.error.issues
      .slice(0, 3)
      .map((i) => `${i.path}: ${i.message}`)
      .join("; ");
    return failure("rejected", `данные территории не прошли проверку: ${first}`);
  }
  const { dataset, settings } = checked.data;
  const asOf = DateTime.fromJSDate(runtime.now());
  const current = computeResults(dataset, settings, { asOf });
  if (!current.success) return failure("results_not_found", current.error.message);
  const alternative = computeResults(dataset, otherSettings(settings, other), {
    asOf,
    year: current.data.year,
  });
  if (!alternative.success) return failure("results_not_found", alternative.error.message);
  const comparison = compareMethods(current.data, alternative.data, {
    current: methodLabel(settings),
    other: methodLabel(settings, other),
  });
  return ok({ status: "ok", comparison, text: comparisonText(comparison) });
}
