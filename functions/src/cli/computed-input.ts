// The steps `compute` and `report` share: read and check the dataset, pick the day of the roadmap, run the core.
import { readFileSync } from "node:fs";
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
import {
  type CliStreams,
  describeFsError,
  EXIT,
  printLines,
  readFileInChunks,
  readInput,
  STDIO,
} from "./cli-io.js";

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

/** Reads and checks the dataset, from stdin or from a file (`parseDatasetFile`). */
async function readDataset(
  source: string,
  stdin: NodeJS.ReadableStream,
): Promise<ParseResult<CheckedDataset> | { unreadable: string }> {
  if (source !== STDIO) return parseDatasetFile(source);
  const input = await readInput(source, stdin);
  return input.success ? parseDatasetJson(input.data) : { unreadable: input.error.message };
}

/**
 * Reads and checks a dataset file, parsed chunk by chunk while it is being read and never held whole
 * (contract/dataset-json.ts); a pipe is read whole, as stdin is (`readFileInChunks`). A file not of the
 * dataset's shape is parsed again whole, for JSON.parse's own error: `readWhole` reads it again for that, and a
 * failure then is a read failure, not a JSON error.
 */
export async function parseDatasetFile(
  path: string,
  readWhole: (path: string) => Uint8Array = readFileSync,
): Promise<ParseResult<CheckedDataset> | { unreadable: string }> {
  let rereadFailure: unknown;
  const whole = () => {
    try {
      return readWhole(path);
    } catch (error) {
      rereadFailure = error;
      return new Uint8Array(0);
    }
  };
  let reader: DatasetJsonReader | undefined;
  const input = await readFileInChunks(path, (chunk) => {
    reader ??= new DatasetJsonReader(whole);
    reader.push(chunk);
  });
  if (!input.success) return { unreadable: input.error.message };
  // The file changed size while it was read: what the reader saw does not count.
  const parsed =
    input.data.whole !== null || reader === undefined
      ? parseDatasetJson(input.data.whole ?? new Uint8Array(0))
      : parseDatasetJson(reader);
  if (rereadFailure !== undefined) return { unreadable: describeFsError(rereadFailure, path, "read") };
  return parsed;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
