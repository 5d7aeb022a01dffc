// The objectivity marker «пики на границах отметок»: pupils pulled up to a mark's lowest primary score, found from the Ф1 score distribution.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { VprBoundary, VprTasks } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { SchoolResult } from "../../functions/src/contract/results.js";
import {
  boundaryPeakReason,
  countBoundaries,
  isBoundaryPeak,
} from "../../functions/src/domain/boundary-peaks.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { ordinarySchools, territory } from "./territory-fixture.js";

/** A paper with the given participants per primary score (the rest of `participants` at `rest`). */
function paper(
  grade: number,
  subject: string,
  maxScore: number,
  participants: number,
  at: Record<number, number>,
  rest: number,
): VprTasks {
  const scores = new Array<number>(maxScore + 1).fill(0);
  for (const [score, n] of Object.entries(at)) scores[Number(score)] = n;
  scores[rest] = participants - Object.values(at).reduce((a, b) => a + b, 0);
  return {
    grade,
    subject,
    participants,
    maxScore,
    tasks: [{ id: "1", level: "basic", maxPoints: maxScore, points: 0 }],
    scores,
  };
}

const BOUNDARIES: VprBoundary[] = [
  { grade: 5, subject: "russian", lowest: { "3": 12, "4": 20, "5": 26 } },
  { grade: 5, subject: "math", lowest: { "3": 6, "4": 11, "5": 15 } },
];
/** Russian: 11 pupils on 12 points (the lowest «3») and 1 on 11; smaller peaks at «4» and «5». */
const RUSSIAN = paper(5, "russian", 30, 80, { 12: 11, 11: 1, 20: 3, 19: 1, 26: 1 }, 15);
const MATH = paper(5, "math", 20, 60, { 6: 3, 5: 1, 11: 1, 10: 1, 15: 1 }, 8);

describe("counting participants at and one point below the mark boundaries", () => {
  it("pools the three boundaries of every paper that has a score distribution and boundaries", () => {
    const peaks = countBoundaries([RUSSIAN, MATH], BOUNDARIES);
    expect(peaks).toMatchObject({ participants: 140, at: 20, below: 4 });
    expect(peaks?.boundaries[0]).toEqual({
      grade: 5,
      subject: "russian",
      mark: "3",
      score: 12,
      at: 11,
      below: 1,
    });
  });

  it("skips a paper without boundaries, without a distribution, and a boundary the paper cannot reach", () => {
    const history = paper(6, "history", 20, 30, { 10: 10 }, 3);
    const { scores: _, ...noScores } = MATH;
    expect(countBoundaries([history], BOUNDARIES)).toBeUndefined();
    expect(countBoundaries([noScores], BOUNDARIES)).toBeUndefined();
    const short = countBoundaries(
      [RUSSIAN],
      [{ grade: 5, subject: "russian", lowest: { "3": 12, "4": 20, "5": 31 } }],
    );
    expect(short?.boundaries.map((b) => b.mark)).toEqual(["3", "4"]);
  });
});

describe("the marker", () => {
  it.each([
    { at: 8, below: 2, peak: true, why: "8 ≥ 3 × 2, 10 participants" },
    { at: 7, below: 3, peak: false, why: "7 < 3 × 3" },
    { at: 6, below: 0, peak: false, why: "only 6 participants at or below: too few to say" },
    { at: 10, below: 0, peak: true, why: "10 at the boundary, none below" },
    { at: 30, below: 12, peak: false, why: "2,5 times: a rising distribution, not a peak" },
  ])("at $at, below $below → $peak ($why)", ({ at, below, peak }) => {
    expect(isBoundaryPeak({ participants: 100, at, below, boundaries: [] }, 3, 10)).toBe(peak);
  });

  it("explains itself in Russian: shares, how many times, the threshold and the strongest boundary", () => {
    const peaks = countBoundaries([RUSSIAN, MATH], BOUNDARIES);
    if (!peaks) throw new Error("no peaks");
    const reason = boundaryPeakReason(peaks, 3);
    expect(reason).toBe(
      "первичный балл ровно на нижней границе отметки ВПР («3», «4» или «5») — у 14,3% участников (20), " +
        "на балл ниже — у 2,9% (4): в 5 раз больше, порог — в 3 раза; сильнее всего — 5 класс, русский язык, " +
        "граница «3» (12 баллов): 11 участников против 1 на балл ниже — пики на границах отметок, возможно " +
        "«дотягивание» работ до отметки при проверке",
    );
    // docs/methodology.md quotes this very reason (its blockquote wraps lines).
    const doc = readFileSync(new URL("../../docs/methodology.md", import.meta.url), "utf8");
    expect(doc.replace(/\n> /g, " ")).toContain(reason);
    expect(boundaryPeakReason({ ...peaks, at: 12, below: 0 }, 2.5)).toContain(
      "на балл ниже — ни у кого, порог — в 2,5 раза",
    );
  });
});

function schoolX(options: { boundaries?: boolean; methodology?: Record<string, unknown> }): SchoolResult {
  const dataset = territory(
    [...ordinarySchools(20), { id: "x", conditions: 0.5, results: [0.5, 0.5, 0.5] }],
    options.methodology,
  );
  const fact = dataset.facts.find((f) => f.schoolId === "x" && f.year === "2025/2026");
  if (!fact) throw new Error("no fact");
  fact.vprTasks = [RUSSIAN, MATH];
  if (options.boundaries !== false) dataset.references = [{ year: "2025/2026", vprBoundaries: BOUNDARIES }];
  const parsed = parseDataset(dataset);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  const outcome = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!outcome.success) throw new Error(outcome.error.message);
  const x = outcome.data.schools.find((s) => s.schoolId === "x");
  if (!x) throw new Error("no x");
  return x;
}

describe("the marker in the objectivity screen", () => {
  it("flags the school and leaves its ВПР out of the results index", () => {
    const x = schoolX({});
    expect(x.objectivity.suspicious).toBe(true);
    expect(x.objectivity.reasons.join(" ")).toContain("пики на границах отметок");
    expect(x.resultsIndex?.components.find((c) => c.key === "vprGrade2")?.score).toBeNull();
  });

  it("needs the year's boundaries on «Эталоны»", () => {
    expect(schoolX({ boundaries: false }).objectivity.suspicious).toBe(false);
  });

  it("follows objectivity.boundaryPeakRatio: five times the count below is no peak at a threshold of 6", () => {
    const x = schoolX({ methodology: { objectivity: { boundaryPeakRatio: 6 } } });
    expect(x.objectivity.suspicious).toBe(false);
    expect(x.resultsIndex?.components.find((c) => c.key === "vprGrade2")?.score).not.toBeNull();
  });
});
