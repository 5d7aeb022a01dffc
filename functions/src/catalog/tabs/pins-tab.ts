// «Закрепление пар»: the mentor a coordinator pins to a school, one per school.

import { type ErrorList, str, type TypedRow, unknownSchools } from "../tab-reader.js";

export interface Pin {
  menteeId: string;
  mentorId: string;
}

/** «Закрепление пар» → pins; a school pinned twice or to itself is reported and left out. */
export function parsePins(
  rows: TypedRow[],
  out: ErrorList,
  registry: ReadonlySet<string> | undefined,
): Pin[] {
  const pins: Pin[] = [];
  const mentees = new Map<string, number>();
  for (const row of rows) {
    const menteeId = str(row.values.menteeId);
    const mentorId = str(row.values.mentorId);
    if (menteeId === undefined || mentorId === undefined) continue;
    for (const [key, id] of [
      ["menteeId", menteeId],
      ["mentorId", mentorId],
    ] as const) {
      if (unknownSchools([id], registry).length > 0)
        out.at(row, key, `«${id}» — такой школы нет на вкладке «Школы»`);
    }
    if (menteeId === mentorId) out.at(row, "mentorId", "школа не может быть наставником самой себе");
    const earlier = mentees.get(menteeId);
    if (earlier !== undefined)
      out.at(row, "menteeId", `«${menteeId}» — наставник уже закреплён в строке ${earlier}`);
    if (out.isBad(row)) continue;
    mentees.set(menteeId, row.row);
    pins.push({ menteeId, mentorId });
  }
  return pins;
}
