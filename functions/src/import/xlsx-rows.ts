// An .xlsx workbook → its sheets' rows, one at a time: shared strings first, then each worksheet's XML scanned as it inflates.
import { StringDecoder } from "node:string_decoder";
import { listZipEntries, openZipEntry, readZipText, type ZipEntry, ZipError } from "./zip-archive.js";

/**
 * A cell as the file holds it: text, a number (dates are Excel serial numbers, see `excelSerialDate`), a
 * boolean, or null for an empty or error cell.
 */
export type CellValue = string | number | boolean | null;

/** One non-empty row of a sheet: `row` is the sheet's 1-based row number, `cells[i]` column i (A = 0). */
export interface SheetRow {
  sheet: string;
  row: number;
  cells: CellValue[];
}

/** The workbook's sheets in their tab order and the date system of its serial numbers. */
export interface XlsxWorkbook {
  sheets: string[];
  /** True when dates count from 1904 (old Mac Excel); serials then start four years later. */
  date1904: boolean;
  rows(): AsyncGenerator<SheetRow>;
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const ESCAPED = /_x([0-9A-Fa-f]{4})_/g;

/** XML text → string: entities (`&amp;`, `&#1234;`) and OOXML's `_x000D_` escapes of control characters. */
function decodeXml(text: string): string {
  let out = text;
  if (out.includes("&"))
    out = out.replace(
      ENTITY,
      (_, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
        dec !== undefined
          ? String.fromCodePoint(Number(dec))
          : hex !== undefined
            ? String.fromCodePoint(Number.parseInt(hex, 16))
            : (NAMED[name ?? ""] ?? ""),
    );
  if (out.includes("_x"))
    out = out.replace(ESCAPED, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return out;
}

const TEXT_RUN = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>/g;

/** The text of an `<si>` or `<is>` element: its `<t>` runs joined, phonetic hints (`<rPh>`) left out. */
function richText(xml: string): string {
  const plain = xml.includes("<rPh") ? xml.replace(PHONETIC, "") : xml;
  let text = "";
  for (const match of plain.matchAll(TEXT_RUN)) text += match[1] ?? "";
  return decodeXml(text);
}

/**
 * The most one part read whole (workbook.xml, its relationships, the shared strings) may unpack to: 64 MiB of XML
 * is about a million distinct texts, far above a Ф1 of 2,000 schools (a few MiB with every participant's name),
 * and keeps the part, its text and the strings within the function's 512 MiB.
 */
export const MAX_XML_PART_BYTES = 64 * 1024 * 1024;

/**
 * The most one worksheet row's XML may hold (characters): a Ф1 row is a few KiB. A longer one, or a row that
 * never closes, is what a zip bomb looks like, and scanning it again with every chunk would take minutes.
 */
export const MAX_ROW_XML_CHARS = 16 * 1024 * 1024;

/**
 * The most all worksheets of one workbook may unpack to (characters of XML). Real spreadsheet XML packs about 10 to
 * 20 to 1, so the 32 MiB an import may carry holds well under 1 GiB of it; past that the sheets are a zip bomb of
 * small valid rows, which would keep the function scanning until its timeout and hold the import's lease.
 */
export const MAX_SHEETS_XML_CHARS = 1024 * 1024 * 1024;

function sharedStrings(xml: string | undefined): string[] {
  if (xml === undefined) return [];
  const out: string[] = [];
  for (const match of xml.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) out.push(richText(match[1] ?? ""));
  return out;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeXml(match[1] ?? "") : undefined;
}

/** Sheet names in tab order with the archive path of each sheet's XML (ECMA-376 Part 1, §18.2.19–20). */
async function sheetParts(bytes: Uint8Array, entries: Map<string, ZipEntry>) {
  const workbook = await readZipText(bytes, entries, "xl/workbook.xml", MAX_XML_PART_BYTES);
  if (workbook === undefined) throw new ZipError("broken", "xl/workbook.xml missing");
  const rels = (await readZipText(bytes, entries, "xl/_rels/workbook.xml.rels", MAX_XML_PART_BYTES)) ?? "";
  const targets = new Map<string, string>();
  let sharedPath = "xl/sharedStrings.xml";
  for (const [tag] of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attribute(tag, "Id");
    const target = attribute(tag, "Target");
    if (id === undefined || target === undefined) continue;
    const path = target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
    targets.set(id, path);
    if ((attribute(tag, "Type") ?? "").endsWith("/sharedStrings")) sharedPath = path;
  }
  const sheets: { name: string; path: string }[] = [];
  for (const [tag] of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attribute(tag, "name") ?? "";
    const id = /\s[A-Za-z0-9]+:id="([^"]*)"/.exec(tag)?.[1];
    const path = id === undefined ? undefined : targets.get(id);
    if (path !== undefined && entries.has(path)) sheets.push({ name, path });
  }
  const date1904 = /<workbookPr\b[^>]*\sdate1904="(1|true)"/.test(workbook);
  return { sheets, sharedPath, date1904 };
}

/** `AB12` → 27 (0-based column of the reference). */
function columnIndex(reference: string): number {
  let n = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/** The value of ` name="…"` in a tag's attribute text (machine-written XML: one space before each attribute). */
function attr(attrs: string, name: string): string | undefined {
  const at = attrs.indexOf(` ${name}="`);
  if (at < 0) return undefined;
  const from = at + name.length + 3;
  return attrs.slice(from, attrs.indexOf('"', from));
}

/** The cell's value by its type `t` (ECMA-376 §18.18.11): shared string, inline, formula text, boolean, error, number. */
function cellValue(type: string, body: string, strings: readonly string[]): CellValue {
  if (type === "inlineStr") {
    const open = body.indexOf("<is>");
    return open < 0 ? null : richText(body.slice(open + 4, body.lastIndexOf("</is>")));
  }
  const open = body.indexOf("<v>");
  if (open < 0) return null;
  const raw = body.slice(open + 3, body.indexOf("</v>", open));
  switch (type) {
    case "s":
      return strings[Number(raw)] ?? null;
    case "str":
    case "d":
      return decodeXml(raw);
    case "b":
      return raw === "1" || raw === "true";
    case "e":
      return null;
    default: {
      const n = Number(raw);
      return Number.isFinite(n) ? n : null;
    }
  }
}

/**
 * Cells of one `<row>` element (ECMA-376 §18.3.1.4), scanned with indexOf rather than regular expressions: a
 * 100,000-row export has three million cells, and this loop is most of the time an import takes.
 */
function parseCells(xml: string, strings: readonly string[]): CellValue[] {
  const cells: CellValue[] = [];
  let pos = 0;
  let next = 0;
  for (;;) {
    const start = xml.indexOf("<c", pos);
    if (start < 0) break;
    const after = xml.charCodeAt(start + 2);
    // `<c ` or `<c>` or `<c/>`, not `<col…>`
    if (after !== 32 && after !== 62 && after !== 47 && after !== 9 && after !== 10 && after !== 13) {
      pos = start + 2;
      continue;
    }
    const tagEnd = xml.indexOf(">", start);
    if (tagEnd < 0) break;
    const selfClosing = xml.charCodeAt(tagEnd - 1) === 47;
    let attrs = xml.slice(start + 2, selfClosing ? tagEnd - 1 : tagEnd);
    if (/[\t\n\r]/.test(attrs)) attrs = attrs.replace(/\s+/g, " ");
    const ref = attr(attrs, "r");
    const column = ref === undefined ? next : columnIndex(ref);
    next = column + 1;
    if (selfClosing) {
      pos = tagEnd + 1;
      continue;
    }
    const close = xml.indexOf("</c>", tagEnd);
    if (close < 0) break;
    pos = close + 4;
    const value = cellValue(attr(attrs, "t") ?? "n", xml.slice(tagEnd + 1, close), strings);
    if (value === null || value === "") continue;
    while (cells.length < column) cells.push(null);
    cells[column] = value;
  }
  return cells;
}

function isRowStart(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 4);
  // `<row ` or `<row>`, not `<rowBreaks>`
  return next === 32 || next === 62 || next === 47 || next === 9 || next === 10 || next === 13;
}

/**
 * Scans a worksheet's XML as it inflates: each complete `<row>…</row>` is parsed and yielded, the incomplete
 * tail is kept for the next chunk. Memory is one chunk plus one row, whatever the sheet's size.
 */
async function* worksheetRows(
  sheet: string,
  stream: AsyncIterable<Buffer | string>,
  strings: readonly string[],
  budget: { left: number },
): AsyncGenerator<SheetRow> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let sequence = 0;
  for await (const chunk of stream) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    budget.left -= text.length;
    if (budget.left < 0) throw new ZipError("too_large", `${sheet}: the worksheets unpack past their limit`);
    pending += text;
    let pos = 0;
    let keep = pending.length;
    for (;;) {
      let start = pending.indexOf("<row", pos);
      while (start >= 0 && start + 4 < pending.length && !isRowStart(pending, start))
        start = pending.indexOf("<row", start + 4);
      if (start < 0) {
        // `<ro` may be split across chunks
        keep = Math.max(pos, pending.length - 4);
        break;
      }
      const tagEnd = pending.indexOf(">", start);
      if (tagEnd < 0 || start + 4 >= pending.length) {
        keep = start;
        break;
      }
      const tag = pending.slice(start, tagEnd + 1);
      const number = Number(/\sr="(\d+)"/.exec(tag)?.[1] ?? sequence + 1);
      sequence = number;
      if (pending.charCodeAt(tagEnd - 1) === 47) {
        pos = tagEnd + 1;
        continue;
      }
      const close = pending.indexOf("</row>", tagEnd);
      if (close < 0) {
        keep = start;
        sequence = number - 1;
        break;
      }
      const cells = parseCells(pending.slice(tagEnd + 1, close), strings);
      pos = close + 6;
      if (cells.length > 0) yield { sheet, row: number, cells };
    }
    pending = pending.slice(keep);
    if (pending.length > MAX_ROW_XML_CHARS)
      throw new ZipError("too_large", `${sheet}: a row longer than ${MAX_ROW_XML_CHARS} characters`);
  }
}

/**
 * Opens an .xlsx held in memory. Throws `ZipError` when it is not a readable workbook. Rows come sheet by sheet in
 * tab order; empty rows are skipped. O(file) time; memory: the shared strings and one chunk of one sheet.
 */
export async function openXlsx(
  bytes: Uint8Array,
  maxSheetsXmlChars = MAX_SHEETS_XML_CHARS,
): Promise<XlsxWorkbook> {
  const entries = listZipEntries(bytes);
  const { sheets, sharedPath, date1904 } = await sheetParts(bytes, entries);
  const strings = sharedStrings(await readZipText(bytes, entries, sharedPath, MAX_XML_PART_BYTES));
  return {
    sheets: sheets.map((s) => s.name),
    date1904,
    async *rows() {
      const budget = { left: maxSheetsXmlChars };
      for (const sheet of sheets) {
        const entry = entries.get(sheet.path) as ZipEntry;
        try {
          yield* worksheetRows(sheet.name, openZipEntry(bytes, entry), strings, budget);
        } catch (error) {
          if (error instanceof ZipError) throw error;
          throw new ZipError(
            "broken",
            `${sheet.path}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    },
  };
}
