// Splits a workbook's publish into `batchUpdate` requests of at most 2 MB each, ordered so a failure leaves a visible mark.
import { FORMER_TAB_NAMES, type OutputTabName, type Tab, type Workbook } from "../workbook-model.js";
import {
  CELL_FIELDS,
  type ExistingSheet,
  finishRequests,
  gridRequest,
  protectionRequest,
  type Request,
  type RowData,
  stableSheetId,
  tabRows,
} from "./batch-requests.js";
import {
  BATCH_ENVELOPE_BYTES,
  batchBodyBytes,
  jsonBytes,
  listBytes,
  MAX_REQUEST_BODY_BYTES,
} from "./request-size.js";
import { markedHeaderRow } from "./updating-mark.js";

/** A tab with its cells built and sized once (the expensive part), ready to be planned against any spreadsheet. */
export interface PreparedTab {
  tab: Tab;
  rows: RowData[];
  rowBytes: number[];
}

/** Builds every tab's rows and their JSON sizes. */
export function prepareWorkbook(workbook: Workbook): PreparedTab[] {
  return workbook.tabs.map((tab) => {
    const rows = tabRows(tab);
    return { tab, rows, rowBytes: rows.map(jsonBytes) };
  });
}

export interface PlanOptions {
  /** The service account that publishes; the only editor of output tabs besides the owner. */
  editorEmail?: string | undefined;
  /** Largest body of one request; {@link MAX_REQUEST_BODY_BYTES} by default. */
  maxBodyBytes?: number | undefined;
}

/** The publish as a sequence of `batchUpdate` calls. */
export interface PublishPlan {
  /** The request lists of the calls, to be sent one after another in this order. */
  batches: Request[][];
  /** Exact size of each call's body in bytes. */
  bodyBytes: number[];
  /** Tabs the publish creates, with the ids chosen for them. */
  addedTabs: { title: string; sheetId: number }[];
  /** Tabs written over several calls: from the first to the last, A1 says «обновляется…». */
  markedTabs: string[];
}

/** Requests that must land in one call, with their JSON sizes. */
interface Unit {
  requests: Request[];
  bytes: number[];
}

/** The existing sheet of an output tab that still has one of its former names (see FORMER_TAB_NAMES). */
function formerSheet(name: string, byTitle: ReadonlyMap<string, ExistingSheet>): ExistingSheet | undefined {
  const formers = FORMER_TAB_NAMES[name as OutputTabName] ?? [];
  for (const old of formers) {
    const sheet = byTitle.get(old);
    if (sheet) return sheet;
  }
  return undefined;
}

/**
 * Plans the publish of `prepared` into a spreadsheet that has the `existing` tabs.
 *
 * Per tab, in the workbook's order: *setup* (the tab added if missing, its exact grid and frozen panes, the
 * protection of an output tab that lacks it), *cells* (one `updateCells` over the whole tab: what the rows
 * do not cover is cleared), *finish* (old colour rules and charts removed; number formats, colour rules,
 * widths, filter, charts — see `finishRequests`). Existing input tabs are never touched: they hold what the
 * coordinator typed.
 *
 * A tab whose requests fit in one call is one unit: a `batchUpdate` is applied atomically ("if any request is
 * not valid, the entire update fails and none of the changes are applied",
 * https://developers.google.com/workspace/sheets/api/guides/batch), so the tab is never seen half written.
 * A larger tab is split by rows: its first call carries the setup and the cells from row 0 with A1 replaced
 * by the «обновляется…» mark (clearing everything else), the next calls continue the rows, and its last call
 * writes the real header row — which clears the mark — together with the finish. A failure anywhere in
 * between leaves the mark in view, and the next publish (which starts from scratch) completes the tab.
 * Units are then packed, in order, into as few calls as fit under `maxBodyBytes`.
 */
export function planPublish(
  prepared: readonly PreparedTab[],
  existing: readonly ExistingSheet[],
  options: PlanOptions = {},
): PublishPlan {
  const capacity = (options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES) - BATCH_ENVELOPE_BYTES;
  const byTitle = new Map(existing.map((s) => [s.title, s]));
  const taken = new Set(existing.map((s) => s.sheetId));
  const addedTabs: PublishPlan["addedTabs"] = [];
  const markedTabs: string[] = [];
  const units: Unit[] = [];

  for (const { tab, rows, rowBytes } of prepared) {
    const former = byTitle.has(tab.name) ? undefined : formerSheet(tab.name, byTitle);
    const found = byTitle.get(tab.name) ?? former;
    if (found && tab.kind === "input") continue;
    const setup: Request[] = [];
    let sheetId: number;
    if (found) {
      sheetId = found.sheetId;
      // A tab under its old name is renamed, keeping its id, protection and place in the spreadsheet; "fields"
      // names what changes (https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets/request#updatesheetpropertiesrequest).
      if (former)
        setup.push({ updateSheetProperties: { properties: { sheetId, title: tab.name }, fields: "title" } });
    } else {
      sheetId = stableSheetId(tab.name, taken);
      taken.add(sheetId);
      addedTabs.push({ title: tab.name, sheetId });
      setup.push({ addSheet: { properties: { sheetId, title: tab.name } } });
    }
    setup.push(gridRequest(tab, sheetId));
    if (tab.kind === "output" && !found?.protectsWholeSheet) {
      setup.push(protectionRequest(sheetId, options.editorEmail));
    }
    const finish = finishRequests(tab, sheetId, found);

    const cells = cellsRequest({ range: { sheetId } }, rows, rowBytes);
    const whole: Unit = {
      requests: [...setup, cells.request, ...finish],
      bytes: [...setup.map(jsonBytes), cells.bytes, ...finish.map(jsonBytes)],
    };
    if (listBytes(whole.bytes) <= capacity) {
      units.push(whole);
    } else {
      markedTabs.push(tab.name);
      units.push(...splitTab(sheetId, setup, rows, rowBytes, finish, capacity));
    }
  }

  const batches: Unit[] = [];
  for (const unit of units) {
    const last = batches.at(-1);
    if (last && listBytes([...last.bytes, ...unit.bytes]) <= capacity) {
      last.requests.push(...unit.requests);
      last.bytes.push(...unit.bytes);
    } else {
      batches.push({ requests: [...unit.requests], bytes: [...unit.bytes] });
    }
  }
  return {
    batches: batches.map((b) => b.requests),
    bodyBytes: batches.map((b) => batchBodyBytes(b.bytes)),
    addedTabs,
    markedTabs,
  };
}

function unitOf(requests: Request[]): Unit {
  return { requests, bytes: requests.map(jsonBytes) };
}

/** An `updateCells` of these rows with its exact size, from the sizes of its rows (not serialising them again). */
function cellsRequest(
  where:
    | { range: { sheetId: number } }
    | { start: { sheetId: number; rowIndex: number; columnIndex: number } },
  rows: RowData[],
  rowBytes: readonly number[],
): { request: Request; bytes: number } {
  const request: Request = { updateCells: { ...where, rows: [], fields: CELL_FIELDS } };
  // The wrapper's `"rows":[]` already counts the brackets; the rows add themselves and their commas.
  const bytes = jsonBytes(request) + listBytes(rowBytes);
  if (request.updateCells) request.updateCells.rows = rows;
  return { request, bytes };
}

/**
 * The units of a tab too large for one call: setup + the first rows (row 0 being the marked header, the
 * range the whole tab, so everything else is cleared), then the following rows from where the previous
 * call stopped, and last the real header row with the finish.
 */
function splitTab(
  sheetId: number,
  setup: Request[],
  rows: RowData[],
  rowBytes: readonly number[],
  finish: Request[],
  capacity: number,
): Unit[] {
  const header = rows[0] ?? {};
  const marked = markedHeaderRow(header);
  const sequence = [marked, ...rows.slice(1)];
  const sequenceBytes = [jsonBytes(marked), ...rowBytes.slice(1)];

  const units: Unit[] = [];
  let current = unitOf([...setup]);
  for (let from = 0; from < sequence.length; ) {
    const where =
      from === 0 ? { range: { sheetId } } : { start: { sheetId, rowIndex: from, columnIndex: 0 } };
    const empty = cellsRequest(where, [], []).bytes;
    const base = listBytes([...current.bytes, empty]);
    let to = from;
    let added = 0;
    while (to < sequence.length) {
      const next = (sequenceBytes[to] ?? 0) + (to > from ? 1 : 0);
      // At least one row per call, even if alone it exceeds the limit (a row is at most a few hundred KB).
      if (to > from && base + added + next > capacity) break;
      added += next;
      to++;
    }
    const cells = cellsRequest(where, sequence.slice(from, to), sequenceBytes.slice(from, to));
    current.requests.push(cells.request);
    current.bytes.push(cells.bytes);
    units.push(current);
    current = unitOf([]);
    from = to;
  }

  // The header (clearing the mark) goes last, after the finish, in the same call as the finish's end.
  const closing = [
    ...finish,
    cellsRequest({ start: { sheetId, rowIndex: 0, columnIndex: 0 } }, [header], [jsonBytes(header)]).request,
  ];
  let last = units.at(-1) ?? unitOf([]);
  if (units.length === 0) units.push(last);
  for (const request of closing) {
    const bytes = jsonBytes(request);
    if (last.requests.length > 0 && listBytes([...last.bytes, bytes]) > capacity) {
      last = unitOf([]);
      units.push(last);
    }
    last.requests.push(request);
    last.bytes.push(bytes);
  }
  return units;
}
