// A local HTTP stand-in for the two Sheets REST endpoints the writer uses, recording every request and keeping cell contents.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the real client sent it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v4/spreadsheets/abc:batchUpdate`. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** The parsed JSON body (null for a body refused as too large). */
  body: unknown;
  /** Size of the body as received, bytes. */
  bodyBytes: number;
  /** The fake's clock when the request arrived (see `FakeSheetsOptions.now`). */
  at: number;
  /** The status the fake answered with. */
  status: number;
}

/**
 * Google's front end refuses larger bodies before the API sees them, with this error (400 INVALID_ARGUMENT),
 * e.g. https://github.com/googleworkspace/dotnet-samples/issues/23.
 */
export const PAYLOAD_LIMIT_BYTES = 10_485_760;
export const PAYLOAD_LIMIT_MESSAGE = `Request payload size exceeds the limit: ${PAYLOAD_LIMIT_BYTES} bytes.`;

/** What the fake keeps of one cell. */
export interface FakeCell {
  value?: string | number | boolean;
  note?: string;
  background?: { red?: number; green?: number; blue?: number };
}

/** A canned answer for the next matching request (scripted failures). */
export interface ScriptedResponse {
  status: number;
  /** Only requests with this method consume the entry; any method when omitted. */
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: unknown;
}

interface FakeSheet {
  properties: { sheetId: number; title: string; index: number; gridProperties: Record<string, unknown> };
  protectedRanges: { protectedRangeId: number; range: Record<string, unknown>; description?: string }[];
  charts: { chartId: number; spec?: unknown }[];
  conditionalFormats: Record<string, unknown>[];
}

/** The fake's idea of one spreadsheet: tabs with protections, charts, colour rules, and cells by sheet id. */
export interface FakeSpreadsheet {
  spreadsheetId: string;
  sheets: FakeSheet[];
  /** Cells per sheet id, `[row][column]`; never part of a `get` answer (the writer asks for no cell data). */
  cells: Record<number, (FakeCell | undefined)[][]>;
}

/** Options of the fake. */
export interface FakeSheetsOptions {
  /** The clock stamped on each recorded request (`at`); `Date.now` by default. */
  now?: () => number;
}

/** A running fake server. */
export interface FakeSheetsServer {
  /** Pass as `rootUrl` to the real client. */
  rootUrl: string;
  requests: RecordedRequest[];
  spreadsheets: Map<string, FakeSpreadsheet>;
  /** Queues canned answers consumed in order by matching requests (e.g. 429 twice, then normal). */
  script(...responses: ScriptedResponse[]): void;
  /** Creates a spreadsheet with the given tab titles (as Forms or a coordinator would have made them). */
  addSpreadsheet(spreadsheetId: string, titles?: readonly string[]): FakeSpreadsheet;
  /** Recorded `batchUpdate` calls only. */
  writes(): RecordedRequest[];
  /** Copies a spreadsheet with everything in it under another id (a fixture state reused by several tests). */
  copySpreadsheet(fromId: string, toId: string): void;
  /** Fails the `n`-th `batchUpdate` from now (1 = the next one) with `status` (500 by default). */
  failNthWrite(n: number, status?: number): void;
  /** A tab's cell values as stored, `[row][column]`, blank cells as null. */
  values(spreadsheetId: string, title: string): (string | number | boolean | null)[][];
  /** One cell as stored (value, note, background). */
  cell(spreadsheetId: string, title: string, row: number, column: number): FakeCell | undefined;
  close(): Promise<void>;
}

class BadRequest extends Error {}

/** Starts the fake on a free loopback port. */
export async function startFakeSheetsServer(options: FakeSheetsOptions = {}): Promise<FakeSheetsServer> {
  const now = options.now ?? Date.now;
  const requests: RecordedRequest[] = [];
  const spreadsheets = new Map<string, FakeSpreadsheet>();
  const scripted: ScriptedResponse[] = [];
  const failures: { remaining: number; status: number }[] = [];
  let nextId = 1_000_000;

  const addSpreadsheet = (spreadsheetId: string, titles: readonly string[] = ["Лист1"]): FakeSpreadsheet => {
    const sheet: FakeSpreadsheet = {
      spreadsheetId,
      sheets: titles.map((title, index) => ({
        properties: {
          sheetId: index === 0 ? 0 : nextId++,
          title,
          index,
          gridProperties: { rowCount: 1000, columnCount: 26 },
        },
        protectedRanges: [],
        charts: [],
        conditionalFormats: [],
      })),
      cells: {},
    };
    spreadsheets.set(spreadsheetId, sheet);
    return sheet;
  };

  const sheetOf = (spreadsheetId: string, title: string) => {
    const spreadsheet = spreadsheets.get(spreadsheetId);
    const sheet = spreadsheet?.sheets.find((s) => s.properties.title === title);
    if (!spreadsheet || !sheet) throw new Error(`no tab «${title}» in ${spreadsheetId}`);
    return spreadsheet.cells[sheet.properties.sheetId] ?? [];
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const raw = await readBody(req);
    const tooLarge = raw.length > PAYLOAD_LIMIT_BYTES;
    const text = tooLarge ? "" : raw.toString("utf8");
    let body: unknown = null;
    if (text !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const record: RecordedRequest = {
      method: req.method ?? "",
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body,
      bodyBytes: raw.length,
      at: now(),
      status: 0,
    };
    requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (tooLarge) {
      send(400, { error: { code: 400, message: PAYLOAD_LIMIT_MESSAGE, status: "INVALID_ARGUMENT" } });
      return;
    }
    const isWrite = record.method === "POST" && record.path.endsWith(":batchUpdate");
    if (isWrite && failures.length > 0) {
      for (const f of failures) f.remaining -= 1;
      const due = failures.findIndex((f) => f.remaining === 0);
      if (due >= 0) {
        const [failure] = failures.splice(due, 1);
        send(failure?.status ?? 500, googleError(failure?.status ?? 500, "scripted failure of this write"));
        return;
      }
    }
    const cannedIndex = scripted.findIndex((s) => s.method === undefined || s.method === record.method);
    if (cannedIndex >= 0) {
      const [canned] = scripted.splice(cannedIndex, 1);
      if (canned) {
        send(canned.status, canned.body ?? googleError(canned.status, "scripted failure"), canned.headers);
        return;
      }
    }
    const match = /^\/v4\/spreadsheets\/([^/:]+)(:batchUpdate)?$/.exec(record.path);
    const spreadsheet = match?.[1] === undefined ? undefined : spreadsheets.get(match[1]);
    if (!match || !spreadsheet) {
      send(404, googleError(404, "Requested entity was not found."));
      return;
    }
    if (record.method === "GET" && !match[2]) {
      // Everything but the cells, as for the writer's `fields` (no grid data).
      send(200, structuredClone({ spreadsheetId: spreadsheet.spreadsheetId, sheets: spreadsheet.sheets }));
      return;
    }
    if (record.method === "POST" && match[2]) {
      try {
        // Apply on a copy: like the real API, a batch with one bad request changes nothing.
        const draft = draftOf(spreadsheet);
        const replies = applyBatch(draft, body, () => nextId++);
        spreadsheets.set(draft.spreadsheetId, {
          spreadsheetId: draft.spreadsheetId,
          sheets: draft.sheets,
          cells: draft.cells,
        });
        send(200, { spreadsheetId: draft.spreadsheetId, replies });
      } catch (error) {
        if (!(error instanceof BadRequest)) throw error;
        send(400, googleError(400, error.message));
      }
      return;
    }
    send(404, googleError(404, "Not found"));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    rootUrl: `http://127.0.0.1:${port}/`,
    requests,
    spreadsheets,
    script: (...responses) => {
      scripted.push(...responses);
    },
    addSpreadsheet,
    writes: () => requests.filter((r) => r.method === "POST" && r.path.endsWith(":batchUpdate")),
    copySpreadsheet: (fromId, toId) => {
      const from = spreadsheets.get(fromId);
      if (!from) throw new Error(`no spreadsheet ${fromId}`);
      spreadsheets.set(toId, { ...structuredClone(from), spreadsheetId: toId });
    },
    failNthWrite: (n, status = 500) => {
      failures.push({ remaining: n, status });
    },
    values: (spreadsheetId, title) =>
      sheetOf(spreadsheetId, title).map((row) => Array.from(row ?? [], (c) => c?.value ?? null)),
    cell: (spreadsheetId, title, row, column) => sheetOf(spreadsheetId, title)[row]?.[column],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function googleError(code: number, message: string): unknown {
  const status =
    code === 429
      ? "RESOURCE_EXHAUSTED"
      : code >= 500
        ? "UNAVAILABLE"
        : code === 404
          ? "NOT_FOUND"
          : "INVALID_ARGUMENT";
  return { error: { code, message, status } };
}

type Json = Record<string, unknown>;

const asObject = (value: unknown, what: string): Json => {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new BadRequest(`${what}: object expected`);
  return value as Json;
};

/** A spreadsheet a batch may change while the stored one stays as it was, until the batch has succeeded. */
interface Draft extends FakeSpreadsheet {
  /** A tab's rows, copied from the stored state the first time the batch changes them. */
  writableCells(sheetId: number): (FakeCell | undefined)[][];
}

/**
 * A copy of everything but the cells, which are copied tab by tab as the batch writes them: a cell is never changed
 * in place, only replaced, so the copied rows may share the stored cells. A deep copy of every cell per batch made
 * the 5,000-school publish of tests/sheets/sheets-publish-size.test.ts spend most of its time cloning.
 */
function draftOf(spreadsheet: FakeSpreadsheet): Draft {
  const cells: FakeSpreadsheet["cells"] = { ...spreadsheet.cells };
  const copied = new Set<number>();
  return {
    spreadsheetId: spreadsheet.spreadsheetId,
    sheets: structuredClone(spreadsheet.sheets),
    cells,
    writableCells: (sheetId) => {
      if (!copied.has(sheetId)) {
        copied.add(sheetId);
        // map and slice keep the holes of sparse rows, as a deep copy does
        cells[sheetId] = (cells[sheetId] ?? []).map((row) => row?.slice());
      }
      return cells[sheetId] as (FakeCell | undefined)[][];
    },
  };
}

/** Applies the structural effects of a batch and checks every sheetId it references exists by then. */
function applyBatch(draft: Draft, body: unknown, newId: () => number): unknown[] {
  const requests = asObject(body, "body").requests;
  if (!Array.isArray(requests) || requests.length === 0) throw new BadRequest("requests: must not be empty");
  const sheetById = (id: unknown, where: string): FakeSheet => {
    const sheetId = id === undefined ? 0 : id;
    const found = draft.sheets.find((s) => s.properties.sheetId === sheetId);
    if (!found) throw new BadRequest(`${where}: No grid with id: ${String(sheetId)}`);
    return found;
  };
  return requests.map((raw, i) => {
    const request = asObject(raw, `requests[${i}]`);
    const kinds = Object.keys(request);
    if (kinds.length !== 1) throw new BadRequest(`requests[${i}]: exactly one kind expected`);
    const kind = kinds[0] as string;
    const payload = asObject(request[kind], `requests[${i}].${kind}`);
    const where = `requests[${i}].${kind}`;
    switch (kind) {
      case "addSheet": {
        const properties = asObject(payload.properties, where);
        const title = String(properties.title);
        if (draft.sheets.some((s) => s.properties.title === title)) {
          throw new BadRequest(`${where}: A sheet with the name "${title}" already exists.`);
        }
        const sheetId = typeof properties.sheetId === "number" ? properties.sheetId : newId();
        if (draft.sheets.some((s) => s.properties.sheetId === sheetId))
          throw new BadRequest(`${where}: duplicate sheetId ${sheetId}`);
        const sheet: FakeSheet = {
          properties: {
            sheetId,
            title,
            index: typeof properties.index === "number" ? properties.index : draft.sheets.length,
            gridProperties: {
              rowCount: 1000,
              columnCount: 26,
              ...asObject(properties.gridProperties ?? {}, where),
            },
          },
          protectedRanges: [],
          charts: [],
          conditionalFormats: [],
        };
        draft.sheets.push(sheet);
        return { addSheet: { properties: sheet.properties } };
      }
      case "updateSheetProperties": {
        const properties = asObject(payload.properties, where);
        const sheet = sheetById(properties.sheetId, where);
        if (typeof payload.fields !== "string" || payload.fields === "")
          throw new BadRequest(`${where}: fields required`);
        if (typeof properties.title === "string") {
          const title = properties.title;
          if (draft.sheets.some((s) => s !== sheet && s.properties.title === title))
            throw new BadRequest(`${where}: A sheet with the name "${title}" already exists.`);
          sheet.properties.title = title;
        }
        const grid = asObject(properties.gridProperties ?? {}, where);
        Object.assign(sheet.properties.gridProperties, grid);
        const { rowCount, columnCount, frozenRowCount } = sheet.properties.gridProperties;
        if (
          typeof rowCount === "number" &&
          typeof frozenRowCount === "number" &&
          frozenRowCount >= rowCount
        ) {
          throw new BadRequest(`${where}: You can't freeze all visible rows on the sheet.`);
        }
        // A smaller grid drops the cells outside it, as deleting rows and columns does.
        const cells = draft.writableCells(sheet.properties.sheetId);
        if (typeof rowCount === "number") cells.length = Math.min(cells.length, rowCount);
        if (typeof columnCount === "number") {
          for (const row of cells) if (row) row.length = Math.min(row.length, columnCount);
        }
        return {};
      }
      case "updateCells": {
        const sheet = sheetById(asObject(payload.range ?? payload.start ?? {}, where).sheetId, where);
        if (typeof payload.fields !== "string" || payload.fields === "")
          throw new BadRequest(`${where}: fields required`);
        writeCells(draft, sheet, payload, where);
        return {};
      }
      case "repeatCell": {
        const range = asObject(payload.range, where);
        const sheet = sheetById(range.sheetId, where);
        if (typeof payload.fields !== "string" || payload.fields === "")
          throw new BadRequest(`${where}: fields required`);
        // Only fills are kept (number formats and wrapping are not).
        const background = (asObject(payload.cell ?? {}, where).userEnteredFormat as Json | undefined)
          ?.backgroundColor;
        if (payload.fields.includes("backgroundColor") && background && typeof background === "object") {
          const cells = draft.writableCells(sheet.properties.sheetId);
          for (let r = Number(range.startRowIndex ?? 0); r < Number(range.endRowIndex ?? 0); r++) {
            cells[r] ??= [];
            const row = cells[r] ?? [];
            for (let c = Number(range.startColumnIndex ?? 0); c < Number(range.endColumnIndex ?? 0); c++) {
              row[c] = { ...row[c], background: background as NonNullable<FakeCell["background"]> };
            }
          }
        }
        return {};
      }
      case "addConditionalFormatRule": {
        const rule = asObject(payload.rule, where);
        const ranges = rule.ranges;
        if (!Array.isArray(ranges) || ranges.length === 0) throw new BadRequest(`${where}: ranges required`);
        const sheet = sheetById(asObject(ranges[0], where).sheetId, where);
        const index = typeof payload.index === "number" ? payload.index : 0;
        if (index < 0 || index > sheet.conditionalFormats.length)
          throw new BadRequest(`${where}: index ${index} is out of range`);
        sheet.conditionalFormats.splice(index, 0, rule);
        return {};
      }
      case "deleteConditionalFormatRule": {
        const sheet = sheetById(payload.sheetId, where);
        const index = typeof payload.index === "number" ? payload.index : 0;
        if (index < 0 || index >= sheet.conditionalFormats.length)
          throw new BadRequest(
            `${where}: No conditional format on sheet ${String(payload.sheetId)} at index ${index}`,
          );
        sheet.conditionalFormats.splice(index, 1);
        return {};
      }
      case "setBasicFilter": {
        sheetById(asObject(asObject(payload.filter, where).range, where).sheetId, where);
        return {};
      }
      case "updateDimensionProperties": {
        sheetById(asObject(payload.range, where).sheetId, where);
        return {};
      }
      case "addProtectedRange": {
        const protectedRange = asObject(payload.protectedRange, where);
        const range = asObject(protectedRange.range, where);
        const sheet = sheetById(range.sheetId, where);
        const protectedRangeId = newId();
        sheet.protectedRanges.push({
          protectedRangeId,
          range,
          ...(typeof protectedRange.description === "string"
            ? { description: protectedRange.description }
            : {}),
        });
        return { addProtectedRange: { protectedRange: { ...protectedRange, protectedRangeId } } };
      }
      case "deleteEmbeddedObject": {
        const owner = draft.sheets.find((s) => s.charts.some((c) => c.chartId === payload.objectId));
        if (!owner) throw new BadRequest(`${where}: No object with id ${String(payload.objectId)}`);
        owner.charts = owner.charts.filter((c) => c.chartId !== payload.objectId);
        return {};
      }
      case "addChart": {
        const chart = asObject(payload.chart, where);
        const position = asObject(chart.position, where);
        const anchor = asObject(asObject(position.overlayPosition, where).anchorCell, where);
        const sheet = sheetById(anchor.sheetId, where);
        const chartId = typeof chart.chartId === "number" ? chart.chartId : newId();
        sheet.charts.push({ chartId, spec: chart.spec });
        return { addChart: { chart: { ...chart, chartId } } };
      }
      default:
        throw new BadRequest(`${where}: request kind not supported by the fake`);
    }
  });
}

/** The part of a `CellData` the fake keeps. */
function storedCell(
  data: Json,
  fields: readonly string[],
  before: FakeCell | undefined,
): FakeCell | undefined {
  const cell: FakeCell = { ...before };
  if (fields.includes("userEnteredValue")) {
    delete cell.value;
    const entered = data.userEnteredValue as Json | undefined;
    const value = entered?.stringValue ?? entered?.numberValue ?? entered?.boolValue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      cell.value = value;
  }
  if (fields.includes("note")) {
    delete cell.note;
    if (typeof data.note === "string") cell.note = data.note;
  }
  if (fields.includes("userEnteredFormat")) {
    delete cell.background;
    const background = (data.userEnteredFormat as Json | undefined)?.backgroundColor;
    if (background && typeof background === "object")
      cell.background = background as NonNullable<FakeCell["background"]>;
  }
  return Object.keys(cell).length === 0 ? undefined : cell;
}

/**
 * `updateCells` as the API applies it: with `range`, every cell of the range (unbounded sides: to the grid's
 * edge) gets the fields from the rows, so cells the rows do not cover are cleared; with `start`, only the
 * cells the rows carry are written. Writing outside the grid is refused, as by the API.
 */
function writeCells(draft: Draft, sheet: FakeSheet, payload: Json, where: string): void {
  const fields = String(payload.fields)
    .split(",")
    .map((f) => f.trim());
  const grid = sheet.properties.gridProperties;
  const rowCount = typeof grid.rowCount === "number" ? grid.rowCount : 1000;
  const columnCount = typeof grid.columnCount === "number" ? grid.columnCount : 26;
  const sheetId = sheet.properties.sheetId;
  const cells = draft.writableCells(sheetId);
  const rows = Array.isArray(payload.rows) ? (payload.rows as Json[]) : [];
  const range = payload.range as Json | undefined;
  const start = payload.start as Json | undefined;
  const top = Number(range?.startRowIndex ?? start?.rowIndex ?? 0);
  const left = Number(range?.startColumnIndex ?? start?.columnIndex ?? 0);
  if (top + rows.length > rowCount) {
    throw new BadRequest(
      `${where}: Range (rows ${top}..${top + rows.length}) exceeds grid limits. Max rows: ${rowCount}`,
    );
  }
  if (range) {
    const bottom = Math.min(Number(range.endRowIndex ?? rowCount), rowCount);
    const right = Math.min(Number(range.endColumnIndex ?? columnCount), columnCount);
    for (let r = top; r < bottom; r++) {
      const row = cells[r];
      if (!row) continue;
      for (let c = left; c < right; c++) row[c] = storedCell({}, fields, row[c]);
    }
  }
  rows.forEach((rowData, i) => {
    const values = Array.isArray(rowData.values) ? (rowData.values as Json[]) : [];
    if (left + values.length > columnCount) {
      throw new BadRequest(`${where}: Range exceeds grid limits. Max columns: ${columnCount}`);
    }
    cells[top + i] ??= [];
    const row = cells[top + i] as (FakeCell | undefined)[];
    values.forEach((data, j) => {
      row[left + j] = storedCell(data ?? {}, fields, row[left + j]);
    });
  });
}
