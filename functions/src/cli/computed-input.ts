// The steps `compute` and `report` share: check the dataset text, pick the day of the roadmap, run the core.
import { DateTime } from "luxon";
import type { AcademicYear } from "../contract/academic-year.js";
import type { Dataset } from "../contract/dataset.js";
import { parseDatasetJson } from "../contract/parse-dataset.js";
import type { Results } from "../contract/results.js";
import { formatIssue } from "../contract/validation-issue.js";
import { parseAsOf, territoryTimeZone } from "../domain/academic-calendar.js";
import { computeResults } from "../domain/compute-results.js";
import { type CliStreams, EXIT, printLines } from "./cli-io.js";

export type ComputedInput =
  | { success: true; dataset: Dataset; results: Results }
  | { success: false; exitCode: number; usage?: string };

/**
 * Dataset text → results. A refused dataset prints every Russian issue (`path: message`) and a closing line
 * saying that `nothingWritten`; a bad `--as-of` comes back as a usage message for the command to print.
 * The roadmap is judged on `asOf`, or today in the territory's zone: the CLI is where the clock may be read.
 */
export function computeInput(
  text: string,
  options: {
    command: string;
    nothingWritten: string;
    year: AcademicYear | undefined;
    asOf: string | undefined;
  },
  io: CliStreams,
): ComputedInput {
  const checked = parseDatasetJson(text);
  if (!checked.success) {
    const issues = checked.error.issues;
    printLines(io.stderr, issues.map(formatIssue));
    io.stderr.write(
      `shnor ${options.command}: набор данных не принят (ошибок: ${issues.length}); ${options.nothingWritten}\n`,
    );
    return { success: false, exitCode: EXIT.invalid };
  }
  const { dataset, settings } = checked.data;
  const zone = territoryTimeZone(dataset.territory);
  const asOf = parseAsOf(options.asOf ?? DateTime.now().setZone(zone).toISODate() ?? "", zone);
  if (!asOf.success) return { success: false, exitCode: EXIT.usage, usage: `--as-of: ${asOf.error.message}` };
  const computed = computeResults(dataset, settings, {
    asOf: asOf.data,
    ...(options.year === undefined ? {} : { year: options.year }),
  });
  if (!computed.success) {
    io.stderr.write(
      `shnor ${options.command}: ${computed.error.message}\n${capitalised(options.nothingWritten)}.\n`,
    );
    return { success: false, exitCode: EXIT.invalid };
  }
  return { success: true, dataset, results: computed.data };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
