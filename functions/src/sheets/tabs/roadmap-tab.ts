// «Дорожная карта: статус»: each measure's status on the report day, the monitoring calendar and the working group.
import type { RoadmapReport, RoadmapStatusCode } from "../../contract/results.js";
import { formatRuDate } from "../../domain/academic-calendar.js";
import { ROADMAP_STATUS_LABELS } from "../../domain/roadmap-status.js";
import type { CellValue, Column, HexColour, Section, Tab } from "../workbook-model.js";
import { STATUS_FILLS } from "./status-fills.js";
import type { TabContext } from "./tab-context.js";

/**
 * What the tab shows: the roadmap part of the results (Results v1 `roadmap`, computed on a given day). A
 * caller with a roadmap from elsewhere (e.g. recomputed for today at publish time) passes the same shape.
 */
export type RoadmapTabInput = RoadmapReport;

/** Shown when the results carry no roadmap: the coordinator has not filled in the tab or not synchronised it. */
export const EMPTY_ROADMAP_MESSAGE =
  "Дорожная карта не заполнена — заполните лист «Дорожная карта» и нажмите «Синхронизировать данные»";

/**
 * Shown when the dataset has a roadmap or meetings but the results carry no status: they were computed without
 * a report day (`computeResults` without `asOf`), so «просрочено» cannot be judged. Saying «не заполнена» would
 * send the coordinator to refill a tab that is fine.
 */
export const ROADMAP_NOT_COMPUTED_MESSAGE =
  "Статус дорожной карты не рассчитан: результаты посчитаны без даты отчёта — нажмите «Синхронизировать данные», чтобы пересчитать";

/** Shown when the roadmap has meetings but no measures. */
export const NO_MEASURES_MESSAGE = "В дорожной карте нет мероприятий — заполните лист «Дорожная карта».";

/** Done is green, overdue red, about to start yellow; measures in progress or far ahead stay plain. */
export const ROADMAP_STATUS_FILLS: Readonly<Record<RoadmapStatusCode, HexColour | null>> = {
  done: STATUS_FILLS.good,
  done_late: STATUS_FILLS.good,
  in_progress: null,
  overdue: STATUS_FILLS.bad,
  upcoming: STATUS_FILLS.warning,
  planned: null,
};

/**
 * Builds «Дорожная карта: статус» from `context.results.roadmap` (see `buildRoadmapTabFrom`); when the results
 * have none although the dataset has a roadmap or meetings, one row says the status was not computed.
 */
export function buildRoadmapTab(context: TabContext): Tab {
  const { results, dataset } = context;
  const filledIn = (dataset.roadmap?.length ?? 0) > 0 || (dataset.meetings?.length ?? 0) > 0;
  if (results.roadmap === undefined && filledIn) return messageTab(ROADMAP_NOT_COMPUTED_MESSAGE);
  return buildRoadmapTabFrom(results.roadmap);
}

const BASE = { name: "Дорожная карта: статус", kind: "output", frozenRows: 1 } as const;

/** The tab as one warning-coloured row that says what to do. */
function messageTab(message: string): Tab {
  return {
    ...BASE,
    columns: itemColumns(undefined),
    rows: [[message, null, null, null, null, null, null]],
    rowFills: [STATUS_FILLS.warning],
  };
}

/**
 * Builds «Дорожная карта: статус»: one row per measure in the order of the roadmap status (overdue first, then
 * by deadline) with its dates, the responsible person and the status on `asOf`, coloured by status; below, the
 * warnings of the roadmap and of the working group (or «Замечаний нет»), the monitoring calendar and the
 * meetings with their quorum and decisions. Without a roadmap, one row says how to fill it in.
 */
export function buildRoadmapTabFrom(roadmap: RoadmapTabInput | undefined): Tab {
  if (roadmap === undefined) return messageTab(EMPTY_ROADMAP_MESSAGE);
  const rows: CellValue[][] = roadmap.items.map((item) => [
    item.title,
    ROADMAP_STATUS_LABELS[item.status],
    item.from,
    item.to,
    item.responsible ?? null,
    item.statusText,
    item.id,
  ]);
  const rowFills = roadmap.items.map((item) => ROADMAP_STATUS_FILLS[item.status]);
  if (rows.length === 0) {
    rows.push([NO_MEASURES_MESSAGE, null, null, null, null, null, null]);
    rowFills.push(STATUS_FILLS.warning);
  }
  return {
    ...BASE,
    columns: itemColumns(roadmap.asOf),
    rows,
    rowFills,
    frozenColumns: 1,
    autoFilter: roadmap.items.length > 0,
    sections: [warningsSection(roadmap), monitoringSection(roadmap), meetingsSection(roadmap)],
  };
}

/**
 * The measures' columns. Every table of the tab puts its wide text in the first two columns and its dates in the
 * third and fourth, because a sheet column has one width for all the tables stacked in it.
 */
function itemColumns(asOf: string | undefined): Column[] {
  return [
    { key: "title", header: "Мероприятие", format: "text", width: 50, wrap: true },
    {
      key: "status",
      header: asOf === undefined ? "Статус" : `Статус на ${formatRuDate(asOf)}`,
      note: "выполнено, выполнено с опозданием, в работе, просрочено, скоро начало (в ближайшие 30 дней) или запланировано — на дату расчёта, по времени территории.",
      format: "text",
      width: 36,
      wrap: true,
    },
    { key: "from", header: "Начало", format: "date", width: 12 },
    { key: "to", header: "Срок", format: "date", width: 12 },
    { key: "responsible", header: "Ответственный", format: "text", width: 28, wrap: true },
    { key: "statusText", header: "Подробно", format: "text", width: 30, wrap: true },
    {
      key: "id",
      header: "Код",
      note: "Код мероприятия на вкладке «Дорожная карта».",
      format: "text",
      width: 10,
    },
  ];
}

function warningsSection(roadmap: RoadmapTabInput): Section {
  const rows: CellValue[][] = [
    ...roadmap.warnings.map((w) => [w, "Дорожная карта"]),
    ...roadmap.workingGroup.warnings.map((w) => [w, "Рабочая группа"]),
  ];
  const rowFills: (HexColour | null)[] = rows.map(() => STATUS_FILLS.bad);
  if (rows.length === 0) {
    rows.push(["Замечаний нет", ""]);
    rowFills.push(STATUS_FILLS.good);
  }
  return {
    key: "warnings",
    title: `Предупреждения на ${formatRuDate(roadmap.asOf)}`,
    columns: [
      { key: "warning", header: "Предупреждение", format: "text", width: 50, wrap: true },
      { key: "source", header: "Раздел", format: "text", width: 16 },
    ],
    rows,
    rowFills,
  };
}

function monitoringSection(roadmap: RoadmapTabInput): Section {
  return {
    key: "monitoring",
    title: "Календарь мониторинга",
    columns: [
      { key: "stage", header: "Этап мониторинга", format: "text", width: 50, wrap: true },
      { key: "state", header: "Состояние", format: "text", width: 36, wrap: true },
      { key: "start", header: "Начало", format: "date", width: 12 },
      { key: "end", header: "Окончание", format: "date", width: 12 },
    ],
    rows: roadmap.monitoring.map((m) => [m.name, m.text, m.start, m.end]),
    rowFills: roadmap.monitoring.map((m) => (m.status === "current" ? STATUS_FILLS.warning : null)),
  };
}

function meetingsSection(roadmap: RoadmapTabInput): Section {
  const meetings = roadmap.workingGroup.meetings;
  const rows: CellValue[][] = meetings.map((m) => [
    m.decisions.length === 0
      ? "Решений не записано"
      : m.decisions.map((d) => `${d.title}: ${d.text}`).join("\n"),
    m.quorumText,
    m.date,
  ]);
  const rowFills: (HexColour | null)[] = meetings.map((m) => (m.quorum ? null : STATUS_FILLS.bad));
  if (rows.length === 0) {
    rows.push(["Заседаний рабочей группы не было", "", null]);
    rowFills.push(STATUS_FILLS.warning);
  }
  return {
    key: "meetings",
    title: "Заседания рабочей группы",
    columns: [
      { key: "decisions", header: "Решения", format: "text", width: 50, wrap: true },
      { key: "quorum", header: "Кворум", format: "text", width: 36, wrap: true },
      { key: "date", header: "Дата заседания", format: "date", width: 12 },
    ],
    rows,
    rowFills,
  };
}
