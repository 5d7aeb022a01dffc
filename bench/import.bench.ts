// Benchmark of `shnor import` on the ФИС ОКО Ф1 files of a 2,000-school territory (docs/design.md §7): time, rows/s, peak RSS; PASS/OVER.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { Dataset } from "../functions/src/contract/dataset.js";
import { largestDocuments } from "../functions/src/store/shard-school-years.js";
import { asStored } from "../tests/support/stored-school-year.js";

const root = resolve(import.meta.dirname, "..");
const SCHOOLS = 2_000;
const SEED = 2026;
/** Two years of the four papers the method reads: 8 files. */
const FILE_YEARS = 2;
const BUDGET_SECONDS = 60;
const BUDGET_RSS_MB = 512;
/** The budget of the largest stored document (issue 11 §7); Firestore's hard limit is 1 MiB. */
const SHARD_BUDGET_MB = 0.8;

const work = mkdtempSync(join(tmpdir(), "shnor-import-bench-"));
// A folder per run, so two runs sharing one node_modules (two worktrees) never time each other's code.
const bundleDir = join(root, "node_modules", ".cache", `shnor-import-bench-${process.pid}`);
process.on("exit", () => rmSync(bundleDir, { recursive: true, force: true }));

/** Bundles the CLI and the in-process import helper once, so the timings are node's, not tsx's. */
async function bundleCli(): Promise<string> {
  rmSync(bundleDir, { recursive: true, force: true });
  mkdirSync(bundleDir, { recursive: true });
  await build({
    entryPoints: {
      main: join(root, "functions/src/cli/main.ts"),
      "import-files": join(root, "bench/import-files-entry.ts"),
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    splitting: true,
    outdir: bundleDir,
    outExtension: { ".js": ".mjs" },
    packages: "external",
    logLevel: "warning",
  });
  return join(bundleDir, "main.mjs");
}

function writeRssReporter(): string {
  const path = join(work, "report-rss.mjs");
  writeFileSync(
    path,
    `import { writeFileSync } from "node:fs";
process.on("exit", () => {
  const usage = process.resourceUsage();
  if (process.env.SHNOR_BENCH_RSS)
    writeFileSync(process.env.SHNOR_BENCH_RSS, JSON.stringify({ rss: usage.maxRSS, cpu: usage.userCPUTime + usage.systemCPUTime }));
});
`,
  );
  return pathToFileURL(path).href;
}

/** Wall time, CPU time (the machine may be shared: CPU time shows what the work itself costs), peak RSS. */
function run(
  reporter: string,
  args: readonly string[],
): { seconds: number; cpuSeconds: number; rssMb: number; stderr: string } {
  const rssFile = join(work, "rss.txt");
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--import", reporter, ...args], {
    env: { ...process.env, SHNOR_BENCH_RSS: rssFile },
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`node ${args.join(" ")} exited ${child.status}:\n${child.stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, "utf8")) as { rss: number; cpu: number };
  return { seconds, cpuSeconds: usage.cpu / 1e6, rssMb: usage.rss / 1024, stderr: child.stderr };
}

async function main(): Promise<void> {
  console.log(
    `shnor import benchmark — node ${process.version}, ${SCHOOLS} schools, Ф1 files of ${FILE_YEARS} years`,
  );
  const cli = await bundleCli();
  const reporter = writeRssReporter();
  const files = join(work, "f1");
  let dataset = join(work, "territory.json");
  const generated = run(reporter, [
    cli,
    "sample",
    "--schools",
    String(SCHOOLS),
    "--seed",
    String(SEED),
    "--vpr-files",
    files,
    "--files-years",
    String(FILE_YEARS),
    "--out",
    dataset,
  ]);
  const list = readdirSync(files).sort();
  const participants = [...generated.stderr.matchAll(/участников (\d+)/g)].reduce(
    (s, m) => s + Number(m[1]),
    0,
  );
  const megabytes = list.reduce((s, f) => s + statSync(join(files, f)).size, 0) / 1e6;
  console.log(
    `generated ${list.length} files, ${participants.toLocaleString("en-US")} participant rows, ${megabytes.toFixed(1)} MB in ${generated.seconds.toFixed(1)} s`,
  );

  // What one function instance does with the files: read, check and sum them, in one process.
  const importer = run(reporter, [
    join(bundleDir, "import-files.mjs"),
    dataset,
    ...list.map((f) => join(files, f)),
  ]);
  const taken = Number(/rows (\d+)/.exec(importer.stderr)?.[1] ?? 0);

  // The command-line path: each file merged into the dataset file by its own `shnor import`.
  let seconds = 0;
  let cpu = 0;
  let peak = 0;
  for (const [i, file] of list.entries()) {
    const out = join(work, `merged-${i}.json`);
    const step = run(reporter, [cli, "import", "--into", dataset, "--file", join(files, file), "--out", out]);
    seconds += step.seconds;
    cpu += step.cpuSeconds;
    peak = Math.max(peak, step.rssMb);
    dataset = out;
  }
  const rate = participants / seconds;
  const rows = [
    ["measure", "result", "budget", "verdict"],
    [
      `importer: ${list.length} Ф1 files (${taken.toLocaleString("en-US")} rows) in one process`,
      `${importer.seconds.toFixed(1)} s (CPU ${importer.cpuSeconds.toFixed(1)} s), ${Math.round(taken / importer.seconds).toLocaleString("en-US")} rows/s`,
      `≤ ${BUDGET_SECONDS} s`,
      importer.seconds <= BUDGET_SECONDS ? "PASS" : "OVER",
    ],
    [
      "importer: peak RSS",
      `${Math.round(importer.rssMb)} MB`,
      `≤ ${BUDGET_RSS_MB} MiB`,
      importer.rssMb <= BUDGET_RSS_MB * 1.048576 ? "PASS" : "OVER",
    ],
    [
      `shnor import of each file into the dataset file in turn (${participants.toLocaleString("en-US")} rows)`,
      `${seconds.toFixed(1)} s (CPU ${cpu.toFixed(1)} s), ${Math.round(rate).toLocaleString("en-US")} rows/s`,
      "—",
      "info",
    ],
    [
      "shnor import: peak RSS of one process",
      `${Math.round(peak)} MB`,
      `≤ ${BUDGET_RSS_MB} MiB`,
      peak <= BUDGET_RSS_MB * 1.048576 ? "PASS" : "OVER",
    ],
  ];

  // What task results weigh: the facts of a school-year with the four papers' records, scaled to 6 years in 64 shards.
  const merged = JSON.parse(readFileSync(dataset, "utf8")) as Dataset;
  const sizes = (withTasks: boolean) =>
    merged.facts
      .filter((f) => (f.vprTasks !== undefined) === withTasks)
      .map((f) => Buffer.byteLength(JSON.stringify(f)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const withTasks = mean(sizes(true));
  const without = mean(sizes(false));
  const papers = mean(merged.facts.filter((f) => f.vprTasks).map((f) => f.vprTasks?.length ?? 0));
  rows.push([
    `facts per school-year: without task results / with ${papers.toFixed(0)} papers`,
    `${(without / 1024).toFixed(1)} KB / ${(withTasks / 1024).toFixed(1)} KB`,
    "—",
    "info",
  ]);
  // 6 years of the imported school-years (the latest one with task results under six year labels), stored as
  // the store stores them: the shard holds the facts and their provenance, the task results have documents of
  // their own (store/shard-school-years.ts) — the same encoding the writes are checked with.
  const latest = merged.facts.filter((f) => f.vprTasks !== undefined && f.year === merged.facts.at(-1)?.year);
  const years = Array.from({ length: 6 }, (_, i) => `${2020 + i}/${2021 + i}`);
  const largest = largestDocuments(
    "territory",
    latest.flatMap((fact) => years.map((year) => asStored({ ...fact, year }))),
    merged.schools,
  );
  const mib = (bytes: number) => bytes / (1 << 20);
  const worst = Math.max(largest.shard.bytes, largest.tasks.bytes);
  rows.push([
    `largest stored document, ${SCHOOLS} schools × 6 years with task results: shard / task results`,
    `${mib(largest.shard.bytes).toFixed(2)} MiB / ${mib(largest.tasks.bytes).toFixed(2)} MiB`,
    `≤ ${SHARD_BUDGET_MB} MiB`,
    mib(worst) <= SHARD_BUDGET_MB ? "PASS" : "OVER",
  ]);
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  "));
  rmSync(work, { recursive: true, force: true });
}

await main();
