// Golden run: the outputs of the default method on fixed sample territories, to prove a refactor changed no byte.
//
// Usage:
//   node scripts/golden-run.mjs record <dir>    run everything and keep the outputs in <dir> (outside git)
//   node scripts/golden-run.mjs compare <dir>   run again and compare byte for byte with <dir>
//   node scripts/golden-run.mjs check           run again and compare with the committed manifest (npm run golden)
//   node scripts/golden-run.mjs manifest        run again and rewrite the committed manifest
//
// For `shnor sample` seeds 2026, 7 and 42 × sizes 24 and 300 (three years, last 2025/2026) and a fixed
// `--as-of`, it keeps: the dataset (the input, so a drifting generator is noticed), `compute` (Results JSON),
// `report` (every HTML page) and the workbook twice: the model `sheets/build-workbook` produces (as JSON; it
// holds the charts only the Google Sheets writer draws) and the sheet XML inside the .xlsx. The .xlsx file
// itself is not kept: its zip headers and docProps/core.xml carry the time of writing. One more case, seed 2026 ×
// 2,000 schools, keeps `compute` alone: there the listed schools outnumber `mentoring.exactUpTo` and the mentors
// are matched the way a region's are.
// The CLI is bundled once with esbuild, as bench/compute.bench.ts does, so the run takes seconds, not minutes.
// `compare` and `check` print every file as same / DIFFERENT / missing / extra and exit 1 on any difference.

import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { build } from "esbuild";
import { runNode } from "./child-run.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const manifestPath = join(root, "scripts", "golden", "default-method.sha256");
const SEEDS = ["2026", "7", "42"];
const SIZES = [24, 300];
const REGION_SIZE = 2000;
const YEARS = 3;
const LAST_YEAR = "2025/2026";
const AS_OF = "2026-11-23";
/** Parts of the .xlsx that carry the time of writing rather than the workbook. */
const TIMESTAMPED_PARTS = new Set(["docProps/core.xml"]);

/**
 * Where this run bundles: inside node_modules so the bundle's bare imports resolve, and a folder of its own
 * (by process id), so two runs sharing one node_modules (two worktrees) never run each other's bundle.
 */
const bundleDir = join(root, "node_modules", ".cache", `shnor-golden-${process.pid}`);
process.on("exit", () => rmSync(bundleDir, { recursive: true, force: true }));

/** Bundles the CLI like the benchmark does, and beside it the steps `compute --xlsx` takes to the workbook model. */
async function bundleCli() {
  const dir = bundleDir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const modelEntry = join(dir, "workbook-model-entry.ts");
  writeFileSync(
    modelEntry,
    `export { computeInput } from ${JSON.stringify(join(root, "functions/src/cli/computed-input.ts"))};\n` +
      `export { buildWorkbook } from ${JSON.stringify(join(root, "functions/src/sheets/build-workbook.ts"))};\n`,
  );
  await build({
    entryPoints: { main: join(root, "functions/src/cli/main.ts"), "workbook-model": modelEntry },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    splitting: true,
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    packages: "external",
    logLevel: "warning",
  });
  return {
    cli: join(dir, "main.mjs"),
    model: await import(pathToFileURL(join(dir, "workbook-model.mjs")).href),
  };
}

/** The workbook model exactly as `compute --xlsx` builds it (cli/workbook-output.ts), as indented JSON. */
async function workbookModelJson(model, datasetPath) {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const options = { command: "golden", nothingWritten: "", year: undefined, asOf: AS_OF };
  const computed = await model.computeInput(datasetPath, options, io);
  if (!computed.success) throw new Error(`${datasetPath}: not computed`);
  return `${JSON.stringify(model.buildWorkbook(computed.data.results, computed.data.dataset), null, 1)}\n`;
}

/** Longer than any run here takes (seconds): past it a run is taken for a hang at exit (scripts/child-run.mjs). */
const RUN_TIMEOUT_MS = 120_000;

function shnor(cli, args) {
  runNode([cli, ...args], { timeoutMs: RUN_TIMEOUT_MS });
}

/**
 * The entries of a zip archive, name → bytes. Enough of the format for what exceljs writes (stored or
 * deflated entries, sizes in the central directory); see PKWARE APPNOTE.TXT §4.3.
 */
function unzip(buffer) {
  const endAt = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error("not a zip archive");
  const count = buffer.readUInt16LE(endAt + 10);
  let at = buffer.readUInt32LE(endAt + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localAt = buffer.readUInt32LE(at + 42);
    const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    const dataAt = localAt + 30 + buffer.readUInt16LE(localAt + 26) + buffer.readUInt16LE(localAt + 28);
    const data = buffer.subarray(dataAt, dataAt + compressedSize);
    if (method === 0) entries.set(name, Buffer.from(data));
    else if (method === 8) entries.set(name, inflateRawSync(data));
    else throw new Error(`${name}: zip method ${method} not supported`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Runs every case into `dir`: dataset.json, results.json, report/**, workbook/** per case. */
async function runAll(dir) {
  const { cli, model } = await bundleCli();
  for (const seed of SEEDS) {
    for (const size of SIZES) {
      const caseDir = join(dir, `seed-${seed}-schools-${size}`);
      const dataset = sampleInto(cli, caseDir, seed, size);
      const xlsx = join(caseDir, "results.xlsx");
      shnor(cli, [
        "compute",
        "--input",
        dataset,
        "--out",
        join(caseDir, "results.json"),
        "--xlsx",
        xlsx,
        "--as-of",
        AS_OF,
      ]);
      shnor(cli, ["report", "--input", dataset, "--out", join(caseDir, "report"), "--as-of", AS_OF]);
      for (const [name, bytes] of unzip(readFileSync(xlsx))) {
        if (TIMESTAMPED_PARTS.has(name) || name.endsWith("/")) continue;
        const target = join(caseDir, "workbook", ...name.split("/"));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, bytes);
      }
      rmSync(xlsx);
      writeFileSync(join(caseDir, "workbook-model.json"), await workbookModelJson(model, dataset));
      process.stderr.write(`  ${relative(dir, caseDir)}\n`);
    }
  }
  // Results only, on a territory with more listed schools than `mentoring.exactUpTo` (400): the greedy mentor
  // matching of a region, which the small cases never reach.
  const caseDir = join(dir, `seed-${SEEDS[0]}-schools-${REGION_SIZE}`);
  const dataset = sampleInto(cli, caseDir, SEEDS[0], REGION_SIZE);
  shnor(cli, ["compute", "--input", dataset, "--out", join(caseDir, "results.json"), "--as-of", AS_OF]);
  process.stderr.write(`  ${relative(dir, caseDir)}\n`);
}

/** `shnor sample` of one case into `<caseDir>/dataset.json`; returns that path. */
function sampleInto(cli, caseDir, seed, size) {
  mkdirSync(caseDir, { recursive: true });
  const dataset = join(caseDir, "dataset.json");
  const args = ["sample", "--schools", String(size), "--years", String(YEARS), "--seed", seed];
  shnor(cli, [...args, "--last-year", LAST_YEAR, "--out", dataset]);
  return dataset;
}

/** Every file under `dir`, as sorted forward-slash paths relative to it. */
function listFiles(dir) {
  const files = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return files.sort();
}

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** path → sha256 of every file under `dir`. */
function hashes(dir) {
  return new Map(listFiles(dir).map((file) => [file, sha256(join(dir, file))]));
}

function readManifest() {
  const lines = readFileSync(manifestPath, "utf8").split("\n").filter(Boolean);
  return new Map(lines.map((line) => [line.slice(66), line.slice(0, 64)]));
}

/** Prints one line per file and a total; returns whether everything was the same. */
function report(expected, actual) {
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  let different = 0;
  for (const name of names) {
    const want = expected.get(name);
    const got = actual.get(name);
    const verdict =
      want === undefined ? "extra" : got === undefined ? "missing" : want === got ? "same" : "DIFFERENT";
    if (verdict !== "same") different++;
    console.log(`${verdict.padEnd(9)} ${name}`);
  }
  console.log(
    different === 0
      ? `golden run: all ${names.length} files the same`
      : `golden run: ${different} of ${names.length} files DIFFERENT, missing or extra`,
  );
  return different === 0;
}

async function fresh() {
  const dir = mkdtempSync(join(tmpdir(), "shnor-golden-"));
  await runAll(dir);
  return dir;
}

async function main() {
  const [command, target] = process.argv.slice(2);
  if (command === "record" && target) {
    const dir = resolve(target);
    rmSync(dir, { recursive: true, force: true });
    await runAll(dir);
    console.log(`recorded ${listFiles(dir).length} files in ${dir}`);
    return 0;
  }
  if (command === "compare" && target) {
    const expected = resolve(target);
    if (!statSync(expected, { throwIfNoEntry: false })?.isDirectory())
      throw new Error(`${expected}: no such folder`);
    const dir = await fresh();
    try {
      return report(hashes(expected), hashes(dir)) ? 0 : 1;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (command === "check" || command === "manifest") {
    const dir = await fresh();
    try {
      const actual = hashes(dir);
      if (command === "manifest") {
        mkdirSync(dirname(manifestPath), { recursive: true });
        writeFileSync(manifestPath, [...actual].map(([file, hash]) => `${hash}  ${file}\n`).join(""));
        console.log(`wrote ${actual.size} hashes to ${relative(root, manifestPath)}`);
        return 0;
      }
      return report(readManifest(), actual) ? 0 : 1;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.error("usage: node scripts/golden-run.mjs record <dir> | compare <dir> | check | manifest");
  return 2;
}

process.exitCode = await main();
