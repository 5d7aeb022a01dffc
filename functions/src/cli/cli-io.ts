// Input and output of the `shnor` command: read a file or stdin, write a file atomically or stdout, with Russian errors.
import { once } from "node:events";
import { type FileHandle, open, readFile, rename, unlink } from "node:fs/promises";
import type { Result } from "../contract/result.js";
import { temporaryPathFor } from "../sheets/atomic-file.js";

/** The streams a command talks to; `process` in production, anything writable in tests. */
export interface CliStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Exit codes of every command: 0 done, 1 usage or I/O problem, 2 the data were refused. */
export const EXIT = { ok: 0, usage: 1, invalid: 2 } as const;

/** The conventional name for «standard input / output» in `--input` and `--out`. */
export const STDIO = "-";

/** The bytes read, or why not: a Russian message naming the file (a usage error for the command). */
export type ReadOutcome = Result<Buffer, { code: "unreadable"; message: string }>;

/**
 * A failed read or write in Russian: `не удалось прочитать «a.json»: файл не найден`. The usual
 * file-system codes get plain words; anything else keeps the system's text.
 */
export function describeFsError(error: unknown, path: string, action: "read" | "write"): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const verb = action === "read" ? "прочитать" : "записать";
  let reason: string;
  switch (code) {
    case "ENOENT":
      reason = action === "read" ? "файл не найден" : "папки для него нет";
      break;
    case "EACCES":
    case "EPERM":
      reason = "нет прав доступа";
      break;
    case "EISDIR":
      reason = "это папка, а нужен файл";
      break;
    case "ENOTDIR":
      reason = "часть пути — файл, а не папка";
      break;
    case "ENOSPC":
      reason = "на диске не хватает места";
      break;
    case "EDQUOT":
      reason = "исчерпана квота места на диске";
      break;
    case "EFBIG":
      reason = "файл больше, чем разрешено в этой системе (ограничение размера файла)";
      break;
    default:
      reason = error instanceof Error ? error.message : String(error);
  }
  return `не удалось ${verb} «${path}»: ${reason}`;
}

/**
 * Reads the bytes of a file, or of stdin when the source is `-`. Bytes, not text: the dataset parser decodes
 * them piece by piece (contract/dataset-json.ts). Failures are values, never thrown.
 */
export async function readInput(source: string, stdin: NodeJS.ReadableStream): Promise<ReadOutcome> {
  try {
    if (source === STDIO) {
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      return { success: true, data: Buffer.concat(chunks) };
    }
    return { success: true, data: await readFile(source) };
  } catch (error) {
    return { success: false, error: { code: "unreadable", message: describeFsError(error, source, "read") } };
  }
}

/** Chunks of 8 MiB: a region's 200 MB file arrives in ~25 steps, each parsed while the next is read. */
const READ_CHUNK = 8 << 20;

/**
 * What a chunked read ends with: `whole` is null when `arrived` saw the whole file; otherwise it holds the file's
 * bytes read in one piece, and what `arrived` saw does not count: the file changed size while it was read (read
 * again), or it is not a regular file (read once, `arrived` saw nothing).
 */
export type ChunkedReadOutcome = Result<{ whole: Buffer | null }, { code: "unreadable"; message: string }>;

/**
 * Reads a file in chunks and calls `arrived(chunk)` with each, once the next chunk is already being read (by
 * libuv's thread pool): the caller parses what is in while the disk works, so a large file costs little more
 * than its parse. Two buffers of 8 MiB take turns, and `arrived` must be done with its chunk when it returns: the
 * file is never held whole, and no fresh memory is written (each fresh page costs a page fault: a 200 MB buffer
 * took 0.6 s of them on the machines measured, the same bytes read through one 8 MiB buffer 0.05 s). Failures
 * are values, never thrown.
 */
export async function readFileInChunks(
  path: string,
  arrived: (chunk: Buffer) => void,
): Promise<ChunkedReadOutcome> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const stat = await handle.stat();
    // A pipe (`--input <(gunzip -c …)`, a FIFO, `/dev/stdin` in a pipeline) has no size and refuses reads at a
    // position (ESPIPE), and its bytes cannot be read a second time for the whole-file parse: it is read once,
    // whole, as `--input -` reads stdin. A folder fails here too, with EISDIR.
    if (!stat.isFile()) return { success: true, data: { whole: await handle.readFile() } };
    const { size } = stat;
    const chunkSize = Math.max(1, Math.min(READ_CHUNK, size));
    let filling = Buffer.allocUnsafe(chunkSize);
    let spare = Buffer.allocUnsafe(chunkSize);
    let position = 0;
    const next = (file: FileHandle) =>
      position < size ? file.read(filling, 0, Math.min(chunkSize, size - position), position) : null;
    let reading = next(handle);
    while (reading !== null) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) break;
      position += bytesRead;
      const full = filling;
      // The next read goes into the other buffer while this one is parsed.
      filling = spare;
      spare = full;
      reading = next(handle);
      arrived(full.subarray(0, bytesRead));
    }
    const grew = (await handle.read(Buffer.alloc(1), 0, 1, size)).bytesRead > 0;
    if (position !== size || grew) return { success: true, data: { whole: await readFile(path) } };
    return { success: true, data: { whole: null } };
  } catch (error) {
    return { success: false, error: { code: "unreadable", message: describeFsError(error, path, "read") } };
  } finally {
    await handle?.close();
  }
}

/** Writes text to a stream, waiting for `drain` so a 200 MB output never piles up in memory. */
export async function writeToStream(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const bytes of utf8Batches(chunks)) {
    if (!stream.write(bytes)) await once(stream as NodeJS.EventEmitter, "drain");
  }
}

/**
 * Encodes many small pieces straight into ~1 MB UTF-8 buffers: one system call per megabyte, not per school,
 * and no joined megabyte string in between (joining and then encoding cost twice the time of encoding alone).
 * Every batch is a buffer of its own, so a stream may hold on to it.
 */
export function* utf8Batches(chunks: Iterable<string>, size = 1 << 20): Generator<Buffer> {
  // A UTF-16 code unit takes at most 3 bytes in UTF-8, so a piece of `length` units fits in `3 · length` bytes.
  const capacity = 3 * size;
  let buffer = Buffer.allocUnsafe(capacity);
  let used = 0;
  for (const chunk of chunks) {
    if (used + 3 * chunk.length > capacity) {
      if (used > 0) yield buffer.subarray(0, used);
      buffer = Buffer.allocUnsafe(capacity);
      used = 0;
      if (3 * chunk.length > capacity) {
        yield Buffer.from(chunk, "utf8");
        continue;
      }
    }
    used += buffer.write(chunk, used, "utf8");
    if (used >= size) {
      yield buffer.subarray(0, used);
      buffer = Buffer.allocUnsafe(capacity);
      used = 0;
    }
  }
  if (used > 0) yield buffer.subarray(0, used);
}

/**
 * Writes the batches in order, encoding the next one while the thread pool writes the last: the disk's share
 * of a region's 180 MB of results (about a tenth of the write step) is then hidden behind the encoding. Each
 * write is checked whole: a short write goes on from where it stopped.
 */
async function writeOverlapped(handle: FileHandle, batches: Iterable<Buffer>): Promise<void> {
  const writeWhole = async (bytes: Buffer) => {
    let done = 0;
    while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
  };
  let writing: Promise<void> = Promise.resolve();
  try {
    for (const bytes of batches) {
      await writing;
      writing = writeWhole(bytes);
    }
    await writing;
  } catch (error) {
    // A failed encoding must not leave a write running on a handle the caller is about to close.
    await writing.catch(() => undefined);
    throw error;
  }
}

/** A file written under a temporary name, waiting to be put in place (or thrown away). */
export interface StagedFile {
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Writes the chunks to a temporary file next to `target`; `commit` renames it into place. Several outputs
 * of one run are staged first and committed together, so a failure in any leaves none of them behind.
 */
export async function stageFile(target: string, chunks: Iterable<string>): Promise<StagedFile> {
  const temporary = temporaryPathFor(target);
  const discard = () => unlink(temporary).catch(() => undefined);
  try {
    const handle = await open(temporary, "w");
    try {
      await writeOverlapped(handle, utf8Batches(chunks));
    } finally {
      await handle.close();
    }
  } catch (error) {
    await discard();
    throw error;
  }
  return { commit: () => rename(temporary, target), discard };
}

/**
 * Writes the chunks to `<target>` through a temporary file renamed on success: a reader never sees half a
 * file, and a failure leaves the previous file (or none) in place.
 */
export async function writeFileAtomically(target: string, chunks: Iterable<string>): Promise<void> {
  const staged = await stageFile(target, chunks);
  try {
    await staged.commit();
  } catch (error) {
    await staged.discard();
    throw error;
  }
}

/** `-` → stdout, anything else → a file written atomically. */
export async function writeOutput(
  target: string,
  chunks: Iterable<string>,
  stdout: NodeJS.WritableStream,
): Promise<void> {
  if (target === STDIO) await writeToStream(stdout, chunks);
  else await writeFileAtomically(target, chunks);
}

/** Writes lines to stderr (or any stream), each ending with a newline. */
export function printLines(stream: NodeJS.WritableStream, lines: readonly string[]): void {
  if (lines.length > 0) stream.write(`${lines.join("\n")}\n`);
}
