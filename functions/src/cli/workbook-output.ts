// Writes the results workbook (.xlsx) for the CLI; the sheets modules and exceljs load only when a workbook is asked for.
import type { Dataset } from "../contract/dataset.js";
import type { Results } from "../contract/results.js";
import { writeFileAtomically } from "../sheets/atomic-file.js";

/**
 * Builds the workbook model from the results and renders it to `.xlsx` at `target`, through a temporary
 * file renamed on success. Loaded lazily: a `compute` without `--xlsx` does not pay for exceljs.
 */
export async function writeWorkbookFile(results: Results, dataset: Dataset, target: string): Promise<void> {
  const [{ buildWorkbook }, { writeXlsx }] = await Promise.all([
    import("../sheets/build-workbook.js"),
    import("../sheets/xlsx-writer.js"),
  ]);
  await writeFileAtomically(target, (temporary) => writeXlsx(buildWorkbook(results, dataset), temporary));
}
