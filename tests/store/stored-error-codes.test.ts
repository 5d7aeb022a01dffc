// Errors stored before SubmissionError.code: read with the code their field gave, so they answer as they did.
import { describe, expect, it } from "vitest";
import { SubmissionDocSchema, type SubmissionStatus } from "../../functions/src/store/stored-documents.js";

const oldDoc = (status: SubmissionStatus, errors: { field: string; message: string }[]) => ({
  territoryId: "t",
  formId: "f",
  responseId: "r",
  formKind: "social",
  versionId: "v",
  submittedAt: "2026-03-01T10:00:00Z",
  settledAt: "2026-03-01T10:00:01Z",
  status,
  errors,
  settledVersions: 1,
});

describe("a submission stored before errors had codes", () => {
  it.each([
    ["rejected", "respondentEmail", "respondent_not_allowed"],
    ["pending", "respondentEmail", "respondent_unconfirmed"],
    ["rejected", "social.students", "unclassified"],
    ["rejected", "schoolId", "unclassified"],
  ] as const)("a %s response's «%s» reason reads as %s, its text unchanged", (status, field, code) => {
    const doc = SubmissionDocSchema.parse(oldDoc(status, [{ field, message: "причина" }]));
    expect(doc.errors).toEqual([{ code, field, message: "причина" }]);
  });

  it("keeps the code of a reason stored with one", () => {
    const stored = { code: "unknown_school", field: "schoolId", message: "нет в реестре" };
    expect(SubmissionDocSchema.parse({ ...oldDoc("rejected", []), errors: [stored] }).errors).toEqual([
      stored,
    ]);
  });

  it("refuses a code outside the closed set", () => {
    const stored = { code: "whatever", field: "schoolId", message: "нет" };
    expect(SubmissionDocSchema.safeParse({ ...oldDoc("rejected", []), errors: [stored] }).success).toBe(
      false,
    );
  });
});
