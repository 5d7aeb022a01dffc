// Results gain `approved` only from approved versions: a dataset without them is untouched; with them the lists in force, the differences and the exits show.
import { describe, expect, it } from "vitest";
import type { Approval } from "../../functions/src/contract/decision-cycle.js";
import { DEFAULT_SETTINGS } from "../../functions/src/contract/methodology-settings.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

const dataset = generateSampleTerritory({ schools: 24, years: 3, seed: 2026 });
const plain = computeResults(dataset, DEFAULT_SETTINGS);
if (!plain.success) throw new Error(plain.error.message);
const listed = plain.data.schools.filter(
  (s) => s.categories.includes("lowResults") || s.categories.includes("adverseSocial"),
);

describe("approved lists in the results", () => {
  it("leaves results without approvals as they were", () => {
    expect(plain.data.approved).toBeUndefined();
    expect(JSON.stringify(computeResults({ ...dataset, approvals: [] }, DEFAULT_SETTINGS))).toBe(
      JSON.stringify(plain),
    );
  });

  it("shows the approved version, unchanged by the computation, with every difference", () => {
    const dropped = listed[0];
    const exited = plain.data.schools.find((s) => s.change === "exited");
    if (dropped === undefined || exited === undefined)
      throw new Error("the sample has no listed or exited school");
    // the order of last year keeps `exited` on ШНОР and leaves `dropped` out
    const approval: Approval = {
      version: 1,
      year: "2025/2026",
      order: { number: "15-од", date: "2025-10-20" },
      reason: "decision",
      meeting: { date: "2025-10-15", protocol: "3" },
      draft: 1,
      schools: [
        ...listed.slice(1).map((s) => ({
          schoolId: s.schoolId,
          categories: s.categories.filter(
            (c): c is "lowResults" | "adverseSocial" => c === "lowResults" || c === "adverseSocial",
          ),
          grounds: s.reasons.map((r) => r.text),
        })),
        { schoolId: exited.schoolId, categories: ["lowResults"], grounds: ["решение рабочей группы"] },
      ],
    };
    const computed = computeResults({ ...dataset, approvals: [approval] }, DEFAULT_SETTINGS);
    if (!computed.success) throw new Error(computed.error.message);
    const approved = computed.data.approved;
    expect(approved?.version).toBe(1);
    expect(approved?.order).toEqual({ number: "15-од", date: "2025-10-20" });
    expect(approved?.schools.map((s) => s.schoolId).sort()).toEqual(
      approval.schools.map((s) => s.schoolId).sort(),
    );
    // the method's own output is the same with or without approvals
    expect({ ...computed.data, approved: undefined }).toEqual({ ...plain.data, approved: undefined });
    const texts = approved?.differences.map((d) => d.text) ?? [];
    for (const category of dropped.categories.filter((c) => c === "lowResults" || c === "adverseSocial"))
      expect(texts).toContain(
        `${dropped.name}: по расчёту вошла бы в ${category === "lowResults" ? "ШНОР" : "ШНСУ"}; в утверждённом списке её нет`,
      );
    expect(texts).toContain(`${exited.name}: в утверждённом списке ШНОР; по расчёту сейчас в него не входит`);
  });

  it("says when an approved ШНОР school has been out of the bottom of its cluster for K years", () => {
    const leader = plain.data.schools.find((s) => s.categories.includes("leader"));
    if (leader === undefined) throw new Error("no leader in the sample");
    const approval: Approval = {
      version: 1,
      year: "2025/2026",
      order: { number: "1", date: "2025-10-01" },
      reason: "decision",
      schools: [{ schoolId: leader.schoolId, categories: ["lowResults"], grounds: ["ранее утверждён"] }],
    };
    const withExit = computeResults({ ...dataset, approvals: [approval] }, DEFAULT_SETTINGS);
    if (!withExit.success) throw new Error(withExit.error.message);
    const exits = withExit.data.approved?.schools[0]?.exits ?? [];
    expect(exits).toHaveLength(1);
    expect(exits[0]?.text).toMatch(
      /^2 года подряд вне нижних 20% своего кластера \(2024\/2025: место \d+ из \d+; 2025\/2026: место \d+ из \d+\) — может выйти из ШНОР по решению рабочей группы$/,
    );
    // K = 4 needs four years of evidence; the sample has three
    const strict = computeResults(
      { ...dataset, approvals: [approval] },
      { ...DEFAULT_SETTINGS, decisions: { ...DEFAULT_SETTINGS.decisions, exitYears: 4 } },
    );
    expect(strict.success && strict.data.approved?.schools[0]?.exits).toBeUndefined();
  });
});
