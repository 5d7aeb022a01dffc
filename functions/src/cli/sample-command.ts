// `shnor sample`: writes the synthetic sample territory of any size as Dataset v1 JSON, streamed school by school.
import {
  planSampleTerritory,
  SAMPLE_DEFAULTS,
  type SampleTerritoryPlan,
} from "../sample/sample-territory.js";
import { academicYearOption, integerOption, parseCommandOptions, usageError } from "./arguments.js";
import { type CliStreams, describeFsError, EXIT, STDIO, writeOutput } from "./cli-io.js";

const OPTIONS = {
  schools: { type: "string" },
  years: { type: "string" },
  seed: { type: "string" },
  "last-year": { type: "string" },
  out: { type: "string", short: "o" },
  "vpr-files": { type: "string" },
  "gia-files": { type: "string" },
  "files-years": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Compact JSON of the plan, piece by piece, byte-identical to `JSON.stringify(generateSampleTerritory(…))`
 * plus a final newline: the facts are drawn and serialised one at a time, so 40,000 schools stream in
 * constant memory instead of building a 200 MB object graph first.
 */
export function* sampleJsonChunks(plan: SampleTerritoryPlan): Generator<string> {
  const { format, version, territory, schools, references, roadmap, meetings, pins } = plan.head;
  yield `{"format":${JSON.stringify(format)},"version":${JSON.stringify(version)},"territory":${JSON.stringify(territory)},"schools":${JSON.stringify(schools)},"facts":[`;
  let first = true;
  for (const fact of plan.facts()) {
    yield first ? JSON.stringify(fact) : `,${JSON.stringify(fact)}`;
    first = false;
  }
  yield "]";
  if (references !== undefined) yield `,"references":${JSON.stringify(references)}`;
  if (roadmap !== undefined) yield `,"roadmap":${JSON.stringify(roadmap)}`;
  if (meetings !== undefined) yield `,"meetings":${JSON.stringify(meetings)}`;
  if (pins !== undefined) yield `,"pins":${JSON.stringify(pins)}`;
  yield "}\n";
}

/** Runs `sample`; returns the exit code. */
export async function runSample(args: readonly string[], io: CliStreams): Promise<number> {
  const parsed = parseCommandOptions("sample", args, OPTIONS, io);
  if (!parsed.success) return parsed.error.exitCode;
  const values = parsed.data;
  const schools = integerOption("schools", values.schools, SAMPLE_DEFAULTS.schools, 1, 1_000_000);
  if (!schools.success) return usageError(io, "sample", schools.error.message);
  const years = integerOption("years", values.years, SAMPLE_DEFAULTS.years, 1, 20);
  if (!years.success) return usageError(io, "sample", years.error.message);
  const lastYear = academicYearOption("last-year", values["last-year"]);
  if (!lastYear.success) return usageError(io, "sample", lastYear.error.message);
  const seed = values.seed ?? SAMPLE_DEFAULTS.seed;
  if (seed === "") return usageError(io, "sample", "--seed: пустое значение");

  const plan = planSampleTerritory({
    schools: schools.data,
    years: years.data,
    // A numeric seed and the same digits as text give the same territory (the seed is hashed as text).
    seed,
    lastYear: lastYear.data ?? SAMPLE_DEFAULTS.lastYear,
  });
  const vprDir = values["vpr-files"];
  const giaDir = values["gia-files"];
  const filesYears = integerOption("files-years", values["files-years"], 1, 1, years.data);
  if (!filesYears.success) return usageError(io, "sample", filesYears.error.message);
  // With per-participant files asked for, the dataset is written only where --out says.
  const out = values.out ?? (vprDir === undefined && giaDir === undefined ? STDIO : undefined);
  try {
    if (out !== undefined) await writeOutput(out, sampleJsonChunks(plan), io.stdout);
  } catch (error) {
    io.stderr.write(`shnor sample: ${describeFsError(error, out ?? STDIO, "write")}\n`);
    return EXIT.usage;
  }
  if (vprDir !== undefined || giaDir !== undefined) {
    const { writeSampleFiles } = await import("../sample/sample-files.js");
    const all = plan.head.references?.map((r) => r.year) ?? [];
    const chosen = all.slice(all.length - filesYears.data);
    try {
      const files = await writeSampleFiles({ plan, seed, years: chosen, vprDir, giaDir });
      for (const file of files) io.stderr.write(`${file.path}: участников ${file.rows}\n`);
    } catch (error) {
      io.stderr.write(`shnor sample: ${describeFsError(error, vprDir ?? giaDir ?? "", "write")}\n`);
      return EXIT.usage;
    }
  }
  return EXIT.ok;
}
