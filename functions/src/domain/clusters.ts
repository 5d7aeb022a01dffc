// Clusters of comparable schools: quantile groups of the social index, unless the registry fixes a school's cluster.
import { at } from "./indexed-access.js";

/** Names of the default three clusters, from least to most favourable conditions. */
const TERCILE_NAMES = ["Низкий ИСБ", "Средний ИСБ", "Высокий ИСБ"] as const;

/** Rounding noise allowed at a group boundary (percentiles differ by at least 100/N² between schools). */
const BOUNDARY_NUDGE = 1e-9;

/** Label of quantile group `index` (0 = least favourable) out of `count`. */
export function clusterLabel(index: number, count: number): string {
  if (count === 3) return at(TERCILE_NAMES, index);
  return `ИСБ: группа ${index + 1} из ${count}`;
}

/**
 * Cluster of a school in a year: the registry's `cluster` when set; otherwise the quantile group of its social
 * index percentile p: ⌊p·K/100⌋ (capped at K − 1), so with K = 3 the boundaries are 100/3 = 33,33… and
 * 200/3 = 66,66… (a percentile exactly on a boundary belongs to the upper group); null when neither is known.
 */
export function assignCluster(
  registryCluster: string | undefined,
  socialPercentile: number | null,
  count: number,
): string | null {
  if (registryCluster !== undefined) return registryCluster;
  if (socialPercentile === null) return null;
  // A Hazen percentile can sit exactly on a boundary (N = 3m schools, a tie of ranks m and m + 1: p = 100/3), where
  // p / 100 · 3 came out as 0.999…: the product is taken first and nudged by far less than any real difference.
  const index = Math.min(count - 1, Math.floor((socialPercentile * count) / 100 + BOUNDARY_NUDGE));
  return clusterLabel(index, count);
}
