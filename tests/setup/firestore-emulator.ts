// vitest globalSetup: one Firestore emulator (with firestore.rules) for the whole run, its host provided to every test file.
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startFirestoreEmulator } from "../../functions/src/store/firestore-emulator.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** `127.0.0.1:<port>` of the run's emulator; empty when the run needs none. */
    firestoreEmulatorHost: string;
  }
}

/** Test areas that never touch Firestore: a run limited to them starts no emulator. */
const NO_EMULATOR_AREAS =
  /(^|\/)tests\/(domain|contract|catalog|sheets|apps-script|auth|report|cli|docs|infra)(\/|$)|^(domain|contract|catalog|sheets|apps-script|auth|report|cli|docs|infra)(\/|$)/;

function cliFilters(): string[] {
  const args = process.argv.slice(2);
  const runAt = args.findIndex((a) => a === "run" || a === "watch" || a === "related");
  return (runAt >= 0 ? args.slice(runAt + 1) : args).filter((a) => !a.startsWith("-") && a.includes("/"));
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const existing = process.env.FIRESTORE_EMULATOR_HOST;
  if (existing !== undefined && existing !== "") {
    project.provide("firestoreEmulatorHost", existing);
    return undefined;
  }
  const filters = cliFilters();
  if (filters.length > 0 && filters.every((f) => NO_EMULATOR_AREAS.test(f))) {
    project.provide("firestoreEmulatorHost", "");
    return undefined;
  }
  const emulator = await startFirestoreEmulator({ rulesPath: resolve("firestore.rules") });
  // provided, not exported as FIRESTORE_EMULATOR_HOST: the Firestore client lets that variable override
  // the host it is given, which would silently point a test's own emulator client at this one
  project.provide("firestoreEmulatorHost", emulator.host);
  return async () => {
    await emulator.stop();
  };
}
