// Seeded pseudo-random numbers (mulberry32) with the few distributions the sample generator needs; pure, no clock.

/** A deterministic source of numbers: the same seed always yields the same sequence. */
export interface SeededRandom {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform on [min, max). */
  uniform(min: number, max: number): number;
  /** Integer uniform on [min, max], both ends included. */
  int(min: number, max: number): number;
  /** `true` with probability p. */
  chance(p: number): boolean;
  /** Normal with the given mean and standard deviation (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** Number of successes in n trials of probability p (exact for small n·p, normal approximation otherwise). */
  binomial(n: number, p: number): number;
  /** One element of a non-empty list, each equally likely. */
  pick<T>(items: readonly T[]): T;
  /** An independent stream derived from this one's seed and a label: stable whatever else was drawn. */
  fork(label: number | string): SeededRandom;
}

/**
 * Hashes a seed (number or text) into 32 bits with FNV-1a, so `--seed 42` and `--seed demo` both work.
 * @example hashSeed(42) === hashSeed("42")
 */
export function hashSeed(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * mulberry32 (Tommy Ettinger): a 32-bit state, period 2³², good enough for synthetic data, and tiny.
 * Each call advances the state by the golden-ratio constant and mixes it; O(1).
 */
function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Creates a seeded random source.
 * @example const rng = createRandom(2026); rng.int(1, 6) // the same number on every run
 */
export function createRandom(seed: number | string): SeededRandom {
  const base = hashSeed(seed);
  const next = mulberry32(base);
  // Box–Muller yields pairs; the spare is kept so every second normal draw is free.
  let spare: number | null = null;

  const standardNormal = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    let u = next();
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };

  const rng: SeededRandom = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal: (mean = 0, sd = 1) => mean + sd * standardNormal(),
    binomial: (n, p) => {
      if (n <= 0 || p <= 0) return 0;
      if (p >= 1) return n;
      const variance = n * p * (1 - p);
      if (variance >= 9) {
        // Normal approximation with continuity correction: accurate once n·p·(1−p) ≥ 9, and O(1).
        const x = Math.round(n * p + Math.sqrt(variance) * standardNormal());
        return Math.min(n, Math.max(0, x));
      }
      // Inversion: walk the probability mass function from 0; expected O(n·p) steps.
      const q = 1 - p;
      let probability = q ** n;
      let cumulative = probability;
      const u = next();
      let k = 0;
      while (u > cumulative && k < n) {
        probability *= ((n - k) / (k + 1)) * (p / q);
        cumulative += probability;
        k++;
      }
      return k;
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick: empty list");
      return items[Math.floor(next() * items.length)] as T;
    },
    fork: (label) => createRandom(`${base}:${String(label)}`),
  };
  return rng;
}
