// Subject codes and their Russian names: the one list the forms, the tabs, the imports and the reports all name subjects from.

/**
 * Russian name of each subject code, in lower case as it stands inside a sentence («ЕГЭ по математике», «ВПР, 5 класс,
 * русский язык»). Plain data: the Apps Script bundle includes it through the catalog.
 */
export const SUBJECT_NAMES = {
  russian: "русский язык",
  math: "математика",
  math_base: "математика (базовый уровень)",
  social_studies: "обществознание",
  history: "история",
  physics: "физика",
  chemistry: "химия",
  biology: "биология",
  informatics: "информатика",
  world_around: "окружающий мир",
  geography: "география",
  literature: "литература",
  english: "английский язык",
  german: "немецкий язык",
  french: "французский язык",
  spanish: "испанский язык",
  chinese: "китайский язык",
} as const;

export type SubjectCode = keyof typeof SUBJECT_NAMES;

const SUBJECT_CODES: ReadonlySet<string> = new Set(Object.keys(SUBJECT_NAMES));

/** Russian name of a subject code; an unknown code (or «constructor», which `in` would find) is shown as it is. */
export function subjectName(code: string): string {
  return SUBJECT_CODES.has(code) ? SUBJECT_NAMES[code as SubjectCode] : code;
}

/** The name as the first word of a cell or a list item: «Математика (базовый уровень)». */
export function subjectTitle(code: string): string {
  const name = subjectName(code);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
