// Results and dataset → the workbook model of the coordinator's output tabs, rendered by the Sheets and .xlsx writers.
import type { Dataset } from "../contract/dataset.js";
import type { Results } from "../contract/results.js";
import { buildApprovedTab } from "./tabs/approved-tab.js";
import { buildCriteriaTab } from "./tabs/criteria-tab.js";
import type { DecisionCycleView } from "./tabs/decision-view.js";
import { buildDraftTab } from "./tabs/draft-tab.js";
import { buildErrorsTab, type RejectedResponseRow } from "./tabs/errors-tab.js";
import { buildHistoryTab } from "./tabs/history-tab.js";
import { buildImportsTab, type ImportRecordRow } from "./tabs/imports-tab.js";
import { buildIndicesTab } from "./tabs/indices-tab.js";
import { buildJournalTab } from "./tabs/journal-tab.js";
import { buildListsTab } from "./tabs/lists-tab.js";
import { buildMentorsTab } from "./tabs/mentors-tab.js";
import { buildObjectionsTab } from "./tabs/objections-tab.js";
import { buildRecommendationsTab } from "./tabs/recommendations-tab.js";
import { buildRoadmapTab } from "./tabs/roadmap-tab.js";
import { buildSummaryTab } from "./tabs/summary-tab.js";
import { createTabContext, type TabContext } from "./tabs/tab-context.js";
import { buildVprTasksTab, hasVprTasks } from "./tabs/vpr-tasks-tab.js";
import type { Tab, Workbook } from "./workbook-model.js";

/** Builds one output tab; a new tab («Наставники», «Рекомендации», …) is one more entry of TAB_BUILDERS. */
export type TabBuilder = (context: TabContext) => Tab;

/** The output tabs in the order they appear (docs/design.md §5). */
export const TAB_BUILDERS: readonly TabBuilder[] = [
  buildSummaryTab,
  buildIndicesTab,
  buildListsTab,
  buildMentorsTab,
  buildRecommendationsTab,
  buildCriteriaTab,
  buildRoadmapTab,
];

/** What a workbook shows besides the results. */
export interface WorkbookOptions {
  /** Rejected form responses for «Ошибки» (newest first); the tab is left out when absent (CLI runs). */
  rejected?: readonly RejectedResponseRow[];
  /** Imported files for «Импорт» (newest first); the tab is left out when absent (CLI runs). */
  imports?: readonly ImportRecordRow[];
  /**
   * The decision cycle (issue 13) for «Проект списков», «Обращения», «Утверждённые списки», «Журнал решений» and
   * «История»; given by the functions, so the sheet always has them. Without it (CLI runs) only «Утверждённые
   * списки» and «История» appear, and only when the dataset carries approved versions.
   */
  decisions?: DecisionCycleView;
}

/**
 * The workbook of a territory's results for one year. Pure and deterministic: the same results and dataset
 * give the same workbook, whatever the order of schools in them.
 */
export function buildWorkbook(results: Results, dataset: Dataset, options: WorkbookOptions = {}): Workbook {
  const context = createTabContext(results, dataset);
  const tabs = TAB_BUILDERS.map((build) => build(context));
  // «Задания ВПР» exists once a Ф1 file was imported; the functions always publish it (with «Импорт»), so a tab
  // whose files were undone is emptied rather than left showing them, and a CLI run without task results is unchanged
  if (options.imports !== undefined || hasVprTasks(results)) tabs.push(buildVprTasksTab(context));
  // «Ошибки» comes from the submission store, not the results: only the functions know it, so it is optional
  if (options.rejected !== undefined) tabs.push(buildErrorsTab(context, options.rejected));
  if (options.imports !== undefined) tabs.push(buildImportsTab(context, options.imports));
  const view = options.decisions;
  if (view !== undefined) {
    tabs.push(buildDraftTab(context, view), buildObjectionsTab(context, view));
    tabs.push(buildApprovedTab(context, view.approvals), buildJournalTab(context, view));
    tabs.push(buildHistoryTab(context));
  } else if (results.approved !== undefined) {
    tabs.push(buildApprovedTab(context, dataset.approvals ?? []), buildHistoryTab(context));
  }
  return {
    title: `ШНОР-Монитор: ${dataset.territory.name}, ${results.year} учебный год`,
    tabs,
  };
}
