// Firestore's own count of a document's bytes, so a write that would pass the 1 MiB limit is refused as a value first.

/**
 * Maximum size of a Firestore document: 1 MiB (1,048,576 bytes), https://cloud.google.com/firestore/quotas.
 * A write past it fails with INVALID_ARGUMENT — a 500 if nobody checked.
 */
export const FIRESTORE_DOCUMENT_LIMIT = 1_048_576;

/**
 * What the submit path lets a document grow to: the limit minus a margin for the document name and for
 * estimates made before the final bytes are known.
 */
export const DOCUMENT_BUDGET = 1_000_000;

/**
 * Size of a field value as Firestore stores it (https://cloud.google.com/firestore/docs/storage-size): a string
 * is its UTF-8 bytes + 1, a number 8, a boolean or null 1, bytes their length, a map the sum of its field names
 * (as strings) and values, an array the sum of its values. `undefined` fields are not stored
 * (`ignoreUndefinedProperties`), so they count 0.
 *
 * Complexity: O(size of the value).
 * @example valueBytes({ done: false }) // 6: "done" is 4 + 1, false is 1
 */
export function valueBytes(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null || typeof value === "boolean") return 1;
  if (typeof value === "number" || typeof value === "bigint") return 8;
  if (typeof value === "string") return Buffer.byteLength(value, "utf8") + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Date) return 8;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + valueBytes(v), 0);
  if (typeof value === "object") {
    let sum = 0;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      sum += Buffer.byteLength(key, "utf8") + 1 + valueBytes(v);
    }
    return sum;
  }
  return 0;
}

/**
 * Size of a document with these fields at `path` (`territories/t/submissions/x`): the document name (each id +
 * 1, plus 16), the fields, plus 32.
 */
export function documentBytes(path: string, data: Readonly<Record<string, unknown>>): number {
  const name = path.split("/").reduce((sum, id) => sum + Buffer.byteLength(id, "utf8") + 1, 16);
  return name + valueBytes(data) + 32;
}
