// Names of the coordinator spreadsheet's tabs: the vocabulary the sheet builders, the sync route and Apps Script share.

/** Tabs the coordinator edits; Apps Script pushes them to `sync` (docs/design.md §5). */
export const INPUT_TAB_NAMES = [
  "Школы",
  "Настройки",
  "Эталоны",
  "Дорожная карта",
  "Рабочая группа",
  "Закрепление пар",
] as const;

/** Tabs the functions write and protect (docs/design.md §5), in the order they appear in the spreadsheet. */
export const OUTPUT_TAB_NAMES = [
  "Сводка",
  "Индексы",
  "ШНОР и ШНСУ",
  "Наставники",
  "Рекомендации",
  "Критерии",
  "Дорожная карта: статус",
  "Ошибки",
  "Импорт",
] as const;

export const TAB_NAMES = [...INPUT_TAB_NAMES, ...OUTPUT_TAB_NAMES] as const;
export type InputTabName = (typeof INPUT_TAB_NAMES)[number];
export type OutputTabName = (typeof OUTPUT_TAB_NAMES)[number];
export type TabName = (typeof TAB_NAMES)[number];
