// «Критерии выявления»: the municipality's criteria table, taken whole or not at all.

import { MAX_CRITERIA_ROWS } from "../../contract/criteria-vocabulary.js";
import {
  type CriteriaRow,
  CriteriaRowSchema,
  criteriaRowIssues,
} from "../../contract/identification-criteria.js";
import { compact, type ErrorList, num, schemaIssues, str, type TypedRow } from "../tab-reader.js";

/**
 * «Критерии выявления»: every row typed, shaped and checked as `methodology.criteria` is (a row-level Russian
 * error in the column at fault). Unlike the other tabs a bad row does not leave the good ones in force: a list's
 * rule reads all its criteria together, and a table missing one row would list schools by rules nobody wrote —
 * so the table is taken whole or not at all, and the stored one stays meanwhile.
 */
export function parseCriteria(rows: TypedRow[], out: ErrorList): CriteriaRow[] | undefined {
  if (rows.length > MAX_CRITERIA_ROWS) {
    out.add(
      1,
      "",
      `строк критериев ${rows.length} — не больше ${MAX_CRITERIA_ROWS}; таблица не применена, действует прежняя`,
    );
    return undefined;
  }
  const good: { row: TypedRow; value: CriteriaRow }[] = [];
  for (const row of rows) {
    const v = row.values;
    const candidate = compact({
      number: str(v.number),
      wording: str(v.wording),
      list: str(v.list),
      indicator: str(v.indicator),
      comparison: str(v.comparison),
      reference: str(v.reference),
      threshold: num(v.threshold),
      years: num(v.years),
      aggregate: str(v.aggregate),
      weight: num(v.weight),
      rule: str(v.rule),
    });
    if (out.isBad(row)) continue;
    const checked = CriteriaRowSchema.safeParse(candidate);
    schemaIssues(out, row, checked);
    if (checked.success) good.push({ row, value: checked.data });
  }
  for (const issue of criteriaRowIssues(
    good.map((g) => g.value),
    (i) => good[i]?.row.row ?? i + 1,
  )) {
    const owner = good[issue.row];
    if (owner) out.at(owner.row, issue.field ?? "list", issue.message);
  }
  return out.whole(
    good.map((g) => g.value),
    "таблица не применена, пока в ней есть ошибки: действует прежняя таблица критериев",
  );
}
