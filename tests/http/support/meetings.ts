// The working group as the decision-cycle tests write it on «Рабочая группа»: the chair and secretary, a decision to approve the lists whole.
import type { Meeting } from "../../../functions/src/contract/dataset.js";

/** The chair (present) and the secretary of every meeting in the tests. */
export const CHAIR = {
  chair: "Иванова Анна Петровна",
  secretary: "Петров Сергей Викторович",
  chairPresent: true,
} as const;

type Decision = NonNullable<Meeting["decisions"]>[number];

/** «Утвердить списки целиком» of `year`, carried 7 to 0. */
export function approveLists(year = "2025/2026"): Decision {
  return {
    title: `Утвердить списки ШНОР и ШНСУ на ${year} учебный год`,
    action: "approveLists",
    for: 7,
    against: 0,
  };
}

/**
 * «Не включать МБОУ «СОШ № 8» в список ШНОР», carried 6 to 1: the working group's answer to the objection the
 * tests send for sch-00015, the sample's school nearest the ШНОР border.
 */
export const EXCLUDE_SOSH_8: Decision = {
  title: "Не включать МБОУ «СОШ № 8» в список ШНОР",
  action: "exclude",
  schoolIds: ["sch-00015"],
  lists: ["lowResults"],
  for: 6,
  against: 1,
};
