// A Ф1 file's «Отметка по журналу» column, compared row by row, reaches the objectivity markers of the results.
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import type { SchoolResult } from "../../functions/src/contract/results.js";
import { computeResults } from "../../functions/src/domain/compute-results.js";
import { importFile } from "../../functions/src/import/import-file.js";
import { describeImportIssue } from "../../functions/src/import/import-issue.js";
import { mergeImport } from "../../functions/src/import/merge-import.js";
import { type F1Options, type F1Participant, f1Rows, REGISTRY, xlsxBytes } from "./support/import-fixture.js";

/**
 * Participants of СОШ № 1: `lower` whose ВПР mark «3» is below their register «4», `same` with «5» in both,
 * `unmarked` with «5» and «нет отметки» in the register.
 */
function participants(lower: number, same: number, unmarked = 0): F1Participant[] {
  const out: F1Participant[] = [];
  const add = (n: number, p: Omit<F1Participant, "school" | "code">) => {
    for (let i = 0; i < n; i++) out.push({ school: "edu100001", code: 30001 + out.length, ...p });
  };
  add(lower, { tasks: [1, 1, 0, 1], primary: 3, mark: 3, journal: 4 });
  add(same, { tasks: [2, 1, 1, 2], primary: 6, mark: 5, journal: 5 });
  add(unmarked, { tasks: [2, 1, 1, 2], primary: 6, mark: 5, journal: "нет отметки" });
  return out;
}

/** Imports the Ф1 into an empty dataset of the fixture registry and computes the year: school СОШ № 1's result. */
async function schoolAfterImport(rows: F1Participant[], options: F1Options = {}): Promise<SchoolResult> {
  const bytes = await xlsxBytes({ "Индивидуальные результаты": f1Rows(rows, options) });
  const imported = await importFile(bytes, "f1.xlsx", { format: "fisoko-vpr", schools: REGISTRY });
  if (!imported.success) throw new Error(imported.error.issues.map(describeImportIssue).join("\n"));
  const empty: Dataset = {
    format: "shnor-dataset",
    version: 1,
    territory: { id: "t", name: "Образцовский район" },
    schools: REGISTRY,
    facts: [],
  };
  const parsed = parseDataset(mergeImport(empty, imported.data).dataset);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  const computed = computeResults(parsed.data.dataset, parsed.data.settings);
  if (!computed.success) throw new Error(computed.error.message);
  const school = computed.data.schools.find((s) => s.schoolId === "sch-1");
  if (!school) throw new Error("no sch-1");
  return school;
}

describe("the register comparison of a Ф1 file in the objectivity screen", () => {
  it("flags an inflated register: 5 of 12 participants wrote the ВПР a mark below their register mark", async () => {
    const school = await schoolAfterImport(participants(5, 7));
    expect(school.objectivity.suspicious).toBe(true);
    expect(school.objectivity.reasons).toEqual([
      "у 41,7% участников ВПР отметка ниже отметки в журнале (порог 30%) — возможно завышение текущих отметок",
    ]);
  });

  it("finds nothing when the ВПР confirm the register", async () => {
    const school = await schoolAfterImport(participants(0, 12));
    expect(school.objectivity).toEqual({ suspicious: false, reasons: [] });
  });

  it("compares only participants with a register mark: 5 of 9 compared is too few to judge (minN 10)", async () => {
    const school = await schoolAfterImport(participants(5, 4, 3));
    expect(school.objectivity.suspicious).toBe(false);
    // …while the same five below the register among 10 compared are 50%.
    const compared = await schoolAfterImport(participants(5, 5, 3));
    expect(compared.objectivity.reasons[0]).toContain("у 50% участников ВПР отметка ниже отметки в журнале");
  });

  it("keeps a paper outside the method out of the markers, and shows its tasks", async () => {
    const school = await schoolAfterImport(participants(5, 7), {
      title: "ВПР 2025 История 6 класс",
      preamble: [
        ["Предмет", "История"],
        ["Максимальный первичный балл", 6],
        ["Дата", "15.04.2025"],
      ],
    });
    expect(school.objectivity.suspicious).toBe(false);
    expect(school.vprTasks?.map((p) => [p.grade, p.subject, p.participants, p.inIndex])).toEqual([
      [6, "history", 12, false],
    ]);
  });
});
