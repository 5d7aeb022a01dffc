// Entry of the `shnor` command: picks the command (compute, report, sample, demo, serve, help) and sets the process exit code.
import { pathToFileURL } from "node:url";
import { type CliStreams, EXIT } from "./cli-io.js";
import { runCompute } from "./compute-command.js";
import { runDemo } from "./demo-command.js";
import { runReport } from "./report-command.js";
import { runSample } from "./sample-command.js";
import { runServe } from "./serve-command.js";
import { USAGE } from "./usage.js";

type Command = (args: readonly string[], io: CliStreams) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  compute: runCompute,
  report: runReport,
  sample: runSample,
  demo: runDemo,
  serve: runServe,
};

const HELP = new Set(["help", "--help", "-h"]);

/** Runs the command named by the first argument; returns the exit code. Unexpected faults exit with 1. */
export async function main(argv: readonly string[], io: CliStreams): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP.has(name)) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`shnor: неизвестная команда «${name}»\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    // A bug, not bad input: say so plainly, keep the stack for whoever reports it.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`shnor ${name}: внутренняя ошибка программы\n${detail}\n`);
    return EXIT.usage;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
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
