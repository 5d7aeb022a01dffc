// Types of build.mjs for the tests that build the bundle.

/** Builds dist/Code.js (or into `outDir`) and copies appsscript.json; returns the entry point names and the file. */
export function buildAppsScript(outDir?: string): Promise<{ entryPoints: string[]; file: string }>;
