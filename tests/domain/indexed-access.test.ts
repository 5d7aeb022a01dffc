// The asserting accessor: an element that is there comes back as it is; a missing one is a loud bug, never NaN.
import { describe, expect, it } from "vitest";
import { at, numberAt } from "../../functions/src/domain/indexed-access.js";

describe("at", () => {
  it("returns what is there, falsy values included", () => {
    expect(at([10, 0, 30], 1)).toBe(0);
    expect(at(new Float64Array([1.5, Number.NaN]), 1)).toBeNaN();
    expect(at(["", "b"], 0)).toBe("");
    expect(at([null], 0)).toBeNull();
    expect(at(new Map([["a", 0]]), "a")).toBe(0);
  });

  it.each([
    ["past the end", () => at([1, 2], 2)],
    ["a negative index", () => at([1, 2], -1)],
    ["past the end of a typed array", () => at(new Int32Array(3), 3)],
    ["a hole", () => at(new Array<number>(3), 1)],
    ["a key the map does not have", () => at(new Map([["a", 1]]), "b")],
  ])("throws a RangeError for %s", (_name, read) => {
    expect(read).toThrow(RangeError);
  });
});

describe("numberAt", () => {
  it("reads the typed arrays of the numeric kernels and refuses a missing element", () => {
    expect(numberAt(new Float64Array([0.5, 2]), 1)).toBe(2);
    expect(numberAt(new Int32Array([7]), 0)).toBe(7);
    expect(numberAt(new Uint8Array(2), 1)).toBe(0);
    expect(() => numberAt(new Float64Array(2), 2)).toThrow(RangeError);
    expect(() => numberAt(new Int32Array(2), -1)).toThrow(RangeError);
  });
});
