// The dataset file parser that takes the facts apart gives exactly what JSON.parse gives: same value, same error.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DatasetJsonReader, parseJsonBytes } from "../../functions/src/contract/dataset-json.js";
import { parseDatasetJson } from "../../functions/src/contract/parse-dataset.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

/** What the old reader did: decode the whole file, then JSON.parse; the value, or the error's message. */
function plain(bytes: Buffer): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(bytes.toString("utf8")) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function split(bytes: Buffer): { value: unknown } | { error: string } {
  try {
    return { value: parseJsonBytes(bytes) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The reader fed the bytes in chunks of the given sizes (repeated), as a file read arrives: each chunk through one
 * buffer that is filled with other bytes as soon as the reader has it, as the CLI's reads reuse their buffers.
 */
function chunked(bytes: Buffer, sizes: readonly number[]): { value: unknown } | { error: string } {
  const reader = new DatasetJsonReader(() => bytes);
  const reused = Buffer.alloc(Math.max(...sizes));
  let available = 0;
  for (let k = 0; available < bytes.length; k++) {
    const size = Math.min(sizes[k % sizes.length] ?? 1, bytes.length - available);
    bytes.copy(reused, 0, available, available + size);
    reader.push(reused.subarray(0, size));
    reused.fill("}],{x");
    available += size;
  }
  try {
    return { value: reader.finish() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Same value, with the keys in the same order (the results echo the dataset's key order nowhere, but be exact). */
function expectSame(text: string | Buffer): void {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const want = plain(bytes);
  const got = split(bytes);
  expect(got).toStrictEqual(want);
  if ("value" in want && "value" in got) expect(JSON.stringify(got.value)).toBe(JSON.stringify(want.value));
  // Byte by byte, and in uneven chunks: every cut of a value across two chunks is met somewhere.
  for (const sizes of [[1], [3, 1, 7], [64]]) {
    const fed = chunked(bytes, sizes);
    expect(fed).toStrictEqual(want);
    if ("value" in want && "value" in fed) expect(JSON.stringify(fed.value)).toBe(JSON.stringify(want.value));
  }
}

describe("parseJsonBytes", () => {
  const files: [string, string][] = [
    ["a dataset with facts between other keys", '{"format":"x","facts":[{"a":1},{"b":"Сосновская"}],"z":[]}'],
    ["whitespace of every kind", '\r\n\t{ "facts" :\n[ {"a" : [1, {"b":2}]} ,\t{ } ] , "k" : "v" }\n'],
    ["no facts key", '{"schools":[{"id":"a"}]}'],
    ["an empty facts list", '{"facts":[]}'],
    ["facts that is not a list", '{"facts":{"a":1}}'],
    ["a fact that is not an object", '{"facts":[{"a":1},2,null]}'],
    ["the facts key twice: the last one wins", '{"facts":[{"a":1}],"facts":[{"b":2}]}'],
    ["the facts key written with an escape", '{"f\\u0061cts":[{"a":1}],"facts":[{"b":2}]}'],
    ["braces and quotes inside strings", '{"facts":[{"t":"}]\\"{[","u":"\\\\"},{"v":"\\\\\\""}]}'],
    ["a key named facts inside a fact", '{"facts":[{"facts":[{"x":1}]}]}'],
    // `},{"<first key>"` stands inside facts too, not only between them: only brackets tell them apart.
    [
      "inner objects that begin with the facts' first key",
      '{"facts":[{"a":[{"a":1},{"a":2}]},{"a":3},{"a":{"a":4}},{"b":5},{"a":[{"a":6}]}],"z":1}',
    ],
    ["facts that begin with different keys", '{"facts":[{"a":1},{"b":2},{"a":3},{"c":{"a":4}},{"a":5}]}'],
    ["the first key's text inside a string value", '{"facts":[{"a":"},{\\"a\\":"},{"a":"x"}]}'],
    ["broken: a stray brace between two runs", '{"facts":[{"a":1},{"a":2}},{"a":3},{"a":4}]}'],
    ["Cyrillic and an astral character in a fact", '{"facts":[{"name":"Михайловская 🏫"}]}'],
    ["a top-level array", '[{"facts":[{"a":1}]}]'],
    ["a top-level scalar", '"facts"'],
    ["broken: missing comma between facts", '{"facts":[{"a":1} {"b":2}]}'],
    ["broken: trailing comma in the facts", '{"facts":[{"a":1},]}'],
    ["broken: trailing comma after the facts", '{"facts":[{"a":1}],}'],
    ["broken: an unclosed fact", '{"facts":[{"a":1},{"b":2]}'],
    ["broken: a bad literal in a fact", '{"facts":[{"a":tru}]}'],
    ["broken: text after the object", '{"facts":[{"a":1}]} x'],
    ["broken: a second object", '{"facts":[]}{"facts":[]}'],
    ["broken: an unterminated string in the head", '{"name":"abc,"facts":[{"a":1}]}'],
    ["broken: cut off in the middle", '{"format":"shnor-dataset","facts":[{"a":1},{"b"'],
    ["broken: nothing at all", ""],
    ["broken: a byte-order mark before the object", '\uFEFF{"facts":[{"a":1}]}'],
  ];
  it.each(files)("%s: same value or same error as JSON.parse", (_name, text) => expectSame(text));

  it("treats invalid UTF-8 inside a fact as the whole-file decoder does", () => {
    const bytes = Buffer.concat([
      Buffer.from('{"facts":[{"name":"a'),
      Buffer.from([0xd0, 0xff, 0xc3]),
      Buffer.from('"}],"x":"'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('"}'),
    ]);
    expectSame(bytes);
  });

  it("parses the facts while the file is still arriving, not after its last byte", () => {
    const dataset = generateSampleTerritory({ schools: 30, years: 3, seed: 11 });
    const bytes = Buffer.from(JSON.stringify(dataset));
    const reader = new DatasetJsonReader(() => bytes);
    // The references, roadmap and meetings follow the facts: once the facts' bytes are in, every fact is parsed.
    const factsEnd = bytes.indexOf('],"references"');
    expect(factsEnd).toBeGreaterThan(0);
    let mostHeld = 0;
    const factsStart = bytes.indexOf('"facts":[');
    for (let at = 0; at < factsEnd; at += 4096) {
      reader.push(bytes.subarray(at, Math.min(at + 4096, factsEnd)));
      if (at > factsStart) mostHeld = Math.max(mostHeld, reader.bytesHeld);
    }
    expect(reader.factsParsed).toBe(dataset.facts.length);
    // Once the facts begin, only what is not yet parsed is held: never the file, at most a chunk and a fact or two.
    expect(factsEnd - factsStart).toBeGreaterThan(100_000);
    expect(mostHeld).toBeLessThan(4096 + 2 * 2_000);
    reader.push(bytes.subarray(factsEnd));
    expect(reader.finish()).toStrictEqual(JSON.parse(bytes.toString()));
  });

  it("gives the same value fed in chunks of any size (fast-check)", () => {
    const text = JSON.stringify(generateSampleTerritory({ schools: 3, years: 2, seed: 5 }), null, 1);
    const bytes = Buffer.from(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        expect(chunked(bytes, sizes)).toStrictEqual({ value: JSON.parse(text) });
      }),
      { numRuns: 50 },
    );
  });

  it("gives the same value for a compact file, as the CLI writes it, fed in chunks of any size (fast-check)", () => {
    const text = JSON.stringify(generateSampleTerritory({ schools: 6, years: 2, seed: 5 }));
    const bytes = Buffer.from(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2_000 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        expect(chunked(bytes, sizes)).toStrictEqual({ value: JSON.parse(text) });
      }),
      { numRuns: 50 },
    );
  });

  it("gives JSON.parse's value for any JSON object with a facts list (fast-check)", () => {
    const json = fc.jsonValue();
    const dataset = fc.record(
      {
        before: fc.dictionary(fc.string(), json, { maxKeys: 3 }),
        facts: fc.array(fc.dictionary(fc.string(), json, { maxKeys: 4 }), { maxLength: 6 }),
        after: fc.dictionary(fc.string(), json, { maxKeys: 3 }),
      },
      { requiredKeys: ["before", "facts", "after"] },
    );
    const spaces = fc.constantFrom(0, 1, "\t", " \n ");
    fc.assert(
      fc.property(dataset, spaces, ({ before, facts, after }, indent) => {
        const text = JSON.stringify({ ...before, facts, ...after }, null, indent);
        expectSame(text);
      }),
      { numRuns: 300 },
    );
  });

  it("gives JSON.parse's value or error for a dataset file broken anywhere, compact or indented (fast-check)", () => {
    // Facts that mostly begin with the same key (runs are cut at `},{"schoolId":`), with that separator, brackets
    // and Cyrillic inside their strings; then bytes deleted, inserted, repeated or cut off at random places.
    const fact = fc.record({
      schoolId: fc.constantFrom("a", '},{"schoolId":', "Ж]"),
      year: fc.constantFrom("2024/2025", "}],{"),
      n: fc.oneof(fc.integer(), fc.constant([{ schoolId: 1 }, { schoolId: 2 }])),
    });
    const facts = fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fact },
        {
          weight: 1,
          arbitrary: fc.dictionary(fc.constantFrom("b", "facts"), fc.jsonValue(), { maxKeys: 2 }),
        },
      ),
      { maxLength: 6 },
    );
    const file = (list: unknown[], indent: string | number) =>
      JSON.stringify({ format: "shnor-dataset", facts: list, z: [{ facts: [] }] }, null, indent);
    const inserted = fc.constantFrom(
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      '"',
      "\\",
      " ",
      "\r\n",
      '},{"schoolId":',
      "Ж",
    );
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom("delete", "insert", "repeat", "cut"),
      text: inserted,
      length: fc.nat(12),
    });
    const spaces = fc.constantFrom(0, 0, 1, "\t");
    const seen = new Set<string>();
    fc.assert(
      fc.property(facts, spaces, fc.array(edit, { maxLength: 3 }), (list, indent, edits) => {
        let text = file(list, indent);
        for (const { at, kind, text: piece, length } of edits) {
          const i = at % (text.length + 1);
          if (kind === "delete") text = text.slice(0, i) + text.slice(i + 1);
          else if (kind === "insert") text = text.slice(0, i) + piece + text.slice(i);
          else if (kind === "repeat") text = text.slice(0, i + length) + text.slice(i);
          else text = text.slice(0, i);
        }
        expectSame(text);
        seen.add("value" in plain(Buffer.from(text)) ? "value" : "error");
      }),
      { numRuns: 500 },
    );
    // Not vacuous: both intact files and broken ones were met.
    expect([...seen].sort()).toStrictEqual(["error", "value"]);
    // Every structural byte of a file swapped for every other one: where a scanner taking the file apart could err.
    fc.assert(
      fc.property(facts, spaces, (list, indent) => {
        const text = file(list, indent);
        for (const { index } of text.matchAll(/[{}[\],:]/g))
          for (const swapped of "{}[],:") expectSame(text.slice(0, index) + swapped + text.slice(index + 1));
      }),
      { numRuns: 15 },
    );
  });

  it("holds a file of another shape once, not twice, while it is parsed again whole", () => {
    // A results file passed as --input by mistake: no `facts`, so nothing is parsed as it arrives and the plain parse
    // reads the file again; the bytes the reader kept meanwhile must be let go before that second copy is made.
    const bytes = Buffer.from(
      JSON.stringify({ schools: Array.from({ length: 20_000 }, (_, i) => ({ schoolId: `s-${i}` })) }),
    );
    let heldAtReread = -1;
    const reader: DatasetJsonReader = new DatasetJsonReader(() => {
      heldAtReread = reader.bytesHeld;
      return bytes;
    });
    for (let at = 0; at < bytes.length; at += 65_536) reader.push(bytes.subarray(at, at + 65_536));
    expect(reader.bytesHeld).toBe(bytes.length);
    expect(reader.finish()).toStrictEqual(JSON.parse(bytes.toString()));
    expect(heldAtReread).toBe(0);
  });

  it("reads a sample territory file as JSON.parse does, and the dataset check agrees", () => {
    const dataset = generateSampleTerritory({ schools: 40, years: 3, seed: 11 });
    const text = JSON.stringify(dataset);
    expectSame(text);
    expect(parseDatasetJson(Buffer.from(text))).toStrictEqual(parseDatasetJson(text));
  });

  it("words a broken file exactly as before: «это не JSON» with the parser's message", () => {
    const text = '{"format":"shnor-dataset","version":1,"facts":[{"schoolId":"a"},]}';
    const fromBytes = parseDatasetJson(Buffer.from(text));
    expect(fromBytes).toStrictEqual(parseDatasetJson(text));
    expect(fromBytes.success).toBe(false);
    if (!fromBytes.success) expect(fromBytes.error.issues[0]?.message).toMatch(/^это не JSON: /);
  });
});
