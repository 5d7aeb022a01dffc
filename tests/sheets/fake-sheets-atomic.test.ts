// The fake Sheets endpoint applies a batchUpdate whole or not at all, as Google's does: the writer's tests rely on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSheetsServer, startFakeSheetsServer } from "../support/fake-sheets-server.js";

let server: FakeSheetsServer;
beforeAll(async () => {
  server = await startFakeSheetsServer();
});
afterAll(async () => {
  await server?.close();
});

/** An updateCells that writes one text into a tab's first cell. */
const write = (sheetId: number, text: string) => ({
  updateCells: {
    start: { sheetId, rowIndex: 0, columnIndex: 0 },
    fields: "userEnteredValue",
    rows: [{ values: [{ userEnteredValue: { stringValue: text } }] }],
  },
});

async function batch(spreadsheetId: string, requests: unknown[]): Promise<number> {
  const response = await fetch(`${server.rootUrl}v4/spreadsheets/${spreadsheetId}:batchUpdate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ requests }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("a batchUpdate with one bad request", () => {
  it("changes nothing: neither the cells written before the bad request nor the tabs added", async () => {
    server.addSpreadsheet("atomic", ["Лист1", "Школы"]);
    expect(await batch("atomic", [write(0, "было")])).toBe(200);
    const before = structuredClone(server.spreadsheets.get("atomic"));

    const status = await batch("atomic", [
      write(0, "стало"),
      { addSheet: { properties: { title: "Новая" } } },
      write(424242, "нет такой вкладки"),
    ]);

    expect(status).toBe(400);
    expect(server.values("atomic", "Лист1")[0]?.[0]).toBe("было");
    expect(server.spreadsheets.get("atomic")?.sheets.map((s) => s.properties.title)).toEqual([
      "Лист1",
      "Школы",
    ]);
    expect(server.spreadsheets.get("atomic")).toStrictEqual(before);
  });

  it("and the same batch without the bad request is applied whole", async () => {
    server.addSpreadsheet("whole", ["Лист1"]);
    expect(await batch("whole", [write(0, "стало"), { addSheet: { properties: { title: "Новая" } } }])).toBe(
      200,
    );
    expect(server.values("whole", "Лист1")[0]?.[0]).toBe("стало");
    expect(server.spreadsheets.get("whole")?.sheets.map((s) => s.properties.title)).toEqual([
      "Лист1",
      "Новая",
    ]);
  });
});
