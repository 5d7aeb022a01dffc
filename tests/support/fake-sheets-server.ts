// A local HTTP stand-in for the two Sheets REST endpoints the writer uses, recording every request.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the real client sent it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v4/spreadsheets/abc:batchUpdate`. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
  /** The status the fake answered with. */
  status: number;
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
}

/** The fake's idea of one spreadsheet: tabs with protections and charts (cell contents are not kept). */
export interface FakeSpreadsheet {
  spreadsheetId: string;
  sheets: FakeSheet[];
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
  close(): Promise<void>;
}

class BadRequest extends Error {}

/** Starts the fake on a free loopback port. */
export async function startFakeSheetsServer(): Promise<FakeSheetsServer> {
  const requests: RecordedRequest[] = [];
  const spreadsheets = new Map<string, FakeSpreadsheet>();
  const scripted: ScriptedResponse[] = [];
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
      })),
    };
    spreadsheets.set(spreadsheetId, sheet);
    return sheet;
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const text = await readBody(req);
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
      status: 0,
    };
    requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(payload));
    };
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
      send(200, structuredClone({ spreadsheetId: spreadsheet.spreadsheetId, sheets: spreadsheet.sheets }));
      return;
    }
    if (record.method === "POST" && match[2]) {
      try {
        // Apply on a copy: like the real API, a batch with one bad request changes nothing.
        const draft = structuredClone(spreadsheet);
        const replies = applyBatch(draft, body, () => nextId++);
        spreadsheets.set(draft.spreadsheetId, draft);
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
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

/** Applies the structural effects of a batch and checks every sheetId it references exists by then. */
function applyBatch(draft: FakeSpreadsheet, body: unknown, newId: () => number): unknown[] {
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
        };
        draft.sheets.push(sheet);
        return { addSheet: { properties: sheet.properties } };
      }
      case "updateSheetProperties": {
        const properties = asObject(payload.properties, where);
        const sheet = sheetById(properties.sheetId, where);
        if (typeof payload.fields !== "string" || payload.fields === "")
          throw new BadRequest(`${where}: fields required`);
        const grid = asObject(properties.gridProperties ?? {}, where);
        Object.assign(sheet.properties.gridProperties, grid);
        const { rowCount, frozenRowCount } = sheet.properties.gridProperties;
        if (
          typeof rowCount === "number" &&
          typeof frozenRowCount === "number" &&
          frozenRowCount >= rowCount
        ) {
          throw new BadRequest(`${where}: You can't freeze all visible rows on the sheet.`);
        }
        return {};
      }
      case "updateCells":
      case "repeatCell": {
        const range = asObject(payload.range ?? asObject(payload.start ?? {}, where), where);
        sheetById(range.sheetId, where);
        if (typeof payload.fields !== "string" || payload.fields === "")
          throw new BadRequest(`${where}: fields required`);
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
