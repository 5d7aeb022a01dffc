// Peaks at ВПР mark boundaries: pupils «pulled up» to a mark's lowest primary score leave a peak there and a hole one point below.
import type { VprBoundary, VprTasks } from "../contract/dataset.js";
import { subjectLabel } from "../contract/labels.js";
import { formatNumber, formatShare } from "./number-format.js";

/** The marks whose lowest primary score is a boundary. */
const MARKS = ["3", "4", "5"] as const;

/** One boundary of one paper: how many participants scored exactly its lowest score and one point less. */
export interface BoundaryCount {
  grade: number;
  subject: string;
  mark: (typeof MARKS)[number];
  /** The mark's lowest primary score. */
  score: number;
  at: number;
  below: number;
}

/** A school's participants at and one point below the boundaries, pooled over its papers and marks. */
export interface BoundaryPeaks {
  /** Participants of the papers that have a score distribution and boundaries. */
  participants: number;
  at: number;
  below: number;
  /** Each boundary counted, in paper then mark order. */
  boundaries: BoundaryCount[];
}

/**
 * Counts, for every paper with a primary-score distribution (`scores[s]` = participants with score s) and the
 * year's boundaries for its grade and subject, the participants exactly at the lowest score of «3», «4» and «5»
 * and those one point below, and pools them. A boundary outside 1…maxScore (criteria that do not fit the file)
 * is skipped. Undefined when no paper can be counted. O(papers × boundaries).
 *
 * Without interference the distribution is smooth, so `at ≈ below`; a checker who adds the missing point to
 * works one point short of a mark moves pupils from `below` to `at`.
 */
export function countBoundaries(
  papers: readonly VprTasks[],
  boundaries: readonly VprBoundary[],
): BoundaryPeaks | undefined {
  let participants = 0;
  let at = 0;
  let below = 0;
  const counted: BoundaryCount[] = [];
  for (const paper of papers) {
    const scores = paper.scores;
    if (scores === undefined || paper.participants === 0) continue;
    const boundary = boundaries.find((b) => b.grade === paper.grade && b.subject === paper.subject);
    if (boundary === undefined) continue;
    let used = false;
    for (const mark of MARKS) {
      const score = boundary.lowest[mark];
      if (score < 1 || score > paper.maxScore) continue;
      const here = scores[score] ?? 0;
      const before = scores[score - 1] ?? 0;
      counted.push({ grade: paper.grade, subject: paper.subject, mark, score, at: here, below: before });
      at += here;
      below += before;
      used = true;
    }
    if (used) participants += paper.participants;
  }
  return counted.length === 0 ? undefined : { participants, at, below, boundaries: counted };
}

/**
 * True when the boundaries show a peak: at least `minN` participants sit at a boundary or one point below (fewer
 * say nothing), and those at it are at least `ratio` times those below. With the default ratio 3 and 10
 * participants, chance alone gives the marker with probability P(X ≥ 8 | X ~ Bin(10, ½)) ≈ 5.5%; the more
 * participants, the smaller that chance.
 * @example isBoundaryPeak({ participants: 60, at: 12, below: 2, boundaries: [] }, 3, 10) // true
 */
export function isBoundaryPeak(peaks: BoundaryPeaks, ratio: number, minN: number): boolean {
  return peaks.at + peaks.below >= minN && peaks.at >= ratio * peaks.below;
}

function people(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return `${n} участников`;
  if (ones === 1) return `${n} участник`;
  if (ones >= 2 && ones <= 4) return `${n} участника`;
  return `${n} участников`;
}

function points(n: number): string {
  const tens = n % 100;
  const ones = n % 10;
  if (tens >= 11 && tens <= 14) return `${n} баллов`;
  if (ones === 1) return `${n} балл`;
  if (ones >= 2 && ones <= 4) return `${n} балла`;
  return `${n} баллов`;
}

/** `в 3 раза`, `в 5 раз`, `в 4,7 раза`: «раз» agrees with the number as Russian counts. */
function times(value: number): string {
  const text = formatNumber(value);
  if (text.includes(",")) return `в ${text} раза`;
  const n = Number(text);
  const few = n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14);
  return `в ${text} ${few ? "раза" : "раз"}`;
}

/**
 * The Russian reason of the marker: the pooled shares at and one point below the boundaries, how many times
 * more, the threshold, and the boundary with the largest excess.
 */
export function boundaryPeakReason(peaks: BoundaryPeaks, ratio: number): string {
  const share = (n: number) => (peaks.participants > 0 ? formatShare(n / peaks.participants) : "—");
  const threshold = `порог — ${times(ratio)}`;
  const below =
    peaks.below > 0
      ? `на балл ниже — у ${share(peaks.below)} (${peaks.below}): ${times(peaks.at / peaks.below)} больше, ${threshold}`
      : `на балл ниже — ни у кого, ${threshold}`;
  let worst = peaks.boundaries[0];
  for (const b of peaks.boundaries) if (worst && b.at - b.below > worst.at - worst.below) worst = b;
  const detail = worst
    ? `; сильнее всего — ${worst.grade} класс, ${subjectLabel(worst.subject)}, граница «${worst.mark}» ` +
      `(${points(worst.score)}): ${people(worst.at)} против ${worst.below} на балл ниже`
    : "";
  return (
    `первичный балл ровно на нижней границе отметки ВПР («3», «4» или «5») — у ${share(peaks.at)} участников ` +
    `(${peaks.at}), ${below}${detail} — пики на границах отметок, возможно «дотягивание» работ до отметки при проверке`
  );
}
