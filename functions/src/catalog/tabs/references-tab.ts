// «Эталоны»: regional references by year — ЕГЭ and ОГЭ means and shares, ВПР mark boundaries and values, РДР shares.

import type { Reference, VprBoundary } from "../../contract/dataset.js";
import { GIA_REFERENCE_SUBJECTS } from "../coordinator-tabs.js";
import { compact, type ErrorList, num, str, type TypedRow } from "../tab-reader.js";

/**
 * A ВПР row of «Эталоны»: the class, and the lowest primary scores of «3», «4», «5» (increasing) and/or the regional
 * values — the mean primary score and the share of «2» (seed 001, 3.2; seed 003). ЕГЭ-only columns stay blank.
 */
function vprRowOf(
  row: TypedRow,
  out: ErrorList,
):
  | {
      grade: number;
      boundary: VprBoundary["lowest"] | undefined;
      regional: { meanScore?: number; grade2Share?: number } | undefined;
    }
  | undefined {
  const v = row.values;
  for (const k of ["atLeast80Share", "belowMinimumShare"] as const)
    if (v[k] !== undefined) out.at(row, k, "для ВПР не заполняется (только ЕГЭ)");
  const grade = num(v.grade);
  const lowest = { "3": num(v.lowest3), "4": num(v.lowest4), "5": num(v.lowest5) };
  const meanScore = num(v.mean);
  const grade2Share = num(v.failedShare);
  const regional = meanScore !== undefined || grade2Share !== undefined;
  const anyBoundary = Object.values(lowest).some((l) => l !== undefined);
  if (grade === undefined) out.at(row, "grade", "для ВПР укажите класс");
  if (anyBoundary || !regional) {
    for (const mark of ["3", "4", "5"] as const)
      if (lowest[mark] === undefined) out.at(row, `lowest${mark}`, "для ВПР укажите границу отметки");
  }
  const [l3, l4, l5] = [lowest["3"], lowest["4"], lowest["5"]];
  if (l3 !== undefined && l4 !== undefined && l3 >= l4)
    out.at(row, "lowest4", `${l4} — должно быть больше балла на «3» (${l3})`);
  if (l4 !== undefined && l5 !== undefined && l4 >= l5)
    out.at(row, "lowest5", `${l5} — должно быть больше балла на «4» (${l4})`);
  if (out.isBad(row) || grade === undefined) return undefined;
  const values: { meanScore?: number; grade2Share?: number } = {};
  if (meanScore !== undefined) values.meanScore = meanScore;
  if (grade2Share !== undefined) values.grade2Share = grade2Share;
  return {
    grade,
    boundary:
      l3 !== undefined && l4 !== undefined && l5 !== undefined ? { "3": l3, "4": l4, "5": l5 } : undefined,
    regional: regional ? values : undefined,
  };
}

/** A РДР row of «Эталоны»: the regional share of unsatisfactory results (in «Доля «2», %»), the class if given. */
function rdrRowOf(
  row: TypedRow,
  out: ErrorList,
): { grade?: number; unsatisfactoryShare: number } | undefined {
  const v = row.values;
  for (const k of ["mean", "atLeast80Share", "belowMinimumShare", "lowest3", "lowest4", "lowest5"] as const)
    if (v[k] !== undefined)
      out.at(row, k, "для РДР не заполняется: укажите долю неудовлетворительных результатов");
  const share = num(v.failedShare);
  if (share === undefined)
    out.at(row, "failedShare", "для РДР укажите долю неудовлетворительных результатов");
  if (out.isBad(row) || share === undefined) return undefined;
  const grade = num(v.grade);
  return grade === undefined ? { unsatisfactoryShare: share } : { grade, unsatisfactoryShare: share };
}

/** «Эталоны» → the references grouped by academic year; a row with an error is reported and left out. */
export function parseReferences(rows: TypedRow[], out: ErrorList): Reference[] {
  const byYear = new Map<string, Reference>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const year = str(v.year);
    const procedure = str(v.procedure);
    const subject = str(v.subject);
    const mean = num(v.mean);
    const grade = num(v.grade);
    const key = `${year}|${procedure}|${subject}|${procedure === "ege" || procedure === "oge" ? "" : (grade ?? "")}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) out.at(row, "subject", `эталон уже указан в строке ${earlier}`);
    if (procedure === "vpr") {
      const vpr = vprRowOf(row, out);
      if (out.isBad(row) || year === undefined || subject === undefined || vpr === undefined) continue;
      seen.set(key, row.row);
      const reference = byYear.get(year) ?? { year };
      byYear.set(year, reference);
      if (vpr.boundary) {
        reference.vprBoundaries ??= [];
        reference.vprBoundaries.push({ grade: vpr.grade, subject, lowest: vpr.boundary });
      }
      if (vpr.regional) {
        reference.vpr ??= [];
        reference.vpr.push({ grade: vpr.grade, subject, ...vpr.regional });
      }
      continue;
    }
    if (procedure === "rdr") {
      const rdr = rdrRowOf(row, out);
      if (out.isBad(row) || year === undefined || subject === undefined || rdr === undefined) continue;
      seen.set(key, row.row);
      const reference = byYear.get(year) ?? { year };
      byYear.set(year, reference);
      reference.rdr ??= [];
      reference.rdr.push({ subject, ...rdr });
      continue;
    }
    if (mean === undefined) out.at(row, "mean", "обязательная ячейка не заполнена");
    if (subject !== undefined && !GIA_REFERENCE_SUBJECTS.some((s) => s.value === subject))
      out.at(
        row,
        "subject",
        `«${subject}» — для ЕГЭ и ОГЭ допустимы: ${GIA_REFERENCE_SUBJECTS.map((s) => `«${s.label}»`).join(", ")}`,
      );
    if (v.grade !== undefined) out.at(row, "grade", "заполняется только для ВПР и РДР");
    for (const k of ["lowest3", "lowest4", "lowest5"] as const)
      if (v[k] !== undefined) out.at(row, k, "заполняется только для ВПР");
    if (procedure === "ege" && v.failedShare !== undefined)
      out.at(row, "failedShare", "заполняется только для ОГЭ");
    if (procedure === "oge") {
      for (const k of ["atLeast80Share", "belowMinimumShare"] as const)
        if (v[k] !== undefined) out.at(row, k, "заполняется только для ЕГЭ");
      if (mean !== undefined && (mean < 2 || mean > 5))
        out.at(row, "mean", `${mean} — средняя отметка ОГЭ от 2 до 5`);
    }
    if (
      out.isBad(row) ||
      year === undefined ||
      procedure === undefined ||
      subject === undefined ||
      mean === undefined
    )
      continue;
    seen.set(key, row.row);
    const reference = byYear.get(year) ?? { year };
    byYear.set(year, reference);
    if (procedure === "ege") {
      reference.ege ??= [];
      reference.ege.push(
        compact({
          subject,
          meanScore: mean,
          atLeast80Share: num(v.atLeast80Share),
          belowMinimumShare: num(v.belowMinimumShare),
        }),
      );
    } else {
      reference.oge ??= [];
      reference.oge.push(compact({ subject, meanGrade: mean, failedShare: num(v.failedShare) }));
    }
  }
  return [...byYear.values()];
}
