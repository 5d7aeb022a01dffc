// Test runner configuration: one suite for the whole repository, node environment.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    // one Firestore emulator for the whole run (store, http and e2e tests); see the file for when it is skipped
    globalSetup: ["tests/setup/firestore-emulator.ts"],
  },
});
