// Writes a file under a temporary name next to it and renames it into place: whoever opens it never sees half a file.
import { rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A temporary name next to the target, so the final rename stays on one file system and is atomic. */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
}

/**
 * Runs `write` on a temporary path and renames the result to `target`; on failure removes the temporary file and
 * rethrows, leaving the previous `target` (or none) in place. `temporary` defaults to {@link temporaryPathFor}.
 */
export async function writeFileAtomically(
  target: string,
  write: (temporary: string) => Promise<void>,
  temporary: string = temporaryPathFor(target),
): Promise<void> {
  try {
    await write(temporary);
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
