// One composite index over a territory-year: shrink each component, standardise it, weight, and report a percentile.
import type { IndexValue } from "../contract/results.js";
import { at, numberAt } from "./indexed-access.js";
import type { ComponentDefinition, IndicatorCell } from "./indicators.js";
import { round } from "./number-format.js";
import { shrinkMean, shrinkShare } from "./shrinkage.js";
import { clamp, hazenPercentiles } from "./statistics.js";

/** Standard scores beyond ±3 σ are cut: one extreme indicator must not decide a school's place alone. */
const SCORE_LIMIT = 3;

/**
 * A σ at most this share of |μ| is rounding noise, not spread: schools with the same share but different n
 * shrink to values that differ in the last bits (σ ≈ 1e-17), and dividing by that noise gave every school ±1.
 * Real differences between schools are many orders of magnitude larger.
 */
const SIGMA_TOLERANCE = 1e-9;

/**
 * The population σ of the first `count` values of `values` around `mu`, or 0 when it is rounding noise
 * (σ ≤ 1e-9·|μ|): a component equal for all schools then scores 0 for all, as the method says.
 */
export function spread(values: Float64Array, count: number, mu: number): number {
  if (count < 2) return 0;
  let squares = 0;
  for (let k = 0; k < count; k++) squares += (numberAt(values, k) - mu) ** 2;
  const sigma = Math.sqrt(squares / count);
  return sigma <= SIGMA_TOLERANCE * Math.abs(mu) ? 0 : sigma;
}

/** Cell states of an indicator matrix. */
const ABSENT = 0;
const PRESENT = 1;
const EXCLUDED = 2;

const KIND_CODES = { share: 0, mean: 1, flag: 2 } as const;

/**
 * The indicators of a territory-year as columns: for school i of n and component j (at j·n + i), `num` holds the
 * count (share), the mean (mean) or 0/1 (flag), and `den` the denominator n (1 for flags). Typed arrays keep a
 * 40,000-school region out of the garbage collector's way, and a column lies in one stretch of memory: the
 * index walks the matrix column by column, which row by row took a cache miss per cell.
 */
export interface IndicatorMatrix {
  ids: readonly string[];
  definitions: readonly ComponentDefinition<string>[];
  num: Float64Array;
  den: Float64Array;
  kind: Uint8Array;
  state: Uint8Array;
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
  /**
   * The score of component `j` (`components[j].score`) read without building `components`: mentor matching
   * reads a few scores of most schools of a region, and spelling out all their components cost time and memory.
   */
  componentScore(j: number): number | null;
  /** The Results v1 form (see `toIndexValue`), read straight off the territory's matrices. */
  toIndexValue(): IndexValue;
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
 * Reads every component of every school into a matrix: `read` writes one indicator into the cell it is given
 * and says whether the school has it. `excluded(row, j)` marks data that is present but left out (suspicious
 * ВПР): shown to the reader, not scored.
 */
export function readIndicators<T>(
  rows: readonly T[],
  id: (row: T) => string,
  definitions: readonly ComponentDefinition<string>[],
  read: (cell: IndicatorCell, row: T, definition: ComponentDefinition<string>) => boolean,
  excluded?: (row: T, j: number) => boolean,
): IndicatorMatrix {
  const n = rows.length;
  const m = definitions.length;
  const matrix: IndicatorMatrix = {
    ids: rows.map(id),
    definitions,
    num: new Float64Array(n * m),
    den: new Float64Array(n * m),
    kind: new Uint8Array(n * m),
    state: new Uint8Array(n * m),
  };
  const cell: IndicatorCell = { kind: "flag", num: 0, den: 0 };
  // forEach, not for…of: this runs once per index and year, mostly before V8 optimises it, and an unoptimised
  // for…of allocates an iterator result per element (measured ~5× slower on 40,000 × 13 cells).
  rows.forEach((row, i) => {
    definitions.forEach((definition, j) => {
      if (!read(cell, row, definition)) return;
      const ij = j * n + i;
      matrix.kind[ij] = KIND_CODES[cell.kind];
      matrix.state[ij] = excluded?.(row, j) ? EXCLUDED : PRESENT;
      matrix.num[ij] = cell.num;
      matrix.den[ij] = cell.den;
    });
  });
  return matrix;
}

/**
 * The columns of `definitions` (matched by key) copied out of a matrix, for an index over a subset of the same
 * indicators (the ГИА part of the results): no fact is read twice.
 */
export function selectColumns(
  matrix: IndicatorMatrix,
  definitions: readonly ComponentDefinition<string>[],
): IndicatorMatrix {
  const n = matrix.ids.length;
  const k = definitions.length;
  const from = definitions.map((d) => {
    const j = matrix.definitions.findIndex((x) => x.key === d.key);
    if (j < 0) throw new Error(`selectColumns: no column «${d.key}»`);
    return j;
  });
  const out: IndicatorMatrix = {
    ids: matrix.ids,
    definitions,
    num: new Float64Array(n * k),
    den: new Float64Array(n * k),
    kind: new Uint8Array(n * k),
    state: new Uint8Array(n * k),
  };
  from.forEach((j, c) => {
    const column = (array: Float64Array | Uint8Array) => array.subarray(j * n, (j + 1) * n);
    out.num.set(column(matrix.num), c * n);
    out.den.set(column(matrix.den), c * n);
    out.kind.set(column(matrix.kind), c * n);
    out.state.set(column(matrix.state), c * n);
  });
  return out;
}

/** Marks a present cell as left out (shown, not scored): suspicious ВПР after the objectivity screen. */
export function excludeCell(matrix: IndicatorMatrix, i: number, j: number): void {
  const ij = j * matrix.ids.length + i;
  if (matrix.state[ij] === PRESENT) matrix.state[ij] = EXCLUDED;
}

/** The raw value of a cell as a person reads it (share, mean or flag); null when absent. */
export function cellValue(matrix: IndicatorMatrix, i: number, j: number): number | null {
  const ij = j * matrix.ids.length + i;
  if (matrix.state[ij] === ABSENT) return null;
  const num = numberAt(matrix.num, ij);
  return matrix.kind[ij] === KIND_CODES.share ? num / numberAt(matrix.den, ij) : num;
}

/** One school's outcome over the territory's shared matrices (a cell has a score when it is PRESENT). */
class CompositeRow implements CompositeOutcome {
  #components: ComponentOutcome[] | null = null;
  constructor(
    readonly percentile: number,
    readonly weightedScore: number,
    readonly lowConfidence: boolean,
    private readonly matrix: IndicatorMatrix,
    private readonly row: number,
    private readonly scores: Float64Array,
    private readonly minN: number,
  ) {}

  get components(): ComponentOutcome[] {
    if (this.#components) return this.#components;
    const { matrix, row } = this;
    const n = matrix.ids.length;
    this.#components = matrix.definitions.map((def, j) => {
      const ij = j * n + row;
      const present = matrix.state[ij] !== ABSENT;
      const participants = present && matrix.kind[ij] !== KIND_CODES.flag ? numberAt(matrix.den, ij) : null;
      return {
        key: def.key,
        raw: cellValue(matrix, row, j),
        n: participants,
        score: matrix.state[ij] === PRESENT ? numberAt(this.scores, ij) : null,
        lowConfidence: participants !== null && participants < this.minN,
        excluded: matrix.state[ij] === EXCLUDED,
      };
    });
    return this.#components;
  }

  componentScore(j: number): number | null {
    const { matrix, row } = this;
    if (j < 0 || j >= matrix.definitions.length) return null;
    const ij = j * matrix.ids.length + row;
    return matrix.state[ij] === PRESENT ? numberAt(this.scores, ij) : null;
  }

  /**
   * Same numbers as `components`, rounded, without building (and keeping) the components of every school. A
   * plain loop over the matrix: this runs for two indices of every school of a region.
   */
  toIndexValue(): IndexValue {
    const { matrix, row, scores } = this;
    const { definitions, state, kind, num, den } = matrix;
    const n = matrix.ids.length;
    const components: IndexValue["components"] = [];
    for (let j = 0; j < definitions.length; j++) {
      const ij = j * n + row;
      const cell = state[ij];
      let value: number | null = null;
      let participants: number | null = null;
      let score: number | null = null;
      if (cell !== ABSENT) {
        const k = kind[ij];
        const raw = numberAt(num, ij);
        value = round(k === KIND_CODES.share ? raw / numberAt(den, ij) : raw, 4);
        if (k !== KIND_CODES.flag) participants = numberAt(den, ij);
        if (cell === PRESENT) score = round(numberAt(scores, ij), 3);
      }
      components.push({ key: at(definitions, j).key, value, n: participants, score });
    }
    return { value: round(this.percentile, 1), lowConfidence: this.lowConfidence, components };
  }
}

/**
 * Composite index of a territory-year.
 * For each component j: territory prior p₀ⱼ (pooled share Σx/Σn, participant-weighted mean, or share of «yes»),
 * shrunk value v̂ᵢⱼ (see shrinkage.ts), standard score zᵢⱼ = dⱼ·clamp((v̂ᵢⱼ − μⱼ)/σⱼ, ±3) with direction dⱼ.
 * Index sᵢ = Σⱼ wⱼ·zᵢⱼ / Σⱼ wⱼ over the components present (at least `minComponents` with wⱼ > 0),
 * reported as a Hazen percentile among the schools that have it. O(n·m + n log n).
 */
export function computeCompositeIndex(
  matrix: IndicatorMatrix,
  settings: CompositeSettings,
  references: readonly (number | null)[],
): TerritoryComposite {
  const scored = scoreComposite(matrix, settings, references);
  const bySchool = new Map<string, CompositeOutcome>();
  for (let k = 0; k < scored.indexed; k++) {
    const i = numberAt(scored.rows, k);
    const outcome = new CompositeRow(
      at(scored.percentiles, k),
      numberAt(scored.weighted, k),
      numberAt(scored.lowConfidence, k) === 1,
      matrix,
      i,
      scored.scores,
      settings.minN,
    );
    bySchool.set(at(matrix.ids, i), outcome);
  }
  return { bySchool, benchmarks: scored.benchmarks };
}

/**
 * The percentile of `computeCompositeIndex` for each row of the matrix, NaN where the row has no index: for a
 * screen that needs the ranking only, without an outcome object and a map entry per school.
 */
export function compositePercentiles(
  matrix: IndicatorMatrix,
  settings: CompositeSettings,
  references: readonly (number | null)[],
): Float64Array {
  const scored = scoreComposite(matrix, settings, references);
  const out = new Float64Array(matrix.ids.length).fill(Number.NaN);
  for (let k = 0; k < scored.indexed; k++) out[numberAt(scored.rows, k)] = at(scored.percentiles, k);
  return out;
}

/** The composite of a territory-year in columns: the first `indexed` entries of `rows`, `weighted`… are used. */
interface ScoredComposite {
  scores: Float64Array;
  benchmarks: ComponentBenchmark[];
  indexed: number;
  rows: Int32Array;
  weighted: Float64Array;
  lowConfidence: Uint8Array;
  percentiles: number[];
}

function scoreComposite(
  matrix: IndicatorMatrix,
  settings: CompositeSettings,
  references: readonly (number | null)[],
): ScoredComposite {
  const { definitions, num, den, kind, state } = matrix;
  const m = definitions.length;
  const n = matrix.ids.length;
  // Written for every PRESENT cell, and read only for those: no fill needed.
  const scores = new Float64Array(n * m);
  const benchmarks: ComponentBenchmark[] = [];
  const shrunk = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    const def = at(definitions, j);
    let priorNum = 0;
    let priorDen = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const ij = j * n + i;
      if (state[ij] !== PRESENT) continue;
      count++;
      priorNum += kind[ij] === KIND_CODES.mean ? numberAt(num, ij) * numberAt(den, ij) : numberAt(num, ij);
      priorDen += numberAt(den, ij);
    }
    const prior = priorDen > 0 ? priorNum / priorDen : null;
    const reference = references[j] ?? null;
    benchmarks.push(
      reference !== null ? { value: reference, fromReference: true } : { value: prior, fromReference: false },
    );
    if (count === 0) continue;
    const p0 = prior ?? 0;
    let sum = 0;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const ij = j * n + i;
      if (state[ij] !== PRESENT) continue;
      const k = kind[ij];
      const v =
        k === KIND_CODES.share
          ? shrinkShare(numberAt(num, ij), numberAt(den, ij), p0, settings.priorStrength)
          : k === KIND_CODES.mean
            ? shrinkMean(numberAt(num, ij), numberAt(den, ij), p0, settings.priorStrength)
            : numberAt(num, ij);
      shrunk[c++] = v;
      sum += v;
    }
    const mu = sum / count;
    const sigma = spread(shrunk, count, mu);
    c = 0;
    for (let i = 0; i < n; i++) {
      const ij = j * n + i;
      if (state[ij] !== PRESENT) continue;
      const z = sigma > 0 ? (numberAt(shrunk, c) - mu) / sigma : 0;
      c++;
      scores[ij] = def.direction * clamp(z, -SCORE_LIMIT, SCORE_LIMIT);
    }
  }

  const weights = Float64Array.from(definitions, (d) => settings.weights[d.key] ?? 0);
  // The schools with an index, in row order: row, weighted score, low confidence (typed, no growing arrays).
  const rows = new Int32Array(n);
  const weighted = new Float64Array(n);
  const lowConfidence = new Uint8Array(n);
  let indexed = 0;
  for (let i = 0; i < n; i++) {
    let weightSum = 0;
    let lowWeight = 0;
    let sum = 0;
    let count = 0;
    for (let j = 0; j < m; j++) {
      const ij = j * n + i;
      const w = numberAt(weights, j);
      if (state[ij] !== PRESENT || w <= 0) continue;
      weightSum += w;
      sum += w * numberAt(scores, ij);
      count++;
      if (kind[ij] !== KIND_CODES.flag && numberAt(den, ij) < settings.minN) lowWeight += w;
    }
    if (count < settings.minComponents || weightSum === 0) continue;
    rows[indexed] = i;
    weighted[indexed] = sum / weightSum;
    lowConfidence[indexed] = lowWeight / weightSum > settings.lowConfidenceWeightShare ? 1 : 0;
    indexed++;
  }

  const percentiles = hazenPercentiles(weighted.subarray(0, indexed));
  return { scores, benchmarks, indexed, rows, weighted, lowConfidence, percentiles };
}

/** Results-contract form of an outcome: rounded, so the output bytes do not depend on float noise. */
export function toIndexValue(outcome: CompositeOutcome): IndexValue {
  return outcome.toIndexValue();
}
