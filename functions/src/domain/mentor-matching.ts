// Mentor pairs: each ШНОР/ШНСУ school gets a mentor in similar conditions by minimum total cost, the pool widening step by step.
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { CostHeap } from "./binary-heap.js";
import { componentLabel, formatComponentValue } from "./component-text.js";
import type { ComponentBenchmark, CompositeOutcome } from "./composite-index.js";
import { at, numberAt } from "./indexed-access.js";
import type { MatchingSchool, MentorTier } from "./mentor-pool.js";
import { minCostAssignment } from "./min-cost-assignment.js";
import { formatNumber } from "./number-format.js";
import { compareNumbers } from "./statistics.js";

export type { MatchingSchool } from "./mentor-pool.js";

export interface MentorPair {
  menteeId: string;
  mentorId: string;
  reasons: string[];
  pinned: boolean;
}

export interface MentorMatching {
  pairs: MentorPair[];
  unmatched: { menteeId: string; reason: string }[];
}

/** Weights of the cost: social similarity first, then distance, then the mentor's strength where it is needed. */
const COST_WEIGHTS = { social: 3, distance: 1.5, strength: 1 } as const;
/** Beyond this distance every pair is «far»: 100 km is a day's trip for a methodologist. */
const FAR_KM = 100;
/** Gap assumed when a school has no social index: neither close nor far. */
const UNKNOWN_GAP = 0.25;

/** Great-circle distance in km (haversine, R = 6371 km). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The mentee's (up to) three weakest scored components: where a mentor's strength matters. */
function weakest(results: CompositeOutcome | null): { j: number; score: number }[] {
  if (!results) return [];
  return results.components
    .map((c, j) => ({ j, score: c.score }))
    .filter((c): c is { j: number; score: number } => c.score !== null)
    .sort((a, b) => a.score - b.score || a.j - b.j)
    .slice(0, 3);
}

/** Gap of social index percentiles as a share of 100; a neutral gap when either index is unknown. */
function socialGap(a: MatchingSchool, b: MatchingSchool): number {
  return a.social !== null && b.social !== null ? Math.abs(a.social - b.social) / 100 : UNKNOWN_GAP;
}

interface PairTerms {
  mentor: MatchingSchool;
  gap: number;
  km: number | null;
  /** Mean advantage of the mentor over the mentee on the mentee's weakest components, in σ (0 if none). */
  gain: number;
  /** The component where the mentor's advantage is largest, for the reason text. */
  best: number | null;
  cost: number;
  feasible: boolean;
}

function pairTerms(
  mentee: MatchingSchool,
  mentor: MatchingSchool,
  weak: { j: number; score: number }[],
  maxGap: number,
): PairTerms {
  const gap =
    mentee.social !== null && mentor.social !== null
      ? Math.abs(mentee.social - mentor.social) / 100
      : UNKNOWN_GAP;
  if (gap > maxGap)
    return { mentor, gap, km: null, gain: 0, best: null, cost: Number.POSITIVE_INFINITY, feasible: false };
  const km = mentee.location && mentor.location ? distanceKm(mentee.location, mentor.location) : null;
  let gain = 0;
  let counted = 0;
  let best: number | null = null;
  let bestGain = 0;
  // Scores read one by one: a region offers each mentee tens of mentors, whose components need not be spelled out.
  const results = mentor.results;
  for (const w of weak) {
    const score = results === null ? null : results.componentScore(w.j);
    if (score === null) continue;
    const g = score - w.score;
    gain += g;
    counted++;
    if (g > bestGain) {
      bestGain = g;
      best = w.j;
    }
  }
  gain = counted > 0 ? gain / counted : 0;
  const cost =
    COST_WEIGHTS.social * gap +
    COST_WEIGHTS.distance * (km === null ? 0 : Math.min(km, FAR_KM) / FAR_KM) -
    COST_WEIGHTS.strength * (Math.max(0, gain) / 6);
  return { mentor, gap, km, gain, best, cost, feasible: true };
}

/**
 * The reasons of a pair in Russian: how close the conditions are («сходный индекс благополучия (69 и 60)», or
 * «условия менее сходны: разница ИСБ 38» beyond `maxSocialGap`), why a school off the leader lists mentors, the
 * distance, and where the mentor is strong where the mentee is weakest.
 */
function reasonsFor(
  mentee: MatchingSchool,
  mentor: MatchingSchool,
  terms: PairTerms,
  benchmarks: readonly ComponentBenchmark[],
  settings: MethodologySettings,
): string[] {
  const reasons: string[] = [];
  if (mentee.social !== null && mentor.social !== null) {
    const both = `${formatNumber(mentee.social, 0)} и ${formatNumber(mentor.social, 0)}`;
    reasons.push(
      terms.gap > settings.mentoring.maxSocialGap
        ? `условия менее сходны: разница ИСБ ${formatNumber(terms.gap * 100, 0)} (${both})`
        : `сходный индекс благополучия (${both})`,
    );
  }
  if (tierOf(mentor) === "effective" && mentor.contextualResult != null) {
    reasons.push(
      `эффективна в своих условиях: результаты на ${formatNumber(mentor.contextualResult, 1)} п. выше ожидаемых при её ИСБ (контекстный результат), вне списков`,
    );
  }
  if (terms.km !== null) reasons.push(`расстояние ${formatNumber(terms.km, 0)} км`);
  if (terms.best !== null) {
    const mentorC = mentor.results?.components[terms.best];
    const menteeC = mentee.results?.components[terms.best];
    if (mentorC?.raw != null && menteeC?.raw != null) {
      const key = mentorC.key;
      const benchmark = benchmarks[terms.best];
      const against =
        benchmark?.value != null
          ? ` (${benchmark.fromReference ? "эталон" : "по территории"} ${formatComponentValue(key, benchmark.value)})`
          : "";
      reasons.push(
        `сильна там, где подопечная слабее всего: ${componentLabel(key)} — ${formatComponentValue(key, mentorC.raw)}${against}, у подопечной ${formatComponentValue(key, menteeC.raw)}`,
      );
    }
  }
  return reasons;
}

/** One step of the widening: which circles may mentor and how far apart the social indices may be. */
export interface MatchingStage {
  tiers: readonly MentorTier[];
  /** Largest gap of social percentiles, as a share of 100. */
  maxGap: number;
}

/**
 * The steps of the widening (methodology §9.1): leaders and resilient schools within `maxSocialGap`; then
 * effective schools too; then the gap grows by `relaxationStep` up to `maxRelaxedSocialGap` (the last step lands
 * on it exactly). Each step only serves the mentees the steps before it left without a mentor.
 * @example default settings → [leader ≤ 0.3], [leader, effective ≤ 0.3], [… ≤ 0.4], [… ≤ 0.5]
 */
export function matchingStages(settings: MethodologySettings): MatchingStage[] {
  const { maxSocialGap, maxRelaxedSocialGap, relaxationStep } = settings.mentoring;
  const all = MENTOR_TIERS_IN_ORDER;
  const stages: MatchingStage[] = [
    { tiers: ["leader"], maxGap: maxSocialGap },
    { tiers: all, maxGap: maxSocialGap },
  ];
  // Steps counted, not summed, so 0.3 + 2 × 0.1 is 0.5 and not 0.5000000000000001.
  for (let k = 1; ; k++) {
    const gap = Math.min(maxRelaxedSocialGap, Math.round((maxSocialGap + k * relaxationStep) * 1e9) / 1e9);
    if (gap <= maxSocialGap) break;
    stages.push({ tiers: all, maxGap: gap });
    if (gap >= maxRelaxedSocialGap) break;
  }
  return stages;
}

const MENTOR_TIERS_IN_ORDER: readonly MentorTier[] = ["leader", "effective"];

/**
 * Pairs mentees with mentors. Pins come first (a coordinator's decision stands, and uses the mentor's capacity).
 * The rest go to the mentors of `candidates` (each `maxMenteesPerMentor` mentees at most) with the cost of a pair
 * 3·Δsocial + 1.5·min(km, 100)/100 − gain/6, where Δsocial is the gap of social percentiles (share of 100) and
 * gain the mentor's mean advantage in σ on the mentee's three weakest components, within the steps of
 * `matchingStages`: the wider circle and the larger gaps serve only those the narrower steps cannot.
 * Up to `exactUpTo` mentees, exactly (Hungarian, O(n²·m)): as many mentees with a mentor as possible, then as
 * few steps of widening as possible, then the least cost. Above that, step by step, greedily by cost.
 * A mentee left without a mentor is reported with the obstacle: every mentor within the widest gap is full, or
 * there is none. Deterministic: inputs are taken in id order.
 */
export function matchMentors(
  mentees: readonly MatchingSchool[],
  candidates: readonly MatchingSchool[],
  pins: readonly { menteeId: string; mentorId: string }[],
  settings: MethodologySettings,
  benchmarks: readonly ComponentBenchmark[],
  schoolsById: ReadonlyMap<string, MatchingSchool>,
): MentorMatching {
  const { maxMenteesPerMentor: capacity, exactUpTo } = settings.mentoring;
  const pairs: MentorPair[] = [];
  const used = new Map<string, number>();
  const pinnedMentees = new Set<string>();
  for (const pin of [...pins].sort((a, b) => (a.menteeId < b.menteeId ? -1 : 1))) {
    const mentee = schoolsById.get(pin.menteeId);
    const mentor = schoolsById.get(pin.mentorId);
    if (!mentee || !mentor) continue;
    pinnedMentees.add(pin.menteeId);
    used.set(pin.mentorId, (used.get(pin.mentorId) ?? 0) + 1);
    const terms = pairTerms(mentee, mentor, weakest(mentee.results), 1);
    pairs.push({
      menteeId: pin.menteeId,
      mentorId: pin.mentorId,
      pinned: true,
      reasons: ["закреплено координатором", ...reasonsFor(mentee, mentor, terms, benchmarks, settings)],
    });
  }

  let waiting = [...mentees].filter((m) => !pinnedMentees.has(m.id)).sort(byId);
  const mentors = [...candidates].sort(byId);
  const room = new Map(mentors.map((m) => [m.id, capacity - (used.get(m.id) ?? 0)]));
  // Exact for a municipality, greedy for a region: decided once, so every step of one territory works alike.
  const exact = waiting.length <= exactUpTo;
  const weakOf = new Map(waiting.map((m) => [m.id, weakest(m.results)]));
  const stages = matchingStages(settings);
  const record = (chosen: ReadonlyMap<string, PairTerms>) => {
    waiting = waiting.filter((mentee) => {
      const terms = chosen.get(mentee.id);
      if (terms === undefined) return true;
      room.set(terms.mentor.id, at(room, terms.mentor.id) - 1);
      pairs.push({
        menteeId: mentee.id,
        mentorId: terms.mentor.id,
        pinned: false,
        reasons: reasonsFor(mentee, terms.mentor, terms, benchmarks, settings),
      });
      return false;
    });
  };
  if (exact) {
    const pool = mentors.filter((m) => at(room, m.id) > 0);
    if (waiting.length > 0 && pool.length > 0) record(exactMatching(waiting, pool, room, stages, weakOf));
  } else {
    for (const stage of stages) {
      if (waiting.length === 0) break;
      const pool = mentors.filter((m) => stage.tiers.includes(tierOf(m)) && at(room, m.id) > 0);
      if (pool.length > 0) record(greedyStage(waiting, pool, room, stage.maxGap, weakOf));
    }
  }
  const unmatched = waiting.map((mentee) => ({
    menteeId: mentee.id,
    reason: noMentor(mentee, mentors, settings),
  }));
  return { pairs: sortPairs(pairs), unmatched };
}

function byId(a: MatchingSchool, b: MatchingSchool): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function tierOf(m: MatchingSchool): MentorTier {
  return m.tier ?? "leader";
}

/**
 * Why a mentee is left without a mentor after every step, naming the obstacle: no school may mentor at all,
 * none is within the widest gap allowed, or all of those that are have their full number of mentees.
 */
function noMentor(
  mentee: MatchingSchool,
  mentors: readonly MatchingSchool[],
  settings: MethodologySettings,
): string {
  const { maxMenteesPerMentor: capacity, maxSocialGap, maxRelaxedSocialGap } = settings.mentoring;
  const widest = Math.max(maxSocialGap, maxRelaxedSocialGap);
  const gapText = formatNumber(widest * 100, 0);
  if (mentors.length === 0) {
    return "в территории нет ни одной школы, которая могла бы быть наставником: ни школы-лидера, ни резильентной, ни эффективной школы вне списков с рассчитанным индексом результатов";
  }
  const within = mentors.filter((c) => socialGap(mentee, c) <= widest).length;
  if (within === 0) {
    return `нет школы-лидера, резильентной или эффективной школы с разницей ИСБ не больше ${gapText}`;
  }
  return `все школы, которые могут быть наставниками при разнице ИСБ не больше ${gapText} (их ${within}), уже сопровождают предельное число подопечных — ${capacity}`;
}

/** The first step at which a pair is allowed (index into `stages`), or -1 when no step allows it. */
function stageOf(terms: PairTerms, stages: readonly MatchingStage[]): number {
  if (!terms.feasible) return -1;
  const tier = tierOf(terms.mentor);
  return stages.findIndex((stage) => stage.tiers.includes(tier) && terms.gap <= stage.maxGap);
}

/**
 * All steps at once by the Hungarian method, as strict priorities: as many mentees with a mentor as possible;
 * among those assignments, the least total number of widening steps (a pair allowed only at step s counts s);
 * then the least cost. Done with costs: a pair costs its cost + s·P, a mentee left without a mentor U, where
 * P = 10·n exceeds any difference of n pair costs (each lies in [−1, 4.5]) and U = 2·n·S·P any difference of
 * n pairs' steps (S steps); a forbidden cell costs 2·U, more than leaving the mentee out.
 */
function exactMatching(
  waiting: readonly MatchingSchool[],
  pool: readonly MatchingSchool[],
  room: ReadonlyMap<string, number>,
  stages: readonly MatchingStage[],
  weakOf: ReadonlyMap<string, { j: number; score: number }[]>,
): Map<string, PairTerms> {
  const widest = Math.max(...stages.map((s) => s.maxGap));
  const n = waiting.length;
  const stepCost = 10 * n;
  const unassigned = 2 * n * stages.length * stepCost;
  const forbidden = 2 * unassigned;
  const slots: number[] = [];
  pool.forEach((mentor, k) => {
    for (let r = at(room, mentor.id); r > 0; r--) slots.push(k);
  });
  const offersOf = waiting.map((mentee) =>
    pool.map((mentor) => pairTerms(mentee, mentor, at(weakOf, mentee.id), widest)),
  );
  const cost = offersOf.map((offers, i) => {
    const priced = offers.map((t) => {
      const stage = stageOf(t, stages);
      return stage < 0 ? forbidden : t.cost + stage * stepCost;
    });
    const out = new Array<number>(slots.length + n).fill(forbidden);
    slots.forEach((k, s) => {
      out[s] = at(priced, k);
    });
    out[slots.length + i] = unassigned;
    return out;
  });
  const chosen = new Map<string, PairTerms>();
  minCostAssignment(cost).forEach((col, i) => {
    const k = slots[col];
    if (k === undefined) return;
    const terms = at(at(offersOf, i), k);
    if (stageOf(terms, stages) >= 0) chosen.set(at(waiting, i).id, terms);
  });
  return chosen;
}

/**
 * Pairs of one step for a region, greedily, cheapest pair first. Each waiting mentee is offered the
 * `GREEDY_POOL` mentors with room closest to it in social index (its «batch»), sorted by cost; a heap holds each
 * mentee's cheapest open offer. The cheapest offer overall is taken if its mentor still has room; if not, the
 * mentee's next offer goes in, and when its batch is used up the next closest mentors that still have room are
 * offered — so a mentee whose nearest mentors filled up is offered the next ones, until none is within the
 * step's gap. Ties by mentee (id order), then mentor id. O((n + m) log n) for n mentees, m mentors.
 */
function greedyStage(
  waiting: readonly MatchingSchool[],
  pool: readonly MatchingSchool[],
  room: ReadonlyMap<string, number>,
  maxGap: number,
  weakOf: ReadonlyMap<string, { j: number; score: number }[]>,
): Map<string, PairTerms> {
  // The mentors with a social index along the index, each with the room it has left; those without one are not
  // offered (there is no «closest» to them).
  const line = pool.filter((m) => m.social !== null).sort(bySocialThenId);
  const left = Int32Array.from(line, (m) => at(room, m.id));
  const lineIndex = new Map(line.map((m, i) => [m.id, i]));
  const free = new FreeIndices(line.length);
  const cursors = waiting.map((mentee) => new SocialCursor(mentee, line, maxGap));
  const queues: PairTerms[][] = waiting.map(() => []);
  const heads = new Int32Array(waiting.length);
  // Each mentee has one open offer at a time, `queues[i][heads[i]]`: the heap holds mentees by that offer's
  // cost, ties by mentee (id order). A mentee is in it at most once, so no tie ever reaches the mentor.
  const heap = new CostHeap(waiting.length);
  /** Puts the mentee's next open offer into the heap, drawing a new batch when the last one is used up. */
  const offerNext = (i: number) => {
    let queue = at(queues, i);
    if (numberAt(heads, i) >= queue.length) {
      const mentee = at(waiting, i);
      const weak = at(weakOf, mentee.id);
      queue = at(cursors, i)
        .next(GREEDY_POOL, free)
        .map((mentor) => pairTerms(mentee, mentor, weak, maxGap))
        .filter((t) => t.feasible)
        .sort((a, b) => compareNumbers(a.cost, b.cost) || (a.mentor.id < b.mentor.id ? -1 : 1));
      queues[i] = queue;
      heads[i] = 0;
    }
    const terms = queue[numberAt(heads, i)];
    if (terms !== undefined) heap.push(i, terms.cost);
  };
  waiting.forEach((_, i) => {
    offerNext(i);
  });
  const chosen = new Map<string, PairTerms>();
  for (let i = heap.pop(); i >= 0; i = heap.pop()) {
    const terms = at(at(queues, i), numberAt(heads, i));
    const k = at(lineIndex, terms.mentor.id);
    if (numberAt(left, k) === 0) {
      heads[i] = numberAt(heads, i) + 1;
      offerNext(i);
      continue;
    }
    left[k] = numberAt(left, k) - 1;
    if (numberAt(left, k) === 0) free.remove(k);
    chosen.set(at(waiting, i).id, terms);
  }
  pairWithUnplaced(waiting, pool, room, maxGap, weakOf, chosen);
  return chosen;
}

/**
 * Mentors without a social index have no place on the line of `greedyStage`: they are offered last, at the
 * neutral gap, to the mentees still waiting (id order), each its cheapest one with room. Adds to `chosen`.
 */
function pairWithUnplaced(
  waiting: readonly MatchingSchool[],
  pool: readonly MatchingSchool[],
  room: ReadonlyMap<string, number>,
  maxGap: number,
  weakOf: ReadonlyMap<string, { j: number; score: number }[]>,
  chosen: Map<string, PairTerms>,
): void {
  const unplaced = pool.filter((m) => m.social === null);
  if (unplaced.length === 0) return;
  const left = new Map(unplaced.map((m) => [m.id, at(room, m.id)]));
  for (const mentee of waiting) {
    if (chosen.has(mentee.id)) continue;
    const weak = at(weakOf, mentee.id);
    const best = unplaced
      .filter((m) => at(left, m.id) > 0)
      .map((m) => pairTerms(mentee, m, weak, maxGap))
      .filter((t) => t.feasible)
      .sort((a, b) => compareNumbers(a.cost, b.cost) || (a.mentor.id < b.mentor.id ? -1 : 1))[0];
    if (best === undefined) continue;
    left.set(best.mentor.id, at(left, best.mentor.id) - 1);
    chosen.set(mentee.id, best);
  }
}

function bySocialThenId(a: MatchingSchool, b: MatchingSchool): number {
  return (a.social ?? 0) - (b.social ?? 0) || byId(a, b);
}

/**
 * The indices 0..n−1 still in use, with the nearest one at or beyond a position in either direction found in
 * near-constant time (two disjoint-set forests with path halving): a mentor that fills up is skipped for good.
 */
class FreeIndices {
  /** right[i]: i if free, else a pointer towards the next free index to the right; n is the end. */
  private readonly right: Int32Array;
  /** leftOf[i + 1]: i + 1 if i is free, else a pointer towards the next free to the left; 0 is the end. */
  private readonly leftOf: Int32Array;

  constructor(private readonly n: number) {
    this.right = Int32Array.from({ length: n + 1 }, (_, i) => i);
    this.leftOf = Int32Array.from({ length: n + 1 }, (_, i) => i);
  }

  remove(i: number): void {
    this.right[i] = i + 1;
    this.leftOf[i + 1] = i;
  }

  /** The first free index ≥ i, or n. */
  atOrRight(i: number): number {
    const r = this.right;
    let j = i;
    while (j < this.n && numberAt(r, j) !== j) {
      const next = numberAt(r, j);
      r[j] = numberAt(r, next);
      j = next;
    }
    return j;
  }

  /** The last free index ≤ i, or −1. */
  atOrLeft(i: number): number {
    const l = this.leftOf;
    let j = i + 1;
    while (j > 0 && numberAt(l, j) !== j) {
      const next = numberAt(l, j);
      l[j] = numberAt(l, next);
      j = next;
    }
    return j - 1;
  }
}

/**
 * A mentee's walk outwards along the mentors sorted by social index: each call returns the next `k` mentors with
 * room, closest first (the left one on a tie), and stops for good at the first beyond `maxGap` on both sides.
 * A mentee without a social index walks from the lowest index up, every pair at the neutral gap.
 */
class SocialCursor {
  private lo: number;
  private hi: number;
  private readonly social: number | null;

  constructor(
    mentee: MatchingSchool,
    private readonly line: readonly MatchingSchool[],
    private readonly maxGap: number,
  ) {
    this.social = mentee.social;
    let lo = 0;
    let hi = line.length;
    const social = mentee.social;
    if (social === null) {
      this.lo = -1;
      this.hi = UNKNOWN_GAP <= maxGap ? 0 : line.length;
      return;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((at(line, mid).social ?? 0) < social) lo = mid + 1;
      else hi = mid;
    }
    this.lo = lo - 1;
    this.hi = lo;
  }

  next(k: number, free: FreeIndices): MatchingSchool[] {
    const out: MatchingSchool[] = [];
    const n = this.line.length;
    while (out.length < k) {
      const l = this.lo >= 0 ? free.atOrLeft(this.lo) : -1;
      const r = this.hi < n ? free.atOrRight(this.hi) : n;
      const social = this.social;
      if (social === null) {
        if (r >= n) break;
        out.push(at(this.line, r));
        this.hi = r + 1;
        continue;
      }
      const dl = l >= 0 ? social - (at(this.line, l).social ?? 0) : Number.POSITIVE_INFINITY;
      const dr = r < n ? (at(this.line, r).social ?? 0) - social : Number.POSITIVE_INFINITY;
      const d = Math.min(dl, dr);
      if (d / 100 > this.maxGap) {
        this.lo = -1;
        this.hi = n;
        break;
      }
      if (dl <= dr) {
        out.push(at(this.line, l));
        this.lo = l - 1;
      } else {
        out.push(at(this.line, r));
        this.hi = r + 1;
      }
    }
    return out;
  }
}

/** How many mentors with room, closest in social conditions, a mentee of a large territory is offered at a time. */
const GREEDY_POOL = 10;

function sortPairs(pairs: MentorPair[]): MentorPair[] {
  return pairs.sort((a, b) => (a.menteeId < b.menteeId ? -1 : a.menteeId > b.menteeId ? 1 : 0));
}
