// Builds the deployable archive of the `api` function: compiled code, a production package.json and its lock.
//
// Usage: node scripts/package-function.mjs [--out <path>]   (default out/function-source.zip)
//
// The archive holds exactly what Cloud Build needs to build a nodejs22 function: the modules of functions/lib
// (tsc output) that the entry module can reach (no source maps), a package.json with production dependencies only, and a package-lock.json pruned to match it
// (Cloud Build runs `npm ci`, which refuses a lock that lists devDependencies package.json no longer has).
// Its bytes depend only on its contents (fixed timestamps, sorted entries), so rebuilding unchanged code
// gives the same archive and `terraform apply` has nothing to redeploy.

import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const libDir = join(root, "functions", "lib");
const entryModule = "functions/lib/index.js";

/** Fixed modification time of every archived file (2020-01-01T00:00:00Z): zip keeps local time, so any
 * fixed instant works as long as it never changes. */
const FIXED_MTIME = new Date("2020-01-01T00:00:00Z");

// Static `import … from "x"` / `export … from "x"` / `import "x"` and dynamic `import("x")` in tsc's output. The
// static forms need `from` (or a bare `import "x"`): `export function f() { s.replace(".", …) }` names no module.
const IMPORT_SPECIFIER =
  /(?:^|;|\n)\s*(?:import|export)\s[^;"'`]*?\bfrom\s*["']([^"']+)["']|(?:^|;|\n)\s*import\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** A reason to stop, meant for the person running `npm run package` (no stack trace). */
class PackagingError extends Error {}

/**
 * Stops the packaging with a message; the temporary staging folder is still removed.
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  throw new PackagingError(message);
}

/**
 * Runs a command, inheriting output; stops the packaging when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.error) fail(`${command} could not be started: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} exited with ${result.status}`);
}

/**
 * Lists the files under a folder, relative to `base`, with `/` separators, sorted.
 * @param {string} dir
 * @param {string} base
 * @returns {string[]}
 */
function listFiles(dir, base) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path, base));
    else if (entry.isFile()) files.push(relative(base, path).split(sep).join("/"));
  }
  return files.sort();
}

/**
 * The compiled modules the function can load: the entry module and everything it imports, statically or on
 * first use (`import("…")`), followed through relative specifiers. The CLI, the sample generator, the
 * emulator launcher and every other module only development reaches stay out of the archive.
 * @param {string} entry path of the entry module relative to `root`
 * @returns {string[]} paths relative to `root`, sorted
 */
function reachableModules(entry) {
  const seen = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const file = /** @type {string} */ (pending.pop());
    if (seen.has(file)) continue;
    if (!existsSync(join(root, file))) fail(`${file} is imported but was not compiled`);
    seen.add(file);
    for (const match of readFileSync(join(root, file), "utf8").matchAll(IMPORT_SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? "";
      // tsc's output names every module of ours as a relative `.js` path (NodeNext resolution)
      if (specifier.startsWith(".") && specifier.endsWith(".js"))
        pending.push(join(dirname(file), specifier).split(sep).join("/"));
    }
  }
  return [...seen].sort();
}

/**
 * @param {string[]} argv
 * @returns {{ out: string }}
 */
function parseArgs(argv) {
  let out = join(root, "out", "function-source.zip");
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === "--out") {
      const value = argv[i + 1];
      if (!value) fail("--out needs a path");
      out = resolve(value);
      i += 1;
    } else {
      fail(`unknown argument ${arg}; usage: node scripts/package-function.mjs [--out <path>]`);
    }
  }
  return { out };
}

/**
 * The package.json Cloud Build sees: the project's name and production dependencies, nothing that needs
 * dev tools (a `build` script would make the Node.js buildpack run it).
 * @param {Record<string, unknown>} pkg
 */
function productionManifest(pkg) {
  return {
    name: pkg.name,
    version: pkg.version,
    private: true,
    description: pkg.description,
    type: "module",
    main: entryModule,
    engines: { node: "22" },
    dependencies: pkg.dependencies ?? {},
  };
}

/**
 * Writes the zip with the system `zip` (entries in the given order, no extra attributes), or with
 * python3's zipfile where `zip` is not installed.
 * @param {string} stage
 * @param {string[]} files
 * @param {string} out
 */
function writeZip(stage, files, out) {
  const hasZip = spawnSync("zip", ["-v"], { stdio: "ignore" }).status === 0;
  if (hasZip) {
    const result = spawnSync("zip", ["-X", "-D", "-q", "-9", out, "-@"], {
      cwd: stage,
      input: `${files.join("\n")}\n`,
      stdio: ["pipe", "inherit", "inherit"],
    });
    if (result.error || result.status !== 0)
      fail(`zip exited with ${result.status ?? result.error?.message}`);
    return;
  }
  const script = [
    "import sys, zipfile",
    "stage, out = sys.argv[1], sys.argv[2]",
    "names = sys.stdin.read().split('\\n')",
    "with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:",
    "    for name in filter(None, names):",
    "        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))",
    "        info.compress_type = zipfile.ZIP_DEFLATED",
    "        info.external_attr = 0o644 << 16",
    "        with open(stage + '/' + name, 'rb') as f:",
    "            z.writestr(info, f.read())",
  ].join("\n");
  const result = spawnSync("python3", ["-c", script, stage, out], {
    input: files.join("\n"),
    stdio: ["pipe", "inherit", "inherit"],
  });
  if (result.error)
    fail(`neither zip nor python3 is available to write the archive (${result.error.message})`);
  if (result.status !== 0) fail(`python3 zipfile exited with ${result.status}`);
}

function main() {
  const { out } = parseArgs(process.argv.slice(2));

  // A clean build: files of deleted sources must not linger in functions/lib and ship.
  rmSync(libDir, { recursive: true, force: true });
  run(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    root,
  );
  if (!existsSync(join(root, entryModule))) {
    fail(
      `${entryModule} was not produced: functions/src/index.ts, the entry module that registers the ` +
        "`api` function with @google-cloud/functions-framework, is missing.",
    );
  }

  const stage = mkdtempSync(join(tmpdir(), "shnor-package-"));
  try {
    // Source maps stay out: Node reads them only under --enable-source-maps, which the function is not run with.
    for (const file of reachableModules(entryModule)) {
      mkdirSync(dirname(join(stage, file)), { recursive: true });
      copyFileSync(join(root, file), join(stage, file));
    }

    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    writeFileSync(join(stage, "package.json"), `${JSON.stringify(productionManifest(pkg), null, 2)}\n`);
    copyFileSync(join(root, "package-lock.json"), join(stage, "package-lock.json"));
    // Re-resolves the lock against the production manifest, keeping the locked versions: dev-only
    // packages drop out, so Cloud Build's `npm ci` accepts it.
    run(
      "npm",
      ["install", "--package-lock-only", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"],
      stage,
    );
    const lock = JSON.parse(readFileSync(join(stage, "package-lock.json"), "utf8"));
    if (lock.packages?.[""]?.devDependencies)
      fail("the pruned package-lock.json still lists devDependencies");

    const files = listFiles(stage, stage);
    for (const file of files) utimesSync(join(stage, file), FIXED_MTIME, FIXED_MTIME);

    mkdirSync(dirname(out), { recursive: true });
    rmSync(out, { force: true });
    writeZip(stage, files, out);
    const kib = Math.round(statSync(out).size / 1024);
    process.stdout.write(
      `package: ${relative(process.cwd(), out) || out} (${files.length} files, ${kib} KiB)\n`,
    );
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  if (!(error instanceof PackagingError)) throw error;
  process.stderr.write(`package: ${error.message}\n`);
  process.exitCode = 1;
}
