// Dataset v1 file bytes → the JSON value, facts parsed one at a time as the bytes arrive: no 400 MB string, no idle wait.

// Byte values of the JSON structure (RFC 8259 §2: these are the only whitespace bytes).
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** Returned by the scanners when the value goes on past the bytes that have arrived. */
const INCOMPLETE = -1;

/**
 * `JSON.parse` of the UTF-8 text of `bytes`: the same value, or the same `SyntaxError` (same message).
 * See `DatasetJsonReader` for how and why. O(file size).
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const reader = new DatasetJsonReader(bytes);
  reader.advance(bytes.length);
  return reader.finish();
}

/**
 * Parses a dataset file's bytes while they are still being read into `bytes`: the caller fills the buffer front
 * to back and calls `advance(available)` after each chunk, then `finish()` once it is full.
 *
 * Why not simply `JSON.parse(text)`: one non-ASCII letter (a school's name) makes V8 decode the whole file into
 * a two-byte string, twice the file's size, and the decoding alone costs about as much as the parse; and the
 * parse could only start once the last byte is read. Here the elements of the top-level `facts` array (nearly
 * all of a region's file, and all ASCII in practice) are cut out of the bytes and parsed one by one, each
 * decoded on its own, as soon as they have arrived; the rest of the file is parsed at the end with `facts: []`
 * in the facts' place, and the list is put back. Cutting happens only at the structural bytes `{ } [ ] , :`
 * outside strings, so no UTF-8 sequence is ever split. Whenever the file is not exactly that shape (no `facts`
 * array, the key twice, an element that is not an object, any syntax error), `finish` falls back to the plain
 * parse of the whole text, so a broken file is reported exactly as before.
 */
export class DatasetJsonReader {
  readonly #bytes: Buffer;
  #available = 0;
  /** Where the scan stands: the next thing expected at `#at`. */
  #expect: "object" | "member" | "afterValue" | "element" | "afterElement" | "end" | "fallback" = "object";
  #at = 0;
  #firstElement = true;
  #factsOpen = -1;
  #factsClose = -1;
  readonly #facts: unknown[] = [];

  constructor(bytes: Uint8Array) {
    this.#bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** How many facts are parsed so far: all of them, well before the last byte, when the file has our shape. */
  get factsParsed(): number {
    return this.#expect === "fallback" ? 0 : this.#facts.length;
  }

  /** Scans and parses as far as the first `available` bytes allow. Cheap to call after every chunk. */
  advance(available: number): void {
    this.#available = Math.min(available, this.#bytes.length);
    try {
      this.#scan();
    } catch {
      // An element JSON.parse refused: the plain parse of the whole text will word the error.
      this.#expect = "fallback";
    }
  }

  /** The parsed value, once all bytes have arrived: what `JSON.parse` of their UTF-8 text gives, or throws. */
  finish(): unknown {
    this.advance(this.#bytes.length);
    const bytes = this.#bytes;
    const end = bytes.length;
    if (this.#expect === "end" && skipWhitespace(bytes, this.#at, end) === end && this.#factsOpen >= 0) {
      try {
        const rest = JSON.parse(
          `${bytes.toString("utf8", 0, this.#factsOpen)}[]${bytes.toString("utf8", this.#factsClose, end)}`,
        ) as Record<string, unknown>;
        rest.facts = this.#facts;
        return rest;
      } catch {
        // Fall through: the plain parse throws the error as it would have.
      }
    }
    return JSON.parse(bytes.toString("utf8"));
  }

  /** One step at a time until the bytes run out (wait for more) or the shape is not ours (fall back). */
  #scan(): void {
    const bytes = this.#bytes;
    const complete = this.#available === bytes.length;
    // The end of what may be read now; a value running up to it may go on in the next chunk.
    const end = this.#available;
    for (;;) {
      const i = skipWhitespace(bytes, this.#at, end);
      if (i >= end) return;
      const c = bytes[i];
      switch (this.#expect) {
        case "object":
          if (c !== OPEN_BRACE) {
            this.#fallBack();
            return;
          }
          this.#at = i + 1;
          this.#expect = "member";
          break;
        case "member": {
          if (c === CLOSE_BRACE) {
            this.#at = i + 1;
            this.#expect = "end";
            break;
          }
          if (c !== QUOTE) {
            this.#fallBack();
            return;
          }
          const keyEnd = stringEnd(bytes, i, end);
          if (keyEnd === INCOMPLETE) return;
          const colon = skipWhitespace(bytes, keyEnd, end);
          if (colon >= end) return;
          if (bytes[colon] !== COLON) {
            this.#fallBack();
            return;
          }
          const value = skipWhitespace(bytes, colon + 1, end);
          if (value >= end) return;
          if (isKey(bytes, i, keyEnd, "facts")) {
            // The key twice: JSON.parse keeps the last one, which only the plain parse gets right.
            if (this.#factsOpen >= 0 || bytes[value] !== OPEN_BRACKET) {
              this.#fallBack();
              return;
            }
            this.#factsOpen = value;
            this.#at = value + 1;
            this.#expect = "element";
            this.#firstElement = true;
            break;
          }
          const valueEnd = valueEndAt(bytes, value, end, complete);
          if (valueEnd === INCOMPLETE) return;
          this.#at = valueEnd;
          this.#expect = "afterValue";
          break;
        }
        case "afterValue":
          if (c === COMMA) this.#expect = "member";
          else if (c === CLOSE_BRACE) this.#expect = "end";
          else {
            this.#fallBack();
            return;
          }
          this.#at = i + 1;
          break;
        case "element": {
          if (c === CLOSE_BRACKET && this.#firstElement) {
            this.#closeFacts(i + 1);
            break;
          }
          if (c !== OPEN_BRACE) {
            this.#fallBack();
            return;
          }
          const elementEnd = valueEndAt(bytes, i, end, complete);
          if (elementEnd === INCOMPLETE) return;
          // An ASCII slice decodes to a one-byte string: half the memory of the whole file's two-byte text.
          this.#facts.push(JSON.parse(bytes.toString("utf8", i, elementEnd)));
          this.#at = elementEnd;
          this.#expect = "afterElement";
          break;
        }
        case "afterElement":
          if (c === COMMA) {
            this.#expect = "element";
            this.#firstElement = false;
            this.#at = i + 1;
          } else if (c === CLOSE_BRACKET) {
            this.#closeFacts(i + 1);
          } else {
            this.#fallBack();
            return;
          }
          break;
        case "end": // Anything but whitespace after the object: the plain parse says what is wrong.
          {
            this.#fallBack();
            return;
          }
        case "fallback":
          return;
      }
    }
  }

  #closeFacts(after: number): void {
    this.#factsClose = after;
    this.#at = after;
    this.#expect = "afterValue";
  }

  #fallBack(): void {
    this.#expect = "fallback";
  }
}

/** The first index at or after `at` that is not JSON whitespace, or `end`. */
function skipWhitespace(bytes: Buffer, at: number, end: number): number {
  let i = at;
  while (i < end) {
    const c = bytes[i];
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return i;
    i++;
  }
  return end;
}

/** The index just past the string that opens at `at` (a `"`); a backslash always escapes the next byte. */
function stringEnd(bytes: Buffer, at: number, end: number): number {
  for (let i = at + 1; i < end; i++) {
    const c = bytes[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return INCOMPLETE;
}

/**
 * The index just past the value that starts at `at`: a string, an object or array (brackets counted outside
 * strings), or a literal (up to the next structural byte or whitespace, or the end of a `complete` file).
 * INCOMPLETE when the value may go on past `end`. Exact for valid JSON; for invalid JSON a parse throws later.
 */
function valueEndAt(bytes: Buffer, at: number, end: number, complete: boolean): number {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at, end);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = at; i < end; i++) {
      const c = bytes[i];
      if (c === QUOTE) {
        const close = stringEnd(bytes, i, end);
        if (close === INCOMPLETE) return INCOMPLETE;
        i = close - 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return complete ? end : INCOMPLETE;
  }
  for (let i = at; i < end; i++) {
    const c = bytes[i];
    if (
      c === COMMA ||
      c === CLOSE_BRACE ||
      c === CLOSE_BRACKET ||
      c === SPACE ||
      c === LF ||
      c === CR ||
      c === TAB
    )
      return i;
  }
  return complete ? end : INCOMPLETE;
}

/** Whether the string token at [start, end) (quotes included) reads `name`, escapes decoded. */
function isKey(bytes: Buffer, start: number, end: number, name: string): boolean {
  const raw = bytes.toString("utf8", start + 1, end - 1);
  return raw.includes("\\") ? JSON.parse(bytes.toString("utf8", start, end)) === name : raw === name;
}
