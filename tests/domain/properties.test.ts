// Property tests (fast-check) of the invariants a coordinator relies on: order, scale, monotonicity, determinism.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { type SchoolSpec, territory } from "./territory-fixture.js";

function run(dataset: Dataset): Results {
  const parsed = parseDataset(dataset);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  const outcome = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!outcome.success) throw new Error(outcome.error.message);
  return outcome.data;
}

const level = fc.double({ min: 0.05, max: 0.95, noNaN: true });
const specArb = (id: string): fc.Arbitrary<SchoolSpec> =>
  fc.record({
    id: fc.constant(id),
    conditions: fc.double({ min: 0, max: 1, noNaN: true }),
    results: fc.tuple(level, level, level),
    participants: fc.integer({ min: 4, max: 40 }),
    students: fc.integer({ min: 40, max: 900 }),
    smallSchool: fc.boolean(),
    flags: fc.record({
      remote: fc.boolean(),
      infrastructureDeficit: fc.boolean(),
      missingSpecialists: fc.integer({ min: 0, max: 3 }),
    }),
  });

const territoryArb = fc
  .integer({ min: 12, max: 28 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => specArb(`s${String(i).padStart(2, "0")}`))));

/** Fisher–Yates with fast-check's randomness, so a failure is reproducible from its seed. */
function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (keys[i % keys.length] as number) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const NOT_COUNTS = new Set(["meanScore", "meanGrade", "grade", "year", "schoolId", "subject"]);

/** Multiplies every count of the facts by `k`: shares stay the same, only the sample sizes grow. */
function scaleCounts(value: unknown, k: number, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => scaleCounts(v, k));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key2, v]) => [key2, scaleCounts(v, k, key2)]));
  }
  if (typeof value === "number" && Number.isInteger(value) && !NOT_COUNTS.has(key)) return value * k;
  return value;
}

const runs = { numRuns: 25 };

describe("invariants of the identification", () => {
  it("the order of schools and facts changes nothing, to the byte", () => {
    fc.assert(
      fc.property(territoryArb, fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), (specs, keys) => {
        const dataset = territory(specs);
        const reordered = {
          ...dataset,
          schools: shuffled(dataset.schools, keys),
          facts: shuffled(dataset.facts, [...keys].reverse()),
        };
        expect(JSON.stringify(run(reordered))).toBe(JSON.stringify(run(dataset)));
      }),
      runs,
    );
  });

  it("the same input gives the same output", () => {
    fc.assert(
      fc.property(territoryArb, (specs) => {
        expect(JSON.stringify(run(territory(specs)))).toBe(JSON.stringify(run(territory(specs))));
      }),
      { numRuns: 10 },
    );
  });

  it("scaling every count ×10 keeps every share and mean", () => {
    fc.assert(
      fc.property(territoryArb, (specs) => {
        const dataset = territory(specs);
        const scaled = { ...dataset, facts: scaleCounts(dataset.facts, 10) as Dataset["facts"] };
        const a = run(dataset);
        const b = run(scaled);
        a.schools.forEach((s, i) => {
          const t = b.schools[i];
          for (const index of ["socialIndex", "resultsIndex"] as const) {
            const before = s[index]?.components.map((c) => c.value) ?? [];
            const after = t?.[index]?.components.map((c) => c.value) ?? [];
            expect(after).toEqual(before);
          }
        });
      }),
      runs,
    );
  });

  it("worsening a ШНОР school's results never removes it from the list", () => {
    let checked = 0;
    fc.assert(
      fc.property(territoryArb, fc.double({ min: 0.01, max: 0.3, noNaN: true }), (specs, delta) => {
        const before = run(territory(specs));
        const listed = before.schools
          .filter((s) => s.categories.includes("lowResults"))
          .map((s) => s.schoolId);
        for (const id of listed) {
          checked++;
          const worse = specs.map((s) =>
            s.id === id ? { ...s, results: s.results.map((r) => Math.max(0, (r ?? 0) - delta)) } : s,
          );
          const after = run(territory(worse));
          expect(after.schools.find((s) => s.schoolId === id)?.categories).toContain("lowResults");
        }
      }),
      runs,
    );
    // The property must have been exercised, not passed vacuously on territories without ШНОР.
    expect(checked).toBeGreaterThan(0);
  });

  it("improving an unlisted school's results never puts it on the ШНОР list", () => {
    fc.assert(
      fc.property(
        territoryArb,
        fc.nat(),
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        (specs, pick, delta) => {
          const before = run(territory(specs));
          const unlisted = before.schools.filter((s) => !s.categories.includes("lowResults"));
          const target = unlisted[pick % unlisted.length];
          if (!target) return;
          const better = specs.map((s) =>
            s.id === target.schoolId
              ? { ...s, results: s.results.map((r) => Math.min(1, (r ?? 0) + delta)) }
              : s,
          );
          const after = run(territory(better));
          expect(after.schools.find((s) => s.schoolId === target.schoolId)?.categories).not.toContain(
            "lowResults",
          );
        },
      ),
      runs,
    );
  });
});
