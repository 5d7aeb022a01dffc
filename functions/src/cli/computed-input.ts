// The steps `compute` and `report` share: read and check the dataset, pick the day of the roadmap, run the core.
import { DateTime } from "luxon";
import type { AcademicYear } from "../contract/academic-year.js";
import type { PresetName } from "../contract/criteria-vocabulary.js";
import type { Dataset } from "../contract/dataset.js";
import { DatasetJsonReader } from "../contract/dataset-json.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import type { CheckedDataset } from "../contract/parse-dataset.js";
import { parseDatasetJson } from "../contract/parse-dataset.js";
import type { Result } from "../contract/result.js";
import type { Results } from "../contract/results.js";
import type { ParseResult } from "../contract/validation-issue.js";
import { formatIssue } from "../contract/validation-issue.js";
import { parseAsOf, territoryTimeZone } from "../domain/academic-calendar.js";
import { computeResults } from "../domain/compute-results.js";
import { type CliStreams, EXIT, printLines, readFileInChunks, readInput, STDIO } from "./cli-io.js";

/** The checked dataset and its results, or the exit code (and a usage message the command prints). */
export type ComputedInput = Result<
  { dataset: Dataset; settings: MethodologySettings; results: Results },
  { exitCode: number; usage?: string }
>;

/**
 * The dataset at `source` (a file, or `-` for stdin) → results. An unreadable source comes back as a usage
 * message, like a bad `--as-of`, for the command to print; a refused dataset prints every Russian issue
 * (`path: message`) and a closing line saying that `nothingWritten`.
 * The roadmap is judged on `asOf`, or today in the territory's zone: the CLI is where the clock may be read.
 */
export async function computeInput(
  source: string,
  options: {
    command: string;
    nothingWritten: string;
    year: AcademicYear | undefined;
    asOf: string | undefined;
    /** `--preset`: beats `methodology.preset` of the file. */
    preset?: PresetName | undefined;
  },
  io: CliStreams,
): Promise<ComputedInput> {
  const checked = await readDataset(source, io.stdin);
  if ("unreadable" in checked)
    return { success: false, error: { exitCode: EXIT.usage, usage: checked.unreadable } };
  if (!checked.success) {
    const issues = checked.error.issues;
    printLines(io.stderr, issues.map(formatIssue));
    io.stderr.write(
      `shnor ${options.command}: набор данных не принят (ошибок: ${issues.length}); ${options.nothingWritten}\n`,
    );
    return { success: false, error: { exitCode: EXIT.invalid } };
  }
  const { dataset } = checked.data;
  const settings =
    options.preset === undefined
      ? checked.data.settings
      : { ...checked.data.settings, preset: options.preset };
  const zone = territoryTimeZone(dataset.territory);
  const asOf = parseAsOf(options.asOf ?? DateTime.now().setZone(zone).toISODate() ?? "", zone);
  if (!asOf.success)
    return { success: false, error: { exitCode: EXIT.usage, usage: `--as-of: ${asOf.error.message}` } };
  const computed = computeResults(dataset, settings, {
    asOf: asOf.data,
    ...(options.year === undefined ? {} : { year: options.year }),
  });
  if (!computed.success) {
    io.stderr.write(
      `shnor ${options.command}: ${computed.error.message}\n${capitalised(options.nothingWritten)}.\n`,
    );
    return { success: false, error: { exitCode: EXIT.invalid } };
  }
  return { success: true, data: { dataset, settings, results: computed.data } };
}

/**
 * Reads and checks the dataset; a file is parsed chunk by chunk while it is being read. Its own function so that
 * the file's bytes are garbage as soon as the dataset is parsed: held by the caller's frame, a region's 200 MB
 * would stay resident through the whole computation.
 */
async function readDataset(
  source: string,
  stdin: NodeJS.ReadableStream,
): Promise<ParseResult<CheckedDataset> | { unreadable: string }> {
  if (source === STDIO) {
    const input = await readInput(source, stdin);
    return input.success ? parseDatasetJson(input.data) : { unreadable: input.error.message };
  }
  // The buffer being filled, and the reader parsing it as it fills.
  const fed: { bytes?: Buffer; reader?: DatasetJsonReader } = {};
  const input = await readFileInChunks(source, (bytes, available) => {
    if (fed.bytes !== bytes) {
      fed.bytes = bytes;
      fed.reader = new DatasetJsonReader(bytes);
    }
    fed.reader?.advance(available);
  });
  if (!input.success) return { unreadable: input.error.message };
  // The reader saw these very bytes (the file did not change size while it was read): its work stands.
  return parseDatasetJson(fed.reader !== undefined && fed.bytes === input.data ? fed.reader : input.data);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
