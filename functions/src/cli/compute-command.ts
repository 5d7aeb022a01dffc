// `shnor compute`: Dataset v1 file or stdin → Results v1 JSON (and optionally .xlsx); refuses bad data with Russian issues.

import type { Results } from "../contract/results.js";
import { academicYearOption, parseCommandOptions, usageError } from "./arguments.js";
import {
  type CliStreams,
  describeFsError,
  EXIT,
  STDIO,
  type StagedFile,
  stageFile,
  writeToStream,
} from "./cli-io.js";
import { computeInput } from "./computed-input.js";
import { writeWorkbookFile } from "./workbook-output.js";

const OPTIONS = {
  input: { type: "string", short: "i" },
  out: { type: "string", short: "o" },
  xlsx: { type: "string" },
  year: { type: "string" },
  "as-of": { type: "string" },
  pretty: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Results as the file holds them, with a final newline; same results → same bytes. Compact by default: for
 * 40,000 schools the indented form is twice the size (160 MB) and costs seconds to write; `pretty` indents.
 */
export function resultsJson(results: Results, pretty = false): string {
  return `${pretty ? JSON.stringify(results, null, 2) : JSON.stringify(results)}\n`;
}

/**
 * The compact form of `resultsJson` in pieces, school by school: byte-identical, but a region's 80 MB of results
 * never has to exist as one string. The schools are spliced in where a placeholder array stood.
 */
export function* resultsJsonChunks(results: Results): Generator<string> {
  const shell = JSON.stringify({ ...results, schools: [] });
  const at = shell.indexOf('"schools":[]') + '"schools":['.length;
  yield shell.slice(0, at);
  let first = true;
  for (const school of results.schools) {
    yield first ? JSON.stringify(school) : `,${JSON.stringify(school)}`;
    first = false;
  }
  yield `${shell.slice(at)}\n`;
}

/** Runs `compute`; returns the exit code (0 written, 1 usage or I/O, 2 data refused). Writes nothing on failure. */
export async function runCompute(args: readonly string[], io: CliStreams): Promise<number> {
  const parsed = parseCommandOptions("compute", args, OPTIONS, io);
  if (!parsed.success) return parsed.exitCode;
  const values = parsed.values;
  if (values.input === undefined)
    return usageError(io, "compute", "не указан набор данных: --input <файл> или --input -");
  const year = academicYearOption("year", values.year);
  if (!year.success) return usageError(io, "compute", year.message);
  const out = values.out ?? STDIO;
  if (values.xlsx === STDIO)
    return usageError(io, "compute", "--xlsx: книгу Excel можно записать только в файл");

  const computed = await computeInput(
    values.input,
    {
      command: "compute",
      nothingWritten: "результаты не записаны",
      year: year.values,
      asOf: values["as-of"],
    },
    io,
  );
  if (!computed.success)
    return computed.usage ? usageError(io, "compute", computed.usage) : computed.exitCode;
  const { dataset, results } = computed;

  // The results file is staged first and put in place only after the workbook is written: a run that
  // fails halfway leaves neither file behind.
  const json = () => (values.pretty === true ? [resultsJson(results, true)] : resultsJsonChunks(results));
  let staged: StagedFile | null = null;
  try {
    if (out !== STDIO) staged = await stageFile(out, json());
  } catch (error) {
    io.stderr.write(`shnor compute: ${describeFsError(error, out, "write")}\n`);
    return EXIT.usage;
  }
  if (values.xlsx !== undefined) {
    try {
      await writeWorkbookFile(results, dataset, values.xlsx);
    } catch (error) {
      await staged?.discard();
      io.stderr.write(`shnor compute: ${describeFsError(error, values.xlsx, "write")}\n`);
      return EXIT.usage;
    }
  }
  try {
    if (staged) await staged.commit();
    else await writeToStream(io.stdout, json());
  } catch (error) {
    await staged?.discard();
    io.stderr.write(`shnor compute: ${describeFsError(error, out, "write")}\n`);
    return EXIT.usage;
  }
  if (out !== STDIO) io.stderr.write(`${completionLine(results, out, values.xlsx)}\n`);
  return EXIT.ok;
}

/** One line for the person at the terminal: which year, how many schools, where the files went. */
function completionLine(results: Results, out: string, xlsx: string | undefined): string {
  const count = (key: string) => results.summary[key] ?? 0;
  const files = xlsx === undefined ? `«${out}»` : `«${out}» и «${xlsx}»`;
  return (
    `Результаты за ${results.year} записаны в ${files}: школ ${results.schools.length}, ` +
    `ШНОР ${count("lowResults")}, ШНСУ ${count("adverseSocial")}, под наблюдением ${count("watch")}.`
  );
}
