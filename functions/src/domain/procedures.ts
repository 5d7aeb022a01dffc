// Assessment procedures (ЕГЭ and ОГЭ per subject, ВПР per grade and subject, РДР) with their failure shares.
import type { SchoolYearFacts } from "../contract/dataset.js";
import { subjectLabel } from "./labels.js";

/** One procedure of one year: the share of participants below the minimum / with «2». */
export interface ProcedureFailure {
  /** Stable key: the same procedure in two years has the same key. */
  key: string;
  kind: "ege" | "oge" | "vpr" | "rdr";
  subject: string;
  grade: number | null;
  share: number;
  n: number;
}

const KIND_LABELS: Record<ProcedureFailure["kind"], string> = {
  ege: "ЕГЭ",
  oge: "ОГЭ",
  vpr: "ВПР",
  rdr: "РДР",
};

/** `ВПР, 5 класс, математика`; built only when a reason needs it. */
export function procedureLabel(p: ProcedureFailure): string {
  const grade = p.grade === null ? "" : `, ${p.grade} класс`;
  return `${KIND_LABELS[p.kind]}${grade}, ${subjectLabel(p.subject)}`;
}

/**
 * Failure shares of every procedure the school took part in: ЕГЭ below the minimum score, ОГЭ failed,
 * ВПР «2» (left out when `withVpr` is false, i.e. the ВПР are under suspicion), РДР unsatisfactory.
 */
export function procedureFailures(fact: SchoolYearFacts, withVpr: boolean): ProcedureFailure[] {
  const out: ProcedureFailure[] = [];
  for (const e of fact.ege ?? []) {
    if (e.belowMinimum !== undefined && e.participants > 0) {
      const share = e.belowMinimum / e.participants;
      out.push({
        key: `ege:${e.subject}`,
        kind: "ege",
        subject: e.subject,
        grade: null,
        share,
        n: e.participants,
      });
    }
  }
  for (const o of fact.oge ?? []) {
    if (o.failed !== undefined && o.participants > 0) {
      const share = o.failed / o.participants;
      out.push({
        key: `oge:${o.subject}`,
        kind: "oge",
        subject: o.subject,
        grade: null,
        share,
        n: o.participants,
      });
    }
  }
  if (withVpr) {
    for (const v of fact.vpr ?? []) {
      if (v.participants > 0) {
        const share = v.grades["2"] / v.participants;
        out.push({
          key: `vpr:${v.grade}:${v.subject}`,
          kind: "vpr",
          subject: v.subject,
          grade: v.grade,
          share,
          n: v.participants,
        });
      }
    }
  }
  for (const r of fact.rdr ?? []) {
    if (r.participants > 0) {
      const share = r.unsatisfactory / r.participants;
      const grade = r.grade ?? null;
      out.push({
        key: `rdr:${grade ?? ""}:${r.subject}`,
        kind: "rdr",
        subject: r.subject,
        grade,
        share,
        n: r.participants,
      });
    }
  }
  return out;
}
