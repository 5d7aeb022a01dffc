// Entry points of the Apps Script project: every export becomes a top-level function of dist/Code.js (see build.mjs).
/// <reference types="google-apps-script" />
import type { ConnectionInput, ConnectionReport } from "./connection-settings.js";
import {
  addMenu,
  checkFormsCommand,
  connectionSettingsCommand,
  createFormsCommand,
  type FormSubmitEvent,
  formSubmitCommand,
  prepareSheetCommand,
  recalculateCommand,
  reconcileMenuCommand,
  reconcileTriggerCommand,
  resendMenuCommand,
  resendTriggerCommand,
  saveConnectionCommand,
  syncDataCommand,
  takeOverCommand,
} from "./entry-points.js";
import type { Services } from "./gas-services.js";

/**
 * The real Apps Script services. Typed as `Services`, so the compiler proves the globals have every method
 * the project calls with compatible signatures (the fakes in tests implement the same interfaces).
 */
function services(): Services {
  return {
    spreadsheetApp: SpreadsheetApp,
    formApp: FormApp,
    scriptApp: ScriptApp,
    urlFetchApp: UrlFetchApp,
    propertiesService: PropertiesService,
    lockService: LockService,
    mailApp: MailApp,
    htmlService: HtmlService,
    utilities: Utilities,
    session: Session,
    clock: { now: () => Date.now() },
  };
}

/**
 * Simple trigger: adds the «ШНОР-Монитор» menu when the spreadsheet opens. It runs before any authorization,
 * so it touches SpreadsheetApp only.
 */
export function onOpen(): void {
  addMenu({ spreadsheetApp: SpreadsheetApp });
}

/** Installable form-submit trigger of each form built by «Создать формы». */
export function onFormSubmit(event: FormSubmitEvent): void {
  formSubmitCommand(services(), event);
}

/** Time-driven trigger (every 10 minutes): resends the «Исходящие» outbox, then continues an unfinished reconcile. */
export function resendOutbox(): void {
  const report = resendTriggerCommand(services());
  if (report && report.resend.left > 0)
    console.warn(`ШНОР-Монитор: в очереди осталось ${report.resend.left}; ${report.resend.lastError ?? ""}`);
}

/** Time-driven trigger (daily): «Досылка ответов». */
export function reconcileResponses(): void {
  const report = reconcileTriggerCommand(services());
  if (report && !report.finished)
    console.warn(`ШНОР-Монитор: досылка не закончена (${report.stoppedBy ?? ""} ${report.error ?? ""})`);
}

export function menuPrepareSheet(): void {
  prepareSheetCommand(services());
}

export function menuConnectionSettings(): void {
  connectionSettingsCommand(services());
}

export function menuCreateForms(): void {
  createFormsCommand(services());
}

export function menuSyncData(): void {
  syncDataCommand(services());
}

export function menuCheckForms(): void {
  checkFormsCommand(services());
}

export function menuTakeOverResponses(): void {
  takeOverCommand(services());
}

export function menuReconcile(): void {
  reconcileMenuCommand(services());
}

export function menuRecalculate(): void {
  recalculateCommand(services());
}

export function menuResendOutbox(): void {
  resendMenuCommand(services());
}

/** Called from the connection dialog through `google.script.run`. */
export function saveConnectionSettings(input: ConnectionInput): ConnectionReport {
  return saveConnectionCommand(services(), input);
}
