// Numbers as a Russian reader writes them: decimal comma, percent signs; used in every reason text.

/** 10 ** digits for the digits results use: the same doubles, without a power per call (millions on a region). */
const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** Rounds half away from zero to `digits` places; the one rounding rule of all results. */
export function round(value: number, digits: number): number {
  const factor = POWERS_OF_TEN[digits] ?? 10 ** digits;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  // -0 === 0: a negative value that rounds to zero is written as 0, not -0.
  return rounded === 0 ? 0 : rounded;
}

/** `12.345, 1` → `12,3`; whole numbers keep no decimals. */
export function formatNumber(value: number, digits = 1): string {
  const r = round(value, digits);
  return String(r).replace(".", ",");
}

/** A share 0..1 as percent: `0.3456` → `34,6%` (whole percent when it is whole). */
export function formatShare(share: number, digits = 1): string {
  return `${formatNumber(share * 100, digits)}%`;
}

/**
 * An index percentile as the sheet and the reasons show it (to 0,1): thresholds are compared with this value, so a
 * school shown with results index «50» is never «ниже 50% школ территории» (methodology §4).
 */
export function shownPercentile(p: number): number {
  return round(p, 1);
}

/**
 * A share setting as a percentile cut: 0,07 → 7, not 7.000000000000001, so that a school at exactly the cut is on
 * the side the text says.
 */
export function percentCut(share: number): number {
  return round(share * 100, 6);
}
