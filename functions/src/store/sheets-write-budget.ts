// The installation's Sheets write budget on one Firestore document, shared by every function instance and territory.
import { z } from "zod";
import {
  type BudgetDecision,
  type Grant,
  reserveInWindow,
  SHEETS_WRITE_QUOTA,
  type WindowPolicy,
  type WriteBudget,
} from "../sheets/google/write-budget.js";
import { type Db, isAlreadyExists } from "./firestore-client.js";

/** One document for the whole installation: the quota belongs to its one service account, not to a territory. */
export const WRITE_BUDGET_DOC = "installation/sheetsWriteBudget";

const BudgetDocSchema = z.object({
  grants: z.array(z.object({ at: z.number(), count: z.number().int().nonnegative() })).default([]),
});

/** Rounds of read-and-compare-and-set before a reservation gives up for now (only under heavy contention). */
const MAX_ROUNDS = 20;

/** Status codes of "the document changed since it was read": gRPC FAILED_PRECONDITION, and 400/412 over REST. */
const CHANGED_CODES: readonly unknown[] = [9, 400, 412, "FAILED_PRECONDITION"];

function changedSinceRead(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return CHANGED_CODES.includes(code) || /FAILED_PRECONDITION/.test(String(error));
}

/**
 * {@link WriteBudget} on Firestore: the log of the last minute's grants lives on {@link WRITE_BUDGET_DOC};
 * a reservation reads it, decides with `reserveInWindow`, and writes the new log back only if the document
 * is still the version it read (an `update` with a `lastUpdateTime` precondition; `create` when there is
 * none yet) — a compare-and-set, so two instances can never both take the last requests of a minute. When
 * another instance wrote first, it reads again. This is a transaction without read locks: the server
 * client's transactions lock what they read, and concurrent read-then-write transactions on one document
 * wait on each other (tens of seconds on the emulator), while a reservation only needs atomicity of its
 * one write. A publish reserves once (plus one per retry), so the document sees a few writes a minute,
 * well inside Firestore's sustained rate for one document. Times are the instances' clocks (epoch ms),
 * which Cloud Run keeps in sync to well under a second; a 429 from Google is still retried with backoff.
 */
export class FirestoreWriteBudget implements WriteBudget {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly policy: WindowPolicy = SHEETS_WRITE_QUOTA,
    private readonly path: string = WRITE_BUDGET_DOC,
  ) {}

  async reserve(count: number): Promise<BudgetDecision> {
    const ref = this.db.doc(this.path);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const snap = await this.db.get(ref);
      const stored = BudgetDocSchema.safeParse(snap.exists ? snap.data() : {});
      // A document this code cannot read is replaced: the budget is a safeguard, not data to keep.
      const grants: Grant[] = stored.success ? stored.data.grants : [];
      const { decision, grants: next } = reserveInWindow(grants, count, this.now(), this.policy);
      if (!decision.granted) return decision;
      this.db.counter.calls++;
      this.db.counter.writes++;
      try {
        if (snap.exists && snap.updateTime)
          await ref.update({ grants: next }, { lastUpdateTime: snap.updateTime });
        else await ref.create({ grants: next });
        return decision;
      } catch (error) {
        if (!changedSinceRead(error) && !isAlreadyExists(error)) throw error;
      }
    }
    // Every round lost to another instance: ask again shortly rather than risk more than the quota.
    return { granted: false, retryAfterMs: 1_000 };
  }
}
