// The three Google Forms API calls FormApp cannot make: read a form's settings, set e-mail collection, publish.
import type { Services } from "./gas-services.js";

/**
 * Forms API v1, called through UrlFetchApp with the script's own OAuth token (`ScriptApp.getOAuthToken()`), which
 * carries the manifest's `https://www.googleapis.com/auth/forms.body` scope — one of the scopes each of these
 * methods accepts (see the "Authorization scopes" of each page below).
 */
export const FORMS_API_ROOT = "https://forms.googleapis.com/v1/forms";

/**
 * `FormSettings.emailCollectionType`
 * (https://developers.google.com/workspace/forms/api/reference/rest/v1/forms#EmailCollectionType):
 * VERIFIED — taken from the signed-in Google account; RESPONDER_INPUT — typed by the respondent;
 * DO_NOT_COLLECT — none.
 */
export type EmailCollectionType =
  | "EMAIL_COLLECTION_TYPE_UNSPECIFIED"
  | "DO_NOT_COLLECT"
  | "VERIFIED"
  | "RESPONDER_INPUT";

/** What the script needs to know about a form's settings. */
export interface FormSettingsState {
  emailCollectionType: EmailCollectionType | undefined;
  /** `publishSettings.publishState`; undefined for a legacy form, which has none (it is always published). */
  published: boolean | undefined;
  acceptingResponses: boolean | undefined;
}

/** A failed call: `status` 0 when no answer came. `code` names the cases the coordinator can fix. */
export interface FormsApiError {
  code: "api_disabled" | "forbidden" | "quota" | "failed";
  status: number;
  message: string;
}

export type FormsApiResult<T> = { success: true; data: T } | { success: false; error: FormsApiError };

type Deps = Pick<Services, "urlFetchApp" | "scriptApp">;

function errorOf(status: number, body: unknown, text: string): FormsApiError {
  const error = (body as { error?: { message?: unknown; status?: unknown; details?: unknown } } | undefined)
    ?.error;
  const message = typeof error?.message === "string" ? error.message : text.slice(0, 300);
  // Google answers 403 with reason SERVICE_DISABLED ("… API has not been used in project … or it is disabled")
  // when the API is off in the script's Cloud project.
  if (status === 403 && /SERVICE_DISABLED|has not been used|is disabled/i.test(`${message} ${text}`))
    return { code: "api_disabled", status, message };
  if (status === 403 || status === 401) return { code: "forbidden", status, message };
  if (status === 429) return { code: "quota", status, message };
  return { code: "failed", status, message };
}

function call(deps: Deps, method: "get" | "post", url: string, payload: unknown): FormsApiResult<unknown> {
  let token: string;
  try {
    token = deps.scriptApp.getOAuthToken();
  } catch (error) {
    return { success: false, error: { code: "failed", status: 0, message: String(error) } };
  }
  try {
    const response = deps.urlFetchApp.fetch(url, {
      method,
      headers: { Authorization: `Bearer ${token}` },
      muteHttpExceptions: true,
      ...(payload === undefined ? {} : { contentType: "application/json", payload: JSON.stringify(payload) }),
    });
    const status = response.getResponseCode();
    const text = response.getContentText();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (status >= 200 && status < 300) return { success: true, data: body };
    return { success: false, error: errorOf(status, body, text) };
  } catch (error) {
    return {
      success: false,
      error: { code: "failed", status: 0, message: error instanceof Error ? error.message : String(error) },
    };
  }
}

/**
 * `forms.get` (https://developers.google.com/workspace/forms/api/reference/rest/v1/forms/get), only the
 * settings and the publish state (the standard `fields` parameter keeps the items out of the answer).
 */
export function readFormSettings(deps: Deps, formId: string): FormsApiResult<FormSettingsState> {
  const result = call(
    deps,
    "get",
    `${FORMS_API_ROOT}/${encodeURIComponent(formId)}?fields=settings,publishSettings`,
    undefined,
  );
  if (!result.success) return result;
  const form = result.data as
    | {
        settings?: { emailCollectionType?: EmailCollectionType };
        publishSettings?: { publishState?: { isPublished?: boolean; isAcceptingResponses?: boolean } };
      }
    | undefined;
  const state = form?.publishSettings?.publishState;
  return {
    success: true,
    data: {
      // The API leaves a field out when it holds its default value (DO_NOT_COLLECT for a Google account).
      emailCollectionType: form?.settings?.emailCollectionType ?? "DO_NOT_COLLECT",
      published: form?.publishSettings ? (state?.isPublished ?? false) : undefined,
      acceptingResponses: form?.publishSettings ? (state?.isAcceptingResponses ?? false) : undefined,
    },
  };
}

/**
 * `forms.batchUpdate` with one `updateSettings` request
 * (https://developers.google.com/workspace/forms/api/reference/rest/v1/forms/batchUpdate#UpdateSettingsRequest):
 * the mask names the field without the implied root `settings`.
 */
export function setEmailCollection(
  deps: Deps,
  formId: string,
  type: Exclude<EmailCollectionType, "EMAIL_COLLECTION_TYPE_UNSPECIFIED">,
): FormsApiResult<void> {
  const result = call(deps, "post", `${FORMS_API_ROOT}/${encodeURIComponent(formId)}:batchUpdate`, {
    requests: [
      { updateSettings: { settings: { emailCollectionType: type }, updateMask: "emailCollectionType" } },
    ],
  });
  return result.success ? { success: true, data: undefined } : result;
}

/**
 * `forms.setPublishSettings`
 * (https://developers.google.com/workspace/forms/api/reference/rest/v1/forms/setPublishSettings): both fields of
 * `publishState` must be given; `isAcceptingResponses: true` with `isPublished: false` is refused by the API.
 */
export function publishForm(deps: Deps, formId: string): FormsApiResult<void> {
  const result = call(deps, "post", `${FORMS_API_ROOT}/${encodeURIComponent(formId)}:setPublishSettings`, {
    publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
    updateMask: "publishState",
  });
  return result.success ? { success: true, data: undefined } : result;
}
