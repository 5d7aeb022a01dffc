// `shnor template`: writes the import template (.xlsx), empty or filled from a dataset, with its «Как заполнять» sheet.
import type { Dataset } from "../contract/dataset.js";
import { parseDatasetJson } from "../contract/parse-dataset.js";
import { formatIssue } from "../contract/validation-issue.js";
import { writeFileAtomically } from "../sheets/atomic-file.js";
import { parseCommandOptions, usageError } from "./arguments.js";
import { type CliStreams, describeFsError, EXIT, printLines, readInput, STDIO } from "./cli-io.js";

const OPTIONS = {
  out: { type: "string", short: "o" },
  input: { type: "string", short: "i" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs `template`; returns the exit code (0 written, 1 usage or I/O, 2 the dataset was refused). */
export async function runTemplate(args: readonly string[], io: CliStreams): Promise<number> {
  const parsed = parseCommandOptions("template", args, OPTIONS, io);
  if (!parsed.success) return parsed.error.exitCode;
  const values = parsed.data;
  if (values.out === undefined || values.out === STDIO)
    return usageError(
      io,
      "template",
      "укажите файл шаблона: --out template.xlsx (книгу Excel можно записать только в файл)",
    );
  let dataset: Dataset | undefined;
  if (values.input !== undefined) {
    const input = await readInput(values.input, io.stdin);
    if (!input.success) return usageError(io, "template", input.error.message);
    const checked = parseDatasetJson(input.data);
    if (!checked.success) {
      printLines(io.stderr, checked.error.issues.map(formatIssue));
      io.stderr.write(
        `shnor template: набор данных не принят (ошибок: ${checked.error.issues.length}); шаблон не записан\n`,
      );
      return EXIT.invalid;
    }
    dataset = checked.data.dataset;
  }
  const { writeTemplateXlsx } = await import("../import/template-writer.js");
  try {
    await writeFileAtomically(values.out, (temporary) => writeTemplateXlsx(dataset, temporary));
  } catch (error) {
    io.stderr.write(`shnor template: ${describeFsError(error, values.out, "write")}\n`);
    return EXIT.usage;
  }
  const filled =
    dataset === undefined
      ? "пустой"
      : `заполнен по «${values.input}»: записей «школа — год» ${dataset.facts.length}`;
  io.stderr.write(`Шаблон записан в «${values.out}» (${filled}).\n`);
  return EXIT.ok;
}
