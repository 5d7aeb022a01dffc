// The import rules of one school-year, table by table, without Firestore: precedence, replacement, undo, the same file twice.
import { describe, expect, it } from "vitest";
import type { SchoolYearFacts } from "../../functions/src/contract/dataset.js";
import {
  decideSchoolYear,
  importSourceId,
  isImportSource,
  patchKeys,
  procedureKey,
  procedureOfKey,
  type SchoolYearImport,
} from "../../functions/src/store/import-plan.js";
import type { StoredFact } from "../../functions/src/store/stored-documents.js";

const Y = "2024/2025";
const FORM = "1FAIpQLSexample~resp-1";
const F1 = importSourceId("fisoko-vpr", "a".repeat(64));
const F1_CORRECTED = importSourceId("fisoko-vpr", "b".repeat(64));
const TEMPLATE = importSourceId("template", "c".repeat(64));
const AT = "2026-03-02T09:00:00.000Z";

const vpr5 = { grade: 5, subject: "russian", participants: 4, grades: { "2": 1, "3": 1, "4": 1, "5": 1 } };
const vpr5tasks = {
  grade: 5,
  subject: "russian",
  participants: 4,
  maxScore: 3,
  tasks: [{ id: "1", level: "basic" as const, maxPoints: 3, points: 6 }],
};
const vpr8 = { grade: 8, subject: "math", participants: 2, grades: { "2": 0, "3": 1, "4": 1, "5": 0 } };

function facts(extra: Partial<SchoolYearFacts>): SchoolYearFacts {
  return { schoolId: "s1", year: Y, ...extra };
}

function run(input: Partial<SchoolYearImport>) {
  return decideSchoolYear({
    schoolId: "s1",
    year: Y,
    stored: undefined,
    removals: [],
    replace: true,
    ...input,
  });
}

describe("keys and procedures", () => {
  it("names what a patch fills as the shard's provenance does", () => {
    expect(
      patchKeys(
        facts({ social: { students: 10, remote: true }, vpr: [vpr5], vprTasks: [vpr5tasks], graduates11: 3 }),
      ),
    ).toEqual([
      "graduates11",
      "social.remote",
      "social.students",
      "vprTasks[grade=5,subject=russian]",
      "vpr[grade=5,subject=russian]",
    ]);
  });

  it("maps a key to the procedure a corrected file replaces", () => {
    expect(procedureOfKey("fisoko-vpr", "vprTasks[grade=5,subject=russian]", Y)).toBe(
      procedureKey({ kind: "vpr", year: Y, grade: 5, subject: "russian" }),
    );
    expect(procedureOfKey("gia", "ege[subject=math]", Y)).toBe("ege:2024/2025:math");
    expect(procedureOfKey("template", "social.students", Y)).toBe("form:social:2024/2025");
    expect(procedureOfKey("template", "ege[subject=math]", Y)).toBe("form:gia:2024/2025");
    expect(procedureOfKey("template", "selfDiagnosis.deficits", Y)).toBe("form:selfDiagnosis:2024/2025");
  });

  it("tells a file's source from a form's", () => {
    expect(isImportSource(F1)).toBe(true);
    expect(isImportSource(FORM)).toBe(false);
    expect(isImportSource("import:sample")).toBe(false);
  });
});

describe("decideSchoolYear", () => {
  const formStored: StoredFact = {
    facts: facts({ social: { students: 500 } }),
    sources: [{ submission: FORM, formKind: "social", submittedAt: AT, paths: ["social.students"] }],
  };

  it("the school's form wins: its value stays, a different one is listed, the rest of the file is applied", () => {
    const decision = run({
      stored: formStored,
      patch: facts({ social: { students: 480, remote: true } }),
      source: { submission: TEMPLATE, formKind: "template", submittedAt: AT },
      replace: false,
    });
    expect(decision.next?.facts.social).toEqual({ students: 500, remote: true });
    expect(decision.conflicts).toEqual([
      { schoolId: "s1", year: Y, path: "social.students", file: "480", form: "500" },
    ]);
    expect(decision.next?.sources).toEqual([
      formStored.sources[0],
      { submission: TEMPLATE, formKind: "template", submittedAt: AT, paths: ["social.remote"] },
    ]);
  });

  it("a value the form already has is no conflict", () => {
    const decision = run({
      stored: formStored,
      patch: facts({ social: { students: 500 } }),
      source: { submission: TEMPLATE, formKind: "template", submittedAt: AT },
      replace: false,
    });
    expect(decision.conflicts).toEqual([]);
    expect(decision.changed).toBe(false);
  });

  const f1Stored: StoredFact = {
    facts: facts({ social: { students: 500 }, vpr: [vpr5, vpr8], vprTasks: [vpr5tasks] }),
    sources: [
      formStored.sources[0] as StoredFact["sources"][number],
      {
        submission: F1,
        formKind: "fisoko-vpr",
        submittedAt: AT,
        paths: [
          "vpr[grade=5,subject=russian]",
          "vpr[grade=8,subject=math]",
          "vprTasks[grade=5,subject=russian]",
        ],
      },
    ],
  };

  it("the same file again changes nothing, whatever the order its values come back in", () => {
    const decision = run({
      stored: f1Stored,
      removals: [{ source: F1, format: "fisoko-vpr", procedures: "all" }],
      patch: facts({ vprTasks: [vpr5tasks], vpr: [vpr8, vpr5] }),
      source: { submission: F1, formKind: "fisoko-vpr", submittedAt: AT },
    });
    expect(decision.changed).toBe(false);
    expect(decision.next).toBe(f1Stored);
  });

  it("a corrected file replaces the earlier one's procedure only; a school it dropped loses that procedure", () => {
    const dropped = run({
      stored: f1Stored,
      removals: [{ source: F1, format: "fisoko-vpr", procedures: new Set(["vpr:2024/2025:5:russian"]) }],
    });
    expect(dropped.next?.facts).toEqual(facts({ social: { students: 500 }, vpr: [vpr8] }));
    expect(dropped.next?.sources.find((s) => s.submission === F1)?.paths).toEqual([
      "vpr[grade=8,subject=math]",
    ]);

    const corrected = run({
      stored: f1Stored,
      removals: [{ source: F1, format: "fisoko-vpr", procedures: new Set(["vpr:2024/2025:5:russian"]) }],
      patch: facts({ vpr: [{ ...vpr5, participants: 5, grades: { "2": 2, "3": 1, "4": 1, "5": 1 } }] }),
      source: { submission: F1_CORRECTED, formKind: "fisoko-vpr", submittedAt: AT },
    });
    expect(corrected.next?.facts.vpr?.find((v) => v.grade === 5)?.participants).toBe(5);
    expect(corrected.next?.facts.vprTasks).toBeUndefined();
  });

  it("undo removes what the file still owns and nothing a form gave", () => {
    const undone = run({
      stored: f1Stored,
      removals: [{ source: F1, format: "fisoko-vpr", procedures: "all" }],
    });
    expect(undone.next).toEqual(formStored);
  });

  it("undo of a school-year that only the file filled leaves nothing", () => {
    const stored: StoredFact = {
      facts: facts({ vprTasks: [vpr5tasks] }),
      sources: [
        {
          submission: F1,
          formKind: "fisoko-vpr",
          submittedAt: AT,
          paths: ["vprTasks[grade=5,subject=russian]"],
        },
      ],
    };
    const undone = run({ stored, removals: [{ source: F1, format: "fisoko-vpr", procedures: "all" }] });
    expect(undone).toMatchObject({ next: undefined, changed: true });
  });

  it("a later file takes over a key an earlier file gave; undoing the later one leaves the key empty", () => {
    const fromTemplate: StoredFact = {
      facts: facts({ vpr: [vpr5] }),
      sources: [
        {
          submission: TEMPLATE,
          formKind: "template",
          submittedAt: AT,
          paths: ["vpr[grade=5,subject=russian]"],
        },
      ],
    };
    const after = run({
      stored: fromTemplate,
      patch: facts({ vpr: [{ ...vpr5, participants: 8, grades: { "2": 2, "3": 2, "4": 2, "5": 2 } }] }),
      source: { submission: F1, formKind: "fisoko-vpr", submittedAt: AT },
    });
    expect(after.next?.sources).toEqual([
      { submission: F1, formKind: "fisoko-vpr", submittedAt: AT, paths: ["vpr[grade=5,subject=russian]"] },
    ]);
    expect(after.conflicts).toEqual([]);
  });

  it("a file that would break the dataset's rules together with the school's answers is refused", () => {
    const stored: StoredFact = {
      facts: facts({ graduates11: 10 }),
      sources: [{ submission: FORM, formKind: "gia", submittedAt: AT, paths: ["graduates11"] }],
    };
    const decision = run({
      stored,
      patch: facts({ noCertificate11: 12 }),
      source: { submission: TEMPLATE, formKind: "template", submittedAt: AT },
      replace: false,
    });
    expect(decision.issues).toEqual([{ path: "noCertificate11", message: expect.stringMatching(/12.*10/) }]);
  });
});
