// Territory indicators of the support programme (seeds 000, 001, 004), as percentages for the «Сводка» tab.
import type { SchoolYearFacts } from "../contract/dataset.js";
import { round } from "./number-format.js";

export interface SupportedSchool {
  fact: SchoolYearFacts | undefined;
  adverseSocial: boolean;
}

export interface TerritoryIndicators {
  listedWithProgram: number | null;
  listedWithPartnerAgreement: number | null;
  listedWithStudentDiagnostics: number | null;
  teachersDiagnosed: number | null;
  teachersTrainedOnRequest: number | null;
  teachersTrainedAtRisk: number | null;
  listedStaffing: number | null;
  adverseGiaPassed: number | null;
}

const percent = (num: number, den: number): number | null => (den > 0 ? round((100 * num) / den, 1) : null);

/**
 * Percentages over the schools in support (ШНОР and ШНСУ): share with a quality programme, a partner agreement,
 * student diagnostics; teachers diagnosed and trained (Σ over schools / Σ teachers); staffing =
 * teachers / (teachers + vacancies); share of ГИА results of ШНСУ students above the minimum
 * = 1 − (Σ ОГЭ failed + Σ ЕГЭ below minimum) / Σ participants of the entries that report them.
 * A share with no data behind it is null («нет данных»), not 0.
 */
export function territoryIndicators(supported: readonly SupportedSchool[]): TerritoryIndicators {
  const flagShare = (pick: (f: SchoolYearFacts) => boolean | undefined) => {
    let yes = 0;
    let known = 0;
    supported.forEach((s) => {
      const v = s.fact ? pick(s.fact) : undefined;
      if (v === undefined) return;
      known++;
      if (v) yes++;
    });
    return percent(yes, known);
  };
  let teachers = 0;
  let diagnosed = 0;
  let trained = 0;
  let atRisk = 0;
  let vacancies = 0;
  let staffed = 0;
  let failed = 0;
  let giaParticipants = 0;
  supported.forEach((s) => {
    const staff = s.fact?.staff;
    if (staff) {
      teachers += staff.teachers;
      diagnosed += staff.diagnosedForDeficits ?? 0;
      trained += staff.trainedOnRequest ?? 0;
      atRisk += staff.trainedOnAtRiskStudents ?? 0;
      if (staff.vacancies !== undefined) {
        vacancies += staff.vacancies;
        staffed += staff.teachers;
      }
    }
    if (!s.adverseSocial || !s.fact) return;
    s.fact.oge?.forEach((o) => {
      if (o.failed === undefined) return;
      failed += o.failed;
      giaParticipants += o.participants;
    });
    s.fact.ege?.forEach((e) => {
      if (e.belowMinimum === undefined) return;
      failed += e.belowMinimum;
      giaParticipants += e.participants;
    });
  });
  return {
    listedWithProgram: flagShare((f) => f.support?.schoolProgram),
    listedWithPartnerAgreement: flagShare((f) => f.support?.partnerAgreement),
    listedWithStudentDiagnostics: flagShare((f) => f.support?.studentDiagnostics),
    teachersDiagnosed: percent(diagnosed, teachers),
    teachersTrainedOnRequest: percent(trained, teachers),
    teachersTrainedAtRisk: percent(atRisk, teachers),
    listedStaffing: percent(staffed, staffed + vacancies),
    adverseGiaPassed: percent(giaParticipants - failed, giaParticipants),
  };
}
