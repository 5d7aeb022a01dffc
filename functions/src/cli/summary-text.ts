// A readable Russian summary of Results v1 for the terminal: the counts, then each list with its schools and reasons.
import type { Dataset } from "../contract/dataset.js";
import { CATEGORY_LABELS, SUMMARY_LABELS, type SummaryKey } from "../contract/labels.js";
import type { Category, Results, SchoolResult } from "../contract/results.js";
import { LIST_SHORT_NAMES, orderText } from "../domain/approved-lists.js";
import { formatNumber } from "../domain/number-format.js";
import { byResultsIndex } from "../report/school-order.js";

/** The order a coordinator reads the lists in, and whether the worst (−1) or the best (+1) come first. */
const LISTS: readonly { category: Category; bestFirst: boolean }[] = [
  { category: "lowResults", bestFirst: false },
  { category: "adverseSocial", bestFirst: false },
  { category: "watch", bestFirst: false },
  { category: "resilient", bestFirst: true },
  { category: "leader", bestFirst: true },
];

const COUNT_KEYS: readonly SummaryKey[] = [
  "schools",
  "schoolsWithResults",
  "lowResults",
  "adverseSocial",
  "bothLists",
  "watch",
  "resilient",
  "leader",
  "objectivitySuspicious",
  "lowConfidence",
];

/** `ИСБ 12,3 · результаты 4,5 · кластер «Низкий ИСБ»`: the numbers a coordinator checks first. */
function figures(school: SchoolResult): string {
  const parts: string[] = [];
  if (school.socialIndex) parts.push(`ИСБ ${formatNumber(school.socialIndex.value)}`);
  if (school.resultsIndex) {
    const low = school.resultsIndex.lowConfidence ? " (малые выборки)" : "";
    parts.push(`индекс результатов ${formatNumber(school.resultsIndex.value)}${low}`);
  }
  if (school.rank !== null) parts.push(`место ${school.rank}`);
  if (school.cluster !== null) parts.push(`кластер «${school.cluster}»`);
  return parts.join(" · ");
}

/**
 * Renders the summary: territory and year, the territory's counts, then ШНОР, ШНСУ, под наблюдением,
 * резильентные, лидеры (each school with its figures and reasons), the ВПР objectivity suspicions, the
 * schools that left the lists and the mentor pairs. Pure: the same results give the same text.
 */
export function formatResultsSummary(results: Results, dataset: Dataset): string {
  const names = new Map(dataset.schools.map((s) => [s.id, s.name]));
  const nameOf = (id: string): string => names.get(id) ?? id;
  const lines: string[] = [];
  lines.push(`Территория: ${dataset.territory.name} · учебный год ${results.year}`);
  lines.push(`Методика: версия ${results.methodology.version}`);
  lines.push("");
  for (const key of COUNT_KEYS) {
    const value = results.summary[key];
    if (value !== undefined && value !== null) lines.push(`  ${SUMMARY_LABELS[key]}: ${value}`);
  }

  for (const { category, bestFirst } of LISTS) {
    const members = results.schools
      .filter((s) => s.categories.includes(category))
      .sort(byResultsIndex(bestFirst));
    lines.push("", `${CATEGORY_LABELS[category]} — ${members.length}`);
    if (members.length === 0) lines.push("  (нет)");
    for (const school of members) {
      lines.push(`  • ${nameOf(school.schoolId)} — ${figures(school)}`);
      for (const reason of school.reasons.filter((r) => r.category === category)) {
        lines.push(`      – ${reason.text}`);
      }
    }
  }

  const suspicious = results.schools.filter((s) => s.objectivity.suspicious);
  lines.push("", `Признаки необъективности ВПР — ${suspicious.length}`);
  if (suspicious.length === 0) lines.push("  (нет)");
  for (const school of suspicious) {
    lines.push(`  • ${nameOf(school.schoolId)}`);
    for (const reason of school.objectivity.reasons) lines.push(`      – ${reason}`);
  }

  const exited = results.schools.filter((s) => s.change === "exited");
  if (exited.length > 0) {
    lines.push("", `Вышли из списков ШНОР/ШНСУ по сравнению с прошлым годом — ${exited.length}`);
    for (const school of exited) lines.push(`  • ${nameOf(school.schoolId)} — ${figures(school)}`);
  }

  // only a dataset with approvals has this section: the output without them stays as it was (golden)
  const approved = results.approved;
  if (approved !== undefined) {
    lines.push(
      "",
      `Утверждённые списки ${approved.year}: версия ${approved.version} из ${approved.versions}, ${orderText(approved.order)}` +
        (approved.reason === "correction"
          ? ` (исправление${approved.note ? `: ${approved.note}` : ""})`
          : ""),
    );
    for (const category of ["lowResults", "adverseSocial"] as const) {
      const members = approved.schools.filter((s) => s.categories.includes(category));
      lines.push(
        `  ${LIST_SHORT_NAMES[category]} — ${members.length}: ${members.map((s) => nameOf(s.schoolId)).join(", ") || "(нет)"}`,
      );
    }
    for (const school of approved.schools.filter((s) => (s.escalation ?? []).length > 0))
      lines.push(
        `  Усиленное сопровождение: ${nameOf(school.schoolId)} — ${(school.escalation ?? []).join("; ")}`,
      );
    for (const school of approved.schools)
      for (const exit of school.exits ?? [])
        lines.push(`  Основание для выхода: ${nameOf(school.schoolId)} — ${exit.text}`);
    lines.push(`Отличия утверждённых списков от расчёта сейчас — ${approved.differences.length}`);
    if (approved.differences.length === 0) lines.push("  (нет)");
    for (const difference of approved.differences) lines.push(`  • ${difference.text}`);
  }

  if (results.pairs.length > 0) {
    lines.push("", `Пары «школа — наставник» — ${results.pairs.length}`);
    for (const pair of results.pairs) {
      lines.push(`  • ${nameOf(pair.menteeId)} ← ${nameOf(pair.mentorId)}`);
      for (const reason of pair.reasons) lines.push(`      – ${reason}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
