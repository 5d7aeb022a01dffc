// Small pieces shared by the territory page and the school cards: category badges, a school's figures, the legend.

import { CATEGORY_SHORT_LABELS } from "../contract/labels.js";
import type { Category, SchoolResult } from "../contract/results.js";
import { formatNumber } from "../domain/number-format.js";
import { html, type SafeHtml } from "./html.js";
import type { ReportContext } from "./report-context.js";
import { CATEGORY_COLOURS, REPORT_LISTS } from "./report-text.js";

/** Coloured badges «ШНОР», «ШНСУ», «Лидер»… in the order of the lists. */
export function categoryBadges(categories: readonly Category[]): SafeHtml {
  const ordered = REPORT_LISTS.filter((c) => categories.includes(c));
  return html`${ordered.map(
    (c) => html`<span class="badge" style="--c:${CATEGORY_COLOURS[c]}">${CATEGORY_SHORT_LABELS[c]}</span>`,
  )}`;
}

/** `ИСБ 12,3 · индекс результатов 4,5 · место 14 из 24 · кластер «Низкий ИСБ»`. */
export function schoolFigures(school: SchoolResult, ctx: ReportContext): string {
  const parts: string[] = [];
  parts.push(school.socialIndex ? `ИСБ ${formatNumber(school.socialIndex.value)}` : "ИСБ: нет данных");
  if (school.resultsIndex) {
    const low = school.resultsIndex.lowConfidence ? " (малые выборки)" : "";
    parts.push(`индекс результатов ${formatNumber(school.resultsIndex.value)}${low}`);
  } else parts.push("индекс результатов: нет данных");
  if (school.rank !== null)
    parts.push(`место ${school.rank} из ${ctx.results.summary.schoolsWithResults ?? "—"}`);
  if (school.cluster !== null) parts.push(`кластер «${school.cluster}»`);
  return parts.join(" · ");
}

/** A link to a school's card from a page in `schools/` (`prefix` "") or from index.html (`prefix` "schools/"). */
export function schoolLink(id: string, ctx: ReportContext, prefix: "" | "schools/"): SafeHtml {
  return html`<a href="${prefix}${encodeURIComponent(ctx.cardFile(id))}">${ctx.nameOf(id)}</a>`;
}

/** Legend of the chart colours. */
export function categoryLegend(): SafeHtml {
  return html`<div class="legend">${REPORT_LISTS.map(
    (c) => html`<span style="--c:${CATEGORY_COLOURS[c]}">${CATEGORY_SHORT_LABELS[c]}</span>`,
  )}<span style="--c:${CATEGORY_COLOURS.none}">без категории</span></div>`;
}
