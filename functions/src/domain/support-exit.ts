// Exit criteria of schools in support: K consecutive years out of the bottom of the cluster (ШНОР) or of the territory's social index (ШНСУ).
import { previousAcademicYear } from "../contract/academic-year.js";
import type { ListCategory } from "../contract/decision-cycle.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";
import { formatNumber } from "./number-format.js";
import type { YearAnalysis } from "./year-analysis.js";

/** «2 года», «5 лет». */
function years(n: number): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return `${n} год`;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${n} года`;
  return `${n} лет`;
}

/**
 * The lists a school on `categories` may leave by the method, with the reason:
 * - ШНОР: in each of the last K analysed years (`decisions.exitYears`) the school has a results index and is out
 *   of the bottom of its cluster (cluster percentile at or above `lowResults.clusterShare`, or territory percentile
 *   at or above `lowResults.territoryPercentileCap`);
 * - ШНСУ: in each of the last K years its social index is at or above `adverseSocial.territoryShare` and it has
 *   fewer than `adverseSocial.flags` disadvantage flags.
 * A year without data breaks the run: an exit needs K years of evidence. Whether the school was in support is the
 * approved versions' business, not this function's; it only reads the computation. O(K) per school.
 */
export function exitFindings(
  schoolId: string,
  categories: readonly ListCategory[],
  history: readonly YearAnalysis[],
  settings: MethodologySettings,
  exitYears: number,
): { category: ListCategory; text: string }[] {
  const recent = history.slice(-exitYears);
  if (recent.length < exitYears) return [];
  // consecutive academic years: a year with no facts at all breaks the run
  for (let i = 1; i < recent.length; i++)
    if (previousAcademicYear(recent[i]?.year ?? "") !== recent[i - 1]?.year) return [];
  const out: { category: ListCategory; text: string }[] = [];
  if (categories.includes("lowResults")) {
    const lr = settings.lowResults;
    const places: string[] = [];
    const out1 = recent.every((y) => {
      const a = y.schools.get(schoolId);
      if (a?.results == null || a.place === null) return false;
      const outOfBottom =
        a.place.percentile >= lr.clusterShare * 100 ||
        a.results.percentile >= lr.territoryPercentileCap * 100;
      places.push(`${y.year}: место ${a.place.position} из ${a.place.size}`);
      return outOfBottom;
    });
    if (out1)
      out.push({
        category: "lowResults",
        text:
          `${years(exitYears)} подряд вне нижних ${formatNumber(lr.clusterShare * 100, 0)}% своего кластера ` +
          `(${places.join("; ")}) — может выйти из ШНОР по решению рабочей группы`,
      });
  }
  if (categories.includes("adverseSocial")) {
    const as = settings.adverseSocial;
    const values: string[] = [];
    const out2 = recent.every((y) => {
      const a = y.schools.get(schoolId);
      if (a?.social == null) return false;
      values.push(`${y.year}: ИСБ ${formatNumber(a.social.percentile)}`);
      return a.social.percentile >= as.territoryShare * 100 && a.flags.length < as.flags;
    });
    if (out2)
      out.push({
        category: "adverseSocial",
        text:
          `${years(exitYears)} подряд индекс социального благополучия вне нижних ${formatNumber(as.territoryShare * 100, 0)}% ` +
          `территории (${values.join("; ")}) — может выйти из ШНСУ по решению рабочей группы`,
      });
  }
  return out;
}
