// The printable report as files: index.html for the territory and schools/<id>.html for every school; pure, same results → same bytes.
import type { Dataset } from "../contract/dataset.js";
import type { Results } from "../contract/results.js";
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
  ];
}
