// Numbers as a Russian reader writes them: decimal comma, percent signs; used in every reason text.

/** Rounds half away from zero to `digits` places; the one rounding rule of all results. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
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
