// Bench helper: imports the files named on the command line in one process, as one function instance would, and prints the rows taken.
import { readFile } from "node:fs/promises";
import { parseDatasetJson } from "../functions/src/contract/parse-dataset.js";
import { importFile } from "../functions/src/import/import-file.js";

const [datasetPath, ...files] = process.argv.slice(2);
const dataset = parseDatasetJson(await readFile(datasetPath as string, "utf8"));
if (!dataset.success) throw new Error("the bench dataset was refused");
let rows = 0;
for (const file of files) {
  const outcome = await importFile(await readFile(file), file, {
    format: "auto",
    schools: dataset.data.dataset.schools,
  });
  if (!outcome.success) throw new Error(`${file} refused`);
  rows += outcome.data.rows.taken;
}
process.stderr.write(`rows ${rows}\n`);
