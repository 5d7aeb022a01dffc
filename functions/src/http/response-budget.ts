// How much one JSON answer may carry: Cloud Run's response limit, with room for the rest of the answer.

/**
 * Bytes of JSON items one answer carries at most. Cloud Run functions (2nd gen) refuse a non-streaming response
 * over 32 MB («Max uncompressed HTTP response size», https://cloud.google.com/functions/quotas), and the sheet's
 * script reads at most 50 MB per UrlFetchApp call (https://developers.google.com/apps-script/guides/services/quotas);
 * 24 MiB leaves the fields around the items far inside both.
 */
export const RESPONSE_ITEMS_BUDGET_BYTES = 24 * 1024 * 1024;

/**
 * `build` of the first sources, in order, whose JSON fits in `budget` bytes together (with the commas of an
 * array), and never fewer than one when there is a source: a caller that pages on (the script asks again while
 * letters are pending) always moves forward. Nothing past the budget is built. O(bytes of the items).
 */
export function itemsWithinBudget<S, T>(
  sources: readonly S[],
  build: (source: S) => T,
  budget = RESPONSE_ITEMS_BUDGET_BYTES,
): T[] {
  const taken: T[] = [];
  let bytes = 0;
  for (const source of sources) {
    const item = build(source);
    const size = Buffer.byteLength(JSON.stringify(item)) + (taken.length > 0 ? 1 : 0);
    if (taken.length > 0 && bytes + size > budget) break;
    taken.push(item);
    bytes += size;
  }
  return taken;
}
