// A school's form response becomes a facts patch, or comes back with Russian messages that name the question to fix.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMS, formFields } from "../../functions/src/catalog/form-catalog.js";
import {
  parseSubmissionAnswers,
  type SubmissionAnswer,
} from "../../functions/src/catalog/submission-answers.js";
import { SchoolYearFactsSchema } from "../../functions/src/contract/dataset.js";
import { schoolYearFactsIssues } from "../../functions/src/contract/dataset-consistency.js";

const who: SubmissionAnswer[] = [
  { key: "school", value: "МБОУ «СОШ № 3» [sch-3]" },
  { key: "year", value: "2024-2025" },
];

function answers(pairs: Record<string, SubmissionAnswer["value"]>): SubmissionAnswer[] {
  return [...who, ...Object.entries(pairs).map(([key, value]) => ({ key, value }))];
}

function accepted(kind: string, list: SubmissionAnswer[]) {
  const result = parseSubmissionAnswers(kind, list);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 1));
  return result.data;
}

function rejected(kind: string, list: SubmissionAnswer[]) {
  const result = parseSubmissionAnswers(kind, list);
  if (result.success) throw new Error("accepted");
  return result.error.issues;
}

describe("parseSubmissionAnswers: accepted responses", () => {
  it("turns a social passport typed by hand into facts, with the paths it filled", () => {
    const data = accepted(
      "social",
      answers({
        "social.students": "1 200",
        "social.singleParentFamilies": "180",
        "social.disabilities": " 35 ",
        "social.notAttested": "",
        "social.remote": "Да",
        "social.infrastructureDeficit": "нет",
        "social.missingSpecialists": ["Учитель-логопед", "Педагог-психолог"],
      }),
    );
    expect(data.schoolId).toBe("sch-3");
    expect(data.year).toBe("2024/2025");
    expect(data.patch).toEqual({
      schoolId: "sch-3",
      year: "2024/2025",
      social: {
        students: 1200,
        singleParentFamilies: 180,
        disabilities: 35,
        remote: true,
        infrastructureDeficit: false,
        missingSpecialists: ["speechTherapist", "psychologist"],
      },
    });
    expect(data.provenance).toEqual([
      "social.students",
      "social.singleParentFamilies",
      "social.disabilities",
      "social.remote",
      "social.infrastructureDeficit",
      "social.missingSpecialists",
    ]);
  });

  it("puts ГИА answers into per-subject rows and leaves subjects nobody sat out", () => {
    const data = accepted(
      "gia",
      answers({
        "gia.graduates11": "24",
        "gia.noCertificate11": "0",
        "ege.russian.participants": 24,
        "ege.russian.meanScore": "68,4",
        "ege.russian.atLeast80": "5",
        "ege.russian.belowMinimum": "0",
        "ege.math_base.participants": "14",
        "ege.math_base.meanScore": "4,1",
        "gia.graduates9": "51",
        "gia.noCertificate9": "1",
        "gia.continuedTo10": "30",
        "oge.math.participants": "51",
        "oge.math.meanGrade": "3.7",
        "oge.math.failed": "2",
      }),
    );
    expect(data.patch.ege).toEqual([
      { subject: "russian", participants: 24, meanScore: 68.4, atLeast80: 5, belowMinimum: 0 },
      { subject: "math_base", participants: 14, meanScore: 4.1 },
    ]);
    expect(data.patch.oge).toEqual([{ subject: "math", participants: 51, meanGrade: 3.7, failed: 2 }]);
    expect(data.patch).toMatchObject({
      graduates11: 24,
      noCertificate11: 0,
      graduates9: 51,
      continuedTo10: 30,
    });
    expect(data.provenance).toContain("ege[subject=russian].meanScore");
  });

  it("builds ВПР rows with marks and the register comparison, and РДР rows with their grade", () => {
    const data = accepted(
      "vpr",
      answers({
        "vpr.5.russian.participants": "40",
        "vpr.5.russian.mark2": "6",
        "vpr.5.russian.mark3": "14",
        "vpr.5.russian.mark4": "15",
        "vpr.5.russian.mark5": "5",
        "vpr.5.russian.journal.lower": "12",
        "vpr.5.russian.journal.same": "25",
        "vpr.5.russian.journal.higher": "3",
        "rdr.8.math.participants": "30",
        "rdr.8.math.unsatisfactory": "4",
      }),
    );
    expect(data.patch.vpr).toEqual([
      {
        grade: 5,
        subject: "russian",
        participants: 40,
        grades: { "2": 6, "3": 14, "4": 15, "5": 5 },
        journal: { lower: 12, same: 25, higher: 3 },
      },
    ]);
    expect(data.patch.rdr).toEqual([{ subject: "math", grade: 8, participants: 30, unsatisfactory: 4 }]);
  });

  it("counts an anonymous self-diagnosis as one respondent and one per deficit area, nothing about the teacher", () => {
    const data = accepted(
      "selfDiagnosis",
      answers({ "selfDiagnosis.deficits": ["Методика преподавания предмета", "functionalLiteracy"] }),
    );
    expect(data.patch).toEqual({
      schoolId: "sch-3",
      year: "2024/2025",
      selfDiagnosis: { respondents: 1, deficits: { teachingMethods: 1, functionalLiteracy: 1 } },
    });
    const none = accepted("selfDiagnosis", answers({}));
    expect(none.patch.selfDiagnosis).toEqual({ respondents: 1, deficits: {} });
  });

  it("accepts staff and programme progress forms", () => {
    const staff = accepted(
      "staff",
      answers({ "staff.teachers": "28", "staff.under35": "4", "staff.over55": "11" }),
    );
    expect(staff.patch.staff).toEqual({ teachers: 28, under35: 4, over55: 11 });
    const support = accepted(
      "support",
      answers({
        "support.schoolProgram": "да",
        "support.programUrl": "sch3.edu.ru/prog",
        "support.eventsHeld": "7",
      }),
    );
    expect(support.patch.support).toEqual({
      schoolProgram: true,
      programUrl: "https://sch3.edu.ru/prog",
      eventsHeld: 7,
    });
  });
});

describe("parseSubmissionAnswers: rejections name the question in Russian", () => {
  const cases: [string, string, Record<string, SubmissionAnswer["value"]>, string, string][] = [
    ["a required answer missing", "social", {}, "social.students", "обязательный вопрос"],
    [
      "text where a count is",
      "social",
      { "social.students": "много" },
      "social.students",
      "«много» — ожидается число",
    ],
    [
      "a count above its range",
      "staff",
      { "staff.teachers": "20000" },
      "staff.teachers",
      "20000 — должно быть не больше 2000",
    ],
    [
      "a negative count",
      "staff",
      { "staff.teachers": "-3" },
      "staff.teachers",
      "-3 — должно быть не меньше 0",
    ],
    [
      "a mean score out of 0..100",
      "gia",
      { "ege.math.participants": "10", "ege.math.meanScore": "120" },
      "ege.math.meanScore",
      "120 — должно быть не больше 100",
    ],
    [
      "a count above its denominator",
      "social",
      { "social.students": "100", "social.disabilities": "120" },
      "social.disabilities",
      "120 — больше, чем обучающихся (100)",
    ],
    [
      "ВПР marks that do not sum to participants",
      "vpr",
      {
        "vpr.8.math.participants": "30",
        "vpr.8.math.mark2": "5",
        "vpr.8.math.mark3": "10",
        "vpr.8.math.mark4": "10",
        "vpr.8.math.mark5": "3",
      },
      "vpr.8.math.mark2",
      "сумма отметок «2»–«5» (28) не равна числу участников (30)",
    ],
    [
      "a subject section half filled",
      "gia",
      { "ege.russian.participants": "20" },
      "ege.russian.meanScore",
      "нужно заполнить: даны связанные ответы («ЕГЭ, русский язык: участники»)",
    ],
    [
      "an incomplete register comparison",
      "vpr",
      {
        "vpr.5.math.participants": "3",
        "vpr.5.math.mark2": "0",
        "vpr.5.math.mark3": "1",
        "vpr.5.math.mark4": "1",
        "vpr.5.math.mark5": "1",
        "vpr.5.math.journal.lower": "1",
      },
      "vpr.5.math.journal.same",
      "нужно заполнить",
    ],
    [
      "РДР unsatisfactory above participants",
      "vpr",
      { "rdr.5.russian.participants": "10", "rdr.5.russian.unsatisfactory": "11" },
      "rdr.5.russian.unsatisfactory",
      "11 — больше, чем участников (10)",
    ],
    [
      "continuation to grade 10 above graduates",
      "gia",
      { "gia.graduates9": "20", "gia.continuedTo10": "21" },
      "gia.continuedTo10",
      "21 — больше, чем выпускников 9 класса (20)",
    ],
    [
      "a broken URL",
      "support",
      { "support.programUrl": "сайт школы" },
      "support.programUrl",
      "это не адрес страницы",
    ],
    [
      "an unknown option",
      "social",
      { "social.students": "5", "social.missingSpecialists": "Завхоз" },
      "social.missingSpecialists",
      "нет такого варианта",
    ],
  ];

  it.each(cases)("%s", (_, kind, pairs, key, fragment) => {
    const issues = rejected(kind, answers(pairs));
    const issue = issues.find((i) => i.path === key);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    const field = FORMS.flatMap((f) => formFields(f)).find((f) => f.key === key);
    expect(issue?.message).toContain(`«${field?.title}»`);
    expect(issue?.message).toContain(fragment);
  });

  it("rejects questions the form does not have, and answers given twice", () => {
    const issues = rejected("staff", [
      ...answers({ "staff.teachers": "10", "social.students": "100", "staff.salary": "1" }),
      { key: "staff.teachers", value: "11" },
    ]);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: "social.students", message: "«social.students» — такого вопроса нет в форме «Кадры»" },
        { path: "staff.salary", message: "«staff.salary» — такого вопроса нет в форме «Кадры»" },
        {
          path: "staff.teachers",
          message: "«Число учителей» (staff.teachers): ответ на вопрос передан дважды",
        },
      ]),
    );
  });

  it("rejects a wrong academic year and an unknown form", () => {
    const year = rejected("staff", [
      { key: "school", value: "sch-1" },
      { key: "year", value: "2024/2026" },
      { key: "staff.teachers", value: "10" },
    ]);
    expect(year).toEqual([
      { path: "year", message: "«Учебный год» (year): «2024/2026» — учебный год записывается как 2024/2025" },
    ]);
    expect(rejected("exam", who)[0]?.path).toBe("form.kind");
  });

  it("reports every bad answer at once, not just the first", () => {
    const issues = rejected("social", [
      { key: "school", value: "" },
      { key: "year", value: "прошлый" },
      { key: "social.students", value: "сто" },
    ]);
    expect(issues.map((i) => i.path).sort()).toEqual(["school", "social.students", "year"]);
  });
});

describe("parseSubmissionAnswers: arbitrary input", () => {
  const keys = [...new Set(FORMS.flatMap((f) => formFields(f).map((x) => x.key)))];
  const value = fc.oneof(
    fc.string(),
    fc.constantFrom("1 200", "3,5", "Да", "нет", "2024/2025", "sch-1", "", "  ", "-1", "1e9"),
    fc.integer({ min: -10, max: 30_000 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 4 }),
    fc.anything(),
  );
  const answer = fc.record({ key: fc.oneof(fc.constantFrom(...keys), fc.string()), value });

  it("always returns a ParseResult; an accepted patch is valid Dataset v1 facts", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...FORMS.map((f) => f.kind)), fc.string()),
        fc.array(answer, { maxLength: 25 }),
        fc.boolean(),
        (kind, list, withIdentity) => {
          const all = (withIdentity ? [...who, ...list] : list) as SubmissionAnswer[];
          const result = parseSubmissionAnswers(kind, all);
          if (result.success) {
            expect(SchoolYearFactsSchema.safeParse(result.data.patch).success).toBe(true);
            expect(schoolYearFactsIssues(result.data.patch)).toEqual([]);
          } else {
            expect(result.error.issues.length).toBeGreaterThan(0);
            for (const issue of result.error.issues) {
              expect(issue.path).toBeTypeOf("string");
              expect(issue.message).toMatch(/[А-Яа-яЁё]/);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("accepts a count exactly when it is within its range and its denominator, however it is typed", () => {
    const typed = (n: number) =>
      fc.constantFrom(String(n), n.toLocaleString("ru-RU"), ` ${n} `, n as number | string, [String(n)]);
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 25_000 }).chain((s) => fc.tuple(fc.constant(s), typed(s))),
        fc.integer({ min: -5, max: 25_000 }).chain((d) => fc.tuple(fc.constant(d), typed(d))),
        ([students, studentsText], [disabled, disabledText]) => {
          const result = parseSubmissionAnswers(
            "social",
            answers({ "social.students": studentsText, "social.disabilities": disabledText }),
          );
          const inRange = (n: number) => n >= 0 && n <= 20_000;
          expect(result.success).toBe(inRange(students) && inRange(disabled) && disabled <= students);
          if (result.success) expect(result.data.patch.social).toEqual({ students, disabilities: disabled });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("does not throw on answers that are not even a list", () => {
    for (const junk of [null, undefined, 5, "x", {}, [null], [{ value: 1 }]]) {
      const result = parseSubmissionAnswers("social", junk as unknown as SubmissionAnswer[]);
      expect(result.success).toBe(false);
    }
  });
});
