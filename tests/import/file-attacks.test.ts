// Files a careless or hostile district sends: a large UTF-8 CSV, ; each is read or refused in Russian, never a crash.
import { constants, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES } from "../../functions/src/contract/import-limits.js";
import { importFile } from "../../functions/src/import/import-file.js";
import { describeImportIssue } from "../../functions/src/import/import-issue.js";
import {
  MAX_ROW_XML_CHARS,
  MAX_SHEETS_XML_CHARS,
  MAX_XML_PART_BYTES,
  openXlsx,
} from "../../functions/src/import/xlsx-rows.js";
import { ZipError } from "../../functions/src/import/zip-archive.js";
import {
  type Cell,
  csvBytes,
  DEFAULT_TASKS,
  f1Rows,
  PARTICIPANTS,
  REGISTRY,
  xlsxBytes,
} from "./support/import-fixture.js";
import { type ZipPart, zipArchive, zipPart } from "./support/zip-writer.js";

const GIA_HEADER = [
  "Код ОО",
  "Наименование ОО",
  "Код участника",
  "Экзамен",
  "Предмет",
  "Дата экзамена",
  "Балл",
];

/**
 * A deflate stream of `head`, then `filler` repeated `times` times, then `tail`, built without holding the whole:
 * the filler is compressed once with a full flush (byte-aligned, dictionary reset) and the piece repeated.
 */
function bomb(head: string, filler: string, times: number, tail: string) {
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const repeat = Math.ceil((8 << 20) / filler.length);
  const piece = deflateRawSync(Buffer.from(filler.repeat(repeat)), flush);
  const pieceSize = repeat * filler.length;
  const data = Buffer.concat([
    deflateRawSync(Buffer.from(head), flush),
    ...Array.from({ length: times }, () => piece),
    deflateRawSync(Buffer.from(tail)),
  ]);
  return {
    data,
    size: (Buffer.byteLength(head) + pieceSize * times + Buffer.byteLength(tail)) % 2 ** 32,
    deflated: true,
  };
}

function workbook(parts: { sheet?: ZipPart; shared?: ZipPart }) {
  return zipArchive({
    "[Content_Types].xml": zipPart("<Types/>"),
    "xl/workbook.xml": zipPart(
      '<workbook xmlns:r="r"><sheets><sheet name="ГИА" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    "xl/_rels/workbook.xml.rels": zipPart(
      '<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://x/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    ),
    "xl/worksheets/sheet1.xml":
      parts.sheet ??
      zipPart('<worksheet><sheetData><row r="1"><c t="s"><v>0</v></c></row></sheetData></worksheet>'),
    "xl/sharedStrings.xml": parts.shared ?? zipPart("<sst><si><t>Код ОО</t></si></sst>"),
  });
}

function messages(outcome: Awaited<ReturnType<typeof importFile>>): string[] {
  return outcome.success ? [] : outcome.error.issues.map(describeImportIssue);
}

describe("a large CSV in UTF-8", () => {
  it("is read as UTF-8 wherever its first MiB ends, a Cyrillic letter cut in two included", async () => {
    const rows: Cell[][] = [GIA_HEADER];
    for (let i = 0; i < 12000; i++)
      rows.push([
        "500001",
        "МБОУ «СОШ № 1» села Кириллово",
        `A${i}`,
        "ЕГЭ",
        "Русский язык",
        "30.05.2025",
        50,
      ]);
    const base = csvBytes(rows);
    // Spaces after the BOM shift the text until byte 1,048,576 falls inside a two-byte letter.
    const pad = Array.from({ length: 60 }, (_, n) => n).find(
      (n) => ((base[(1 << 20) - n] ?? 0) & 0xc0) === 0x80,
    );
    if (pad === undefined) throw new Error("no letter at the first MiB's end");
    const bytes = new Uint8Array(base.length + pad);
    bytes.set(base.subarray(0, 3));
    bytes.fill(0x20, 3, 3 + pad);
    bytes.set(base.subarray(3), 3 + pad);
    expect((bytes[1 << 20] ?? 0) & 0xc0).toBe(0x80);
    const outcome = await importFile(bytes, "ege-2025.csv", { format: "auto", schools: REGISTRY });
    expect(messages(outcome)).toEqual([]);
    expect(outcome.success && outcome.data.facts).toEqual([
      {
        schoolId: "sch-1",
        year: "2024/2025",
        ege: [{ subject: "russian", participants: 12000, meanScore: 50, atLeast80: 0 }],
      },
    ]);
  });
});

describe("zip bombs in an .xlsx", () => {
  const REFUSED = /распаковывается в слишком большой объём/;

  it("reads shared strings of exactly the limit and refuses one byte more, in Russian, without a crash", async () => {
    const head = "<sst><si><t>Код ОО</t></si>";
    const tail = "</sst>";
    const fill = MAX_XML_PART_BYTES - Buffer.byteLength(head) - tail.length;
    const at = zipPart(head + " ".repeat(fill) + tail);
    const atLimit = await importFile(workbook({ shared: at }), "gia.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    // Read whole: the file is only not a known table.
    expect(messages(atLimit)).toEqual([
      "лист «ГИА»: вид файла не распознан: это не шаблон ШНОР-Монитора, не «Ф1 Индивидуальные результаты» ВПР из ФИС ОКО и не таблица ГИА (проверьте заголовки или укажите --format и --map)",
    ]);
    const past = zipPart(`${head}${" ".repeat(fill + 1)}${tail}`);
    const outcome = await importFile(workbook({ shared: past }), "gia.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(messages(outcome)).toEqual([expect.stringMatching(REFUSED)]);
  });

  it("refuses shared strings that unpack 13 MB (under the 32 MiB a request may carry) into 4 GiB", async () => {
    const shared = bomb("<sst>", "<si><t>Школа</t></si>", 512, "</sst>");
    expect(shared.data.length).toBeLessThan(16 << 20);
    const outcome = await importFile(workbook({ shared }), "gia.xlsx", { format: "auto", schools: REGISTRY });
    expect(messages(outcome)).toEqual([expect.stringMatching(REFUSED)]);
  });

  it("refuses a worksheet row that never ends, and reads a row just under the limit", async () => {
    const cells = '<c t="s"><v>0</v></c>';
    const under = zipPart(
      `<worksheet><sheetData><row r="1">${cells}${" ".repeat(MAX_ROW_XML_CHARS - 64)}</row></sheetData></worksheet>`,
    );
    const read = await importFile(workbook({ sheet: under }), "gia.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(messages(read)).toEqual([expect.stringMatching(/вид файла не распознан/)]);
    const sheet = bomb(
      '<worksheet><sheetData><row r="1">',
      '<c r="A1"/>',
      512,
      "</row></sheetData></worksheet>",
    );
    const outcome = await importFile(workbook({ sheet }), "gia.xlsx", { format: "auto", schools: REGISTRY });
    expect(messages(outcome)).toEqual([expect.stringMatching(REFUSED)]);
  });
});

describe("a workbook whose worksheets unpack to a flood of small valid rows", () => {
  // every row is valid, so no row limit stops it: only the total the sheets unpack to does
  const rows = Array.from({ length: 2_000 }, (_, i) => `<row r="${i + 1}"><c><v>${i}</v></c></row>`).join("");
  const xml = `<worksheet><sheetData>${rows}</sheetData></worksheet>`;
  const bytes = workbook({ sheet: zipPart(xml) });
  const readAll = async (limit: number) => {
    const book = await openXlsx(bytes, limit);
    let count = 0;
    for await (const _row of book.rows()) count++;
    return count;
  };

  it("reads every row when the sheets unpack to exactly the limit, and stops one character past it", async () => {
    expect(await readAll(xml.length)).toBe(2_000);
    const past = readAll(xml.length - 1);
    await expect(past).rejects.toBeInstanceOf(ZipError);
    await expect(past).rejects.toMatchObject({ fault: "too_large" });
  });

  it("sets the real limit far above what the largest import holds as real data, far below a bomb's gigabytes", () => {
    // real spreadsheet XML packs 10–20 to 1: the 32 MiB an import may carry unpacks to well under the limit
    expect(MAX_SHEETS_XML_CHARS).toBeGreaterThan(20 * MAX_IMPORT_BYTES);
    expect(MAX_SHEETS_XML_CHARS).toBeLessThanOrEqual(2 ** 30);
  });
});

describe("a Ф1 with task columns cut out or added", () => {
  const participants = PARTICIPANTS.slice(0, 5);

  it("refuses a Ф1 whose tasks add up to less than its maximum primary score, naming both sums", async () => {
    const cut = f1Rows(
      participants.map((p) => ({ ...p, tasks: p.tasks.slice(0, 3) })),
      { tasks: DEFAULT_TASKS.slice(0, 3), levels: ["Б", "Б", "П"] },
    );
    const outcome = await importFile(await xlsxBytes({ Ф1: cut }), "f1.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(messages(outcome)).toEqual([
      "лист «Ф1», строка 6: задания в заголовке дают в сумме 4 баллов, а максимальный первичный балл — 6: столбца какого-то задания нет (возможно, его удалили при правке); загрузите выгрузку из ФИС ОКО целиком",
    ]);
  });

  it("takes a Ф1 with a column more than its maximum (a task with alternatives), and one without the maximum row", async () => {
    const extra = f1Rows(participants, {
      tasks: [...DEFAULT_TASKS, "4 (1б)"],
      levels: ["Б", "Б", "П", "Б", "Б"],
    });
    const withExtra = await importFile(await xlsxBytes({ Ф1: extra }), "f1.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(messages(withExtra)).toEqual([]);
    const noMax = f1Rows(
      participants.map((p) => ({
        ...p,
        tasks: p.tasks.slice(0, 3),
        primary: Math.min(Number(p.primary), 4),
      })),
      {
        tasks: DEFAULT_TASKS.slice(0, 3),
        levels: ["Б", "Б", "П"],
        preamble: [
          ["Предмет", "Русский язык"],
          ["Дата", "15.04.2025"],
        ],
      },
    );
    const withoutMax = await importFile(await xlsxBytes({ Ф1: noMax }), "f1.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    expect(messages(withoutMax)).toEqual([]);
    expect(withoutMax.success && withoutMax.data.facts[0]?.vprTasks?.[0]?.maxScore).toBe(4);
  });
});

describe("a ГИА table with the school's cells merged or left blank", () => {
  it("refuses rows with a participant's result and no school, naming each, instead of dropping them", async () => {
    const rows: Cell[][] = [
      GIA_HEADER,
      ["500001", "МБОУ «СОШ № 1»", "A1", "ЕГЭ", "Русский язык", "30.05.2025", 85],
      [null, null, "A2", "ЕГЭ", "Русский язык", "30.05.2025", 70],
      [null, null, "A3", "ЕГЭ", "Русский язык", "30.05.2025", 60],
      ["500002", "МБОУ «СОШ № 2»", "B1", "ЕГЭ", "Русский язык", "30.05.2025", 20],
      [null, null, null, null, null, null, null, "примечание"],
    ];
    const outcome = await importFile(await xlsxBytes({ ЕГЭ: rows }), "ege.xlsx", {
      format: "auto",
      schools: REGISTRY,
    });
    const why =
      "в строке есть результат участника, но не указаны ни код, ни название ОО; если ячейки школы объединены, разъедините их и заполните код ОО в каждой строке";
    expect(messages(outcome)).toEqual([
      `лист «ЕГЭ», строка 3, столбец «Код ОО»: ${why}`,
      `лист «ЕГЭ», строка 4, столбец «Код ОО»: ${why}`,
    ]);
  });
});
