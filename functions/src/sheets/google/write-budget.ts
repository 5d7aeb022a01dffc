// The installation's budget of Sheets write requests: at most 60 in any 60 s, shared by every territory and instance.

/**
 * Google counts Sheets write requests "per minute per user per project": 60 (and 300 per project), refilled
 * every minute, a 429 beyond (https://developers.google.com/workspace/sheets/api/limits). Every territory of
 * an installation writes as the one service account of the `api` function, so the 60 are shared by all of
 * them and by every function instance. Each `batchUpdate` counts as one request, whatever it carries
 * (https://developers.google.com/workspace/sheets/api/guides/batch).
 */
export interface WindowPolicy {
  /** Write requests allowed in any window. */
  limit: number;
  windowMs: number;
}

/** The Sheets API write quota of one service account (see {@link WindowPolicy}). */
export const SHEETS_WRITE_QUOTA: WindowPolicy = { limit: 60, windowMs: 60_000 };

/** Requests granted at one moment (epoch ms). */
export interface Grant {
  at: number;
  count: number;
}

/** The answer to a reservation. */
export type BudgetDecision = { granted: true } | { granted: false; retryAfterMs: number };

/** Where publishes take their write requests from; production shares one across instances (Firestore). */
export interface WriteBudget {
  /** Takes `count` write requests now, or says how long until they could be taken. */
  reserve(count: number): Promise<BudgetDecision>;
}

/**
 * A sliding-window log: grants `count` requests at `now` when the grants of the last `windowMs` plus
 * `count` stay within `limit`, so no window of that length ever holds more than `limit` requests —
 * whatever minute boundaries Google uses. (A token bucket refilled at 1/s would allow up to twice the
 * limit in some 60-s windows: a full burst, then the refill.) Otherwise the answer is when enough of the
 * oldest grants leave the window. A reservation above the limit is granted only into an empty window (it
 * can never fit otherwise; Google's 429 and the backoff handle the excess). The returned log holds only
 * grants still inside the window: at most `limit` entries.
 *
 * Time O(g), g = grants in the log.
 *
 * @example reserveInWindow([{ at: 0, count: 50 }], 20, 30_000, { limit: 60, windowMs: 60_000 })
 *   // { granted: false, retryAfterMs: 30_000, grants: [{ at: 0, count: 50 }] }
 */
export function reserveInWindow(
  grants: readonly Grant[],
  count: number,
  now: number,
  policy: WindowPolicy,
): { decision: BudgetDecision; grants: Grant[] } {
  const live = grants.filter((g) => g.at > now - policy.windowMs).sort((a, b) => a.at - b.at);
  const used = live.reduce((sum, g) => sum + g.count, 0);
  const wanted = Math.max(0, Math.floor(count));
  if (used + wanted <= policy.limit || used === 0) {
    return {
      decision: { granted: true },
      grants: wanted === 0 ? live : [...live, { at: now, count: wanted }],
    };
  }
  // Free the oldest grants until the request fits (or the window is empty, for one above the limit).
  let left = used;
  for (const grant of live) {
    left -= grant.count;
    if (left + wanted <= policy.limit || left === 0) {
      return {
        decision: { granted: false, retryAfterMs: Math.max(1, grant.at + policy.windowMs - now) },
        grants: live,
      };
    }
  }
  return { decision: { granted: false, retryAfterMs: policy.windowMs }, grants: live };
}

/**
 * A budget held in this process only: for one process that publishes alone (tests, a local run against a
 * real spreadsheet). Production uses the Firestore budget, shared by every instance.
 */
export class MemoryWriteBudget implements WriteBudget {
  #grants: Grant[] = [];

  constructor(
    private readonly now: () => number,
    private readonly policy: WindowPolicy = SHEETS_WRITE_QUOTA,
  ) {}

  async reserve(count: number): Promise<BudgetDecision> {
    const { decision, grants } = reserveInWindow(this.#grants, count, this.now(), this.policy);
    this.#grants = grants;
    return decision;
  }
}
