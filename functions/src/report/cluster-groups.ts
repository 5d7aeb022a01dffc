// Long lists of the territory page at region scale: the schools grouped by cluster, with counts, names in a line.

import { CATEGORY_SHORT_LABELS } from "../contract/labels.js";
import type { SchoolResult } from "../contract/results.js";
import { type HtmlPart, html, type SafeHtml } from "./html.js";
import type { ReportContext } from "./report-context.js";
import { schoolLink } from "./report-fragments.js";
import { REPORT_LISTS } from "./report-text.js";

/**
 * Up to this many schools a list on the territory page keeps every detail (reasons, figures); a longer one — a
 * region's hundreds — is grouped by cluster with counts, so that it stays a few printed pages, and the details
 * stay on each school's card.
 */
export const DETAIL_UP_TO = 60;

export interface ClusterGroup {
  /** The cluster's name; null for the schools without one (no social index to place them). */
  cluster: string | null;
  schools: SchoolResult[];
}

/**
 * The schools grouped by cluster: clusters in Russian alphabetical order, schools without a cluster last; the
 * schools keep the order they were given in.
 */
export function byCluster(schools: readonly SchoolResult[]): ClusterGroup[] {
  const groups = new Map<string | null, SchoolResult[]>();
  for (const s of schools) {
    const group = groups.get(s.cluster) ?? [];
    group.push(s);
    groups.set(s.cluster, group);
  }
  const collator = new Intl.Collator("ru", { numeric: true });
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : collator.compare(a, b)))
    .map(([cluster, members]) => ({ cluster, schools: members }));
}

/**
 * A long list as a table by cluster: the cluster, how many of the list are in it, and the schools as «№. name»
 * links to their cards, one line of text per cluster; a last row gives the total.
 */
export function clusterTable(schools: readonly SchoolResult[], ctx: ReportContext): SafeHtml {
  const rows: HtmlPart[] = byCluster(schools).map(
    (g) =>
      html`<tr><td class="nowrap">${g.cluster ?? "без кластера"}</td><td class="num">${g.schools.length}</td><td>${g.schools.map(
        (s, i) =>
          html`${i === 0 ? "" : "; "}${ctx.numberOf(s.schoolId)}. ${schoolLink(s.schoolId, ctx, "schools/")}`,
      )}</td></tr>`,
  );
  return html`<p class="small muted">Школ много, поэтому они сгруппированы по кластерам; причины и показатели каждой школы — в её карточке.</p>
<table class="compact"><thead><tr><th style="width:30mm">Кластер</th><th class="num" style="width:12mm">Школ</th><th>Школы (№ в отчёте; ссылка — карточка школы)</th></tr></thead>
<tbody>${rows}<tr><th>Всего</th><th class="num">${schools.length}</th><th></th></tr></tbody></table>`;
}

/** A row that opens a cluster's group inside a long table: «Кластер «…» — N», or «Без кластера — N». */
export function clusterHeadRow(group: ClusterGroup, columns: number): SafeHtml {
  const name = group.cluster === null ? "Без кластера" : html`Кластер «${group.cluster}»`;
  return html`<tr class="group"><th colspan="${columns}">${name} — ${group.schools.length}</th></tr>`;
}

/**
 * Every school of a region in a few printed pages: per cluster, how many schools and how many of them in each
 * category, with a total row; the indices of each school stay on its card and on the sheet «Индексы».
 */
export function clusterCountsTable(schools: readonly SchoolResult[]): SafeHtml {
  const counts = (members: readonly SchoolResult[]) =>
    REPORT_LISTS.map(
      (c) => html`<td class="num">${members.filter((s) => s.categories.includes(c)).length}</td>`,
    );
  const rows = byCluster(schools).map(
    (g) =>
      html`<tr><td class="nowrap">${g.cluster ?? "без кластера"}</td><td class="num">${g.schools.length}</td>${counts(g.schools)}</tr>`,
  );
  return html`<table class="compact"><thead><tr><th>Кластер</th><th class="num">Школ</th>${REPORT_LISTS.map(
    (c) => html`<th class="num">${CATEGORY_SHORT_LABELS[c]}</th>`,
  )}</tr></thead>
<tbody>${rows}<tr><th>Всего</th><th class="num">${schools.length}</th>${REPORT_LISTS.map(
    (c) => html`<th class="num">${schools.filter((s) => s.categories.includes(c)).length}</th>`,
  )}</tr></tbody></table>`;
}
