// Builds the deployable archive with the packaging script, then installs and loads it in an empty folder,
// the way Cloud Build does before the function serves its first request.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "shnor-package-test-"));
const archive = join(work, "function-source.zip");

/** Tools that exist only in devDependencies; a production script must not call them. */
const DEV_TOOLS = /\b(tsc|tsx|vitest|biome|esbuild)\b/;

interface Manifest {
  name?: string;
  main?: string;
  type?: string;
  engines?: { node?: string };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Lock {
  packages: Record<
    string,
    { dev?: boolean; dependencies?: Record<string, string>; devDependencies?: unknown }
  >;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function packageInto(out: string): void {
  const result = run(process.execPath, [join(root, "scripts", "package-function.mjs"), "--out", out], root);
  if (result.status !== 0) throw new Error(`npm run package failed:\n${result.output}`);
}

/** Unpacks with the system `unzip`, or python3's zipfile where it is missing. */
function unpack(zip: string, into: string): void {
  const hasUnzip = spawnSync("unzip", ["-v"], { stdio: "ignore" }).status === 0;
  const result = hasUnzip
    ? run("unzip", ["-q", zip, "-d", into], root)
    : run("python3", ["-m", "zipfile", "-e", zip, into], root);
  if (result.status !== 0) throw new Error(`unpacking ${zip} failed:\n${result.output}`);
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

let unpacked = "";

beforeAll(() => {
  packageInto(archive);
  unpacked = join(work, "unpacked");
  unpack(archive, unpacked);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("npm run package", () => {
  it("archives the compiled functions, a production manifest and its lock, and nothing else", () => {
    const files = listFiles(unpacked);
    expect(files).toContain("package.json");
    expect(files).toContain("package-lock.json");
    expect(files, "the entry module functions/lib/index.js").toContain("functions/lib/index.js");
    for (const file of files) {
      expect(file, "only the manifest, the lock and compiled code").toMatch(
        /^(package\.json|package-lock\.json|functions\/lib\/.+\.(js|js\.map|json))$/,
      );
      expect(file, "no tests").not.toMatch(/\.(test|spec)\.js(\.map)?$/);
    }
  });

  it("leaves out what only development runs: the CLI, the sample generator, the emulator launcher, source maps", () => {
    const files = listFiles(unpacked);
    const devOnly = files.filter((file) =>
      /^functions\/lib\/(cli\/|sample\/|store\/firestore-emulator\.js|domain\/sample-territory\.js)|\.map$/.test(
        file,
      ),
    );
    expect(devOnly).toEqual([]);
    // what the function does run is there, the lazily loaded modules included
    expect(files).toContain("functions/lib/http/api-handler.js");
    expect(files).toContain("functions/lib/sheets/google-sheets-writer.js");
    expect(files).toContain("functions/lib/import/xlsx-rows.js");
  });

  it("writes a package.json Cloud Build can install without dev tools", () => {
    const source = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Manifest;
    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8")) as Manifest;
    expect(manifest.name).toBe(source.name);
    expect(manifest.main).toBe("functions/lib/index.js");
    expect(manifest.type).toBe("module");
    expect(manifest.engines?.node).toMatch(/^(>=)?22/);
    expect(manifest.dependencies).toEqual(source.dependencies);
    expect(manifest.devDependencies).toBeUndefined();
    for (const script of Object.values(manifest.scripts ?? {})) expect(script).not.toMatch(DEV_TOOLS);
    // The Node.js buildpack runs a `build` (or `gcp-build`) script if present; there must be none.
    expect(Object.keys(manifest.scripts ?? {})).not.toContain("build");
    expect(Object.keys(manifest.scripts ?? {})).not.toContain("gcp-build");
  });

  it("prunes the lock to the production dependencies", () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8")) as Manifest;
    const lock = JSON.parse(readFileSync(join(unpacked, "package-lock.json"), "utf8")) as Lock;
    expect(lock.packages[""]?.dependencies).toEqual(manifest.dependencies);
    expect(lock.packages[""]?.devDependencies).toBeUndefined();
    const devOnly = Object.entries(lock.packages).filter(([, entry]) => entry.dev === true);
    expect(devOnly.map(([path]) => path)).toEqual([]);
    expect(Object.keys(lock.packages)).not.toContain("node_modules/vitest");
  });

  it("gives the same bytes when nothing changed, so terraform has nothing to redeploy", () => {
    const again = join(work, "again.zip");
    packageInto(again);
    expect(readFileSync(again).equals(readFileSync(archive))).toBe(true);
  }, 120_000);

  it("installs from the lock in an empty folder and registers the `api` function when loaded", () => {
    const clean = mkdtempSync(join(work, "clean-"));
    unpack(archive, clean);
    const install = run("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund"], clean);
    expect(install.status, `npm ci --omit=dev:\n${install.output}`).toBe(0);

    const load = [
      "await import('./functions/lib/index.js');",
      "const { getFunction } = await import('@google-cloud/functions-framework/testing');",
      "console.log('api:', typeof getFunction('api'));",
    ].join(" ");
    // A configuration like the one Terraform gives the function, in case the entry module reads it.
    const env = {
      ...process.env,
      NODE_ENV: "production",
      SHNOR_PROJECT_ID: "shnor-package-test",
      SHNOR_TERRITORIES: JSON.stringify([
        {
          id: "test-territory",
          name: "Тестовый район",
          spreadsheetId: "sheet-id",
          coordinators: ["coordinator@example.org"],
        },
      ]),
      SHNOR_ID_TOKEN_AUDIENCES:
        "000000000000-test.apps.googleusercontent.com,https://europe-west1-shnor-package-test.cloudfunctions.net/api",
      SHNOR_SCHEDULER_EMAIL: "shnor-scheduler@shnor-package-test.iam.gserviceaccount.com",
    };
    const loaded = run(process.execPath, ["--input-type=module", "-e", load], clean, env);
    expect(loaded.output, "loading functions/lib/index.js in the clean folder").toContain("api: function");
    expect(loaded.status).toBe(0);
  }, 300_000);
});
