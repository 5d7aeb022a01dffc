// The streaming .xlsx reader against what Excel and LibreOffice write: every cell type, sparse rows, escapes, big sheets, 1904 dates.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { excelSerialDate } from "../../functions/src/import/cell-values.js";
import { openTableFile } from "../../functions/src/import/table-file.js";
import { openXlsx, type SheetRow } from "../../functions/src/import/xlsx-rows.js";
import { zipArchive, zipPart } from "./support/zip-writer.js";

/** A zip of texts (APPNOTE 4.3), each entry deflated unless `deflate` is false. */
function zip(entries: Record<string, string>, deflate = true): Uint8Array {
  return zipArchive(
    Object.fromEntries(Object.entries(entries).map(([name, text]) => [name, zipPart(text, deflate)])),
  );
}

function workbook(
  sheetXml: string,
  options: { shared?: string; date1904?: boolean } = {},
): Record<string, string> {
  return {
    "[Content_Types].xml": "<Types/>",
    "xl/workbook.xml": `<workbook xmlns:r="r">${options.date1904 ? '<workbookPr date1904="1"/>' : ""}<sheets><sheet name="Лист &amp; 1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels":
      '<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://x/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": `<worksheet><sheetData>${sheetXml}</sheetData><rowBreaks count="0"/></worksheet>`,
    ...(options.shared === undefined ? {} : { "xl/sharedStrings.xml": `<sst>${options.shared}</sst>` }),
  };
}

async function rows(bytes: Uint8Array): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const row of (await openXlsx(bytes)).rows()) out.push(row);
  return out;
}

describe("the .xlsx reader", () => {
  it("reads every cell type: shared and inline strings, formulas' text, numbers, booleans; errors and blanks are empty", async () => {
    const shared =
      '<si><t>Код участника</t></si><si><r><t>Рус</t></r><r><rPr/><t xml:space="preserve">ский </t></r><rPh><t>фонетика</t></rPh><r><t>язык</t></r></si>';
    const sheet = [
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>',
      '<row r="3" spans="1:5"><c r="A3" t="inlineStr"><is><t>9.1 (1б) &amp; &#1046;_x000D_</t></is></c><c r="B3" s="2"><v>45762</v></c>',
      '<c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="str"><f>A1</f><v>edu1</v></c><c r="F3"/></row>',
      "<row><c><v>1.5</v></c><c><v>-2</v></c></row>",
      '<row r="7"/>',
    ].join("");
    expect(await rows(zip(workbook(sheet, { shared })))).toEqual([
      { sheet: "Лист & 1", row: 1, cells: ["Код участника", null, "Русский язык"] },
      { sheet: "Лист & 1", row: 3, cells: ["9.1 (1б) & Ж\r", 45762, true, null, "edu1"] },
      { sheet: "Лист & 1", row: 4, cells: [1.5, -2] },
    ]);
  });

  it("reads a large deflated sheet chunk by chunk, rows split across chunks included", async () => {
    const body = Array.from(
      { length: 20_000 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>строка ${i}</t></is></c></row>`,
    ).join("");
    const read = await rows(zip(workbook(body)));
    expect(read).toHaveLength(20_000);
    expect(read[12_345]).toEqual({ sheet: "Лист & 1", row: 12_346, cells: [12_345, "строка 12345"] });
  });

  it("knows the 1904 date system of old Mac workbooks", async () => {
    const book = await openXlsx(
      zip(workbook('<row r="1"><c r="A1"><v>1</v></c></row>', { date1904: true }), false),
    );
    expect(book.date1904).toBe(true);
    expect(excelSerialDate(44300, true)).toBe("2025-04-15");
    expect(excelSerialDate(45762, false)).toBe("2025-04-15");
  });

  it("gives what exceljs gives for a workbook exceljs wrote", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Ф1");
    const data = [
      ["ВПР 2025", null, "Математика"],
      [1, 2.25, true, "текст с «кавычками» <и> &", -7],
      [null, null, null, "Б"],
    ];
    for (const row of data) ws.addRow(row);
    wb.addWorksheet("Второй").addRow(["a", 1]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect((await rows(bytes)).map((r) => [r.sheet, r.row, r.cells])).toEqual([
      ["Ф1", 1, ["ВПР 2025", null, "Математика"]],
      ["Ф1", 2, [1, 2.25, true, "текст с «кавычками» <и> &", -7]],
      ["Ф1", 3, [null, null, null, "Б"]],
      ["Второй", 1, ["a", 1]],
    ]);
  });

  it("tells a broken workbook, an old .xls and a text file apart by content, not by name", async () => {
    const good = zip(workbook('<row r="1"><c r="A1"><v>1</v></c></row>'));
    expect((await openTableFile(good.subarray(0, good.length - 30), "a.xlsx")).success).toBe(false);
    expect(await openTableFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), "a.xlsx")).toEqual({
      success: false,
      error: { code: "legacy_xls", detail: "" },
    });
    const csv = await openTableFile(new TextEncoder().encode("Код ОО;Балл\n1;2\n"), "data.xlsx");
    expect(csv.success && csv.data.kind).toBe("csv");
  });
});
