// `shnor compute`: Dataset v1 file or stdin → Results v1 JSON (and optionally .xlsx); refuses bad data with Russian issues.

import { PRESET_NAMES, type PresetName } from "../contract/criteria-vocabulary.js";
import { parseJsonBytes } from "../contract/dataset-json.js";
import { parseCriteriaTable } from "../contract/identification-criteria.js";
import type { Results } from "../contract/results.js";
import { formatIssue } from "../contract/validation-issue.js";
import { orderText } from "../domain/approved-lists.js";
import { computeResults } from "../domain/compute-results.js";
import {
  compareMethods,
  comparisonText,
  methodLabel,
  type OtherMethod,
  otherSettings,
} from "../domain/method-comparison.js";
import {
  type ArgumentsOutcome,
  academicYearOption,
  parseCommandOptions,
  usage,
  usageError,
} from "./arguments.js";
import {
  type CliStreams,
  describeFsError,
  EXIT,
  printLines,
  readInput,
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
  preset: { type: "string" },
  "compare-with": { type: "string" },
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
  if (!parsed.success) return parsed.error.exitCode;
  const values = parsed.data;
  if (values.input === undefined)
    return usageError(io, "compute", "не указан набор данных: --input <файл> или --input -");
  const year = academicYearOption("year", values.year);
  if (!year.success) return usageError(io, "compute", year.error.message);
  const preset = presetOption("preset", values.preset);
  if (!preset.success) return usageError(io, "compute", preset.error.message);
  if (values.xlsx === STDIO)
    return usageError(io, "compute", "--xlsx: книгу Excel можно записать только в файл");
  const compareWith = values["compare-with"];
  // With --compare-with the preview goes to standard output; results are written only to a file named by --out.
  if (compareWith !== undefined && values.out === STDIO)
    return usageError(
      io,
      "compute",
      "--compare-with пишет сравнение в стандартный вывод; результаты — только в файл (--out <файл>)",
    );
  const out = values.out ?? (compareWith === undefined ? STDIO : null);
  let other: OtherMethod | null = null;
  if (compareWith !== undefined) {
    const resolved = await otherMethod(compareWith, io);
    if (typeof resolved === "number") return resolved;
    other = resolved;
  }

  const computed = await computeInput(
    values.input,
    {
      command: "compute",
      nothingWritten: "результаты не записаны",
      year: year.data,
      asOf: values["as-of"],
      preset: preset.data,
    },
    io,
  );
  if (!computed.success)
    return computed.error.usage ? usageError(io, "compute", computed.error.usage) : computed.error.exitCode;
  const { dataset, results } = computed.data;

  // The results file is staged first and put in place only after the workbook is written: a run that
  // fails halfway leaves neither file behind.
  const json = () => (values.pretty === true ? [resultsJson(results, true)] : resultsJsonChunks(results));
  let preview: string | null = null;
  if (other !== null) {
    const computedOther = computeResults(dataset, otherSettings(computed.data.settings, other), {
      year: results.year,
    });
    if (!computedOther.success) {
      io.stderr.write(`shnor compute: ${computedOther.error.message}\n`);
      return EXIT.invalid;
    }
    const labels = {
      current: methodLabel(computed.data.settings),
      other: methodLabel(computed.data.settings, other),
    };
    preview = comparisonText(compareMethods(results, computedOther.data, labels));
  }
  let staged: StagedFile | null = null;
  try {
    if (out !== STDIO && out !== null) staged = await stageFile(out, json());
  } catch (error) {
    io.stderr.write(`shnor compute: ${describeFsError(error, out ?? STDIO, "write")}\n`);
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
    else if (out === STDIO) await writeToStream(io.stdout, json());
    if (preview !== null) await writeToStream(io.stdout, [preview]);
  } catch (error) {
    await staged?.discard();
    io.stderr.write(`shnor compute: ${describeFsError(error, out ?? STDIO, "write")}\n`);
    return EXIT.usage;
  }
  if (out !== STDIO && out !== null) io.stderr.write(`${completionLine(results, out, values.xlsx)}\n`);
  return EXIT.ok;
}

/** One line for the person at the terminal: which year, how many schools, where the files went. */
function completionLine(results: Results, out: string, xlsx: string | undefined): string {
  const count = (key: string) => results.summary[key] ?? 0;
  const files = xlsx === undefined ? `«${out}»` : `«${out}» и «${xlsx}»`;
  return (
    `Результаты за ${results.year} записаны в ${files}: школ ${results.schools.length}, ` +
    `ШНОР ${count("lowResults")}, ШНСУ ${count("adverseSocial")}, под наблюдением ${count("watch")}.` +
    (results.approved === undefined
      ? ""
      : ` Утверждённые списки: версия ${results.approved.version}, ${orderText(results.approved.order)}; ` +
        `отличий от расчёта: ${results.approved.differences.length}.`)
  );
}

/** `--preset`: one of the presets, or a Russian message listing them. */
function presetOption(name: string, raw: string | undefined): ArgumentsOutcome<PresetName | undefined> {
  if (raw === undefined) return { success: true, data: undefined };
  if ((PRESET_NAMES as readonly string[]).includes(raw)) return { success: true, data: raw as PresetName };
  return usage(`--${name}: «${raw}» — допустимые значения: ${PRESET_NAMES.join(", ")}`);
}

/**
 * What `--compare-with` names: a preset, or a JSON file with a criteria table. A file that cannot be read is a
 * usage error (exit 1); a table with bad rows is refused with every issue (exit 2).
 */
async function otherMethod(value: string, io: CliStreams): Promise<OtherMethod | number> {
  if ((PRESET_NAMES as readonly string[]).includes(value)) return { preset: value as PresetName };
  const input = await readInput(value, io.stdin);
  if (!input.success)
    return usageError(
      io,
      "compute",
      `--compare-with: не пресет (${PRESET_NAMES.join(", ")}) и ${input.error.message}`,
    );
  let table: ReturnType<typeof parseCriteriaTable>;
  try {
    table = parseCriteriaTable(parseJsonBytes(input.data));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    table = {
      success: false,
      error: { code: "invalid", issues: [{ path: "(файл)", message: `это не JSON: ${detail}` }] },
    };
  }
  if (!table.success) {
    printLines(io.stderr, table.error.issues.map(formatIssue));
    io.stderr.write(`shnor compute: таблица критериев «${value}» не принята; ничего не записано\n`);
    return EXIT.invalid;
  }
  return { criteria: table.data, label: `таблица критериев из «${value}»` };
}
