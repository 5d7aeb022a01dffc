// The school card's «Задания ВПР» as a methodologist prints it: each paper's weak tasks beside the territory's rate of the same task.
import { describe, expect, it } from "vitest";
import type { VprTasks } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { buildReport } from "../../functions/src/report/build-report.js";
import { ordinarySchools, territory } from "../domain/territory-fixture.js";

/** A Russian grade 5 paper of 50 participants with these points for tasks 1, 5, 7, 9.1 (basic) and 11 (advanced). */
function russian(points: [number, number, number, number, number]): VprTasks {
  const [t1, t5, t7, t91, t11] = points;
  return {
    grade: 5,
    subject: "russian",
    participants: 50,
    maxScore: 9,
    tasks: [
      { id: "1", level: "basic", maxPoints: 2, points: t1 },
      { id: "5", level: "basic", maxPoints: 2, points: t5 },
      { id: "7", level: "basic", maxPoints: 1, points: t7 },
      { id: "9.1", level: "basic", maxPoints: 1, points: t91 },
      { id: "11", level: "advanced", maxPoints: 3, points: t11 },
    ],
  };
}
const HISTORY_6: VprTasks = {
  grade: 6,
  subject: "history",
  participants: 20,
  maxScore: 1,
  tasks: [{ id: "1", level: "basic", maxPoints: 1, points: 14 }],
};

/** The cards of the fixture territory: x writes a weak Russian paper and history, s10 a strong Russian paper. */
function cards(methodology?: Record<string, unknown>): Map<string, string> {
  const dataset = territory(
    [...ordinarySchools(20), { id: "x", conditions: 0.5, results: [0.4, 0.08, 0.05] }],
    methodology,
  );
  const current = (id: string) => {
    const fact = dataset.facts.find((f) => f.schoolId === id && f.year === "2025/2026");
    if (!fact) throw new Error(`no ${id}`);
    return fact;
  };
  current("x").vpr?.push({
    grade: 5,
    subject: "russian",
    participants: 50,
    grades: { "2": 15, "3": 20, "4": 12, "5": 3 },
  });
  current("x").vprTasks = [russian([80, 31, 29, 20, 18]), HISTORY_6];
  current("s10").vprTasks = [russian([90, 75, 40, 45, 60])];
  const parsed = parseDataset(dataset);
  if (!parsed.success) throw new Error("dataset refused");
  const computed = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!computed.success) throw new Error(computed.error.message);
  return new Map(buildReport(computed.data, parsed.data.dataset).map((f) => [f.path, f.html]));
}

describe("«Задания ВПР» on the school card", () => {
  const pages = cards();
  const x = pages.get("schools/x.html") ?? "";

  it("lists the school's weak tasks weakest first, each beside the territory's rate", () => {
    expect(x).toContain("<h2>Задания ВПР</h2>");
    // Task 5: 31 of 100 points here, (31 + 75) of 200 over the territory; 9.1: 20 of 50, (20 + 45) of 100.
    expect(x).toContain(
      "базовые:<br>5 — 31% (по территории 53%)<br>9.1 — 40% (по территории 65%)<br>повышенные:<br>11 — 12% (по территории 26%)",
    );
    expect(x).toContain("<td>7 — 58% (по территории 69%)</td>");
  });

  it("shows a paper outside the results index as such", () => {
    expect(x).toMatch(/6 класс, история<br><span class="muted">не входит в индекс результатов<\/span>/);
  });

  it("states the thresholds the results were computed with", () => {
    expect(x).toContain("Базовое задание выполнено недостаточно ниже 57%, на границе — до 60%");
    const strict = cards({ vprTasks: { basicInsufficient: 0.7, basicSufficient: 0.75 } }).get(
      "schools/x.html",
    );
    expect(strict).toContain("Базовое задание выполнено недостаточно ниже 70%, на границе — до 75%");
    // At 70% task 1 (80%) is still fine, 7 (58%) is now insufficient too.
    expect(strict).toContain("7 — 58% (по территории 69%)<br>");
  });

  it("is absent from the card of a school without task results", () => {
    expect(pages.get("schools/s05.html")).toBeDefined();
    expect(pages.get("schools/s05.html")).not.toContain("Задания ВПР");
  });
});
