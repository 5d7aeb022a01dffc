// Results and dataset → the workbook model of the coordinator's output tabs, rendered by the Sheets and .xlsx writers.
import type { Dataset } from "../contract/dataset.js";
import type { Results } from "../contract/results.js";
import { buildIndicesTab } from "./tabs/indices-tab.js";
import { buildListsTab } from "./tabs/lists-tab.js";
import { buildSummaryTab } from "./tabs/summary-tab.js";
import { createTabContext, type TabContext } from "./tabs/tab-context.js";
import type { Tab, Workbook } from "./workbook-model.js";

/** Builds one output tab; a new tab («Наставники», «Рекомендации», …) is one more entry of TAB_BUILDERS. */
export type TabBuilder = (context: TabContext) => Tab;

/** The output tabs in the order they appear (DESIGN §5). */
export const TAB_BUILDERS: readonly TabBuilder[] = [buildSummaryTab, buildIndicesTab, buildListsTab];

/**
 * The workbook of a territory's results for one year. Pure and deterministic: the same results and dataset
 * give the same workbook, whatever the order of schools in them.
 */
export function buildWorkbook(results: Results, dataset: Dataset): Workbook {
  const context = createTabContext(results, dataset);
  return {
    title: `ШНОР-Монитор: ${dataset.territory.name}, ${results.year} учебный год`,
    tabs: TAB_BUILDERS.map((build) => build(context)),
  };
}
