// Every example reason of docs/methodology.md §7 is what the code writes for the same finding, word for word.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../functions/src/contract/methodology-settings.js";
import { type ReasonContext, reasonText } from "../../functions/src/domain/identification-reasons.js";
import type { Finding } from "../../functions/src/domain/identification-rules.js";
import type { ProcedureFailure } from "../../functions/src/domain/procedures.js";

const doc = readFileSync(new URL("../../docs/methodology.md", import.meta.url), "utf8");
/** §7 with the quote marks and line breaks of the Markdown gone: the examples as one line of text each. */
const section7 = (() => {
  const start = doc.indexOf("\n## 7.");
  const end = doc.indexOf("\n## 8.");
  return doc
    .slice(start, end)
    .split("\n")
    .map((line) => line.replace(/^> ?/, ""))
    .join(" ")
    .replace(/\s+/g, " ");
})();

// A school without index components: the examples' «Слабые места» / «Главные факторы» tails are left out.
const context: ReasonContext = {
  settings: DEFAULT_SETTINGS,
  current: {
    school: { id: "x", name: "x" },
    fact: { schoolId: "x", year: "2025/2026" },
    social: null,
    results: null,
    cluster: "Средний ИСБ",
    place: null,
    objectivity: { suspicious: false, codes: [], reasons: [] },
    flags: [],
    vprTrusted: true,
    contextualResult: null,
  },
  year: { year: "2025/2026", schools: new Map(), socialBenchmarks: [], resultsBenchmarks: [] },
};

const failure = (kind: "ege" | "oge", subject: string, share = 0.4, n = 25): ProcedureFailure => ({
  key: `${kind}:${subject}`,
  kind,
  subject,
  grade: null,
  share,
  n,
});
const failures = [failure("ege", "math"), failure("oge", "russian"), failure("oge", "math")];
const places = (before: number, now: number, size = 8) => [
  { year: "2024/2025", position: before, size },
  { year: "2025/2026", position: now, size },
];

const examples: [string, Finding][] = [
  [
    "ШНОР, rule A",
    { category: "lowResults", code: "cluster_bottom", cluster: "Средний ИСБ", places: places(7, 7) },
  ],
  [
    "ШНОР, rule B",
    {
      category: "lowResults",
      code: "below_minimum",
      year: "2025/2026",
      failures,
      repeated: failures.map((f) => ({ now: f, before: f })),
      earlierYear: "2024/2025",
    },
  ],
  [
    "watch, one bad year",
    {
      category: "watch",
      code: "one_bad_year",
      cluster: "Средний ИСБ",
      place: { year: "2025/2026", position: 8, size: 8 },
      why: "higher_before",
    },
  ],
  [
    "watch, small samples",
    {
      category: "watch",
      code: "small_samples",
      cluster: "Средний ИСБ",
      places: [
        { year: "2024/2025", position: 7, size: 7 },
        { year: "2025/2026", position: 7, size: 8 },
      ],
    },
  ],
  ["watch, procedures failed once", { category: "watch", code: "below_minimum_once", failures }],
  ["watch, accreditation", { category: "watch", code: "accreditation_suspended", year: "2025/2026" }],
  ["ШНСУ by the index", { category: "adverseSocial", code: "social_bottom", socialPercentile: 2.1 }],
  [
    "ШНСУ by the flags",
    {
      category: "adverseSocial",
      code: "disadvantage_flags",
      flags: ["remote", "infrastructureDeficit", "missingSpecialists", "smallSchool"],
    },
  ],
  ["resilient", { category: "resilient", code: "resilient", socialPercentile: 6.3, resultsPercentile: 81.3 }],
  ["leader", { category: "leader", code: "cluster_top", cluster: "Высокий ИСБ", places: places(1, 1) }],
];

describe("reason texts against the examples of docs/methodology.md §7", () => {
  it.each(examples)("%s", (_name, finding) => {
    const text = reasonText(finding, context).trim();
    expect(text.length).toBeGreaterThan(20);
    expect(section7).toContain(text);
  });

  it("writes the thresholds in force, not the defaults", () => {
    const settings = structuredClone(DEFAULT_SETTINGS);
    settings.lowResults.clusterShare = 0.25;
    settings.lowResults.years = 3;
    const places = ["2023/2024", "2024/2025", "2025/2026"].map((year) => ({ year, position: 8, size: 8 }));
    const finding: Finding = { category: "lowResults", code: "cluster_bottom", cluster: null, places };
    expect(reasonText(finding, { ...context, settings })).toContain("в нижних 25% территории");
    expect(reasonText(finding, { ...context, settings })).toContain("3 года подряд");
  });
});
