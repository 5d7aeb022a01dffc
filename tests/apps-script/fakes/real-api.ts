// The Apps Script client against the REAL `api`: a child process serving the function, and a synchronous UrlFetchApp.
//
// Apps Script's `UrlFetchApp.fetch` blocks until the answer is there; our function answers asynchronously. The
// bridge: the function runs in a child process (real-api-server.ts: production mode, ID tokens, the test
// emulator), a worker thread performs each request with `fetch`, and the test's thread waits for it with
// `Atomics.wait` — so the script's code runs unchanged, synchronously, against the real server.
import { type ChildProcess, spawn } from "node:child_process";
import { createSign, generateKeyPairSync } from "node:crypto";
import { resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { GasFetchParams, GasHttpResponse, Services } from "../../../apps-script/src/gas-services.js";
import type { Config } from "../../../functions/src/http/config.js";
import type { Fakes } from "./fake-services.js";
import type { RealApiSetup } from "./real-api-server.js";

/** The audience of the script's ID tokens the function is configured to accept. */
export const SCRIPT_AUDIENCE = "1234567890-script.apps.googleusercontent.com";

const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicKeyPem = key.publicKey.export({ type: "spki", format: "pem" }).toString();

/** A Google ID token for `email` as `ScriptApp.getIdentityToken()` gives it, signed with the key the server trusts. */
export function identityToken(email: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: "https://accounts.google.com",
    aud: SCRIPT_AUDIENCE,
    sub: "1098765",
    email,
    email_verified: true,
    iat: now,
    exp: now + 3600,
  };
  const unsigned = `${encode({ alg: "RS256", kid: "test-key", typ: "JWT" })}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(key.privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

/** One running `api` process. */
export interface RealApi {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has ended (on its own, by a crash hook, or by {@link stop}). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/** Starts the function in a child process; `dieBeforeSettle` lists response ids whose settle kills the process. */
export async function startRealApi(
  config: Omit<Config, "idTokenAudiences" | "devMode" | "bindHost">,
  options: { dieBeforeSettle?: string[] } = {},
): Promise<RealApi> {
  const setup: RealApiSetup = {
    config: { ...config, idTokenAudiences: [SCRIPT_AUDIENCE], devMode: false, bindHost: "127.0.0.1" },
    publicKeyPem,
    ...(options.dieBeforeSettle !== undefined ? { dieBeforeSettle: options.dieBeforeSettle } : {}),
  };
  // the emulator is named in the configuration; the variable would override it in the Firestore client
  const { FIRESTORE_EMULATOR_HOST: _ignored, ...env } = process.env;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", resolve("tests/apps-script/fakes/real-api-server.ts")],
    {
      cwd: resolve("."),
      env: { ...env, SHNOR_REAL_API_SETUP: JSON.stringify(setup) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const port = await new Promise<number>((ready, fail) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const match = /ready (\d+)/.exec(stdout);
      if (match) ready(Number(match[1]));
    });
    child.once("exit", (code) =>
      fail(new Error(`api process ended (${code}) before it was ready: ${stderr}`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** An answer as the worker saw it: a status and the text, or why there was none. */
type Answer = { status: number; text: string } | { error: string };

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const flag = new Int32Array(workerData.shared, 0, 2);
const bytes = new Uint8Array(workerData.shared, 8);
parentPort.on("message", async (request) => {
  let answer;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    answer = { status: response.status, text: await response.text() };
  } catch (error) {
    answer = { error: String(error && error.cause ? error.cause.message || error.cause : error) };
  }
  let encoded = Buffer.from(JSON.stringify(answer), "utf8");
  if (encoded.length > bytes.length) encoded = Buffer.from(JSON.stringify({ error: "answer too large for the bridge" }));
  bytes.set(encoded);
  Atomics.store(flag, 1, encoded.length);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/** Blocking HTTP for the test's thread: one request at a time, through a worker. */
export class SyncHttp {
  private readonly shared = new SharedArrayBuffer(8 + 16 * 1024 * 1024);
  private readonly flag = new Int32Array(this.shared, 0, 2);
  private readonly worker = new Worker(WORKER, { eval: true, workerData: { shared: this.shared } });

  constructor() {
    this.worker.unref();
  }

  request(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string },
    timeoutMs = 60_000,
  ): Answer {
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage({ url, ...init, timeoutMs });
    if (Atomics.wait(this.flag, 0, 0, timeoutMs + 5_000) === "timed-out")
      return { error: "bridge timed out" };
    const length = Atomics.load(this.flag, 1);
    const text = Buffer.from(new Uint8Array(this.shared, 8, length)).toString("utf8");
    return JSON.parse(text) as Answer;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** One call the script made to our function, as the real server answered it. */
export interface BridgedCall {
  path: string;
  body: unknown;
  status: number | "network";
  answer: unknown;
}

/**
 * UrlFetchApp as the script sees it: requests to our function go to the real server (`target()` names which
 * process, so a test can crash one and start another), Google Forms API requests stay with the fake Forms API.
 * Like Apps Script it throws on no answer, and on a 4xx/5xx unless `muteHttpExceptions`.
 */
export class RealUrlFetchApp {
  readonly calls: BridgedCall[] = [];
  constructor(
    private readonly fakes: Fakes,
    private readonly http: SyncHttp,
    private readonly target: () => string,
  ) {}

  fetch(url: string, params: GasFetchParams): GasHttpResponse {
    if (this.fakes.formsApi.handles(url)) return this.fakes.urlFetchApp.fetch(url, params);
    const path = new URL(url).pathname;
    const payload = params.payload;
    // the bridge carries the JSON calls (submit, receipts, sync); a file upload is tested against the fake server
    if (payload !== undefined && typeof payload !== "string")
      throw new Error(`the real-api bridge sends text bodies only (${path})`);
    const headers: Record<string, string> = { ...(params.headers ?? {}) };
    if (params.contentType !== undefined) headers["Content-Type"] = params.contentType;
    const answer = this.http.request(`${this.target()}${path}`, {
      method: (params.method ?? "get").toUpperCase(),
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const body = payload === undefined ? undefined : (JSON.parse(payload) as unknown);
    if ("error" in answer) {
      this.calls.push({ path, body, status: "network", answer: answer.error });
      throw new Error(`Address unavailable: ${url} (${answer.error})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      parsed = answer.text;
    }
    this.calls.push({ path, body, status: answer.status, answer: parsed });
    if (params.muteHttpExceptions !== true && answer.status >= 400)
      throw new Error(`Request failed for ${url} returned code ${answer.status}`);
    return {
      getResponseCode: () => answer.status,
      getContentText: () => answer.text,
      getContent: () => [...Buffer.from(answer.text, "utf8")].map((b) => (b > 127 ? b - 256 : b)),
      getBlob: () => {
        throw new Error("the real-api bridge gives no blobs");
      },
      getHeaders: () => ({}),
    };
  }

  /** The calls to one route (`/submit`). */
  to(path: string): BridgedCall[] {
    return this.calls.filter((c) => c.path.endsWith(path));
  }

  /** How many times /submit carried this response. */
  timesSubmitted(responseId: string): number {
    return this.to("/submit").filter(
      (c) => (c.body as { response?: { id?: string } } | undefined)?.response?.id === responseId,
    ).length;
  }
}

/** The fakes' services with UrlFetchApp bridged to the real server and ID tokens the server accepts. */
export function realServices(fakes: Fakes, fetchApp: RealUrlFetchApp, email: string): Services {
  fakes.scriptApp.token = identityToken(email);
  return { ...fakes.services, urlFetchApp: fetchApp };
}
