// «Утверждённые списки» on the territory page: the order in force, its lists beside today's computation, every difference, the schools in «усиленное сопровождение» and those with exit grounds.
import { formatRuDate } from "../domain/academic-calendar.js";
import { LIST_SHORT_NAMES } from "../domain/approved-lists.js";
import { type HtmlPart, html } from "./html.js";
import type { ReportContext } from "./report-context.js";

/**
 * The section, or nothing when the results have no approved lists (the page is then as it always was). Links to
 * the draft order and the protocol that `shnor report` writes under `decisions/`.
 */
export function approvedSection(ctx: ReportContext): HtmlPart {
  const a = ctx.results.approved;
  if (a === undefined) return "";
  const order = `приказ № ${a.order.number} от ${formatRuDate(a.order.date)}`;
  const decided = a.reason !== "earlier";
  // it follows the lists section on the same line of the template: its own line break keeps other pages as they were
  return html`
<section><h2>Утверждённые списки</h2>
<p>Действует ${order} — версия ${a.version} из ${a.versions}${a.reason === "correction" ? html` (исправление${a.note !== undefined ? `: ${a.note}` : ""})` : ""}${a.meeting !== undefined ? `; заседание рабочей группы ${formatRuDate(a.meeting.date)}${a.meeting.protocol !== undefined ? `, протокол № ${a.meeting.protocol}` : ""}` : ""}.${decided ? html` <a href="decisions/order-v${a.version}.html">Проект приказа со списками</a>.` : ""}</p>
<table class="compact"><thead><tr><th>Список</th><th>Школ</th><th>Школы</th></tr></thead><tbody>
${(["lowResults", "adverseSocial"] as const).map((c) => {
  const members = a.schools.filter((s) => s.categories.includes(c));
  return html`<tr><td>${LIST_SHORT_NAMES[c]}</td><td>${members.length}</td><td>${members.map((s) => ctx.nameOf(s.schoolId)).join("; ")}</td></tr>`;
})}
</tbody></table>
${
  a.differences.length === 0
    ? html`<p>Утверждённые списки совпадают с расчётом по текущим данным.</p>`
    : html`<div class="note"><p><b>Отличия от расчёта по текущим данным — ${a.differences.length}.</b> Утверждённые списки меняет только новое решение рабочей группы.</p><ul>${a.differences.map((d) => html`<li>${d.text}</li>`)}</ul></div>`
}
${a.schools
  .filter((s) => (s.escalation ?? []).length > 0)
  .map(
    (s) =>
      html`<p><b>Усиленное сопровождение:</b> ${ctx.nameOf(s.schoolId)} — ${(s.escalation ?? []).join("; ")}</p>`,
  )}
${a.schools.flatMap((s) => (s.exits ?? []).map((e) => html`<p><b>Основание для выхода:</b> ${ctx.nameOf(s.schoolId)} — ${e.text}</p>`))}
</section>`;
}
