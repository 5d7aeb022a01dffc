// Names of the coordinator spreadsheet's tabs: the vocabulary the sheet builders, the sync route and Apps Script share.

/** Tabs the coordinator edits; Apps Script pushes them to `sync` (docs/design.md §5). */
export const INPUT_TAB_NAMES = [
  "Школы",
  "Настройки",
  "Критерии выявления",
  "Эталоны",
  "Дорожная карта",
  "Рабочая группа",
  "Закрепление пар",
  "Нерабочие дни",
  "Приказы прошлых лет",
] as const;

/** Tabs the functions write and protect (docs/design.md §5), in the order they appear in the spreadsheet. */
export const OUTPUT_TAB_NAMES = [
  "Сводка",
  "Индексы",
  "ШНОР и ШНСУ",
  "Наставники",
  "Рекомендации",
  "Критерии результативности",
  "Дорожная карта: статус",
  "Задания ВПР",
  "Ошибки",
  "Импорт",
  "Проект списков",
  "Обращения",
  "Утверждённые списки",
  "Журнал решений",
  "История",
] as const;

export const TAB_NAMES = [...INPUT_TAB_NAMES, ...OUTPUT_TAB_NAMES] as const;

/**
 * Output tabs renamed since a sheet may have been prepared: new name → the names it had. The publish and «Подготовить
 * таблицу» rename a tab found under an old name, so no stale copy is left beside the new one. «Критерии» became
 * «Критерии результативности» so that nobody takes it for the input tab «Критерии выявления».
 */
export const FORMER_TAB_NAMES: Readonly<Partial<Record<OutputTabName, readonly string[]>>> = {
  "Критерии результативности": ["Критерии"],
};
export type InputTabName = (typeof INPUT_TAB_NAMES)[number];
export type OutputTabName = (typeof OUTPUT_TAB_NAMES)[number];
export type TabName = (typeof TAB_NAMES)[number];
