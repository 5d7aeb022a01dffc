// Files the import route tests send: the sample territory's Ф1, ГИА tables and template, built in memory.
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { templateTables } from "../../functions/src/import/template-writer.js";
import { giaFileRows } from "../../functions/src/sample/gia-files.js";
import { f1FileRows, SAMPLE_PAPERS, type SampleCell } from "../../functions/src/sample/vpr-f1-files.js";
import type { Db } from "../../functions/src/store/firestore-client.js";
import { csvBytes, xlsxBytes } from "../import/support/import-fixture.js";

/** The rows of a Ф1 of the sample (paper `index` of SAMPLE_PAPERS, one year). */
export function f1Rows(dataset: Dataset, year: string, index = 0): SampleCell[][] {
  const paper = SAMPLE_PAPERS[index];
  if (paper === undefined) throw new Error(`no sample paper ${index}`);
  return [...f1FileRows(dataset, dataset.facts, year, paper, 1)];
}

/** A Ф1 .xlsx of the sample. */
export async function f1File(
  dataset: Dataset,
  year: string,
  index = 0,
  edit?: (rows: SampleCell[][]) => SampleCell[][],
) {
  const rows = f1Rows(dataset, year, index);
  return xlsxBytes({ "Индивидуальные результаты": edit ? edit(rows) : rows });
}

/** The sample's ОГЭ table of a year as CSV, with its headers renamed by `rename` (a regional layout). */
export function giaCsv(dataset: Dataset, year: string, rename: Record<string, string> = {}): Uint8Array {
  const rows = [...giaFileRows(dataset, dataset.facts, year, "oge", 1)];
  const [header, ...rest] = rows;
  return csvBytes([(header ?? []).map((h) => (typeof h === "string" ? (rename[h] ?? h) : h)), ...rest]);
}

/** The import template filled from `dataset` (what `shnor template --input` writes), as .xlsx bytes. */
export async function templateFile(dataset: Dataset): Promise<Uint8Array> {
  const sheets: Record<string, (string | number | null)[][]> = { "Как заполнять": [["Шаблон"]] };
  for (const table of templateTables(dataset))
    sheets[table.name] = [table.columns.map((c) => c.header), ...table.rows];
  return xlsxBytes(sheets);
}

/** Every shard and task document of a territory as its JSON text, by path: what «byte-identical» compares. */
export async function factDocuments(db: Db, territoryId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const collection of ["shards", "tasks"]) {
    const snap = await db.firestore.collection(`territories/${territoryId}/${collection}`).get();
    for (const doc of snap.docs) out[doc.ref.path] = JSON.stringify(doc.data());
  }
  return out;
}
