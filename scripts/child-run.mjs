// A child `node` run with a time limit, run once more past it: shared by the golden run and the compute bench.
import { spawnSync } from "node:child_process";

/**
 * Runs `node <args>` to its end and returns what it printed, its exit and the wall time of the run that ended.
 * A run still going after `timeoutMs` is taken for Node 20's rare deadlock at process exit (all work done, the main
 * thread waiting for V8's background tasks forever: https://github.com/nodejs/node/issues/54918, seen here once in
 * a `sample`), killed, and run once more. Throws on a second hang, or when the run exits with a non-zero status
 * (with its standard error).
 *
 * @param {readonly string[]} args
 * @param {{ timeoutMs: number; env?: NodeJS.ProcessEnv; maxBuffer?: number }} options
 * @returns {{ stdout: string; seconds: number }}
 */
export function runNode(args, options) {
  for (let attempt = 1; ; attempt++) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs,
      ...(options.env !== undefined ? { env: options.env } : {}),
      ...(options.maxBuffer !== undefined ? { maxBuffer: options.maxBuffer } : {}),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.signal !== null) {
      const said = `node ${args.join(" ")}: no exit after ${options.timeoutMs / 1000} s (${run.signal})`;
      if (attempt === 1) {
        console.error(`${said}, run again`);
        continue;
      }
      throw new Error(`${said}, twice`);
    }
    if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
    return { stdout: run.stdout, seconds };
  }
}
