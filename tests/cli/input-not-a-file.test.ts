// `--input` as the file system hands it over: a pipe (`<(gunzip -c …)`, a FIFO, `/dev/stdin` in a pipeline) is read
// as `--input -` reads stdin, a folder is named as a folder, and a broken file is worded exactly as its bytes on stdin.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

const root = resolve(import.meta.dirname, "../..");
const tsx = join(root, "node_modules", ".bin", "tsx");
const main = join(root, "functions", "src", "cli", "main.ts");
const dir = mkdtempSync(join(tmpdir(), "shnor-input-not-a-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = join(dir, "territory.json");
writeFileSync(input, JSON.stringify(generateSampleTerritory({ schools: 12, years: 2, seed: 19 })));
const broken = join(dir, "broken.json");
writeFileSync(broken, `${readFileSync(input, "utf8").slice(0, -40)},]`);

/** `shnor` run by a shell, so the test can hand it a FIFO with a writer, as `<(…)` does. */
function shell(script: string, stdin?: string) {
  const run = spawnSync("sh", ["-c", script], {
    cwd: root,
    input: stdin,
    encoding: "utf8",
    env: { ...process.env, SHNOR: `${tsx} ${main}` },
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** What `--input -` gives for the same bytes: the reference every other kind of input must match. */
function fromStdin(file: string) {
  return shell(`$SHNOR compute --input - --out - --as-of 2026-03-01`, readFileSync(file, "utf8"));
}

describe("shnor compute --input that is not a regular file", () => {
  const want = fromStdin(input);

  it("reads a FIFO (what `--input <(gunzip -c territory.json.gz)` hands over) as stdin is read", () => {
    expect(want.code).toBe(0);
    const fifo = join(dir, "pipe");
    const run = shell(
      `mkfifo '${fifo}' && (cat '${input}' > '${fifo}' &) && $SHNOR compute --input '${fifo}' --out - --as-of 2026-03-01`,
    );
    expect(run.stderr).not.toMatch(/не удалось прочитать/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(want.stdout);
  });

  it("reads /dev/stdin at the end of a pipeline", () => {
    const run = shell(`cat '${input}' | $SHNOR compute --input /dev/stdin --out - --as-of 2026-03-01`);
    expect(run.stderr).not.toMatch(/не удалось прочитать/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(want.stdout);
  });

  it("words a broken file through a pipe as JSON.parse does, as stdin's would be, and does not wait for more", () => {
    const stdin = fromStdin(broken);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/это не JSON: /);
    const run = shell(`cat '${broken}' | $SHNOR compute --input /dev/stdin --out - --as-of 2026-03-01`);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(stdin.stderr);
  });

  it("names a folder as a folder", () => {
    const run = shell(`$SHNOR compute --input '${dir}' --out -`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`не удалось прочитать «${dir}»: это папка, а нужен файл`);
  });
});

describe("shnor compute --input <file> against --input - with the same bytes", () => {
  const text = readFileSync(input, "utf8");
  const cases: [string, string][] = [
    ["an empty file", ""],
    ["a byte-order mark before the object (Notepad's «UTF-8 with BOM»)", `\uFEFF${text}`],
    ["a file cut off in the middle of the facts", text.slice(0, Math.floor(text.length * 0.6))],
    ["a second object after the dataset", `${text}\r\n{}`],
  ];
  it.each(cases)("%s: the same exit code and the same words", (_name, bytes) => {
    const file = join(dir, "same-bytes.json");
    writeFileSync(file, bytes);
    const stdin = shell(`$SHNOR compute --input - --out - --as-of 2026-03-01`, bytes);
    const fromFile = shell(`$SHNOR compute --input '${file}' --out - --as-of 2026-03-01`);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/^\(файл\): это не JSON: /);
    expect(fromFile.code).toBe(stdin.code);
    expect(fromFile.stderr).toBe(stdin.stderr);
  });
});
