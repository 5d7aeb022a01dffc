// Empirical Bayes shrinkage of small-sample shares and means toward the territory, so tiny schools do not top or tail a list by chance.

/**
 * Beta-binomial posterior mean of a share: (x + k·p₀) / (n + k), where x = count, n = denominator,
 * p₀ = territory share, k = prior strength in pseudo-observations. With n ≫ k it is ≈ x/n.
 * @example shrinkShare(3, 5, 0.1, 10) → (3 + 1) / 15 ≈ 0.267 (raw 0.6)
 */
export function shrinkShare(count: number, n: number, territoryShare: number, priorStrength: number): number {
  if (n + priorStrength === 0) return territoryShare;
  return (count + priorStrength * territoryShare) / (n + priorStrength);
}

/**
 * Shrunk mean (normal–normal with equal variances): (n·x̄ + k·μ₀) / (n + k).
 * @example shrinkMean(40, 4, 60, 10) → (160 + 600) / 14 ≈ 54.3
 */
export function shrinkMean(mean: number, n: number, territoryMean: number, priorStrength: number): number {
  if (n + priorStrength === 0) return territoryMean;
  return (n * mean + priorStrength * territoryMean) / (n + priorStrength);
}
