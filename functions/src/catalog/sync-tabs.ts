// The coordinator's input tabs as the sheet gives them (header row first, Russian headers) → registry, settings, criteria, references, roadmap, meetings, pins, with row-level errors: the one entry point, each tab read by tab-reader.ts and parsed by its own file in tabs/.

import type { Meeting, Reference, RoadmapItem, School } from "../contract/dataset.js";
import type { CriteriaRow } from "../contract/identification-criteria.js";
import { COORDINATOR_TABS, type CoordinatorTab, type CoordinatorTabKind } from "./coordinator-tabs.js";
import { ErrorList, readTab, type SyncTabError, str, type TypedRow } from "./tab-reader.js";
import { type CalendarEntry, parseCalendar } from "./tabs/calendar-tab.js";
import { parseCriteria } from "./tabs/criteria-tab.js";
import { parseMeetings } from "./tabs/meetings-tab.js";
import { type PastOrderRow, parsePastOrders } from "./tabs/past-orders-tab.js";
import { type Pin, parsePins } from "./tabs/pins-tab.js";
import { parseReferences } from "./tabs/references-tab.js";
import { parseRoadmap } from "./tabs/roadmap-tab.js";
import { parseSchools } from "./tabs/schools-tab.js";
import { parseSettings } from "./tabs/settings-tab.js";

export type { SyncTabError } from "./tab-reader.js";
export type { CalendarEntry } from "./tabs/calendar-tab.js";
export type { PastOrderRow } from "./tabs/past-orders-tab.js";
export type { Pin } from "./tabs/pins-tab.js";

/**
 * What the tabs hold. A key is present only when its tab was sent and could be read (its header has every
 * required column); a tab that was not sent or not readable is left out, so a caller keeps what it had.
 * `methodology` is the nested overrides object (`{lowResults: {clusterShare: 0.25}}`), already checked.
 */
export interface SyncTabsData {
  schools?: School[];
  methodology?: Record<string, unknown>;
  /** «Критерии выявления»: the whole table, or absent while any row has an error (the stored one stays). */
  criteria?: CriteriaRow[];
  references?: Reference[];
  roadmap?: RoadmapItem[];
  meetings?: Meeting[];
  pins?: Pin[];
  calendar?: CalendarEntry[];
  pastOrders?: PastOrderRow[];
}

export interface SyncTabsResult {
  data: SyncTabsData;
  errors: SyncTabError[];
}

function isTable(value: unknown): value is readonly (readonly unknown[])[] {
  return Array.isArray(value);
}

/**
 * Parses the coordinator's input tabs, each as the sheet gives it (header row first). Cells are typed as
 * people type them (dates `01.09.2025` or `2025-09-01`, decimals with a comma, «Да»/«Нет»). A row with an
 * error is reported and left out; the good rows are kept («Школы», «Настройки» and «Критерии выявления» are taken
 * whole or not at all). Schools named on «Дорожная карта» and
 * «Закрепление пар» are checked against «Школы» when that tab is sent too. Never throws.
 */
export function parseSyncTabs(tabs: Readonly<Record<string, unknown>>): SyncTabsResult {
  const data: SyncTabsData = {};
  const errors: SyncTabError[] = [];
  const byKind = new Map<
    CoordinatorTabKind,
    { tab: CoordinatorTab; rows: readonly (readonly unknown[])[] }
  >();
  const known = COORDINATOR_TABS.map((t) => `«${t.name}»`).join(", ");
  if (tabs === null || typeof tabs !== "object" || Array.isArray(tabs)) {
    return { data, errors: [{ tab: "", row: 1, column: "", message: `ожидаются вкладки ${known}` }] };
  }
  for (const [name, rows] of Object.entries(tabs)) {
    const tab = COORDINATOR_TABS.find((t) => t.name === name.trim());
    if (!tab) {
      errors.push({ tab: name, row: 1, column: "", message: `неизвестная вкладка; ожидаются ${known}` });
      continue;
    }
    if (!isTable(rows)) {
      errors.push({
        tab: name,
        row: 1,
        column: "",
        message: "ожидается таблица: список строк, первая — заголовки",
      });
      continue;
    }
    byKind.set(tab.kind, { tab, rows });
  }
  const read = (kind: CoordinatorTabKind, blankAllowed?: ReadonlySet<string>) => {
    const entry = byKind.get(kind);
    if (!entry) return undefined;
    const out = new ErrorList(entry.tab);
    const rows = readTab(entry.tab, entry.rows, out, blankAllowed);
    return { rows, out };
  };
  const collect = <T>(
    kind: CoordinatorTabKind,
    parse: (rows: TypedRow[], out: ErrorList) => T,
    blankAllowed?: ReadonlySet<string>,
  ): T | undefined => {
    const tab = read(kind, blankAllowed);
    if (!tab) return undefined;
    const value = tab.rows ? parse(tab.rows, tab.out) : undefined;
    errors.push(...tab.out.errors);
    return value;
  };

  const schoolsTab = read("schools");
  let registry: Set<string> | undefined;
  if (schoolsTab?.rows) {
    const schools = parseSchools(schoolsTab.rows, schoolsTab.out);
    if (schools) data.schools = schools;
    // the codes as typed, bad rows' too: other tabs are checked against the schools the coordinator means
    registry = new Set(schoolsTab.rows.flatMap((r) => str(r.values.id) ?? []));
  }
  if (schoolsTab) errors.push(...schoolsTab.out.errors);
  const methodology = collect("settings", parseSettings);
  if (methodology) data.methodology = methodology;
  const criteria = collect("criteria", parseCriteria);
  if (criteria) data.criteria = criteria;
  // «Средний балл» is required of ЕГЭ and ОГЭ rows only; a ВПР row gives mark boundaries instead.
  const references = collect("references", parseReferences, new Set(["mean"]));
  if (references) data.references = references;
  const roadmap = collect("roadmap", (rows, out) => parseRoadmap(rows, out, registry));
  if (roadmap) data.roadmap = roadmap;
  const meetings = collect(
    "meetings",
    (rows, out) => parseMeetings(rows, out, registry),
    new Set(["members", "present"]),
  );
  if (meetings) data.meetings = meetings;
  const pins = collect("pins", (rows, out) => parsePins(rows, out, registry));
  if (pins) data.pins = pins;
  const calendar = collect("calendar", parseCalendar);
  if (calendar) data.calendar = calendar;
  const pastOrders = collect("pastOrders", (rows, out) => parsePastOrders(rows, out, registry));
  if (pastOrders) data.pastOrders = pastOrders;
  const order = (name: string) => COORDINATOR_TABS.findIndex((t) => t.name === name);
  errors.sort((a, b) => order(a.tab) - order(b.tab) || a.row - b.row);
  return { data, errors };
}
