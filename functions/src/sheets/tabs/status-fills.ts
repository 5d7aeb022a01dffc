// Row colours of the support tabs' statuses (criteria, roadmap, missing mentor): green done, red failed, grey unknown.
import type { HexColour } from "../workbook-model.js";

/** Light tints of the Google Sheets palette, like the category fills, so the text stays readable. */
export const STATUS_FILLS = {
  /** A criterion met, a measure done. */
  good: "#D9EAD3",
  /** A criterion not met, a measure overdue. */
  bad: "#F4CCCC",
  /** Something to act on soon: a school without a mentor, a measure about to start. */
  warning: "#FFF2CC",
  /** No data to judge by. */
  unknown: "#F3F3F3",
} as const satisfies Record<string, HexColour>;
