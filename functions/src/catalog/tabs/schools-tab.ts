// «Школы»: the registry (codes, names, settlements, addresses, codes in ФИС ОКО and ГИА), each code once.

import { type School, SchoolSchema } from "../../contract/dataset.js";
import { bool, compact, type ErrorList, list, num, schemaIssues, str, type TypedRow } from "../tab-reader.js";

/** The column an `externalIds` issue belongs to: «Логин ФИС ОКО» or «Код ОО в ГИА». */
function externalColumn(result: { error?: { issues: readonly { path: readonly PropertyKey[] }[] } }): string {
  const system = result.error?.issues.find((i) => i.path[0] === "externalIds")?.path[1];
  return system === "gia" ? "giaCode" : "fisOko";
}

/**
 * The Cyrillic letters of a code that also has Latin ones, or none: «С», «о», «р» typed on the Russian keyboard
 * look like Latin letters, and the code becomes another school's, leaving the school's answers behind.
 */
function cyrillicAmongLatin(id: string): string[] {
  if (!/[A-Za-z]/.test(id)) return [];
  return [...new Set(id.match(/[А-Яа-яЁё]/g) ?? [])];
}

/**
 * «Школы» → the registry, or undefined while any row is bad (each bad cell reported): the stored registry then
 * stays whole. Leaving a bad row out would take its school off the lists, its answers and pairs with it, over a
 * typo in an address; a new school waits for its row to be fixed either way.
 */
export function parseSchools(rows: TypedRow[], out: ErrorList): School[] | undefined {
  const schools: School[] = [];
  const ids = new Set<string>();
  const fisOkoLogins = new Map<string, number>();
  const giaCodes = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const id = str(v.id);
    if (id !== undefined && ids.has(id)) out.at(row, "id", `«${id}» — код школы повторяется`);
    if (/\s/.test(id ?? "")) out.at(row, "id", `«${id}» — код школы без пробелов`);
    const mixed = cyrillicAmongLatin(id ?? "");
    if (mixed.length > 0)
      out.at(
        row,
        "id",
        `«${id}» — в коде смешаны латинские и русские буквы (русские: ${mixed.map((c) => `«${c}»`).join(", ")}); одинаковые на вид буквы дают другой код`,
      );
    const fisOko = str(v.fisOko)?.toLowerCase();
    const gia = str(v.giaCode);
    for (const [key, code, seen] of [
      ["fisOko", fisOko, fisOkoLogins],
      ["giaCode", gia, giaCodes],
    ] as const) {
      if (code === undefined) continue;
      const first = seen.get(code);
      if (first !== undefined) out.at(row, key, `«${code}» — этот код уже указан в строке ${first}`);
    }
    const lat = num(v.lat);
    const lon = num(v.lon);
    if ((lat === undefined) !== (lon === undefined))
      out.at(row, lat === undefined ? "lat" : "lon", "широта и долгота заполняются вместе");
    if (out.isBad(row)) continue;
    const school = compact({
      id,
      name: str(v.name),
      settlement: str(v.settlement),
      kind: str(v.kind),
      smallSchool: bool(v.smallSchool),
      location: lat !== undefined && lon !== undefined ? { lat, lon } : undefined,
      emails: list(v.emails),
      cluster: str(v.cluster),
      externalIds: fisOko !== undefined || gia !== undefined ? compact({ fisOko, gia }) : undefined,
    });
    const checked = SchoolSchema.safeParse(school);
    schemaIssues(out, row, checked, (key) =>
      key === "location" ? "lat" : key === "externalIds" ? externalColumn(checked) : key,
    );
    if (!checked.success || out.isBad(row)) continue;
    ids.add(checked.data.id);
    if (fisOko !== undefined) fisOkoLogins.set(fisOko, row.row);
    if (gia !== undefined) giaCodes.set(gia, row.row);
    schools.push(checked.data);
  }
  return out.whole(
    schools,
    "лист не применён, пока в нём есть ошибки: действует прежний список школ, ни одна школа не добавлена и не удалена",
  );
}
