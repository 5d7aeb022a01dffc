// Contract tests: every kind of bad Dataset v1 is refused with a Russian message that names the field.
import { describe, expect, it } from "vitest";
import type { Dataset } from "../../functions/src/contract/dataset.js";
import { parseDataset, parseDatasetJson } from "../../functions/src/contract/parse-dataset.js";
import { factsFor } from "../domain/territory-fixture.js";

function valid(): Dataset {
  return {
    format: "shnor-dataset",
    version: 1,
    territory: { id: "t1", name: "Тестовый район", timeZone: "Europe/Moscow" },
    schools: [
      { id: "a", name: "СОШ №1", kind: "school", emails: ["sosh1@example.org"] },
      { id: "b", name: "Лицей", kind: "lyceum" },
    ],
    facts: [
      factsFor({ id: "a", conditions: 0.5, results: [] }, "2024/2025", 0.5),
      factsFor({ id: "b", conditions: 0.8, results: [] }, "2024/2025", 0.8),
    ],
    references: [{ year: "2024/2025", ege: [{ subject: "russian", meanScore: 68.2 }] }],
    roadmap: [{ id: "r1", title: "Мониторинг", from: "2025-01-10", to: "2025-02-28" }],
    meetings: [
      {
        date: "2025-03-01",
        members: 7,
        present: 5,
        decisions: [{ title: "Утвердить план", for: 4, against: 1 }],
      },
    ],
    pins: [{ menteeId: "a", mentorId: "b" }],
  };
}

type Mutation = (d: Dataset) => void;
const fact = (d: Dataset, i = 0) => d.facts[i] as NonNullable<Dataset["facts"][number]>;

const cases: { name: string; mutate: Mutation; path: string; words: string }[] = [
  {
    name: "count above participants",
    mutate: (d) => {
      const ege = fact(d).ege?.[0];
      if (ege) Object.assign(ege, { participants: 12, atLeast80: 15, belowMinimum: 0 });
    },
    path: "facts[0].ege[0].atLeast80",
    words: "15 — больше, чем участников (12)",
  },
  {
    name: "social count above students",
    mutate: (d) => Object.assign(fact(d).social ?? {}, { students: 100, nonNativeRussian: 140 }),
    path: "facts[0].social.nonNativeRussian",
    words: "больше, чем обучающихся (100)",
  },
  {
    name: "ВПР marks not summing to participants",
    mutate: (d) => Object.assign(fact(d).vpr?.[0] ?? {}, { participants: 999 }),
    path: "facts[0].vpr[0].grades",
    words: "не равна числу участников (999)",
  },
  {
    name: "year not consecutive",
    mutate: (d) => Object.assign(fact(d), { year: "2024/2026" }),
    path: "facts[0].year",
    words: "на единицу больше",
  },
  {
    name: "year in a wrong form",
    mutate: (d) => Object.assign(fact(d), { year: "2024-2025" }),
    path: "facts[0].year",
    words: "2024/2025",
  },
  {
    name: "facts for a school outside the registry",
    mutate: (d) => Object.assign(fact(d, 1), { schoolId: "zzz" }),
    path: "facts[1].schoolId",
    words: "нет в реестре",
  },
  {
    name: "two facts for one school and year",
    mutate: (d) => Object.assign(fact(d, 1), { schoolId: "a" }),
    path: "facts[1]",
    words: "указаны дважды",
  },
  {
    name: "a negative count",
    mutate: (d) => Object.assign(fact(d), { graduates9: -3 }),
    path: "facts[0].graduates9",
    words: "не меньше 0",
  },
  {
    name: "a fractional count",
    mutate: (d) => Object.assign(fact(d).social ?? {}, { students: 10.5 }),
    path: "facts[0].social.students",
    words: "целое",
  },
  {
    name: "text where a number belongs",
    mutate: (d) => Object.assign(fact(d).social ?? {}, { students: "много" }),
    path: "facts[0].social.students",
    words: "«много» — ожидается число",
  },
  {
    name: "an unknown field (a typo)",
    mutate: (d) => Object.assign(fact(d), { graduates09: 5 }),
    path: "facts[0].graduates09",
    words: "неизвестное поле",
  },
  {
    name: "an unknown methodology setting",
    mutate: (d) => Object.assign(d, { methodology: { lowResults: { clusterShar: 0.3 } } }),
    path: "methodology.lowResults.clusterShar",
    words: "неизвестное поле",
  },
  {
    name: "a methodology setting out of range",
    mutate: (d) => Object.assign(d, { methodology: { lowResults: { clusterShare: 1.5 } } }),
    path: "methodology.lowResults.clusterShare",
    words: "не больше 1",
  },
  {
    name: "a duplicate school id",
    mutate: (d) => Object.assign(d.schools[1] ?? {}, { id: "a" }),
    path: "schools[1].id",
    words: "повторяется",
  },
  {
    name: "an unknown time zone",
    mutate: (d) => Object.assign(d.territory, { timeZone: "Moscow" }),
    path: "territory.timeZone",
    words: "часовой пояс",
  },
  {
    name: "a date that does not exist",
    mutate: (d) => Object.assign(d.roadmap?.[0] ?? {}, { to: "2025-02-30" }),
    path: "roadmap[0].to",
    words: "такой даты нет",
  },
  {
    name: "more present than members",
    mutate: (d) => Object.assign(d.meetings?.[0] ?? {}, { present: 9 }),
    path: "meetings[0].present",
    words: "больше, чем членов рабочей группы (7)",
  },
  {
    name: "a pin to an unknown mentor",
    mutate: (d) => Object.assign(d.pins?.[0] ?? {}, { mentorId: "nope" }),
    path: "pins[0].mentorId",
    words: "нет в реестре",
  },
  {
    name: "wrong format",
    mutate: (d) => Object.assign(d, { format: "shnor-results" }),
    path: "format",
    words: "shnor-dataset",
  },
  {
    name: "unsupported version",
    mutate: (d) => Object.assign(d, { version: 2 }),
    path: "version",
    words: "версия 1",
  },
];

describe("Dataset v1 contract", () => {
  it("accepts a valid dataset and fills the documented defaults", () => {
    const parsed = parseDataset(valid());
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(parsed.data.settings.minN).toBe(10);
  });

  it.each(cases)("refuses $name, naming $path", ({ mutate, path, words }) => {
    const dataset = valid();
    mutate(dataset);
    const parsed = parseDataset(dataset);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const issue = parsed.error.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(parsed.error.issues)).toBeDefined();
    expect(issue?.message).toContain(words);
    expect(issue?.message).toMatch(/[а-яё]/i);
  });

  it("reports every problem at once, not only the first", () => {
    const dataset = valid();
    Object.assign(fact(dataset), { graduates9: -1 });
    Object.assign(fact(dataset, 1), { year: "2024/2026" });
    const parsed = parseDataset(dataset);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues.length).toBeGreaterThanOrEqual(2);
  });

  it("turns broken JSON into an issue instead of an exception", () => {
    const parsed = parseDatasetJson("{ not json");
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.message).toContain("не JSON");
  });
});
