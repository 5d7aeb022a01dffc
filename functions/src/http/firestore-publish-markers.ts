// The PublishScheduler's markers on the territory document, with the publish claim as a compare-and-set in a transaction.
import { z } from "zod";
import type { Db } from "../store/firestore-client.js";
import { TerritoryDocSchema } from "../store/stored-documents.js";
import { territoryState } from "../store/territory-repository.js";
import type { PublishMarkerStore, PublishMarkers } from "./publish-scheduler.js";

/** Field of the territory document holding the last publish claim, epoch milliseconds (absent = never). */
export const PUBLISH_CLAIM_FIELD = "publishClaimedAt";

const ClaimSchema = z.object({ [PUBLISH_CLAIM_FIELD]: z.number().nullable().optional() });

function millis(iso: string | undefined): number | null {
  if (iso === undefined) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Markers from one read of the territory document. The scheduler compares times, but "facts newer than
 * results" and "results newer than the sheet" are decided here by the exact counters (`factsVersion` vs
 * `resultsFactsVersion`, `resultsGeneration` vs `publishedGeneration`): a submit's timestamp is taken before
 * its transaction commits, so a recomputation that missed it could otherwise carry a later time. The times
 * are nudged so that the scheduler's comparisons give the counters' answer.
 */
export function markersOf(data: unknown): PublishMarkers {
  const doc = TerritoryDocSchema.parse(data);
  const state = territoryState(doc);
  const claim = ClaimSchema.parse(data)[PUBLISH_CLAIM_FIELD] ?? null;
  let resultsComputedAt = millis(doc.resultsComputedAt);
  if (resultsComputedAt !== null && state.needsPublish && claim !== null && resultsComputedAt <= claim) {
    resultsComputedAt = claim + 1;
  }
  const changed = millis(doc.factsChangedAt) ?? 0;
  const factsChangedAt = state.needsRecompute
    ? Math.max(changed, (resultsComputedAt ?? 0) + 1)
    : resultsComputedAt === null
      ? null
      : Math.min(changed, resultsComputedAt);
  return { factsChangedAt, resultsComputedAt, publishedAt: claim };
}

/** {@link PublishMarkerStore} on Firestore: the markers live on `territories/{id}`. */
export class FirestorePublishMarkers implements PublishMarkerStore {
  constructor(private readonly db: Db) {}

  async getMarkers(territoryId: string): Promise<PublishMarkers> {
    const snap = await this.db.get(this.db.doc(`territories/${territoryId}`));
    if (!snap.exists) return { factsChangedAt: null, resultsComputedAt: null, publishedAt: null };
    return markersOf(snap.data());
  }

  /** Compare-and-set in one transaction: writes only if the stored claim still equals `previous`. */
  async setPublishedAt(
    territoryId: string,
    publishedAt: number | null,
    previous: number | null,
  ): Promise<boolean> {
    const ref = this.db.doc(`territories/${territoryId}`);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return false;
      const current = ClaimSchema.parse(snap.data())[PUBLISH_CLAIM_FIELD] ?? null;
      if (current !== previous) return false;
      tx.set(ref, { [PUBLISH_CLAIM_FIELD]: publishedAt }, { merge: true });
      return true;
    });
  }
}
