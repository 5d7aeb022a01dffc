// A zip written by hand for the importer's tests (PKWARE APPNOTE 4.3): any entry, a bomb's sizes included.
import { crc32, deflateRawSync } from "node:zlib";

/** One entry as it is stored: its bytes (deflated or not), the size they unpack to and their CRC-32. */
export interface ZipPart {
  data: Buffer;
  size: number;
  deflated: boolean;
  crc?: number;
}

/** An entry of `text`, deflated unless `deflate` is false. */
export function zipPart(text: string, deflate = true): ZipPart {
  const raw = Buffer.from(text, "utf8");
  return { data: deflate ? deflateRawSync(raw) : raw, size: raw.length, deflated: deflate, crc: crc32(raw) };
}

/** The archive of `entries` in order: local headers and data, the central directory, the end record. */
export function zipArchive(entries: Record<string, ZipPart>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, { data, size, deflated, crc = 0 }] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(deflated ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(deflated ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
