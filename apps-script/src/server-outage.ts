// Whether the api failed a moment ago: during an outage each new response is queued after one call, not four and 7 s of pauses.
import type { Services } from "./gas-services.js";

const FAILED_AT_KEY = "shnor.serverFailedAt";

/**
 * How long after a failed delivery the next ones try once. Every response of an outage otherwise spends 4 calls
 * and 7 s of pauses in its form-submit trigger: a consumer account has 90 minutes of trigger runtime and 20,000
 * UrlFetchApp calls a day (https://developers.google.com/apps-script/guides/services/quotas), and the queued
 * responses are sent by the resend trigger anyway once the server answers.
 */
export const OUTAGE_WINDOW_MS = 10 * 60_000;

/** True when a delivery failed (no answer, 429, 5xx) within the last {@link OUTAGE_WINDOW_MS}. */
export function serverRecentlyFailed(services: Pick<Services, "propertiesService" | "clock">): boolean {
  try {
    const at = Number(services.propertiesService.getDocumentProperties().getProperty(FAILED_AT_KEY));
    const now = services.clock.now();
    return Number.isFinite(at) && at > 0 && now - at >= 0 && now - at < OUTAGE_WINDOW_MS;
  } catch {
    return false; // the memory cannot be read: retry as usual
  }
}

/** Remembers the outcome of a delivery: the time of a failure, or nothing once the server answers again. */
export function noteServerOutcome(
  services: Pick<Services, "propertiesService" | "clock">,
  failed: boolean,
): void {
  try {
    const props = services.propertiesService.getDocumentProperties();
    if (failed) props.setProperty(FAILED_AT_KEY, String(services.clock.now()));
    else if (props.getProperty(FAILED_AT_KEY) !== null) props.deleteProperty(FAILED_AT_KEY);
  } catch (error) {
    console.error(`ШНОР-Монитор: не удалось запомнить состояние сервера: ${String(error)}`);
  }
}
