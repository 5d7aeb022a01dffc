// Unit test files share their worker's modules (vitest.config.ts, isolate: false): none may leave global state behind.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import config from "../../vitest.config.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** What would outlive a file in a shared worker: module mocks, stubbed globals or env, fake timers, env or global writes. */
const GLOBAL_STATE: readonly RegExp[] = [
  /\bvi\.(do)?[mM]ock\(/,
  /\bvi\.stub(Global|Env)\(/,
  /\bvi\.useFakeTimers\(/,
  /\bprocess\.env(\.\w+|\[[^\]]+\])\s*=(?!=)/,
  /\bglobalThis(\.\w+|\[[^\]]+\])\s*=(?!=)/,
];

/** The rules a file breaks, by name. */
function globalStateIn(text: string): string[] {
  return GLOBAL_STATE.filter((rule) => rule.test(text)).map(String);
}

/** The files of the `unit` project, as vitest.config.ts selects them: every test file but the excluded ones. */
function unitFiles(): string[] {
  const projects = (config.test?.projects ?? []) as { test?: { name?: string; exclude?: string[] } }[];
  const unit = projects.find((p) => p.test?.name === "unit");
  if (unit?.test?.exclude === undefined) throw new Error("no unit project in vitest.config.ts");
  const exclude = unit.test.exclude;
  const excluded = (path: string) =>
    exclude.some((pattern) =>
      pattern.endsWith("/**/*.test.ts")
        ? path.startsWith(pattern.slice(0, -"**/*.test.ts".length))
        : path === pattern,
    );
  return readdirSync(`${root}/tests`, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => `tests/${name.split("\\").join("/")}`)
    .filter((path) => !excluded(path));
}

describe("unit test files leave no global state behind", () => {
  it("checks the unit project's files (a checker that finds none checks nothing)", () => {
    const files = unitFiles();
    expect(files.length).toBeGreaterThan(50);
    expect(files).toContain("tests/domain/statistics.test.ts");
    expect(files).not.toContain("tests/http/decision-cycle.test.ts");
  });

  it("no unit file mocks modules, stubs globals or env, fakes timers, or writes to process.env or globalThis", () => {
    // this file's own samples (below) are strings, not calls
    const offending = unitFiles()
      .filter((path) => path !== "tests/architecture/unit-isolation.test.ts")
      .map((path) => ({ path, rules: globalStateIn(readFileSync(`${root}/${path}`, "utf8")) }))
      .filter((file) => file.rules.length > 0);
    expect(offending).toEqual([]);
  });

  it("catches each kind, and not a comparison", () => {
    expect(globalStateIn('vi.mock("../x.js")')).toHaveLength(1);
    expect(globalStateIn('vi.stubEnv("TZ", "UTC")')).toHaveLength(1);
    expect(globalStateIn("vi.useFakeTimers()")).toHaveLength(1);
    expect(globalStateIn('process.env.SHNOR_DEV_MODE = "1"')).toHaveLength(1);
    expect(globalStateIn('process.env["TZ"] = "UTC"')).toHaveLength(1);
    expect(globalStateIn("globalThis.fetch = fake")).toHaveLength(1);
    expect(globalStateIn('const update = process.env.UPDATE_BASELINES === "1"')).toEqual([]);
  });
});
