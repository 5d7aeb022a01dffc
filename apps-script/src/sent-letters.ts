// Which rejection letters went out lately: a form-submit trigger firing twice for one response must not mail the school twice.
import type { Services } from "./gas-services.js";
import { acquireScriptLock } from "./outbox.js";

const SENT_LETTERS_KEY = "shnor.sentLetters";

/**
 * The memory is kept under this many UTF-8 bytes, below the 9 KB a property value may hold («Properties value
 * size 9 KB / val», https://developers.google.com/apps-script/guides/services/quotas); the oldest keys go first.
 * Twin firings of one trigger come seconds apart, so the latest few dozen letters are all that is needed.
 */
export const SENT_LETTERS_MAX_BYTES = 8_000;

/** How long a run waits to check the memory; past it the letter goes anyway — two letters beat none. */
const CLAIM_LOCK_WAIT_MS = 5_000;

/** One letter per version of a response: an edit (a later `submittedAt`) rejected again gets its own letter. */
export function letterKey(formId: string, responseId: string, submittedAt: string): string {
  return `${formId}|${responseId}|${submittedAt}`;
}

function readKeys(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === "string") : [];
  } catch {
    return []; // edited by hand into something unreadable: forgotten, at worst one letter twice
  }
}

/** UTF-8 bytes of `text` (the unit of the property limits); Apps Script has no TextEncoder. */
function byteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

function claim(services: Pick<Services, "propertiesService">, key: string): boolean {
  const props = services.propertiesService.getDocumentProperties();
  const keys = readKeys(props.getProperty(SENT_LETTERS_KEY));
  if (keys.includes(key)) return false;
  keys.push(key);
  while (keys.length > 1 && byteLength(JSON.stringify(keys)) > SENT_LETTERS_MAX_BYTES) keys.shift();
  props.setProperty(SENT_LETTERS_KEY, JSON.stringify(keys));
  return true;
}

/** Forgets `key`: its letter did not go (MailApp refused it), so the next firing or resend may send it. */
function release(services: Pick<Services, "propertiesService">, key: string): void {
  const props = services.propertiesService.getDocumentProperties();
  const keys = readKeys(props.getProperty(SENT_LETTERS_KEY));
  if (keys.includes(key)) props.setProperty(SENT_LETTERS_KEY, JSON.stringify(keys.filter((k) => k !== key)));
}

/**
 * `change` of the memory under the script lock (already held when `lockHeld`); `otherwise` when the lock is not
 * had within {@link CLAIM_LOCK_WAIT_MS} or the memory cannot be read or written.
 */
function withMemory<T>(
  services: Pick<Services, "propertiesService" | "lockService">,
  lockHeld: boolean,
  change: () => T,
  otherwise: T,
): T {
  try {
    if (lockHeld) return change();
    const lock = acquireScriptLock(services, CLAIM_LOCK_WAIT_MS);
    if (!lock) return otherwise;
    try {
      return change();
    } finally {
      lock.releaseLock();
    }
  } catch (error) {
    console.error(`ШНОР-Монитор: не удалось запомнить отправленное письмо: ${String(error)}`);
    return otherwise;
  }
}

/**
 * True when this run is to send the letter for `key`, which is then remembered before the letter goes: a run cut
 * off between the two loses the letter but never sends it twice, as in the outbox. Checked and recorded under
 * the script lock, so two firings at the same moment agree on which one sends. Without the lock in
 * {@link CLAIM_LOCK_WAIT_MS}, or with a memory that cannot be written, the letter goes.
 */
export function claimLetter(
  services: Pick<Services, "propertiesService" | "lockService">,
  key: string,
  lockHeld: boolean,
): boolean {
  return withMemory(services, lockHeld, () => claim(services, key), true);
}

/**
 * Takes back a claim whose letter MailApp refused (the day's quota): remembered as sent, it would never go, and
 * the next firing would count it as mailed.
 */
export function releaseLetter(
  services: Pick<Services, "propertiesService" | "lockService">,
  key: string,
  lockHeld: boolean,
): void {
  withMemory(services, lockHeld, () => release(services, key), undefined);
}
