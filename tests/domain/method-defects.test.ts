// The defects an independent re-implementation found in method 2026.1 (issue 12 §4), each pinned by what a coordinator sees.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import {
  DEFAULT_SETTINGS,
  type MethodologySettings,
} from "../../functions/src/contract/methodology-settings.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results, SchoolResult } from "../../functions/src/contract/results.js";
import { assignCluster } from "../../functions/src/domain/clusters.js";
import { computeCompositeIndex, readIndicators } from "../../functions/src/domain/composite-index.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import {
  adverseSocialConditions,
  clusterBottom,
  resilient,
  type SchoolTimeline,
} from "../../functions/src/domain/identification-rules.js";
import type { ComponentDefinition, IndicatorCell } from "../../functions/src/domain/indicators.js";
import { ordinarySchools, type SchoolSpec, territory } from "./territory-fixture.js";

function computeDataset(dataset: Dataset): Results {
  const parsed = parseDataset(structuredClone(dataset));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  const outcome = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!outcome.success) throw new Error(outcome.error.message);
  return outcome.data;
}

function school(results: Results, id: string): SchoolResult {
  const found = results.schools.find((s) => s.schoolId === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

describe("1. a component equal for all schools scores 0 for all", () => {
  type Row = { id: string; num: number; den: number };
  const definition = (kind: "share" | "mean"): ComponentDefinition<string> => ({
    key: "c",
    direction: 1,
    extract: (cell: IndicatorCell, row: unknown) => {
      const r = row as Row;
      cell.kind = kind;
      cell.num = r.num;
      cell.den = r.den;
      return true;
    },
  });
  const settings = {
    weights: { c: 1 },
    minComponents: 1,
    minN: 10,
    priorStrength: 10,
    lowConfidenceWeightShare: 0.5,
  };
  /** How often the naive σ of the shrunk values was rounding noise above 0: the property must not be vacuous. */
  let noisy = 0;

  it("same share over different denominators, and the same mean over different participants", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<"share" | "mean">("share", "mean"),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 10, max: 97 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 40 }),
        (kind, a, b, multiples) => {
          // share a/b with n = b·k; mean a + b/100 with n = k
          const rows: Row[] = multiples.map((k, i) =>
            kind === "share"
              ? { id: `s${i}`, num: a * k, den: b * k }
              : { id: `s${i}`, num: a + b / 100, den: k },
          );
          const matrix = readIndicators(
            rows,
            (r) => r.id,
            [definition(kind)],
            (cell, r, d) => d.extract(cell, r as never, {} as never, {} as never),
          );
          const index = computeCompositeIndex(matrix, settings, [null]);
          const shrunk = rows.map((r) => {
            const p0 = kind === "share" ? a / b : a + b / 100;
            return kind === "share"
              ? (r.num + 10 * p0) / (r.den + 10)
              : (r.den * r.num + 10 * p0) / (r.den + 10);
          });
          const mu = shrunk.reduce((x, y) => x + y, 0) / shrunk.length;
          if (Math.sqrt(shrunk.reduce((x, y) => x + (y - mu) ** 2, 0) / shrunk.length) > 0) noisy++;
          for (const outcome of index.bySchool.values()) {
            expect(outcome.components[0]?.score).toBe(0);
            expect(outcome.weightedScore).toBe(0);
          }
          // All tie, so all share one percentile: 50.
          expect(new Set([...index.bySchool.values()].map((o) => o.percentile))).toEqual(new Set([50]));
        },
      ),
      { numRuns: 300 },
    );
    expect(noisy, "no run produced the floating-point noise the tolerance is for").toBeGreaterThan(0);
  });
});

/** Just enough of a school's timeline for the rules that read percentiles. */
function timeline(parts: {
  social?: number;
  results?: number;
  place?: number;
  flags?: string[];
}): SchoolTimeline {
  const social = parts.social === undefined ? null : { percentile: parts.social, lowConfidence: false };
  const results = parts.results === undefined ? null : { percentile: parts.results, lowConfidence: false };
  const current = { social, results, flags: parts.flags ?? [], objectivity: { suspicious: false } };
  const ranked =
    parts.place === undefined
      ? []
      : [{ year: "2025/2026", a: current, place: { percentile: parts.place, position: 8, size: 8 } }];
  return {
    year: "2025/2026",
    current,
    ranked,
    rankedNow: ranked.length > 0,
    history: [],
    schoolId: "x",
  } as unknown as SchoolTimeline;
}

describe("2. the value shown and the threshold agree", () => {
  it("a social index shown as 15 is not «в нижних 15%»; 14,9 is", () => {
    expect(adverseSocialConditions(timeline({ social: 14.96 }), DEFAULT_SETTINGS)).toEqual([]);
    expect(adverseSocialConditions(timeline({ social: 14.94 }), DEFAULT_SETTINGS)[0]?.code).toBe(
      "social_bottom",
    );
  });

  it("a results index shown as 50 is not «ниже 50% школ территории»", () => {
    expect(clusterBottom(timeline({ results: 49.96, place: 5 }), DEFAULT_SETTINGS)).toBeNull();
    expect(clusterBottom(timeline({ results: 49.94, place: 5 }), DEFAULT_SETTINGS)).not.toBeNull();
  });

  it("a results index shown as 75 is in the top quarter, and a threshold set as 0,07 cuts at exactly 7", () => {
    expect(resilient(timeline({ social: 10, results: 74.96, place: 90 }), DEFAULT_SETTINGS)?.code).toBe(
      "resilient",
    );
    const seven: MethodologySettings = {
      ...DEFAULT_SETTINGS,
      adverseSocial: { ...DEFAULT_SETTINGS.adverseSocial, territoryShare: 0.07 },
    };
    // 0.07 × 100 is 7.000000000000001 in floating point: a school shown with 7 would have been «в нижних 7%».
    expect(adverseSocialConditions(timeline({ social: 7 }), seven)).toEqual([]);
  });
});

describe("3. «подряд» only when the years follow each other", () => {
  const base = ordinarySchools(20);

  it("rule A over 2023/2024 and 2025/2026 says so, not «2 года подряд»", () => {
    const results = computeDataset(
      territory([...base, { id: "x", conditions: 0.5, results: [0.05, null, 0.05] }]),
    );
    const x = school(results, "x");
    expect(x.categories).toContain("lowResults");
    const text = x.reasons.find((r) => r.code === "cluster_bottom")?.text ?? "";
    expect(text).toContain("в 2023/2024 и 2025/2026");
    expect(text).not.toContain("подряд");
  });

  it("rule B over a gap names both years, and consecutive years still read «два года подряд»", () => {
    const gap: SchoolSpec = {
      id: "x",
      conditions: 0.9,
      results: [0.6, null, 0.55],
      failShares: [0.4, null, 0.4],
    };
    const text = school(computeDataset(territory([...base, gap])), "x").reasons.find(
      (r) => r.code === "below_minimum",
    )?.text;
    expect(text).toContain(
      "на той же процедуре в 2023/2024 и 2025/2026 (в промежутке результатов процедур нет)",
    );
    const running = { ...gap, results: [0.6, 0.6, 0.55], failShares: [null, 0.4, 0.4] };
    const text2 = school(computeDataset(territory([...base, running])), "x").reasons.find(
      (r) => r.code === "below_minimum",
    )?.text;
    expect(text2).toContain("на той же процедуре два года подряд");
  });

  it("one bad year after a gap names the earlier year instead of «в прошлом году»", () => {
    const x = school(
      computeDataset(territory([...base, { id: "x", conditions: 0.5, results: [0.6, null, 0.05] }])),
      "x",
    );
    const text = x.reasons.find((r) => r.code === "one_bad_year")?.text ?? "";
    expect(text).toContain("в 2023/2024 (предыдущий год с данными) результаты были выше");
  });
});

describe("4. the ГИА index of the objectivity screen needs objectivity.giaMinComponents components", () => {
  /** School x: strong ВПР, and of the ГИА only a weak ОГЭ in Russian. */
  function withOneGiaValue(methodology?: Record<string, unknown>): Dataset {
    const dataset = territory(
      [...ordinarySchools(20), { id: "x", conditions: 0.5, results: [0.1, 0.1, 0.1], vprQuality: 0.95 }],
      methodology,
    );
    for (const fact of dataset.facts) {
      if (fact.schoolId !== "x") continue;
      delete fact.ege;
      // ОГЭ in Russian without its «2» count: one component (its failures would make a second, «ОГЭ: доля «2»»).
      fact.oge = fact.oge?.filter((o) => o.subject === "russian").map(({ failed: _, ...o }) => o);
    }
    return dataset;
  }

  it("one ОГЭ value does not say the ГИА fails to confirm the ВПР (default 2)", () => {
    expect(school(computeDataset(withOneGiaValue()), "x").objectivity.suspicious).toBe(false);
  });

  it("with the minimum set to 1 it does, as method 2026.1 did", () => {
    const x = school(computeDataset(withOneGiaValue({ objectivity: { giaMinComponents: 1 } })), "x");
    expect(x.objectivity.reasons.join(" ")).toContain("ГИА этого не подтверждает");
  });
});

describe("6. cluster boundaries are 100/3 and 200/3", () => {
  it("a Hazen percentile exactly on 100/3 is in the middle group, 33,3 below it", () => {
    const onBoundary = (100 * (8.5 - 0.5)) / 24; // 24 schools, ranks 8 and 9 tied
    expect(assignCluster(undefined, onBoundary, 3)).toBe("Средний ИСБ");
    expect(assignCluster(undefined, 33.3, 3)).toBe("Низкий ИСБ");
    expect(assignCluster(undefined, (100 * (16.5 - 0.5)) / 24, 3)).toBe("Высокий ИСБ");
    expect(assignCluster(undefined, 66.6, 3)).toBe("Средний ИСБ");
  });
});
