// «Обращения»: every school's objection to the lists with its status (новое, на рассмотрении, принято, отклонено) and the working group's answer.
import { LIST_SHORT_NAMES } from "../../domain/approved-lists.js";
import { OBJECTION_STATUS_LABELS } from "../../domain/objection-status.js";
import type { CellValue, HexColour, Tab } from "../workbook-model.js";
import type { DecisionCycleView } from "./decision-view.js";
import { submittedAtText } from "./errors-tab.js";
import { STATUS_FILLS } from "./status-fills.js";
import type { TabContext } from "./tab-context.js";

const STATUS_FILL: Readonly<Record<string, HexColour | null>> = {
  new: STATUS_FILLS.warning,
  review: STATUS_FILLS.unknown,
  accepted: STATUS_FILLS.good,
  rejected: STATUS_FILLS.bad,
};

/**
 * Builds «Обращения»: one row per objection, by number — when and by whom it was sent, the school, what it asks and
 * for which lists, its grounds and corrected data, its status and the working group's answer. The status comes
 * from the decisions on «Рабочая группа» (an input tab), so this tab stays protected output.
 */
export function buildObjectionsTab(context: TabContext, view: DecisionCycleView): Tab {
  const timeZone = context.dataset.territory.timeZone ?? "Europe/Moscow";
  const rows: CellValue[][] = [];
  const rowFills: (HexColour | null)[] = [];
  for (const o of view.objections) {
    const lists =
      o.objection.lists.length === 0
        ? "ШНОР, ШНСУ"
        : o.objection.lists.map((l) => LIST_SHORT_NAMES[l]).join(", ");
    rows.push([
      o.number,
      submittedAtText(o.submittedAt, timeZone),
      context.schoolName(o.objection.schoolId),
      o.objection.schoolId,
      o.objection.request === "exclude" ? "не включать" : "включить",
      lists,
      o.objection.grounds,
      o.objection.correctedData ?? "",
      OBJECTION_STATUS_LABELS[o.status],
      o.answer,
      o.objection.contact ?? o.respondentEmail ?? "",
    ]);
    rowFills.push(STATUS_FILL[o.status] ?? null);
  }
  return {
    name: "Обращения",
    kind: "output",
    columns: [
      { key: "number", header: "№", format: "integer", width: 6 },
      { key: "submittedAt", header: "Получено", format: "text", width: 17 },
      { key: "name", header: "Школа", format: "text", width: 36 },
      { key: "schoolId", header: "Код школы", format: "text", width: 12 },
      { key: "request", header: "Просит", format: "text", width: 14 },
      { key: "lists", header: "Список", format: "text", width: 12 },
      { key: "grounds", header: "Основания", format: "text", width: 50, wrap: true },
      { key: "corrected", header: "Исправленные данные", format: "text", width: 30, wrap: true },
      {
        key: "status",
        header: "Статус",
        note: "новое — ещё не рассмотрено; на рассмотрении — вынесено на заседание или решение не принято; принято или отклонено — по решению рабочей группы (лист «Рабочая группа»).",
        format: "text",
        width: 16,
      },
      { key: "answer", header: "Ответ рабочей группы", format: "text", width: 60, wrap: true },
      { key: "contact", header: "Контакт", format: "text", width: 24 },
    ],
    rows,
    rowFills,
    fillColumn: "status",
    frozenRows: 1,
    autoFilter: true,
  };
}
