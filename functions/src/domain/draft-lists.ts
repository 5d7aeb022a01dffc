// A numbered draft of the lists from today's computation: who is on which list and why, and the review deadline in working days.
import type { Dataset } from "../contract/dataset.js";
import type { Draft, DraftSchool } from "../contract/decision-cycle.js";
import type { Results } from "../contract/results.js";
import type { IsoDate } from "./academic-calendar.js";
import { listCategories } from "./approved-lists.js";
import { addWorkingDays, type WorkingCalendar } from "./working-days.js";

export interface DraftInput {
  number: number;
  createdAt: string;
  createdBy: string;
  /** The day, in the territory's zone. */
  date: IsoDate;
  dataVersion: number;
  reviewWorkingDays: number;
  calendar: WorkingCalendar;
}

/**
 * The preset the results were computed with, when the method names one (issue 12's presets put it in the effective
 * settings as `preset`); null otherwise.
 */
export function presetOf(results: Results): string | null {
  const preset = results.methodology.settings.preset;
  return typeof preset === "string" ? preset : null;
}

/**
 * The draft of the lists: every school the computation puts on ШНОР or ШНСУ, with the reasons of those lists and
 * the school's registry e-mails, in the results' order; the review deadline is the `reviewWorkingDays`-th working
 * day after `date` (the federal holidays of ст. 112 and the territory's «Нерабочие дни» are not counted). Pure.
 */
export function draftFromResults(results: Results, dataset: Dataset, input: DraftInput): Draft {
  const registry = new Map(dataset.schools.map((s) => [s.id, s]));
  const schools: DraftSchool[] = [];
  for (const s of results.schools) {
    const categories = listCategories(s.categories);
    if (categories.length === 0) continue;
    const school = registry.get(s.schoolId);
    schools.push({
      schoolId: s.schoolId,
      name: school?.name ?? s.name ?? s.schoolId,
      categories,
      reasons: s.reasons.flatMap((r) =>
        r.category === "lowResults" || r.category === "adverseSocial"
          ? [{ category: r.category, text: r.text }]
          : [],
      ),
      emails: school?.emails ?? [],
    });
  }
  return {
    number: input.number,
    createdAt: input.createdAt,
    createdBy: input.createdBy,
    date: input.date,
    year: results.year,
    methodology: { version: results.methodology.version, preset: presetOf(results) },
    dataVersion: input.dataVersion,
    reviewWorkingDays: input.reviewWorkingDays,
    reviewDeadline: addWorkingDays(input.date, input.reviewWorkingDays, input.calendar),
    schools,
  };
}

/**
 * Whether `next` would tell the schools exactly what `latest` told them: the same year, day, method and preset,
 * review period and deadline, and the same schools with the same lists, reasons and addresses. The number, the
 * time, the author and the data version (which the draft itself moves) are not compared. A repeated
 * «Сформировать проект списков» (a double click, the script retrying a call whose answer was lost) would
 * otherwise make a second draft and send every school its letter again. O(schools).
 * @example sameDraft(draft, { ...draft, number: 2, dataVersion: draft.dataVersion + 1 }) // true
 */
export function sameDraft(latest: Draft, next: Draft): boolean {
  const told = (d: Draft) =>
    JSON.stringify([d.year, d.date, d.methodology, d.reviewWorkingDays, d.reviewDeadline, d.schools]);
  return told(latest) === told(next);
}
