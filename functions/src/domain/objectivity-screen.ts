// ВПР objectivity screen (Rosobrnadzor's markers): ВПР not confirmed by ГИА, ВПР marks diverging from register marks, peaks at mark boundaries.
import type { School, SchoolYearFacts, VprBoundary } from "../contract/dataset.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { boundaryPeakReason, countBoundaries, isBoundaryPeak } from "./boundary-peaks.js";
import {
  cellValue,
  compositePercentiles,
  type IndicatorMatrix,
  readIndicators,
  selectColumns,
} from "./composite-index.js";
import { numberAt } from "./indexed-access.js";
import { type ComponentDefinition, type IndicatorCell, RESULTS_COMPONENTS } from "./indicators.js";
import { formatNumber, formatShare, percentCut } from "./number-format.js";

export interface ObjectivityOutcome {
  suspicious: boolean;
  codes: ("vpr_above_gia" | "journal_lower" | "journal_higher" | "boundary_peaks")[];
  reasons: string[];
}

/** The outcome of most schools, shared. */
const CLEAN: ObjectivityOutcome = { suspicious: false, codes: [], reasons: [] };

/** Kinds of school whose strong ВПР are expected, so the «ВПР above ГИА» marker does not apply to them. */
const SELECTIVE_KINDS = new Set(["lyceum", "gymnasium"]);

const GIA_KEYS = new Set(["egeRussian", "egeMath", "egeBelowMinimum", "ogeRussian", "ogeMath", "ogeFailed"]);
const GIA_COMPONENTS = RESULTS_COMPONENTS.filter((c) => GIA_KEYS.has(c.key));

const VPR_QUALITY: ComponentDefinition<"vprQuality"> = {
  key: "vprQuality",
  direction: 1,
  extract: (cell, fact) => {
    if (!fact.vpr || fact.vpr.length === 0) return false;
    let good = 0;
    let n = 0;
    for (const v of fact.vpr) {
      good += v.grades["4"] + v.grades["5"];
      n += v.participants;
    }
    if (n <= 0) return false;
    cell.kind = "share";
    cell.num = good;
    cell.den = n;
    return true;
  },
};

export interface ObjectivityRow {
  school: School;
  fact: SchoolYearFacts;
}

/**
 * Screens every school of one territory-year. Markers:
 * (1) ВПР quality (share of «4»+«5») at or above the `vprHighPercentile` of the territory while the ГИА index is
 *     below `giaLowPercentile`, in a school that is not a lyceum or gymnasium;
 * (2) ВПР mark below the register mark for ≥ `journalLowerShare` of the participants compared (inflated register);
 * (3) ВПР mark above the register mark for ≥ `journalHigherShare` (ВПР itself inflated).
 * (4) peaks at mark boundaries: among participants whose primary score is a mark's lowest score or one point less
 *     (papers with task results and the year's `boundaries`, see `countBoundaries`), those at the boundary are at
 *     least `boundaryPeakRatio` times those below.
 * Markers (2) and (3) need at least `minN` compared participants, (4) at least `minN` at or below a boundary.
 * `results` is the territory's results matrix (rows in the order of `rows`), whose ГИА columns give the ГИА
 * index without reading the facts again. Returns the outcome of each row, in the order of `rows`.
 */
export function screenObjectivity(
  rows: readonly ObjectivityRow[],
  settings: MethodologySettings,
  results: IndicatorMatrix,
  boundaries: readonly VprBoundary[] = [],
): ObjectivityOutcome[] {
  const o = settings.objectivity;
  const common = {
    minN: settings.minN,
    priorStrength: settings.priorStrength,
    lowConfidenceWeightShare: 1,
    minComponents: 1,
  };
  const id = (r: ObjectivityRow) => r.school.id;
  const read = (cell: IndicatorCell, r: ObjectivityRow, c: ComponentDefinition<string>) =>
    c.extract(cell, r.fact, r.school, settings);
  // Only the rankings are needed: percentiles by row (NaN = no index), no outcome object per school.
  const vprMatrix = readIndicators(rows, id, [VPR_QUALITY], read);
  const vpr = compositePercentiles(vprMatrix, { ...common, weights: { vprQuality: 1 } }, [null]);
  const gia = compositePercentiles(
    selectColumns(results, GIA_COMPONENTS),
    {
      ...common,
      minComponents: o.giaMinComponents,
      weights: Object.fromEntries(GIA_COMPONENTS.map((c) => [c.key, 1])),
    },
    GIA_COMPONENTS.map(() => null),
  );

  return rows.map(({ school, fact }, i) => {
    const codes: ObjectivityOutcome["codes"] = [];
    const reasons: string[] = [];
    const v = numberAt(vpr, i);
    const g = numberAt(gia, i);
    if (!Number.isNaN(v) && !Number.isNaN(g) && !SELECTIVE_KINDS.has(school.kind ?? "school")) {
      if (v >= percentCut(o.vprHighPercentile) && g < percentCut(o.giaLowPercentile)) {
        const quality = cellValue(vprMatrix, i, 0) ?? 0;
        codes.push("vpr_above_gia");
        reasons.push(
          `ВПР выше, чем у ${formatNumber(v, 0)}% школ территории (доля «4» и «5» — ${formatShare(quality)}), ` +
            `а ГИА этого не подтверждает (результаты ОГЭ и ЕГЭ ниже, чем у ${formatNumber(100 - g, 0)}% школ)`,
        );
      }
    }
    const journal = journalTotals(fact);
    if (journal && journal.total >= settings.minN) {
      const lower = journal.lower / journal.total;
      const higher = journal.higher / journal.total;
      if (lower >= o.journalLowerShare) {
        codes.push("journal_lower");
        reasons.push(
          `у ${formatShare(lower)} участников ВПР отметка ниже отметки в журнале (порог ${formatShare(o.journalLowerShare, 0)}) — ` +
            "возможно завышение текущих отметок",
        );
      }
      if (higher >= o.journalHigherShare) {
        codes.push("journal_higher");
        reasons.push(
          `у ${formatShare(higher)} участников ВПР отметка выше отметки в журнале (порог ${formatShare(o.journalHigherShare, 0)}) — ` +
            "возможна необъективность проведения или проверки ВПР",
        );
      }
    }
    const peaks =
      boundaries.length > 0 && fact.vprTasks ? countBoundaries(fact.vprTasks, boundaries) : undefined;
    if (peaks && isBoundaryPeak(peaks, o.boundaryPeakRatio, settings.minN)) {
      codes.push("boundary_peaks");
      reasons.push(boundaryPeakReason(peaks, o.boundaryPeakRatio));
    }
    return codes.length === 0 ? CLEAN : { suspicious: true, codes, reasons };
  });
}

function journalTotals(fact: SchoolYearFacts): { lower: number; higher: number; total: number } | null {
  let lower = 0;
  let higher = 0;
  let total = 0;
  let any = false;
  for (const v of fact.vpr ?? []) {
    if (!v.journal) continue;
    any = true;
    lower += v.journal.lower;
    higher += v.journal.higher;
    total += v.journal.lower + v.journal.same + v.journal.higher;
  }
  return any ? { lower, higher, total } : null;
}
