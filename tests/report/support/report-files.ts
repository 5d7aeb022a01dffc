// `shnor report`'s files for a dataset, written into a folder for the browser tests to open.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseDataset } from "../../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../../functions/src/domain/compute-results.js";
import { buildReport } from "../../../functions/src/report/build-report.js";

/** Checks and computes `dataset`, writes every page of its report under `dir`; returns the pages' paths. */
export function writeReportFiles(dataset: unknown, dir: string): string[] {
  const checked = parseDataset(dataset);
  if (!checked.success) throw new Error("the dataset of the report did not validate");
  const computed = computeResults(checked.data.dataset, checked.data.settings);
  if (!computed.success) throw new Error(computed.error.message);
  const files = buildReport(computed.data, checked.data.dataset);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.html);
  }
  return files.map((f) => f.path);
}
