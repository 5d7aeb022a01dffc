// The printable report as files: index.html for the territory and schools/<id>.html for every school; pure, same results → same bytes.
import type { Dataset } from "../contract/dataset.js";
import type { Results } from "../contract/results.js";
import { orderFile, orderPage, protocolFile, protocolPage } from "./decision-documents.js";
import { reportContext } from "./report-context.js";
import { schoolCard } from "./school-card.js";
import { territoryPage } from "./territory-page.js";

export interface ReportFile {
  /** Relative path inside the output folder, with `/` separators: `index.html`, `schools/sch-00015.html`. */
  path: string;
  html: string;
}

/** The folder of the school cards inside the report folder. */
export const SCHOOLS_DIR = "schools";

/** The folder of the decision documents (protocols and draft orders), written only for a dataset with approvals. */
export const DECISIONS_DIR = "decisions";

/**
 * Renders the territory page and one card per school of `results` (computed from `dataset`, whose names and
 * references the pages use). Every string from the data is escaped; the pages need no network and no scripts.
 */
export function buildReport(results: Results, dataset: Dataset): ReportFile[] {
  const ctx = reportContext(results, dataset);
  return [
    { path: "index.html", html: territoryPage(ctx) },
    ...results.schools.map((s) => ({
      path: `${SCHOOLS_DIR}/${ctx.cardFile(s.schoolId)}`,
      html: schoolCard(s, ctx),
    })),
    ...decisionDocuments(dataset),
  ];
}

/**
 * For every approved version made by a decision or a correction: its draft order with the lists as appendix and
 * the protocol of the meeting it names. A dataset without approvals gets none (its report stays as it was).
 */
function decisionDocuments(dataset: Dataset): ReportFile[] {
  const out: ReportFile[] = [];
  const protocols = new Set<string>();
  for (const approval of dataset.approvals ?? []) {
    if (approval.reason === "earlier") continue;
    out.push({ path: `${DECISIONS_DIR}/${orderFile(approval)}`, html: orderPage(approval, dataset) });
    const ref = approval.meeting;
    const meeting =
      ref === undefined
        ? undefined
        : (dataset.meetings ?? []).find(
            (m) => m.date === ref.date && (ref.protocol === undefined || m.protocol === ref.protocol),
          );
    if (meeting === undefined || protocols.has(protocolFile(meeting))) continue;
    protocols.add(protocolFile(meeting));
    out.push({ path: `${DECISIONS_DIR}/${protocolFile(meeting)}`, html: protocolPage(meeting, dataset) });
  }
  return out;
}
