// Entry points of the Apps Script project: every export becomes a top-level function of dist/Code.js (see build.mjs).
/// <reference types="google-apps-script" />
import type { ConnectionInput, ConnectionReport } from "./connection-settings.js";
import {
  addMenu,
  connectionSettingsCommand,
  createFormsCommand,
  type FormSubmitEvent,
  formSubmitCommand,
  prepareSheetCommand,
  recalculateCommand,
  resendCommand,
  resendMenuCommand,
  saveConnectionCommand,
  syncDataCommand,
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

/** Time-driven trigger (every 10 minutes): resends the «Исходящие» outbox. */
export function resendOutbox(): void {
  const report = resendCommand(services());
  if (report.left > 0)
    console.warn(`ШНОР-Монитор: в очереди осталось ${report.left}; ${report.lastError ?? ""}`);
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
