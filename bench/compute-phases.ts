// Where `shnor compute` spends its time: the steps of the command timed one by one, for bench/compute.bench.ts.
//
// Usage (bundled by the bench): node compute-phases.mjs <dataset.json> <results.json>
// Prints one JSON line: milliseconds of wall time per step, from the process start. The steps are the ones the
// command runs (cli/computed-input.ts, cli/compute-command.ts), called here one at a time so each can be timed:
//   boot      node's own start-up, up to the first line of this script
//   modules   loading the command's code and its dependencies (zod, ajv, luxon)
//   read+parse  the file's bytes, each chunk parsed to JSON values while the next is read (contract/dataset-json.ts)
//   validate  zod, ajv and the cross-field rules (contract/parse-dataset.ts)
//   compute   the core (domain/compute-results.ts)
//   write     Results JSON to a staged file, renamed into place
import { performance } from "node:perf_hooks";

const boot = performance.now();
const [datasetPath, outPath] = process.argv.slice(2);
if (datasetPath === undefined || outPath === undefined) {
  throw new Error("usage: compute-phases <dataset.json> <results.json>");
}
const steps: Record<string, number> = { boot };
let last = boot;
function step(name: string): void {
  const now = performance.now();
  steps[name] = now - last;
  last = now;
}
const [
  { readFileInChunks, stageFile },
  { DatasetJsonReader },
  { parseDataset },
  { computeResults },
  { resultsJsonChunks },
] = await Promise.all([
  import("../functions/src/cli/cli-io.js"),
  import("../functions/src/contract/dataset-json.js"),
  import("../functions/src/contract/parse-dataset.js"),
  import("../functions/src/domain/compute-results.js"),
  import("../functions/src/cli/compute-command.js"),
]);
step("modules");

const { readFileSync } = await import("node:fs");
let reader: InstanceType<typeof DatasetJsonReader> | undefined;
const input = await readFileInChunks(datasetPath, (chunk) => {
  reader ??= new DatasetJsonReader(() => readFileSync(datasetPath));
  reader.push(chunk);
});
if (!input.success || input.data.whole !== null || reader === undefined) throw new Error("unreadable");
const value = reader.finish();
step("read+parse");
const checked = parseDataset(value);
if (!checked.success) throw new Error("the dataset was refused");
step("validate");
// A fixed day, as the golden run uses: the roadmap is judged, as `compute` judges it on today's date.
const computed = computeResults(checked.data.dataset, checked.data.settings, { asOf: "2026-11-23" });
if (!computed.success) throw new Error(computed.error.message);
step("compute");
const staged = await stageFile(outPath, resultsJsonChunks(computed.data));
await staged.commit();
step("write");
// For comparison only, not a step of the command: reading the same bytes as the command reads them (two reused
// 8 MiB buffers), without parsing them.
await readFileInChunks(datasetPath, () => undefined);
step("readAlone");
process.stdout.write(`${JSON.stringify(steps)}\n`);
