// `shnor serve`: the Firestore emulator and the `api` function in development mode on 127.0.0.1, until Ctrl-C or SIGTERM.
import { DEV_MODE_WARNING } from "../http/dev-mode-warning.js";
import { FirestoreEmulatorError } from "../store/firestore-emulator.js";
import { integerOption, parseOptions } from "./arguments.js";
import { type CliStreams, EXIT } from "./cli-io.js";
import { ListenError, startLocalStack } from "./local-stack.js";
import { USAGE } from "./usage.js";

const OPTIONS = {
  port: { type: "string" },
  "out-dir": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Resolves on the first SIGINT (Ctrl-C) or SIGTERM. */
export function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** The banner a developer cannot miss: this server trusts a header instead of Google's tokens. */
export function devModeBanner(url: string, emulatorHost: string, outDir: string): string {
  const line = "!".repeat(100);
  return [
    line,
    DEV_MODE_WARNING,
    `Функция api: ${url} (только 127.0.0.1). Эмулятор Firestore: ${emulatorHost}, данные живут до остановки.`,
    `Запросы: заголовок X-Shnor-Dev-User: <адрес>; первая /sync создаёт территорию. Книги .xlsx: ${outDir}/`,
    "Остановка: Ctrl-C.",
    line,
    "",
  ].join("\n");
}

/**
 * Runs `serve`; returns the exit code once stopped. Prints `ready <url>` on stdout when requests are
 * accepted. `stopped` resolves when the server should stop (signals by default; tests pass their own).
 */
export async function runServe(
  args: readonly string[],
  io: CliStreams,
  stopped: () => Promise<unknown> = untilStopped,
): Promise<number> {
  const parsed = parseOptions(args, OPTIONS);
  if (!parsed.success) {
    io.stderr.write(`shnor serve: ${parsed.error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (parsed.data.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const port = integerOption("port", parsed.data.port, 8080, 0, 65_535);
  if (!port.success) {
    io.stderr.write(`shnor serve: ${port.error.message}\n`);
    return EXIT.usage;
  }
  const outDir = parsed.data["out-dir"] ?? "out";
  // listen for signals before the slow start, so a Ctrl-C during it still stops what was started
  const stop = stopped();
  let stack: Awaited<ReturnType<typeof startLocalStack>>;
  try {
    stack = await startLocalStack({ port: port.data, outDir });
  } catch (error) {
    if (error instanceof FirestoreEmulatorError || error instanceof ListenError) {
      io.stderr.write(`shnor serve: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  io.stderr.write(devModeBanner(stack.url, stack.emulatorHost, outDir));
  io.stdout.write(`ready ${stack.url}\n`);
  await stop;
  io.stderr.write("shnor serve: остановка…\n");
  await stack.stop();
  return EXIT.ok;
}
