// `shnor serve` as a new user meets it: starts, says `ready <url>`, answers typed and broken envelopes, stops on SIGTERM leaving nothing behind.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorTabs, sampleEnvelopes } from "../../functions/src/sample/sample-submissions.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

const root = resolve(import.meta.dirname, "../..");
const outDir = mkdtempSync(join(tmpdir(), "shnor-serve-"));
const USER = "metodist@example.ru";
let child: ChildProcess;
let url = "";
let stderr = "";
let exited: Promise<number | null>;

/** True when something accepts TCP connections on 127.0.0.1:port. */
function accepting(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ["--import", "tsx", "functions/src/cli/main.ts", "serve", "--port", "0", "--out-dir", outDir],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  exited = new Promise((done) => child.once("exit", (code) => done(code)));
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  url = await new Promise<string>((done, fail) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const match = /^ready (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
      if (match?.[1]) done(match[1]);
    });
    child.once("exit", () => fail(new Error(`serve exited before ready:\n${stderr}`)));
  });
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(outDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, user: string | null = USER) =>
  fetch(`${url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(user !== null ? { "X-Shnor-Dev-User": user } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("shnor serve", () => {
  const dataset = generateSampleTerritory({ schools: 12, years: 2, seed: 5 });
  const envelopes = sampleEnvelopes(dataset, USER);

  it("prints a loud development-mode warning", () => {
    expect(stderr).toMatch(/РЕЖИМ РАЗРАБОТКИ/);
    expect(stderr).toMatch(/X-Shnor-Dev-User/);
  });

  it("takes the coordinator's tabs, then answers typed and broken envelopes with the right statuses", async () => {
    const sync = await post("/sync", { territoryId: dataset.territory.id, tabs: coordinatorTabs(dataset) });
    expect(sync.status).toBe(200);
    expect(await sync.json()).toEqual({ status: "ok", errors: [] });

    const envelope = envelopes.find((e) => e.form.kind === "gia");
    if (envelope === undefined) throw new Error("no gia envelope");
    const typed = {
      ...envelope,
      answers: envelope.answers.map((a) => (a.key === "oge.math.meanGrade" ? { ...a, value: "3,5" } : a)),
    };
    const accepted = await post("/submit", typed);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ status: "accepted" });
    expect(await (await post("/submit", typed)).json()).toEqual({ status: "duplicate" });

    const broken = {
      ...envelope,
      response: { ...envelope.response, id: "broken-1" },
      answers: envelope.answers.map((a) => (a.key === "gia.graduates9" ? { ...a, value: "сто" } : a)),
    };
    const rejected = await post("/submit", broken);
    expect(rejected.status).toBe(422);
    const body = (await rejected.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors).toEqual([expect.objectContaining({ field: "gia.graduates9" })]);
    expect(body.errors[0]?.message).toMatch(/«сто» — ожидается число/);

    const notJson = await post("/submit", "{oops");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      status: "error",
      message: expect.stringMatching(/не JSON/),
    });
    const latin1 = await fetch(`${url}/submit`, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=latin1", "X-Shnor-Dev-User": USER },
      body: JSON.stringify(typed),
    });
    expect(latin1.status).toBe(415);
    expect(((await latin1.json()) as { message: string }).message).toMatch(
      /кодировка «latin1» не поддерживается/,
    );
    expect((await post("/submit", typed, null)).status).toBe(401);
    expect((await post("/submit", typed, "stranger@example.ru")).status).toBe(403);
  });

  it("stops on SIGTERM, closing its port and the emulator's", async () => {
    const emulatorPort = Number(/Эмулятор Firestore: 127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]);
    const apiPort = Number(new URL(url).port);
    expect(await accepting(emulatorPort)).toBe(true);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await accepting(apiPort)).toBe(false);
    expect(await accepting(emulatorPort)).toBe(false);
  }, 30_000);
});
