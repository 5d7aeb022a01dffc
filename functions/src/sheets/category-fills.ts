// Row colours of the school categories, one per school row, so a coordinator sees the lists at a glance.
import type { Category } from "../contract/results.js";
import type { HexColour } from "./workbook-model.js";

/** Light tints of the Google Sheets palette, so the text stays readable in both renderers. */
export const CATEGORY_FILLS: Readonly<Record<Category, HexColour>> = {
  lowResults: "#F4CCCC",
  adverseSocial: "#FCE5CD",
  watch: "#FFF2CC",
  resilient: "#CFE2F3",
  leader: "#D9EAD3",
};

/** Which colour wins when a school has several categories: the one that most needs attention. */
export const CATEGORY_PRIORITY: readonly Category[] = [
  "lowResults",
  "adverseSocial",
  "watch",
  "resilient",
  "leader",
];

/** The category a school's row is coloured by; undefined when it has none. */
export function primaryCategory(categories: readonly Category[]): Category | undefined {
  return CATEGORY_PRIORITY.find((c) => categories.includes(c));
}

/** Fill of a row of a school with these categories; null when it has none. */
export function categoryFill(categories: readonly Category[]): HexColour | null {
  const primary = primaryCategory(categories);
  return primary === undefined ? null : CATEGORY_FILLS[primary];
}
