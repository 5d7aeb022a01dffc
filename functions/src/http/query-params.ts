// Query parameters as plain strings only: `year[a]=1` or a repeated `year=…&year=…` is a 400, never a silent default.
import type { Result } from "../contract/result.js";

/** The parameters by name, or a Russian message naming the one refused (a 400). */
export type QueryResult = Result<ReadonlyMap<string, string>, { code: "malformed"; message: string }>;

/**
 * Reads the query string of `url` (a path with its query, as Express keeps `req.originalUrl`) with
 * URLSearchParams, independently of the framework's query parser (Express 5's `simple` parser keeps
 * `year[a]` as a key, `extended` makes it an object; both would silently drop the value). A parameter whose
 * name holds brackets, or that is given more than once, is refused with a Russian message naming it.
 */
export function readQuery(url: string): QueryResult {
  const at = url.indexOf("?");
  if (at < 0) return { success: true, data: new Map() };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(at + 1).split("#")[0]);
  } catch {
    return { success: false, error: { code: "malformed", message: "строка запроса не читается" } };
  }
  const data = new Map<string, string>();
  for (const [name, value] of params) {
    const shown = name.length > 60 ? `${name.slice(0, 57)}...` : name;
    if (/[[\]]/.test(name)) {
      return {
        success: false,
        error: {
          code: "malformed",
          message: `параметр «${shown}» — ожидается простое значение (имя=значение), без скобок`,
        },
      };
    }
    if (data.has(name)) {
      return {
        success: false,
        error: { code: "malformed", message: `параметр «${shown}» указан больше одного раза` },
      };
    }
    data.set(name, value);
  }
  return { success: true, data };
}
