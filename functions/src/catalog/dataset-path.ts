// Dataset paths of the catalog (`ege[subject=russian].participants`): parse them, write a value at one, find the element index.

/** One step of a dataset path: an object key, or an array element picked by its key fields. */
export type PathSegment =
  | { readonly key: string }
  | { readonly key: string; readonly select: Readonly<Record<string, string | number>> };

/**
 * `vpr[grade=5,subject=math].grades.2` → `[{key:"vpr", select:{grade:5, subject:"math"}}, {key:"grades"},
 * {key:"2"}]`. Selector values made of digits are numbers (grades), the rest strings (subjects).
 */
export function parseDatasetPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of path.match(/[^.[\]]+(\[[^\]]*\])?/g) ?? []) {
    const open = part.indexOf("[");
    if (open < 0) {
      segments.push({ key: part });
      continue;
    }
    const select: Record<string, string | number> = {};
    for (const pair of part.slice(open + 1, -1).split(",")) {
      const [name = "", value = ""] = pair.split("=");
      select[name.trim()] = /^\d+$/.test(value.trim()) ? Number(value.trim()) : value.trim();
    }
    segments.push({ key: part.slice(0, open), select });
  }
  return segments;
}

type Json = Record<string, unknown>;

function matches(element: unknown, select: Readonly<Record<string, string | number>>): boolean {
  if (element === null || typeof element !== "object") return false;
  return Object.entries(select).every(([name, value]) => (element as Json)[name] === value);
}

/** Writes `value` at `segments` inside `target`, creating objects and selected array elements on the way. */
export function setAtPath(target: Json, segments: readonly PathSegment[], value: unknown): void {
  let current: Json = target;
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if ("select" in segment) {
      const list = Array.isArray(current[segment.key]) ? (current[segment.key] as unknown[]) : [];
      current[segment.key] = list;
      let element = list.find((e) => matches(e, segment.select)) as Json | undefined;
      if (!element) {
        element = { ...segment.select };
        list.push(element);
      }
      current = element;
      return;
    }
    if (last) {
      current[segment.key] = value;
      return;
    }
    const next = current[segment.key];
    if (next === null || typeof next !== "object" || Array.isArray(next)) current[segment.key] = {};
    current = current[segment.key] as Json;
  });
}

/**
 * Removes the value at `segments` from `target`, then prunes what the removal emptied: an object with no fields
 * left, a selected element left with only its key fields (`{subject: "math"}`), a list left empty. Nothing
 * happens when the path is not there. Used when an edited response clears an answer it gave before.
 */
export function deleteAtPath(target: Json, segments: readonly PathSegment[]): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  if ("select" in segment) {
    const list = target[segment.key];
    if (!Array.isArray(list)) return;
    const index = list.findIndex((e) => matches(e, segment.select));
    if (index < 0) return;
    const element = list[index] as Json;
    if (rest.length === 0) list.splice(index, 1);
    else {
      deleteAtPath(element, rest);
      if (Object.keys(element).every((k) => k in segment.select)) list.splice(index, 1);
    }
    if (list.length === 0) delete target[segment.key];
    return;
  }
  if (rest.length === 0) {
    delete target[segment.key];
    return;
  }
  const next = target[segment.key];
  if (next === null || typeof next !== "object" || Array.isArray(next)) return;
  deleteAtPath(next as Json, rest);
  if (Object.keys(next as Json).length === 0) delete target[segment.key];
}

/**
 * The path with array indices as it stands in `root` (`ege[0].participants`), for matching issues reported
 * against concrete facts; undefined when a selected element is not there.
 */
export function concretePath(root: Json, segments: readonly PathSegment[]): string | undefined {
  let out = "";
  let current: unknown = root;
  for (const segment of segments) {
    out += out === "" ? segment.key : `.${segment.key}`;
    const next: unknown =
      current !== null && typeof current === "object" ? (current as Json)[segment.key] : undefined;
    if ("select" in segment) {
      if (!Array.isArray(next)) return undefined;
      const index = next.findIndex((e) => matches(e, segment.select));
      if (index < 0) return undefined;
      out += `[${index}]`;
      current = next[index];
    } else {
      current = next;
    }
  }
  return out;
}
