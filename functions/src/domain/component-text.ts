// How a component's value and its benchmark read in a Russian reason: «ЕГЭ, математика: 41 балл при эталоне 56».

import { RESULTS_COMPONENT_LABELS, SOCIAL_COMPONENT_LABELS } from "../contract/labels.js";
import type { ResultsComponentKey, SocialComponentKey } from "../contract/methodology-settings.js";
import type { ComponentBenchmark, ComponentOutcome } from "./composite-index.js";
import { formatNumber, formatShare } from "./number-format.js";

const MEAN_DIGITS: Record<string, number> = { egeRussian: 1, egeMath: 1, ogeRussian: 2, ogeMath: 2 };
const PER_HUNDRED = new Set(["olympiadParticipation"]);

export function componentLabel(key: string): string {
  return (
    RESULTS_COMPONENT_LABELS[key as ResultsComponentKey] ??
    SOCIAL_COMPONENT_LABELS[key as SocialComponentKey] ??
    key
  );
}

/** A component's value as it is read: mean with its digits, per-100 rate, or percent share. */
export function formatComponentValue(key: string, value: number): string {
  const digits = MEAN_DIGITS[key];
  if (digits !== undefined) return formatNumber(value, digits);
  if (PER_HUNDRED.has(key)) return formatNumber(value * 100, 1);
  return formatShare(value);
}

/** `ЕГЭ, математика (профиль): средний балл — 41 (эталон 56)`; flags read as the label alone. */
export function describeComponent(
  component: ComponentOutcome,
  benchmark: ComponentBenchmark | undefined,
): string {
  const label = componentLabel(component.key);
  if (component.raw === null) return label;
  if (component.n === null) return label;
  const value = formatComponentValue(component.key, component.raw);
  const small = component.lowConfidence ? `, всего ${component.n} чел.` : "";
  if (!benchmark || benchmark.value === null) return `${label} — ${value}${small}`;
  const against = benchmark.fromReference ? "эталон" : "по территории";
  return `${label} — ${value} (${against} ${formatComponentValue(component.key, benchmark.value)}${small})`;
}

/**
 * The `count` components that pull the index down most (score below −0.5 σ), worst first, as text.
 * Ties broken by key so the text never depends on input order.
 */
export function weakestComponents(
  components: readonly ComponentOutcome[],
  benchmarks: readonly ComponentBenchmark[],
  count: number,
): string[] {
  return components
    .map((c, j) => ({ c, b: benchmarks[j] }))
    .filter(({ c }) => c.score !== null && c.score < -0.5)
    .sort((x, y) => (x.c.score as number) - (y.c.score as number) || x.c.key.localeCompare(y.c.key))
    .slice(0, count)
    .map(({ c, b }) => describeComponent(c, b));
}
