// One composite index over a territory-year: shrink each component, standardise it, weight, and report a percentile.
import type { IndexValue } from "../contract/results.js";
import type { ComponentDefinition, RawIndicator } from "./indicators.js";
import { indicatorN, rawValue } from "./indicators.js";
import { round } from "./number-format.js";
import { shrinkMean, shrinkShare } from "./shrinkage.js";
import { clamp, hazenPercentiles } from "./statistics.js";

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
  readonly percentile: number;
  /** Weighted mean of the component scores (the number the percentile ranks). */
  readonly weightedScore: number;
  readonly lowConfidence: boolean;
  /** Built on first use: most schools of a large territory never need theirs spelled out. */
  readonly components: ComponentOutcome[];
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

/** One school's outcome over the territory's shared score matrix (NaN = no score). */
class CompositeRow implements CompositeOutcome {
  #components: ComponentOutcome[] | null = null;
  constructor(
    readonly percentile: number,
    readonly weightedScore: number,
    readonly lowConfidence: boolean,
    private readonly input: CompositeInput,
    private readonly row: number,
    private readonly scores: Float64Array,
    private readonly definitions: readonly ComponentDefinition<string>[],
    private readonly minN: number,
  ) {}

  get components(): ComponentOutcome[] {
    if (this.#components) return this.#components;
    const m = this.definitions.length;
    this.#components = this.definitions.map((def, j) => {
      const cell = this.input.cells[j] ?? null;
      const n = cell ? indicatorN(cell) : null;
      const score = this.scores[this.row * m + j] as number;
      return {
        key: def.key,
        raw: cell ? rawValue(cell) : null,
        n,
        score: Number.isNaN(score) ? null : score,
        lowConfidence: n !== null && n < this.minN,
        excluded: this.input.excluded?.[j] ?? false,
      };
    });
    return this.#components;
  }
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
  const n = inputs.length;
  const scores = new Float64Array(n * m).fill(Number.NaN);
  const benchmarks: ComponentBenchmark[] = [];
  const rows = new Int32Array(n);
  const shrunk = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const def = definitions[j] as ComponentDefinition<string>;
    let count = 0;
    for (let row = 0; row < n; row++) {
      const input = inputs[row] as CompositeInput;
      if (input.cells[j] && !input.excluded?.[j]) rows[count++] = row;
    }
    const prior = territoryPrior(inputs, rows, count, j);
    const reference = references[j] ?? null;
    benchmarks.push(
      reference !== null ? { value: reference, fromReference: true } : { value: prior, fromReference: false },
    );
    if (count === 0) continue;
    let sum = 0;
    for (let k = 0; k < count; k++) {
      const cell = (inputs[rows[k] as number] as CompositeInput).cells[j] as RawIndicator;
      const v = shrink(cell, prior ?? 0, settings.priorStrength);
      shrunk[k] = v;
      sum += v;
    }
    const mu = sum / count;
    let squares = 0;
    for (let k = 0; k < count; k++) squares += ((shrunk[k] as number) - mu) ** 2;
    const sigma = count > 1 ? Math.sqrt(squares / count) : 0;
    for (let k = 0; k < count; k++) {
      const z = sigma > 0 ? ((shrunk[k] as number) - mu) / sigma : 0;
      scores[(rows[k] as number) * m + j] = def.direction * clamp(z, -SCORE_LIMIT, SCORE_LIMIT);
    }
  }

  const weights = definitions.map((d) => settings.weights[d.key] ?? 0);
  const withIndex: { row: number; weighted: number; lowConfidence: boolean }[] = [];
  for (let row = 0; row < n; row++) {
    const input = inputs[row] as CompositeInput;
    let weightSum = 0;
    let lowWeight = 0;
    let sum = 0;
    let count = 0;
    for (let j = 0; j < m; j++) {
      const score = scores[row * m + j] as number;
      const w = weights[j] as number;
      if (Number.isNaN(score) || w <= 0) continue;
      weightSum += w;
      sum += w * score;
      count++;
      const cell = input.cells[j] as RawIndicator;
      if (cell.kind !== "flag" && cell.n < settings.minN) lowWeight += w;
    }
    if (count < settings.minComponents || weightSum === 0) continue;
    withIndex.push({
      row,
      weighted: sum / weightSum,
      lowConfidence: lowWeight / weightSum > settings.lowConfidenceWeightShare,
    });
  }

  const percentiles = hazenPercentiles(withIndex.map((s) => s.weighted));
  const bySchool = new Map<string, CompositeOutcome>();
  withIndex.forEach((s, k) => {
    const input = inputs[s.row] as CompositeInput;
    bySchool.set(
      input.id,
      new CompositeRow(
        percentiles[k] as number,
        s.weighted,
        s.lowConfidence,
        input,
        s.row,
        scores,
        definitions,
        settings.minN,
      ),
    );
  });
  return { bySchool, benchmarks };
}

/** Pooled territory value: Σcount/Σn for shares, Σ(mean·n)/Σn for means, share of «yes» for flags. */
function territoryPrior(
  inputs: readonly CompositeInput[],
  rows: Int32Array,
  count: number,
  j: number,
): number | null {
  if (count === 0) return null;
  let num = 0;
  let den = 0;
  for (let k = 0; k < count; k++) {
    const cell = (inputs[rows[k] as number] as CompositeInput).cells[j] as RawIndicator;
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
