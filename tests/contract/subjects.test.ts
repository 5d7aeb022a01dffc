// One subject vocabulary: the names the forms, the tabs, the imports and the reports print are the contract's, and what is printed is read back.
import { describe, expect, it } from "vitest";
import { REFERENCE_SUBJECTS } from "../../functions/src/catalog/coordinator-tabs.js";
import { FORMS, formFields } from "../../functions/src/catalog/form-catalog.js";
import { subjectLabel } from "../../functions/src/contract/labels.js";
import { SUBJECT_NAMES, subjectName, subjectTitle } from "../../functions/src/contract/subjects.js";
import { subjectFromName } from "../../functions/src/import/vocabulary.js";

describe("subject vocabulary", () => {
  it("the report, the sheet and the import name a subject alike («математика (база)» had drifted from the forms)", () => {
    for (const code of Object.keys(SUBJECT_NAMES)) {
      expect(subjectLabel(code)).toBe(subjectName(code));
    }
    expect(subjectName("math_base")).toBe("математика (базовый уровень)");
  });

  it("reads back every name it prints: an imported file written with our names is understood", () => {
    for (const code of Object.keys(SUBJECT_NAMES)) {
      expect(subjectFromName(subjectName(code)), code).toBe(code);
      expect(subjectFromName(subjectTitle(code)), code).toBe(code);
    }
  });

  it("the «Эталоны» tab offers the contract's names", () => {
    for (const { value, label } of REFERENCE_SUBJECTS) expect(label).toBe(subjectTitle(value));
  });

  it("the forms ask in the contract's words (the ЕГЭ of basic mathematics is named as the report names it)", () => {
    const titles = FORMS.flatMap((form) => formFields(form).map((field) => field.title));
    expect(titles.some((t) => t.includes(subjectName("math_base")))).toBe(true);
    expect(titles.some((t) => t.includes("(база)"))).toBe(false);
  });

  it("shows an unknown code as it is, including names of Object's own properties", () => {
    expect(subjectName("astronomy")).toBe("astronomy");
    expect(subjectName("constructor")).toBe("constructor");
  });
});
