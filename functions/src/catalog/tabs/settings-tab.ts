// «Настройки»: dotted setting keys and their values → the methodology overrides, checked by the settings schema.

import { parseMethodologySettings } from "../../contract/methodology-settings.js";
import { shown } from "../answer-coercion.js";
import { type CellValue, type ErrorList, str, type TypedRow } from "../tab-reader.js";

const SETTING_KEY = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

function nest(entries: readonly { key: string; value: CellValue }[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { key, value } of entries) {
    const parts = key.split(".");
    let current = root;
    parts.slice(0, -1).forEach((part) => {
      const next = current[part];
      if (next === null || typeof next !== "object") current[part] = {};
      current = current[part] as Record<string, unknown>;
    });
    current[parts[parts.length - 1] ?? key] = value;
  }
  return root;
}

/**
 * «Настройки» → the nested overrides (`{lowResults: {clusterShare: 0.25}}`), or undefined while any row is bad
 * (every bad row reported): the stored settings then stay in force. Stored without the bad rows, the tab would
 * put those settings back to their defaults, not to what the coordinator had, over a typo.
 */
export function parseSettings(rows: TypedRow[], out: ErrorList): Record<string, unknown> | undefined {
  return out.whole(
    goodSettings(rows, out),
    "лист не применён, пока в нём есть ошибки: действуют прежние настройки",
  );
}

/** The overrides of the rows the settings schema accepts, each bad row reported; undefined when none are valid. */
function goodSettings(rows: TypedRow[], out: ErrorList): Record<string, unknown> | undefined {
  let good: { row: TypedRow; key: string; value: CellValue }[] = [];
  for (const row of rows) {
    const key = str(row.values.key);
    if (key !== undefined && !SETTING_KEY.test(key))
      out.at(
        row,
        "key",
        `${shown(key)} — код параметра латиницей через точку, например lowResults.clusterShare`,
      );
    else if (key !== undefined) {
      const clash = good.find(
        (g) => g.key === key || g.key.startsWith(`${key}.`) || key.startsWith(`${g.key}.`),
      );
      if (clash) out.at(row, "key", `${shown(key)} — параметр уже задан в строке ${clash.row.row}`);
    }
    if (out.isBad(row) || key === undefined) continue;
    good.push({ row, key, value: row.values.value });
  }
  // Each pass drops the rows the settings schema names; a bad row never hides the good ones.
  for (let pass = 0; pass <= rows.length; pass++) {
    const overrides = nest(good);
    const parsed = parseMethodologySettings(overrides);
    if (parsed.success) return overrides;
    const blamed = new Set<TypedRow>();
    for (const issue of parsed.error.issues) {
      const path = issue.path.replace(/^methodology\.?/, "");
      const owner = good.find(
        (g) => g.key === path || path.startsWith(`${g.key}.`) || g.key.startsWith(`${path}.`),
      );
      if (!owner) {
        out.add(1, out.header("key"), `${path}: ${issue.message}`);
        return undefined;
      }
      if (issue.message === "неизвестное поле")
        out.at(owner.row, "key", `${shown(owner.key)} — неизвестный параметр`);
      else out.at(owner.row, "value", `${owner.key}: ${issue.message}`);
      blamed.add(owner.row);
    }
    good = good.filter((g) => !blamed.has(g.row));
  }
  return undefined;
}
