// Dataset v1 file bytes → the JSON value, facts parsed in runs as the bytes arrive: no 400 MB string, no whole file held, no idle wait.

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
 * Facts are parsed in runs of about this many bytes (see `#parseRun`). Measured on a region's 206 MB file: runs of
 * 20–100 KB parse the facts in ~2.25 s against ~2.85 s fact by fact; runs of 200 KB and more were slower than fact
 * by fact (3.5 s), so the size stays well below that.
 */
const RUN_BYTES = 64 << 10;

/** A run never passes this: facts that rarely begin like the first one are parsed one by one, not in one long run. */
const RUN_BYTES_MOST = 4 * RUN_BYTES;

/** A run that failed to parse this many times (its cut was not between two facts) turns runs off for the file. */
const RUN_FAILURES_ALLOWED = 3;

/** `parseJsonBytes` hands a whole buffer to the reader in pieces of this size: its window stays this small. */
const PIECE_BYTES = 8 << 20;

/**
 * `JSON.parse` of the UTF-8 text of `bytes`: the same value, or the same `SyntaxError` (same message).
 * See `DatasetJsonReader` for how and why. O(file size).
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const reader = new DatasetJsonReader(() => bytes);
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) reader.push(bytes.subarray(at, at + PIECE_BYTES));
  return reader.finish();
}

/**
 * Parses a dataset file's bytes while they are still being read: the caller pushes the file's bytes front to
 * back, in chunks of any size, then calls `finish()`. A chunk may be overwritten as soon as `push` returns, so a
 * file can be read through one small buffer used again and again.
 *
 * Why not simply `JSON.parse(text)`: one non-ASCII letter (a school's name) makes V8 decode the whole file into
 * a two-byte string, twice the file's size, and the decoding alone costs about as much as the parse; and the
 * parse could only start once the last byte is read. Here the elements of the top-level `facts` array (nearly
 * all of a region's file, and all ASCII in practice) are cut out of the bytes and parsed, each run of them
 * decoded on its own, as soon as they have arrived; the rest of the file is parsed at the end with `facts: []`
 * in the facts' place, and the list is put back. Cutting happens only at the structural bytes `{ } [ ] , :`
 * outside strings, so no UTF-8 sequence is ever split. Whenever the file is not exactly that shape (no `facts`
 * array, the key twice, an element that is not an object, any syntax error), `finish` falls back to the plain
 * parse of the whole text, which it asks `whole` for, so a broken file is reported exactly as before.
 *
 * Only the bytes not yet parsed are held (the part before the facts as text, the part after them as bytes): a
 * region's 200 MB file never sits in memory whole. That matters for time as well as memory: each page of fresh
 * memory costs a page fault when first written, and on the VMs measured here (bench/compute.bench.ts) the
 * faults of a 200 MB buffer took 0.6 s, against 0.05 s to read the same file through one 8 MiB buffer.
 */
export class DatasetJsonReader {
  readonly #whole: () => Uint8Array;
  /** The bytes held: positions [#windowStart, #windowEnd) of the file, at [0, #windowEnd − #windowStart). */
  #window: Buffer = Buffer.alloc(0);
  #windowStart = 0;
  #windowEnd = 0;
  /** Where the scan stands (a position in the file): the next thing expected at `#at`. */
  #expect: "object" | "member" | "afterValue" | "element" | "afterElement" | "end" | "fallback" = "object";
  #at = 0;
  #firstElement = true;
  #factsOpen = -1;
  #factsClose = -1;
  /** The text before the facts' `[`, decoded once the facts open; its bytes are then let go. */
  #head = "";
  readonly #facts: unknown[] = [];
  /** `},` and the first fact's opening up to its first key's colon: what stands between two facts of a compact file. */
  #runSeparator: Buffer | null = null;
  #runFailures = 0;

  /** `whole` gives every byte of the file again, for the plain parse when the file is not of our shape. */
  constructor(whole: () => Uint8Array) {
    this.#whole = whole;
  }

  /** How many facts are parsed so far: all of them, well before the last byte, when the file has our shape. */
  get factsParsed(): number {
    return this.#expect === "fallback" ? 0 : this.#facts.length;
  }

  /** How many of the file's bytes are held now: not the file, only what is not yet parsed (and the tail). */
  get bytesHeld(): number {
    return this.#windowEnd - this.#windowStart;
  }

  /** Takes the next bytes of the file and parses as far as they allow. The chunk is copied, not kept. */
  push(chunk: Uint8Array): void {
    if (this.#expect === "fallback") return;
    this.#makeRoom(chunk.length);
    this.#window.set(chunk, this.#windowEnd - this.#windowStart);
    this.#windowEnd += chunk.length;
    this.#advance(false);
  }

  /** The parsed value, once all bytes are pushed: what `JSON.parse` of their UTF-8 text gives, or throws. */
  finish(): unknown {
    this.#advance(true);
    const bytes = this.#window;
    const end = this.#windowEnd - this.#windowStart;
    if (
      this.#expect === "end" &&
      skipWhitespace(bytes, this.#at - this.#windowStart, end) === end &&
      this.#factsOpen >= 0
    ) {
      try {
        const tail = bytes.toString("utf8", this.#factsClose - this.#windowStart, end);
        const rest = JSON.parse(`${this.#head}[]${tail}`) as Record<string, unknown>;
        rest.facts = this.#facts;
        return rest;
      } catch {
        // Fall through: the plain parse throws the error as it would have.
      }
    }
    // What is held goes before the file is read again: a large file of another shape is then held once, not twice.
    this.#fallBack();
    const whole = this.#whole();
    return JSON.parse(Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength).toString("utf8"));
  }

  /**
   * Lets go of the bytes already parsed and makes room for `more`: before the facts open everything is kept
   * (the head is decoded whole), inside the facts only what the scan has not passed, after them the tail.
   */
  #makeRoom(more: number): void {
    const keepFrom =
      this.#factsOpen < 0 ? this.#windowStart : this.#factsClose >= 0 ? this.#factsClose : this.#at;
    const kept = this.#windowEnd - keepFrom;
    const needed = kept + more;
    const from = keepFrom - this.#windowStart;
    if (needed > this.#window.length) {
      const larger = Buffer.allocUnsafe(Math.max(needed, 2 * this.#window.length));
      this.#window.copy(larger, 0, from, from + kept);
      this.#window = larger;
    } else if (from > 0) {
      this.#window.copyWithin(0, from, from + kept);
    }
    this.#windowStart = keepFrom;
  }

  /** Scans and parses as far as the bytes held allow; `complete` once the last byte is in. */
  #advance(complete: boolean): void {
    try {
      this.#scan(complete);
    } catch {
      // An element JSON.parse refused: the plain parse of the whole text will word the error.
      this.#fallBack();
    }
  }

  /**
   * One step at a time until the bytes run out (wait for more) or the shape is not ours (fall back). Positions
   * inside are indices into the window; `#at`, `#factsOpen` and `#factsClose` are kept as positions in the file.
   */
  #scan(complete: boolean): void {
    const bytes = this.#window;
    const base = this.#windowStart;
    // The end of what may be read now; a value running up to it may go on in the next chunk.
    const end = this.#windowEnd - base;
    for (;;) {
      const i = skipWhitespace(bytes, this.#at - base, end);
      if (i >= end) return;
      const c = bytes[i];
      switch (this.#expect) {
        case "object":
          if (c !== OPEN_BRACE) {
            this.#fallBack();
            return;
          }
          this.#at = base + i + 1;
          this.#expect = "member";
          break;
        case "member": {
          if (c === CLOSE_BRACE) {
            this.#at = base + i + 1;
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
            // Nothing before the facts has been let go yet: the window starts at the file's first byte.
            this.#head = bytes.toString("utf8", 0, value);
            this.#factsOpen = base + value;
            this.#at = base + value + 1;
            this.#expect = "element";
            this.#firstElement = true;
            break;
          }
          const valueEnd = valueEndAt(bytes, value, end, complete);
          if (valueEnd === INCOMPLETE) return;
          this.#at = base + valueEnd;
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
          this.#at = base + i + 1;
          break;
        case "element": {
          if (c === CLOSE_BRACKET && this.#firstElement) {
            this.#closeFacts(base + i + 1);
            break;
          }
          if (c !== OPEN_BRACE) {
            this.#fallBack();
            return;
          }
          // The first fact alone, fact by fact: its whole text gives the separator the runs after it are cut at.
          const runEnd = this.#firstElement ? INCOMPLETE : this.#parseRun(i, end);
          if (runEnd !== INCOMPLETE) {
            this.#at = base + runEnd;
            this.#expect = "afterElement";
            break;
          }
          const elementEnd = valueEndAt(bytes, i, end, complete);
          if (elementEnd === INCOMPLETE) return;
          if (this.#firstElement) this.#runSeparator = runSeparator(bytes, i, elementEnd);
          // An ASCII slice decodes to a one-byte string: half the memory of the whole file's two-byte text.
          this.#facts.push(JSON.parse(bytes.toString("utf8", i, elementEnd)));
          this.#at = base + elementEnd;
          this.#expect = "afterElement";
          break;
        }
        case "afterElement":
          if (c === COMMA) {
            this.#expect = "element";
            this.#firstElement = false;
            this.#at = base + i + 1;
          } else if (c === CLOSE_BRACKET) {
            this.#closeFacts(base + i + 1);
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

  /**
   * Parses the facts from `start` (a fact's `{`, an index into the window) up to a cut about `RUN_BYTES` on, in
   * one `JSON.parse` of `[…]`: no byte-by-byte scan in JavaScript and no string per fact, which together cost a
   * fifth of the parse. The cut is the next place the bytes read `},{"<the first fact's first key>":`, found by a
   * native search; it may also stand inside a fact (an inner object with that key) or inside a string, and then
   * the run does not parse: a text that parses as `[…]` from the start of a fact is exactly the facts up to a
   * fact's end, because the grammar reads those bytes the same way inside the whole file and no proper prefix of
   * an object is a complete value. Returns the index just past the run's last fact, or INCOMPLETE to go fact by
   * fact instead.
   */
  #parseRun(start: number, end: number): number {
    const separator = this.#runSeparator;
    if (separator === null || this.#runFailures >= RUN_FAILURES_ALLOWED) return INCOMPLETE;
    const bytes = this.#window;
    // Only the bytes that have arrived: the rest of the window is not yet written and may hold anything.
    const arrived = bytes.subarray(0, Math.min(end, start + RUN_BYTES_MOST));
    let cut = arrived.indexOf(separator, Math.min(start + RUN_BYTES, arrived.length));
    if (cut < 0) cut = arrived.indexOf(separator, start + 1);
    if (cut < 0) return INCOMPLETE;
    let run: unknown;
    try {
      run = JSON.parse(`[${bytes.toString("utf8", start, cut + 1)}]`);
    } catch {
      this.#runFailures++;
      return INCOMPLETE;
    }
    const facts = run as unknown[];
    // An element that is not an object is left to the fact-by-fact scan, which falls back to the plain parse.
    for (let k = 0; k < facts.length; k++) {
      const fact = facts[k];
      if (typeof fact !== "object" || fact === null || Array.isArray(fact)) {
        this.#runFailures = RUN_FAILURES_ALLOWED;
        return INCOMPLETE;
      }
    }
    for (let k = 0; k < facts.length; k++) this.#facts.push(facts[k]);
    return cut + 1;
  }

  #closeFacts(after: number): void {
    this.#factsClose = after;
    this.#at = after;
    this.#expect = "afterValue";
  }

  /** From here on only the plain parse of the whole text: nothing more is held or scanned. */
  #fallBack(): void {
    this.#expect = "fallback";
    this.#window = Buffer.alloc(0);
    this.#windowStart = this.#windowEnd;
    this.#facts.length = 0;
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

/**
 * `},` followed by the bytes of the fact at [at, end) from its `{` through its first key and colon, when the fact
 * is written compactly (`{"schoolId":`), as the CLI writes datasets; null otherwise (no runs, fact by fact).
 */
function runSeparator(bytes: Buffer, at: number, end: number): Buffer | null {
  if (bytes[at + 1] !== QUOTE) return null;
  const keyEnd = stringEnd(bytes, at + 1, end);
  if (keyEnd === INCOMPLETE || keyEnd >= end || bytes[keyEnd] !== COLON) return null;
  return Buffer.concat([Buffer.from("},"), bytes.subarray(at, keyEnd + 1)]);
}

/** Whether the string token at [start, end) (quotes included) reads `name`, escapes decoded. */
function isKey(bytes: Buffer, start: number, end: number, name: string): boolean {
  const raw = bytes.toString("utf8", start + 1, end - 1);
  return raw.includes("\\") ? JSON.parse(bytes.toString("utf8", start, end)) === name : raw === name;
}
