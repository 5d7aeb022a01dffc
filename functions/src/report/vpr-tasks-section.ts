// The school card's «Задания ВПР»: each paper from the Ф1 files with its weak tasks beside the territory's rate for the same task.

import { subjectLabel } from "../contract/labels.js";
import { DEFAULT_SETTINGS } from "../contract/methodology-settings.js";
import type { Results, SchoolResult, VprPaperDiagnosis, VprTaskRate } from "../contract/results.js";
import { formatShare } from "../domain/number-format.js";
import { html, type SafeHtml } from "./html.js";
import type { ReportContext } from "./report-context.js";

type Thresholds = typeof DEFAULT_SETTINGS.vprTasks;

/** The task thresholds the results were computed with (the documented defaults where the results lack them). */
function thresholds(results: Results): Thresholds {
  const saved = results.methodology.settings.vprTasks;
  const pick = (key: keyof Thresholds) => {
    const value =
      saved !== null && typeof saved === "object" ? (saved as Record<string, unknown>)[key] : undefined;
    return typeof value === "number" ? value : DEFAULT_SETTINGS.vprTasks[key];
  };
  return {
    basicInsufficient: pick("basicInsufficient"),
    basicSufficient: pick("basicSufficient"),
    advancedInsufficient: pick("advancedInsufficient"),
    advancedSufficient: pick("advancedSufficient"),
  };
}

/** The territory's rate of one task of a paper, when the results carry it. */
function territoryRate(results: Results, paper: VprPaperDiagnosis, id: string): number | undefined {
  return results.vprTasks
    ?.find((p) => p.grade === paper.grade && p.subject === paper.subject)
    ?.tasks.find((t) => t.id === id)?.rate;
}

const rate = (value: number | null) => (value === null ? "—" : formatShare(value));

/** `5 — 31% (по территории 53%)`, weakest first, one per line. */
function taskLines(results: Results, paper: VprPaperDiagnosis, tasks: readonly VprTaskRate[]): SafeHtml[] {
  return [...tasks]
    .sort((a, b) => a.rate - b.rate)
    .map((t, i) => {
      const territory = territoryRate(results, paper, t.id);
      const beside = territory === undefined ? "" : ` (по территории ${formatShare(territory)})`;
      return html`${i > 0 ? html`<br>` : ""}${t.id} — ${formatShare(t.rate)}${beside}`;
    });
}

function tasksOf(
  paper: VprPaperDiagnosis,
  level: "basic" | "advanced",
  status: "insufficient" | "borderline",
) {
  return paper.tasks.filter((t) => t.level === level && t.status === status);
}

/**
 * «Задания ВПР» of a school card: one row per paper with task results (Ф1 imports) — participants, the rate of
 * the basic and advanced tasks, the basic and advanced tasks done insufficiently and the basic ones on the
 * border, each beside the territory's rate. Nothing at all for a school without task results, so cards of
 * territories without Ф1 imports stay as they were.
 */
export function vprTasksSection(s: SchoolResult, ctx: ReportContext): SafeHtml {
  const papers = s.vprTasks;
  if (papers === undefined || papers.length === 0) return html``;
  const r = ctx.results;
  const t = thresholds(r);
  const rows = papers.map((paper) => {
    const weakBasic = tasksOf(paper, "basic", "insufficient");
    const weakAdvanced = tasksOf(paper, "advanced", "insufficient");
    const weak = [
      ...(weakBasic.length > 0 ? [html`базовые:<br>${taskLines(r, paper, weakBasic)}`] : []),
      ...(weakAdvanced.length > 0 ? [html`повышенные:<br>${taskLines(r, paper, weakAdvanced)}`] : []),
    ].map((part, i) => html`${i > 0 ? html`<br>` : ""}${part}`);
    const border = taskLines(r, paper, tasksOf(paper, "basic", "borderline"));
    return html`<tr><td>${paper.grade} класс, ${subjectLabel(paper.subject)}${paper.inIndex ? "" : html`<br><span class="muted">не входит в индекс результатов</span>`}</td><td class="num">${paper.participants}</td><td class="num">${rate(paper.basic)}</td><td class="num">${rate(paper.advanced)}</td><td${weakBasic.length > 0 ? html` class="status-not_met"` : ""}>${weak.length > 0 ? weak : "нет"}</td><td>${border.length > 0 ? border : "—"}</td></tr>`;
  });
  return html`
<section><h2>Задания ВПР</h2>
<table class="compact"><thead><tr><th>Работа</th><th class="num">Участников</th><th class="num">Базовые задания</th><th class="num">Повышенные задания</th><th>Выполнены недостаточно</th><th>Базовые на границе</th></tr></thead><tbody>${rows}</tbody></table>
<p class="small muted">Процент выполнения задания — баллы, набранные всеми участниками за задание, к возможным баллам (по файлам ФИС ОКО «Ф1»). Базовое задание выполнено недостаточно ниже ${formatShare(t.basicInsufficient)}, на границе — до ${formatShare(t.basicSufficient)}; задание повышенного уровня — ниже ${formatShare(t.advancedInsufficient)} и до ${formatShare(t.advancedSufficient)}.</p></section>`;
}
