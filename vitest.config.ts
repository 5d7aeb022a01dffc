// Test runner configuration: projects by what a test needs beyond one Node process, so `npm run test:unit` needs no Java, Chromium, child processes or registry.
import { readdirSync, readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

/** Folders whose tests mostly run on the Firestore emulator (Java). */
const EMULATOR_FOLDERS = ["tests/e2e", "tests/http", "tests/store"];
/** Pure tests inside those folders (no store, no server): they belong with the unit tests. */
const PURE_IN_EMULATOR_FOLDERS = new Set([
  "tests/http/auth.test.ts",
  "tests/http/config.test.ts",
  "tests/http/misconfigured.test.ts",
  "tests/http/private-mode.test.ts",
  "tests/http/private-mode-http.test.ts",
  "tests/http/publish-scheduler.test.ts",
  "tests/http/response-budget.test.ts",
  "tests/store/contention.test.ts",
  "tests/store/import-plan.test.ts",
  "tests/store/settle-decision.test.ts",
  "tests/store/submission-doc-limit.test.ts",
]);
/** Test files that start or use the Firestore emulator; a new one elsewhere fails loudly in `unit` (no emulator host). */
const EMULATOR_TESTS = EMULATOR_FOLDERS.flatMap((folder) =>
  readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => `${folder}/${name.split("\\").join("/")}`),
).filter((path) => !PURE_IN_EMULATOR_FOLDERS.has(path));
/** Every test file, and its text: what a file needs is read from what it uses, so a new one lands in the right project. */
const ALL_TESTS = readdirSync("tests", { recursive: true, encoding: "utf8" })
  .filter((name) => name.endsWith(".test.ts"))
  .map((name) => `tests/${name.split("\\").join("/")}`);
const uses = (path: string, pattern: RegExp): boolean => pattern.test(readFileSync(path, "utf8"));
/** Headless Chromium renders the report (through tests/report/support/chromium.ts or browser-suite.ts, which starts it). */
const BROWSER_TESTS = ALL_TESTS.filter((path) => uses(path, /support\/(chromium|browser-suite)\.js/));
/**
 * Run the CLI as a child process through tsx (argv, exit codes, stdout, files on disk): no Java or Chromium,
 * but each run starts Node and transpiles the CLI, seconds apiece on two cores, so they stay out of `unit`.
 */
const CLI_PROCESS_TESTS = ALL_TESTS.filter(
  (path) =>
    !EMULATOR_TESTS.includes(path) &&
    !path.startsWith("tests/package/") &&
    uses(path, /\bspawn(Sync)?\(|\bexecFile(Sync)?\(/),
);
/** Installs the deployable archive with `npm ci` from the registry, as Cloud Build does. */
const PACKAGE_TESTS = ["tests/package/**/*.test.ts"];

// Vitest runs projects with different worker counts only in different groups
// (https://vitest.dev/config/sequence#sequence-grouporder): `unit` first, then the others together.
const shared = {
  environment: "node",
  testTimeout: 30_000,
  sequence: { groupOrder: 1 },
  // Two files at a time, not Vitest's default of cores − 1 (one file on a 2-core CI machine): these files mostly
  // wait on the emulator, child processes and Chromium. Measured here: the whole run 308 s instead of 508 s.
  maxWorkers: 2,
} as const;

export default defineConfig({
  test: {
    // `vitest run` (npm test) runs every project; `--project unit` only the first (https://vitest.dev/guide/projects)
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          // worker threads on every core: no Node process to start per file, and the main process mostly waits
          // (measured here under load: 130 s instead of 216 s, 108 s of CPU instead of 121 s)
          pool: "threads",
          maxWorkers: "100%",
          // Files share each worker's modules instead of loading zod, googleapis, exceljs and the functions again
          // per file: measured here under load (≈7 on 2 cores) 85 s instead of 197 s, 61 s of CPU instead of 138 s.
          // It holds because no unit file leaves global state behind: no vi.mock/stubGlobal/stubEnv/fake timers, no
          // writes to process.env or globalThis, console spies restored, and the api module closed (closeApi) in
          // afterAll; checked by running the files shuffled in one worker (--sequence.shuffle.files, several seeds).
          isolate: false,
          sequence: { groupOrder: 0 },
          include: ["tests/**/*.test.ts"],
          exclude: [...EMULATOR_TESTS, ...CLI_PROCESS_TESTS, ...BROWSER_TESTS, ...PACKAGE_TESTS],
        },
      },
      {
        test: {
          ...shared,
          name: "emulator",
          include: EMULATOR_TESTS,
          // one Firestore emulator for the project's run; see the file for when it is skipped
          globalSetup: ["tests/setup/firestore-emulator.ts"],
        },
      },
      { test: { ...shared, name: "cli", include: CLI_PROCESS_TESTS } },
      { test: { ...shared, name: "browser", include: BROWSER_TESTS } },
      { test: { ...shared, name: "package", include: PACKAGE_TESTS } },
    ],
  },
});
