// Assessment procedures (ЕГЭ and ОГЭ per subject, ВПР per grade and subject, РДР) with their failure shares.
import type { SchoolYearFacts } from "../contract/dataset.js";
import { subjectLabel } from "../contract/labels.js";

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

type Kind = ProcedureFailure["kind"];

/**
 * Calls `visit` for every procedure the school took part in, in the order ЕГЭ, ОГЭ, ВПР, РДР: ЕГЭ below the
 * minimum, ОГЭ failed, ВПР «2» (left out when `withVpr` is false, i.e. the ВПР are under suspicion), РДР
 * unsatisfactory. A procedure counts when it had participants and its failure count is reported.
 */
function eachProcedure(
  fact: SchoolYearFacts,
  withVpr: boolean,
  visit: (kind: Kind, subject: string, grade: number | null, failed: number, n: number) => void,
): void {
  for (const e of fact.ege ?? []) {
    if (e.belowMinimum !== undefined && e.participants > 0)
      visit("ege", e.subject, null, e.belowMinimum, e.participants);
  }
  for (const o of fact.oge ?? []) {
    if (o.failed !== undefined && o.participants > 0) visit("oge", o.subject, null, o.failed, o.participants);
  }
  if (withVpr) {
    for (const v of fact.vpr ?? []) {
      if (v.participants > 0) visit("vpr", v.subject, v.grade, v.grades["2"], v.participants);
    }
  }
  for (const r of fact.rdr ?? []) {
    if (r.participants > 0) visit("rdr", r.subject, r.grade ?? null, r.unsatisfactory, r.participants);
  }
}

/** Stable key: the same procedure in two years has the same key. */
function procedureKey(kind: Kind, subject: string, grade: number | null): string {
  if (kind === "ege" || kind === "oge") return `${kind}:${subject}`;
  return `${kind}:${grade ?? ""}:${subject}`;
}

/**
 * Failure shares of the procedures the school took part in (see `eachProcedure`); with `counted`, only those
 * failed by at least `minShare` of at least `minN` participants. Most schools fail none, so asking for the
 * counted ones allocates nothing for them.
 */
export function procedureFailures(
  fact: SchoolYearFacts,
  withVpr: boolean,
  counted?: { minShare: number; minN: number },
): ProcedureFailure[] {
  const out: ProcedureFailure[] = [];
  eachProcedure(fact, withVpr, (kind, subject, grade, failed, n) => {
    const share = failed / n;
    if (counted && (share < counted.minShare || n < counted.minN)) return;
    out.push({ key: procedureKey(kind, subject, grade), kind, subject, grade, share, n });
  });
  return out;
}

/** Whether the school took part in any procedure (see `eachProcedure`). */
export function tookProcedures(fact: SchoolYearFacts, withVpr: boolean): boolean {
  let any = false;
  eachProcedure(fact, withVpr, () => {
    any = true;
  });
  return any;
}
