// Mentor pairs: capacities, pins, no listed mentor, social closeness, honesty when nobody fits, determinism.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  type MethodologySettings,
} from "../../functions/src/contract/methodology-settings.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { distanceKm, type MatchingSchool, matchMentors } from "../../functions/src/domain/mentor-matching.js";
import { minCostAssignment } from "../../functions/src/domain/min-cost-assignment.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";
import { ordinarySchools, type SchoolSpec, territory } from "./territory-fixture.js";

function school(id: string, social: number | null, location?: { lat: number; lon: number }): MatchingSchool {
  return { id, name: `Школа ${id}`, social, location, results: null };
}

function settingsWith(mentoring: Partial<MethodologySettings["mentoring"]>): MethodologySettings {
  return { ...DEFAULT_SETTINGS, mentoring: { ...DEFAULT_SETTINGS.mentoring, ...mentoring } };
}

function match(
  mentees: MatchingSchool[],
  mentors: MatchingSchool[],
  pins: { menteeId: string; mentorId: string }[] = [],
  settings = DEFAULT_SETTINGS,
) {
  const all = new Map([...mentees, ...mentors].map((s) => [s.id, s]));
  return matchMentors(mentees, mentors, pins, settings, [], all);
}

describe("minCostAssignment", () => {
  it.each([
    {
      cost: [
        [4, 1],
        [2, 3],
      ],
      expected: [1, 0],
    },
    {
      cost: [
        [1, 2, 3],
        [2, 4, 6],
        [3, 6, 9],
      ],
      expected: [2, 1, 0],
    },
    { cost: [[9, 1, 9]], expected: [1] },
  ])("finds the cheapest assignment of $cost", ({ cost, expected }) => {
    expect(minCostAssignment(cost)).toEqual(expected);
  });

  it("agrees with brute force on small random matrices", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let t = 0; t < 40; t++) {
      const n = 1 + (t % 4);
      const m = n + (t % 3);
      const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => Math.round(rand() * 20)));
      const total = (a: number[]) => a.reduce((s, col, row) => s + (cost[row]?.[col] as number), 0);
      let best = Number.POSITIVE_INFINITY;
      const permute = (row: number, used: Set<number>, acc: number[]) => {
        if (row === n) {
          best = Math.min(best, total(acc));
          return;
        }
        for (let c = 0; c < m; c++) if (!used.has(c)) permute(row + 1, new Set([...used, c]), [...acc, c]);
      };
      permute(0, new Set(), []);
      expect(total(minCostAssignment(cost))).toBe(best);
    }
  });
});

describe("matchMentors", () => {
  it("gives each mentor at most the allowed number of mentees", () => {
    const mentees = ["a", "b", "c", "d", "e"].map((id, i) => school(id, 40 + i));
    const mentors = [school("m1", 42), school("m2", 45)];
    const result = match(mentees, mentors);
    const load = new Map<string, number>();
    for (const p of result.pairs) load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
    for (const n of load.values()) expect(n).toBeLessThanOrEqual(2);
    expect(result.pairs.length).toBe(4);
    expect(result.unmatched).toHaveLength(1);
    expect(result.unmatched[0]?.reason).toBe(
      "все школы, которые могут быть наставниками при разнице ИСБ не больше 50 (их 2), уже сопровождают предельное число подопечных — 2",
    );
  });

  it("keeps the coordinator's pins and counts them against the mentor's capacity", () => {
    const mentees = [school("a", 10), school("b", 12), school("c", 14)];
    const mentors = [school("m1", 11), school("m2", 90)];
    const result = match(
      mentees,
      mentors,
      [{ menteeId: "c", mentorId: "m2" }],
      settingsWith({ maxMenteesPerMentor: 1 }),
    );
    const pinned = result.pairs.find((p) => p.menteeId === "c");
    expect(pinned?.mentorId).toBe("m2");
    expect(pinned?.reasons[0]).toBe("закреплено координатором");
    expect(result.pairs.filter((p) => p.mentorId === "m1")).toHaveLength(1);
  });

  it("says so instead of pairing a school with a mentor in very different conditions", () => {
    const result = match([school("a", 5)], [school("m1", 90)]);
    expect(result.pairs).toHaveLength(0);
    expect(result.unmatched[0]?.reason).toBe(
      "нет школы-лидера, резильентной или эффективной школы с разницей ИСБ не больше 50",
    );
  });

  it("says when no school at all can mentor", () => {
    expect(match([school("a", 5)], []).unmatched[0]?.reason).toMatch(
      /^в территории нет ни одной школы, которая могла бы быть наставником/,
    );
  });

  it("prefers similar conditions, then the nearer school", () => {
    const home = { lat: 55.75, lon: 37.62 };
    const result = match(
      [school("a", 30, home)],
      [
        school("far", 31, { lat: 56.5, lon: 38.5 }),
        school("near", 31, { lat: 55.76, lon: 37.63 }),
        school("other", 55, home),
      ],
    );
    expect(result.pairs[0]?.mentorId).toBe("near");
    expect(result.pairs[0]?.reasons.join("; ")).toMatch(
      /сходный индекс благополучия \(30 и 31\); расстояние 1 км/,
    );
  });

  it("measures distance on the sphere", () => {
    expect(distanceKm({ lat: 55.7558, lon: 37.6173 }, { lat: 59.9343, lon: 30.3351 })).toBeCloseTo(634, -1);
  });

  it("is the same whatever the order of the schools", () => {
    const mentees = ["a", "b", "c", "d"].map((id, i) => school(id, 20 + 7 * i));
    const mentors = ["m1", "m2", "m3"].map((id, i) => school(id, 22 + 9 * i));
    const once = match(mentees, mentors);
    const reversed = match([...mentees].reverse(), [...mentors].reverse());
    expect(reversed).toEqual(once);
  });
});

describe("pairs in the computed results", () => {
  function computed(specs: SchoolSpec[]): Results {
    const parsed = parseDataset(territory(specs));
    if (!parsed.success) throw new Error("fixture");
    const r = computeResults(parsed.data.dataset, parsed.data.settings);
    if (!r.success) throw new Error(r.error.message);
    return r.data;
  }

  const territories: [string, () => Results][] = [
    [
      "hand-made",
      () => computed([...ordinarySchools(24), { id: "x", conditions: 0.5, results: [0.1, 0.08, 0.05] }]),
    ],
    ...[1, 2, 3].map((seed): [string, () => Results] => [
      `sample seed ${seed}`,
      () => {
        const parsed = parseDataset(generateSampleTerritory({ schools: 60, years: 3, seed }));
        if (!parsed.success) throw new Error("sample");
        const r = computeResults(parsed.data.dataset, parsed.data.settings);
        if (!r.success) throw new Error("compute");
        return r.data;
      },
    ]),
  ];

  it.each(territories)(
    "%s: mentors are never listed, mentees always are, and each mentee has a mentor or a reason",
    (_, make) => {
      const results = make();
      const byId = new Map(results.schools.map((s) => [s.schoolId, s]));
      for (const pair of results.pairs) {
        const mentor = byId.get(pair.mentorId);
        const mentee = byId.get(pair.menteeId);
        expect(mentor?.categories.some((c) => c === "lowResults" || c === "adverseSocial")).toBe(false);
        expect(mentee?.mentorId).toBe(pair.mentorId);
        // The coordinator's pins stand as they are; every other pair is the method's.
        if (pair.reasons[0] === "закреплено координатором") continue;
        expect(mentee?.categories.some((c) => c === "lowResults" || c === "adverseSocial")).toBe(true);
        if (mentor?.categories.some((c) => c === "leader" || c === "resilient")) continue;
        // Else an effective school: on no list, better than its conditions predict, said so in the reasons.
        expect(mentor?.categories).toEqual([]);
        expect(mentor?.contextualResult).toBeGreaterThan(0);
        expect(pair.reasons.some((r) => r.startsWith("эффективна в своих условиях"))).toBe(true);
      }
      for (const s of results.schools.filter(
        (x) => x.categories.includes("lowResults") || x.categories.includes("adverseSocial"),
      )) {
        expect(s.mentorId !== null || (s.mentorNote ?? "").includes("Наставник не назначен")).toBe(true);
      }
    },
  );

  it.each(territories)(
    "%s: every pair says truly how alike the conditions are, and none is further apart than the widest gap",
    (_, make) => {
      const results = make();
      const social = new Map(results.schools.map((s) => [s.schoolId, s.socialIndex?.value ?? null]));
      let similar = 0;
      for (const pair of results.pairs) {
        const a = social.get(pair.menteeId);
        const b = social.get(pair.mentorId);
        if (a == null || b == null) continue;
        const gap = Math.abs(a - b);
        const said = pair.reasons.find((r) => /^(сходный индекс|условия менее сходны)/.test(r));
        // Indices are published to 0.1, so a gap on the boundary may read 0.1 either way.
        if (said?.startsWith("сходный индекс")) {
          similar++;
          expect(gap, pair.menteeId).toBeLessThanOrEqual(30.1);
        } else {
          expect(said, pair.menteeId).toMatch(/^условия менее сходны: разница ИСБ \d+ \(/);
          expect(gap, pair.menteeId).toBeGreaterThan(29.9);
        }
        if (pair.reasons[0] !== "закреплено координатором") expect(gap).toBeLessThanOrEqual(50.1);
      }
      expect(similar).toBeGreaterThan(0);
    },
  );
});
