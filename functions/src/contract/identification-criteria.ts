// The criteria table of a municipality's own order (`methodology.criteria`, the «Критерии выявления» tab): zod shape, the rules a row must keep, the normalised table.
import { z } from "zod";
import {
  AGGREGATES,
  type Aggregate,
  COMBINATION_RULES,
  COMPARISONS,
  type CombinationRule,
  type Comparison,
  CRITERIA_INDICATOR_KEYS,
  CRITERIA_INDICATORS,
  CRITERIA_LISTS,
  type CriteriaIndicator,
  type CriteriaList,
  type CriteriaReference,
  MAX_CRITERIA_ROWS,
  MAX_WINDOW_YEARS,
  REFERENCES,
  UNIT_RANGES,
} from "./criteria-vocabulary.js";
import { issuesFromZod, type ParseResult } from "./validation-issue.js";

/**
 * One row of the table as it is stored and sent: either a criterion (it names an indicator) or the combination
 * rule of a list (it names a `rule`). Every field but `list` is optional in the shape; `criteriaRowIssues` says
 * which a row of each kind needs, in Russian.
 */
export const CriteriaRowSchema = z.strictObject({
  /** The number in the order: «4.1». */
  number: z.string().trim().min(1).max(20).optional(),
  /** The wording of the order: «Низкие результаты ОГЭ по русскому языку за три года». */
  wording: z.string().trim().min(1).max(1000).optional(),
  list: z.enum(CRITERIA_LISTS),
  indicator: z.enum(CRITERIA_INDICATOR_KEYS as [CriteriaIndicator, ...CriteriaIndicator[]]).optional(),
  comparison: z.enum(COMPARISONS).optional(),
  reference: z.enum(REFERENCES).optional(),
  /** A value (absolute), a margin in the indicator's unit (regional, means, worst), a percentile; k or a cut-off on a rule row. */
  threshold: z.number().min(-1000).max(1000).optional(),
  /** The window: the last N academic years up to the report year (1 by default). */
  years: z.number().int().min(1).max(MAX_WINDOW_YEARS).optional(),
  aggregate: z.enum(AGGREGATES).optional(),
  /** A criterion's weight in a `score` rule (1 by default). */
  weight: z.number().min(0).max(100).optional(),
  rule: z.enum(COMBINATION_RULES).optional(),
});
export type CriteriaRow = z.infer<typeof CriteriaRowSchema>;

/** A criterion with every default filled in: what the domain evaluates and the results echo. */
export interface Criterion {
  number: string;
  wording: string;
  list: CriteriaList;
  indicator: CriteriaIndicator;
  comparison: Comparison;
  reference: CriteriaReference;
  threshold: number;
  years: number;
  aggregate: Aggregate;
  weight: number;
}

/** How the criteria of one list combine; `threshold` is k (atLeast) or the cut-off (score). */
export interface Combination {
  rule: CombinationRule;
  threshold?: number;
}

/** The table a computation uses: its criteria in table order and the rule of each list that has criteria. */
export interface CriteriaTable {
  criteria: Criterion[];
  rules: Partial<Record<CriteriaList, Combination>>;
}

const REFERENCE_VALUE_REFS: ReadonlySet<CriteriaReference> = new Set([
  "regional",
  "territoryMean",
  "clusterMean",
]);
const PERCENTILE_REFS: ReadonlySet<CriteriaReference> = new Set(["clusterPercentile", "territoryPercentile"]);

/** One problem of one row: the key of its field (or null for the row as a whole) and the Russian message. */
export interface CriteriaRowIssue {
  row: number;
  field: keyof CriteriaRow | null;
  message: string;
}

/**
 * What is wrong with each row beyond its shape: the fields a criterion or a rule row needs, an indicator without
 * a regional value compared with the region, a comparison that makes no sense for the reference, a threshold no
 * value can meet («impossible»), a number used twice, a rule for a list without criteria or two rules for one list.
 */
export function criteriaRowIssues(
  rows: readonly CriteriaRow[],
  /** How another row is named in a message: its place in the list (1-based), or its sheet row on /sync. */
  rowName: (index: number) => number = (index) => index + 1,
): CriteriaRowIssue[] {
  const issues: CriteriaRowIssue[] = [];
  const add = (row: number, field: keyof CriteriaRow | null, message: string) =>
    issues.push({ row, field, message });
  const numbers = new Map<string, number>();
  const rules = new Map<CriteriaList, number>();
  const counts = new Map<CriteriaList, number>();
  rows.forEach((r) => {
    if (r.rule === undefined && r.indicator !== undefined) counts.set(r.list, (counts.get(r.list) ?? 0) + 1);
  });
  rows.forEach((r, i) => {
    if (r.rule !== undefined) {
      ruleIssues(r, i, counts.get(r.list) ?? 0, add);
      const earlier = rules.get(r.list);
      if (earlier !== undefined)
        add(i, "rule", `правило для этого списка уже задано в строке ${rowName(earlier)}`);
      else rules.set(r.list, i);
      return;
    }
    for (const field of ["number", "wording", "indicator", "comparison", "reference"] as const) {
      if (r[field] === undefined) add(i, field, "обязательное поле критерия не заполнено");
    }
    if (r.number !== undefined) {
      const earlier = numbers.get(r.number);
      if (earlier !== undefined)
        add(i, "number", `номер «${r.number}» уже есть в строке ${rowName(earlier)}`);
      else numbers.set(r.number, i);
    }
    if (r.indicator === undefined || r.comparison === undefined || r.reference === undefined) return;
    thresholdIssues(r.indicator, r.comparison, r.reference, r.threshold ?? 0, (field, message) =>
      add(i, field, message),
    );
  });
  return issues;
}

function ruleIssues(
  r: CriteriaRow,
  i: number,
  criteria: number,
  add: (row: number, field: keyof CriteriaRow | null, message: string) => void,
): void {
  for (const field of ["indicator", "comparison", "reference", "years", "aggregate", "weight"] as const) {
    if (r[field] !== undefined) add(i, field, "в строке правила не заполняется");
  }
  if (criteria === 0) add(i, "list", "у этого списка нет ни одного критерия");
  const t = r.threshold;
  if (r.rule === "all" && t !== undefined) add(i, "threshold", "для правила «все» порог не нужен");
  if (r.rule === "atLeast") {
    if (t === undefined || !Number.isInteger(t) || t < 1)
      add(i, "threshold", "укажите, сколько критериев должно выполняться: целое число от 1");
    else if (criteria > 0 && t > criteria)
      add(i, "threshold", `${t} — а критериев у списка всего ${criteria}: правило никогда не выполнится`);
  }
  if (r.rule === "score" && (t === undefined || t <= 0))
    add(i, "threshold", "укажите порог суммы весов выполненных критериев: число больше 0");
}

/** The checks of a criterion's threshold against its indicator's unit and its reference. */
function thresholdIssues(
  indicator: CriteriaIndicator,
  comparison: Comparison,
  reference: CriteriaReference,
  t: number,
  add: (field: keyof CriteriaRow, message: string) => void,
): void {
  const spec = CRITERIA_INDICATORS[indicator];
  if (reference === "regional" && !spec.regional) {
    add("reference", "для этого показателя нет среднерегионального значения на листе «Эталоны»");
    return;
  }
  if (spec.unit === "flag" && reference !== "absolute") {
    add("reference", "признак «да/нет» сравнивается только со значением (0 — нет, 1 — да)");
    return;
  }
  if (comparison === "deviates" && !REFERENCE_VALUE_REFS.has(reference)) {
    add(
      "comparison",
      "«отличается» сравнивает с эталоном или средним: для значения, места или худшей школы выберите «ниже» или «выше»",
    );
    return;
  }
  const range = PERCENTILE_REFS.has(reference) ? UNIT_RANGES.percentile : UNIT_RANGES[spec.unit];
  if (reference === "absolute" || PERCENTILE_REFS.has(reference)) {
    if (t < range.min || t > range.max) {
      add("threshold", `${t} — должно быть от ${range.min} до ${range.max}`);
    } else if ((comparison === "below" && t <= range.min) || (comparison === "above" && t >= range.max)) {
      add(
        "threshold",
        `${t} — значение не бывает ${comparison === "below" ? "меньше" : "больше"} ${t}: критерий никогда не выполнится`,
      );
    }
    return;
  }
  const width = range.max - range.min;
  if (comparison === "deviates" && t < 0) add("threshold", `${t} — расхождение не бывает отрицательным`);
  else if (Math.abs(t) >= width)
    add("threshold", `${t} — больше, чем возможный разброс значений (${width}): критерий не имеет смысла`);
}

/** The table with every default filled in (threshold 0, 1 year, each year, weight 1; a list without a rule row: all). */
export function normaliseCriteria(rows: readonly CriteriaRow[]): CriteriaTable {
  const criteria: Criterion[] = [];
  const rules: CriteriaTable["rules"] = {};
  for (const r of rows) {
    if (r.rule !== undefined) {
      rules[r.list] = r.threshold === undefined ? { rule: r.rule } : { rule: r.rule, threshold: r.threshold };
      continue;
    }
    if (
      r.number === undefined ||
      r.wording === undefined ||
      r.indicator === undefined ||
      r.comparison === undefined ||
      r.reference === undefined
    )
      continue;
    criteria.push({
      number: r.number,
      wording: r.wording,
      list: r.list,
      indicator: r.indicator,
      comparison: r.comparison,
      reference: r.reference,
      threshold: r.threshold ?? 0,
      years: r.years ?? 1,
      aggregate: r.aggregate ?? "each",
      weight: r.weight ?? 1,
    });
  }
  for (const list of CRITERIA_LISTS) {
    if (rules[list] === undefined && criteria.some((c) => c.list === list)) rules[list] = { rule: "all" };
  }
  return { criteria, rules };
}

/** The table as rows again (criteria first, each list's rule after its criteria): how results echo it. */
export function criteriaRows(table: CriteriaTable): CriteriaRow[] {
  const rows: CriteriaRow[] = [];
  for (const list of CRITERIA_LISTS) {
    for (const c of table.criteria) if (c.list === list) rows.push({ ...c });
    const rule = table.rules[list];
    if (rule) rows.push({ list, ...rule });
  }
  return rows;
}

/** The zod form used inside `methodology`: the shape of each row, then `criteriaRowIssues` as custom issues. */
export const CriteriaTableSchema = z
  .array(CriteriaRowSchema)
  .max(MAX_CRITERIA_ROWS)
  .superRefine((rows, ctx) => {
    for (const issue of criteriaRowIssues(rows)) {
      ctx.addIssue({
        code: "custom",
        path: issue.field === null ? [issue.row] : [issue.row, issue.field],
        message: issue.message,
      });
    }
  });

/**
 * A criteria table brought on its own (`shnor compute --compare-with <file>`, `POST /compare`): a list of rows, an
 * object with `criteria`, or a dataset whose `methodology.criteria` holds them. Russian issues name the row.
 */
export function parseCriteriaTable(input: unknown): ParseResult<CriteriaRow[]> {
  const record = (v: unknown): Record<string, unknown> | null =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const rows = Array.isArray(input)
    ? input
    : (record(input)?.criteria ?? record(record(input)?.methodology)?.criteria);
  if (!Array.isArray(rows)) {
    return {
      success: false,
      error: {
        code: "invalid",
        issues: [
          { path: "criteria", message: "ожидается таблица критериев: список строк (criteria: [...])" },
        ],
      },
    };
  }
  if (rows.length === 0) {
    return {
      success: false,
      error: { code: "invalid", issues: [{ path: "criteria", message: "таблица пуста" }] },
    };
  }
  const parsed = CriteriaTableSchema.safeParse(rows);
  if (parsed.success) return { success: true, data: parsed.data };
  return {
    success: false,
    error: { code: "invalid", issues: issuesFromZod(parsed.error, rows, ["criteria"]) },
  };
}
