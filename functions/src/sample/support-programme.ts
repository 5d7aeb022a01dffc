// The sample's support programme of the year after its facts (roadmap, working-group meetings) and the coordinator's partner pins.
import { startYear } from "../contract/academic-year.js";
import type { Dataset } from "../contract/dataset.js";
import { SAMPLE_SCHOOL_IDS } from "./planted-schools.js";
import type { Profile } from "./sample-profile.js";

/**
 * The support programme of the year after the last year of facts (identification on 2025/2026 results, support
 * in 2026/2027), after the roadmap of seed 002 and the working group's rules: dated measures, some done, some late,
 * and three meetings — one with a quorum, one without, one with a tie the chair decides.
 */
export function supportProgramme(
  lastYear: string,
  planted: readonly Profile[],
): Pick<Dataset, "roadmap" | "meetings"> {
  const y = startYear(lastYear) + 1;
  const next = y + 1;
  const at = (year: number, month: number, day: number) =>
    `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const listed = planted.filter(
    (p) => p.id === SAMPLE_SCHOOL_IDS.lowResults || p.id === SAMPLE_SCHOOL_IDS.resilient,
  );
  return {
    roadmap: [
      {
        id: "1.1",
        title:
          "Мониторинг образовательных результатов и внешних социальных условий, идентификация ШНОР и ШНСУ",
        from: at(y, 9, 1),
        to: at(y, 10, 31),
        responsible: "Отдел образования",
        expectedResult: "Перечень ШНОР и ШНСУ",
        done: at(y, 11, 5),
      },
      {
        id: "1.2",
        title: "Партнёрские договоры школ ШНОР и ШНСУ со школами-наставниками",
        from: at(y, 10, 1),
        to: at(y, 11, 30),
        responsible: "Руководители ОО",
        schoolIds: listed.map((p) => p.id),
      },
      {
        id: "2.1",
        title: "Школьные программы повышения качества образования (перехода в эффективный режим)",
        from: at(y, 10, 15),
        to: at(y, 12, 25),
        responsible: "Руководители ОО",
      },
      {
        id: "2.2",
        title: "Адресные КПК учителей по итогам диагностики профессиональных дефицитов",
        from: at(next, 1, 12),
        to: at(next, 4, 30),
        responsible: "ИМЦ",
      },
      {
        id: "2.3",
        title: "Методический семинар по критериям оценивания ВПР",
        from: at(next, 2, 2),
        to: at(next, 3, 13),
        responsible: "ИМЦ",
      },
      {
        id: "3.1",
        title: "Итоговый мониторинг, анализ динамики, отчёт рабочей группы",
        from: at(next, 5, 4),
        to: at(next, 6, 30),
        responsible: "Муниципальный координатор",
      },
    ],
    meetings: [
      {
        date: at(y, 9, 18),
        members: 9,
        present: 7,
        chairPresent: true,
        decisions: [{ title: "Утвердить дорожную карту на учебный год", for: 7, against: 0 }],
      },
      {
        date: at(y, 10, 29),
        members: 9,
        present: 4,
        chairPresent: true,
        decisions: [{ title: "Утвердить пары школ и наставников", for: 4, against: 0 }],
      },
      {
        date: at(y, 11, 12),
        members: 9,
        present: 6,
        chairPresent: true,
        decisions: [
          { title: "Утвердить пары школ и наставников", for: 6, against: 0 },
          { title: "Перенести итоговый мониторинг на июнь", for: 3, against: 3, chairVotedFor: false },
        ],
      },
    ],
  };
}

/**
 * The coordinator's pins of the schools' partner agreements (`Profile.partner`), for the partners that are in the
 * registry; none when there are none, so a small sample carries no empty list.
 */
export function partnerPins(profiles: readonly Profile[]): Pick<Dataset, "pins"> {
  const ids = new Set(profiles.map((p) => p.id));
  const pins: NonNullable<Dataset["pins"]> = [];
  for (const p of profiles) {
    if (p.partner !== undefined && ids.has(p.partner)) pins.push({ menteeId: p.id, mentorId: p.partner });
  }
  return pins.length > 0 ? { pins } : {};
}
