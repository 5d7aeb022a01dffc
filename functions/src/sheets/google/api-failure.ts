// Classifies what the Google API client threw into a failure value with a code, and whether to retry it.

/** Closed set of publish failure codes; the sheet and HTTP layers pick the Russian text from it. */
export const PUBLISH_FAILURE_CODES = [
  "rate_limited",
  "quota_exhausted",
  "unavailable",
  "forbidden",
  "not_found",
  "rejected",
  "invalid_workbook",
] as const;
export type PublishFailureCode = (typeof PUBLISH_FAILURE_CODES)[number];

/** Russian explanation of each code, for «Ошибки» and logs a coordinator reads. */
export const PUBLISH_FAILURE_TEXT: Readonly<Record<PublishFailureCode, string>> = {
  rate_limited: "Google Таблицы временно ограничили число записей; таблица обновится при следующей попытке.",
  quota_exhausted:
    "Публикация отложена: все территории установки вместе уже сделали 60 записей в Google Таблицы за минуту (предел Google для одного сервисного аккаунта); таблица обновится в течение минуты.",
  unavailable: "Google Таблицы временно недоступны; таблица обновится при следующей попытке.",
  forbidden: "У сервисного аккаунта ШНОР-Монитора нет права редактировать таблицу: откройте к ней доступ.",
  not_found: "Таблица не найдена: проверьте идентификатор таблицы территории в настройках.",
  rejected: "Google Таблицы отклонили запись таблицы; сообщите разработчикам.",
  invalid_workbook: "Внутренняя ошибка построения таблицы; сообщите разработчикам.",
};

/** A failed call as a value. */
export interface ApiFailure {
  code: PublishFailureCode;
  message: string;
  /** 429 and 5xx (and lost connections) are worth another try; other 4xx are not. */
  retryable: boolean;
  /** The server's `Retry-After`, when it sent one. */
  retryAfterMs?: number | undefined;
  status?: number | undefined;
}

interface ErrorLike {
  message?: unknown;
  status?: unknown;
  code?: unknown;
  response?: { status?: unknown; headers?: unknown };
}

/**
 * Reads a thrown client error (a GaxiosError from `@googleapis/sheets`, or a network error) without
 * depending on its class: the HTTP status decides. No status at all means the request never got an
 * answer (connection refused or reset, timeout): treated as unavailable and retried.
 */
export function classifyApiError(error: unknown): ApiFailure {
  const e = (typeof error === "object" && error !== null ? error : {}) as ErrorLike;
  const rawStatus = typeof e.status === "number" ? e.status : e.response?.status;
  const status = typeof rawStatus === "number" ? rawStatus : undefined;
  const message = typeof e.message === "string" && e.message !== "" ? e.message : String(error);
  const retryAfterMs = retryAfter(e.response?.headers);
  const base = { message, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === undefined) return { ...base, code: "unavailable", retryable: true };
  if (status === 429) return { ...base, code: "rate_limited", retryable: true };
  if (status >= 500) return { ...base, code: "unavailable", retryable: true };
  if (status === 401 || status === 403) return { ...base, code: "forbidden", retryable: false };
  if (status === 404) return { ...base, code: "not_found", retryable: false };
  return { ...base, code: "rejected", retryable: false };
}

/** `Retry-After` in seconds (the form Google sends) → milliseconds. */
function retryAfter(headers: unknown): number | undefined {
  let value: unknown;
  if (headers && typeof (headers as { get?: unknown }).get === "function") {
    value = (headers as { get(name: string): unknown }).get("retry-after");
  } else if (headers && typeof headers === "object") {
    value = (headers as Record<string, unknown>)["retry-after"];
  }
  const seconds = typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
