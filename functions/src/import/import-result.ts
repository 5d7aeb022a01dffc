// What an import gives back: a pure value with the school-level facts, the schools matched and not, or the issues that refused the file.
import type { SchoolYearFacts } from "../contract/dataset.js";
import type { Result } from "../contract/result.js";
import type { ImportIssue } from "./import-issue.js";
import type { MatchedBy, SchoolSuggestion } from "./school-matching.js";

/** The three kinds of file the importer reads (closed set). */
export const IMPORT_FORMATS = ["template", "fisoko-vpr", "gia"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Russian names of the formats, for messages. */
export const IMPORT_FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = {
  template: "шаблон ШНОР-Монитора",
  "fisoko-vpr": "«Ф1 Индивидуальные результаты» ВПР (ФИС ОКО)",
  gia: "таблица результатов ГИА (РЦОИ)",
};

/** One procedure a file gives results of: what a corrected file of the same kind replaces. */
export interface ImportedProcedure {
  kind: "form" | "vpr" | "ege" | "oge";
  year: string;
  /** The catalog form of a template sheet (`social`, `gia`, …). */
  form?: string;
  grade?: number;
  subject?: string;
}

/** A school of the file found in the registry. */
export interface MatchedFileSchool {
  schoolId: string;
  by: MatchedBy;
  /** The school as the file names it (its name, else its code). */
  fileName: string;
  fileCode?: string;
  rows: number;
}

/** A school of the file not in the registry: never dropped silently, listed with the closest registry names. */
export interface UnmatchedFileSchool {
  fileName: string;
  fileCode?: string;
  rows: number;
  suggestions: SchoolSuggestion[];
}

/**
 * What one file gives. `facts` are patches per school and year, for registry schools only. A per-participant
 * file (`fisoko-vpr`, `gia`) gives each procedure of each school whole: its elements replace the school's
 * earlier ones (`replaceElements`); a template row merges field by field like a form response.
 */
export interface ImportReport {
  format: ImportFormat;
  file: { name: string; size: number; sha256: string };
  rows: { read: number; taken: number };
  procedures: ImportedProcedure[];
  facts: SchoolYearFacts[];
  replaceElements: boolean;
  schools: { matched: MatchedFileSchool[]; unmatched: UnmatchedFileSchool[] };
  /** Headers of columns the file has and the importer did not read (ФИО, Пол, …): their cells were never kept. */
  ignoredColumns: { sheet: string; column: string }[];
}

/** The outcome of importing one file: the report, or every issue that refused it (nothing of it applies). */
export type ImportOutcome = Result<
  ImportReport,
  { code: "refused"; format?: ImportFormat; issues: ImportIssue[]; more: number }
>;

/** Collects issues up to a cap: a systematic error in a 200,000-row file is one problem, not 200,000 lines. */
export class IssueCollector {
  readonly issues: ImportIssue[] = [];
  more = 0;
  constructor(private readonly cap = 1000) {}
  add(issue: ImportIssue): void {
    if (this.issues.length < this.cap) this.issues.push(issue);
    else this.more++;
  }
  get count(): number {
    return this.issues.length + this.more;
  }
}
