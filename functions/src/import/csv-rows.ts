// A CSV file → its rows: UTF-8 or Windows-1251 (what Russian Excel saves), delimiter found from the first line, csv-parse streaming.
import { parse } from "csv-parse";
import type { SheetRow } from "./xlsx-rows.js";

/**
 * The text encoding: UTF-8 when the first MiB is valid UTF-8 (with or without BOM), else Windows-1251. The MiB is
 * decoded as a stream piece so a letter cut in two at its end does not count as invalid.
 */
export function csvEncoding(bytes: Uint8Array): "utf-8" | "windows-1251" {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)), {
      stream: bytes.length > 1 << 20,
    });
    return "utf-8";
  } catch {
    return "windows-1251";
  }
}

/** `;` (Russian Excel), `,` or a tab: whichever occurs most in the first line outside quotes. */
export function csvDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([
    [";", 0],
    [",", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ";";
  for (const [ch, n] of counts) if (n > (counts.get(best) ?? 0)) best = ch;
  return best;
}

/**
 * The rows of a CSV file held in memory, decoded in 1 MiB pieces and parsed by csv-parse as a stream: quoted
 * fields with delimiters and line breaks inside, `""` escapes, a BOM. Cells stay text (numbers are read by
 * the format that knows the column); the sheet is named after the file. Empty rows are skipped.
 */
export async function* csvRows(bytes: Uint8Array, sheet: string): AsyncGenerator<SheetRow> {
  const decoder = new TextDecoder(csvEncoding(bytes));
  const head = decoder.decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)), { stream: false });
  const firstLine = head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const parser = parse({
    delimiter: csvDelimiter(firstLine),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    info: true,
  });
  const streamDecoder = new TextDecoder(csvEncoding(bytes));
  const feed = (async () => {
    const piece = 1 << 20;
    for (let at = 0; at < bytes.length; at += piece) {
      const text = streamDecoder.decode(bytes.subarray(at, at + piece), {
        stream: at + piece < bytes.length,
      });
      if (!parser.write(text)) await new Promise((resolve) => parser.once("drain", resolve));
    }
    parser.end();
  })();
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const cells = record.record.map((cell) => (cell.trim() === "" ? null : cell));
    if (cells.every((cell) => cell === null)) continue;
    yield { sheet, row: record.info.lines, cells };
  }
  await feed;
}
