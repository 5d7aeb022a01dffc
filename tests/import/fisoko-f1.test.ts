// The Ф1 import as a coordinator sees it: school aggregates and task rates from participant rows, columns found by their headers.
import { describe, expect, it } from "vitest";
import { importFile } from "../../functions/src/import/import-file.js";
import { describeImportIssue } from "../../functions/src/import/import-issue.js";
import type { ImportReport } from "../../functions/src/import/import-result.js";
import { createRandom } from "../../functions/src/sample/seeded-random.js";
import { type F1Options, f1Rows, PARTICIPANTS, REGISTRY, xlsxBytes } from "./support/import-fixture.js";

async function importF1(
  options: F1Options = {},
  participants = PARTICIPANTS,
  format: "auto" | "fisoko-vpr" = "auto",
) {
  const bytes = await xlsxBytes({ "Индивидуальные результаты": f1Rows(participants, options) });
  return importFile(bytes, "f1.xlsx", { format, schools: REGISTRY });
}

async function report(options: F1Options = {}, participants = PARTICIPANTS): Promise<ImportReport> {
  const outcome = await importF1(options, participants);
  if (!outcome.success) throw new Error(outcome.error.issues.map(describeImportIssue).join("\n"));
  return outcome.data;
}

describe("ФИС ОКО «Ф1 Индивидуальные результаты»", () => {
  it("turns participant rows into the school's marks, register comparison, task points and score distribution", async () => {
    const data = await report();
    expect(data.format).toBe("fisoko-vpr");
    expect(data.procedures).toEqual([{ kind: "vpr", year: "2024/2025", grade: 5, subject: "russian" }]);
    expect(data.facts).toEqual([
      {
        schoolId: "sch-1",
        year: "2024/2025",
        vprTasks: [
          {
            grade: 5,
            subject: "russian",
            participants: 5,
            maxScore: 6,
            tasks: [
              { id: "1", level: "basic", maxPoints: 2, points: 7 },
              { id: "2", level: "basic", maxPoints: 1, points: 3 },
              { id: "3.1", level: "advanced", maxPoints: 1, points: 2 },
              { id: "3.2", level: "basic", maxPoints: 2, points: 5 },
            ],
            scores: [1, 0, 0, 1, 2, 0, 1],
            grades: { "2": 1, "3": 1, "4": 2, "5": 1 },
            journal: { lower: 2, same: 1, higher: 1 },
          },
        ],
        // Grade 5 Russian is a paper the method reads: its marks feed the results index too.
        vpr: [
          {
            grade: 5,
            subject: "russian",
            participants: 5,
            grades: { "2": 1, "3": 1, "4": 2, "5": 1 },
            journal: { lower: 2, same: 1, higher: 1 },
          },
        ],
      },
    ]);
    expect(data.rows).toEqual({ read: 7, taken: 5 });
  });

  it("lists a school that is not in the registry with the closest registry names, and applies the rest", async () => {
    const data = await report();
    expect(data.schools.matched).toEqual([
      { schoolId: "sch-1", by: "externalId", fileName: "edu100001", fileCode: "edu100001", rows: 5 },
    ]);
    expect(data.schools.unmatched).toHaveLength(1);
    const [unmatched] = data.schools.unmatched;
    expect(unmatched?.fileName).toBe("МБОУ «Сосновская СОШ»");
    expect(unmatched?.fileCode).toBe("edu999999");
    expect(unmatched?.rows).toBe(2);
    expect(unmatched?.suggestions[0]?.schoolId).toBe("sosnovka");
  });

  it("keeps papers the method does not read as task results only", async () => {
    const data = await report({
      title: "ВПР 2025 История 6 класс",
      preamble: [
        ["Максимальный первичный балл", 6],
        ["Дата", "15.04.2025"],
      ],
    });
    expect(data.procedures).toEqual([{ kind: "vpr", year: "2024/2025", grade: 6, subject: "history" }]);
    expect(data.facts[0]?.vpr).toBeUndefined();
    expect(data.facts[0]?.vprTasks?.[0]?.subject).toBe("history");
  });

  it("finds every column by its header: shuffled columns and extra ones (ФИО, Пол) give the same facts", async () => {
    const plain = await report();
    const rng = createRandom(11);
    const shuffled = await report({
      extra: {
        ФИО: (p) => p.name ?? null,
        Пол: (_p, i) => (i % 2 ? "М" : "Ж"),
        "Дата рождения": () => "01.02.2014",
      },
      order: (headers) => {
        const out = [...headers];
        for (let i = out.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [out[i], out[j]] = [out[j] as string, out[i] as string];
        }
        return out;
      },
    });
    expect(shuffled.facts).toEqual(plain.facts);
    expect(shuffled.ignoredColumns.map((c) => c.column).sort()).toEqual(["Дата рождения", "Пол", "ФИО"]);
  });

  it("reads the school from school rows «Название ОО (eduNNN) | Кол-во участников: N» when there is no «ОО» column", async () => {
    const bytes = await xlsxBytes({
      Ф1: [
        ["ВПР 2025 Математика 5 класс"],
        ["Предмет: Математика"],
        ["Максимальный первичный балл: 3"],
        ["Дата", "22.04.2025"],
        ["Код участника", "1 (1б)", "2 (2б)", "Первичный балл", "Отметка", "Отметка по журналу"],
        ["МБОУ «СОШ № 2» (edu100002) | Кол-во участников: 2"],
        [20001, 1, 2, 3, 5, 5],
        [20002, 0, 1, 1, 3, 4],
        ["Название ОО (edu100001) | Кол-во участников: 1"],
        [20001, 1, 0, 1, 3, 3],
      ],
    });
    const outcome = await importFile(bytes, "f1.xlsx", { format: "auto", schools: REGISTRY });
    expect(outcome.success).toBe(true);
    if (!outcome.success) return;
    expect(
      outcome.data.facts.map((f) => [f.schoolId, f.vpr?.[0]?.participants, f.vpr?.[0]?.subject]),
    ).toEqual([
      ["sch-1", 1, "math"],
      ["sch-2", 2, "math"],
    ]);
    expect(outcome.data.facts[1]?.vprTasks?.[0]?.tasks.map((t) => t.level)).toEqual([undefined, undefined]);
  });

  it.each([
    ["01.10.2024", "ВПР 2024 Русский язык 5 класс", "2024/2025"],
    ["15.04.2025", "ВПР 2025 Русский язык 5 класс", "2024/2025"],
    ["20.09.2025", "ВПР 2025 Русский язык 5 класс", "2025/2026"],
    ["2025-12-01", "ВПР 2025 Русский язык 5 класс", "2025/2026"],
  ])(
    "a ВПР written on %s (%s) belongs to the academic year %s: September–December of Y is Y/Y+1",
    async (date, title, year) => {
      const data = await report({ title, date, maxScore: 6 });
      expect(data.facts[0]?.year).toBe(year);
    },
  );

  it("reads a date cell stored as an Excel date", async () => {
    const data = await report({ date: new Date(Date.UTC(2025, 3, 15)) });
    expect(data.facts[0]?.year).toBe("2024/2025");
  });

  it("matches schools by an unambiguous name when the registry has no ФИС ОКО login", async () => {
    const participants = PARTICIPANTS.map((p) => ({
      ...p,
      school: "edu777777",
      schoolName: "МАОУ «Лицей №7»",
    }));
    const data = await report({}, participants.slice(0, 3));
    expect(data.schools.matched).toEqual([
      { schoolId: "lyceum", by: "name", fileName: "МАОУ «Лицей №7»", fileCode: "edu777777", rows: 3 },
    ]);
  });
});
