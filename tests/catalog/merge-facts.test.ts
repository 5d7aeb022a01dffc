// Merging responses into a school's facts: later answers win, subject rows merge by subject and grade, anonymous tallies add up.
import { describe, expect, it } from "vitest";
import { mergeFacts } from "../../functions/src/catalog/merge-facts.js";
import {
  parseSubmissionAnswers,
  type SubmissionAnswer,
} from "../../functions/src/catalog/submission-answers.js";
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";

function patch(kind: string, pairs: Record<string, SubmissionAnswer["value"]>): SchoolYearFacts {
  const result = parseSubmissionAnswers(kind, [
    { key: "school", value: "sch-1" },
    { key: "year", value: "2024/2025" },
    ...Object.entries(pairs).map(([key, value]) => ({ key, value })),
  ]);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues));
  return result.data.patch;
}

describe("mergeFacts", () => {
  it("starts the school's facts from the first patch", () => {
    const social = patch("social", { "social.students": "300", "social.remote": "Да" });
    expect(mergeFacts(undefined, social)).toEqual(social);
  });

  it("keeps what other forms filled and lets the later answer win field by field", () => {
    let facts = mergeFacts(
      undefined,
      patch("social", { "social.students": "300", "social.disabilities": "12" }),
    );
    facts = mergeFacts(facts, patch("staff", { "staff.teachers": "25" }));
    facts = mergeFacts(facts, patch("social", { "social.students": "310" }));
    expect(facts).toEqual({
      schoolId: "sch-1",
      year: "2024/2025",
      social: { students: 310, disabilities: 12 },
      staff: { teachers: 25 },
    });
  });

  it("merges subject rows by subject (ЕГЭ, ОГЭ) and by grade and subject (ВПР, РДР)", () => {
    let facts = mergeFacts(
      undefined,
      patch("gia", {
        "ege.russian.participants": "20",
        "ege.russian.meanScore": "60",
        "ege.russian.atLeast80": "2",
      }),
    );
    facts = mergeFacts(
      facts,
      patch("gia", {
        "ege.math.participants": "8",
        "ege.math.meanScore": "55",
        "ege.russian.participants": "21",
        "ege.russian.meanScore": "61,5",
      }),
    );
    expect(facts.ege).toEqual([
      { subject: "russian", participants: 21, meanScore: 61.5, atLeast80: 2 },
      { subject: "math", participants: 8, meanScore: 55 },
    ]);
    const marks = (n: string) => ({ mark2: "0", mark3: "0", mark4: "0", mark5: n });
    const vpr = (grade: number, subject: string, n: string) =>
      Object.fromEntries(
        Object.entries({ participants: n, ...marks(n) }).map(([k, v]) => [`vpr.${grade}.${subject}.${k}`, v]),
      );
    facts = mergeFacts(facts, patch("vpr", { ...vpr(5, "math", "10"), ...vpr(8, "math", "12") }));
    facts = mergeFacts(facts, patch("vpr", vpr(5, "math", "11")));
    expect(facts.vpr?.map((v) => [v.grade, v.subject, v.participants])).toEqual([
      [5, "math", 11],
      [8, "math", 12],
    ]);
  });

  it("adds up anonymous self-diagnosis answers and takes an edited answer's earlier version out", () => {
    const first = patch("selfDiagnosis", { "selfDiagnosis.deficits": ["assessment", "motivation"] });
    const second = patch("selfDiagnosis", { "selfDiagnosis.deficits": ["assessment"] });
    const third = patch("selfDiagnosis", {});
    let facts = mergeFacts(mergeFacts(mergeFacts(undefined, first), second), third);
    expect(facts.selfDiagnosis).toEqual({ respondents: 3, deficits: { assessment: 2, motivation: 1 } });
    const firstEdited = patch("selfDiagnosis", { "selfDiagnosis.deficits": ["digitalEnvironment"] });
    facts = mergeFacts(facts, firstEdited, { superseded: first });
    expect(facts.selfDiagnosis).toEqual({
      respondents: 3,
      deficits: { assessment: 1, digitalEnvironment: 1 },
    });
  });

  it("gives the same tallies whatever order the answers arrive in", () => {
    const answers = [
      patch("selfDiagnosis", { "selfDiagnosis.deficits": ["assessment"] }),
      patch("selfDiagnosis", { "selfDiagnosis.deficits": ["motivation", "assessment"] }),
      patch("selfDiagnosis", { "selfDiagnosis.deficits": ["teachingMethods"] }),
    ];
    const forward = answers.reduce<SchoolYearFacts | undefined>((f, p) => mergeFacts(f, p), undefined);
    const backward = [...answers]
      .reverse()
      .reduce<SchoolYearFacts | undefined>((f, p) => mergeFacts(f, p), undefined);
    expect(backward).toEqual(forward);
  });

  it("does not modify its inputs", () => {
    const existing = Object.freeze(patch("social", { "social.students": "300" }));
    const next = Object.freeze(patch("social", { "social.students": "301" }));
    const before = JSON.stringify([existing, next]);
    mergeFacts(existing, next);
    expect(JSON.stringify([existing, next])).toBe(before);
  });

  it("refuses to merge another school's facts (a caller bug)", () => {
    const a = patch("staff", { "staff.teachers": "5" });
    expect(() => mergeFacts({ ...a, schoolId: "sch-2" }, a)).toThrow();
  });
});
