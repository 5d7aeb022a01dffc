// Entry of the `shnor` command: picks the command (compute, report, sample, import, template, demo, serve, help) and sets the process exit code.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type CliStreams, EXIT } from "./cli-io.js";
import { USAGE } from "./usage.js";

type Command = (args: readonly string[], io: CliStreams) => Promise<number>;

// Each command is loaded when it is called: `compute` must not pay for the server's Firestore, Sheets and
// functions-framework modules (a third of a second at start).
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  compute: async () => (await import("./compute-command.js")).runCompute,
  report: async () => (await import("./report-command.js")).runReport,
  sample: async () => (await import("./sample-command.js")).runSample,
  demo: async () => (await import("./demo-command.js")).runDemo,
  serve: async () => (await import("./serve-command.js")).runServe,
  import: async () => (await import("./import-command.js")).runImport,
  template: async () => (await import("./template-command.js")).runTemplate,
};

const HELP = new Set(["help", "--help", "-h"]);

/** Runs the command named by the first argument; returns the exit code. Unexpected faults exit with 1. */
export async function main(argv: readonly string[], io: CliStreams): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP.has(name)) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    io.stderr.write(`shnor: неизвестная команда «${name}»\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    // A bug, not bad input: say so plainly, keep the stack for whoever reports it.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`shnor ${name}: внутренняя ошибка программы\n${detail}\n`);
    return EXIT.usage;
  }
}

/**
 * Whether node was asked to run this module (not a test or the golden run importing it). Compared as real paths:
 * node runs a script reached through a symlinked folder from its real path, while `argv[1]` keeps the path as
 * typed, so comparing them as given made `shnor` exit 0 having done nothing for a checkout under a symlink.
 */
function isEntryModule(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryModule()) {
  // A reader that stops early (`| head`) closes the pipe: that is not an error of ours.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(EXIT.ok);
    throw error;
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
