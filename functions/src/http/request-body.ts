// The JSON body of a request as functions-framework hands it over (parsed object, text or bytes), plus its raw text.
import type { Result } from "../contract/result.js";

/** The part of a functions-framework request that carries the body. */
export interface BodyRequest {
  body: unknown;
  rawBody?: Buffer | undefined;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * `application/x-www-form-urlencoded`: what UrlFetchApp sends when a script gives no `contentType`
 * (https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)), and `curl -d`.
 */
function isForm(req: BodyRequest): boolean {
  const type = req.headers["content-type"];
  return typeof type === "string" && /^\s*application\/x-www-form-urlencoded\b/i.test(type);
}

/** The parsed body and its raw JSON text, or why it is not JSON with the text as sent (kept all the same). */
export type BodyResult = Result<
  { value: unknown; rawJson: string },
  { code: "not_json"; message: string; rawText: string }
>;

/**
 * Reads the body whatever content type the client sent: the framework parses `application/json`, keeps
 * `text/plain` as a string and anything else as bytes; JSON text sent as a form is read as JSON. The raw text is what the client sent (kept for the
 * store), or the JSON of the parsed value when the framework did not keep the bytes.
 */
export function readJsonBody(req: BodyRequest): BodyResult {
  const body: unknown = req.body;
  const rawText = req.rawBody !== undefined ? req.rawBody.toString("utf8") : undefined;
  // JSON sent under a form's content type: the framework made a form of it (one key: the whole text); read the text
  if (rawText !== undefined && isForm(req)) {
    try {
      return { success: true, data: { value: JSON.parse(rawText) as unknown, rawJson: rawText } };
    } catch {
      // a real form: read as the framework parsed it
    }
  }
  let text: string | undefined;
  if (Buffer.isBuffer(body)) text = body.toString("utf8");
  else if (typeof body === "string") text = body;
  else if (body !== undefined && body !== null && !isEmptyObject(body)) {
    return { success: true, data: { value: body, rawJson: rawText ?? JSON.stringify(body) } };
  }
  if (text === undefined || text.trim() === "") {
    return {
      success: false,
      error: { code: "not_json", message: "пустой запрос: ожидается JSON", rawText: text ?? "" },
    };
  }
  try {
    return { success: true, data: { value: JSON.parse(text) as unknown, rawJson: text } };
  } catch {
    return { success: false, error: { code: "not_json", message: "тело запроса — не JSON", rawText: text } };
  }
}

/** `{}`: what the body parser leaves when there was no body at all. */
function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

/** A string field of an object, if the value is an object and the field a string. */
export function stringField(value: unknown, key: string): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}
