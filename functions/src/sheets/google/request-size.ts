// Exact byte sizes of `batchUpdate` bodies as the client sends them (JSON.stringify, UTF-8), counted without building them.

/**
 * Google's front end refuses a body over 10,485,760 bytes («Request payload size exceeds the limit:
 * 10485760 bytes», reported against the Sheets API in
 * https://github.com/googleworkspace/dotnet-samples/issues/23), and the Sheets API recommends "a 2 MB
 * maximum payload" (https://developers.google.com/workspace/sheets/api/limits). 2,000,000 bytes is 2 MB
 * in either reading, so it is also below 2 MiB.
 */
export const MAX_REQUEST_BODY_BYTES = 2_000_000;

/** The hard limit of Google's front end, for tests and the benchmark. */
export const GOOGLE_PAYLOAD_LIMIT_BYTES = 10_485_760;

/** `{"requests":[` and `]}` around the comma-separated requests. */
export const BATCH_ENVELOPE_BYTES = Buffer.byteLength('{"requests":[]}');

/** UTF-8 bytes of a value's JSON, as the client serialises request bodies. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "");
}

/** Bytes of a list of JSON items joined by commas: the items plus one comma between each two. */
export function listBytes(itemBytes: readonly number[]): number {
  let total = 0;
  for (const bytes of itemBytes) total += bytes;
  return total + Math.max(0, itemBytes.length - 1);
}

/** Bytes of the body `{"requests":[…]}` carrying requests of these sizes. */
export function batchBodyBytes(requestBytes: readonly number[]): number {
  return BATCH_ENVELOPE_BYTES + listBytes(requestBytes);
}
