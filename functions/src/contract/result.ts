// The one shape of an expected outcome, in every layer: zod's `{success: true, data} | {success: false, error}`.

/**
 * A value that either holds `data` or says why not in `error` (a value with a `code`, never thrown). Expected
 * failures — an invalid submission, too little data, a file that is not a table — are results; only bugs and
 * infrastructure faults throw. The same two field names everywhere, so `if (!r.success) return r.error` reads
 * the same in the domain, the store, the CLI and the HTTP layer.
 *
 * @example
 * const parsed: Result<number, { code: "nan" }> = Number.isNaN(n) ? { success: false, error: { code: "nan" } } : { success: true, data: n };
 */
export type Result<T, E> = { success: true; data: T } | { success: false; error: E };

/** The success of a {@link Result}: `succeed(rows)` reads as `{ success: true, data: rows }`. */
export function succeed<T>(data: T): { success: true; data: T } {
  return { success: true, data };
}

/** The failure of a {@link Result}: `fail({ code: "nan" })` reads as `{ success: false, error: { code: "nan" } }`. */
export function fail<E>(error: E): { success: false; error: E } {
  return { success: false, error };
}
