// Publish coalescing: at most one sheet publish per territory every 10 s, within the installation's Sheets write budget; the trailing one left to /flush.

import type { Result } from "../contract/result.js";
import type { WriteFailure } from "../sheets/workbook-writer.js";

/** Wall-clock port; epoch milliseconds. Tests pass a fake one. */
export interface Clock {
  now(): number;
}

/** Per-territory timestamps (epoch ms) that say whether the coordinator's sheet is behind. */
export interface PublishMarkers {
  /** Last time facts of the territory changed (submit, sync). */
  factsChangedAt: number | null;
  /** When the stored results were computed. */
  resultsComputedAt: number | null;
  /** When the last publish of the sheet started (claimed); `null` before the first publish. */
  publishedAt: number | null;
}

/**
 * Where the markers live (Firestore in production: one small document per territory, so a decision
 * costs one read). `setPublishedAt` is a compare-and-set so that two function instances racing on
 * the same territory cannot both publish inside one interval.
 */
export interface PublishMarkerStore {
  getMarkers(territoryId: string): Promise<PublishMarkers>;
  /**
   * Stores `publishedAt` only if the stored value still equals `previous` (`null` = never published);
   * resolves `false` when another instance changed it first. Implement in a transaction.
   */
  setPublishedAt(territoryId: string, publishedAt: number | null, previous: number | null): Promise<boolean>;
}

/** What the publish port is asked to do: `recompute` when facts changed after the stored results. */
export interface PublishNeeds {
  recompute: boolean;
}

/**
 * Any writer's outcome fits (Google Sheets, xlsx): success, or a failure value with a code. When the port
 * recomputed first it reports `resultsComputedAt` of the results it published, so they do not look newer
 * than the sheet afterwards. A failure with `retryAfterMs` wrote nothing because the installation's Sheets
 * write budget (60 write requests a minute for all territories together) cannot take the publish's requests
 * until then: the scheduler defers it instead of reporting a failure.
 */
export type PublishPortOutcome = Result<PublishedResults, WriteFailure>;

/** What a publish put on the sheet: the computation time of the results, when the port knows it. */
export interface PublishedResults {
  resultsComputedAt?: number | undefined;
}

/** Renders and writes the territory's workbook (recomputing first when asked); never throws for expected failures. */
export type PublishPort = (territoryId: string, needs: PublishNeeds) => Promise<PublishPortOutcome>;

/**
 * Why a publish did not happen now: the territory's interval, another instance publishing it, or the
 * installation's Sheets write budget being spent.
 */
export type DeferReason = "too_soon" | "claimed_elsewhere" | "quota";

/** One decision of the scheduler, as a value. */
export type PublishDecision =
  | { action: "published"; territoryId: string; publishedAt: number }
  | { action: "failed"; territoryId: string; code: string; message: string }
  /** Left for the next publish or /flush; `retryAfterMs` is when the interval allows one again. */
  | { action: "deferred"; territoryId: string; reason: DeferReason; retryAfterMs: number }
  | { action: "up_to_date"; territoryId: string }
  /** A publish of this territory was already running in this process; it will run once more when done. */
  | { action: "coalesced"; territoryId: string };

/** How a publish is requested: `force` skips the 10 s interval (an explicit /recalculate, /flush). */
export interface PublishRequest {
  force?: boolean;
}

/** The per-territory state of a publish running in this process. */
interface InFlight {
  rerun: boolean;
  force: boolean;
}

/** Default minimum interval between publishes of one territory (docs/design.md §6: Sheets quota). */
export const MIN_PUBLISH_INTERVAL_MS = 10_000;

/**
 * The sheet is behind when results are newer than the last publish, or facts are newer than results
 * (a submit stored facts but the recompute never finished).
 */
export function sheetIsStale(markers: PublishMarkers): boolean {
  return needsRecompute(markers) || resultsNewerThanSheet(markers);
}

function needsRecompute(m: PublishMarkers): boolean {
  return (
    m.factsChangedAt !== null && (m.resultsComputedAt === null || m.factsChangedAt > m.resultsComputedAt)
  );
}

function resultsNewerThanSheet(m: PublishMarkers): boolean {
  return m.resultsComputedAt !== null && (m.publishedAt === null || m.resultsComputedAt > m.publishedAt);
}

/**
 * Decides, per request, whether a territory's sheet is published now or later.
 *
 * Rules: a publish already running in this process absorbs new requests (and runs once more when it
 * ends, to carry changes that arrived meanwhile); otherwise, unless forced, a territory published less
 * than `minIntervalMs` ago is deferred — the trailing publish of a burst is made by {@link flush},
 * which Cloud Scheduler calls every minute. Under a burst this gives at most one publish per interval.
 *
 * The interval bounds publishes per territory; what bounds the writes of the whole installation is the
 * Sheets write budget the publish port takes its requests from (a publish of a large territory is several
 * requests): a publish it cannot fit is deferred with reason `quota`, the sheet stays stale, and /flush
 * publishes it once the budget allows, longest-waiting territory first.
 */
export class PublishScheduler {
  readonly #store: PublishMarkerStore;
  readonly #clock: Clock;
  readonly #publish: PublishPort;
  readonly #minIntervalMs: number;
  readonly #inFlight = new Map<string, InFlight>();

  constructor(deps: {
    store: PublishMarkerStore;
    clock: Clock;
    publish: PublishPort;
    minIntervalMs?: number;
  }) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#publish = deps.publish;
    this.#minIntervalMs = deps.minIntervalMs ?? MIN_PUBLISH_INTERVAL_MS;
  }

  /**
   * Asks for the territory's sheet to be brought up to date (after a submit, sync or recalculation).
   * Resolves with this request's decision first, then one decision per re-run it performed for
   * requests that arrived while its publish was running.
   */
  async requestPublish(territoryId: string, request: PublishRequest = {}): Promise<PublishDecision[]> {
    const running = this.#inFlight.get(territoryId);
    if (running) {
      running.rerun = true;
      running.force ||= request.force === true;
      return [{ action: "coalesced", territoryId }];
    }
    const state: InFlight = { rerun: false, force: false };
    this.#inFlight.set(territoryId, state);
    try {
      const decisions = [await this.#attempt(territoryId, request.force === true)];
      while (state.rerun) {
        const force = state.force;
        state.rerun = false;
        state.force = false;
        decisions.push(await this.#attempt(territoryId, force));
      }
      return decisions;
    } finally {
      this.#inFlight.delete(territoryId);
    }
  }

  /**
   * The trailing publish: for each territory whose sheet is stale ({@link sheetIsStale}), publishes now
   * regardless of the interval (flush itself runs once a minute). Territories are done one after another,
   * the one whose sheet was published longest ago (or never) first, so that when the installation's write
   * budget runs out the same territories are not always the ones left waiting; once a publish is deferred
   * for the budget, the remaining stale territories are deferred too without loading them (the next flush
   * takes them first). Returns the decisions per territory, in input order.
   */
  async flush(
    territoryIds: readonly string[],
  ): Promise<{ territoryId: string; decisions: PublishDecision[] }[]> {
    const markers = new Map<string, PublishMarkers>();
    for (const territoryId of territoryIds)
      markers.set(territoryId, await this.#store.getMarkers(territoryId));
    const waitedLongest = [...territoryIds].sort(
      (a, b) =>
        (markers.get(a)?.publishedAt ?? Number.NEGATIVE_INFINITY) -
        (markers.get(b)?.publishedAt ?? Number.NEGATIVE_INFINITY),
    );
    const decided = new Map<string, PublishDecision[]>();
    let budgetFreeIn: number | undefined;
    for (const territoryId of waitedLongest) {
      const m = markers.get(territoryId);
      if (m === undefined || !sheetIsStale(m)) {
        decided.set(territoryId, [{ action: "up_to_date", territoryId }]);
      } else if (budgetFreeIn !== undefined) {
        decided.set(territoryId, [
          { action: "deferred", territoryId, reason: "quota", retryAfterMs: budgetFreeIn },
        ]);
      } else {
        const decisions = await this.requestPublish(territoryId, { force: true });
        decided.set(territoryId, decisions);
        const last = decisions[decisions.length - 1];
        if (last?.action === "deferred" && last.reason === "quota") budgetFreeIn = last.retryAfterMs;
      }
    }
    return territoryIds.map((territoryId) => ({ territoryId, decisions: decided.get(territoryId) ?? [] }));
  }

  async #attempt(territoryId: string, force: boolean): Promise<PublishDecision> {
    const markers = await this.#store.getMarkers(territoryId);
    if (!sheetIsStale(markers)) return { action: "up_to_date", territoryId };
    const now = this.#clock.now();
    const previous = markers.publishedAt;
    if (!force && previous !== null && now - previous < this.#minIntervalMs) {
      return {
        action: "deferred",
        territoryId,
        reason: "too_soon",
        retryAfterMs: previous + this.#minIntervalMs - now,
      };
    }
    // Claim the interval before writing: a concurrent instance then sees a fresh publishedAt and defers.
    const claimed = await this.#store.setPublishedAt(territoryId, now, previous);
    if (!claimed) {
      return {
        action: "deferred",
        territoryId,
        reason: "claimed_elsewhere",
        retryAfterMs: this.#minIntervalMs,
      };
    }
    let outcome: PublishPortOutcome;
    try {
      outcome = await this.#publish(territoryId, { recompute: needsRecompute(markers) });
    } catch (error) {
      // An infrastructure fault: same as a failure for the markers, then let the caller see the fault.
      await this.#store.setPublishedAt(territoryId, previous, now);
      throw error;
    }
    if (!outcome.success) {
      // Give the claim back so the sheet still counts as stale and /flush (or the next request) retries.
      await this.#store.setPublishedAt(territoryId, previous, now);
      const { code, message, retryAfterMs } = outcome.error;
      if (retryAfterMs !== undefined)
        return { action: "deferred", territoryId, reason: "quota", retryAfterMs };
      return { action: "failed", territoryId, code, message };
    }
    const publishedVersion = outcome.data.resultsComputedAt;
    if (publishedVersion !== undefined && publishedVersion > now) {
      // Results computed during this publish are on the sheet: move the marker past them.
      const moved = await this.#store.setPublishedAt(territoryId, publishedVersion, now);
      if (moved) return { action: "published", territoryId, publishedAt: publishedVersion };
    }
    return { action: "published", territoryId, publishedAt: now };
  }
}
