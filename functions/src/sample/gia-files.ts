// Synthetic regional ГИА per-participant tables for the sample territory (ЕГЭ and ОГЭ), consistent with the dataset's counts.
import type { Dataset, EgeResult, OgeResult, SchoolYearFacts } from "../contract/dataset.js";
import { subjectName } from "../import/vocabulary.js";
import { personName } from "./person-names.js";
import { createRandom, type SeededRandom } from "./seeded-random.js";
import type { SampleCell } from "./vpr-f1-files.js";

/** ЕГЭ minimum scores of the sample (the certificate thresholds of recent years). */
const EGE_MINIMUM: Readonly<Record<string, number>> = { russian: 24, math: 27, social_studies: 42 };

/** The sample's ОО code of the i-th school of the registry in ГИА exports. */
export function sampleGiaCode(index: number): string {
  return String(500101 + index);
}

export const GIA_HEADERS = [
  "Код ОО",
  "Наименование ОО",
  "Код участника",
  "ФИО",
  "Пол",
  "Экзамен",
  "Предмет",
  "Дата экзамена",
  "Балл",
  "Отметка",
  "Зачёт",
  "Минимальный порог",
] as const;

/** `n` integers within [low, high] summing to `total` (clamped to what is possible), spread by the stream. */
function spread(n: number, total: number, low: number, high: number, rng: SeededRandom): number[] {
  if (n === 0) return [];
  const target = Math.min(n * high, Math.max(n * low, total));
  const base = Math.floor(target / n);
  const values = Array.from({ length: n }, (_, i) => base + (i < target - base * n ? 1 : 0));
  // Pairwise moves keep the sum and the bounds while making the scores unequal.
  for (let k = 0; k < n * 2; k++) {
    const i = rng.int(0, n - 1);
    const j = rng.int(0, n - 1);
    const d = rng.int(1, 6);
    if (i !== j && (values[i] ?? 0) - d >= low && (values[j] ?? 0) + d <= high) {
      values[i] = (values[i] ?? 0) - d;
      values[j] = (values[j] ?? 0) + d;
    }
  }
  return values;
}

/**
 * ЕГЭ scores of one school and subject: exactly `atLeast80` at 80 and more, exactly `belowMinimum` below the
 * subject's minimum, the rest between; the total as close to `meanScore × participants` as the bounds allow.
 * Базовая математика is a mark 2–5 («2» = below the minimum).
 */
function egeScores(
  e: EgeResult,
  rng: SeededRandom,
): { score: number | null; mark: number | null; passed: boolean }[] {
  const n = e.participants;
  if (e.subject === "math_base") {
    const fails = e.belowMinimum ?? 0;
    const rest = spread(n - fails, Math.round(e.meanScore * n) - 2 * fails, 3, 5, rng);
    return [...Array.from({ length: fails }, () => 2), ...rest].map((mark) => ({
      score: null,
      mark,
      passed: mark > 2,
    }));
  }
  const min = EGE_MINIMUM[e.subject] ?? 36;
  const top = e.atLeast80 ?? 0;
  const below = e.belowMinimum ?? 0;
  const middle = n - top - below;
  const topScores = spread(top, top * 86, 80, 100, rng);
  const belowScores = spread(below, below * Math.max(0, min - 6), 0, min - 1, rng);
  const fixed = topScores.reduce((a, b) => a + b, 0) + belowScores.reduce((a, b) => a + b, 0);
  const middleScores = spread(middle, Math.round(e.meanScore * n) - fixed, min, 79, rng);
  return [...topScores, ...middleScores, ...belowScores].map((score) => ({
    score,
    mark: null,
    passed: score >= min,
  }));
}

/** ОГЭ marks of one school and subject: exactly `failed` «2», the rest 3–5 with the total of `meanGrade × participants`. */
function ogeMarks(o: OgeResult, rng: SeededRandom): number[] {
  const fails = o.failed ?? 0;
  const rest = spread(
    o.participants - fails,
    Math.round(o.meanGrade * o.participants) - 2 * fails,
    3,
    5,
    rng,
  );
  return [...Array.from({ length: fails }, () => 2), ...rest];
}

/**
 * The rows of one ГИА table (all subjects of one exam in one year, header first) for the sample's schools:
 * one row per participant and subject, with made-up «ФИО» and «Пол». Counts (participants, 80+, below the
 * minimum, «2») equal the dataset's; means agree to within rounding. Seeded and lazy.
 */
export function* giaFileRows(
  dataset: Pick<Dataset, "schools" | "territory">,
  facts: Iterable<SchoolYearFacts>,
  year: string,
  exam: "ege" | "oge",
  seed: number | string,
): Generator<SampleCell[]> {
  const schools = new Map(dataset.schools.map((s, i) => [s.id, { name: s.name, index: i }]));
  yield [...GIA_HEADERS];
  const end = Number(year.slice(5, 9));
  for (const fact of facts) {
    if (fact.year !== year) continue;
    const school = schools.get(fact.schoolId);
    if (!school) continue;
    const rng = createRandom(`${seed}:gia:${year}:${exam}:${fact.schoolId}`);
    let code = 100001;
    const row = (
      subject: string,
      date: string,
      score: number | null,
      mark: number | null,
      passed: boolean | null,
      minimum: number | null,
    ): SampleCell[] => {
      const person = personName(rng);
      return [
        sampleGiaCode(school.index),
        school.name,
        `${code++}`,
        person.name,
        person.sex,
        exam === "ege" ? "ЕГЭ" : "ОГЭ",
        subjectName(subject),
        date,
        score,
        mark,
        passed === null ? null : passed ? "зачёт" : "незачёт",
        minimum,
      ];
    };
    if (exam === "ege") {
      for (const e of fact.ege ?? []) {
        const date = `${String(27 + (e.subject === "russian" ? 3 : 0)).padStart(2, "0")}.05.${end}`;
        for (const r of egeScores(e, rng))
          yield row(
            e.subject,
            date,
            r.score,
            r.mark,
            r.passed,
            e.subject === "math_base" ? null : (EGE_MINIMUM[e.subject] ?? 36),
          );
      }
    } else {
      for (const o of fact.oge ?? []) {
        const date = `${o.subject === "russian" ? "03" : "06"}.06.${end}`;
        for (const mark of ogeMarks(o, rng)) yield row(o.subject, date, null, mark, null, null);
      }
    }
  }
}
