// Table-driven checks of the small statistics the indices rest on: percentiles, shrinkage, least squares.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber, formatShare, round } from "../../functions/src/domain/number-format.js";
import { shrinkMean, shrinkShare } from "../../functions/src/domain/shrinkage.js";
import {
  competitionPositions,
  hazenPercentiles,
  leastSquaresLine,
} from "../../functions/src/domain/statistics.js";

describe("hazenPercentiles", () => {
  it.each([
    { values: [10, 20, 20, 40], expected: [12.5, 50, 50, 87.5] },
    { values: [5], expected: [50] },
    { values: [3, 1, 2], expected: [250 / 3, 50 / 3, 50] },
    { values: [7, 7, 7], expected: [50, 50, 50] },
  ])("$values → $expected", ({ values, expected }) => {
    const got = hazenPercentiles(Object.freeze([...values]));
    got.forEach((p, i) => {
      expect(p).toBeCloseTo(expected[i] as number, 9);
    });
  });
});

describe("competitionPositions", () => {
  it.each([
    { values: [5, 9, 9, 1], expected: [3, 1, 1, 4] },
    { values: [2], expected: [1] },
    { values: [0, -0, 0.5], expected: [2, 2, 1] },
  ])("$values → $expected", ({ values, expected }) => {
    expect(competitionPositions(Object.freeze([...values]))).toEqual(expected);
  });
});

describe("a value that is not a number", () => {
  // Never produced by the indices; ranked as the rank tables always did: last, after every number.
  it("ranks NaN after every number, in percentiles and positions, the numbers keeping their ranks", () => {
    // mid-ranks 1, 3 and 2 of n = 3, as 100·(r − 0.5)/n
    expect(hazenPercentiles([1, Number.NaN, 2])).toEqual([(100 * 0.5) / 3, (100 * 2.5) / 3, (100 * 1.5) / 3]);
    expect(competitionPositions([1, Number.NaN, 2])).toEqual([3, 1, 2]);
  });
});

describe("ranks against their definitions (fast-check)", () => {
  // Few distinct values, so ties are common: ties are where a rank function goes wrong.
  const values = fc.array(fc.constantFrom(-1.5, -0, 0, 0.25, 0.25000000000000006, 3, 1e9), { maxLength: 40 });
  it("hazenPercentiles is 100·(mid-rank − 0.5)/n, the mid-rank counting the values below and equal", () => {
    fc.assert(
      fc.property(values, (xs) => {
        const got = hazenPercentiles(xs);
        xs.forEach((v, k) => {
          const below = xs.filter((x) => x < v).length;
          const equal = xs.filter((x) => x === v).length;
          expect(got[k]).toBe((100 * (below + (equal + 1) / 2 - 0.5)) / xs.length);
        });
      }),
    );
  });
  it("competitionPositions is 1 + the number of greater values", () => {
    fc.assert(
      fc.property(values, (xs) => {
        expect(competitionPositions(xs)).toEqual(xs.map((v) => 1 + xs.filter((x) => x > v).length));
      }),
    );
  });
});

describe("shrinkage toward the territory", () => {
  it.each([
    // count, n, territory share, k, expected
    { count: 3, n: 5, p0: 0.1, k: 10, expected: 4 / 15 },
    { count: 300, n: 500, p0: 0.1, k: 10, expected: 301 / 510 },
    { count: 0, n: 0, p0: 0.2, k: 10, expected: 0.2 },
    { count: 3, n: 5, p0: 0.1, k: 0, expected: 0.6 },
  ])("share $count/$n toward $p0 with k=$k", ({ count, n, p0, k, expected }) => {
    expect(shrinkShare(count, n, p0, k)).toBeCloseTo(expected, 12);
  });

  it("pulls a small school's mean much further than a large school's", () => {
    const small = shrinkMean(40, 4, 60, 10);
    const large = shrinkMean(40, 400, 60, 10);
    expect(small).toBeCloseTo(760 / 14, 9);
    expect(60 - small).toBeGreaterThan(10 * (large - 40));
  });
});

describe("leastSquaresLine", () => {
  it("recovers an exact line", () => {
    const line = leastSquaresLine([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(line?.a).toBeCloseTo(1, 12);
    expect(line?.b).toBeCloseTo(2, 12);
  });
  it("refuses too few points or a constant x", () => {
    expect(leastSquaresLine([1, 2], [1, 2])).toBeNull();
    expect(leastSquaresLine([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe("Russian number format", () => {
  it.each([
    { value: 12.345, digits: 1, text: "12,3" },
    { value: 12, digits: 1, text: "12" },
    { value: -0.04, digits: 1, text: "0" },
    { value: 2.5, digits: 0, text: "3" },
  ])("$value → $text", ({ value, digits, text }) => {
    expect(formatNumber(value, digits)).toBe(text);
  });
  it("shares as percent", () => {
    expect(formatShare(0.3456)).toBe("34,6%");
    expect(round(-2.5, 0)).toBe(-3);
  });
});
