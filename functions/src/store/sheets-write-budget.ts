// The installation's Sheets write budget on one Firestore document, shared by every function instance and territory.
import { z } from "zod";
import {
  type BudgetDecision,
  reserveInWindow,
  SHEETS_WRITE_QUOTA,
  type WindowPolicy,
  type WriteBudget,
} from "../sheets/google/write-budget.js";
import type { Db } from "./firestore-client.js";

/** One document for the whole installation: the quota belongs to its one service account, not to a territory. */
export const WRITE_BUDGET_DOC = "installation/sheetsWriteBudget";

const BudgetDocSchema = z.object({
  grants: z.array(z.object({ at: z.number(), count: z.number().int().nonnegative() })).default([]),
});

/**
 * {@link WriteBudget} on Firestore: each reservation is one transaction over {@link WRITE_BUDGET_DOC} (read
 * the log of the last minute's grants, decide with `reserveInWindow`, write the log back when granted), so
 * two instances can never both take the last requests of a minute. A publish reserves once (plus one per
 * retry), so the document sees a few writes a minute, well inside Firestore's sustained rate for one
 * document. Times are the instances' clocks (epoch ms); Cloud Run keeps them in sync to well under a
 * second, and a 429 from Google is still retried with backoff.
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
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const stored = BudgetDocSchema.safeParse(snap.exists ? snap.data() : {});
      // A document this code cannot read is replaced: the budget is a safeguard, not data to keep.
      const grants = stored.success ? stored.data.grants : [];
      const { decision, grants: next } = reserveInWindow(grants, count, this.now(), this.policy);
      if (decision.granted) tx.set(ref, { grants: next });
      return decision;
    });
  }
}
