// The self-diagnosis tally in Dataset v1: a deficit named by more teachers than answered is an error naming the area.
import { describe, expect, it } from "vitest";
import { schoolYearFactsIssues } from "../../functions/src/contract/dataset-consistency.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";

const dataset = (selfDiagnosis: unknown) => ({
  format: "shnor-dataset",
  version: 1,
  territory: { id: "t", name: "Территория" },
  schools: [{ id: "s1", name: "Школа 1" }],
  facts: [{ schoolId: "s1", year: "2024/2025", selfDiagnosis }],
});

describe("selfDiagnosis in Dataset v1", () => {
  it("accepts a per-school tally", () => {
    expect(
      parseDataset(dataset({ respondents: 12, deficits: { assessment: 5, motivation: 12 } })).success,
    ).toBe(true);
  });

  it("rejects a count above the number of respondents, and an unknown area", () => {
    const over = parseDataset(dataset({ respondents: 4, deficits: { assessment: 5 } }));
    expect(over.success ? [] : over.error.issues).toEqual([
      {
        path: "facts[0].selfDiagnosis.deficits.assessment",
        message: "5 — больше, чем ответивших педагогов (4)",
      },
    ]);
    const unknown = parseDataset(dataset({ respondents: 4, deficits: { salary: 1 } }));
    expect(unknown.success).toBe(false);
  });

  it("checks one school's facts on their own, with paths relative to the facts", () => {
    expect(
      schoolYearFactsIssues({
        schoolId: "s1",
        year: "2024/2025",
        social: { students: 10, disabilities: 11 },
      }),
    ).toEqual([{ path: "social.disabilities", message: "11 — больше, чем обучающихся (10)" }]);
  });
});
