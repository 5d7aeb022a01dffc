// `shnor report`: Dataset v1 → printable HTML reports (index.html for the territory, schools/<id>.html per school) in a folder.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { buildReport, SCHOOLS_DIR } from "../report/build-report.js";
import { academicYearOption, parseCommandOptions, usageError } from "./arguments.js";
import { type CliStreams, describeFsError, EXIT, STDIO, type StagedFile, stageFile } from "./cli-io.js";
import { computeInput } from "./computed-input.js";

const OPTIONS = {
  input: { type: "string", short: "i" },
  out: { type: "string", short: "o" },
  year: { type: "string" },
  "as-of": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs `report`; returns the exit code (0 written, 1 usage or I/O, 2 data refused). Writes nothing on failure. */
export async function runReport(args: readonly string[], io: CliStreams): Promise<number> {
  const parsed = parseCommandOptions("report", args, OPTIONS, io);
  if (!parsed.success) return parsed.error.exitCode;
  const values = parsed.data;
  if (values.input === undefined)
    return usageError(io, "report", "не указан набор данных: --input <файл> или --input -");
  if (values.out === undefined || values.out === "" || values.out === STDIO)
    return usageError(io, "report", "не указана папка для отчёта: --out <папка>");
  const year = academicYearOption("year", values.year);
  if (!year.success) return usageError(io, "report", year.error.message);

  const computed = await computeInput(
    values.input,
    { command: "report", nothingWritten: "отчёт не записан", year: year.data, asOf: values["as-of"] },
    io,
  );
  if (!computed.success)
    return computed.error.usage ? usageError(io, "report", computed.error.usage) : computed.error.exitCode;
  const files = buildReport(computed.data.results, computed.data.dataset);

  // Every page is staged first and put in place only when all of them are written: a run that fails halfway
  // leaves the previous report (or none), never a mix of old and new pages.
  const out = values.out;
  const staged: StagedFile[] = [];
  let current = out;
  try {
    await mkdir(join(out, SCHOOLS_DIR), { recursive: true });
    for (const file of files) {
      current = join(out, file.path);
      staged.push(await stageFile(current, [file.html]));
    }
    for (const file of staged) await file.commit();
  } catch (error) {
    await Promise.all(staged.map((file) => file.discard()));
    io.stderr.write(`shnor report: ${describeFsError(error, current, "write")}\n`);
    return EXIT.usage;
  }
  const summary = computed.data.results.summary;
  io.stderr.write(
    `Отчёт за ${computed.data.results.year} записан в папку «${out}»: ${join(out, "index.html")} и карточки школ ` +
      `(${files.length - 1}) в ${join(out, SCHOOLS_DIR)}; ШНОР ${summary.lowResults ?? 0}, ШНСУ ${summary.adverseSocial ?? 0}.\n`,
  );
  return EXIT.ok;
}
