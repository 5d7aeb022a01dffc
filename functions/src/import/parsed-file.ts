// The common shape every format's parser returns before the importer adds the file's identity: facts, procedures, schools, rows.
import type { School, SchoolYearFacts } from "../contract/dataset.js";
import type {
  ImportedProcedure,
  IssueCollector,
  MatchedFileSchool,
  UnmatchedFileSchool,
} from "./import-result.js";
import type { SheetRow } from "./xlsx-rows.js";

export interface ParsedFile {
  procedures: ImportedProcedure[];
  facts: SchoolYearFacts[];
  schools: { matched: MatchedFileSchool[]; unmatched: UnmatchedFileSchool[] };
  rows: { read: number; taken: number };
  ignoredColumns: { sheet: string; column: string }[];
}

/** What a parser is given: the rows, the registry, and how the file counts dates. */
export interface ParseContext {
  rows: AsyncIterable<SheetRow>;
  schools: readonly School[];
  date1904: boolean;
  issues: IssueCollector;
}

/** Sorts facts by school and year, so the same file gives the same bytes whatever the order of its rows. */
export function sortFacts(facts: SchoolYearFacts[]): SchoolYearFacts[] {
  return facts.sort((a, b) =>
    a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : a.year.localeCompare(b.year),
  );
}
