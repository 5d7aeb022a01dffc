// Inline SVG charts of the reports, sized in millimetres for A4: the social × results scatter and the component-score bars.
import { formatNumber } from "../domain/number-format.js";
import { type HtmlPart, html, type SafeHtml } from "./html.js";
import { signedFixed } from "./report-text.js";

/** Coordinates with two decimals: stable bytes and a small file, far below what a printer resolves. */
function mm(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface ScatterPoint {
  /** Social index percentile 0..100. */
  x: number;
  /** Results index percentile 0..100. */
  y: number;
  fill: string;
  /** A second colour as a ring (a school on both lists). */
  ring?: string;
  /** Short mark printed next to the point (its number in the table). */
  mark?: string;
  /** Tooltip in a browser: the school's name and figures. */
  title: string;
  /** A small translucent dot without a mark: one of a region's many schools, read together as a density. */
  small?: boolean;
  /** With `ScatterOptions.marksAtMost`: marks with a lower rank are printed first; a mark that would cover one already printed is left out. */
  markRank?: number;
}

export interface ScatterOptions {
  /**
   * Print at most this many marks, none covering another (a region's chart): marks by `markRank`, each kept only
   * if its text does not overlap a kept one. Without it every mark is printed.
   */
  marksAtMost?: number;
}

/** Width of a mark's digit and height of its text at font size 2.5 (mm), with a little air. */
const MARK_BOX = { digit: 1.6, above: 2.1, below: 0.6 } as const;

/**
 * The points whose marks are printed: all, or (with `marksAtMost`) by rank those whose text does not overlap a
 * mark already kept, up to that many.
 */
function printedMarks(
  points: readonly ScatterPoint[],
  at: (p: ScatterPoint) => { cx: number; cy: number },
  marksAtMost: number | undefined,
): Set<ScatterPoint> {
  const marked = points.filter((p) => p.mark !== undefined);
  if (marksAtMost === undefined) return new Set(marked);
  const ranked = marked
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        (a.p.markRank ?? Number.POSITIVE_INFINITY) - (b.p.markRank ?? Number.POSITIVE_INFINITY) || a.i - b.i,
    );
  const kept: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const out = new Set<ScatterPoint>();
  for (const { p } of ranked) {
    if (out.size >= marksAtMost) break;
    const { cx, cy } = at(p);
    const box = {
      x0: cx + 1.9,
      x1: cx + 1.9 + (p.mark ?? "").length * MARK_BOX.digit,
      y0: cy + 0.9 - MARK_BOX.above,
      y1: cy + 0.9 + MARK_BOX.below,
    };
    if (kept.some((k) => box.x0 < k.x1 && k.x0 < box.x1 && box.y0 < k.y1 && k.y0 < box.y1)) continue;
    kept.push(box);
    out.add(p);
  }
  return out;
}

export interface ScatterThresholds {
  /** Resilient: social index below this percentile… */
  resilientSocial: number;
  /** …and results index at or above this one. */
  resilientResults: number;
  /** ШНСУ: social index below this percentile. */
  adverseSocial: number;
}

const SCATTER = { width: 180, height: 128, left: 15, right: 7, top: 7, bottom: 15 } as const;

/**
 * Scatter of the schools: social index (x) against results index (y), both percentiles 0..100, with the lines of
 * the resilient quadrant (bottom share by ИСБ × top share by results) and the ШНСУ line. 180 × 128 mm.
 */
export function scatterChart(
  points: readonly ScatterPoint[],
  t: ScatterThresholds,
  options: ScatterOptions = {},
): SafeHtml {
  const { width, height, left, right, top, bottom } = SCATTER;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (v: number) => mm(left + (Math.min(100, Math.max(0, v)) / 100) * plotW);
  const y = (v: number) => mm(top + plotH - (Math.min(100, Math.max(0, v)) / 100) * plotH);
  const ticks = [0, 25, 50, 75, 100];
  const grid: HtmlPart[] = ticks.map(
    (
      v,
    ) => html`<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(100)}" stroke="#e3e3e3" stroke-width="0.2"/>
<line x1="${x(0)}" y1="${y(v)}" x2="${x(100)}" y2="${y(v)}" stroke="#e3e3e3" stroke-width="0.2"/>
<text x="${x(v)}" y="${mm(y(0) + 4)}" font-size="2.6" text-anchor="middle" fill="#444">${v}</text>
<text x="${mm(x(0) - 1.5)}" y="${mm(y(v) + 0.9)}" font-size="2.6" text-anchor="end" fill="#444">${v}</text>`,
  );
  const resilientBox = html`<rect x="${x(0)}" y="${y(100)}" width="${mm(x(t.resilientSocial) - x(0))}" height="${mm(y(t.resilientResults) - y(100))}" fill="#1565c0" fill-opacity="0.07"/>`;
  const lines = html`<line x1="${x(t.adverseSocial)}" y1="${y(0)}" x2="${x(t.adverseSocial)}" y2="${y(100)}" stroke="#e65100" stroke-width="0.35" stroke-dasharray="1.2 0.8"/>
<line x1="${x(t.resilientSocial)}" y1="${y(0)}" x2="${x(t.resilientSocial)}" y2="${y(100)}" stroke="#1565c0" stroke-width="0.35" stroke-dasharray="2 1"/>
<line x1="${x(0)}" y1="${y(t.resilientResults)}" x2="${x(100)}" y2="${y(t.resilientResults)}" stroke="#1565c0" stroke-width="0.35" stroke-dasharray="2 1"/>
<text x="${mm(x(t.adverseSocial) - 0.6)}" y="${mm(top - 1.5)}" font-size="2.4" text-anchor="end" fill="#e65100">ШНСУ: ИСБ ниже ${formatNumber(t.adverseSocial, 0)}</text>
<text x="${mm(x(t.resilientSocial) + 0.6)}" y="${mm(top - 1.5)}" font-size="2.4" fill="#1565c0">ИСБ ниже ${formatNumber(t.resilientSocial, 0)}</text>
<text x="${mm(x(0) + 1)}" y="${mm(y(100) + 3.2)}" font-size="2.6" font-weight="bold" fill="#1565c0">Резильентные</text>
<text x="${mm(x(0) + 1)}" y="${mm(y(100) + 6.2)}" font-size="2.3" fill="#1565c0">результаты от ${formatNumber(t.resilientResults, 0)}</text>`;
  const printed = printedMarks(points, (p) => ({ cx: x(p.x), cy: y(p.y) }), options.marksAtMost);
  // A region's numbers go on a layer above every point, with a white halo, so that no later point covers them;
  // a municipality's stay beside their points as they always were.
  const layered = options.marksAtMost !== undefined;
  const text = (p: ScatterPoint, cx: number, cy: number, halo: boolean) =>
    html`<text x="${mm(cx + 1.9)}" y="${mm(cy + 0.9)}" font-size="2.5" fill="#222"${halo ? html` stroke="#fff" stroke-width="0.6" paint-order="stroke"` : ""}>${p.mark ?? ""}</text>`;
  const marks: HtmlPart[] = points.map((p) => {
    const cx = x(p.x);
    const cy = y(p.y);
    const ring = p.ring === undefined ? "" : html` stroke="${p.ring}" stroke-width="0.7"`;
    const plain = p.ring === undefined ? html` stroke="#fff" stroke-width="0.25"` : "";
    const label = p.mark === undefined || !printed.has(p) || layered ? "" : text(p, cx, cy, false);
    if (p.small === true) {
      return html`<g><title>${p.title}</title><circle cx="${cx}" cy="${cy}" r="0.75" fill="${p.fill}" fill-opacity="0.55"/>${label}</g>`;
    }
    return html`<g><title>${p.title}</title><circle cx="${cx}" cy="${cy}" r="1.35" fill="${p.fill}"${ring}${plain}/>${label}</g>`;
  });
  if (layered) {
    for (const p of points) if (printed.has(p)) marks.push(text(p, x(p.x), y(p.y), true));
  }
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${width}mm" height="${height}mm" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif" role="img" aria-label="Индекс социального благополучия и индекс результатов школ">
${resilientBox}
${grid}
<rect x="${x(0)}" y="${y(100)}" width="${mm(plotW)}" height="${mm(plotH)}" fill="none" stroke="#888" stroke-width="0.3"/>
${lines}
${marks}
<text x="${mm(left + plotW / 2)}" y="${mm(height - 2.5)}" font-size="2.9" text-anchor="middle" fill="#222">Индекс социального благополучия (ИСБ), процентиль: левее — сложнее условия</text>
<text transform="translate(4 ${mm(top + plotH / 2)}) rotate(-90)" font-size="2.9" text-anchor="middle" fill="#222">Индекс результатов, процентиль</text>
</svg>`;
}

export interface BarRow {
  label: string;
  /** Direction-adjusted standard score (σ): above zero is better than the territory; null when absent. */
  score: number | null;
}

const BARS = { width: 180, label: 66, right: 16, rowHeight: 5, top: 7, bottom: 6, range: 3 } as const;

/**
 * Diverging bars of the component scores in σ, −3..+3 (the index clamps there): green to the right where the
 * school is better than the territory, red to the left where it is worse. 180 mm wide, 5 mm a row.
 */
export function componentBars(rows: readonly BarRow[]): SafeHtml {
  const { width, label, right, rowHeight, top, bottom, range } = BARS;
  const height = mm(top + rows.length * rowHeight + bottom);
  const plotLeft = label + 2;
  const plotW = width - plotLeft - right;
  const x = (v: number) =>
    mm(plotLeft + ((Math.min(range, Math.max(-range, v)) + range) / (2 * range)) * plotW);
  const zero = x(0);
  const ticks = [-3, -2, -1, 0, 1, 2, 3];
  const bottomY = mm(top + rows.length * rowHeight);
  const grid: HtmlPart[] = ticks.map(
    (
      v,
    ) => html`<line x1="${x(v)}" y1="${top}" x2="${x(v)}" y2="${bottomY}" stroke="${v === 0 ? "#555" : "#e3e3e3"}" stroke-width="${v === 0 ? 0.3 : 0.2}"/>
<text x="${x(v)}" y="${mm(bottomY + 3.6)}" font-size="2.4" text-anchor="middle" fill="#444">${v === 0 ? "0" : `${v > 0 ? "+" : "−"}${Math.abs(v)}σ`}</text>`,
  );
  const bars: HtmlPart[] = rows.map((row, i) => {
    const rowTop = top + i * rowHeight;
    const middle = mm(rowTop + rowHeight / 2);
    const name = html`<text x="${label}" y="${mm(middle + 0.9)}" font-size="2.6" text-anchor="end" fill="#222">${row.label}</text>`;
    if (row.score === null) {
      return html`${name}<text x="${mm(zero + 1.2)}" y="${mm(middle + 0.9)}" font-size="2.4" fill="#777">нет данных</text>`;
    }
    const end = x(row.score);
    const from = Math.min(zero, end);
    const w = mm(Math.max(0.4, Math.abs(end - zero)));
    const colour = row.score >= 0 ? "#2e7d32" : "#c62828";
    // The value sits in its own column right of the plot: a long bar never runs into its number or the label.
    return html`${name}<rect x="${from}" y="${mm(rowTop + 1)}" width="${w}" height="${mm(rowHeight - 2)}" fill="${colour}"/>
<text x="${width - 1}" y="${mm(middle + 0.9)}" font-size="2.5" text-anchor="end" fill="#222">${signedFixed(row.score, 2)}</text>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${width}mm" height="${height}mm" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif" role="img" aria-label="Баллы составляющих индекса в стандартных отклонениях">
<text x="${mm(zero - 2)}" y="4" font-size="2.5" text-anchor="end" fill="#c62828">← хуже, чем по территории</text>
<text x="${mm(zero + 2)}" y="4" font-size="2.5" fill="#2e7d32">лучше, чем по территории →</text>
<text x="${width - 1}" y="4" font-size="2.5" text-anchor="end" fill="#444">балл, σ</text>
${grid}
${bars}
</svg>`;
}
