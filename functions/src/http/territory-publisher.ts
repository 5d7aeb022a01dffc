// The PublishPort: load a territory (constant reads), recompute when facts changed, store results, render and write the workbook.

import { DateTime } from "luxon";
import { parseDataset } from "../contract/parse-dataset.js";
import { fail, succeed } from "../contract/result.js";
import { computeResults } from "../domain/compute-results.js";
import { roadmapReport } from "../domain/roadmap-report.js";
import { buildWorkbook } from "../sheets/build-workbook.js";
import type { WriteBudget } from "../sheets/google/write-budget.js";
import type { WorkbookWriter } from "../sheets/workbook-writer.js";
import type { Store } from "../store/open-store.js";
import type { StoredResults } from "../store/results-repository.js";
import { FirestoreWriteBudget } from "../store/sheets-write-budget.js";
import { loadDecisionView } from "./decision-cycle-view.js";
import type { PublishNeeds, PublishPort, PublishPortOutcome } from "./publish-scheduler.js";

export interface TerritoryPublisherDeps {
  store: Store;
  writer: WorkbookWriter;
  /** The coordinator's spreadsheet of a territory (configuration), if any. */
  spreadsheetIdOf: (territoryId: string) => Promise<string | undefined>;
  now: () => Date;
  /**
   * The installation's Sheets write budget; by default the one Firestore document every instance shares
   * (store/sheets-write-budget.ts), read and written only when a publish actually goes to Google Sheets.
   */
  budget?: WriteBudget;
}

function refused(code: string, message: string): PublishPortOutcome {
  return fail({ code, message });
}

/**
 * Builds the port the PublishScheduler calls. Steps: `loadDataset` (territory document + one query over its
 * shards, whatever its size); when `needs.recompute` or no results are stored, check the dataset, run
 * `computeResults`, `saveResults` (a stale save — newer facts were stored meanwhile — falls back to the stored
 * results); `listRejected` for «Ошибки», `listRecords` for «Импорт»; `buildWorkbook`; the writer (with the installation's write budget);
 * `markPublished` with the generation written. Expected failures (no facts yet, a dataset the core refuses, a
 * sheet that cannot be written) are values, so the scheduler leaves the territory stale for /flush to retry;
 * a write the budget did not allow carries `retryAfterMs`, and the scheduler defers it.
 */
export function territoryPublisher(deps: TerritoryPublisherDeps): PublishPort {
  const { store } = deps;
  const budget = deps.budget ?? new FirestoreWriteBudget(store.db, () => deps.now().getTime());
  return async (territoryId: string, needs: PublishNeeds): Promise<PublishPortOutcome> => {
    const [loaded, approvals] = await Promise.all([
      store.territories.loadDataset(territoryId),
      store.decisions.listApprovals(territoryId),
    ]);
    if (!loaded.success) return refused("territory_not_found", `территория «${territoryId}» не найдена`);
    const { factsVersion } = loaded.data;
    // the approved versions live apart from the facts; the method's results show them (issue 13)
    const stored = approvals.length > 0 ? { ...loaded.data.dataset, approvals } : loaded.data.dataset;

    const checked = parseDataset(stored);
    if (!checked.success) {
      const first = checked.error.issues
        .slice(0, 3)
        .map((i) => `${i.path}: ${i.message}`)
        .join("; ");
      return refused("invalid_dataset", `данные территории не прошли проверку: ${first}`);
    }
    const { dataset, settings } = checked.data;

    let current: StoredResults | undefined = needs.recompute
      ? undefined
      : await store.results.loadResults(territoryId);
    if (current === undefined) {
      const computed = computeResults(dataset, settings, { asOf: DateTime.fromJSDate(deps.now()) });
      if (!computed.success) {
        if (computed.error.code === "no_facts")
          await store.territories.markNothingToCompute(territoryId, factsVersion);
        return refused(computed.error.code, computed.error.message);
      }
      const at = deps.now();
      const saved = await store.results.saveResults({
        territoryId,
        results: computed.data,
        factsVersion,
        now: at,
      });
      if (saved.status === "saved") {
        current = {
          results: computed.data,
          generation: saved.generation,
          factsVersion,
          computedAt: at.toISOString(),
        };
      } else {
        current = await store.results.loadResults(territoryId, computed.data.year);
        if (current === undefined) return refused("results_missing", "результаты расчёта не найдены");
      }
    }

    // Stored results may be days old; the roadmap is judged on the day of the publish, not of the calculation.
    const hasRoadmap = (dataset.roadmap?.length ?? 0) > 0 || (dataset.meetings?.length ?? 0) > 0;
    const results = hasRoadmap
      ? { ...current.results, roadmap: roadmapReport(dataset, DateTime.fromJSDate(deps.now())) }
      : current.results;
    const [rejected, imports, decisions] = await Promise.all([
      store.submissions.listRejected(territoryId),
      store.imports.listRecords(territoryId),
      loadDecisionView(store, territoryId, dataset, approvals, deps.now()),
    ]);
    const workbook = buildWorkbook(results, dataset, { rejected, imports, decisions });
    const written = await deps.writer.write(
      { territoryId, spreadsheetId: await deps.spreadsheetIdOf(territoryId) },
      workbook,
      { budget },
    );
    if (!written.success) return written;
    await store.territories.markPublished(territoryId, current.generation, deps.now());
    return succeed({ resultsComputedAt: Date.parse(current.computedAt) });
  };
}
