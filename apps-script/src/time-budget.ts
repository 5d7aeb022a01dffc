// How long one run may keep starting work: Apps Script ends every run at 6 minutes, wherever it is.
import type { Services } from "./gas-services.js";

/** «Script runtime: 6 min / execution» (https://developers.google.com/apps-script/guides/services/quotas). */
export const RUN_LIMIT_MS = 6 * 60_000;

/**
 * New sends start only within the first 4.5 minutes of a run. The remaining 1.5 minutes cover the one request
 * still in flight (each is sent once, without the backoff pauses) and the bookkeeping after it, so a run ends
 * on its own instead of being cut off in the middle of a row.
 */
export const RUN_BUDGET_MS = 270_000;

/** A run's start and its deadline for starting new work. */
export interface RunClock {
  startedAt: number;
  deadline: number;
}

/** The budget of a run starting now (or at `startedAt`, for a second task sharing one run). */
export function startRun(services: Pick<Services, "clock">, startedAt?: number): RunClock {
  const start = startedAt ?? services.clock.now();
  return { startedAt: start, deadline: start + RUN_BUDGET_MS };
}

/** True once the run may start nothing new. */
export function outOfTime(services: Pick<Services, "clock">, run: RunClock): boolean {
  return services.clock.now() >= run.deadline;
}
