// Catalog 2026.3, the data the seed programmes' criteria need (issue 12 §3): ВПР of grade 4 with the mean primary score, contest participants; answers to forms built from 2026.2 stay valid.
import { describe, expect, it } from "vitest";
import { CATALOG_VERSION, findForm, formFields } from "../../functions/src/catalog/form-catalog.js";
import {
  parseSubmissionAnswers,
  type SubmissionAnswer,
} from "../../functions/src/catalog/submission-answers.js";
import { SchoolYearFactsSchema } from "../../functions/src/contract/dataset.js";
import { parseSubmissionEnvelope } from "../../functions/src/http/submission-envelope.js";

const who: SubmissionAnswer[] = [
  { key: "school", value: "МБОУ «СОШ № 3» [sch-3]" },
  { key: "year", value: "2025-2026" },
];

function accepted(kind: string, pairs: Record<string, SubmissionAnswer["value"]>) {
  const list = [...who, ...Object.entries(pairs).map(([key, value]) => ({ key, value }))];
  const result = parseSubmissionAnswers(kind, list);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 1));
  return result.data;
}

describe("catalog 2026.3", () => {
  it("is a new version, so forms built earlier are told apart", () => {
    expect(CATALOG_VERSION).toBe("2026.3");
  });

  it("asks for ВПР of grade 4 in русский язык, математика and окружающий мир with the mean primary score", () => {
    const data = accepted("vpr", {
      "vpr.4.world_around.participants": "40",
      "vpr.4.world_around.mark2": "2",
      "vpr.4.world_around.mark3": "10",
      "vpr.4.world_around.mark4": "20",
      "vpr.4.world_around.mark5": "8",
      "vpr.4.world_around.meanScore": "19,6",
    });
    expect(data.patch.vpr).toContainEqual({
      grade: 4,
      subject: "world_around",
      participants: 40,
      grades: { "2": 2, "3": 10, "4": 20, "5": 8 },
      meanScore: 19.6,
    });
    expect(SchoolYearFactsSchema.safeParse(data.patch).success).toBe(true);
    const form = findForm("vpr");
    if (!form) throw new Error("no ВПР form");
    const titles = formFields(form).map((f) => f.title);
    for (const subject of ["русский язык", "математика", "окружающий мир"])
      expect(titles).toContain(`ВПР, 4 класс, ${subject}: средний первичный балл`);
  });

  it("counts contest participants apart from the olympiad (seed 001, 1.1: «олимпиадах и конкурсах»)", () => {
    const data = accepted("gia", {
      "olympiad.participants": "12",
      "contests.participants": "30",
    });
    expect(data.patch).toMatchObject({ olympiad: { participants: 12 }, contests: { participants: 30 } });
  });

  it("keeps answers of a form built from 2026.2 valid: the same keys, nothing new required", () => {
    const envelope = {
      format: "shnor-submission",
      version: 1,
      territoryId: "obraztsovsky",
      form: { kind: "vpr", id: "form-vpr", catalogVersion: "2026.2" },
      response: { id: "resp-1", submittedAt: "2026-03-02T09:00:00.000Z", email: "school3@example.org" },
      locale: "ru_RU",
      answers: [
        ...who,
        { key: "vpr.5.math.participants", value: "30" },
        { key: "vpr.5.math.mark2", value: "3" },
        { key: "vpr.5.math.mark3", value: "12" },
        { key: "vpr.5.math.mark4", value: "10" },
        { key: "vpr.5.math.mark5", value: "5" },
      ],
    };
    const parsed = parseSubmissionEnvelope(envelope);
    expect(parsed.success, JSON.stringify(parsed)).toBe(true);
    const data = parseSubmissionAnswers("vpr", envelope.answers);
    expect(data.success && data.data.patch.vpr).toEqual([
      { grade: 5, subject: "math", participants: 30, grades: { "2": 3, "3": 12, "4": 10, "5": 5 } },
    ]);
  });
});
