// Finding the registry school a file's row belongs to: by its code in the other system, the registry code, or an unambiguous name.
import type { School } from "../contract/dataset.js";

/** How a file's school was found in the registry. */
export type MatchedBy = "externalId" | "id" | "name";

export interface SchoolMatch {
  schoolId: string;
  by: MatchedBy;
}

/** A registry school offered for an unmatched one, with how alike the names are (0–1). */
export interface SchoolSuggestion {
  schoolId: string;
  name: string;
  similarity: number;
}

// JavaScript's \b knows only Latin letters, so the legal form is bounded by spaces explicitly.
const LEGAL_FORMS =
  /(^|\s)(мбоу|маоу|мкоу|мобу|моау|моу|мбу|гбоу|гаоу|гкоу|гоу|боу|аоу|коу|ноу|чоу|оу)(?=\s|$)/g;

/**
 * A school name reduced to what tells schools apart: case, ё/е, quotes, the legal form (МБОУ, МАОУ…),
 * punctuation and spacing around «№» do not matter. `МБОУ «СОШ № 5»` and `сош №5` are the same.
 */
export function schoolNameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[«»"'„“”()]/g, " ")
    .replace(LEGAL_FORMS, "$1")
    .replace(/№\s*/g, "№")
    .replace(/[.,;:–—-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const gram = padded.slice(i, i + 2);
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

/**
 * Sørensen–Dice similarity of the character bigrams of two name keys: 2·|A∩B| / (|A|+|B|), 1 for equal names,
 * 0 for names with no pair of letters in common. O(length).
 * @example nameSimilarity("сосновская оош", "сосновская сош") > 0.7
 */
export function nameSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  let total = 0;
  for (const [gram, n] of x) {
    common += Math.min(n, y.get(gram) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}

/** The registry seen from one imported file: which system's codes its rows carry. */
export class SchoolMatcher {
  private readonly byExternal = new Map<string, string>();
  private readonly byId = new Map<string, string>();
  private readonly byName = new Map<string, string | null>();
  private readonly keys: { schoolId: string; name: string; key: string }[];

  constructor(schools: readonly School[], system: "fisOko" | "gia" | null) {
    for (const school of schools) {
      this.byId.set(school.id, school.id);
      const code = system === null ? undefined : school.externalIds?.[system];
      if (code !== undefined) this.byExternal.set(code.toLowerCase(), school.id);
      const key = schoolNameKey(school.name);
      // Two schools with one name: a name alone cannot tell which, so it matches neither.
      this.byName.set(key, this.byName.has(key) ? null : school.id);
    }
    this.keys = schools.map((s) => ({ schoolId: s.id, name: s.name, key: schoolNameKey(s.name) }));
  }

  /** The school a file's code and name point to: the other system's code first, then the registry code, then a unique name. */
  match(code: string | undefined, name: string | undefined): SchoolMatch | undefined {
    if (code !== undefined && code !== "") {
      const external = this.byExternal.get(code.toLowerCase());
      if (external !== undefined) return { schoolId: external, by: "externalId" };
      const id = this.byId.get(code);
      if (id !== undefined) return { schoolId: id, by: "id" };
    }
    if (name !== undefined && name !== "") {
      const byName = this.byName.get(schoolNameKey(name));
      if (byName !== undefined && byName !== null) return { schoolId: byName, by: "name" };
    }
    return undefined;
  }

  /** Up to `count` registry schools whose names are closest to `name` (similarity ≥ 0.3), best first. */
  suggest(name: string, count = 3): SchoolSuggestion[] {
    const key = schoolNameKey(name);
    if (key === "") return [];
    return this.keys
      .map((s) => ({ schoolId: s.schoolId, name: s.name, similarity: nameSimilarity(key, s.key) }))
      .filter((s) => s.similarity >= 0.3)
      .sort((a, b) => b.similarity - a.similarity || a.schoolId.localeCompare(b.schoolId))
      .slice(0, count)
      .map((s) => ({ ...s, similarity: Math.round(s.similarity * 100) / 100 }));
  }
}
