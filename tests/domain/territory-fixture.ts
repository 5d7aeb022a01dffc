// A small hand-made territory for domain tests: every school's facts follow from two numbers, so tests can say why.
import type { Dataset, SchoolYearFacts } from "../../functions/src/contract/dataset.js";

export interface SchoolSpec {
  id: string;
  /** 0 = most adverse conditions, 1 = most favourable. */
  conditions: number;
  /** Results level per year (0..1), oldest first; null = no facts that year. */
  results: (number | null)[];
  kind?: "school" | "lyceum" | "gymnasium";
  smallSchool?: boolean;
  students?: number;
  /** Participants per exam (default 25). */
  participants?: number;
  flags?: { remote?: boolean; infrastructureDeficit?: boolean; missingSpecialists?: number };
  /** ВПР share of «4»+«5» override and register comparison. */
  vprQuality?: number;
  journal?: { lower: number; same: number; higher: number };
  /** Per year: share of participants failing ЕГЭ math and both ОГЭ (overrides the level's failures). */
  failShares?: (number | null)[];
}

export const YEARS = ["2023/2024", "2024/2025", "2025/2026"] as const;

function count(share: number, n: number): number {
  return Math.max(0, Math.min(n, Math.round(share * n)));
}

/** Facts of one school in one year: social shares from `conditions`, exam results from `level`. */
export function factsFor(
  spec: SchoolSpec,
  year: string,
  level: number,
  fail: number | null = null,
): SchoolYearFacts {
  const students = spec.students ?? 400;
  const c = spec.conditions;
  const p = spec.participants ?? 25;
  const vprParticipants = p * 2;
  const quality = spec.vprQuality ?? 0.2 + 0.5 * level;
  const twos = Math.min(count(0.3 * (1 - level), vprParticipants), vprParticipants);
  const good = Math.min(count(quality, vprParticipants), vprParticipants - twos);
  return {
    schoolId: spec.id,
    year,
    social: {
      students,
      bothParentsHigherEducation: count(0.05 + 0.35 * c, students),
      singleParentFamilies: count(0.35 - 0.2 * c, students),
      onPreventiveRegister: count(0.04 - 0.035 * c, students),
      nonNativeRussian: count(0.25 - 0.22 * c, students),
      disabilities: count(0.15 - 0.07 * c, students),
      difficultLifeSituation: count(0.12 - 0.1 * c, students),
      remote: spec.flags?.remote ?? false,
      infrastructureDeficit: spec.flags?.infrastructureDeficit ?? false,
      missingSpecialists: (["psychologist", "speechTherapist", "defectologist"] as const).slice(
        0,
        spec.flags?.missingSpecialists ?? 0,
      ),
    },
    ege: [
      {
        subject: "russian",
        participants: p,
        meanScore: 50 + 30 * level,
        atLeast80: count(0.25 * level, p),
        belowMinimum: count(0.1 * (1 - level), p),
      },
      {
        subject: "math",
        participants: p,
        meanScore: 35 + 35 * level,
        atLeast80: count(0.15 * level, p),
        belowMinimum: count(fail ?? 0.2 * (1 - level), p),
      },
    ],
    graduates11: p,
    noCertificate11: level < 0.15 ? 1 : 0,
    oge: [
      {
        subject: "russian",
        participants: p,
        meanGrade: 3 + 1.2 * level,
        failed: count(fail ?? 0.12 * (1 - level), p),
      },
      {
        subject: "math",
        participants: p,
        meanGrade: 2.9 + 1.2 * level,
        failed: count(fail ?? 0.18 * (1 - level), p),
      },
    ],
    graduates9: p,
    noCertificate9: level < 0.15 ? 1 : 0,
    continuedTo10: count(0.4 + 0.3 * level, p),
    vpr: [
      {
        grade: 5,
        subject: "math",
        participants: vprParticipants,
        grades: {
          "2": twos,
          "3": vprParticipants - twos - good,
          "4": good - Math.floor(good / 3),
          "5": Math.floor(good / 3),
        },
        ...(spec.journal ? { journal: spec.journal } : {}),
      },
    ],
    olympiad: { participants: count(0.02 + 0.06 * level, students) },
  };
}

/** A Dataset v1 of the given schools over the three fixture years. */
export function territory(specs: readonly SchoolSpec[], methodology?: Record<string, unknown>): Dataset {
  return {
    format: "shnor-dataset",
    version: 1,
    territory: { id: "test", name: "Тестовый район" },
    schools: specs.map((s) => ({
      id: s.id,
      name: `Школа ${s.id}`,
      kind: s.kind ?? "school",
      ...(s.smallSchool !== undefined ? { smallSchool: s.smallSchool } : {}),
    })),
    facts: specs.flatMap((s) =>
      s.results.flatMap((level, i) =>
        level === null ? [] : [factsFor(s, YEARS[i] as string, level, s.failShares?.[i] ?? null)],
      ),
    ),
    ...(methodology ? { methodology } : {}),
  };
}

/** Twenty ordinary schools spread over conditions, results following conditions. */
export function ordinarySchools(count = 20): SchoolSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const c = (i + 0.5) / count;
    const level = 0.25 + 0.5 * c;
    return { id: `s${String(i + 1).padStart(2, "0")}`, conditions: c, results: [level, level, level] };
  });
}
