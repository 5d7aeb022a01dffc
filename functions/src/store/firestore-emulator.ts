// Starts and stops the official Cloud Firestore emulator (Google Cloud CLI component) for `shnor serve` and the tests.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** Where the Google Cloud CLI keeps its components when `gcloud info` cannot tell (Debian/Ubuntu package). */
export const FALLBACK_SDK_ROOT = "/usr/lib/google-cloud-sdk";

/** The launcher inside an SDK root (docs/design.md §1). */
export const EMULATOR_LAUNCHER = join("platform", "cloud-firestore-emulator", "cloud_firestore_emulator");

export interface FirestoreEmulatorOptions {
  /** TCP port on 127.0.0.1; a free one is picked when absent. */
  port?: number;
  /** Security rules file to enforce for non-admin requests (`--rules`). */
  rulesPath?: string;
  /** SDK root; found with `gcloud info` (then the fallback) when absent. */
  sdkRoot?: string;
  /** Java executable; `java` on PATH when absent. */
  java?: string;
  /** How long to wait for the emulator to accept HTTP; 60 s by default (Java starts in about a second). */
  startTimeoutMs?: number;
}

export interface RunningFirestoreEmulator {
  /** `127.0.0.1:<port>`: the value for FIRESTORE_EMULATOR_HOST. */
  host: string;
  port: number;
  /** Kills the emulator's whole process group (the launcher script and its java child) and waits for it. */
  stop(): Promise<void>;
}

/** Expected failure to start: missing CLI component, missing Java, or the emulator exited/never answered. */
export class FirestoreEmulatorError extends Error {
  constructor(
    readonly code: "emulator_missing" | "java_missing" | "start_failed",
    message: string,
  ) {
    super(message);
    this.name = "FirestoreEmulatorError";
  }
}

function runQuiet(command: string, args: string[], timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim());
    });
  });
}

let cachedSdkRoot: string | undefined;

/** Finds the Google Cloud SDK root once per process: `gcloud info` first, then {@link FALLBACK_SDK_ROOT}. */
export async function findSdkRoot(): Promise<string> {
  if (cachedSdkRoot !== undefined) return cachedSdkRoot;
  const reported = await runQuiet("gcloud", ["info", "--format=value(installation.sdk_root)"], 20_000);
  cachedSdkRoot =
    reported !== undefined && reported !== "" && existsSync(join(reported, EMULATOR_LAUNCHER))
      ? reported
      : FALLBACK_SDK_ROOT;
  return cachedSdkRoot;
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("no port assigned"));
      });
    });
  });
}

async function accepts(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/**
 * Starts `cloud_firestore_emulator start --host=127.0.0.1 --port=P [--rules=…]` in its own process group,
 * waits until it answers HTTP, and returns its host and a `stop()`. Throws {@link FirestoreEmulatorError}
 * with a Russian + English message when the component or Java is missing or the emulator does not come up.
 */
export async function startFirestoreEmulator(
  options: FirestoreEmulatorOptions = {},
): Promise<RunningFirestoreEmulator> {
  const sdkRoot = options.sdkRoot ?? (await findSdkRoot());
  const launcher = join(sdkRoot, EMULATOR_LAUNCHER);
  if (!existsSync(launcher)) {
    throw new FirestoreEmulatorError(
      "emulator_missing",
      `Эмулятор Firestore не найден: ${launcher}. Установите Google Cloud CLI и компонент ` +
        "cloud-firestore-emulator (gcloud components install cloud-firestore-emulator или apt-get install " +
        "google-cloud-cli-firestore-emulator).\n" +
        `The Firestore emulator was not found at ${launcher}. Install the Google Cloud CLI and its ` +
        "cloud-firestore-emulator component.",
    );
  }
  const java = options.java ?? "java";
  if ((await runQuiet(java, ["-version"], 20_000)) === undefined) {
    throw new FirestoreEmulatorError(
      "java_missing",
      "Для эмулятора Firestore нужна Java 11 или новее (рекомендуется 17), но команда java не найдена.\n" +
        "The Firestore emulator needs Java 11+ (17 recommended), but `java` was not found on PATH.",
    );
  }
  const port = options.port ?? (await freePort());
  const args = ["start", "--host=127.0.0.1", `--port=${port}`];
  if (options.rulesPath !== undefined) args.push(`--rules=${options.rulesPath}`);
  // the launcher honours $JAVA; detached puts it and its java child in a group of their own
  const child = spawn(launcher, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, JAVA: java },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });

  const stop = async () => {
    if (exited) return;
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
    await exit;
    clearTimeout(timer);
    // the launcher may exit before its java child: make sure nothing of the group is left
    killGroup(child, "SIGKILL");
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const url = `http://127.0.0.1:${port}/`;
  while (!(await accepts(url))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new FirestoreEmulatorError(
        "start_failed",
        `Эмулятор Firestore не запустился на порту ${port}. / The Firestore emulator did not start on port ${port}.\n${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { host: `127.0.0.1:${port}`, port, stop };
}

/** Deletes every document of one project in the emulator (its reset endpoint); the emulator keeps running. */
export async function clearEmulatorProject(host: string, projectId: string): Promise<void> {
  const response = await fetch(
    `http://${host}/emulator/v1/projects/${encodeURIComponent(projectId)}/databases/(default)/documents`,
    { method: "DELETE" },
  );
  if (!response.ok) throw new Error(`emulator reset failed: HTTP ${response.status}`);
  await response.arrayBuffer();
}
