// Clusters of comparable schools: quantile groups of the social index, unless the registry fixes a school's cluster.
import { at } from "./indexed-access.js";

/** Names of the default three clusters, from least to most favourable conditions. */
const TERCILE_NAMES = ["Низкий ИСБ", "Средний ИСБ", "Высокий ИСБ"] as const;

/** Label of quantile group `index` (0 = least favourable) out of `count`. */
export function clusterLabel(index: number, count: number): string {
  if (count === 3) return at(TERCILE_NAMES, index);
  return `ИСБ: группа ${index + 1} из ${count}`;
}

/**
 * Cluster of a school in a year: the registry's `cluster` when set; otherwise the quantile group of its social
 * index percentile p: ⌊p/100 · K⌋ (capped at K − 1); null when neither is known.
 */
export function assignCluster(
  registryCluster: string | undefined,
  socialPercentile: number | null,
  count: number,
): string | null {
  if (registryCluster !== undefined) return registryCluster;
  if (socialPercentile === null) return null;
  const index = Math.min(count - 1, Math.floor((socialPercentile / 100) * count));
  return clusterLabel(index, count);
}
