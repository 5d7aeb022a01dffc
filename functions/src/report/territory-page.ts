// index.html of the printable report: the territory's KPIs, the conditions × results chart, the lists with reasons, pairs and all schools.
import { PRESET_LABELS, type PresetName } from "../contract/criteria-vocabulary.js";
import { CATEGORY_LABELS, SUMMARY_LABELS, type SummaryKey } from "../contract/labels.js";
import type { Category, Results, SchoolResult } from "../contract/results.js";
import { formatNumber } from "../domain/number-format.js";
import { approvedSection } from "./approved-section.js";
import {
  byCluster,
  clusterCountsTable,
  clusterHeadRow,
  clusterTable,
  DETAIL_UP_TO,
} from "./cluster-groups.js";
import { type HtmlPart, html, type SafeHtml } from "./html.js";
import { reportDocument } from "./page-layout.js";
import type { ReportContext } from "./report-context.js";
import { categoryBadges, categoryLegend, schoolFigures, schoolLink } from "./report-fragments.js";
import { CATEGORY_COLOURS, numberOrNoData, REPORT_LISTS, summaryValue } from "./report-text.js";
import { roadmapSection } from "./roadmap-section.js";
import { byResultsIndex } from "./school-order.js";
import { type ScatterPoint, scatterChart } from "./svg-charts.js";

/** The counts shown as tiles, four to a row; the other KPIs go to the table below them. */
const TILES: readonly { key: SummaryKey; category?: Category }[] = [
  { key: "schools" },
  { key: "lowResults", category: "lowResults" },
  { key: "adverseSocial", category: "adverseSocial" },
  { key: "bothLists" },
  { key: "watch", category: "watch" },
  { key: "resilient", category: "resilient" },
  { key: "leader", category: "leader" },
  { key: "pairs" },
  { key: "withoutMentor" },
  { key: "listedWithMentor" },
  { key: "objectivitySuspicious" },
  { key: "lowConfidence" },
];

/**
 * Up to this many schools every point has its number; above it (a region) only the ШНОР and ШНСУ schools do, and
 * the other schools are small unlabelled dots, whose crowd shows the density: 2,000 labels would cover each other.
 */
const MARK_ALL_UP_TO = 60;
/** At most this many numbers on a region's chart, none covering another. */
const MARKS_AT_MOST = 40;
/** The lists whose schools keep their numbers on a region's chart. */
const MARKED_LISTS: readonly Category[] = ["lowResults", "adverseSocial"];

/** The KPI tiles (first page, above the chart) and the table of the other KPIs (after it). */
function kpiSection(ctx: ReportContext): { tiles: SafeHtml; table: SafeHtml } {
  const summary = ctx.results.summary;
  const tiles = TILES.map(({ key, category }) => {
    const style = category === undefined ? "" : html` style="--c:${CATEGORY_COLOURS[category]}"`;
    return html`<div class="kpi${category === undefined ? "" : " accent"}"${style}><div class="value">${summaryValue(summary[key])}</div><div class="label">${SUMMARY_LABELS[key]}</div></div>`;
  });
  const tileKeys = new Set<string>(TILES.map((t) => t.key));
  const rows = (Object.keys(SUMMARY_LABELS) as SummaryKey[])
    .filter((key) => key !== "year" && !tileKeys.has(key) && key in summary)
    .map(
      (key) =>
        html`<tr><td>${SUMMARY_LABELS[key]}</td><td class="num">${summaryValue(summary[key])}</td></tr>`,
    );
  return {
    tiles: html`<h2>Сводка</h2>
<div class="kpis">${tiles}</div>`,
    table:
      rows.length > 0
        ? html`<h2>Динамика и показатели программы поддержки</h2><table class="compact"><thead><tr><th>Показатель</th><th class="num">Значение</th></tr></thead><tbody>${rows}</tbody></table>`
        : html``,
  };
}

/**
 * The schools that may have their number printed at their point, with their rank: all of a municipality; in a
 * region the ШНОР and ШНСУ schools, the lowest results index first (the chart prints the first `MARKS_AT_MOST`
 * whose numbers do not cover each other).
 */
function markedSchools(ctx: ReportContext): { rank: Map<string, number>; all: boolean } {
  const schools = ctx.results.schools;
  if (schools.length <= MARK_ALL_UP_TO)
    return { rank: new Map(schools.map((s, i) => [s.schoolId, i])), all: true };
  const listed = ordered(
    schools.filter((s) => s.categories.some((c) => MARKED_LISTS.includes(c))),
    false,
    ctx,
  );
  return { rank: new Map(listed.map((s, i) => [s.schoolId, i])), all: false };
}

function chartSection(ctx: ReportContext): SafeHtml {
  const schools = ctx.results.schools;
  const points: ScatterPoint[] = [];
  const marked = markedSchools(ctx);
  let missing = 0;
  for (const s of schools) {
    if (!s.socialIndex || !s.resultsIndex) {
      missing++;
      continue;
    }
    // A second category shows as a ring: ШНОР and ШНСУ at once, or a resilient school in adverse conditions.
    const [first, second] = REPORT_LISTS.filter((c) => s.categories.includes(c));
    const rank = marked.rank.get(s.schoolId);
    points.push({
      x: s.socialIndex.value,
      y: s.resultsIndex.value,
      fill: CATEGORY_COLOURS[first ?? "none"],
      ...(second === undefined ? {} : { ring: CATEGORY_COLOURS[second] }),
      ...(rank === undefined ? {} : { mark: String(ctx.numberOf(s.schoolId)) }),
      ...(rank === undefined || marked.all ? {} : { markRank: rank }),
      ...(!marked.all && first === undefined ? { small: true } : {}),
      title: `${ctx.numberOf(s.schoolId)}. ${ctx.nameOf(s.schoolId)}: ${schoolFigures(s, ctx)}`,
    });
  }
  // Grey points first, so the coloured ones are drawn on top of them.
  points.sort((a, b) => Number(a.fill !== CATEGORY_COLOURS.none) - Number(b.fill !== CATEGORY_COLOURS.none));
  const t = ctx.thresholds;
  return html`<h2>Условия и результаты школ</h2>
<figure class="chart">
${scatterChart(points, t, marked.all ? {} : { marksAtMost: MARKS_AT_MOST })}
${categoryLegend()}
<figcaption>Каждая точка — школа; ${
    marked.all
      ? "число у точки — её номер в таблице «Все школы»."
      : `школ много, поэтому номер (из раздела «Все школы») стоит только у школ ШНОР и ШНСУ с наименьшим индексом результатов — не больше ${MARKS_AT_MOST} и так, чтобы номера не закрывали друг друга; школы без категорий — маленькие серые точки: где их гуще, там больше школ.`
  } Кольцо другого цвета — вторая категория школы (например, красная точка с оранжевым кольцом — школа в обоих списках, ШНОР и ШНСУ).
Резильентные школы — в левом верхнем углу: ИСБ ниже ${formatNumber(t.resilientSocial, 0)}-го процентиля и индекс результатов не ниже ${formatNumber(t.resilientResults, 0)}-го.
ШНСУ — левее оранжевой линии (нижние ${formatNumber(t.adverseSocial, 0)}% по ИСБ) или три и более признака неблагополучия.
ШНОР определяется внутри кластера сходных школ, поэтому отдельной линии для него нет.${missing > 0 ? ` Не показаны школы без одного из индексов: ${missing}.` : ""}</figcaption>
</figure>`;
}

function schoolEntry(s: SchoolResult, category: Category, ctx: ReportContext): SafeHtml {
  const reasons = s.reasons.filter((r) => r.category === category);
  return html`<div class="school" style="--c:${CATEGORY_COLOURS[category]}">
<div class="head">${ctx.numberOf(s.schoolId)}. ${schoolLink(s.schoolId, ctx, "schools/")} ${categoryBadges(s.categories)}</div>
<div class="figures">${schoolFigures(s, ctx)}</div>
${reasons.length > 0 ? html`<ul>${reasons.map((r) => html`<li>${r.text}</li>`)}</ul>` : ""}
</div>`;
}

/** Worst results first on the lists of concern, best first on resilient and leaders; ties by number. */
function ordered(list: readonly SchoolResult[], bestFirst: boolean, ctx: ReportContext): SchoolResult[] {
  return [...list].sort(
    byResultsIndex(bestFirst, (a, b) => ctx.numberOf(a.schoolId) - ctx.numberOf(b.schoolId)),
  );
}

function listsSection(ctx: ReportContext): SafeHtml {
  const schools = ctx.results.schools;
  const lists = REPORT_LISTS.map((category) => {
    const members = ordered(
      schools.filter((s) => s.categories.includes(category)),
      category === "resilient" || category === "leader",
      ctx,
    );
    return html`<h3>${CATEGORY_LABELS[category]} — ${members.length}</h3>
${
  members.length === 0
    ? html`<p class="muted">Нет школ.</p>`
    : members.length > DETAIL_UP_TO
      ? clusterTable(members, ctx)
      : members.map((s) => schoolEntry(s, category, ctx))
}`;
  });
  const suspicious = schools.filter((s) => s.objectivity.suspicious);
  const exited = schools.filter((s) => s.change === "exited");
  return html`<h2>Списки школ с причинами</h2>
${lists}
<h3>Признаки необъективности результатов ВПР — ${suspicious.length}</h3>
${
  suspicious.length === 0
    ? html`<p class="muted">Не выявлены.</p>`
    : suspicious.length > DETAIL_UP_TO
      ? clusterTable(suspicious, ctx)
      : suspicious.map(
          (
            s,
          ) => html`<div class="school" style="--c:#6a1b9a"><div class="head">${ctx.numberOf(s.schoolId)}. ${schoolLink(s.schoolId, ctx, "schools/")}</div>
<ul>${s.objectivity.reasons.map((r) => html`<li>${r}</li>`)}</ul></div>`,
        )
}
${
  exited.length === 0
    ? ""
    : html`<h3>Вышли из списков ШНОР и ШНСУ по сравнению с прошлым годом — ${exited.length}</h3>
${
  exited.length > DETAIL_UP_TO
    ? clusterTable(exited, ctx)
    : html`<ul>${exited.map((s) => html`<li>${schoolLink(s.schoolId, ctx, "schools/")} — ${schoolFigures(s, ctx)}</li>`)}</ul>`
}`
}`;
}

/**
 * A region's pairs by the mentee's cluster, with counts, one line each where the names allow: the mentee → the
 * mentor, and how alike their conditions are (both social indices, and «закреплено» for a coordinator's pin);
 * every reason of the pair is on the mentee's card.
 */
function groupedPairs(ctx: ReportContext): SafeHtml {
  const pairOf = new Map(ctx.results.pairs.map((p) => [p.menteeId, p]));
  const social = new Map(ctx.results.schools.map((s) => [s.schoolId, s.socialIndex?.value ?? null]));
  const mentees = ctx.results.schools.filter((s) => pairOf.has(s.schoolId));
  const conditions = (menteeId: string, mentorId: string, pinned: boolean): string => {
    const a = social.get(menteeId) ?? null;
    const b = social.get(mentorId) ?? null;
    const both =
      a === null || b === null ? "ИСБ: нет данных" : `ИСБ ${formatNumber(a, 0)} и ${formatNumber(b, 0)}`;
    return pinned ? `${both}; закреплено` : both;
  };
  const rows = byCluster(mentees).map(
    (g) =>
      html`${clusterHeadRow(g, 2)}${g.schools.map((s) => {
        const p = pairOf.get(s.schoolId);
        if (p === undefined) return "";
        return html`<tr><td>${ctx.numberOf(p.menteeId)}. ${schoolLink(p.menteeId, ctx, "schools/")} → ${ctx.numberOf(p.mentorId)}. ${schoolLink(p.mentorId, ctx, "schools/")}</td><td class="nowrap">${conditions(p.menteeId, p.mentorId, p.reasons[0] === "закреплено координатором")}</td></tr>`;
      })}`,
  );
  return html`<p class="small muted">Пар много, поэтому они сгруппированы по кластерам подопечных школ, по одной строке на пару; основания каждой пары — в карточке подопечной школы.</p>
<table class="compact"><thead><tr><th>Школа, которой нужна поддержка → школа-наставник</th><th style="width:36mm">Условия</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function pairsSection(ctx: ReportContext): SafeHtml {
  const pairs = ctx.results.pairs;
  const unmatched = ctx.results.schools.filter((s) => s.mentorNote !== undefined);
  const table =
    pairs.length === 0
      ? html`<p class="muted">Пар нет.</p>`
      : pairs.length > DETAIL_UP_TO
        ? groupedPairs(ctx)
        : html`<table class="compact"><thead><tr><th style="width:24%">Школа, которой нужна поддержка</th><th style="width:24%">Школа-наставник</th><th>Почему эта пара</th></tr></thead><tbody>
${pairs.map(
  (p) =>
    html`<tr><td>${schoolLink(p.menteeId, ctx, "schools/")}</td><td>${schoolLink(p.mentorId, ctx, "schools/")}</td><td><ul>${p.reasons.map((r) => html`<li>${r}</li>`)}</ul></td></tr>`,
)}
</tbody></table>`;
  const noteRow = (s: SchoolResult) =>
    html`<tr><td style="width:30%">${schoolLink(s.schoolId, ctx, "schools/")}</td><td>${s.mentorNote ?? ""}</td></tr>`;
  const noteRows =
    unmatched.length > DETAIL_UP_TO
      ? byCluster(unmatched).map((g) => html`${clusterHeadRow(g, 2)}${g.schools.map(noteRow)}`)
      : unmatched.map(noteRow);
  const notes: HtmlPart =
    unmatched.length === 0
      ? ""
      : html`<h3>Школы из списков без наставника — ${unmatched.length}</h3><table class="compact"><tbody>${noteRows}</tbody></table>`;
  return html`<h2>Пары «школа — наставник»</h2>${table}${notes}`;
}

/**
 * Every school in number order with its indices; a region's schools (hundreds of rows, dozens of pages) as counts
 * by cluster and category, then the schools by cluster, numbered and linked to their cards.
 */
function allSchoolsSection(ctx: ReportContext): SafeHtml {
  const schools = ctx.results.schools;
  if (schools.length > DETAIL_UP_TO) {
    return html`<h2>Все школы</h2>
${clusterCountsTable(schools)}
${clusterTable(schools, ctx)}
<p class="small muted">ИСБ, индекс результатов и место каждой школы — в её карточке и на листе «Индексы» таблицы координатора.</p>`;
  }
  const rows = schools.map(
    (s) =>
      html`<tr><td class="num">${ctx.numberOf(s.schoolId)}</td><td>${schoolLink(s.schoolId, ctx, "schools/")}</td><td class="nowrap">${s.cluster ?? "—"}</td><td class="num">${numberOrNoData(s.socialIndex?.value)}</td><td class="num">${numberOrNoData(s.resultsIndex?.value)}${s.resultsIndex?.lowConfidence ? "*" : ""}</td><td class="num">${s.rank ?? "—"}</td><td>${categoryBadges(s.categories)}</td></tr>`,
  );
  return html`<h2>Все школы</h2>
<table class="compact"><thead><tr><th class="num">№</th><th>Школа (карточка)</th><th>Кластер</th><th class="num">ИСБ</th><th class="num">Индекс результатов</th><th class="num">Место</th><th style="width:34mm">Категории</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="small muted">ИСБ — индекс социального благополучия; оба индекса — процентили по территории (0–100, больше — лучше). * — индекс рассчитан на малых выборках (низкая надёжность).</p>`;
}

/** The territory report page (index.html). */
export function territoryPage(ctx: ReportContext): string {
  const r = ctx.results;
  const kpis = kpiSection(ctx);
  const title = `${ctx.territoryName} — отчёт ШНОР-Монитора за ${r.year} учебный год`;
  return reportDocument(
    title,
    html`<p class="nav">ШНОР-Монитор · отчёт по территории</p>
<h1>${ctx.territoryName}</h1>
<p class="subtitle">Школы с низкими образовательными результатами и школы, функционирующие в неблагоприятных социальных условиях · ${r.year} учебный год · методика версии ${r.methodology.version}${criteriaNote(r)}</p>
${kpis.tiles}
${chartSection(ctx)}
${kpis.table}
${listsSection(ctx)}${approvedSection(ctx)}
${pairsSection(ctx)}
${r.roadmap === undefined ? "" : roadmapSection(r.roadmap)}
${allSchoolsSection(ctx)}
<footer>Отчёт сформирован ШНОР-Монитором по набору данных территории «${ctx.territoryName}» (${r.territoryId}). Все показатели и причины рассчитаны по опубликованной методике (docs/methodology.md); значения её настроек — на листе «Настройки» таблицы координатора.</footer>`,
  );
}

/** « · по критериям выявления территории (N)» when a criteria table decided the lists; nothing for the default method. */
function criteriaNote(r: Results): string {
  const n = r.methodology.criteria?.filter((row) => row.rule === undefined).length ?? 0;
  if (n === 0) return "";
  const preset = r.methodology.preset as PresetName | undefined;
  // Plain text: the html template escapes what it interpolates.
  return ` · списки по таблице критериев выявления (${n})${preset === undefined ? "" : `, пресет — ${PRESET_LABELS[preset] ?? preset}`}`;
}
