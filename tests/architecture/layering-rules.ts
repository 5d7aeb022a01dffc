// The layering rules of docs/architecture.md as data, and a checker that reads import specifiers and clock calls from source text.
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";

/** One source file: its path from the repository root (forward slashes) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** One broken rule, with where it was broken. */
export interface Violation {
  rule: string;
  file: string;
  line: number;
  /** The import specifier or the clock call found. */
  found: string;
}

/** What a folder may import: other folders of the tree (repository paths) and npm packages, nothing else. */
interface LayerRule {
  name: string;
  /** The files the rule applies to (a path prefix). */
  folder: string;
  /** Repository folders (prefixes) its relative imports may reach; its own folder is always allowed. */
  mayImport?: readonly string[];
  /** Repository folders it must not import (used where a rule forbids rather than allows). */
  mustNotImport?: readonly string[];
  /** Bare specifiers (npm packages, `node:` builtins) it may import; absent: any. */
  packages?: readonly string[];
  /** No reading of the clock or of `process`: «today» is a parameter. */
  noClock?: boolean;
}

const SRC = "functions/src/";

/**
 * The rules. Allow-lists where the layer is small and pure (so a new kind of dependency has to be argued for here),
 * a deny-list for `sheets/`, which legitimately reads the domain, the catalog and the import vocabulary.
 */
export const LAYER_RULES: readonly LayerRule[] = [
  {
    name: "domain is pure",
    folder: `${SRC}domain/`,
    mayImport: [`${SRC}contract/`, `${SRC}catalog/`],
    packages: ["luxon"],
    noClock: true,
  },
  {
    name: "contract depends on nothing of the tree",
    folder: `${SRC}contract/`,
    mayImport: [],
    packages: ["zod", "ajv", "luxon"],
  },
  {
    name: "catalog depends only on contract",
    folder: `${SRC}catalog/`,
    mayImport: [`${SRC}contract/`],
    packages: ["zod"],
  },
  {
    name: "apps-script uses only catalog and contract",
    folder: "apps-script/src/",
    mayImport: [`${SRC}catalog/`, `${SRC}contract/`],
    packages: [],
  },
  {
    name: "sheets does not import http",
    folder: `${SRC}sheets/`,
    mustNotImport: [`${SRC}http/`, `${SRC}cli/`],
  },
];

/** Calls that read the clock or the process; a domain file must get «today» as a parameter instead. */
const CLOCK_CALLS: readonly RegExp[] = [
  /\bDate\.now\s*\(/,
  /\bnew\s+Date\s*\(\s*\)/,
  /\bDateTime\.(?:now|local|utc)\s*\(\s*\)/,
  /\bperformance\.now\s*\(/,
  /\bprocess\./,
];

// `import … from "x"`, `export … from "x"` and `import "x"` at the start of a statement (multi-line lists
// included: `[^;]*?` crosses lines), and `import("x")` anywhere.
const STATIC_IMPORT = /^[ \t]*(?:import|export)\b(?:[^;"'`]*?\bfrom\s*)?\s*["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** Every import specifier of a file with its 1-based line. */
export function importsOf(text: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  for (const pattern of [STATIC_IMPORT, DYNAMIC_IMPORT]) {
    for (const match of text.matchAll(pattern)) {
      const specifier = match[1] as string;
      const at = (match.index ?? 0) + match[0].lastIndexOf(specifier);
      found.push({ specifier, line: lineAt(text, at) });
    }
  }
  return found;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The text with comments blanked (line breaks kept), so a clock named in a comment is not a clock read. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'\\])\/\/.*$/gm, "$1");
}

/** The package a bare specifier names: `@scope/name` or `name` (`node:fs/promises` stays `node:fs/promises`). */
function packageOf(specifier: string): string {
  if (specifier.startsWith("node:")) return specifier;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

/** Checks every file against every rule that covers it; an empty list means the tree keeps its layers. */
export function checkLayering(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    for (const rule of LAYER_RULES) {
      if (!file.path.startsWith(rule.folder)) continue;
      for (const { specifier, line } of importsOf(file.text)) {
        const bad = brokenBy(rule, file.path, specifier);
        if (bad) violations.push({ rule: rule.name, file: file.path, line, found: specifier });
      }
      if (rule.noClock) {
        const code = withoutComments(file.text);
        for (const pattern of CLOCK_CALLS) {
          const match = pattern.exec(code);
          if (match)
            violations.push({
              rule: rule.name,
              file: file.path,
              line: lineAt(code, match.index),
              found: match[0],
            });
        }
      }
    }
  }
  return violations;
}

function brokenBy(rule: LayerRule, from: string, specifier: string): boolean {
  if (!specifier.startsWith(".")) {
    return rule.packages !== undefined && !rule.packages.includes(packageOf(specifier));
  }
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  if (rule.mustNotImport?.some((folder) => target.startsWith(folder))) return true;
  if (rule.mayImport === undefined || target.startsWith(rule.folder)) return false;
  return !rule.mayImport.some((folder) => target.startsWith(folder));
}

/** Every `.ts` file under the given folders of the repository at `root`. */
export function readSources(root: string, folders: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts"))
        files.push({ path: relative(root, full).split(sep).join("/"), text: readFileSync(full, "utf8") });
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return files;
}
