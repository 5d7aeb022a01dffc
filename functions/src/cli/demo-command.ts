// `shnor demo`: the sample territory end to end — generate, check, compute, print the lists, write JSON and .xlsx to out/.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parseDataset } from "../contract/parse-dataset.js";
import { formatIssue } from "../contract/validation-issue.js";
import { computeResults } from "../domain/compute-results.js";
import { generateSampleTerritory, SAMPLE_DEFAULTS } from "../domain/sample-territory.js";
import { parseOptions } from "./arguments.js";
import { type CliStreams, describeFsError, EXIT, printLines, writeFileAtomically } from "./cli-io.js";
import { resultsJson } from "./compute-command.js";
import { formatResultsSummary } from "./summary-text.js";
import { USAGE } from "./usage.js";
import { writeWorkbookFile } from "./workbook-output.js";

const OPTIONS = {
  "out-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs `demo`; returns the exit code. The seed is fixed, so every run shows the same territory. */
export async function runDemo(args: readonly string[], io: CliStreams): Promise<number> {
  const parsed = parseOptions(args, OPTIONS);
  if (!parsed.success) {
    io.stderr.write(`shnor demo: ${parsed.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const outDir = parsed.values["out-dir"] ?? "out";

  const generated = generateSampleTerritory({ ...SAMPLE_DEFAULTS });
  // The sample goes through the same door as any file: a generator bug shows up here, not as odd results.
  const checked = parseDataset(generated);
  if (!checked.success) {
    printLines(io.stderr, checked.error.issues.map(formatIssue));
    io.stderr.write("shnor demo: пример территории не прошёл проверку — это ошибка генератора\n");
    return EXIT.invalid;
  }
  const { dataset, settings } = checked.data;
  const computed = computeResults(dataset, settings);
  if (!computed.success) {
    io.stderr.write(`shnor demo: ${computed.error.message}\n`);
    return EXIT.invalid;
  }
  const results = computed.data;

  const files = {
    dataset: join(outDir, "dataset.json"),
    results: join(outDir, "results.json"),
    workbook: join(outDir, `${dataset.territory.id}.xlsx`),
  };
  try {
    await mkdir(outDir, { recursive: true });
    await writeFileAtomically(files.dataset, [`${JSON.stringify(generated, null, 2)}\n`]);
    await writeFileAtomically(files.results, [resultsJson(results, true)]);
    await writeWorkbookFile(results, dataset, files.workbook);
  } catch (error) {
    io.stderr.write(`shnor demo: ${describeFsError(error, outDir, "write")}\n`);
    return EXIT.usage;
  }

  io.stdout.write("ШНОР-Монитор — пример расчёта на синтетической территории\n\n");
  io.stdout.write(formatResultsSummary(results, dataset));
  io.stdout.write(
    `\nФайлы:\n  ${files.dataset} — набор данных (Dataset v1)\n  ${files.results} — результаты (Results v1)\n` +
      `  ${files.workbook} — книга Excel: «Сводка», «Индексы», «ШНОР и ШНСУ»\n`,
  );
  return EXIT.ok;
}
