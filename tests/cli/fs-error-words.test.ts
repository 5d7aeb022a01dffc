// What a coordinator reads when the disk refuses `shnor`: each file-system failure in plain Russian, naming the file.
import { describe, expect, it } from "vitest";
import { describeFsError } from "../../functions/src/cli/cli-io.js";

/** An error as node's fs gives it: a message in English and a code. */
function fsError(code: string, message = `${code}: system text`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe("describeFsError", () => {
  // EDQUOT cannot be provoked here (no disk quotas on this machine); ENOSPC needs a full disk. EFBIG is also
  // provoked for real by tests/cli/compute-cli.test.ts (prlimit --fsize).
  it.each([
    ["EDQUOT", "write", "не удалось записать «r.json»: исчерпана квота места на диске"],
    ["ENOSPC", "write", "не удалось записать «r.json»: на диске не хватает места"],
    [
      "EFBIG",
      "write",
      "не удалось записать «r.json»: файл больше, чем разрешено в этой системе (ограничение размера файла)",
    ],
    ["ENOENT", "read", "не удалось прочитать «r.json»: файл не найден"],
    ["ENOENT", "write", "не удалось записать «r.json»: папки для него нет"],
    ["EACCES", "read", "не удалось прочитать «r.json»: нет прав доступа"],
    ["EPERM", "write", "не удалось записать «r.json»: нет прав доступа"],
    ["EISDIR", "read", "не удалось прочитать «r.json»: это папка, а нужен файл"],
    ["ENOTDIR", "write", "не удалось записать «r.json»: часть пути — файл, а не папка"],
  ] as const)("%s on %s", (code, action, message) => {
    expect(describeFsError(fsError(code), "r.json", action)).toBe(message);
  });

  it("keeps the system's own text for a failure it has no words for", () => {
    expect(describeFsError(fsError("EIO", "EIO: i/o error, write"), "r.json", "write")).toBe(
      "не удалось записать «r.json»: EIO: i/o error, write",
    );
    expect(describeFsError("not an Error", "r.json", "read")).toBe(
      "не удалось прочитать «r.json»: not an Error",
    );
  });
});
