// Clearing one answer from a school's facts: the value goes, and so does whatever it leaves empty.
import { describe, expect, it } from "vitest";
import { deleteAtPath, parseDatasetPath } from "../../functions/src/catalog/dataset-path.js";

describe("deleteAtPath", () => {
  it.each([
    {
      name: "a field of a section",
      facts: { staff: { teachers: 20, vacancies: 3 } },
      path: "staff.vacancies",
      expected: { staff: { teachers: 20 } },
    },
    {
      name: "the last field of a section removes the section",
      facts: { support: { jointPlan: true } },
      path: "support.jointPlan",
      expected: {},
    },
    {
      name: "a field of a selected row keeps the row",
      facts: { ege: [{ subject: "math", participants: 10, meanScore: 50, atLeast80: 2 }] },
      path: "ege[subject=math].atLeast80",
      expected: { ege: [{ subject: "math", participants: 10, meanScore: 50 }] },
    },
    {
      name: "a row left with only its key goes, and an empty list with it",
      facts: { vpr: [{ grade: 5, subject: "math", grades: { "2": 1 } }] },
      path: "vpr[grade=5,subject=math].grades.2",
      expected: {},
    },
    {
      name: "a path that is not there changes nothing",
      facts: { oge: [{ subject: "russian", participants: 5, meanGrade: 4 }] },
      path: "oge[subject=math].failed",
      expected: { oge: [{ subject: "russian", participants: 5, meanGrade: 4 }] },
    },
  ])("$name", ({ facts, path, expected }) => {
    const copy = structuredClone(facts) as Record<string, unknown>;
    deleteAtPath(copy, parseDatasetPath(path));
    expect(copy).toEqual(expected);
  });
});
