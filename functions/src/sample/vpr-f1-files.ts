// Synthetic ФИС ОКО «Ф1 Индивидуальные результаты» for the sample territory: one file per ВПР paper, consistent with the dataset's ВПР facts.
import type { Dataset, SchoolYearFacts, VprResult } from "../contract/dataset.js";
import { subjectName } from "../import/vocabulary.js";
import { personName } from "./person-names.js";
import { createRandom, type SeededRandom } from "./seeded-random.js";

/** A cell of a generated table. */
export type SampleCell = string | number | null;

export interface SampleTask {
  id: string;
  maxPoints: number;
  level: "Б" | "П";
}

/** One ВПР paper of the sample: its tasks and the year's mark boundaries (lowest primary score of «3», «4», «5»). */
export interface SamplePaper {
  grade: number;
  subject: "russian" | "math";
  tasks: SampleTask[];
  maxScore: number;
  lowest: { 3: number; 4: number; 5: number };
}

function paper(
  grade: number,
  subject: "russian" | "math",
  tasks: [string, number, "Б" | "П"][],
): SamplePaper {
  const list = tasks.map(([id, maxPoints, level]) => ({ id, maxPoints, level }));
  const maxScore = list.reduce((s, t) => s + t.maxPoints, 0);
  return {
    grade,
    subject,
    tasks: list,
    maxScore,
    lowest: { 3: Math.round(maxScore * 0.3), 4: Math.round(maxScore * 0.55), 5: Math.round(maxScore * 0.8) },
  };
}

const RUSSIAN: [string, number, "Б" | "П"][] = [
  ["1К1", 4, "Б"],
  ["1К2", 3, "Б"],
  ["1К3", 2, "Б"],
  ["2", 3, "Б"],
  ["3", 2, "Б"],
  ["4", 2, "Б"],
  ["5", 2, "Б"],
  ["6", 2, "Б"],
  ["7", 2, "П"],
  ["8", 2, "Б"],
  ["9.1", 1, "Б"],
  ["9.2", 2, "П"],
  ["10", 2, "П"],
  ["11", 3, "П"],
];
const MATH: [string, number, "Б" | "П"][] = [
  ["1", 1, "Б"],
  ["2", 1, "Б"],
  ["3", 1, "Б"],
  ["4", 1, "Б"],
  ["5", 1, "Б"],
  ["6", 2, "Б"],
  ["7", 1, "Б"],
  ["8", 2, "П"],
  ["9", 2, "Б"],
  ["10", 2, "П"],
  ["11.1", 1, "Б"],
  ["11.2", 1, "П"],
  ["12", 2, "П"],
  ["13", 2, "П"],
];

/** The four papers the method reads (grades 5 and 8, Russian and mathematics), the same tasks every year. */
export const SAMPLE_PAPERS: readonly SamplePaper[] = [
  paper(5, "russian", RUSSIAN),
  paper(5, "math", MATH),
  paper(8, "russian", RUSSIAN),
  paper(8, "math", MATH),
];

/** The sample's ФИС ОКО login of the i-th school of the registry. */
export function sampleFisOkoLogin(index: number): string {
  return `edu${640001 + index}`;
}

/** ВПР dates of the sample: mid-April of the year the school year ends. */
function paperDate(year: string, p: SamplePaper): string {
  const end = year.slice(5, 9);
  return `${String(10 + p.grade).padStart(2, "0")}.04.${end}`;
}

/** A primary score that gives `mark` under the paper's boundaries, uniform within the mark's band. */
export function scoreFor(mark: number, p: SamplePaper, rng: SeededRandom): number {
  const low = mark === 2 ? 0 : p.lowest[mark as 3 | 4 | 5];
  const high = mark === 5 ? p.maxScore : p.lowest[(mark + 1) as 3 | 4 | 5] - 1;
  return rng.int(low, high);
}

/** Task points summing to `score`, each within its task's maximum: one point at a time to a task with room left. */
export function taskPoints(score: number, p: SamplePaper, rng: SeededRandom): number[] {
  const points = p.tasks.map(() => 0);
  for (let left = score; left > 0; left--) {
    let i = rng.int(0, p.tasks.length - 1);
    while ((points[i] ?? 0) >= (p.tasks[i]?.maxPoints ?? 0)) i = (i + 1) % p.tasks.length;
    points[i] = (points[i] ?? 0) + 1;
  }
  return points;
}

/**
 * Participants of one school reproducing its ВПР facts exactly: the «2»–«5» counts, and the register comparison
 * (the lowest marks are the ones below their register mark, the highest those above it).
 */
export function participants(v: VprResult): { mark: number; journal: number }[] {
  const marks: number[] = [];
  for (const m of [2, 3, 4, 5] as const) for (let k = 0; k < v.grades[String(m) as "2"]; k++) marks.push(m);
  const lower = v.journal?.lower ?? 0;
  const higher = v.journal?.higher ?? 0;
  return marks.map((mark, i) => {
    if (v.journal === undefined) return { mark, journal: mark };
    if (i < lower && mark < 5) return { mark, journal: mark + 1 };
    if (i >= marks.length - higher && mark > 2) return { mark, journal: mark - 1 };
    return { mark, journal: mark };
  });
}

const SCHOOL_HEADERS = [
  "ОО",
  "Муниципалитет",
  "Название ОО",
  "Код участника",
  "ФИО",
  "Пол",
  "Класс",
  "Вариант",
];

/**
 * The rows of one Ф1 file (one paper, one year) for the schools with that paper in `facts`: the title, the
 * «Предмет», «Максимальный первичный балл» and «Дата» rows, the task-level row, the header, then each school's
 * participants with made-up «ФИО» and «Пол» (columns the importer must ignore). Seeded: the same dataset and
 * seed give the same rows. Lazy: a 100,000-participant file is never held in memory.
 */
export function* f1FileRows(
  dataset: Pick<Dataset, "schools" | "territory">,
  facts: Iterable<SchoolYearFacts>,
  year: string,
  p: SamplePaper,
  seed: number | string,
): Generator<SampleCell[]> {
  const names = new Map(dataset.schools.map((s, i) => [s.id, { name: s.name, index: i }]));
  const territory = dataset.territory.name.replace(/\s*\(пример\)\s*$/, "");
  const subject = subjectName(p.subject);
  const title = `ВПР ${year.slice(5, 9)} ${subject[0]?.toUpperCase()}${subject.slice(1)} ${p.grade} класс`;
  yield [title];
  yield ["Предмет", `${subject[0]?.toUpperCase()}${subject.slice(1)}`];
  yield ["Максимальный первичный балл", p.maxScore];
  yield ["Дата", paperDate(year, p)];
  const taskHeaders = p.tasks.map((t) => `${t.id} (${t.maxPoints}б)`);
  yield [...SCHOOL_HEADERS.map(() => null), ...p.tasks.map((t) => t.level)];
  yield [...SCHOOL_HEADERS, ...taskHeaders, "Первичный балл", "Отметка", "Отметка по журналу"];
  for (const fact of facts) {
    if (fact.year !== year) continue;
    const v = fact.vpr?.find((e) => e.grade === p.grade && e.subject === p.subject);
    const school = names.get(fact.schoolId);
    if (!v || !school || v.participants === 0) continue;
    const rng = createRandom(`${seed}:f1:${year}:${p.grade}:${p.subject}:${fact.schoolId}`);
    const login = sampleFisOkoLogin(school.index);
    const people = participants(v);
    for (let k = 0; k < people.length; k++) {
      const { mark, journal } = people[k] as { mark: number; journal: number };
      const score = scoreFor(mark, p, rng);
      const person = personName(rng);
      yield [
        login,
        territory,
        school.name,
        10001 + k,
        person.name,
        person.sex,
        `${p.grade}${rng.pick(["А", "Б", "В"])}`,
        rng.int(1, 2),
        ...taskPoints(score, p, rng),
        score,
        mark,
        journal,
      ];
    }
  }
}
