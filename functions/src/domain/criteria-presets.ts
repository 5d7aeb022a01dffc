// Which criteria a computation uses: the territory's own table, a preset's (catalog/criteria-preset-tables.ts), or none.

import { PRESET_TABLES } from "../catalog/criteria-preset-tables.js";
import type { PresetName } from "../contract/criteria-vocabulary.js";
import { type CriteriaTable, normaliseCriteria } from "../contract/identification-criteria.js";
import type { MethodologySettings } from "../contract/methodology-settings.js";

export { PRESET_TABLES };

/** The criteria a computation uses, and where they came from. */
export interface EffectiveCriteria {
  /** The preset named (`default` when none). */
  preset: PresetName;
  /** `table`: the coordinator's own rows; `preset`: the preset's rows; `none`: the method of §7 alone. */
  source: "table" | "preset" | "none";
  table: CriteriaTable;
}

/**
 * A non-empty `criteria` table beats the preset's (the preset then only names the starting point); an empty one
 * leaves the preset's table, and `default` has none. The caller has already put `--preset` into `settings.preset`.
 */
export function effectiveCriteria(settings: MethodologySettings): EffectiveCriteria {
  const preset = settings.preset ?? "default";
  const own = settings.criteria ?? [];
  if (own.length > 0) return { preset, source: "table", table: normaliseCriteria(own) };
  const rows = PRESET_TABLES[preset];
  return { preset, source: rows.length > 0 ? "preset" : "none", table: normaliseCriteria(rows) };
}
