// The entries of a .zip archive held in memory (an .xlsx is one): names from the central directory, each entry inflated as a stream.
import { Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";

/** Why an archive cannot be read; the importer words it for people. */
export type ZipFault = "not_zip" | "broken" | "encrypted" | "unsupported" | "too_large";

/** Thrown by the readers below; `fault` says which of the expected failures it is. */
export class ZipError extends Error {
  constructor(
    readonly fault: ZipFault,
    message: string,
  ) {
    super(message);
    this.name = "ZipError";
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Reads the central directory (APPNOTE.TXT §4.3.16, §4.3.12): the end record is found by scanning back from the
 * end over at most the 64 KiB comment. ZIP64 archives (over 4 GiB or 65,535 entries) are refused: no
 * spreadsheet an education department sends comes near that. O(entries).
 */
export function listZipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 22 || buffer.readUInt32LE(0) !== LOCAL)
    throw new ZipError("not_zip", "not a zip archive");
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError("broken", "end of central directory not found");
  const count = buffer.readUInt16LE(end + 10);
  const size = buffer.readUInt32LE(end + 12);
  const offset = buffer.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipError("unsupported", "zip64 archive");
  if (offset + size > buffer.length) throw new ZipError("broken", "central directory outside the file");
  const entries = new Map<string, ZipEntry>();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL)
      throw new ZipError("broken", "central directory entry expected");
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const uncompressed = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localHeaderOffset = buffer.readUInt32LE(at + 42);
    const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    entries.set(name, { name, method, flags, compressedSize, size: uncompressed, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The compressed bytes of an entry, found through its local header (whose extra field may differ from the central one). */
function entryData(buffer: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== LOCAL)
    throw new ZipError("broken", `local header of ${entry.name} not found`);
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  if (start + entry.compressedSize > buffer.length)
    throw new ZipError("broken", `${entry.name} runs past the end of the file`);
  return buffer.subarray(start, start + entry.compressedSize);
}

/**
 * The entry's bytes as a stream: stored entries as they are, deflated ones through zlib's raw inflate, so a
 * 100 MB worksheet is never held uncompressed in memory. Encrypted entries and other methods are refused.
 */
export function openZipEntry(bytes: Uint8Array, entry: ZipEntry): Readable {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((entry.flags & 1) !== 0) throw new ZipError("encrypted", `${entry.name} is encrypted`);
  const data = entryData(buffer, entry);
  if (entry.method === 0) return Readable.from([data]);
  if (entry.method !== 8) throw new ZipError("unsupported", `compression method ${entry.method}`);
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  inflate.end(data);
  return inflate;
}

/**
 * An entry held whole (workbook.xml, relationships, shared strings) as text; undefined when the archive has no such
 * entry. Inflating stops with `too_large` past `limit` bytes: a zip bomb (a few MB that unpack to gigabytes) would
 * otherwise fill the instance's memory before any check could see it.
 */
export async function readZipText(
  bytes: Uint8Array,
  entries: Map<string, ZipEntry>,
  name: string,
  limit: number,
): Promise<string | undefined> {
  const entry = entries.get(name);
  if (!entry) return undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const stream = openZipEntry(bytes, entry);
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > limit) {
        stream.destroy();
        throw new ZipError("too_large", `${name} unpacks to more than ${limit} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError("broken", `${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return Buffer.concat(chunks).toString("utf8");
}
