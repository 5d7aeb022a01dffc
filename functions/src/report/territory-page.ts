// index.html of the printable report: the territory's KPIs, the conditions × results chart, the lists with reasons, pairs and all schools.
import type { Category, SchoolResult } from "../contract/results.js";
import { CATEGORY_LABELS, SUMMARY_LABELS, type SummaryKey } from "../domain/labels.js";
import { formatNumber } from "../domain/number-format.js";
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
  { key: "objectivitySuspicious" },
  { key: "lowConfidence" },
  { key: "schoolsWithResults" },
];

/** Above this many schools only the schools on some list get their number printed next to the point. */
const MARK_ALL_UP_TO = 60;

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

function chartSection(ctx: ReportContext): SafeHtml {
  const schools = ctx.results.schools;
  const points: ScatterPoint[] = [];
  let missing = 0;
  for (const s of schools) {
    if (!s.socialIndex || !s.resultsIndex) {
      missing++;
      continue;
    }
    const listed = s.categories.length > 0;
    // A second category shows as a ring: ШНОР and ШНСУ at once, or a resilient school in adverse conditions.
    const [first, second] = REPORT_LISTS.filter((c) => s.categories.includes(c));
    points.push({
      x: s.socialIndex.value,
      y: s.resultsIndex.value,
      fill: CATEGORY_COLOURS[first ?? "none"],
      ...(second === undefined ? {} : { ring: CATEGORY_COLOURS[second] }),
      ...(schools.length <= MARK_ALL_UP_TO || listed ? { mark: String(ctx.numberOf(s.schoolId)) } : {}),
      title: `${ctx.numberOf(s.schoolId)}. ${ctx.nameOf(s.schoolId)}: ${schoolFigures(s, ctx)}`,
    });
  }
  // Grey points first, so the coloured ones are drawn on top of them.
  points.sort((a, b) => Number(a.fill !== CATEGORY_COLOURS.none) - Number(b.fill !== CATEGORY_COLOURS.none));
  const t = ctx.thresholds;
  return html`<h2>Условия и результаты школ</h2>
<figure class="chart">
${scatterChart(points, t)}
${categoryLegend()}
<figcaption>Каждая точка — школа; число у точки — её номер в таблице «Все школы». Кольцо другого цвета — вторая категория школы (например, красная точка с оранжевым кольцом — школа в обоих списках, ШНОР и ШНСУ).
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
${members.length === 0 ? html`<p class="muted">Нет школ.</p>` : members.map((s) => schoolEntry(s, category, ctx))}`;
  });
  const suspicious = schools.filter((s) => s.objectivity.suspicious);
  const exited = schools.filter((s) => s.change === "exited");
  return html`<h2>Списки школ с причинами</h2>
${lists}
<h3>Признаки необъективности результатов ВПР — ${suspicious.length}</h3>
${
  suspicious.length === 0
    ? html`<p class="muted">Не выявлены.</p>`
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
<ul>${exited.map((s) => html`<li>${schoolLink(s.schoolId, ctx, "schools/")} — ${schoolFigures(s, ctx)}</li>`)}</ul>`
}`;
}

function pairsSection(ctx: ReportContext): SafeHtml {
  const pairs = ctx.results.pairs;
  const unmatched = ctx.results.schools.filter((s) => s.mentorNote !== undefined);
  const table =
    pairs.length === 0
      ? html`<p class="muted">Пар нет.</p>`
      : html`<table class="compact"><thead><tr><th style="width:24%">Школа, которой нужна поддержка</th><th style="width:24%">Школа-наставник</th><th>Почему эта пара</th></tr></thead><tbody>
${pairs.map(
  (p) =>
    html`<tr><td>${schoolLink(p.menteeId, ctx, "schools/")}</td><td>${schoolLink(p.mentorId, ctx, "schools/")}</td><td><ul>${p.reasons.map((r) => html`<li>${r}</li>`)}</ul></td></tr>`,
)}
</tbody></table>`;
  const notes: HtmlPart =
    unmatched.length === 0
      ? ""
      : html`<h3>Школы из списков без наставника — ${unmatched.length}</h3><table class="compact"><tbody>${unmatched.map(
          (s) =>
            html`<tr><td style="width:30%">${schoolLink(s.schoolId, ctx, "schools/")}</td><td>${s.mentorNote ?? ""}</td></tr>`,
        )}</tbody></table>`;
  return html`<h2>Пары «школа — наставник»</h2>${table}${notes}`;
}

function allSchoolsSection(ctx: ReportContext): SafeHtml {
  const rows = ctx.results.schools.map(
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
<p class="subtitle">Школы с низкими образовательными результатами и школы, функционирующие в неблагоприятных социальных условиях · ${r.year} учебный год · методика версии ${r.methodology.version}</p>
${kpis.tiles}
${chartSection(ctx)}
${kpis.table}
${listsSection(ctx)}
${pairsSection(ctx)}
${r.roadmap === undefined ? "" : roadmapSection(r.roadmap)}
${allSchoolsSection(ctx)}
<footer>Отчёт сформирован ШНОР-Монитором по набору данных территории «${ctx.territoryName}» (${r.territoryId}). Все показатели и причины рассчитаны по опубликованной методике (docs/methodology.md); значения её настроек — на листе «Настройки» таблицы координатора.</footer>`,
  );
}
