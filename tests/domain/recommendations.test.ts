// Recommendations: every listed school gets measures that answer its own weakest indicator, and pairs get mentoring.
import { describe, expect, it } from "vitest";
import { RESULTS_COMPONENT_KEYS } from "../../functions/src/contract/methodology-settings.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { Results } from "../../functions/src/contract/results.js";
import { componentLabel } from "../../functions/src/domain/component-text.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { MEASURES } from "../../functions/src/domain/recommendations.js";
import { generateSampleTerritory, SAMPLE_SCHOOL_IDS } from "../../functions/src/sample/sample-territory.js";

function sample(seed: number, schools = 60): Results {
  const parsed = parseDataset(generateSampleTerritory({ schools, years: 3, seed }));
  if (!parsed.success) throw new Error("sample");
  const r = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!r.success) throw new Error(r.error.message);
  return r.data;
}

const OUTCOME_KEYS = new Set<string>(RESULTS_COMPONENT_KEYS);

describe("recommendations", () => {
  it("the catalog has at least 14 distinct measures with Russian titles", () => {
    const codes = new Set(MEASURES.map((m) => m.code));
    expect(codes.size).toBeGreaterThanOrEqual(14);
    for (const m of MEASURES) expect(m.title).toMatch(/^[А-ЯЁ«]/);
  });

  it.each([2026, 5, 11])(
    "seed %i: every listed school gets a measure whose rationale names its weakest component",
    (seed) => {
      const results = sample(seed);
      const listed = results.schools.filter(
        (s) => s.categories.includes("lowResults") || s.categories.includes("adverseSocial"),
      );
      expect(listed.length).toBeGreaterThan(0);
      for (const s of listed) {
        expect(s.recommendations.length).toBeGreaterThan(0);
        const scored = (s.resultsIndex?.components ?? []).filter(
          (c) => c.score !== null && OUTCOME_KEYS.has(c.key),
        );
        if (scored.length === 0) continue;
        const weakest = scored.reduce((a, b) => ((b.score as number) < (a.score as number) ? b : a));
        const label = componentLabel(weakest.key);
        expect(
          s.recommendations.some((r) => r.rationale.includes(label)),
          `${s.name}: ${label}`,
        ).toBe(true);
      }
    },
  );

  it("each pair gets the mentoring measure naming the mentor", () => {
    const results = sample(2026);
    const names = new Map(results.schools.map((s) => [s.schoolId, s.name]));
    expect(results.pairs.length).toBeGreaterThan(0);
    for (const pair of results.pairs) {
      const mentee = results.schools.find((s) => s.schoolId === pair.menteeId);
      const mentoring = mentee?.recommendations.find((r) => r.code === "mentoring");
      expect(mentoring?.rationale).toContain(names.get(pair.mentorId));
    }
  });

  it("schools on no list and not watched get no measures", () => {
    const results = sample(2026);
    for (const s of results.schools.filter((x) => x.categories.length === 0))
      expect(s.recommendations).toEqual([]);
  });

  it("measures come most pressing first", () => {
    for (const s of sample(7).schools) {
      const priorities = s.recommendations.map((r) => r.priority);
      expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    }
  });

  it("names the deficits teachers reported in the anonymous self-diagnosis, and only from three answers", () => {
    const withSelfDiagnosis = (respondents: number) => {
      const dataset = generateSampleTerritory({ schools: 24, years: 3, seed: 2026 });
      const fact = dataset.facts.find(
        (f) => f.schoolId === SAMPLE_SCHOOL_IDS.lowResults && f.year === "2025/2026",
      );
      if (!fact) throw new Error("no fact");
      fact.selfDiagnosis = {
        respondents,
        deficits: {
          teachingMethods: Math.min(7, respondents),
          assessment: Math.min(5, respondents),
          motivation: 1,
        },
      };
      const parsed = parseDataset(dataset);
      if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
      const r = computeResults(parsed.data.dataset, parsed.data.settings);
      if (!r.success) throw new Error(r.error.message);
      const school = r.data.schools.find((x) => x.schoolId === SAMPLE_SCHOOL_IDS.lowResults);
      return school?.recommendations.find((m) => m.code === "targeted_training")?.rationale ?? "";
    };
    const twelve = withSelfDiagnosis(12);
    expect(twelve).toContain("Самодиагностика педагогов (ответили 12)");
    expect(twelve).toContain("«Методика преподавания предмета» (7 из 12)");
    expect(twelve).toContain("(5 из 12)");
    expect(twelve).not.toContain("Учебная мотивация");
    expect(withSelfDiagnosis(2)).not.toContain("Самодиагностика");
  });
});
