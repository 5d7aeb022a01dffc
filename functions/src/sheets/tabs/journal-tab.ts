// «Журнал решений»: who did what and when in the decision cycle — draft, letters, objections, decisions, approvals — newest first.
import type { CellValue, Tab } from "../workbook-model.js";
import type { DecisionCycleView } from "./decision-view.js";
import { submittedAtText } from "./errors-tab.js";
import type { TabContext } from "./tab-context.js";

/** Russian names of the journal's entry kinds. */
export const JOURNAL_KIND_LABELS: Readonly<Record<string, string>> = {
  draft: "Проект списков",
  letters: "Письма школам",
  objection: "Обращение школы",
  decision: "Решение рабочей группы",
  approval: "Утверждение списков",
  correction: "Исправление приказа",
  earlierOrder: "Приказ прошлых лет",
  refusal: "Отказ в утверждении",
};

/** Entries shown: the journal itself keeps every one in Firestore. */
export const MAX_JOURNAL_SHOWN = 5_000;

/** Builds «Журнал решений» from the append-only journal, newest first. */
export function buildJournalTab(context: TabContext, view: DecisionCycleView): Tab {
  const timeZone = context.dataset.territory.timeZone ?? "Europe/Moscow";
  const rows: CellValue[][] = view.journal
    .slice(0, MAX_JOURNAL_SHOWN)
    .map((e) => [submittedAtText(e.at, timeZone), e.by, JOURNAL_KIND_LABELS[e.kind] ?? e.kind, e.text]);
  return {
    name: "Журнал решений",
    kind: "output",
    columns: [
      { key: "at", header: "Когда", format: "text", width: 17 },
      { key: "by", header: "Кто", format: "text", width: 30 },
      { key: "kind", header: "Что", format: "text", width: 24 },
      {
        key: "text",
        header: "Подробности",
        note: "Журнал хранится в базе и только пополняется: записи не исправляются и не удаляются.",
        format: "text",
        width: 90,
        wrap: true,
      },
    ],
    rows,
    frozenRows: 1,
    autoFilter: true,
  };
}
