// Preview before switching methods: the ШНОР and ШНСУ lists of two computations side by side, school by school — who enters, who leaves, and why.
import {
  CRITERIA_LISTS,
  type CriteriaList,
  PRESET_LABELS,
  type PresetName,
} from "../contract/criteria-vocabulary.js";
import type { CriteriaRow } from "../contract/identification-criteria.js";
import { CRITERIA_LIST_LABELS } from "../contract/labels.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import type { Results, SchoolResult } from "../contract/results.js";

/** The other method: a preset, or a criteria table (the «Критерии выявления» rows of a file or a draft). */
export type OtherMethod = { preset: PresetName } | { criteria: CriteriaRow[]; label?: string };

/**
 * The settings of the other method: a preset replaces the table by its own (the coordinator's rows are set
 * aside); a table replaces the rows and keeps the preset as the starting point it names. Everything else — the
 * weights, thresholds and clusters of «Настройки» — stays, so only the criteria differ.
 */
export function otherSettings(settings: MethodologySettings, other: OtherMethod): MethodologySettings {
  if ("preset" in other) {
    const { criteria: _criteria, ...rest } = settings;
    return { ...rest, preset: other.preset };
  }
  return { ...settings, criteria: other.criteria };
}

/** How a method is named in the preview. */
export function methodLabel(settings: MethodologySettings, other?: OtherMethod): string {
  if (other && "criteria" in other) return other.label ?? "таблица «Критерии выявления» из файла";
  const preset = other?.preset ?? settings.preset ?? "default";
  const own = !other && (settings.criteria?.length ?? 0) > 0;
  return own ? `таблица «Критерии выявления» территории` : PRESET_LABELS[preset];
}

/** One school entering or leaving one list under the other method. */
export interface ListMove {
  schoolId: string;
  name: string;
  list: CriteriaList;
  move: "enters" | "leaves";
  /** Why it is (or is not) on the list now: its reasons for that list, or «не в списке». */
  now: string[];
  /** Why it would (or would not) be under the other method. */
  other: string[];
}

export interface MethodComparison {
  year: string;
  current: string;
  other: string;
  counts: Record<CriteriaList, { now: number; other: number; enters: number; leaves: number }>;
  moves: ListMove[];
}

/**
 * Compares the lists of `current` and `other` (two computations of the same territory and year). For each
 * school whose membership of ШНОР or ШНСУ differs: the reasons under each method — the list's own reasons where
 * it is listed, otherwise what that method says about the list (its criteria, not met or not evaluated, or its
 * «под наблюдением»). Schools in the order of the results (by code). O(n).
 */
export function compareMethods(
  current: Results,
  other: Results,
  labels: { current: string; other: string },
): MethodComparison {
  const byId = new Map(other.schools.map((s) => [s.schoolId, s]));
  const counts = {} as MethodComparison["counts"];
  for (const list of CRITERIA_LISTS) counts[list] = { now: 0, other: 0, enters: 0, leaves: 0 };
  const moves: ListMove[] = [];
  for (const school of current.schools) {
    const alt = byId.get(school.schoolId);
    for (const list of CRITERIA_LISTS) {
      const now = school.categories.includes(list);
      const later = alt?.categories.includes(list) ?? false;
      if (now) counts[list].now++;
      if (later) counts[list].other++;
      if (now === later) continue;
      counts[list][later ? "enters" : "leaves"]++;
      moves.push({
        schoolId: school.schoolId,
        name: school.name ?? school.schoolId,
        list,
        move: later ? "enters" : "leaves",
        now: why(school, list),
        other: alt ? why(alt, list) : ["школы нет в расчёте"],
      });
    }
  }
  return { year: current.year, current: labels.current, other: labels.other, counts, moves };
}

/** What one computation says of a school and a list. */
function why(school: SchoolResult, list: CriteriaList): string[] {
  const own = school.reasons.filter((r) => r.category === list).map((r) => r.text);
  if (own.length > 0) return own;
  const criteria = (school.identificationCriteria ?? []).filter((c) => c.list === list);
  const watched = school.reasons
    .filter(
      (r) =>
        r.category === "watch" &&
        r.code === "criteria_not_evaluated" &&
        r.text.startsWith(CRITERIA_LIST_LABELS[list]),
    )
    .map((r) => r.text);
  if (watched.length > 0) return watched;
  if (criteria.length > 0) {
    const met = criteria.filter((c) => c.status === "met").length;
    return [
      `не в списке: выполнено критериев ${met} из ${criteria.length}`,
      ...criteria.map((c) => `${STATUS_WORDS[c.status]}: ${c.text}`),
    ];
  }
  return ["не в списке: правила методики (раздел 7) не выполнены"];
}

const STATUS_WORDS = {
  met: "выполнен",
  not_met: "не выполнен",
  not_evaluated: "не оценён",
  not_applicable: "не применим",
} as const;

/** The preview as a coordinator reads it: counts per list, then each school entering or leaving, with reasons. */
export function comparisonText(c: MethodComparison): string {
  const lines = [`Сравнение методик за ${c.year}: сейчас — ${c.current}; для сравнения — ${c.other}.`];
  for (const list of CRITERIA_LISTS) {
    const k = c.counts[list];
    const change = k.enters + k.leaves === 0 ? "списки совпадают" : `войдут ${k.enters}, выйдут ${k.leaves}`;
    lines.push(`${CRITERIA_LIST_LABELS[list]}: сейчас ${k.now}, было бы ${k.other}; ${change}.`);
  }
  for (const list of CRITERIA_LISTS) {
    for (const move of ["enters", "leaves"] as const) {
      const group = c.moves.filter((m) => m.list === list && m.move === move);
      if (group.length === 0) continue;
      lines.push("", `${move === "enters" ? "Войдут в" : "Выйдут из"} ${CRITERIA_LIST_LABELS[list]}:`);
      for (const m of group) {
        lines.push(`• ${m.name} [${m.schoolId}]`);
        lines.push(`  сейчас: ${m.now.join(" ")}`);
        lines.push(`  по другой методике: ${m.other.join(" ")}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
