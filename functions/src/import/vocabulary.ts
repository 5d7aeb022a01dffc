// The words of imported files in one place: subject names and ГИА codes → subject codes, task levels, the ВПР the method uses.

/** Russian subject names as ФИС ОКО and РЦОИ write them (normalised by `normalizeLabel`), by subject code. */
export const SUBJECT_NAMES: Readonly<Record<string, readonly string[]>> = {
  russian: ["русский язык", "русский"],
  math: [
    "математика",
    "математика профильная",
    "математика профильный уровень",
    "математика (профильный уровень)",
    "профильная математика",
  ],
  math_base: [
    "математика базовая",
    "математика базовый уровень",
    "математика (базовый уровень)",
    "базовая математика",
  ],
  physics: ["физика"],
  chemistry: ["химия"],
  biology: ["биология"],
  history: ["история"],
  geography: ["география"],
  social_studies: ["обществознание"],
  informatics: ["информатика", "информатика и икт"],
  literature: ["литература"],
  english: ["английский язык", "английский"],
  german: ["немецкий язык", "немецкий"],
  french: ["французский язык", "французский"],
  spanish: ["испанский язык", "испанский"],
  chinese: ["китайский язык", "китайский"],
  world_around: ["окружающий мир"],
};

/** The Russian name to show for a subject code: the contract's (contract/subjects.ts). */
export { subjectName } from "../contract/subjects.js";

/**
 * Subject codes of the federal ГИА classifier as regional processing centres number them in their exports
 * (1 русский язык, 2 математика профильная / ОГЭ математика, 22 математика базовая, …). A territory whose
 * centre numbers differently gives its own table in the column map (`subjects`).
 */
export const GIA_SUBJECT_CODES: Readonly<Record<string, string>> = {
  "1": "russian",
  "2": "math",
  "3": "physics",
  "4": "chemistry",
  "5": "informatics",
  "6": "biology",
  "7": "history",
  "8": "geography",
  "9": "english",
  "10": "german",
  "11": "french",
  "12": "social_studies",
  "13": "spanish",
  "18": "literature",
  "22": "math_base",
  "29": "chinese",
};

/** `Русский  Язык:` → `русский язык`: case, ё/е, spaces, brackets' spacing and trailing punctuation do not matter. */
export function normalizeLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s\u00A0\u202F]+/g, " ")
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")")
    .replace(/[\s*:.;,]+$/, "")
    .replace(/^[\s«"]+|[\s»"]+$/g, "")
    .trim();
}

const SUBJECT_BY_NAME = new Map<string, string>(
  Object.entries(SUBJECT_NAMES).flatMap(([code, names]) =>
    names.map((name) => [normalizeLabel(name), code] as const),
  ),
);

/** A subject as a file names it (`Русский язык`, `математика`, or a code like `russian`) → its code; undefined if unknown. */
export function subjectFromName(text: string): string | undefined {
  const label = normalizeLabel(text);
  if (SUBJECT_NAMES[label] !== undefined) return label;
  return SUBJECT_BY_NAME.get(label) ?? SUBJECT_BY_NAME.get(label.replace(/[()]/g, "").replace(/\s+/g, " "));
}

/** «Б» basic; «П» advanced and «В» (high) counted with advanced, as the contract has two levels. */
export function taskLevelFromMark(text: string): "basic" | "advanced" | undefined {
  const label = normalizeLabel(text);
  if (label === "б" || label === "базовый") return "basic";
  if (label === "п" || label === "повышенный" || label === "в" || label === "высокий") return "advanced";
  return undefined;
}

/**
 * The ВПР the method uses today (docs/methodology.md and the «ВПР и РДР» form): grades 5 and 8 in Russian and mathematics.
 * Only these feed the results index and the objectivity screen (`vpr[]`); every other paper of a Ф1 file is
 * kept as task results (`vprTasks[]`).
 */
export const METHOD_VPR = { grades: [5, 8], subjects: ["russian", "math"] } as const;

/** True when a ВПР paper is one the method reads. */
export function isMethodVpr(grade: number, subject: string): boolean {
  return (
    (METHOD_VPR.grades as readonly number[]).includes(grade) &&
    (METHOD_VPR.subjects as readonly string[]).includes(subject)
  );
}
