// The few Apps Script services the project touches, as narrow interfaces: the real globals satisfy them, tests pass fakes.

// Why narrow interfaces instead of `GoogleAppsScript.*` types: the fakes in tests/apps-script implement only what
// is listed here, and main.ts proves at compile time that the real services are assignable to these shapes.

/** A cell range (SpreadsheetApp `Range`), only the methods used. */
export interface GasRange {
  getValues(): unknown[][];
  getDisplayValues(): string[][];
  setValues(values: unknown[][]): GasRange;
  setValue(value: unknown): GasRange;
  getNote(): string;
  setNote(note: string | null): GasRange;
  setNotes(notes: (string | null)[][]): GasRange;
  getNotes(): string[][];
  setBackground(color: string | null): GasRange;
  getBackgrounds(): string[][];
  setBackgrounds(colors: (string | null)[][]): GasRange;
  setFontWeight(weight: string | null): GasRange;
  setNumberFormat(format: string): GasRange;
  setWrap(wrap: boolean): GasRange;
  setDataValidation(rule: GasDataValidation | null): GasRange;
  clearContent(): GasRange;
}

export interface GasProtection {
  getDescription(): string;
  setDescription(description: string): GasProtection;
  setWarningOnly(warningOnly: boolean): GasProtection;
  isWarningOnly(): boolean;
  getEditors(): GasUser[];
  addEditors(emails: string[]): GasProtection;
  removeEditors(emails: string[]): GasProtection;
  canDomainEdit(): boolean;
  setDomainEdit(editable: boolean): GasProtection;
}

export interface GasUser {
  getEmail(): string;
}

export interface GasSheet {
  getName(): string;
  /** https://developers.google.com/apps-script/reference/spreadsheet/sheet#setName(String) */
  setName(name: string): GasSheet;
  getRange(row: number, column: number, numRows?: number, numColumns?: number): GasRange;
  getDataRange(): GasRange;
  getLastRow(): number;
  getLastColumn(): number;
  getMaxRows(): number;
  getMaxColumns(): number;
  appendRow(rowContents: unknown[]): GasSheet;
  deleteRow(rowPosition: number): GasSheet;
  setFrozenRows(rows: number): void;
  setColumnWidth(columnPosition: number, width: number): GasSheet;
  protect(): GasProtection;
  getProtections(type: unknown): GasProtection[];
  clear(): GasSheet;
  setTabColor(color: string | null): GasSheet;
}

export interface GasSpreadsheet {
  getId(): string;
  getUrl(): string;
  getName(): string;
  getSpreadsheetLocale(): string;
  getSpreadsheetTimeZone(): string;
  getSheetByName(name: string): GasSheet | null;
  getSheets(): GasSheet[];
  insertSheet(sheetName: string, sheetIndex: number): GasSheet;
  deleteSheet(sheet: GasSheet): void;
  getEditors(): GasUser[];
  toast(msg: string, title: string, timeoutSeconds: number): void;
}

export interface GasDataValidation {
  getHelpText(): string;
}

export interface GasDataValidationBuilder {
  requireValueInList(values: string[], showDropdown: boolean): GasDataValidationBuilder;
  requireNumberBetween(start: number, end: number): GasDataValidationBuilder;
  requireNumberGreaterThanOrEqualTo(number: number): GasDataValidationBuilder;
  requireDate(): GasDataValidationBuilder;
  setAllowInvalid(allowInvalidData: boolean): GasDataValidationBuilder;
  setHelpText(helpText: string): GasDataValidationBuilder;
  build(): GasDataValidation;
}

export interface GasMenu {
  addItem(caption: string, functionName: string): GasMenu;
  addSeparator(): GasMenu;
  addToUi(): void;
}

export interface GasUi {
  createMenu(caption: string): GasMenu;
  /** Returns the button pressed (`Button.YES`, …). */
  alert(title: string, prompt: string, buttons: unknown): unknown;
  showModalDialog(userInterface: unknown, title: string): void;
  readonly ButtonSet: { readonly OK: unknown; readonly YES_NO: unknown };
  readonly Button: { readonly YES: unknown };
}

export interface GasSpreadsheetApp {
  getActive(): GasSpreadsheet;
  openById(id: string): GasSpreadsheet;
  /** A new spreadsheet in the user's Drive (the spreadsheets scope is enough). */
  create(name: string): GasSpreadsheet;
  getUi(): GasUi;
  newDataValidation(): GasDataValidationBuilder;
  readonly ProtectionType: { readonly SHEET: unknown };
}

// ── Forms ────────────────────────────────────────────────────────────────────────────────────────────────

/** A built text validation; opaque to the project. */
export type GasTextValidation = object;

export interface GasTextValidationBuilder {
  requireNumberBetween(start: number, end: number): GasTextValidationBuilder;
  requireNumberGreaterThanOrEqualTo(number: number): GasTextValidationBuilder;
  requireNumber(): GasTextValidationBuilder;
  requireTextMatchesPattern(pattern: string): GasTextValidationBuilder;
  setHelpText(text: string): GasTextValidationBuilder;
  build(): GasTextValidation;
}

export interface GasTextItem {
  getId(): number;
  getIndex(): number;
  setTitle(title: string): GasTextItem;
  setHelpText(text: string): GasTextItem;
  setRequired(enabled: boolean): GasTextItem;
  setValidation(validation: GasTextValidation): GasTextItem;
  clearValidation(): GasTextItem;
}

/** List, multiple-choice and checkbox items share these. */
export interface GasChoiceItem {
  getId(): number;
  getIndex(): number;
  setTitle(title: string): GasChoiceItem;
  setHelpText(text: string): GasChoiceItem;
  setRequired(enabled: boolean): GasChoiceItem;
  setChoiceValues(values: string[]): GasChoiceItem;
}

export interface GasSectionItem {
  getId(): number;
  getIndex(): number;
  setTitle(title: string): GasSectionItem;
  setHelpText(text: string): GasSectionItem;
}

export interface GasItem {
  getId(): number;
  getIndex(): number;
  getType(): unknown;
  getTitle(): string;
  asTextItem(): GasTextItem;
  asListItem(): GasChoiceItem;
  asMultipleChoiceItem(): GasChoiceItem;
  asCheckboxItem(): GasChoiceItem;
  asPageBreakItem(): GasSectionItem;
  asSectionHeaderItem(): GasSectionItem;
}

export interface GasItemResponse {
  getItem(): GasItem;
  getResponse(): unknown;
}

/** A response as Forms keeps it; the same object onFormSubmit hands over and `Form.getResponses()` lists. */
export interface GasFormResponse {
  getId(): string;
  /** A Date at run time; typed by its one method used, as @types declares it without toISOString. */
  getTimestamp(): { getTime(): number };
  getRespondentEmail(): string;
  getEditResponseUrl(): string;
  getItemResponses(): GasItemResponse[];
}

export interface GasForm {
  getId(): string;
  getTitle(): string;
  getPublishedUrl(): string;
  getEditUrl(): string;
  setTitle(title: string): GasForm;
  setDescription(description: string): GasForm;
  setCollectEmail(collect: boolean): GasForm;
  collectsEmail(): boolean;
  isAcceptingResponses(): boolean;
  setAcceptingResponses(enabled: boolean): GasForm;
  /*
   * Publishing (forms created through the API after 30 June 2026 start unpublished and take no answers:
   * https://developers.google.com/workspace/forms/api/guides/api-changes-to-google-forms). FormApp documents
   * `setPublished`, `isPublished` and `supportsAdvancedResponderPermissions`
   * (https://developers.google.com/apps-script/reference/forms/form) but @types/google-apps-script 2.0.13 does
   * not have them yet, so they are optional here: where a runtime lacks them the Forms API publishes instead.
   */
  setPublished?(enabled: boolean): GasForm;
  isPublished?(): boolean;
  /** False for a legacy form, which has no publish state (it is always published). */
  supportsAdvancedResponderPermissions?(): boolean;
  getResponses(): GasFormResponse[];
  setAllowResponseEdits(enabled: boolean): GasForm;
  setConfirmationMessage(message: string): GasForm;
  setProgressBar(enabled: boolean): GasForm;
  getDestinationId(): string;
  setDestination(type: unknown, id: string): GasForm;
  getItems(): GasItem[];
  deleteItem(item: GasItem): void;
  moveItem(from: number, to: number): GasItem;
  addTextItem(): GasTextItem;
  addListItem(): GasChoiceItem;
  addMultipleChoiceItem(): GasChoiceItem;
  addCheckboxItem(): GasChoiceItem;
  addPageBreakItem(): GasSectionItem;
  addSectionHeaderItem(): GasSectionItem;
}

/** The item kinds the builder creates (FormApp.ItemType members). */
export type GasItemTypeName =
  | "TEXT"
  | "LIST"
  | "MULTIPLE_CHOICE"
  | "CHECKBOX"
  | "PAGE_BREAK"
  | "SECTION_HEADER";

export interface GasFormApp {
  create(title: string): GasForm;
  openById(id: string): GasForm;
  createTextValidation(): GasTextValidationBuilder;
  readonly ItemType: { readonly [K in GasItemTypeName]: unknown };
  readonly DestinationType: { readonly SPREADSHEET: unknown };
}

// ── Script, network, properties, lock, mail, HTML, utilities ────────────────────────────────────────────

export interface GasTrigger {
  getHandlerFunction(): string;
  getTriggerSourceId(): string;
  getUniqueId(): string;
}

export interface GasClockTriggerBuilder {
  everyMinutes(minutes: number): GasClockTriggerBuilder;
  everyDays(days: number): GasClockTriggerBuilder;
  atHour(hour: number): GasClockTriggerBuilder;
  create(): GasTrigger;
}

export interface GasTriggerBuilder {
  forForm(form: GasForm): { onFormSubmit(): { create(): GasTrigger } };
  timeBased(): GasClockTriggerBuilder;
}

export interface GasScriptApp {
  getIdentityToken(): string;
  /** The OAuth token of the effective user, with the manifest's scopes: the Forms API accepts it. */
  getOAuthToken(): string;
  /** Only the caller's own triggers of this project: nobody can see or delete another user's. */
  getProjectTriggers(): GasTrigger[];
  newTrigger(functionName: string): GasTriggerBuilder;
  deleteTrigger(trigger: GasTrigger): void;
}

export interface GasHttpResponse {
  getResponseCode(): number;
  getContentText(): string;
  /** The body as bytes (Apps Script's Byte[]: -128…127). */
  getContent(): number[];
  /** The body as a Blob: handed on as a payload without turning it into a JavaScript array. */
  getBlob(): GasBlob;
  /** Header names to values (an object at run time). */
  getHeaders(): object;
}

export interface GasFetchParams {
  method?: "get" | "post";
  contentType?: string;
  /**
   * JSON text, or a file sent as it is: a Blob (UrlFetchApp sends its bytes as the body; a 30 MB file never
   * becomes a JavaScript array of 30 million numbers) or bytes.
   */
  payload?: string | number[] | GasBlob;
  headers?: Record<string, string>;
  muteHttpExceptions?: boolean;
}

export interface GasUrlFetchApp {
  fetch(url: string, params: GasFetchParams): GasHttpResponse;
}

export interface GasProperties {
  getProperty(key: string): string | null;
  /** A copy of every key and value: one call (https://developers.google.com/apps-script/reference/properties/properties). */
  getProperties(): Record<string, string>;
  setProperty(key: string, value: string): GasProperties;
  deleteProperty(key: string): GasProperties;
}

export interface GasPropertiesService {
  getDocumentProperties(): GasProperties;
}

export interface GasLock {
  tryLock(timeoutInMillis: number): boolean;
  releaseLock(): void;
}

export interface GasLockService {
  getScriptLock(): GasLock;
}

/** A file MailApp can attach (Apps Script's `BlobSource`); opaque to the project. */
export interface GasAttachment {
  getAs(contentType: string): unknown;
  getBlob(): unknown;
}

export interface GasMailApp {
  /** `to` may list several addresses, comma-separated: each counts against the daily recipients quota. */
  sendEmail(message: {
    to: string;
    subject: string;
    body: string;
    name?: string;
    attachments?: GasAttachment[];
  }): void;
  /** Recipients the user may still mail today (MailApp quota, see decision-commands.ts). */
  getRemainingDailyQuota(): number;
}

export interface GasHtmlOutput {
  setWidth(width: number): GasHtmlOutput;
  setHeight(height: number): GasHtmlOutput;
}

export interface GasHtmlService {
  createHtmlOutput(html: string): GasHtmlOutput;
}

export interface GasUtilities {
  sleep(milliseconds: number): void;
  formatDate(date: Date, timeZone: string, format: string): string;
  /** A file made of text (a school's card attached to its letter). */
  newBlob(data: string, contentType: string, name: string): GasAttachment;
}

export interface GasSession {
  /** In an installable trigger, the trigger's owner; in a menu command, the person who chose it. */
  getEffectiveUser(): GasUser;
}

// ── Drive ────────────────────────────────────────────────────────────────────────────────────────────────

/** A file's contents; Apps Script gives bytes as Java bytes (-128…127). */
export interface GasBlob {
  getBytes(): number[];
}

/** A Drive file (DriveApp `File`), only the methods used. Native Google files report size 0. */
export interface GasDriveFile {
  getId(): string;
  getName(): string;
  getSize(): number;
  getMimeType(): string;
  getBlob(): GasBlob;
}

export interface GasDriveApp {
  getFileById(id: string): GasDriveFile;
}

/** Milliseconds since the epoch; a service so that time budgets can be tested without waiting. */
export interface GasClock {
  now(): number;
}

/** Everything the project uses, passed explicitly so that every module can run on fakes. */
export interface Services {
  spreadsheetApp: GasSpreadsheetApp;
  formApp: GasFormApp;
  scriptApp: GasScriptApp;
  urlFetchApp: GasUrlFetchApp;
  driveApp: GasDriveApp;
  propertiesService: GasPropertiesService;
  lockService: GasLockService;
  mailApp: GasMailApp;
  htmlService: GasHtmlService;
  utilities: GasUtilities;
  session: GasSession;
  clock: GasClock;
}
