// The sample territory with one meeting of the working group and the order it led to: the decision documents' fixture.
import type { Dataset, Meeting, School } from "../../../functions/src/contract/dataset.js";
import type { Approval } from "../../../functions/src/contract/decision-cycle.js";
import { generateSampleTerritory, SAMPLE_DEFAULTS } from "../../../functions/src/sample/sample-territory.js";

const sample = generateSampleTerritory({ ...SAMPLE_DEFAULTS }) as Dataset;
/** The sample's first three schools: one the meeting excludes, two the order lists (the third named like markup). */
function firstThree(schools: readonly School[]): [School, School, School] {
  const [a, b, c] = schools;
  if (a === undefined || b === undefined || c === undefined) throw new Error("sample too small");
  return [a, b, c];
}
export const [first, second, third] = firstThree(sample.schools);
// a name that would be markup: the documents must print it as text
export const dataset: Dataset = {
  ...sample,
  schools: sample.schools.map((s) => (s.id === third.id ? { ...s, name: "<script>alert(1)</script>" } : s)),
};

export const exclude: NonNullable<Meeting["decisions"]>[number] = {
  title: "Не включать школу в список ШНОР",
  action: "exclude",
  schoolIds: [first.id],
  lists: ["lowResults"],
  grounds: "данные ГИА исправлены школой",
  dissent: "Сидорова Е. И.: оставить школу под наблюдением",
  for: 4,
  against: 1,
  abstained: 2,
};

export const meeting: Meeting = {
  date: "2026-05-28",
  protocol: "6",
  members: 9,
  present: 7,
  chairPresent: true,
  chair: "Иванова А. П.",
  secretary: "Петров С. В.",
  attendees: ["Иванова А. П.", "Петров С. В.", "Сидорова Е. И."],
  decisions: [
    exclude,
    {
      title: "Утвердить списки ШНОР и ШНСУ",
      action: "approveLists",
      for: 3,
      against: 3,
      chairVotedFor: true,
    },
  ],
};

export const approval: Approval = {
  version: 1,
  year: "2025/2026",
  order: { number: "128-од", date: "2026-05-29" },
  reason: "decision",
  meeting: { date: "2026-05-28", protocol: "6" },
  draft: 1,
  schools: [
    {
      schoolId: second.id,
      categories: ["lowResults"],
      grounds: ["контекстный результат в нижних 20% кластера"],
    },
    { schoolId: third.id, categories: ["lowResults", "adverseSocial"], grounds: ["ИСБ в нижних 20%"] },
  ],
};

/** `dataset` with the meeting and its order: what `shnor report` writes the order and the protocol for. */
export const withDecisions: Dataset = {
  ...dataset,
  meetings: [...(dataset.meetings ?? []), meeting],
  approvals: [approval],
};
