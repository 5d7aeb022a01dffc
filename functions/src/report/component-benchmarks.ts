// What each index component is compared with on a school card: the regional reference when the dataset gives one, else the territory's pooled value.
import type { Dataset } from "../contract/dataset.js";
import type { IndexValue, Results } from "../contract/results.js";
import { formatComponentValue } from "../domain/component-text.js";
import { DISADVANTAGE_FLAG_KEYS, RESULTS_COMPONENTS } from "../domain/indicators.js";
import { formatShare } from "../domain/number-format.js";

export interface Benchmark {
  value: number;
  /** `reference`: the «среднерегиональный показатель» of the year; `territory`: pooled over the territory's schools. */
  source: "reference" | "territory";
}

/** Benchmarks by component key; a key with nothing to compare against is absent. */
export type Benchmarks = ReadonlyMap<string, Benchmark>;

const FLAGS: ReadonlySet<string> = new Set(DISADVANTAGE_FLAG_KEYS);

/** Yes/no components (remote, small school…): their value is 0 or 1 and they have no n. */
export function isFlagComponent(key: string): boolean {
  return FLAGS.has(key);
}

/**
 * Benchmarks of both indices for the report year. The reference comes from `dataset.references` of that year
 * by the same rule the index uses; otherwise the pooled value Σ(vᵢ·nᵢ)/Σnᵢ over the schools that have the
 * component (for flags: the share of schools with the flag), which is the territory value the reasons quote.
 */
export function componentBenchmarks(results: Results, dataset: Dataset): Benchmarks {
  const reference = dataset.references?.find((r) => r.year === results.year);
  const out = new Map<string, Benchmark>();
  const pooled = new Map<string, { sum: number; n: number }>();
  const indices: (IndexValue | null)[] = results.schools.flatMap((s) => [s.socialIndex, s.resultsIndex]);
  for (const index of indices) {
    for (const c of index?.components ?? []) {
      if (c.value === null) continue;
      const weight = isFlagComponent(c.key) ? 1 : (c.n ?? 0);
      if (weight <= 0) continue;
      const acc = pooled.get(c.key) ?? { sum: 0, n: 0 };
      acc.sum += c.value * weight;
      acc.n += weight;
      pooled.set(c.key, acc);
    }
  }
  for (const [key, acc] of pooled) out.set(key, { value: acc.sum / acc.n, source: "territory" });
  for (const definition of RESULTS_COMPONENTS) {
    const value = definition.reference?.(reference) ?? null;
    if (value !== null) out.set(definition.key, { value, source: "reference" });
  }
  return out;
}

/** A component value as it is read: `да`/`нет` for flags, otherwise the mean, rate or share of component-text. */
export function componentValueText(key: string, value: number | null): string {
  if (value === null) return "нет данных";
  if (isFlagComponent(key)) return value >= 0.5 ? "да" : "нет";
  return formatComponentValue(key, value);
}

/** `эталон 55,6`, `по территории 12,3%`, `по территории: у 25% школ`. */
export function benchmarkText(key: string, benchmark: Benchmark | undefined): string {
  if (benchmark === undefined) return "—";
  if (isFlagComponent(key)) return `у ${formatShare(benchmark.value)} школ`;
  const value = formatComponentValue(key, benchmark.value);
  return benchmark.source === "reference" ? `эталон ${value}` : `по территории ${value}`;
}
