// Benchmark of `shnor compute` against the JSON.parse floor, and where its time goes; prints PASS/OVER, never fails the build.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { runNode } from "../scripts/child-run.mjs";

const root = resolve(import.meta.dirname, "..");
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 2));
const sizes = [2_000, 40_000] as const;
const YEARS = 3;
const SEED = 2026;

interface Measure {
  seconds: number;
  maxRssMb: number;
}

const work = mkdtempSync(join(tmpdir(), "shnor-bench-"));
// Inside the repository so the bundle's bare imports (zod, luxon, exceljs) resolve from its node_modules; a
// folder per run, so two runs sharing one node_modules (two worktrees) never time each other's code.
const bundleDir = join(root, "node_modules", ".cache", `shnor-bench-${process.pid}`);
process.on("exit", () => rmSync(bundleDir, { recursive: true, force: true }));

/**
 * Bundles the CLI once, so the timings are node's and not tsx's on-the-fly transpiling; beside it the same code
 * cut into timed steps (bench/compute-phases.ts).
 */
async function bundleCli(): Promise<{ cli: string; phases: string }> {
  rmSync(bundleDir, { recursive: true, force: true });
  mkdirSync(bundleDir, { recursive: true });
  await build({
    entryPoints: {
      main: join(root, "functions/src/cli/main.ts"),
      phases: join(root, "bench/compute-phases.ts"),
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Split chunks keep the lazily imported workbook code (and exceljs) out of a plain `compute`.
    splitting: true,
    outdir: bundleDir,
    outExtension: { ".js": ".mjs" },
    packages: "external",
    logLevel: "warning",
  });
  return { cli: join(bundleDir, "main.mjs"), phases: join(bundleDir, "phases.mjs") };
}

/** A preload that records the child's peak resident memory when it exits. */
function writeRssReporter(): string {
  const path = join(work, "report-rss.mjs");
  writeFileSync(
    path,
    `import { writeFileSync } from "node:fs";
process.on("exit", () => {
  if (process.env.SHNOR_BENCH_RSS) writeFileSync(process.env.SHNOR_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
`,
  );
  return pathToFileURL(path).href;
}

/** Longer than the slowest run here (~20 s): past it a run is taken for a hang at exit (scripts/child-run.mjs). */
const RUN_TIMEOUT_MS = 300_000;

/** Runs `node <args>` in a fresh process; returns wall time and peak RSS, or throws with its stderr. */
function measure(reporter: string, args: readonly string[]): Measure & { stdout: string } {
  const rssFile = join(work, "rss.txt");
  rmSync(rssFile, { force: true });
  const { seconds, stdout } = runNode(["--import", reporter, ...args], {
    timeoutMs: RUN_TIMEOUT_MS,
    env: { ...process.env, SHNOR_BENCH_RSS: rssFile },
    maxBuffer: 1 << 20,
  });
  const kb = Number(readFileSync(rssFile, "utf8"));
  return { seconds, maxRssMb: kb / 1024, stdout };
}

/**
 * The fastest of `runs` floor runs and of `runs` command runs, taken alternately (floor, command, floor, …): on a
 * shared machine whose speed drifts within minutes, all floor runs first and all command runs after would put the
 * drift into the ratio.
 */
function bestPaired(
  reporter: string,
  floorArgs: readonly string[],
  commandArgs: readonly string[],
): { floor: Measure; compute: Measure } {
  let floor: Measure | null = null;
  let compute: Measure | null = null;
  for (let i = 0; i < runs; i++) {
    const f = measure(reporter, floorArgs);
    if (floor === null || f.seconds < floor.seconds) floor = f;
    const c = measure(reporter, commandArgs);
    if (compute === null || c.seconds < compute.seconds) compute = c;
  }
  if (floor === null || compute === null) throw new Error("no run");
  return { floor, compute };
}

/** The budgets of issue 10, each a ratio or a time measured in the same run. */
const BUDGETS = { regionVsFloor: 2.0, rssVsFloor: 2.0, municipalitySeconds: 0.5 } as const;
const PHASES = ["boot", "modules", "read+parse", "validate", "compute", "write"] as const;

/** Issue 13 §6: at least this share of the ШНОР/ШНСУ schools actually paired with a mentor at region scale. */
const MENTOR_COVERAGE = 0.9;

/**
 * The verdict row of mentor coverage from the results the timed `compute` wrote: listed schools with a mentor
 * (a capacity reason does not count), with the capacity setting it was reached at.
 */
function mentorCoverage(label: string, resultsFile: string): string[] {
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as {
    schools: { categories: string[]; mentorId: string | null }[];
    methodology: { settings: { mentoring: { maxMenteesPerMentor: number } } };
  };
  const listed = results.schools.filter(
    (s) => s.categories.includes("lowResults") || s.categories.includes("adverseSocial"),
  );
  const paired = listed.filter((s) => s.mentorId !== null).length;
  const share = listed.length === 0 ? 1 : paired / listed.length;
  const capacity = results.methodology.settings.mentoring.maxMenteesPerMentor;
  return [
    `${label}: ШНОР/ШНСУ with a mentor (≤ ${capacity} mentees each)`,
    `${paired} of ${listed.length} = ${(100 * share).toFixed(1)}%`,
    `≥ ${100 * MENTOR_COVERAGE}%`,
    share >= MENTOR_COVERAGE ? "PASS" : "OVER",
  ];
}

const fmtTime = (m: Measure) => `${m.seconds.toFixed(2)} s / ${Math.round(m.maxRssMb)} MB`;

function table(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  "));
}

async function main(): Promise<void> {
  console.log(
    `shnor compute benchmark — node ${process.version}, best of ${runs} fresh processes per measure`,
  );
  console.log(`work dir ${work}`);
  const { cli, phases } = await bundleCli();
  const reporter = writeRssReporter();
  const floorScript = "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))";

  const rows: string[][] = [
    [
      "schools × years",
      "file",
      "generate",
      "floor: read+JSON.parse",
      "compute",
      "time ÷ floor",
      "RSS ÷ floor",
    ],
  ];
  const phaseRows: string[][] = [["schools × years", ...PHASES, "total", "(read alone)"]];
  const verdicts: string[][] = [["budget", "measured", "limit", "verdict"]];
  const verdict = (pass: boolean) => (pass ? "PASS" : "OVER");
  const perSchool: { size: number; seconds: number; mb: number }[] = [];
  for (const size of sizes) {
    const dataset = join(work, `territory-${size}.json`);
    const generated = measure(reporter, [
      cli,
      "sample",
      "--schools",
      String(size),
      "--years",
      String(YEARS),
      "--seed",
      String(SEED),
      "--out",
      dataset,
    ]);
    const megabytes = statSync(dataset).size / 1e6;
    const { floor, compute } = bestPaired(
      reporter,
      ["-e", floorScript, dataset],
      [cli, "compute", "--input", dataset, "--out", join(work, `results-${size}.json`)],
    );
    const ratio = compute.seconds / floor.seconds;
    const rssRatio = compute.maxRssMb / floor.maxRssMb;
    const label = `${size.toLocaleString("en-US")} × ${YEARS}`;
    rows.push([
      label,
      `${megabytes.toFixed(1)} MB`,
      `${generated.seconds.toFixed(2)} s`,
      fmtTime(floor),
      fmtTime(compute),
      `${ratio.toFixed(2)}×`,
      `${rssRatio.toFixed(2)}×`,
    ]);
    if (size <= 2_000) {
      verdicts.push(mentorCoverage(label, join(work, `results-${size}.json`)));
      verdicts.push([
        `${label}: compute time`,
        `${compute.seconds.toFixed(2)} s`,
        `≤ ${BUDGETS.municipalitySeconds} s`,
        verdict(compute.seconds <= BUDGETS.municipalitySeconds),
      ]);
    } else {
      verdicts.push([
        `${label}: compute time ÷ floor`,
        `${ratio.toFixed(2)}×`,
        `≤ ${BUDGETS.regionVsFloor.toFixed(1)}×`,
        verdict(ratio <= BUDGETS.regionVsFloor),
      ]);
      verdicts.push([
        `${label}: peak RSS ÷ floor's`,
        `${rssRatio.toFixed(2)}×`,
        `≤ ${BUDGETS.rssVsFloor.toFixed(1)}×`,
        verdict(rssRatio <= BUDGETS.rssVsFloor),
      ]);
    }
    // The fastest of the timed runs, step by step.
    let fastest: Record<string, number> | null = null;
    for (let i = 0; i < runs; i++) {
      const out = measure(reporter, [phases, dataset, join(work, `phases-${size}.json`)]);
      const steps = JSON.parse(out.stdout) as Record<string, number>;
      const total = PHASES.reduce((sum, p) => sum + (steps[p] ?? 0), 0);
      if (fastest === null || total < PHASES.reduce((sum, p) => sum + (fastest?.[p] ?? 0), 0))
        fastest = steps;
    }
    const ms = (p: string) => fastest?.[p] ?? 0;
    phaseRows.push([
      label,
      ...PHASES.map((p) => `${Math.round(ms(p))} ms`),
      `${Math.round(PHASES.reduce((sum, p) => sum + ms(p), 0))} ms`,
      `${Math.round(ms("readAlone"))} ms`,
    ]);
    perSchool.push({ size, seconds: compute.seconds, mb: compute.maxRssMb });
  }

  table(rows);
  console.log("");
  table(verdicts);
  console.log("");
  console.log("where the time goes (wall time per step of the same code, bench/compute-phases.ts):");
  table(phaseRows);
  const [a, b] = perSchool;
  if (a && b) {
    console.log(
      `linearity: ${((a.seconds / a.size) * 1000).toFixed(3)} → ${((b.seconds / b.size) * 1000).toFixed(3)} ms per school, ` +
        `${((a.mb / a.size) * 1000).toFixed(0)} → ${((b.mb / b.size) * 1000).toFixed(0)} KB peak RSS per school`,
    );
  }
  const load = loadavg();
  console.log(
    `load average at the end: ${load.map((l) => l.toFixed(2)).join(", ")} (${cpus().length} cores)`,
  );
  rmSync(work, { recursive: true, force: true });
}

await main();
