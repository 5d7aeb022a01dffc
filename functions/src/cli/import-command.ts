// `shnor import`: merges what a file a district already has (template, ФИС ОКО Ф1, ГИА table) gives into a dataset file.
import { readFile } from "node:fs/promises";
import { parseDataset, parseDatasetJson } from "../contract/parse-dataset.js";
import { formatIssue } from "../contract/validation-issue.js";
import { parseGiaMap } from "../import/gia-map.js";
import { importFile } from "../import/import-file.js";
import { describeImportIssue } from "../import/import-issue.js";
import {
  IMPORT_FORMAT_NAMES,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportReport,
} from "../import/import-result.js";
import { mergeImport } from "../import/merge-import.js";
import { subjectName } from "../import/vocabulary.js";
import { parseCommandOptions, usageError } from "./arguments.js";
import {
  type CliStreams,
  describeFsError,
  EXIT,
  printLines,
  readInput,
  STDIO,
  writeOutput,
} from "./cli-io.js";

const OPTIONS = {
  into: { type: "string" },
  file: { type: "string" },
  format: { type: "string" },
  map: { type: "string" },
  out: { type: "string", short: "o" },
  pretty: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const BY: Readonly<Record<string, string>> = {
  externalId: "по коду в файле",
  id: "по коду реестра",
  name: "по наименованию",
};

function procedureText(p: ImportReport["procedures"][number]): string {
  if (p.kind === "vpr") return `ВПР ${p.year}, ${p.grade} класс, ${subjectName(p.subject ?? "")}`;
  if (p.kind === "ege" || p.kind === "oge")
    return `${p.kind === "ege" ? "ЕГЭ" : "ОГЭ"} ${p.year}, ${subjectName(p.subject ?? "")}`;
  return `форма «${p.form}» ${p.year}`;
}

/** What the person at the terminal reads after a merge: the file, its procedures, the schools matched and not. */
export function importSummary(report: ImportReport, changed: number, added: number): string[] {
  const lines = [
    `Файл «${report.file.name}» — ${IMPORT_FORMAT_NAMES[report.format]}: строк ${report.rows.read}, учтено ${report.rows.taken}.`,
    `Процедуры: ${report.procedures.map(procedureText).join("; ")}.`,
  ];
  const { matched, unmatched } = report.schools;
  const ways = Object.entries(BY)
    .map(([by, words]) => [words, matched.filter((m) => m.by === by).length] as const)
    .filter(([, n]) => n > 0)
    .map(([words, n]) => `${words} ${n}`);
  lines.push(`Школ найдено в реестре: ${matched.length}${ways.length > 0 ? ` (${ways.join(", ")})` : ""}.`);
  if (unmatched.length > 0) {
    lines.push(`Школ нет в реестре: ${unmatched.length} — их строки не загружены:`);
    for (const u of unmatched) {
      const code = u.fileCode === undefined ? "" : ` (${u.fileCode})`;
      const like = u.suggestions.map((s) => `«${s.name}» [${s.schoolId}]`).join(", ");
      lines.push(`  • «${u.fileName}»${code}, строк ${u.rows}${like === "" ? "" : `; похожие: ${like}`}`);
    }
  }
  if (report.ignoredColumns.length > 0)
    lines.push(
      `Не читались столбцы: ${[...new Set(report.ignoredColumns.map((c) => `«${c.column}»`))].join(", ")}.`,
    );
  lines.push(`Изменено записей «школа — год»: ${changed} (новых ${added}).`);
  return lines;
}

/** Runs `import`; returns the exit code (0 merged, 1 usage or I/O, 2 refused). Writes nothing on failure. */
export async function runImport(args: readonly string[], io: CliStreams): Promise<number> {
  const parsed = parseCommandOptions("import", args, OPTIONS, io);
  if (!parsed.success) return parsed.error.exitCode;
  const values = parsed.data;
  if (values.into === undefined) return usageError(io, "import", "не указан набор данных: --into <файл>");
  if (values.file === undefined)
    return usageError(io, "import", "не указан файл для загрузки: --file <файл>");
  const format = values.format ?? "auto";
  if (format !== "auto" && !(IMPORT_FORMATS as readonly string[]).includes(format))
    return usageError(io, "import", `--format: «${format}» — допустимые: auto, ${IMPORT_FORMATS.join(", ")}`);
  const out = values.out ?? STDIO;

  let map: Parameters<typeof importFile>[2]["map"];
  if (values.map !== undefined) {
    const text = await readInput(values.map, io.stdin);
    if (!text.success) return usageError(io, "import", text.error.message);
    let json: unknown;
    try {
      json = JSON.parse(text.data.toString("utf8"));
    } catch (error) {
      return usageError(
        io,
        "import",
        `--map: «${values.map}» — это не JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const checked = parseGiaMap(json);
    if (!checked.success)
      return usageError(
        io,
        "import",
        `--map: схема столбцов не принята:\n${checked.error.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`,
      );
    map = checked.data;
  }

  const input = await readInput(values.into, io.stdin);
  if (!input.success) return usageError(io, "import", input.error.message);
  const dataset = parseDatasetJson(input.data);
  if (!dataset.success) {
    printLines(io.stderr, dataset.error.issues.map(formatIssue));
    io.stderr.write(
      `shnor import: набор данных «${values.into}» не принят (ошибок: ${dataset.error.issues.length}); ничего не записано\n`,
    );
    return EXIT.invalid;
  }

  let bytes: Uint8Array;
  try {
    bytes = await readFile(values.file);
  } catch (error) {
    return usageError(io, "import", describeFsError(error, values.file, "read"));
  }
  const imported = await importFile(bytes, values.file, {
    format: format as ImportFormat | "auto",
    schools: dataset.data.dataset.schools,
    map,
  });
  if (!imported.success) {
    const { issues, more } = imported.error;
    printLines(io.stderr, issues.map(describeImportIssue));
    if (more > 0) io.stderr.write(`…и ещё ${more} ошибок того же файла\n`);
    io.stderr.write(
      `shnor import: файл «${values.file}» не принят (ошибок: ${issues.length + more}); из него ничего не загружено, набор данных не записан\n`,
    );
    return EXIT.invalid;
  }
  const merged = mergeImport(dataset.data.dataset, imported.data);
  const recheck = parseDataset(merged.dataset);
  if (!recheck.success) {
    printLines(io.stderr, recheck.error.issues.map(formatIssue));
    io.stderr.write(
      `shnor import: после загрузки «${values.file}» набор данных нарушает правила (ошибок: ${recheck.error.issues.length}); ничего не записано\n`,
    );
    return EXIT.invalid;
  }
  const json =
    values.pretty === true ? JSON.stringify(merged.dataset, null, 2) : JSON.stringify(merged.dataset);
  try {
    await writeOutput(out, [json, "\n"], io.stdout);
  } catch (error) {
    io.stderr.write(`shnor import: ${describeFsError(error, out, "write")}\n`);
    return EXIT.usage;
  }
  printLines(io.stderr, importSummary(imported.data, merged.changed, merged.added));
  if (out !== STDIO) io.stderr.write(`Набор данных записан в «${out}».\n`);
  return EXIT.ok;
}
