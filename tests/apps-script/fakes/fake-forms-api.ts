// The Google Forms API (forms.get, batchUpdate updateSettings, setPublishSettings) over the fake FormApp's forms.
import type { FakeEmailCollection, FakeFormApp } from "./fake-forms.js";
import type { FakeReply, SeenRequest } from "./fake-services.js";

const ROOT = "https://forms.googleapis.com/v1/forms/";

/**
 * Answers as the API documents: https://developers.google.com/workspace/forms/api/reference/rest/v1/forms/get,
 * …/batchUpdate (UpdateSettingsRequest: `updateMask` required, without the implied root `settings`) and
 * …/setPublishSettings (both `publishState` fields required; accepting without published is refused). Errors
 * have Google's shape `{error: {code, message, status}}`.
 */
export class FakeFormsApi {
  /** The API is switched off in the script's Cloud project. */
  disabled = false;
  /** Every read answers 429 (the per-minute quota is used up). */
  overQuota = false;
  constructor(
    private readonly formApp: FakeFormApp,
    private readonly token: () => string,
  ) {}

  handles(url: string): boolean {
    return url.startsWith(ROOT);
  }

  reply(request: SeenRequest): FakeReply {
    if (request.headers.Authorization !== `Bearer ${this.token()}`)
      return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    if (this.disabled)
      return error(
        403,
        "PERMISSION_DENIED",
        "Google Forms API has not been used in project 1234 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/forms.googleapis.com/overview?project=1234 then retry. (SERVICE_DISABLED)",
      );
    const url = new URL(request.url);
    const [id, verb] = decodeURIComponent(url.pathname.slice("/v1/forms/".length)).split(":");
    const form = this.formApp.forms.get(id ?? "");
    if (!form) return error(404, "NOT_FOUND", "Requested entity was not found.");
    if (request.method === "get" && verb === undefined) {
      if (this.overQuota)
        return error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Read requests'.");
      const body: Record<string, unknown> = { formId: form.id };
      // The API leaves out a setting at its default value.
      if (form.emailCollectionType !== "DO_NOT_COLLECT")
        body.settings = { emailCollectionType: form.emailCollectionType };
      else body.settings = {};
      if (!form.legacy)
        body.publishSettings = {
          publishState: { isPublished: form.published, isAcceptingResponses: form.acceptingResponses },
        };
      return { status: 200, body };
    }
    if (request.method === "post" && verb === "batchUpdate") {
      const requests = (request.body as { requests?: unknown[] } | undefined)?.requests ?? [];
      for (const item of requests) {
        const update = (
          item as { updateSettings?: { settings?: { emailCollectionType?: string }; updateMask?: string } }
        ).updateSettings;
        if (!update) return error(400, "INVALID_ARGUMENT", "Only updateSettings is faked.");
        if (update.updateMask !== "emailCollectionType")
          return error(400, "INVALID_ARGUMENT", `Invalid field mask: ${String(update.updateMask)}`);
        const type = update.settings?.emailCollectionType;
        if (type !== "DO_NOT_COLLECT" && type !== "VERIFIED" && type !== "RESPONDER_INPUT")
          return error(400, "INVALID_ARGUMENT", `Invalid value for emailCollectionType: ${String(type)}`);
        form.emailCollectionType = type as FakeEmailCollection;
      }
      return { status: 200, body: { replies: requests.map(() => ({})) } };
    }
    if (request.method === "post" && verb === "setPublishSettings") {
      if (form.legacy)
        return error(400, "FAILED_PRECONDITION", "Legacy forms do not support publish settings.");
      const body = request.body as
        | {
            publishSettings?: { publishState?: { isPublished?: boolean; isAcceptingResponses?: boolean } };
            updateMask?: string;
          }
        | undefined;
      const state = body?.publishSettings?.publishState;
      if (typeof state?.isPublished !== "boolean" || typeof state.isAcceptingResponses !== "boolean")
        return error(400, "INVALID_ARGUMENT", "Both isPublished and isAcceptingResponses must be set.");
      if (state.isAcceptingResponses && !state.isPublished)
        return error(400, "INVALID_ARGUMENT", "A form cannot accept responses unless it is published.");
      form.published = state.isPublished;
      form.acceptingResponses = state.isAcceptingResponses;
      return { status: 200, body: { formId: form.id, publishSettings: { publishState: state } } };
    }
    return error(404, "NOT_FOUND", `No such method: ${request.method} ${verb ?? ""}`);
  }
}

function error(code: number, status: string, message: string): FakeReply {
  return { status: code, body: { error: { code, message, status } } };
}
