// Starting the emulator on a machine without it fails with a clear Russian and English message, not a stack of Java.
import { describe, expect, it } from "vitest";
import {
  FirestoreEmulatorError,
  startFirestoreEmulator,
} from "../../functions/src/store/firestore-emulator.js";

describe("startFirestoreEmulator", () => {
  it("names the missing component in Russian and English", async () => {
    const attempt = startFirestoreEmulator({ sdkRoot: "/nonexistent/google-cloud-sdk" });
    await expect(attempt).rejects.toBeInstanceOf(FirestoreEmulatorError);
    await expect(attempt).rejects.toMatchObject({ code: "emulator_missing" });
    await expect(attempt).rejects.toThrow(
      /Эмулятор Firestore не найден.*\n.*The Firestore emulator was not found/s,
    );
  });

  it("says Java is missing when it is", async () => {
    const attempt = startFirestoreEmulator({ java: "/nonexistent/java" });
    await expect(attempt).rejects.toMatchObject({ code: "java_missing" });
    await expect(attempt).rejects.toThrow(/нужна Java 11.*\n.*needs Java 11/s);
  });
});
