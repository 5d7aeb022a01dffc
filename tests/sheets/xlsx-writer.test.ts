// The .xlsx export read back with exceljs: what a coordinator sees when opening the file in Excel or LibreOffice.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATEGORY_LABELS } from "../../functions/src/contract/labels.js";
import { buildWorkbook } from "../../functions/src/sheets/build-workbook.js";
import { CATEGORY_FILLS } from "../../functions/src/sheets/category-fills.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import { hexToArgb } from "../../functions/src/sheets/workbook-model.js";
import { renderXlsxBuffer, writeXlsx } from "../../functions/src/sheets/xlsx-writer.js";
import { DATASET, LOW_RESULTS_REASON, LOW_RESULTS_REASON_2, RESULTS } from "./workbook-fixture.js";

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return book;
}

function sheet(book: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = book.getWorksheet(name);
  if (!found) throw new Error(`no worksheet ${name}`);
  return found;
}

/** Cell texts of a row, from column A to `width`. */
function rowValues(ws: ExcelJS.Worksheet, row: number, width: number): unknown[] {
  return Array.from({ length: width }, (_, i) => ws.getCell(row, i + 1).value ?? null);
}

/** 1-based column of a header in row `row`. */
function columnOf(ws: ExcelJS.Worksheet, header: string, row = 1): number {
  for (let c = 1; c <= ws.columnCount; c++) if (ws.getCell(row, c).value === header) return c;
  throw new Error(`no header ${header}`);
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return fill?.pattern === "solid" ? fill.fgColor?.argb : undefined;
}

describe("xlsx writer", () => {
  let book: ExcelJS.Workbook;
  beforeAll(async () => {
    book = await load(await renderXlsxBuffer(buildWorkbook(RESULTS, DATASET)));
  });

  it("has one worksheet per output tab, in order, each with its header row frozen", () => {
    expect(book.worksheets.map((w) => w.name)).toEqual([
      "Сводка",
      "Индексы",
      "ШНОР и ШНСУ",
      "Наставники",
      "Рекомендации",
      "Критерии результативности",
      "Дорожная карта — статус",
    ]);
    for (const ws of book.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    }
    expect(sheet(book, "Индексы").views[0]).toMatchObject({ xSplit: 1 });
  });

  it("writes «Индексы» with bold Russian headers, explanatory notes and filter buttons", () => {
    const ws = sheet(book, "Индексы");
    expect(rowValues(ws, 1, 7)).toEqual([
      "Школа",
      "Код школы",
      "Кластер",
      "ИСБ",
      "Индекс результатов",
      "Контекстный результат",
      "Место",
    ]);
    const isb = ws.getCell(1, columnOf(ws, "ИСБ"));
    expect(isb.font?.bold).toBe(true);
    expect(String(isb.note)).toContain("Индекс социального благополучия");
    expect(ws.autoFilter).toBe("A1:K7");
    expect(ws.getColumn(1).width).toBe(40);
  });

  it("keeps index values as numbers shown with one decimal and ranks as whole numbers", () => {
    const ws = sheet(book, "Индексы");
    const schoolRow = 6; // s1 is fifth by rank
    expect(ws.getCell(schoolRow, 1).value).toBe("МБОУ СОШ № 1");
    const results = ws.getCell(schoolRow, columnOf(ws, "Индекс результатов"));
    expect(results.value).toBe(12.04);
    expect(results.numFmt).toBe("0.0");
    expect(ws.getCell(schoolRow, columnOf(ws, "ИСБ")).numFmt).toBe("0.0");
    expect(ws.getCell(schoolRow, columnOf(ws, "Контекстный результат")).value).toBe(-15.2);
    const rank = ws.getCell(schoolRow, columnOf(ws, "Место"));
    expect(rank.value).toBe(5);
    expect(rank.numFmt).toBe("0");
    // The school without a results index shows an empty cell, not zero.
    expect(ws.getCell(7, columnOf(ws, "Индекс результатов")).value).toBeNull();
  });

  it("colours each school row by its category and leaves unlisted schools white", () => {
    const ws = sheet(book, "Индексы");
    const lastColumn = ws.columnCount;
    expect(fillOf(ws.getCell(6, 1))).toBe(hexToArgb(CATEGORY_FILLS.lowResults));
    expect(fillOf(ws.getCell(6, lastColumn))).toBe(hexToArgb(CATEGORY_FILLS.lowResults));
    expect(fillOf(ws.getCell(2, 1))).toBe(hexToArgb(CATEGORY_FILLS.leader));
    expect(fillOf(ws.getCell(4, 1))).toBeUndefined(); // s6: no category
  });

  it("lists the ШНОР and ШНСУ schools with every reason on its own line", () => {
    const ws = sheet(book, "ШНОР и ШНСУ");
    const reasons = columnOf(ws, "Основания");
    const category = columnOf(ws, "Категория");
    expect(ws.getCell(2, 1).value).toBe("МБОУ СОШ № 1");
    expect(ws.getCell(2, category).value).toBe(CATEGORY_LABELS.lowResults);
    expect(ws.getCell(2, reasons).value).toBe(`${LOW_RESULTS_REASON}\n${LOW_RESULTS_REASON_2}`);
    expect(ws.getCell(2, reasons).alignment?.wrapText).toBe(true);
    expect(ws.getCell(2, columnOf(ws, "Динамика к прошлому году")).value).toBe(
      "Вошла в ШНОР/ШНСУ в этом году",
    );
    expect(fillOf(ws.getCell(2, reasons))).toBe(hexToArgb(CATEGORY_FILLS.lowResults));
    expect(ws.getCell(3, category).value).toBe(CATEGORY_LABELS.adverseSocial);
    expect(fillOf(ws.getCell(3, 1))).toBe(hexToArgb(CATEGORY_FILLS.adverseSocial));
    expect(ws.getColumn(reasons).width).toBe(70);
  });

  it("shows the KPIs on «Сводка» and, in place of the chart, says where it is and which cells it plots", () => {
    const ws = sheet(book, "Сводка");
    expect(rowValues(ws, 1, 2)).toEqual(["Показатель", "Значение"]);
    expect(rowValues(ws, 2, 2)).toEqual(["Территория", "Берёзовский муниципальный район"]);
    expect(rowValues(ws, 6, 2)).toEqual(["ШНОР (низкие результаты)", 1]);

    const note = String(ws.getCell("G1").value);
    expect(note).toContain("Google Таблице");
    const match = /«ИСБ» \(([A-Z]+)(\d+):[A-Z]+(\d+)\).*«Индекс результатов» \(([A-Z]+)\d+:[A-Z]+\d+\)/.exec(
      note,
    );
    if (!match) throw new Error(`the note names no ranges: ${note}`);
    const [, xColumn, first, last, yColumn] = match;
    const firstRow = Number(first);
    // The header above the named range is the column the note names, and the range holds the five plotted schools.
    expect(ws.getCell(`${xColumn}${firstRow - 1}`).value).toBe("ИСБ");
    expect(ws.getCell(`${yColumn}${firstRow - 1}`).value).toBe("Индекс результатов");
    expect(Number(last) - firstRow + 1).toBe(5);
    const plotted = Array.from({ length: 5 }, (_, i) => [
      ws.getCell(firstRow + i, 1).value,
      ws.getCell(`${xColumn}${firstRow + i}`).value,
      ws.getCell(`${yColumn}${firstRow + i}`).value,
    ]);
    expect(plotted).toContainEqual(["МБОУ СОШ № 1", 8.3, 12.04]);
    expect(ws.getCell(`${xColumn}${firstRow}`).numFmt).toBe("0.0");
  });

  describe("formats the model has for later tabs", () => {
    const model: Workbook = {
      title: "Проверка форматов",
      tabs: [
        {
          name: "Дорожная карта: статус",
          kind: "output",
          columns: [
            { key: "title", header: "Мероприятие", format: "text" },
            { key: "to", header: "Срок", format: "date" },
            { key: "share", header: "Доля", format: "percent" },
            { key: "done", header: "Выполнено", format: "boolean" },
            { key: "mean", header: "Средний балл", format: "decimal2" },
          ],
          rows: [["Совещание рабочей группы", "2025-09-01", 0.345, true, 3.456]],
          frozenRows: 1,
        },
      ],
    };

    it("writes dates as real dates, shares as percents and keeps booleans", async () => {
      // Excel allows no colon in a sheet name, so the tab keeps its words with a dash instead.
      const ws = sheet(await load(await renderXlsxBuffer(model)), "Дорожная карта — статус");
      const date = ws.getCell("B2");
      expect(date.numFmt).toBe("dd.mm.yyyy");
      // exceljs reads a date-formatted serial back as a Date: 45901 is 1 September 2025.
      expect(date.value instanceof Date ? date.value.toISOString().slice(0, 10) : date.value).toBe(
        "2025-09-01",
      );
      expect(ws.getCell("C2").value).toBe(0.345);
      expect(ws.getCell("C2").numFmt).toBe("0.0%");
      expect(ws.getCell("D2").value).toBe(true);
      expect(ws.getCell("E2").numFmt).toBe("0.00");
    });

    it("refuses a model whose rows do not match the header, instead of writing a shifted table", async () => {
      const broken: Workbook = {
        ...model,
        tabs: model.tabs.map((t) => ({ ...t, rows: [["только одна ячейка"]] })),
      };
      await expect(renderXlsxBuffer(broken)).rejects.toThrow(/row 0 has 1 cells, header has 5/);
    });
  });

  describe("writeXlsx", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "shnor-xlsx-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("writes a file that opens with the same tabs", async () => {
      const path = join(dir, "результаты.xlsx");
      await writeXlsx(buildWorkbook(RESULTS, DATASET), path);
      const fromFile = new ExcelJS.Workbook();
      await fromFile.xlsx.readFile(path);
      expect(fromFile.worksheets.map((w) => w.name)).toEqual([
        "Сводка",
        "Индексы",
        "ШНОР и ШНСУ",
        "Наставники",
        "Рекомендации",
        "Критерии результативности",
        "Дорожная карта — статус",
      ]);
      expect(fromFile.title).toBe("ШНОР-Монитор: Берёзовский муниципальный район, 2025/2026 учебный год");
    });
  });
});
