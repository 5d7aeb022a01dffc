// Assessment procedures (ЕГЭ and ОГЭ per subject, ВПР per grade and subject, РДР) with their failure shares.
import type { SchoolYearFacts } from "../contract/dataset.js";
import { subjectLabel } from "./labels.js";

/** One procedure of one year: the share of participants below the minimum / with «2». */
export interface ProcedureFailure {
  key: string;
  label: string;
  share: number;
  n: number;
}

/**
 * Failure shares of every procedure the school took part in: ЕГЭ below the minimum score, ОГЭ failed,
 * ВПР «2» (left out when `withVpr` is false, i.e. the ВПР are under suspicion), РДР unsatisfactory.
 */
export function procedureFailures(fact: SchoolYearFacts, withVpr: boolean): ProcedureFailure[] {
  const out: ProcedureFailure[] = [];
  for (const e of fact.ege ?? []) {
    if (e.belowMinimum !== undefined && e.participants > 0) {
      out.push({
        key: `ege:${e.subject}`,
        label: `ЕГЭ, ${subjectLabel(e.subject)}`,
        share: e.belowMinimum / e.participants,
        n: e.participants,
      });
    }
  }
  for (const o of fact.oge ?? []) {
    if (o.failed !== undefined && o.participants > 0) {
      out.push({
        key: `oge:${o.subject}`,
        label: `ОГЭ, ${subjectLabel(o.subject)}`,
        share: o.failed / o.participants,
        n: o.participants,
      });
    }
  }
  if (withVpr) {
    for (const v of fact.vpr ?? []) {
      if (v.participants > 0) {
        out.push({
          key: `vpr:${v.grade}:${v.subject}`,
          label: `ВПР, ${v.grade} класс, ${subjectLabel(v.subject)}`,
          share: v.grades["2"] / v.participants,
          n: v.participants,
        });
      }
    }
  }
  for (const r of fact.rdr ?? []) {
    if (r.participants > 0) {
      const grade = r.grade === undefined ? "" : `, ${r.grade} класс`;
      out.push({
        key: `rdr:${r.grade ?? ""}:${r.subject}`,
        label: `РДР${grade}, ${subjectLabel(r.subject)}`,
        share: r.unsatisfactory / r.participants,
        n: r.participants,
      });
    }
  }
  return out;
}
