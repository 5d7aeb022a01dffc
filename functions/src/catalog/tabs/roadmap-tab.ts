// «Дорожная карта»: the support programme's items, their dates and the schools they name.

import { type RoadmapItem, RoadmapItemSchema } from "../../contract/dataset.js";
import {
  compact,
  type ErrorList,
  list,
  schemaIssues,
  str,
  type TypedRow,
  unknownSchools,
} from "../tab-reader.js";

/** «Дорожная карта» → items; schools are checked against `registry` when «Школы» was sent. */
export function parseRoadmap(
  rows: TypedRow[],
  out: ErrorList,
  registry: ReadonlySet<string> | undefined,
): RoadmapItem[] {
  const items: RoadmapItem[] = [];
  const ids = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const id = str(v.id);
    const from = str(v.from);
    const to = str(v.to);
    if (id !== undefined && ids.has(id))
      out.at(row, "id", `«${id}» — номер уже есть в строке ${ids.get(id)}`);
    if (from !== undefined && to !== undefined && from > to) out.at(row, "to", "окончание раньше начала");
    const strangers = unknownSchools(list(v.schoolIds) ?? [], registry);
    if (strangers.length > 0)
      out.at(
        row,
        "schoolIds",
        `${strangers.map((s) => `«${s}»`).join(", ")} — таких школ нет на вкладке «Школы»`,
      );
    if (out.isBad(row)) continue;
    const schoolIds = list(v.schoolIds);
    const item = compact({
      id,
      title: str(v.title),
      from,
      to,
      responsible: str(v.responsible),
      expectedResult: str(v.expectedResult),
      schoolIds: schoolIds && schoolIds.length > 0 ? schoolIds : undefined,
      done: str(v.done),
    });
    const checked = RoadmapItemSchema.safeParse(item);
    schemaIssues(out, row, checked);
    if (!checked.success) continue;
    ids.set(checked.data.id, row.row);
    items.push(checked.data);
  }
  return items;
}
