// The workbook the functions publish for a sample territory of any size, and how to read back what a coordinator sees.
import { DateTime } from "luxon";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";
import { sheetsColour } from "../../functions/src/sheets/google/batch-requests.js";
import type { HexColour, Tab, Workbook } from "../../functions/src/sheets/workbook-model.js";
import { layoutTab } from "../../functions/src/sheets/workbook-model.js";
import type { FakeSheetsServer } from "../support/fake-sheets-server.js";

/** The published workbook (with an empty «Ошибки») of a seeded sample territory of `schools` schools. */
export function sampleWorkbook(schools: number, seed: number | string = 2026): Workbook {
  const generated = generateSampleTerritory({ schools, years: 3, seed });
  const checked = parseDataset(generated);
  if (!checked.success) throw new Error("sample dataset refused");
  const computed = computeResults(checked.data.dataset, checked.data.settings, {
    asOf: DateTime.fromISO("2026-03-02", { zone: "Europe/Moscow" }),
  });
  if (!computed.success) throw new Error(computed.error.message);
  return buildWorkbook(computed.data, checked.data.dataset, { rejected: [] });
}

type Colour = { red?: number; green?: number; blue?: number };

/** Google's formula of our colour rules: `=$I2="text"` (see `equalsFormula`). */
const EQUALS = /^=\$([A-Z]+)(\d+)="((?:[^"]|"")*)"$/;

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * Reads the backgrounds a coordinator sees on a tab: for a cell, the first conditional-format rule of the tab
 * whose range holds the cell and whose formula is true there (rules apply in list order, as Google documents:
 * https://developers.google.com/workspace/sheets/api/guides/conditional-format), else the cell's own fill.
 * Only the rules this writer makes are understood; another formula fails the test.
 */
export function backgroundReader(
  server: FakeSheetsServer,
  spreadsheetId: string,
  title: string,
): (row: number, column: number) => Colour | undefined {
  const sheet = server.spreadsheets.get(spreadsheetId)?.sheets.find((s) => s.properties.title === title);
  if (!sheet) throw new Error(`no tab ${title}`);
  const values = server.values(spreadsheetId, title);
  const rules = (
    sheet.conditionalFormats as {
      ranges: Record<string, number>[];
      booleanRule: {
        condition: { values: { userEnteredValue: string }[] };
        format: { backgroundColor: Colour };
      };
    }[]
  ).map((rule) => {
    const formula = rule.booleanRule.condition.values[0]?.userEnteredValue ?? "";
    const match = EQUALS.exec(formula);
    if (!match?.[1] || !match[2] || match[3] === undefined)
      throw new Error(`unexpected rule formula ${formula}`);
    return {
      range: rule.ranges[0] ?? {},
      column: columnIndex(match[1]),
      firstRow: Number(match[2]) - 1,
      // Sheets compares text ignoring letter case.
      text: match[3].replaceAll('""', '"').toLocaleLowerCase("ru"),
      colour: rule.booleanRule.format.backgroundColor,
    };
  });
  return (row, column) => {
    for (const rule of rules) {
      const { range } = rule;
      const inside =
        row >= (range.startRowIndex ?? 0) &&
        row < (range.endRowIndex ?? Number.MAX_SAFE_INTEGER) &&
        column >= (range.startColumnIndex ?? 0) &&
        column < (range.endColumnIndex ?? Number.MAX_SAFE_INTEGER);
      if (!inside) continue;
      const cell = values[rule.firstRow + (row - (range.startRowIndex ?? 0))]?.[rule.column] ?? "";
      if (String(cell).toLocaleLowerCase("ru") === rule.text) return rule.colour;
    }
    return server.cell(spreadsheetId, title, row, column)?.background;
  };
}

/** Every (row, expected fill) of the tab's tables that the model colours, as grid rows. */
export function modelFills(tab: Tab): { row: number; fill: HexColour | null }[] {
  const layouts = layoutTab(tab);
  const tables = [tab, ...(tab.sections ?? [])];
  const out: { row: number; fill: HexColour | null }[] = [];
  tables.forEach((table, i) => {
    const layout = layouts[i];
    if (!layout || !table.rowFills) return;
    table.rowFills.forEach((fill, r) => {
      out.push({ row: layout.firstDataRow + r, fill });
    });
  });
  return out;
}

/** The `Color` the writer sends for a model fill, or undefined for none. */
export function expectedColour(fill: HexColour | null): Colour | undefined {
  if (fill === null) return undefined;
  const { red, green, blue } = sheetsColour(fill);
  return { red: red ?? 0, green: green ?? 0, blue: blue ?? 0 };
}
