// The schools a file names, each matched once against the registry and counted, for the matched and unmatched lists of the report.
import type { School } from "../contract/dataset.js";
import type { MatchedFileSchool, UnmatchedFileSchool } from "./import-result.js";
import { type SchoolMatch, SchoolMatcher } from "./school-matching.js";

interface Seen {
  code: string | undefined;
  name: string | undefined;
  rows: number;
  match: SchoolMatch | undefined;
}

/** Matches each distinct (code, name) of a file once; rows are counted per file school. */
export class FileSchoolTally {
  private readonly matcher: SchoolMatcher;
  private readonly seen = new Map<string, Seen>();

  constructor(schools: readonly School[], system: "fisOko" | "gia" | null) {
    this.matcher = new SchoolMatcher(schools, system);
  }

  /** Counts one row of the file school; returns the registry id it belongs to, or undefined when unmatched. */
  row(code: string | undefined, name: string | undefined): string | undefined {
    const key = `${code ?? ""}\u0000${code === undefined || code === "" ? (name ?? "") : ""}`;
    let entry = this.seen.get(key);
    if (!entry) {
      entry = { code, name, rows: 0, match: this.matcher.match(code, name) };
      this.seen.set(key, entry);
    } else if (entry.name === undefined && name !== undefined) entry.name = name;
    entry.rows++;
    return entry.match?.schoolId;
  }

  /** Rows that belong to registry schools. */
  get takenRows(): number {
    let n = 0;
    for (const entry of this.seen.values()) if (entry.match) n += entry.rows;
    return n;
  }

  /** The report's lists: matched schools by registry id, unmatched ones with up to three suggestions each. */
  lists(): { matched: MatchedFileSchool[]; unmatched: UnmatchedFileSchool[] } {
    const matched: MatchedFileSchool[] = [];
    const unmatched: UnmatchedFileSchool[] = [];
    for (const entry of this.seen.values()) {
      const fileName = entry.name ?? entry.code ?? "";
      const code = entry.code === undefined || entry.code === "" ? {} : { fileCode: entry.code };
      if (entry.match)
        matched.push({
          schoolId: entry.match.schoolId,
          by: entry.match.by,
          fileName,
          ...code,
          rows: entry.rows,
        });
      else
        unmatched.push({
          fileName,
          ...code,
          rows: entry.rows,
          suggestions: this.matcher.suggest(entry.name ?? entry.code ?? ""),
        });
    }
    matched.sort((a, b) => a.schoolId.localeCompare(b.schoolId) || a.fileName.localeCompare(b.fileName));
    unmatched.sort((a, b) => a.fileName.localeCompare(b.fileName));
    return { matched, unmatched };
  }
}
