// The installable triggers the project needs: one form-submit trigger per form, one 10-minute outbox resend.
import type { GasForm, GasScriptApp } from "./gas-services.js";

/** Names of the global functions the triggers call (exported under these names by main.ts). */
export const FORM_SUBMIT_HANDLER = "onFormSubmit";
export const RESEND_HANDLER = "resendOutbox";

/** Minutes between outbox resends. */
export const RESEND_EVERY_MINUTES = 10;

/** Adds the form's submit trigger unless one exists; true when it was created. */
export function ensureFormTrigger(scriptApp: GasScriptApp, form: GasForm): boolean {
  const id = form.getId();
  const exists = scriptApp
    .getProjectTriggers()
    .some((t) => t.getHandlerFunction() === FORM_SUBMIT_HANDLER && t.getTriggerSourceId() === id);
  if (exists) return false;
  scriptApp.newTrigger(FORM_SUBMIT_HANDLER).forForm(form).onFormSubmit().create();
  return true;
}

/** Adds the time-driven outbox resend unless one exists; true when it was created. */
export function ensureResendTrigger(scriptApp: GasScriptApp): boolean {
  const exists = scriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === RESEND_HANDLER);
  if (exists) return false;
  scriptApp.newTrigger(RESEND_HANDLER).timeBased().everyMinutes(RESEND_EVERY_MINUTES).create();
  return true;
}
