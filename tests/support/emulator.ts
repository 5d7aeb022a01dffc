// Test helpers for the run's Firestore emulator: its host, a project id per test file, and a store over it.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { clearEmulatorProject } from "../../functions/src/store/firestore-emulator.js";
import { openStore, type Store } from "../../functions/src/store/open-store.js";

/** Host of the emulator the globalSetup started; fails loudly when the run has none. */
export function emulatorHost(): string {
  const host = inject("firestoreEmulatorHost");
  if (host === undefined || host === "") {
    throw new Error(
      "no Firestore emulator in this run: tests/setup/firestore-emulator.ts skipped it for the filters given",
    );
  }
  return host;
}

/** A project id no other test file uses, so files share the emulator without seeing each other's data. */
export function uniqueProjectId(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 16);
  return `test-${slug}-${randomBytes(4).toString("hex")}`;
}

export interface TestStore {
  store: Store;
  projectId: string;
  host: string;
  /** Deletes every document of this file's project. */
  reset(): Promise<void>;
  /** Closes the client and deletes the project's documents. */
  close(): Promise<void>;
}

/** Opens the real repositories on the emulator under a fresh project id. */
export function openTestStore(label: string): TestStore {
  const host = emulatorHost();
  const projectId = uniqueProjectId(label);
  const store = openStore({ projectId, firestoreEmulatorHost: host });
  return {
    store,
    projectId,
    host,
    reset: () => clearEmulatorProject(host, projectId),
    close: async () => {
      await store.close();
      await clearEmulatorProject(host, projectId);
    },
  };
}
