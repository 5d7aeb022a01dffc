// What the sheet shows of the decision cycle, read from the store in four queries: the latest draft, objections with their status, approvals, the journal.
import type { Dataset } from "../contract/dataset.js";
import type { Approval } from "../contract/decision-cycle.js";
import { localDate, territoryTimeZone } from "../domain/academic-calendar.js";
import { objectionStates } from "../domain/objection-status.js";
import type { DecisionCycleView } from "../sheets/tabs/decision-view.js";
import type { Store } from "../store/open-store.js";

/**
 * The decision cycle of a territory for the workbook: the latest draft with who was notified, every accepted
 * objection numbered in the order received with its status from the meetings on `now` (territory's zone), the
 * approved versions given, and the journal newest first.
 */
export async function loadDecisionView(
  store: Store,
  territoryId: string,
  dataset: Dataset,
  approvals: readonly Approval[],
  now: Date,
): Promise<DecisionCycleView> {
  const zone = territoryTimeZone(dataset.territory);
  const [draft, objections, journal] = await Promise.all([
    store.decisions.latestDraft(territoryId),
    store.decisions.listObjections(territoryId),
    store.decisions.listJournal(territoryId),
  ]);
  const states = objectionStates(
    objections.map((o) => ({
      id: o.id,
      schoolId: o.objection.schoolId,
      date: localDate(o.submittedAt, zone),
      request: o.objection.request,
      lists: o.objection.lists,
    })),
    dataset.meetings ?? [],
    localDate(now.toISOString(), zone),
  );
  return {
    ...(draft !== undefined ? { draft } : {}),
    objections: objections.map((o, i) => {
      const state = states[i];
      return {
        number: i + 1,
        submittedAt: o.submittedAt,
        respondentEmail: o.respondentEmail,
        objection: o.objection,
        status: state?.status ?? "new",
        answer: state?.answer ?? "",
      };
    }),
    approvals,
    journal,
  };
}
