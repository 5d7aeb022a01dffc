// Calls to the `api` function: the ID token on every request (both auth headers), JSON in and out, retries with backoff.
import type { GasBlob, GasUrlFetchApp, Services } from "./gas-services.js";
import type { ConnectionSettings } from "./settings-store.js";

/** How a call ended: an HTTP answer (any status), or no answer at all (DNS, timeout, connection reset). */
export type ApiResult =
  | { kind: "http"; status: number; body: unknown; text: string }
  | { kind: "network"; message: string };

/** How many times a call is made before giving up, and the first pause; each next pause doubles. */
export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
}

/** 4 attempts, pauses of 1, 2 and 4 s: under 10 s in total, well inside a trigger's 6-minute limit. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, firstDelayMs: 1_000 };

/** Worth trying again: no answer, 429 (quota) or a 5xx (the function restarting, a deploy in progress). */
export function isRetryable(result: ApiResult): boolean {
  return result.kind === "network" || result.status === 429 || result.status >= 500;
}

/** A body sent as it is (a file), not as JSON. */
export interface RawBody {
  contentType: string;
  blob: GasBlob;
}

function isRawBody(payload: unknown): payload is RawBody {
  const blob = (payload as Partial<RawBody> | null)?.blob;
  return typeof blob === "object" && blob !== null && typeof blob.getBytes === "function";
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Deps = Pick<Services, "urlFetchApp" | "scriptApp">;

/**
 * The ID token in both headers. In private mode Cloud Run IAM checks the token before the function runs: "If both
 * headers are provided, only the X-Serverless-Authorization header is checked", and Cloud Run removes the
 * signature of the token it checked before passing it on
 * (https://cloud.google.com/run/docs/authenticating/service-to-service), so `Authorization` reaches the function
 * signed and the function verifies it itself, as in the default mode (where Cloud Run checks no token).
 */
function identityHeaders(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}`, "X-Serverless-Authorization": `Bearer ${token}` };
}

/** One request; never throws: a failed fetch or a missing token comes back as `network`. */
export function callApi(
  deps: Deps,
  connection: ConnectionSettings,
  method: "get" | "post",
  path: string,
  payload?: unknown,
): ApiResult {
  let token: string;
  try {
    token = deps.scriptApp.getIdentityToken();
  } catch (error) {
    return { kind: "network", message: `не удалось получить ID-токен: ${String(error)}` };
  }
  return fetchJson(deps.urlFetchApp, `${connection.apiUrl}${path}`, method, token, payload);
}

function fetchJson(
  urlFetchApp: GasUrlFetchApp,
  url: string,
  method: "get" | "post",
  token: string,
  payload: unknown,
): ApiResult {
  try {
    const response = urlFetchApp.fetch(url, {
      method,
      headers: identityHeaders(token),
      // Without this, UrlFetchApp throws on 4xx/5xx and the body with the Russian message is lost.
      muteHttpExceptions: true,
      ...(payload === undefined
        ? {}
        : isRawBody(payload)
          ? { contentType: payload.contentType, payload: payload.blob }
          : { contentType: "application/json", payload: JSON.stringify(payload) }),
    });
    const text = response.getContentText();
    return { kind: "http", status: response.getResponseCode(), body: parseBody(text), text };
  } catch (error) {
    return { kind: "network", message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The call, repeated while {@link isRetryable}: pause before attempt k (k ≥ 2) is `firstDelayMs · 2^(k−2)`.
 * Returns the last result and how many attempts were made.
 */
export function callApiWithRetry(
  deps: Deps & Pick<Services, "utilities">,
  connection: ConnectionSettings,
  method: "get" | "post",
  path: string,
  payload: unknown,
  policy: RetryPolicy = DEFAULT_RETRY,
): { result: ApiResult; attempts: number } {
  let result = callApi(deps, connection, method, path, payload);
  let attempts = 1;
  while (isRetryable(result) && attempts < policy.attempts) {
    deps.utilities.sleep(policy.firstDelayMs * 2 ** (attempts - 1));
    result = callApi(deps, connection, method, path, payload);
    attempts += 1;
  }
  return { result, attempts };
}

/** The server's own Russian message when the body has one (`{message}`), else a short description. */
export function describeFailure(result: ApiResult): string {
  if (result.kind === "network") return `нет связи с сервером (${result.message})`;
  const body = result.body as { message?: unknown } | undefined;
  const message = body && typeof body.message === "string" ? body.message : undefined;
  const prefix = `ответ сервера ${result.status}`;
  if (message) return `${prefix}: ${message}`;
  if (result.status === 401) return `${prefix}: сервер не принял ID-токен скрипта`;
  if (result.status === 403) return `${prefix}: нет доступа к территории`;
  if (result.status === 429) return `${prefix}: превышена квота запросов`;
  if (result.status >= 500) return `${prefix}: временная ошибка сервера`;
  return prefix;
}
