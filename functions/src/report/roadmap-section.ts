// The roadmap part of the territory report: measures with their status on the day, the monitoring calendar, the working group.
import type { RoadmapReport } from "../contract/results.js";
import { type HtmlPart, html, type SafeHtml } from "./html.js";

/** `2026-01-20` → `20.01.2026`; anything else is shown as it is. */
export function russianDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** CSS class of a status: red for what is late, green for what is done, plain otherwise. */
const STATUS_CLASS: Readonly<Record<string, string>> = {
  overdue: "status-not_met",
  done_late: "status-met",
  done: "status-met",
};

function warnings(list: readonly string[]): HtmlPart {
  return list.length === 0
    ? ""
    : html`<div class="note"><ul>${list.map((w) => html`<li>${w}</li>`)}</ul></div>`;
}

/**
 * Roadmap status on `roadmap.asOf`: warnings first (what is overdue, quarters without a meeting), then the
 * measures, the monitoring calendar and the meetings with quorum and decisions.
 */
export function roadmapSection(roadmap: RoadmapReport): SafeHtml {
  const items =
    roadmap.items.length === 0
      ? html`<p class="muted">Мероприятий в дорожной карте нет.</p>`
      : html`<table class="compact"><thead><tr><th>Мероприятие</th><th>Сроки</th><th>Ответственный</th><th>Статус</th></tr></thead><tbody>${roadmap.items.map(
          (i) =>
            html`<tr><td>${i.title}</td><td class="nowrap">${russianDate(i.from)} – ${russianDate(i.to)}</td><td>${i.responsible ?? "—"}</td><td class="${STATUS_CLASS[i.status] ?? ""}">${i.statusText}</td></tr>`,
        )}</tbody></table>`;
  const monitoring = html`<table class="compact"><thead><tr><th>Этап мониторинга</th><th>Сроки</th><th>Состояние</th></tr></thead><tbody>${roadmap.monitoring.map(
    (m) =>
      html`<tr><td>${m.name}</td><td class="nowrap">${russianDate(m.start)} – ${russianDate(m.end)}</td><td>${m.text}</td></tr>`,
  )}</tbody></table>`;
  const group = roadmap.workingGroup;
  const meetings =
    group.meetings.length === 0
      ? html`<p class="muted">Заседаний рабочей группы не было.</p>`
      : html`<table class="compact"><thead><tr><th>Дата</th><th>Кворум</th><th>Решения</th></tr></thead><tbody>${group.meetings.map(
          (m) =>
            html`<tr><td class="nowrap">${russianDate(m.date)}</td><td class="${m.quorum ? "" : "status-not_met"}">${m.quorumText}</td><td>${
              m.decisions.length === 0
                ? "—"
                : html`<ul>${m.decisions.map((d) => html`<li>${d.title}: ${d.text}</li>`)}</ul>`
            }</td></tr>`,
        )}</tbody></table>`;
  return html`<h2>Дорожная карта на ${russianDate(roadmap.asOf)}</h2>
${warnings(roadmap.warnings)}
${items}
<h3>Календарь мониторинга</h3>
${monitoring}
<h3>Рабочая группа</h3>
${warnings(group.warnings)}
${meetings}`;
}
