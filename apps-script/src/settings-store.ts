// What the script remembers in the spreadsheet's document properties: the connection and the forms it built.
import type { FormKind } from "../../functions/src/catalog/form-catalog.js";
import type { GasProperties } from "./gas-services.js";

const URL_KEY = "shnor.apiUrl";
const TERRITORY_KEY = "shnor.territoryId";
const FORM_KEY_PREFIX = "shnor.form.";
const SYNC_MARKS_KEY = "shnor.syncMarks";

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

/** A cell the last sync marked as wrong, so the next sync can clear it. */
export interface SyncMark {
  tab: string;
  row: number;
  column: number;
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

/** Cells marked by the last sync. */
export function readSyncMarks(props: GasProperties): SyncMark[] {
  const value = parseJson(props.getProperty(SYNC_MARKS_KEY));
  return Array.isArray(value) ? (value as SyncMark[]) : [];
}

/** Remembers the cells this sync marked (an empty list deletes the property). */
export function writeSyncMarks(props: GasProperties, marks: readonly SyncMark[]): void {
  if (marks.length === 0) props.deleteProperty(SYNC_MARKS_KEY);
  else props.setProperty(SYNC_MARKS_KEY, JSON.stringify(marks));
}

const SPREADSHEET_KEY = "shnor.spreadsheetId";

/** The coordinator's spreadsheet id, remembered for triggers that run without an active spreadsheet. */
export function readSpreadsheetId(props: GasProperties): string | undefined {
  return props.getProperty(SPREADSHEET_KEY) ?? undefined;
}

export function writeSpreadsheetId(props: GasProperties, id: string): void {
  props.setProperty(SPREADSHEET_KEY, id);
}
