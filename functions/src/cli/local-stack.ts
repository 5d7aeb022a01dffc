// The local stack of `shnor serve` and the demo: the official Firestore emulator plus the `api` function on functions-framework.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiRuntime } from "../http/api-runtime.js";
import { parseConfig } from "../http/config.js";
import type { LogSink } from "../http/logs.js";
import { startFirestoreEmulator } from "../store/firestore-emulator.js";

export interface LocalStackOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Folder the `.xlsx` writer puts `<territory>.xlsx` into. */
  outDir: string;
  /** Project id inside the emulator. */
  projectId?: string;
  /** Where the function's log lines go (the demo keeps them quiet). */
  log?: LogSink;
}

export interface LocalStack {
  /** `http://127.0.0.1:<port>` */
  url: string;
  emulatorHost: string;
  runtime: ApiRuntime;
  /** Stops the HTTP server, waits for background publishes, closes the store and kills the emulator's process group. */
  stop(): Promise<void>;
}

/** Expected failure to listen (port taken), with the Russian message the CLI prints. */
export class ListenError extends Error {}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new ListenError(
          error.code === "EADDRINUSE"
            ? `порт ${port} на 127.0.0.1 уже занят; укажите другой: --port <номер>`
            : `не удалось открыть порт ${port}: ${error.message}`,
        ),
      );
    };
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts the emulator (FirestoreEmulatorError with a Russian/English message when the Google Cloud CLI
 * component or Java is missing), configures `api` in development mode on loopback with the `.xlsx` writer,
 * and serves it with functions-framework on 127.0.0.1. Whatever was started is stopped again if a later
 * step fails, so a failed start leaves no process or port behind.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const emulator = await startFirestoreEmulator();
  let server: Server | undefined;
  let closeApi: (() => Promise<void>) | undefined;
  const stopAll = async () => {
    if (server !== undefined) await closeServer(server);
    await closeApi?.();
    await emulator.stop();
  };
  try {
    const parsed = parseConfig({
      SHNOR_DEV_MODE: "1",
      SHNOR_BIND_HOST: "127.0.0.1",
      SHNOR_PROJECT_ID: options.projectId ?? "shnor-local",
      FIRESTORE_EMULATOR_HOST: emulator.host,
    });
    if (!parsed.success)
      throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    const api = await import("../index.js");
    closeApi = api.closeApi;
    api.configureApi({
      config: parsed.data,
      overrides: { outDir: options.outDir, ...(options.log !== undefined ? { log: options.log } : {}) },
    });
    const [{ getTestServer }, { answerBodyErrorsAsJson }] = await Promise.all([
      import("@google-cloud/functions-framework/testing"),
      import("../http/json-errors.js"),
    ]);
    const started = getTestServer("api");
    answerBodyErrorsAsJson(started);
    const port = await listen(started, options.port);
    server = started;
    const runtime = await api.apiRuntime();
    return {
      url: `http://127.0.0.1:${port}`,
      emulatorHost: emulator.host,
      runtime,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
