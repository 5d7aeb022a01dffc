// Who can answer a form: published and accepting answers, and how the respondent's address is collected.
import {
  type EmailCollectionType,
  type FormSettingsState,
  type FormsApiError,
  type FormsApiResult,
  publishForm,
  readFormSettings,
  setEmailCollection,
} from "./forms-api.js";
import type { GasForm, Services } from "./gas-services.js";

/** The envelope's `response.emailCollection` (contract of issue 9): which mode produced `respondentEmail`. */
export type EmailCollection = "verified" | "responder_input" | "none";

/** The Forms API's enum → the envelope's value; unknown and UNSPECIFIED are not a mode the script can vouch for. */
export function emailCollectionOf(type: EmailCollectionType | undefined): EmailCollection | undefined {
  switch (type) {
    case "VERIFIED":
      return "verified";
    case "RESPONDER_INPUT":
      return "responder_input";
    case "DO_NOT_COLLECT":
      return "none";
    default:
      return undefined;
  }
}

type Deps = Pick<Services, "urlFetchApp" | "scriptApp">;

/** What went wrong with the Forms API, in Russian (Google's own text only when nothing better is known). */
export function describeFormsApiError(error: FormsApiError): string {
  switch (error.code) {
    case "api_disabled":
      return "Google Forms API выключен в проекте Google Cloud, к которому привязан скрипт";
    case "forbidden":
      return `Google Forms API отказал в доступе (код ${error.status})`;
    case "quota":
      return "превышена минутная квота Google Forms API";
    case "failed":
      return `Google Forms API не ответил (${error.status || "нет связи"}: ${error.message.slice(0, 120)})`;
  }
}

/** The one-line Russian fix for a Forms API failure (shown by «Создать формы» and «Проверить формы»). */
export function formsApiFix(error: FormsApiError): string {
  switch (error.code) {
    case "api_disabled":
      return "включите Google Forms API в проекте Google Cloud, к которому привязан скрипт таблицы (docs/setup.md, шаг 3)";
    case "forbidden":
      return "запустите команду ещё раз и подтвердите разрешение «Просмотр и изменение форм»; форма должна принадлежать вам или быть доступна вам для редактирования";
    case "quota":
      return "превышена минутная квота Google Forms API — повторите через минуту";
    case "failed":
      return "повторите через минуту";
  }
}

/**
 * Publishes the form and opens it to answers. FormApp's `setPublished(true)` publishes and starts accepting
 * responses (https://developers.google.com/workspace/forms/api/guides/publish-form); a runtime without it falls
 * back to `forms.setPublishSettings`. A legacy form has no publish state and only needs to accept answers.
 * Returns the failure, if any, in Russian.
 */
export function publishAndOpen(deps: Deps, form: GasForm): string | undefined {
  if (typeof form.setPublished === "function" && typeof form.isPublished === "function") {
    const legacy = form.supportsAdvancedResponderPermissions?.() === false;
    if (!legacy && !form.isPublished()) form.setPublished(true);
  } else {
    const published = publishForm(deps, form.getId());
    if (!published.success)
      return `форма не опубликована — ${describeFormsApiError(published.error)}. Что сделать: ${formsApiFix(published.error)}`;
  }
  if (!form.isAcceptingResponses()) form.setAcceptingResponses(true);
  return undefined;
}

/**
 * Sets how the form collects the respondent's address: VERIFIED (the address of the Google account the
 * respondent is signed in with, so a school cannot type another school's address) for the schools' forms,
 * none for the anonymous one. Returns the failure, if any, in Russian.
 */
export function setCollection(deps: Deps, form: GasForm, anonymous: boolean): string | undefined {
  if (anonymous) {
    // FormApp can switch collection off by itself; no API call is needed.
    form.setCollectEmail(false);
    return undefined;
  }
  // Only when off: on a form already VERIFIED, FormApp's switch could reset the mode if the API call failed.
  if (!safeCollectsEmail(form)) form.setCollectEmail(true);
  const result = setEmailCollection(deps, form.getId(), "VERIFIED");
  if (result.success) return undefined;
  return `подтверждённый сбор адресов не включён — ${describeFormsApiError(result.error)}. Что сделать: ${formsApiFix(result.error)}`;
}

/** Publish state and collection mode as the form has them now: FormApp where it can tell, else the Forms API. */
export interface FormAccessState {
  published: boolean | undefined;
  acceptingResponses: boolean;
  collection: FormsApiResult<EmailCollection | undefined>;
}

/** Reads the form's access state (one Forms API call). */
export function readAccess(deps: Deps, form: GasForm): FormAccessState {
  const settings: FormsApiResult<FormSettingsState> = readFormSettings(deps, form.getId());
  let published: boolean | undefined;
  if (typeof form.isPublished === "function") {
    published = form.supportsAdvancedResponderPermissions?.() === false ? true : form.isPublished();
  } else if (settings.success) {
    published = settings.data.published ?? true; // no publish state: a legacy form, always published
  }
  return {
    published,
    acceptingResponses: form.isAcceptingResponses(),
    collection: settings.success
      ? { success: true, data: emailCollectionOf(settings.data.emailCollectionType) }
      : settings,
  };
}

/**
 * The mode that produced a response's address, read live for each response so that a mode changed by hand in
 * Forms is reported as it is. When the Forms API cannot answer (switched off, or over its per-minute quota of
 * 390 reads per user — https://developers.google.com/workspace/forms/api/limits) the script claims no more
 * than it knows: an address the form collects is reported as typed by the respondent, which the server treats
 * as a hint only.
 */
export function liveEmailCollection(deps: Deps, form: GasForm, anonymous: boolean): EmailCollection {
  if (anonymous) return "none";
  const settings = readFormSettings(deps, form.getId());
  const mode = settings.success ? emailCollectionOf(settings.data.emailCollectionType) : undefined;
  if (mode) return mode;
  return safeCollectsEmail(form) ? "responder_input" : "none";
}

function safeCollectsEmail(form: GasForm): boolean {
  try {
    return form.collectsEmail();
  } catch {
    return true; // unknown: the weaker claim
  }
}
