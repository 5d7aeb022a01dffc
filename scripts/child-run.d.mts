// Types of scripts/child-run.mjs for the TypeScript benches that import it.
export function runNode(
  args: readonly string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; maxBuffer?: number },
): { stdout: string; seconds: number };
