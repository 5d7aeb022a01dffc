// Exponential backoff with full jitter for calls to Google APIs; sleep and randomness are passed in.

/** How hard to retry: attempts include the first call; delays grow ×2 from `baseDelayMs` up to `maxDelayMs`. */
export interface BackoffPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Defaults sized for the Sheets quota (60 writes per minute per service account): five attempts
 * spread over up to ~30 s, enough for a per-minute quota window to roll over.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 16_000 };

/** The two effects backoff needs; tests pass a recording sleep and a fixed random so nothing waits. */
export interface BackoffEffects {
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), like `Math.random`. */
  random: () => number;
}

/** Real timers and `Math.random`: what production uses. */
export const systemBackoffEffects: BackoffEffects = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** What one attempt reports: either final, or worth another try (optionally not before `retryAfterMs`). */
export type AttemptResult<T> =
  | { retry: false; value: T }
  | { retry: true; value: T; retryAfterMs?: number | undefined };

/** The final value and how many attempts it took. */
export interface BackoffResult<T> {
  value: T;
  attempts: number;
}

/**
 * Delay before retry number `retry` (0-based), "full jitter":
 * `delay = random · min(maxDelayMs, baseDelayMs · 2^retry)`, never below the server's `Retry-After`.
 * Full jitter spreads the retries of many territories hitting the same quota at once.
 *
 * @example backoffDelay(2, { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 16000 }, () => 0.5) // 2000
 */
export function backoffDelay(
  retry: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.maxDelayMs));
}

/**
 * Runs `attempt` until it reports a final value or `policy.maxAttempts` is reached, sleeping
 * {@link backoffDelay} between tries. The last value is returned as is, retryable or not, so the
 * caller turns it into its own failure value. `attempt` must not throw for expected failures.
 */
export async function withBackoff<T>(
  attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
  policy: BackoffPolicy,
  effects: BackoffEffects,
): Promise<BackoffResult<T>> {
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  for (let n = 1; ; n++) {
    const result = await attempt(n);
    if (!result.retry || n >= maxAttempts) return { value: result.value, attempts: n };
    await effects.sleep(backoffDelay(n - 1, policy, effects.random, result.retryAfterMs));
  }
}
