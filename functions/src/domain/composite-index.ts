// One composite index over a territory-year: shrink each component, standardise it, weight, and report a percentile.
import type { IndexValue } from "../contract/results.js";
import type { ComponentDefinition, RawIndicator } from "./indicators.js";
import { indicatorN, rawValue } from "./indicators.js";
import { round } from "./number-format.js";
import { shrinkMean, shrinkShare } from "./shrinkage.js";
import { clamp, hazenPercentiles, mean, standardDeviation } from "./statistics.js";

/** Standard scores beyond ±3 σ are cut: one extreme indicator must not decide a school's place alone. */
const SCORE_LIMIT = 3;

export interface CompositeInput {
  id: string;
  /** Aligned with the definitions; null = no data. */
  cells: readonly (RawIndicator | null)[];
  /** Aligned with the definitions; true = data present but left out (e.g. suspicious ВПР). */
  excluded?: readonly boolean[];
}

export interface ComponentOutcome {
  key: string;
  /** What a person reads: the raw share (0..1), mean or flag. */
  raw: number | null;
  n: number | null;
  /** Direction-adjusted standard score (higher = better for the school); null when absent or left out. */
  score: number | null;
  lowConfidence: boolean;
  excluded: boolean;
}

export interface CompositeOutcome {
  /** Percentile 0..100 among the territory's schools with this index in the year. */
  percentile: number;
  /** Weighted mean of the component scores (the number the percentile ranks). */
  weightedScore: number;
  lowConfidence: boolean;
  components: ComponentOutcome[];
}

export interface ComponentBenchmark {
  /** The regional reference when given, otherwise the territory's pooled value. */
  value: number | null;
  fromReference: boolean;
}

export interface CompositeSettings {
  weights: Readonly<Record<string, number>>;
  minComponents: number;
  minN: number;
  priorStrength: number;
  lowConfidenceWeightShare: number;
}

export interface TerritoryComposite {
  bySchool: Map<string, CompositeOutcome>;
  benchmarks: ComponentBenchmark[];
}

/**
 * Composite index of a territory-year.
 * For each component j: territory prior p₀ⱼ (pooled share Σx/Σn or participant-weighted mean), shrunk value
 * v̂ᵢⱼ (see shrinkage.ts), standard score zᵢⱼ = dⱼ·clamp((v̂ᵢⱼ − μⱼ)/σⱼ, ±3) with direction dⱼ.
 * Index sᵢ = Σⱼ wⱼ·zᵢⱼ / Σⱼ wⱼ over the components present (at least `minComponents` with wⱼ > 0),
 * reported as a Hazen percentile among the schools that have it. O(n·m + n log n).
 */
export function computeCompositeIndex(
  inputs: readonly CompositeInput[],
  definitions: readonly ComponentDefinition<string>[],
  settings: CompositeSettings,
  references: readonly (number | null)[],
): TerritoryComposite {
  const m = definitions.length;
  const scores: (number | null)[][] = inputs.map(() => new Array<number | null>(m).fill(null));
  const benchmarks: ComponentBenchmark[] = [];
  for (let j = 0; j < m; j++) {
    const def = definitions[j] as ComponentDefinition<string>;
    const present: { row: number; cell: RawIndicator }[] = [];
    inputs.forEach((input, row) => {
      const cell = input.cells[j];
      if (cell && !input.excluded?.[j]) present.push({ row, cell });
    });
    const prior = territoryPrior(present.map((p) => p.cell));
    const reference = references[j] ?? null;
    benchmarks.push(
      reference !== null ? { value: reference, fromReference: true } : { value: prior, fromReference: false },
    );
    if (present.length === 0) continue;
    const shrunk = present.map(({ cell }) => shrink(cell, prior ?? 0, settings.priorStrength));
    const mu = mean(shrunk);
    const sigma = standardDeviation(shrunk, mu);
    present.forEach(({ row }, k) => {
      const z = sigma > 0 ? ((shrunk[k] as number) - mu) / sigma : 0;
      (scores[row] as (number | null)[])[j] = def.direction * clamp(z, -SCORE_LIMIT, SCORE_LIMIT);
    });
  }

  const withIndex: { id: string; row: number; weighted: number; lowConfidence: boolean }[] = [];
  inputs.forEach((input, row) => {
    let weightSum = 0;
    let lowWeight = 0;
    let sum = 0;
    let count = 0;
    for (let j = 0; j < m; j++) {
      const score = (scores[row] as (number | null)[])[j];
      const w = settings.weights[(definitions[j] as ComponentDefinition<string>).key] ?? 0;
      if (score === null || score === undefined || w <= 0) continue;
      weightSum += w;
      sum += w * score;
      count++;
      const n = indicatorN(input.cells[j] as RawIndicator);
      if (n !== null && n < settings.minN) lowWeight += w;
    }
    if (count < settings.minComponents || weightSum === 0) return;
    withIndex.push({
      id: input.id,
      row,
      weighted: sum / weightSum,
      lowConfidence: lowWeight / weightSum > settings.lowConfidenceWeightShare,
    });
  });

  const percentiles = hazenPercentiles(withIndex.map((s) => s.weighted));
  const bySchool = new Map<string, CompositeOutcome>();
  withIndex.forEach((s, k) => {
    const input = inputs[s.row] as CompositeInput;
    const components: ComponentOutcome[] = definitions.map((def, j) => {
      const cell = input.cells[j] ?? null;
      const n = cell ? indicatorN(cell) : null;
      return {
        key: def.key,
        raw: cell ? rawValue(cell) : null,
        n,
        score: (scores[s.row] as (number | null)[])[j] ?? null,
        lowConfidence: n !== null && n < settings.minN,
        excluded: input.excluded?.[j] ?? false,
      };
    });
    bySchool.set(s.id, {
      percentile: percentiles[k] as number,
      weightedScore: s.weighted,
      lowConfidence: s.lowConfidence,
      components,
    });
  });
  return { bySchool, benchmarks };
}

/** Pooled territory value: Σcount/Σn for shares, Σ(mean·n)/Σn for means, share of «yes» for flags. */
function territoryPrior(cells: readonly RawIndicator[]): number | null {
  if (cells.length === 0) return null;
  let num = 0;
  let den = 0;
  for (const cell of cells) {
    if (cell.kind === "share") {
      num += cell.count;
      den += cell.n;
    } else if (cell.kind === "mean") {
      num += cell.mean * cell.n;
      den += cell.n;
    } else {
      num += cell.value;
      den += 1;
    }
  }
  return den > 0 ? num / den : null;
}

function shrink(cell: RawIndicator, prior: number, priorStrength: number): number {
  switch (cell.kind) {
    case "share":
      return shrinkShare(cell.count, cell.n, prior, priorStrength);
    case "mean":
      return shrinkMean(cell.mean, cell.n, prior, priorStrength);
    case "flag":
      return cell.value;
  }
}

/** Results-contract form of an outcome: rounded, so the output bytes do not depend on float noise. */
export function toIndexValue(outcome: CompositeOutcome): IndexValue {
  return {
    value: round(outcome.percentile, 1),
    lowConfidence: outcome.lowConfidence,
    components: outcome.components.map((c) => ({
      key: c.key,
      value: c.raw === null ? null : round(c.raw, 4),
      n: c.n,
      score: c.score === null ? null : round(c.score, 3),
    })),
  };
}
