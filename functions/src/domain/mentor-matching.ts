// Mentor pairs: each ШНОР/ШНСУ school gets a leader or resilient school in similar conditions, by minimum total cost.
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { componentLabel, formatComponentValue } from "./component-text.js";
import type { ComponentBenchmark, CompositeOutcome } from "./composite-index.js";
import { at, numberAt } from "./indexed-access.js";
import { minCostAssignment } from "./min-cost-assignment.js";
import { formatNumber } from "./number-format.js";
import { compareNumbers } from "./statistics.js";

export interface MatchingSchool {
  id: string;
  name: string;
  /** Social index percentile 0..100, null when unknown. */
  social: number | null;
  location?: { lat: number; lon: number } | undefined;
  results: CompositeOutcome | null;
}

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
const FORBIDDEN = 1e6;
const UNASSIGNED = 1e3;

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
  for (const w of weak) {
    const score = mentor.results?.components[w.j]?.score;
    if (score === null || score === undefined) continue;
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

function reasonsFor(
  mentee: MatchingSchool,
  mentor: MatchingSchool,
  terms: PairTerms,
  benchmarks: readonly ComponentBenchmark[],
): string[] {
  const reasons: string[] = [];
  if (mentee.social !== null && mentor.social !== null) {
    reasons.push(
      `сходный индекс благополучия (${formatNumber(mentee.social, 0)} и ${formatNumber(mentor.social, 0)})`,
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

/**
 * Pairs mentees with mentors. Pins come first (a coordinator's decision stands, and uses the mentor's capacity);
 * the rest is a minimum-cost assignment over mentor «slots» (each mentor `maxMenteesPerMentor` times), with the
 * cost 3·Δsocial + 1.5·min(km, 100)/100 − gain/6, where Δsocial is the gap of social percentiles (share of 100)
 * and gain the mentor's mean advantage in σ on the mentee's three weakest components. Pairs with Δsocial above
 * `maxSocialGap` are forbidden: a mentee without a suitable mentor is reported as such, not paired badly.
 * Exact (Hungarian, O(n²·m)) up to `exactUpTo` mentees; greedy by cost above that. Deterministic: inputs are
 * taken in id order.
 */
export function matchMentors(
  mentees: readonly MatchingSchool[],
  candidates: readonly MatchingSchool[],
  pins: readonly { menteeId: string; mentorId: string }[],
  settings: MethodologySettings,
  benchmarks: readonly ComponentBenchmark[],
  schoolsById: ReadonlyMap<string, MatchingSchool>,
): MentorMatching {
  const { maxMenteesPerMentor: capacity, maxSocialGap, exactUpTo } = settings.mentoring;
  const byId = (a: MatchingSchool, b: MatchingSchool) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
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
      reasons: ["закреплено координатором", ...reasonsFor(mentee, mentor, terms, benchmarks)],
    });
  }

  const open = [...mentees].filter((m) => !pinnedMentees.has(m.id)).sort(byId);
  const slots: MatchingSchool[] = [];
  for (const c of [...candidates].sort(byId)) {
    for (let k = used.get(c.id) ?? 0; k < capacity; k++) slots.push(c);
  }
  const unmatched: MentorMatching["unmatched"] = [];
  const noMentor = (mentee: MatchingSchool) => {
    const anyClose = candidates.some((c) => socialGap(mentee, c) <= maxSocialGap);
    unmatched.push({
      menteeId: mentee.id,
      reason: anyClose
        ? `все подходящие наставники уже заняты (не более ${capacity} подопечных у одной школы)`
        : `нет школы-лидера или резильентной школы со сходным индексом благополучия (разница не больше ${formatNumber(maxSocialGap * 100, 0)})`,
    });
  };
  if (open.length === 0) return { pairs: sortPairs(pairs), unmatched };
  if (slots.length === 0) {
    for (const mentee of open) noMentor(mentee);
    return { pairs: sortPairs(pairs), unmatched };
  }

  const slotsOf = new Map<string, number[]>();
  slots.forEach((mentor, s) => {
    const list = slotsOf.get(mentor.id) ?? [];
    list.push(s);
    slotsOf.set(mentor.id, list);
  });
  const mentors = [...candidates].sort(byId).filter((c) => slotsOf.has(c.id));
  // Exact for a municipality; for a region only the closest mentors by social index are considered per mentee.
  const exact = open.length <= exactUpTo;
  const bySocial: SocialMentor[] = [];
  if (!exact) {
    for (const m of mentors) if (m.social !== null) bySocial.push({ mentor: m, social: m.social });
    bySocial.sort((a, b) => a.social - b.social || byId(a.mentor, b.mentor));
  }
  // The mentors offered to each mentee with the terms of each pair: every mentor when exact, else the closest.
  const offersOf = open.map((mentee) => {
    const weak = weakest(mentee.results);
    const pool = exact ? mentors : nearestBySocial(mentee, bySocial, GREEDY_POOL);
    return pool.map((mentor) => pairTerms(mentee, mentor, weak, maxSocialGap));
  });
  const chosen = exact
    ? exactChoice(offersOf, mentors, slots)
    : greedyChoice(offersOf, slotsOf, slots.length);
  open.forEach((mentee, i) => {
    const slot = chosen[i];
    if (slot === null || slot === undefined) {
      noMentor(mentee);
      return;
    }
    const mentor = at(slots, slot);
    const t = at(offersOf, i).find((terms) => terms.mentor === mentor);
    if (t === undefined) throw new Error(`matchMentors: no terms for ${mentee.id} and ${mentor.id}`);
    pairs.push({
      menteeId: mentee.id,
      mentorId: mentor.id,
      pinned: false,
      reasons: reasonsFor(mentee, mentor, t, benchmarks),
    });
  });
  return { pairs: sortPairs(pairs), unmatched };
}

/** How many mentors closest in social conditions a mentee of a large territory is offered. */
const GREEDY_POOL = 20;

/** A mentor with a social index, for the search by social index. */
interface SocialMentor {
  mentor: MatchingSchool;
  social: number;
}

/**
 * The k mentors closest to the mentee in social index: binary search in the mentors with an index, sorted by it,
 * then a window grown to both sides. O(log m + k). A mentee without an index is offered the first k.
 */
function nearestBySocial(
  mentee: MatchingSchool,
  bySocial: readonly SocialMentor[],
  k: number,
): MatchingSchool[] {
  const social = mentee.social;
  if (social === null) return bySocial.slice(0, k).map((m) => m.mentor);
  let lo = 0;
  let hi = bySocial.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(bySocial, mid).social < social) lo = mid + 1;
    else hi = mid;
  }
  const out: MatchingSchool[] = [];
  let left = lo - 1;
  let right = lo;
  while (out.length < k && (left >= 0 || right < bySocial.length)) {
    const l = bySocial[left];
    const r = bySocial[right];
    const dl = l ? social - l.social : Number.POSITIVE_INFINITY;
    const dr = r ? r.social - social : Number.POSITIVE_INFINITY;
    if (dl <= dr && l) {
      out.push(l.mentor);
      left--;
    } else if (r) {
      out.push(r.mentor);
      right++;
    }
  }
  return out;
}

/**
 * Hungarian method on mentees × (slots + one «no mentor» column per mentee). `offersOf[i]` are the terms of
 * mentee i with every mentor, in the order of `mentors`.
 */
function exactChoice(
  offersOf: readonly (readonly PairTerms[])[],
  mentors: readonly MatchingSchool[],
  slots: readonly MatchingSchool[],
): (number | null)[] {
  const n = offersOf.length;
  const mentorOf = new Map(mentors.map((mentor, k) => [mentor, k]));
  const slotMentor = slots.map((mentor) => at(mentorOf, mentor));
  const cost = offersOf.map((offers, i) => {
    const out = new Array<number>(slots.length + n).fill(FORBIDDEN);
    slotMentor.forEach((k, s) => {
      const t = at(offers, k);
      if (t.feasible) out[s] = t.cost;
    });
    out[slots.length + i] = UNASSIGNED;
    return out;
  });
  return minCostAssignment(cost).map((col, i) => {
    const k = slotMentor[col];
    return k !== undefined && at(at(offersOf, i), k).feasible ? col : null;
  });
}

/** Cheapest feasible pairs first, each slot once; ties by mentee, then mentor order. */
function greedyChoice(
  offersOf: readonly (readonly PairTerms[])[],
  slotsOf: ReadonlyMap<string, number[]>,
  slotCount: number,
): (number | null)[] {
  // The feasible pairs listed by mentee, then mentor id: a stable sort by cost alone then breaks ties by
  // mentee, then mentor, and compares numbers only (a region has some 240,000 pairs).
  const edgeMentee: number[] = [];
  const edgeTerms: PairTerms[] = [];
  offersOf.forEach((offers, i) => {
    const feasible = offers.filter((t) => t.feasible);
    feasible.sort((a, b) => (a.mentor.id < b.mentor.id ? -1 : a.mentor.id > b.mentor.id ? 1 : 0));
    for (const t of feasible) {
      edgeMentee.push(i);
      edgeTerms.push(t);
    }
  });
  const cost = Float64Array.from(edgeTerms, (t) => t.cost);
  const order = Int32Array.from(cost.keys()).sort((a, b) =>
    compareNumbers(numberAt(cost, a), numberAt(cost, b)),
  );
  const chosen = new Array<number | null>(offersOf.length).fill(null);
  const taken = new Uint8Array(slotCount);
  order.forEach((e) => {
    const i = at(edgeMentee, e);
    if (chosen[i] !== null) return;
    const free = (slotsOf.get(at(edgeTerms, e).mentor.id) ?? []).find((s) => !taken[s]);
    if (free === undefined) return;
    chosen[i] = free;
    taken[free] = 1;
  });
  return chosen;
}

function sortPairs(pairs: MentorPair[]): MentorPair[] {
  return pairs.sort((a, b) => (a.menteeId < b.menteeId ? -1 : a.menteeId > b.menteeId ? 1 : 0));
}
