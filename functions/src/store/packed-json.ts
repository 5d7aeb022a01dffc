// A JSON value as gzip bytes, kept inline in its document when small and in chunk documents when not: no document passes Firestore's 1 MiB.
import { gunzipSync, gzipSync } from "node:zlib";

/**
 * Largest gzip part one document holds (bytes). Firestore's limit is 1 MiB (1,048,576 bytes,
 * https://cloud.google.com/firestore/quotas) for the whole document; 700,000 leaves room for the other fields,
 * as the results' chunks do.
 */
export const PACKED_PART_BYTES = 700_000;

/** The packed value: one inline part, or the parts to write as chunk documents. */
export interface Packed {
  bytes: number;
  /** The gzip bytes split every {@link PACKED_PART_BYTES}; one part is kept inline. */
  parts: Buffer[];
}

/**
 * Packs a value as gzip JSON split every {@link PACKED_PART_BYTES}: a gzip of exactly 700,000 bytes is one part,
 * 700,001 bytes are two. O(size).
 */
export function packJson(value: unknown): Packed {
  return splitParts(gzipSync(Buffer.from(JSON.stringify(value), "utf8")));
}

/** The parts of gzip bytes (exported for the test at and past the limit). */
export function splitParts(gzip: Buffer): Packed {
  const parts: Buffer[] = [];
  for (let at = 0; at < gzip.length; at += PACKED_PART_BYTES)
    parts.push(gzip.subarray(at, at + PACKED_PART_BYTES));
  if (parts.length === 0) parts.push(Buffer.alloc(0));
  return { bytes: gzip.length, parts };
}

/** The value back from its parts, in order. */
export function unpackJson(parts: readonly Uint8Array[]): unknown {
  return JSON.parse(gunzipSync(Buffer.concat(parts.map((p) => Buffer.from(p)))).toString("utf8"));
}
