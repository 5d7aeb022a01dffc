// A Forms response → envelope v1: every item kind, numbers as typed, blanks, e-mail, edits keeping the response id.
import { describe, expect, it } from "vitest";
import { answerValue, buildEnvelope } from "../../apps-script/src/submission-envelope.js";
import { CATALOG_VERSION, findForm, formFields } from "../../functions/src/catalog/form-catalog.js";
import { FakeFormResponse } from "./fakes/fake-forms.js";
import { preparedWithSchools, TERRITORY, withForms } from "./fakes/scenario.js";

const social = findForm("social");
if (!social) throw new Error("the catalog has no social form");
const socialFields = formFields(social);

function socialForm() {
  const fakes = preparedWithSchools();
  const { records, form } = withForms(fakes);
  const record = records.get("social");
  if (!record) throw new Error("no social form");
  return { fakes, record, form: form("social"), records, formOf: form };
}

describe("answers as Forms hands them over", () => {
  it.each([
    ["text as typed, decimal comma kept", "3,5", "3,5"],
    ["thousands with a space", "1 200", "1 200"],
    ["blank text", "   ", null],
    ["checkbox", ["Педагог-психолог", "Учитель-логопед"], ["Педагог-психолог", "Учитель-логопед"]],
    ["checkbox with nothing ticked", [], null],
    ["grid rows flattened", [["Да"], ["Нет", ""]], ["Да", "Нет"]],
    ["no response object", null, null],
    ["a number", 4, 4],
  ])("%s", (_label, raw, expected) => {
    expect(answerValue(raw)).toEqual(expected);
  });
});

describe("building the envelope of a response", () => {
  it("maps every item kind to its catalog key, keeps what was typed and sends unanswered questions as null", () => {
    const { record, form } = socialForm();
    const response = new FakeFormResponse({
      id: "resp-1",
      timestamp: new Date("2026-03-02T09:00:00Z"),
      email: "school1@example.org",
      answers: [
        [form.item("Школа"), "МБОУ СОШ № 1 [sch-001]"], // list
        [form.item("Учебный год"), "2025/2026"], // text with pattern
        [form.item("Число обучающихся"), "1 200"], // number typed with a space
        [form.item("Обучающиеся из неполных семей"), "3,5"], // a typo the server will reject, as typed
        [form.item("Обучающиеся с ОВЗ и дети-инвалиды"), ""], // cleared answer
        [form.item("Дефицит базовой инфраструктуры"), "Да"], // multiple choice
        [form.item("Каких специалистов нет в штате школы"), ["Педагог-психолог", "Социальный педагог"]], // checkbox
      ],
    });
    const envelope = buildEnvelope(TERRITORY, record, response, "ru_RU", "verified");
    expect(envelope).toMatchObject({
      format: "shnor-submission",
      version: 1,
      territoryId: TERRITORY,
      form: { kind: "social", id: form.id, catalogVersion: CATALOG_VERSION },
      response: {
        id: "resp-1",
        submittedAt: "2026-03-02T09:00:00.000Z",
        respondentEmail: "school1@example.org",
        editUrl: "https://docs.google.com/forms/d/e/edit?edit2=resp-1",
      },
      locale: "ru_RU",
    });
    const answers = Object.fromEntries(envelope.answers.map((a) => [a.key, a.value]));
    expect(envelope.answers.map((a) => a.key)).toEqual(socialFields.map((f) => f.key));
    expect(answers).toMatchObject({
      school: "МБОУ СОШ № 1 [sch-001]",
      year: "2025/2026",
      "social.students": "1 200",
      "social.singleParentFamilies": "3,5",
      "social.disabilities": null,
      "social.infrastructureDeficit": "Да",
      "social.missingSpecialists": ["Педагог-психолог", "Социальный педагог"],
      "social.remote": null, // never answered
    });
  });

  it("an edited response keeps its response id and carries its new time and answers", () => {
    const { record, form } = socialForm();
    const at = (time: string, students: string) =>
      buildEnvelope(
        TERRITORY,
        record,
        new FakeFormResponse({
          id: "resp-7",
          timestamp: new Date(time),
          email: "school1@example.org",
          answers: [[form.item("Число обучающихся"), students]],
        }),
        "ru_RU",
        "verified",
      );
    const first = at("2026-03-02T09:00:00Z", "120");
    const edited = at("2026-03-03T10:30:00Z", "125");
    expect(edited.response.id).toBe(first.response.id);
    expect(edited.form.id).toBe(first.form.id);
    expect(edited.response.submittedAt > first.response.submittedAt).toBe(true);
    expect(edited.answers.find((a) => a.key === "social.students")?.value).toBe("125");
  });

  it("sends no address and no edit link for the anonymous self-diagnosis, whatever Forms recorded", () => {
    const { records, formOf } = socialForm();
    const record = records.get("selfDiagnosis");
    if (!record) throw new Error("no self-diagnosis form");
    const form = formOf("selfDiagnosis");
    const envelope = buildEnvelope(
      TERRITORY,
      record,
      new FakeFormResponse({
        id: "anon-1",
        timestamp: new Date("2026-03-02T09:00:00Z"),
        email: "teacher.ivanova@example.org",
        answers: [
          [
            form.item("В каких областях вы испытываете профессиональные затруднения"),
            ["Методика преподавания предмета"],
          ],
        ],
      }),
      "ru_RU",
      "verified",
    );
    expect(envelope.response).toEqual({
      id: "anon-1",
      submittedAt: "2026-03-02T09:00:00.000Z",
      emailCollection: "none",
    });
    expect(JSON.stringify(envelope)).not.toContain("ivanova");
    expect(envelope.answers.find((a) => a.key === "selfDiagnosis.deficits")?.value).toEqual([
      "Методика преподавания предмета",
    ]);
  });

  it("leaves out an empty respondent address (the form collected none)", () => {
    const { record, form } = socialForm();
    const envelope = buildEnvelope(
      TERRITORY,
      record,
      new FakeFormResponse({
        id: "r",
        timestamp: new Date(),
        answers: [[form.item("Школа"), "x [sch-001]"]],
      }),
      "ru_RU",
      "verified",
    );
    expect("respondentEmail" in envelope.response).toBe(false);
  });
});
