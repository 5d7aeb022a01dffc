// Bounded field errors and texts: what is stored and replied never grows with what a client sends.
import type { SubmissionError } from "./stored-documents.js";

/** Errors kept and replied per response; the rest are counted in one closing line (issue 9, §4.1). */
export const MAX_LISTED_ERRORS = 50;

/** Longest field name kept (a key is whatever the client sent). */
const MAX_FIELD_CHARS = 200;

/** Longest message kept: a message quotes the answer, and an answer may be a list of any length. */
const MAX_MESSAGE_CHARS = 600;

/** Cuts `text` to at most `max` characters, marking the cut with «…». */
export function cutChars(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes (plus the 3 of «…» when cut), never inside a character. Firestore
 * counts a string as its UTF-8 bytes + 1 (https://cloud.google.com/firestore/docs/storage-size).
 */
export function cutBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const bytes = Buffer.from(text, "utf8");
  let end = maxBytes;
  // back off continuation bytes (10xxxxxx) so the cut falls on a character boundary
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString("utf8")}…`;
}

/** `5 ошибок`, `2 ошибки`, `1 ошибка`: the Russian count form. */
export function errorsCount(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  const word =
    tens >= 11 && tens <= 14
      ? "ошибок"
      : ones === 1
        ? "ошибка"
        : ones >= 2 && ones <= 4
          ? "ошибки"
          : "ошибок";
  return `${n} ${word}`;
}

/**
 * The first {@link MAX_LISTED_ERRORS} errors, each cut to a bounded length, plus «и ещё N ошибок» when there were
 * more: 6,000 wrong answers give a 51-line reply and a stored reason of a few dozen kilobytes, not megabytes.
 *
 * @example capErrors(Array(60).fill({code: "invalid_answer", field: "x", message: "m"})).length // 51
 */
export function capErrors(errors: readonly SubmissionError[], max = MAX_LISTED_ERRORS): SubmissionError[] {
  const listed = errors.slice(0, max).map((e) => ({
    code: e.code,
    field: cutChars(e.field, MAX_FIELD_CHARS),
    message: cutChars(e.message, MAX_MESSAGE_CHARS),
  }));
  const rest = errors.length - listed.length;
  if (rest > 0) {
    listed.push({
      code: "more_errors",
      field: "answers",
      message: `и ещё ${errorsCount(rest)}: исправьте перечисленные выше и отправьте форму снова`,
    });
  }
  return listed;
}
