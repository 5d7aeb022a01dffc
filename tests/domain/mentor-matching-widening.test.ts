// A mentor for every school that needs one: the pool widens to effective schools, then to less similar conditions; pins hold; the demo and a region are covered; no agreement without a partner.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  type MethodologySettings,
} from "../../functions/src/contract/methodology-settings.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import {
  type MatchingSchool,
  matchingStages,
  matchMentors,
} from "../../functions/src/domain/mentor-matching.js";
import type { MentorTier } from "../../functions/src/domain/mentor-pool.js";
import { generateSampleTerritory, SAMPLE_DEFAULTS } from "../../functions/src/sample/sample-territory.js";

function school(id: string, social: number | null, tier?: MentorTier): MatchingSchool {
  return {
    id,
    name: `Школа ${id}`,
    social,
    results: null,
    ...(tier ? { tier } : {}),
    contextualResult: 12.5,
  };
}

function mentoring(over: Partial<MethodologySettings["mentoring"]>): MethodologySettings {
  return { ...DEFAULT_SETTINGS, mentoring: { ...DEFAULT_SETTINGS.mentoring, ...over } };
}

function match(
  mentees: MatchingSchool[],
  mentors: MatchingSchool[],
  settings = DEFAULT_SETTINGS,
  pins: { menteeId: string; mentorId: string }[] = [],
) {
  const all = new Map([...mentees, ...mentors].map((s) => [s.id, s]));
  const result = matchMentors(mentees, mentors, pins, settings, [], all);
  return { ...result, mentorOf: new Map(result.pairs.map((p) => [p.menteeId, p.mentorId])) };
}

/** Forces the region's greedy matching on a small case. */
const GREEDY = mentoring({ exactUpTo: 1 });

function listed(results: Results) {
  return results.schools.filter(
    (s) => s.categories.includes("lowResults") || s.categories.includes("adverseSocial"),
  );
}

function compute(dataset: unknown, year?: string): Results {
  const parsed = parseDataset(dataset);
  if (!parsed.success) throw new Error("dataset");
  const computed = computeResults(parsed.data.dataset, parsed.data.settings, year ? { year } : {});
  if (!computed.success) throw new Error(computed.error.message);
  return computed.data;
}

describe("the steps of the widening", () => {
  it.each([
    [
      {},
      [
        ["leader", 0.3],
        ["leader,effective", 0.3],
        ["leader,effective", 0.4],
        ["leader,effective", 0.5],
      ],
    ],
    [
      { maxRelaxedSocialGap: 0.45 },
      [
        ["leader", 0.3],
        ["leader,effective", 0.3],
        ["leader,effective", 0.4],
        ["leader,effective", 0.45],
      ],
    ],
    [
      { maxRelaxedSocialGap: 0.3 },
      [
        ["leader", 0.3],
        ["leader,effective", 0.3],
      ],
    ],
    [
      { maxRelaxedSocialGap: 0.2 },
      [
        ["leader", 0.3],
        ["leader,effective", 0.3],
      ],
    ],
    [
      { maxSocialGap: 0.2, relaxationStep: 0.25 },
      [
        ["leader", 0.2],
        ["leader,effective", 0.2],
        ["leader,effective", 0.45],
        ["leader,effective", 0.5],
      ],
    ],
  ] as const)("%j → %j", (over, expected) => {
    expect(matchingStages(mentoring(over)).map((s) => [s.tiers.join(","), s.maxGap])).toEqual(expected);
  });
});

describe.each([
  ["exact", DEFAULT_SETTINGS],
  ["greedy", GREEDY],
] as const)("widening (%s)", (_, settings) => {
  it("takes a leader when there is one, an effective school only when the leaders are full", () => {
    const result = match(
      [school("a", 40), school("b", 41)],
      [school("lead", 42, "leader"), school("eff", 43, "effective")],
      { ...settings, mentoring: { ...settings.mentoring, maxMenteesPerMentor: 1 } },
    );
    expect([...result.mentorOf.values()].sort()).toEqual(["eff", "lead"]);
    const effective = result.pairs.find((p) => p.mentorId === "eff");
    expect(effective?.reasons).toContain(
      "эффективна в своих условиях: результаты на 12,5 п. выше ожидаемых при её ИСБ (контекстный результат), вне списков",
    );
    const leader = result.pairs.find((p) => p.mentorId === "lead");
    expect(leader?.reasons.some((r) => r.startsWith("эффективна"))).toBe(false);
  });

  it("prefers a leader to a closer effective school", () => {
    const result = match(
      [school("a", 40)],
      [school("lead", 60, "leader"), school("eff", 41, "effective")],
      settings,
    );
    expect(result.mentorOf.get("a")).toBe("lead");
  });

  it("relaxes the social gap only when nobody closer has room, and says how far apart the schools are", () => {
    const result = match([school("a", 5)], [school("m", 42, "effective"), school("far", 60)], settings);
    expect(result.mentorOf.get("a")).toBe("m");
    expect(result.pairs[0]?.reasons[0]).toBe("условия менее сходны: разница ИСБ 37 (5 и 42)");
  });

  it("stops at the maximum setting and names the gap in the reason", () => {
    const strict = { ...settings, mentoring: { ...settings.mentoring, maxRelaxedSocialGap: 0.35 } };
    const result = match([school("a", 5)], [school("m", 42, "effective")], strict);
    expect(result.pairs).toEqual([]);
    expect(result.unmatched[0]?.reason).toBe(
      "нет школы-лидера, резильентной или эффективной школы с разницей ИСБ не больше 35",
    );
  });

  it("never gives a mentor more mentees than the setting allows, pins included", () => {
    const mentees = Array.from({ length: 12 }, (_, i) =>
      school(`s${String(i).padStart(2, "0")}`, 20 + 3 * i),
    );
    const mentors = [school("l1", 30), school("l2", 50, "leader"), school("e1", 40, "effective")];
    const result = match(mentees, mentors, settings, [{ menteeId: "s00", mentorId: "l1" }]);
    const load = new Map<string, number>();
    for (const p of result.pairs) load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
    expect([...load.values()].every((n) => n <= 2)).toBe(true);
    expect(result.pairs).toHaveLength(6);
    expect(result.unmatched).toHaveLength(6);
    for (const u of result.unmatched) {
      expect(u.reason).toMatch(
        /^все школы, которые могут быть наставниками при разнице ИСБ не больше 50 \(их \d\), уже сопровождают предельное число подопечных — 2$/,
      );
    }
  });

  it("keeps a coordinator's pin however far apart the schools are, and says so", () => {
    const result = match(
      [school("a", 5), school("b", 8)],
      [school("lyceum", 98), school("near", 10)],
      settings,
      [{ menteeId: "a", mentorId: "lyceum" }],
    );
    expect(result.mentorOf.get("a")).toBe("lyceum");
    expect(result.pairs.find((p) => p.menteeId === "a")?.reasons.slice(0, 2)).toEqual([
      "закреплено координатором",
      "условия менее сходны: разница ИСБ 93 (5 и 98)",
    ]);
    expect(result.mentorOf.get("b")).toBe("near");
  });

  it("offers a mentor without a social index at the neutral gap when nobody else has room", () => {
    const result = match(
      [school("a", 40), school("b", 42)],
      [school("lead", 41, "leader"), school("unknown", null, "leader")],
      { ...settings, mentoring: { ...settings.mentoring, maxMenteesPerMentor: 1 } },
    );
    expect(Object.fromEntries(result.mentorOf)).toEqual({ a: "lead", b: "unknown" });
    expect(result.unmatched).toEqual([]);
  });

  it("is the same whatever the order of the schools", () => {
    const mentees = ["a", "b", "c", "d", "e"].map((id, i) => school(id, 5 + 9 * i));
    const mentors = [school("m1", 30), school("e1", 45, "effective"), school("e2", 70, "effective")];
    expect(match([...mentees].reverse(), [...mentors].reverse(), settings)).toEqual(
      match(mentees, mentors, settings),
    );
  });
});

describe("the exact matching", () => {
  it("gives as many schools a mentor as it can before it keeps a pair in the most similar conditions", () => {
    // The leader suits «mid» best, but only the leader is within reach of «low»: «mid» takes the effective school.
    const result = match(
      [school("mid", 60), school("low", 12)],
      [school("lead", 58), school("eff", 64, "effective")],
      mentoring({ maxMenteesPerMentor: 1 }),
    );
    expect(Object.fromEntries(result.mentorOf)).toEqual({ mid: "eff", low: "lead" });
    expect(result.pairs.find((p) => p.menteeId === "low")?.reasons[0]).toBe(
      "условия менее сходны: разница ИСБ 46 (12 и 58)",
    );
  });
});

describe("in the demo and at region scale", () => {
  const demo = generateSampleTerritory({ ...SAMPLE_DEFAULTS });

  it("pairs at least 5 of the demo's 6 listed schools, and does so without the coordinator's pins too", () => {
    for (const dataset of [demo, { ...demo, pins: [] }]) {
      const results = compute(dataset);
      const schools = listed(results);
      expect(schools).toHaveLength(6);
      expect(schools.filter((s) => s.mentorId !== null).length).toBeGreaterThanOrEqual(5);
      for (const s of schools.filter((x) => x.mentorId === null)) {
        expect(s.mentorNote).toMatch(/^Наставник не назначен: (все школы|нет школы|в территории нет)/);
      }
    }
  });

  it("shows the share of listed schools with a mentor among the KPIs", () => {
    const results = compute(demo);
    const schools = listed(results);
    const paired = schools.filter((s) => s.mentorId !== null).length;
    expect(results.summary.listedWithMentor).toBe(Math.round((1000 * paired) / schools.length) / 10);
  });

  it("pairs at least 90% of the listed schools of a 2,000-school sample, within capacity and the widest gap", () => {
    const results = compute(generateSampleTerritory({ schools: 2000, years: 3, seed: 2026 }));
    const schools = listed(results);
    expect(schools.length).toBeGreaterThan(500);
    const paired = schools.filter((s) => s.mentorId !== null).length;
    expect(paired / schools.length).toBeGreaterThanOrEqual(0.9);
    const load = new Map<string, number>();
    for (const p of results.pairs) load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
    expect(Math.max(...load.values())).toBeLessThanOrEqual(2);
    expect(results.pairs.some((p) => p.reasons.some((r) => r.startsWith("эффективна")))).toBe(true);
  }, 60_000);
});

describe("partner agreements in the sample", () => {
  it.each([
    [24, 2026],
    [24, 7],
    [60, 42],
    [300, 3],
  ])("%i schools, seed %i: no school reports an agreement in a year it has no mentor", (schools, seed) => {
    const dataset = generateSampleTerritory({ schools, years: 3, seed });
    const years = [...new Set(dataset.facts.map((f) => f.year))].sort().slice(1);
    let claims = 0;
    for (const year of years) {
      const byId = new Map(compute(dataset, year).schools.map((s) => [s.schoolId, s]));
      for (const fact of dataset.facts.filter((f) => f.year === year && f.support?.partnerAgreement)) {
        claims++;
        expect(byId.get(fact.schoolId)?.mentorId, `${year} ${fact.schoolId}`).not.toBeNull();
      }
    }
    // Not vacuous: the sample does report agreements.
    expect(claims).toBeGreaterThan(0);
  });

  it("never marks «партнёрский договор» met for a school without a mentor", () => {
    const dataset = generateSampleTerritory({ ...SAMPLE_DEFAULTS });
    // No pins and hardly any reach: the agreements the sample reports now have no partner behind them.
    const results = compute({
      ...dataset,
      pins: [],
      methodology: { mentoring: { maxSocialGap: 0.05, maxRelaxedSocialGap: 0.05, effectiveClusterShare: 0 } },
    });
    const unpaired = results.schools.filter((s) => s.criteria !== undefined && s.mentorId === null);
    const partner = unpaired.map((s) => s.criteria?.find((c) => c.code === "partner_agreement"));
    expect(partner.length).toBeGreaterThan(0);
    for (const c of partner) expect(c?.status).toBe("not_met");
    expect(partner.map((c) => c?.actual)).toContain(
      "школа-наставник не назначена, хотя в анкете указан договор — проверьте данные",
    );
  });
});
