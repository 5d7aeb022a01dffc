// Writes the sample territory's per-participant files: a Ф1 .xlsx per ВПР paper and year, ГИА tables (ЕГЭ as CSV, ОГЭ as .xlsx).
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { SchoolYearFacts } from "../contract/dataset.js";
import { giaFileRows } from "./gia-files.js";
import type { SampleTerritoryPlan } from "./sample-territory.js";
import { writeCsvTable, writeXlsxTable } from "./table-files.js";
import { f1FileRows, SAMPLE_PAPERS } from "./vpr-f1-files.js";

export interface SampleFilesOptions {
  plan: SampleTerritoryPlan;
  seed: number | string;
  /** The academic years to write files for (the plan's last years). */
  years: readonly string[];
  vprDir?: string | undefined;
  giaDir?: string | undefined;
}

export interface WrittenFile {
  path: string;
  rows: number;
}

/**
 * Writes the files one by one, each streamed. The facts of the chosen years are drawn once from the plan (the
 * same facts the dataset holds); each file's rows are generated lazily from them. Returns the files with their
 * number of participant rows.
 */
export async function writeSampleFiles(options: SampleFilesOptions): Promise<WrittenFile[]> {
  const wanted = new Set(options.years);
  const facts: SchoolYearFacts[] = [];
  for (const fact of options.plan.facts()) if (wanted.has(fact.year)) facts.push(fact);
  const head = options.plan.head;
  const written: WrittenFile[] = [];
  const slug = (year: string) => year.replace("/", "-");
  if (options.vprDir !== undefined) {
    await mkdir(options.vprDir, { recursive: true });
    for (const year of options.years)
      for (const paper of SAMPLE_PAPERS) {
        const path = join(options.vprDir, `f1-vpr-${slug(year)}-${paper.grade}-${paper.subject}.xlsx`);
        const rows = await writeXlsxTable(
          path,
          "Индивидуальные результаты",
          f1FileRows(head, facts, year, paper, options.seed),
        );
        written.push({ path, rows: rows - 6 });
      }
  }
  if (options.giaDir !== undefined) {
    await mkdir(options.giaDir, { recursive: true });
    for (const year of options.years) {
      const ege = join(options.giaDir, `gia-ege-${slug(year)}.csv`);
      written.push({
        path: ege,
        rows: (await writeCsvTable(ege, giaFileRows(head, facts, year, "ege", options.seed))) - 1,
      });
      const oge = join(options.giaDir, `gia-oge-${slug(year)}.xlsx`);
      written.push({
        path: oge,
        rows: (await writeXlsxTable(oge, "ОГЭ", giaFileRows(head, facts, year, "oge", options.seed))) - 1,
      });
    }
  }
  return written;
}
