// The streamed results file is the same bytes as the one-string form, roadmap and all.
import { describe, expect, it } from "vitest";
import { resultsJson, resultsJsonChunks } from "../../functions/src/cli/compute-command.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { generateSampleTerritory } from "../../functions/src/sample/sample-territory.js";

describe("results JSON", () => {
  it.each([1, 24])(
    "writes %i school(s) school by school with the same bytes as JSON.stringify",
    (schools) => {
      const parsed = parseDataset(generateSampleTerritory({ schools, years: 3, seed: 7 }));
      if (!parsed.success) throw new Error("sample");
      const computed = computeResults(parsed.data.dataset, parsed.data.settings, { asOf: "2026-11-23" });
      if (!computed.success) throw new Error(computed.error.message);
      const streamed = [...resultsJsonChunks(computed.data)];
      expect(streamed.length).toBe(schools + 2);
      expect(streamed.join("")).toBe(resultsJson(computed.data));
    },
  );
});
