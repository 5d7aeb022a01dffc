// The roadmap and the working group reach the results only when the caller says which day it is.
import { describe, expect, it } from "vitest";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { ResultsSchema } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { ordinarySchools, territory } from "./territory-fixture.js";

const dataset = {
  ...territory(ordinarySchools(12)),
  roadmap: [
    {
      id: "r1",
      title: "Входной мониторинг в ШНОР",
      from: "2025-09-01",
      to: "2025-10-31",
      responsible: "ИМЦ",
    },
    {
      id: "r2",
      title: "Совместный план со школами-наставниками",
      from: "2025-11-01",
      to: "2025-12-20",
      done: "2025-12-15",
    },
    { id: "r3", title: "Итоговый мониторинг", from: "2026-04-01", to: "2026-05-31" },
  ],
  meetings: [
    {
      date: "2025-09-15",
      members: 9,
      present: 5,
      decisions: [{ title: "Утвердить дорожную карту", for: 3, against: 2 }],
    },
    {
      date: "2025-10-20",
      members: 9,
      present: 4,
      decisions: [{ title: "Утвердить список наставников", for: 4, against: 0 }],
    },
  ],
};

function compute(asOf?: string) {
  const parsed = parseDataset(dataset);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  const r = computeResults(parsed.data.dataset, parsed.data.settings, asOf ? { asOf } : {});
  if (!r.success) throw new Error(r.error.message);
  expect(ResultsSchema.safeParse(r.data).success).toBe(true);
  return r.data;
}

describe("roadmap in the results", () => {
  it("is absent when no day is given, so the same file always gives the same bytes", () => {
    expect(compute().roadmap).toBeUndefined();
  });

  it("judges every measure and meeting on the given day", () => {
    const roadmap = compute("2026-01-20").roadmap;
    const status = new Map(roadmap?.items.map((i) => [i.id, i.status]));
    expect(status.get("r1")).toBe("overdue");
    expect(status.get("r2")).toBe("done");
    expect(status.get("r3")).toBe("planned");
    expect(roadmap?.warnings.join(" ")).toContain("Входной мониторинг в ШНОР");
    const [first, second] = roadmap?.workingGroup.meetings ?? [];
    expect(first?.quorum).toBe(true);
    expect(first?.decisions[0]?.passed).toBe(true);
    expect(second?.quorum).toBe(false);
    expect(roadmap?.monitoring.map((m) => m.name)).toContain("Итоговый мониторинг");
  });
});
