// Dataset v1's new optional fields (external ids, ВПР task results, mark boundaries): accepted when right, refused in Russian when not.
import { describe, expect, it } from "vitest";
import type { Dataset, VprTasks } from "../../functions/src/contract/dataset.js";
import { parseDataset } from "../../functions/src/contract/parse-dataset.js";
import { formatIssue } from "../../functions/src/contract/validation-issue.js";

const paper: VprTasks = {
  grade: 5,
  subject: "russian",
  participants: 4,
  maxScore: 3,
  tasks: [
    { id: "1", level: "basic", maxPoints: 1, points: 3 },
    { id: "2К1", level: "advanced", maxPoints: 2, points: 5 },
  ],
  scores: [0, 1, 2, 1],
  grades: { "2": 0, "3": 1, "4": 2, "5": 1 },
  journal: { lower: 1, same: 2, higher: 0 },
};

function dataset(change: (d: Dataset) => void = () => undefined): Dataset {
  const d: Dataset = {
    format: "shnor-dataset",
    version: 1,
    territory: { id: "t", name: "Т" },
    schools: [
      { id: "a", name: "A", externalIds: { fisOko: "edu100001", gia: "500001" } },
      { id: "b", name: "B" },
    ],
    facts: [{ schoolId: "a", year: "2024/2025", vprTasks: [structuredClone(paper)] }],
    references: [
      {
        year: "2024/2025",
        vprBoundaries: [{ grade: 5, subject: "russian", lowest: { "3": 1, "4": 2, "5": 3 } }],
      },
    ],
  };
  change(d);
  return d;
}

/** The one paper of the fixture's one fact. */
function paperOf(d: Dataset): VprTasks {
  return (d.facts[0] as { vprTasks: VprTasks[] }).vprTasks[0] as VprTasks;
}

function issues(d: Dataset): string[] {
  const parsed = parseDataset(d);
  return parsed.success ? [] : parsed.error.issues.map(formatIssue);
}

describe("Dataset v1 additions", () => {
  it("accepts external ids, task results and mark boundaries, and a dataset without them as before", () => {
    expect(issues(dataset())).toEqual([]);
    expect(
      issues(
        dataset((d) => {
          d.facts = [];
          delete d.references;
          d.schools = [{ id: "a", name: "A" }];
        }),
      ),
    ).toEqual([]);
  });

  it.each<[string, (d: Dataset) => void, string]>([
    [
      "points above what the participants could score",
      (d) => {
        (paperOf(d).tasks[1] as { points: number }).points = 9;
      },
      "facts[0].vprTasks[0].tasks[1].points: 9 — больше, чем возможно: 2 × 4 участников (выполнение 113% — больше 100%)",
    ],
    [
      "a score distribution that does not add up",
      (d) => {
        paperOf(d).scores = [0, 1, 1, 1];
      },
      "facts[0].vprTasks[0].scores: распределение первичных баллов в сумме 3, а участников 4",
    ],
    [
      "a score distribution of the wrong length",
      (d) => {
        paperOf(d).scores = [0, 1, 2, 1, 0];
      },
      "facts[0].vprTasks[0].scores: распределение первичных баллов: 5 чисел, а нужно 4 (баллы от 0 до 3)",
    ],
    [
      "marks that do not add up",
      (d) => {
        paperOf(d).grades = { "2": 1, "3": 1, "4": 2, "5": 1 };
      },
      "facts[0].vprTasks[0].grades: сумма отметок «2»–«5» (5) не равна числу участников (4)",
    ],
    [
      "a task twice",
      (d) => {
        paperOf(d).tasks[1] = { id: "1", maxPoints: 1, points: 1 };
      },
      "facts[0].vprTasks[0].tasks[1].id: задание 1 указано дважды",
    ],
    [
      "a task worth more than the paper",
      (d) => {
        paperOf(d).tasks[0] = { id: "1", maxPoints: 4, points: 1 };
      },
      "facts[0].vprTasks[0].tasks[0].maxPoints: 4 — больше максимального первичного балла (3)",
    ],
    [
      "a paper twice in a year",
      (d) => {
        d.facts[0]?.vprTasks?.push(structuredClone(paper));
      },
      "facts[0].vprTasks[1].subject: задания ВПР 5 класс, «russian» указаны дважды за год",
    ],
    [
      "boundaries out of order",
      (d) => {
        (d.references?.[0]?.vprBoundaries?.[0] as { lowest: Record<string, number> }).lowest = {
          "3": 2,
          "4": 2,
          "5": 3,
        };
      },
      "references[0].vprBoundaries[0].lowest: границы 2, 2, 3 — балл на «3» должен быть меньше, чем на «4», а на «4» — меньше, чем на «5»",
    ],
    [
      "one ФИС ОКО login for two schools",
      (d) => {
        (d.schools[1] as { externalIds?: object }).externalIds = { fisOko: "edu100001" };
      },
      "schools[1].externalIds.fisOko: «edu100001» — этот код уже у школы «a»",
    ],
    [
      "a login that is not edu and digits",
      (d) => {
        (d.schools[1] as { externalIds?: object }).externalIds = { fisOko: "school-5" };
      },
      "schools[1].externalIds.fisOko: логин ФИС ОКО — «edu» и цифры, например edu123456",
    ],
  ])("refuses %s", (_name, change, message) => {
    expect(issues(dataset(change))).toContain(message);
  });
});
