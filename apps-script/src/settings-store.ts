// What the script remembers in the spreadsheet's document properties: the connection and the forms it built.
import type { FormKind } from "../../functions/src/catalog/form-catalog.js";
import type { GasProperties } from "./gas-services.js";

const URL_KEY = "shnor.apiUrl";
const TERRITORY_KEY = "shnor.territoryId";
const FORM_KEY_PREFIX = "shnor.form.";
const LEGACY_SYNC_MARKS_KEY = "shnor.syncMarks";

/** Same rule as the server's territory ids: lower-case Latin letters, digits, «-» and «_». */
export const TERRITORY_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface ConnectionSettings {
  /** The function URL without a trailing slash, e.g. `https://europe-west1-….cloudfunctions.net/api`. */
  apiUrl: string;
  territoryId: string;
}

/**
 * One form the script built. `items` maps a Google Forms item id to the catalog key of its question (what
 * onFormSubmit needs to turn a response into answers); `sections` maps `section:<n>` to the item that starts it.
 */
export interface FormRecord {
  kind: FormKind;
  id: string;
  catalogVersion: string;
  publishedUrl: string;
  editUrl: string;
  items: Record<string, string>;
  sections: Record<string, string>;
}

/** The saved connection, or undefined when «Настройка подключения» was never completed. */
export function readConnection(props: GasProperties): ConnectionSettings | undefined {
  const apiUrl = props.getProperty(URL_KEY);
  const territoryId = props.getProperty(TERRITORY_KEY);
  if (!apiUrl || !territoryId) return undefined;
  return { apiUrl, territoryId };
}

/** Saves the connection (the URL without trailing slashes). */
export function writeConnection(props: GasProperties, settings: ConnectionSettings): void {
  props.setProperty(URL_KEY, settings.apiUrl.replace(/\/+$/, ""));
  props.setProperty(TERRITORY_KEY, settings.territoryId);
}

function parseJson(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A property edited by hand into something unreadable is treated as absent; the next build rewrites it.
    return undefined;
  }
}

/** The record of the form of this kind, if the script built one. */
export function readFormRecord(props: GasProperties, kind: FormKind): FormRecord | undefined {
  const value = parseJson(props.getProperty(FORM_KEY_PREFIX + kind));
  if (value === null || typeof value !== "object") return undefined;
  const record = value as FormRecord;
  return typeof record.id === "string" && typeof record.items === "object" ? record : undefined;
}

/** Saves one form's record; one property per form keeps each under the 9 KB limit of a property value. */
export function writeFormRecord(props: GasProperties, record: FormRecord): void {
  props.setProperty(FORM_KEY_PREFIX + record.kind, JSON.stringify(record));
}

/**
 * Forgets the list of marked cells older scripts kept here. It outgrew the 9 KB a property value may hold at
 * about 200 cells (https://developers.google.com/apps-script/guides/services/quotas, «Properties value size»);
 * the marks are now found on the sheet itself (tab-sync.ts).
 */
export function forgetLegacySyncMarks(props: GasProperties): void {
  if (props.getProperty(LEGACY_SYNC_MARKS_KEY) !== null) props.deleteProperty(LEGACY_SYNC_MARKS_KEY);
}

const SPREADSHEET_KEY = "shnor.spreadsheetId";
const OWNER_KEY = "shnor.triggerOwner";

/** The coordinator's spreadsheet id, remembered for triggers that run without an active spreadsheet. */
export function readSpreadsheetId(props: GasProperties): string | undefined {
  return props.getProperty(SPREADSHEET_KEY) ?? undefined;
}

export function writeSpreadsheetId(props: GasProperties, id: string): void {
  props.setProperty(SPREADSHEET_KEY, id);
}

/**
 * The one account whose triggers process answers (installable triggers run as their creator, so two owners
 * would send every answer twice). Kept in the document properties, which every editor of the sheet shares.
 */
export function readTriggerOwner(props: GasProperties): string | undefined {
  const owner = props.getProperty(OWNER_KEY);
  return owner ? owner : undefined;
}

export function writeTriggerOwner(props: GasProperties, email: string): void {
  props.setProperty(OWNER_KEY, email);
}

const RECONCILE_CURSOR_KEY = "shnor.reconcileCursor";
const RECONCILE_DONE_KEY = "shnor.reconcileDoneAt";

/**
 * Where an unfinished «Досылка ответов» pass resumes: the form (index in the catalog's order) and the last
 * response already compared, in the order (timestamp, id). An edit gets a later timestamp, so it is always
 * ahead of the cursor and never skipped.
 */
export interface ReconcileCursor {
  formIndex: number;
  after?: { at: number; id: string } | undefined;
}

export function readReconcileCursor(props: GasProperties): ReconcileCursor | undefined {
  const value = parseJson(props.getProperty(RECONCILE_CURSOR_KEY)) as ReconcileCursor | undefined;
  return value && typeof value.formIndex === "number" ? value : undefined;
}

export function writeReconcileCursor(props: GasProperties, cursor: ReconcileCursor | undefined): void {
  if (cursor) props.setProperty(RECONCILE_CURSOR_KEY, JSON.stringify(cursor));
  else props.deleteProperty(RECONCILE_CURSOR_KEY);
}

/** When the last complete pass ended (ISO-8601), for «Проверить формы». */
export function readReconcileDoneAt(props: GasProperties): string | undefined {
  return props.getProperty(RECONCILE_DONE_KEY) ?? undefined;
}

export function writeReconcileDoneAt(props: GasProperties, at: string): void {
  props.setProperty(RECONCILE_DONE_KEY, at);
}
