// Printable documents of a decision: the protocol of a working-group meeting (seed 004's structure, seed 002 п. 3.3) and the draft order (приказ) with the approved lists as its appendix.
import type { Dataset, Meeting } from "../contract/dataset.js";
import type { Approval, ListCategory } from "../contract/decision-cycle.js";
import { formatRuDate } from "../domain/academic-calendar.js";
import { checkDecision } from "../domain/approval-rules.js";
import { DECISION_ACTION_LABELS, LIST_SHORT_NAMES } from "../domain/approved-lists.js";
import { type HtmlPart, html } from "./html.js";
import { reportDocument } from "./page-layout.js";

type Decision = NonNullable<Meeting["decisions"]>[number];

function votesText(d: Decision): string {
  return `«за» — ${d.for}, «против» — ${d.against}, «воздержались» — ${d.abstained ?? 0}`;
}

function schoolName(dataset: Dataset, id: string): string {
  return dataset.schools.find((s) => s.id === id)?.name ?? id;
}

function signatures(rows: readonly [string, string | undefined][]): HtmlPart {
  return html`<table class="compact" style="margin-top:10mm">
${rows.map(([role, name]) => html`<tr><td style="width:60mm;border:none">${role}</td><td style="border:none;border-bottom:0.3mm solid #1a1a1a"></td><td style="width:55mm;border:none">${name ?? "____________________"}</td></tr>`)}
</table>`;
}

/** The file name of a meeting's protocol: `protocol-2026-05-28-6.html`. */
export function protocolFile(meeting: Pick<Meeting, "date" | "protocol">): string {
  const number =
    meeting.protocol === undefined ? "" : `-${meeting.protocol.replace(/[^\p{L}\p{N}-]+/gu, "_")}`;
  return `protocol-${meeting.date}${number}.html`;
}

/**
 * The protocol of one meeting, in the structure of the protocols the districts write (seed 004): the heading with
 * the number and date, those present (the chair and the secretary named, how many members of how many), the
 * agenda, each decision with its votes and whether it stands under the Положение (п. 3.2 quorum, п. 3.3 majority
 * of those present and the chair's casting vote), the schools and lists it names with its grounds, the dissenting
 * opinions attached (п. 3.3: «вправе изложить в письменном виде свое мнение, которое подлежит приобщению к
 * протоколу»), and places for the signatures of the chair and the secretary (п. 3.3).
 */
export function protocolPage(meeting: Meeting, dataset: Dataset): string {
  const decisions = meeting.decisions ?? [];
  const title = `Протокол${meeting.protocol !== undefined ? ` № ${meeting.protocol}` : ""} заседания рабочей группы от ${formatRuDate(meeting.date)}`;
  return reportDocument(
    title,
    html`<h1 style="text-align:center">ПРОТОКОЛ${meeting.protocol !== undefined ? ` № ${meeting.protocol}` : ""}</h1>
<p class="subtitle" style="text-align:center">заседания рабочей группы по повышению качества образования в школах с низкими образовательными результатами и школах, функционирующих в неблагоприятных социальных условиях<br>${dataset.territory.name}</p>
<p>${formatRuDate(meeting.date)}</p>
<h2>Присутствовали</h2>
<p>Членов рабочей группы: ${meeting.members}; присутствовали: ${meeting.present}${meeting.present > meeting.members / 2 ? " — кворум имеется" : " — кворума нет"} (Положение о рабочей группе, п. 3.2).</p>
<table class="facts compact">
<tr><th>Председательствующий</th><td>${meeting.chair ?? "—"}${meeting.chairPresent === false ? " (отсутствовал)" : ""}</td></tr>
<tr><th>Секретарь</th><td>${meeting.secretary ?? "—"}</td></tr>
${(meeting.attendees ?? []).length > 0 ? html`<tr><th>Члены рабочей группы</th><td>${(meeting.attendees ?? []).join("; ")}</td></tr>` : ""}
</table>
<h2>Повестка дня</h2>
${decisions.length === 0 ? html`<p class="muted">Решения не внесены.</p>` : html`<ol>${decisions.map((d) => html`<li>${d.title}</li>`)}</ol>`}
<h2>Решили</h2>
${decisions.map((d, i) => {
  const checked = checkDecision(meeting, d);
  const schools = d.schoolIds ?? [];
  return html`<div class="recommendation">
<p class="title">${i + 1}. ${d.title}</p>
${d.action !== undefined ? html`<p>Действие: ${DECISION_ACTION_LABELS[d.action]}${(d.lists ?? []).length > 0 ? html`; список: ${(d.lists ?? []).map((l) => LIST_SHORT_NAMES[l]).join(", ")}` : ""}.</p>` : ""}
${schools.length > 0 ? html`<p>Школы: ${schools.map((id) => schoolName(dataset, id)).join("; ")}.</p>` : ""}
${d.grounds !== undefined ? html`<p>Основания: ${d.grounds}.</p>` : ""}
<p>Голосовали: ${votesText(d)}${d.for === d.against && d.chairVotedFor !== undefined ? html`; председательствующий голосовал ${d.chairVotedFor ? "«за»" : "«против»"}` : ""}.</p>
<p class="${checked.success ? "status-met" : "status-not_met"}">${checked.success ? `Решение принято (${checked.data.text}).` : `Решение не принято: ${checked.error.message}`}</p>
</div>`;
})}
${
  decisions.some((d) => d.dissent !== undefined)
    ? html`<h2>Особые мнения</h2>
<p class="small muted">Приобщаются к протоколу (Положение о рабочей группе, п. 3.3).</p>
${decisions.filter((d) => d.dissent !== undefined).map((d) => html`<p>К решению «${d.title}»: ${d.dissent}</p>`)}`
    : ""
}
${signatures([
  ["Председательствующий", meeting.chair],
  ["Секретарь", meeting.secretary],
])}`,
  );
}

/** The file name of an approved version's draft order: `order-v1.html`. */
export function orderFile(approval: Pick<Approval, "version">): string {
  return `order-v${approval.version}.html`;
}

const APPENDIX_LISTS: readonly ListCategory[] = ["lowResults", "adverseSocial"];

/** What an order's point calls each list. */
const LIST_FULL_NAMES: Readonly<Record<ListCategory, string>> = {
  lowResults: "школ с низкими образовательными результатами",
  adverseSocial: "школ, функционирующих в неблагоприятных социальных условиях",
};

/**
 * The draft order (приказ) of an approved version: «Об утверждении списков…» with the working group's meeting and
 * protocol as its basis, the points approving each list (a correction says what it corrects), and one appendix
 * per list — the schools with the decision's grounds. The district prints it on its letterhead and signs it.
 */
export function orderPage(approval: Approval, dataset: Dataset): string {
  const lists = APPENDIX_LISTS.map((category, i) => ({
    category,
    appendix: i + 1,
    schools: approval.schools.filter((s) => s.categories.includes(category)),
  }));
  const basis =
    approval.meeting !== undefined
      ? `решения рабочей группы (протокол${approval.meeting.protocol !== undefined ? ` № ${approval.meeting.protocol}` : ""} от ${formatRuDate(approval.meeting.date)})`
      : undefined;
  return reportDocument(
    `Приказ № ${approval.order.number} от ${formatRuDate(approval.order.date)}`,
    html`<p class="muted small">Проект приказа: сформирован ШНОР-Монитором по утверждённой версии ${approval.version} списков; печатается на бланке органа управления образованием.</p>
<h1 style="text-align:center">ПРИКАЗ</h1>
<p style="display:flex;justify-content:space-between"><span>${formatRuDate(approval.order.date)}</span><span>№ ${approval.order.number}</span></p>
<p style="text-align:center;font-weight:bold">Об утверждении списков школ с низкими образовательными результатами и школ, функционирующих в неблагоприятных социальных условиях, на ${approval.year} учебный год${approval.reason === "correction" ? " (исправление)" : ""}</p>
<p>В целях реализации мер по повышению качества образования в школах с низкими образовательными результатами и школах, функционирующих в неблагоприятных социальных условиях${basis !== undefined ? `, на основании ${basis}` : ""}${approval.reason === "correction" && approval.note !== undefined ? `, в связи с исправлением: ${approval.note}` : ""}</p>
<p><strong>ПРИКАЗЫВАЮ:</strong></p>
<ol>
${lists.map((l) => html`<li>Утвердить список ${LIST_FULL_NAMES[l.category]} (${LIST_SHORT_NAMES[l.category]}) на ${approval.year} учебный год (приложение ${l.appendix}).</li>`)}
<li>Руководителям школ, включённых в списки, разработать и реализовать программы повышения качества образования.</li>
<li>Контроль за исполнением приказа оставляю за собой.</li>
</ol>
${signatures([["Руководитель", undefined]])}
${lists.map(
  (
    l,
  ) => html`<h2 style="break-before:page">Приложение ${l.appendix} к приказу № ${approval.order.number} от ${formatRuDate(approval.order.date)}</h2>
<p>Список ${LIST_SHORT_NAMES[l.category]} на ${approval.year} учебный год: ${l.schools.length}</p>
${
  l.schools.length === 0
    ? html`<p class="muted">Школ нет.</p>`
    : html`<table class="compact"><thead><tr><th>№</th><th>Школа</th><th>Основания</th></tr></thead><tbody>
${l.schools.map((s, i) => html`<tr><td>${i + 1}</td><td>${schoolName(dataset, s.schoolId)}</td><td>${s.grounds.join("; ")}</td></tr>`)}
</tbody></table>`
}`,
)}`,
  );
}
