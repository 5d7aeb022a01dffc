// Entry points of the Apps Script project: every export becomes a top-level function of dist/Code.js (see build.mjs).
/// <reference types="google-apps-script" />
import type { ConnectionInput, ConnectionReport } from "./connection-settings.js";
import {
  type CriteriaReply,
  compareMethodsCommand,
  compareMethodsDialogCommand,
  fillCriteriaCommand,
  fillCriteriaDialogCommand,
} from "./criteria-commands.js";
import {
  type ApproveInput,
  type ApproveReply,
  approvalDocumentsCommand,
  approveListsCommand,
  approveListsDialogCommand,
  draftLettersCommand,
  draftLettersTriggerCommand,
  draftListsCommand,
} from "./decision-commands.js";
import {
  addMenu,
  checkFormsCommand,
  connectionSettingsCommand,
  coordinatorSpreadsheet,
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
import type { ImportInput, ImportReply, MappingInput } from "./file-import.js";
import type { Services } from "./gas-services.js";
import {
  downloadTemplateCommand,
  importFileCommand,
  importFileDialogCommand,
  saveGiaMappingDialogCommand,
  undoImportCommand,
  undoImportDialogCommand,
} from "./import-commands.js";
import { startRun } from "./time-budget.js";

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
    driveApp: DriveApp,
    propertiesService: PropertiesService,
    lockService: LockService,
    // the attachments are Blobs of Utilities.newBlob, typed opaque in gas-services (GasAttachment)
    mailApp: {
      sendEmail: (message) => MailApp.sendEmail(message as GoogleAppsScript.Mail.MailAdvancedParameters),
      getRemainingDailyQuota: () => MailApp.getRemainingDailyQuota(),
    },
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

/**
 * Time-driven trigger (daily): «Досылка ответов», then the letters of the list draft that waited for a new day's
 * mail quota.
 */
export function reconcileResponses(): void {
  const all = services();
  // one run, one 6-minute limit: the letters get only what «Досылка ответов» left of the run's budget
  const run = startRun(all);
  const report = reconcileTriggerCommand(all);
  if (report && !report.finished)
    console.warn(`ШНОР-Монитор: досылка не закончена (${report.stoppedBy ?? ""} ${report.error ?? ""})`);
  const letters = draftLettersTriggerCommand(all, run);
  if (letters !== undefined && "error" in letters && letters.error !== undefined)
    console.warn(`ШНОР-Монитор: письма по проекту списков: ${letters.error}`);
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

export function menuImportFile(): void {
  importFileCommand(services());
}

export function menuUndoImport(): void {
  undoImportCommand(services());
}

export function menuDownloadTemplate(): void {
  const all = services();
  downloadTemplateCommand(all, coordinatorSpreadsheet(all));
}

/** Called from the import dialog through `google.script.run`. */
export function importFileFromDialog(input: ImportInput): ImportReply {
  return importFileDialogCommand(services(), input);
}

/** Called from the import dialog's column-mapping step through `google.script.run`. */
export function saveGiaMappingFromDialog(input: MappingInput): ImportReply {
  return saveGiaMappingDialogCommand(services(), input);
}

export function menuDraftLists(): void {
  draftListsCommand(services());
}

export function menuDraftLetters(): void {
  draftLettersCommand(services());
}

export function menuApproveLists(): void {
  approveListsCommand(services());
}

export function menuApprovalDocuments(): void {
  approvalDocumentsCommand(services());
}

/** Called from the approval dialog through `google.script.run`. */
export function approveListsFromDialog(input: ApproveInput): ApproveReply {
  return approveListsDialogCommand(services(), input);
}

/** Called from the undo dialog through `google.script.run`. */
export function undoImportFromDialog(importId: string): ImportReply {
  return undoImportDialogCommand(services(), importId);
}

export function menuFillCriteria(): void {
  fillCriteriaCommand(services());
}

export function menuCompareMethods(): void {
  compareMethodsCommand(services());
}

/** Called from «Заполнить критерии из пресета…» through `google.script.run`. */
export function fillCriteriaFromDialog(preset: string, replace: boolean): CriteriaReply {
  const all = services();
  return fillCriteriaDialogCommand(coordinatorSpreadsheet(all), preset, replace === true);
}

/** Called from «Сравнить с другой методикой…» through `google.script.run`. */
export function compareMethodsFromDialog(choice: string): CriteriaReply {
  const all = services();
  return compareMethodsDialogCommand(all, coordinatorSpreadsheet(all), choice);
}
