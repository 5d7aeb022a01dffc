// The installable triggers the project needs: one form-submit trigger per form, the outbox resend, the daily reconcile.
import type { GasForm, GasScriptApp } from "./gas-services.js";

/** Names of the global functions the triggers call (exported under these names by main.ts). */
export const FORM_SUBMIT_HANDLER = "onFormSubmit";
export const RESEND_HANDLER = "resendOutbox";
export const RECONCILE_HANDLER = "reconcileResponses";

/** Every handler a trigger of this project may call: a former owner's triggers of these are retired. */
export const TRIGGER_HANDLERS: readonly string[] = [FORM_SUBMIT_HANDLER, RESEND_HANDLER, RECONCILE_HANDLER];

/** Minutes between outbox resends. */
export const RESEND_EVERY_MINUTES = 10;

/** Hour of the day (the project's time zone) the daily «Досылка ответов» starts; Apps Script picks a minute in it. */
export const RECONCILE_AT_HOUR = 3;

/**
 * Installable triggers allowed per user per script
 * (https://developers.google.com/apps-script/guides/services/quotas, «Triggers: 20 / user / script»). The owner
 * holds one per form plus the resend and the reconcile: 8 for the six forms of the catalog.
 */
export const TRIGGERS_PER_USER_LIMIT = 20;

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

/** Adds the daily «Досылка ответов» unless one exists; true when it was created. */
export function ensureReconcileTrigger(scriptApp: GasScriptApp): boolean {
  const exists = scriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === RECONCILE_HANDLER);
  if (exists) return false;
  scriptApp.newTrigger(RECONCILE_HANDLER).timeBased().everyDays(1).atHour(RECONCILE_AT_HOUR).create();
  return true;
}

/** Whether the caller (the owner) has the form's submit trigger. Nobody can see another user's triggers. */
export function hasFormTrigger(scriptApp: GasScriptApp, formId: string): boolean {
  return scriptApp
    .getProjectTriggers()
    .some((t) => t.getHandlerFunction() === FORM_SUBMIT_HANDLER && t.getTriggerSourceId() === formId);
}

/** Whether the caller has the time-driven trigger calling `handler`. */
export function hasTimeTrigger(scriptApp: GasScriptApp, handler: string): boolean {
  return scriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === handler);
}

/**
 * Deletes every trigger of this project that belongs to the caller and calls one of our handlers; returns how
 * many. `getProjectTriggers()` lists only the caller's triggers, so this can never touch another user's.
 */
export function deleteOwnTriggers(scriptApp: GasScriptApp): number {
  let deleted = 0;
  for (const trigger of scriptApp.getProjectTriggers()) {
    if (!TRIGGER_HANDLERS.includes(trigger.getHandlerFunction())) continue;
    scriptApp.deleteTrigger(trigger);
    deleted += 1;
  }
  return deleted;
}
