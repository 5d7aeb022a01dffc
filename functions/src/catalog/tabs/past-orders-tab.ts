// «Приказы прошлых лет»: the schools earlier orders put on the lists, one row per school and order.

import type { ListCategory } from "../../contract/decision-cycle.js";
import { type ErrorList, listsOf, str, type TypedRow, unknownSchools } from "../tab-reader.js";

/** One school of an order entered on «Приказы прошлых лет». */
export interface PastOrderRow {
  year: string;
  number: string;
  date: string;
  schoolId: string;
  lists: ListCategory[];
  grounds?: string;
}

/** «Приказы прошлых лет» → one row per school of an order; schools are checked against `registry`. */
export function parsePastOrders(
  rows: TypedRow[],
  out: ErrorList,
  registry: ReadonlySet<string> | undefined,
): PastOrderRow[] {
  const orders: PastOrderRow[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const v = row.values;
    const schoolId = str(v.schoolId);
    const key = `${str(v.year)}|${str(v.number)}|${str(v.date)}|${schoolId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined)
      out.at(row, "schoolId", `школа уже указана в этом приказе в строке ${earlier}`);
    if (schoolId !== undefined && unknownSchools([schoolId], registry).length > 0)
      out.at(row, "schoolId", `«${schoolId}» — такой школы нет на вкладке «Школы»`);
    const year = str(v.year);
    const number = str(v.number);
    const date = str(v.date);
    const lists = listsOf(v.lists);
    if (out.isBad(row) || year === undefined || number === undefined || date === undefined) continue;
    if (schoolId === undefined || lists === undefined) continue;
    seen.set(key, row.row);
    const grounds = str(v.grounds);
    orders.push({ year, number, date, schoolId, lists, ...(grounds !== undefined ? { grounds } : {}) });
  }
  return orders;
}
