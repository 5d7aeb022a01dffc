// Dataset v1 file bytes → the JSON value, facts parsed one at a time, so a region's 200 MB file never becomes one 400 MB string.

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

/**
 * `JSON.parse` of the UTF-8 text of `bytes`: the same value, or the same `SyntaxError` (same message).
 *
 * Why not simply `JSON.parse(text)`: one non-ASCII letter (a school's name) makes V8 decode the whole file into
 * a two-byte string, twice the file's size, and the decoding alone costs about as much as the parse. Here the
 * elements of the top-level `facts` array (nearly all of a region's file, and all ASCII in practice) are cut out
 * of the bytes and parsed one by one, each decoded on its own; the rest of the file is parsed with `facts: []`
 * in the facts' place and the list is put back. Cutting happens only at the structural bytes `{ } [ ] , :`
 * outside strings, so no UTF-8 sequence is ever split. Whenever the file is not exactly that shape (no `facts`
 * array, the key twice, an element that is not an object, any syntax error), it falls back to the plain parse
 * of the whole text, so a broken file is reported exactly as before. O(file size).
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let value: unknown;
  try {
    value = parseWithFactsApart(buffer);
  } catch {
    value = undefined;
  }
  return value === undefined ? JSON.parse(buffer.toString("utf8")) : value;
}

/** The value with its facts parsed one by one, or undefined when the file is not a `{…, "facts": [{…}, …], …}`. */
function parseWithFactsApart(bytes: Buffer): unknown {
  const end = bytes.length;
  let i = skipWhitespace(bytes, 0);
  if (bytes[i] !== OPEN_BRACE) return undefined;
  i = skipWhitespace(bytes, i + 1);
  let factsOpen = -1;
  let factsClose = -1;
  let facts: unknown[] = [];
  while (bytes[i] !== CLOSE_BRACE) {
    if (bytes[i] !== QUOTE) return undefined;
    const keyStart = i;
    i = stringEnd(bytes, i);
    const isFacts = isKey(bytes, keyStart, i, "facts");
    i = skipWhitespace(bytes, i);
    if (bytes[i] !== COLON) return undefined;
    i = skipWhitespace(bytes, i + 1);
    if (isFacts) {
      if (factsOpen >= 0 || bytes[i] !== OPEN_BRACKET) return undefined;
      factsOpen = i;
      const parsed = parseObjectList(bytes, i);
      if (parsed === undefined) return undefined;
      facts = parsed.values;
      i = parsed.next;
      factsClose = i;
    } else {
      i = valueEnd(bytes, i);
    }
    i = skipWhitespace(bytes, i);
    if (bytes[i] === COMMA) i = skipWhitespace(bytes, i + 1);
    else if (bytes[i] !== CLOSE_BRACE) return undefined;
    if (i >= end) return undefined;
  }
  if (factsOpen < 0 || skipWhitespace(bytes, i + 1) !== end) return undefined;
  const rest = JSON.parse(
    `${bytes.toString("utf8", 0, factsOpen)}[]${bytes.toString("utf8", factsClose, end)}`,
  ) as Record<string, unknown>;
  rest.facts = facts;
  return rest;
}

/** `[ {…}, {…} ]` starting at `at`: every element parsed on its own; undefined when an element is not an object. */
function parseObjectList(bytes: Buffer, at: number): { values: unknown[]; next: number } | undefined {
  const values: unknown[] = [];
  let i = skipWhitespace(bytes, at + 1);
  if (bytes[i] === CLOSE_BRACKET) return { values, next: i + 1 };
  for (;;) {
    if (bytes[i] !== OPEN_BRACE) return undefined;
    const next = valueEnd(bytes, i);
    // An ASCII slice decodes to a one-byte string: half the memory of the whole file's two-byte text.
    values.push(JSON.parse(bytes.toString("utf8", i, next)));
    i = skipWhitespace(bytes, next);
    if (bytes[i] === CLOSE_BRACKET) return { values, next: i + 1 };
    if (bytes[i] !== COMMA) return undefined;
    i = skipWhitespace(bytes, i + 1);
  }
}

function skipWhitespace(bytes: Buffer, at: number): number {
  let i = at;
  for (;;) {
    const c = bytes[i];
    if (c !== SPACE && c !== LF && c !== CR && c !== TAB) return i;
    i++;
  }
}

/** The index just past the string that opens at `at` (a `"`); a backslash always escapes the next byte. */
function stringEnd(bytes: Buffer, at: number): number {
  const end = bytes.length;
  for (let i = at + 1; i < end; i++) {
    const c = bytes[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return end;
}

/**
 * The index just past the value that starts at `at`: a string, an object or array (brackets counted outside
 * strings), or a literal (up to the next structural byte or whitespace). Exact for valid JSON; for invalid
 * JSON the parse that follows throws.
 */
function valueEnd(bytes: Buffer, at: number): number {
  const end = bytes.length;
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = at; i < end; i++) {
      const c = bytes[i];
      if (c === QUOTE) i = stringEnd(bytes, i) - 1;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
    }
    return end;
  }
  let i = at;
  while (i < end) {
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
      break;
    i++;
  }
  return i;
}

/** Whether the string token at [start, end) (quotes included) reads `name`, escapes decoded. */
function isKey(bytes: Buffer, start: number, end: number, name: string): boolean {
  const raw = bytes.toString("utf8", start + 1, end - 1);
  return raw.includes("\\") ? JSON.parse(bytes.toString("utf8", start, end)) === name : raw === name;
}
