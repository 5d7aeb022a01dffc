// schools/<id>.html: one school's card — indices and their components against the references, categories with reasons, mentor, measures, criteria, dynamics.

import { CATEGORY_LABELS } from "../contract/labels.js";
import type { IndexValue, SchoolResult } from "../contract/results.js";
import { componentLabel } from "../domain/component-text.js";
import { formatNumber } from "../domain/number-format.js";
import { benchmarkText, componentValueText } from "./component-benchmarks.js";
import { type HtmlPart, html, type SafeHtml } from "./html.js";
import { reportDocument } from "./page-layout.js";
import type { ReportContext } from "./report-context.js";
import { categoryBadges, schoolLink } from "./report-fragments.js";
import {
  CATEGORY_COLOURS,
  CHANGE_LABELS,
  COMPONENT_SHORT_LABELS,
  CRITERION_STATUS_LABELS,
  NO_DATA,
  numberOrNoData,
  PRIORITY_LABELS,
  REPORT_LISTS,
  signed,
  signedFixed,
  trendText,
} from "./report-text.js";
import { supportHistorySection } from "./support-history-section.js";
import { componentBars } from "./svg-charts.js";
import { vprTasksSection } from "./vpr-tasks-section.js";

function factsTable(s: SchoolResult, ctx: ReportContext): SafeHtml {
  const total = ctx.results.summary.schoolsWithResults;
  const rows: [string, HtmlPart][] = [
    ["Кластер сходных школ", s.cluster ?? NO_DATA],
    ["Место в рейтинге территории", s.rank === null ? NO_DATA : `${s.rank} из ${total ?? "—"}`],
    ["Индекс социального благополучия (ИСБ)", indexText(s.socialIndex)],
    ["Индекс результатов", indexText(s.resultsIndex)],
    [
      "Контекстный результат",
      s.contextualResult === null
        ? NO_DATA
        : `${signed(s.contextualResult)} п. к ожидаемому при таких социальных условиях`,
    ],
  ];
  return html`<table class="facts"><tbody>${rows.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>`;
}

function indexText(index: IndexValue | null): string {
  if (index === null) return NO_DATA;
  const low = index.lowConfidence ? " — рассчитан на малых выборках, надёжность низкая" : "";
  return `${formatNumber(index.value)} (процентиль по территории)${low}`;
}

function categoriesSection(s: SchoolResult): SafeHtml {
  if (s.categories.length === 0) {
    return html`<h2>Категории</h2><p>Школа не входит ни в один список: ни в ШНОР и ШНСУ, ни в лидеры и резильентные.</p>`;
  }
  const blocks = REPORT_LISTS.filter((c) => s.categories.includes(c)).map((c) => {
    const reasons = s.reasons.filter((r) => r.category === c);
    return html`<div class="school" style="--c:${CATEGORY_COLOURS[c]}"><div class="head">${CATEGORY_LABELS[c]}</div>
${reasons.length > 0 ? html`<ul>${reasons.map((r) => html`<li>${r.text}</li>`)}</ul>` : ""}</div>`;
  });
  return html`<h2>Категории и причины</h2>${blocks}`;
}

function indexSection(title: string, index: IndexValue | null, ctx: ReportContext): SafeHtml {
  if (index === null)
    return html`<h2>${title}</h2><p class="muted">Индекс не рассчитан: недостаточно данных.</p>`;
  const bars = componentBars(
    index.components.map((c) => ({
      label: COMPONENT_SHORT_LABELS[c.key] ?? componentLabel(c.key),
      score: c.score,
    })),
  );
  const rows = index.components.map((c) => {
    const benchmark = ctx.benchmarks.get(c.key);
    return html`<tr><td>${componentLabel(c.key)}</td><td class="num">${componentValueText(c.key, c.value)}</td><td class="num">${c.n ?? "—"}</td><td class="num">${benchmarkText(c.key, benchmark)}</td><td class="num">${c.score === null ? "—" : signedFixed(c.score, 2)}</td></tr>`;
  });
  return html`<h2>${title}: ${formatNumber(index.value)} (процентиль по территории)</h2>
<figure class="chart">${bars}<figcaption>Балл составляющей — отклонение от среднего по территории в стандартных отклонениях (σ) с учётом направления: больше нуля — лучше, чем в среднем по территории.</figcaption></figure>
<table class="compact"><thead><tr><th>Показатель</th><th class="num">Значение</th><th class="num">n</th><th class="num">Сравнение</th><th class="num">Балл,\u00a0σ</th></tr></thead><tbody>${rows}</tbody></table>
<p class="small muted">n — число обучающихся или участников, по которому рассчитан показатель; «эталон» — среднерегиональный показатель, «по территории» — значение по всем школам территории.</p>`;
}

function objectivitySection(s: SchoolResult): SafeHtml {
  if (!s.objectivity.suspicious)
    return html`<h2>Объективность ВПР</h2><p>Признаки необъективности результатов ВПР не выявлены.</p>`;
  return html`<h2>Объективность ВПР</h2><div class="note"><p><b>Есть признаки необъективности результатов ВПР.</b></p><ul>${s.objectivity.reasons.map((r) => html`<li>${r}</li>`)}</ul></div>`;
}

function mentorSection(s: SchoolResult, ctx: ReportContext): SafeHtml {
  const parts: HtmlPart[] = [];
  if (s.mentorId !== null) {
    const pair = ctx.results.pairs.find((p) => p.menteeId === s.schoolId && p.mentorId === s.mentorId);
    parts.push(
      html`<p>Школа-наставник: <b>${schoolLink(s.mentorId, ctx, "")}</b></p>${pair && pair.reasons.length > 0 ? html`<ul>${pair.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ""}`,
    );
  } else if (s.mentorNote !== undefined) {
    parts.push(html`<div class="note">${s.mentorNote}</div>`);
  }
  const mentees = ctx.results.pairs.filter((p) => p.mentorId === s.schoolId);
  if (mentees.length > 0) {
    parts.push(
      html`<p>Школа — наставник для: ${mentees.map((p, i) => html`${i > 0 ? ", " : ""}${schoolLink(p.menteeId, ctx, "")}`)}.</p>`,
    );
  }
  if (parts.length === 0) return html``;
  return html`<section class="avoid-break"><h2>Наставничество</h2>${parts}</section>`;
}

function recommendationsSection(s: SchoolResult): SafeHtml {
  if (s.recommendations.length === 0) return html``;
  const groups = ([1, 2, 3] as const)
    .map((priority) => ({ priority, items: s.recommendations.filter((r) => r.priority === priority) }))
    .filter((g) => g.items.length > 0);
  return html`<h2>Рекомендации</h2>${groups.map(
    (g) =>
      html`<h3>${PRIORITY_LABELS[g.priority]}</h3>${g.items.map(
        (r) =>
          html`<div class="recommendation"><div class="title">${r.title}</div><div class="muted">${r.rationale}</div></div>`,
      )}`,
  )}`;
}

function criteriaSection(s: SchoolResult): SafeHtml {
  if (s.criteria === undefined || s.criteria.length === 0) return html``;
  return html`<h2>Критерии результативности поддержки</h2>
<table class="compact"><thead><tr><th>Критерий</th><th>Ожидается</th><th>Фактически</th><th>Оценка</th></tr></thead><tbody>${s.criteria.map(
    (c) =>
      html`<tr><td>${c.title}</td><td>${c.expected}</td><td>${c.actual}</td><td class="status-${c.status}">${CRITERION_STATUS_LABELS[c.status]}</td></tr>`,
  )}</tbody></table>`;
}

function dynamicsSection(s: SchoolResult, ctx: ReportContext): SafeHtml {
  const threshold = ctx.thresholds.dynamics;
  const rows: [string, string][] = [
    [
      "Списки ШНОР и ШНСУ",
      s.change === null
        ? "не входит в списки ни в этом, ни в прошлом году (или нет данных за прошлый год)"
        : CHANGE_LABELS[s.change],
    ],
    ["Индекс результатов к прошлому году", s.trend ? trendText(s.trend.results, threshold) : NO_DATA],
    ["ИСБ к прошлому году", s.trend ? trendText(s.trend.social, threshold) : NO_DATA],
  ];
  return html`<section class="avoid-break"><h2>Динамика</h2><table class="facts"><tbody>${rows.map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}</tbody></table>
<p class="small muted">Изменение в процентильных пунктах; существенным считается изменение на ${numberOrNoData(threshold)} п. и более.</p></section>`;
}

/** The card page of one school (schools/<id>.html). */
export function schoolCard(s: SchoolResult, ctx: ReportContext): string {
  const name = ctx.nameOf(s.schoolId);
  const r = ctx.results;
  return reportDocument(
    `${name} — карточка школы, ${r.year}`,
    html`<p class="nav"><a href="../index.html">← Отчёт по территории «${ctx.territoryName}»</a> · карточка школы № ${ctx.numberOf(s.schoolId)}</p>
<h1>${name}</h1>
<p class="subtitle">${ctx.territoryName} · ${r.year} учебный год · ${categoryBadges(s.categories)}</p>
${factsTable(s, ctx)}
${categoriesSection(s)}
${mentorSection(s, ctx)}${supportHistorySection(ctx.timeline?.(s.schoolId), ctx.nameOf)}
${recommendationsSection(s)}
${criteriaSection(s)}
${dynamicsSection(s, ctx)}
${indexSection("Индекс результатов", s.resultsIndex, ctx)}
${indexSection("Индекс социального благополучия", s.socialIndex, ctx)}
${objectivitySection(s)}${vprTasksSection(s, ctx)}
<footer>ШНОР-Монитор · ${ctx.territoryName} (${r.territoryId}) · школа ${s.schoolId} · методика версии ${r.methodology.version}</footer>`,
  );
}
