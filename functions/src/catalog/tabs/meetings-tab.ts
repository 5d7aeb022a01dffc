// «Рабочая группа»: meetings (one or several rows each), their decisions, votes and actions on the lists.

import { type Meeting, MeetingSchema } from "../../contract/dataset.js";
import type { DecisionAction } from "../../contract/decision-cycle.js";
import {
  bool,
  compact,
  type ErrorList,
  list,
  listsOf,
  num,
  str,
  type TypedRow,
  unknownSchools,
} from "../tab-reader.js";

/** «Рабочая группа» → meetings with their decisions; a meeting's rows are joined by date and protocol number. */
export function parseMeetings(
  rows: TypedRow[],
  out: ErrorList,
  registry: ReadonlySet<string> | undefined,
): Meeting[] {
  const meetings = new Map<string, Meeting & { firstRow: number }>();
  for (const row of rows) {
    const v = row.values;
    const date = str(v.date);
    if (date === undefined) continue;
    const protocol = str(v.protocol);
    // two meetings on one day are told apart by their protocol numbers
    const key = `${date}\u0000${protocol ?? ""}`;
    const known = meetings.get(key);
    let members = num(v.members);
    let present = num(v.present);
    for (const [key, value, had] of [
      ["members", members, known?.members],
      ["present", present, known?.present],
    ] as const) {
      if (value === undefined && had === undefined)
        out.at(row, key, "не заполнено (достаточно указать в первой строке заседания)");
      if (value !== undefined && had !== undefined && value !== had)
        out.at(row, key, `${value} — в строке ${known?.firstRow} для этого заседания указано ${had}`);
    }
    members ??= known?.members;
    present ??= known?.present;
    if (members !== undefined && present !== undefined && present > members)
      out.at(row, "present", `${present} — больше, чем членов рабочей группы (${members})`);
    const title = str(v.decision);
    const votes = { for: num(v.for), against: num(v.against), abstained: num(v.abstained) };
    if (title === undefined && (votes.for !== undefined || votes.against !== undefined))
      out.at(row, "decision", "голоса указаны, а формулировки решения нет");
    const action = str(v.action) as DecisionAction | undefined;
    const schoolIds = list(v.schoolIds) ?? [];
    const lists = listsOf(v.lists);
    if (action !== undefined && title === undefined)
      out.at(row, "decision", "действие указано, а формулировки решения нет");
    if (action !== undefined && action !== "approveLists" && schoolIds.length === 0)
      out.at(row, "schoolIds", "укажите коды школ, которых касается решение");
    if (action === "approveLists" && schoolIds.length > 0)
      out.at(
        row,
        "schoolIds",
        "для «утвердить списки целиком» школы не указываются: решения по отдельным школам — отдельными строками",
      );
    if (action === "include" && lists === undefined)
      out.at(row, "lists", "для «включить» укажите список: ШНОР, ШНСУ или оба");
    const strangers = unknownSchools(schoolIds, registry);
    if (strangers.length > 0)
      out.at(
        row,
        "schoolIds",
        `${strangers.map((id) => `«${id}»`).join(", ")} — таких школ нет на вкладке «Школы»`,
      );
    if (title !== undefined) {
      if (votes.for === undefined) out.at(row, "for", "укажите число голосов «за» (0, если никто)");
      if (votes.against === undefined)
        out.at(row, "against", "укажите число голосов «против» (0, если никто)");
      const total = (votes.for ?? 0) + (votes.against ?? 0) + (votes.abstained ?? 0);
      if (present !== undefined && total > present)
        out.at(row, "for", `проголосовали ${total} — больше, чем присутствовали (${present})`);
    }
    if (out.isBad(row) || members === undefined || present === undefined) continue;
    const meeting: Meeting & { firstRow: number } = known ?? {
      date,
      ...(protocol !== undefined ? { protocol } : {}),
      members,
      present,
      firstRow: row.row,
    };
    const chair = bool(v.chairPresent);
    if (chair !== undefined && meeting.chairPresent === undefined) meeting.chairPresent = chair;
    // who presided, kept the protocol and attended: the first row that says it
    const chairName = str(v.chair);
    if (chairName !== undefined && meeting.chair === undefined) meeting.chair = chairName;
    const secretary = str(v.secretary);
    if (secretary !== undefined && meeting.secretary === undefined) meeting.secretary = secretary;
    const attendees = list(v.attendees);
    if (attendees !== undefined && attendees.length > 0 && meeting.attendees === undefined)
      meeting.attendees = attendees;
    if (title !== undefined && votes.for !== undefined && votes.against !== undefined) {
      meeting.decisions ??= [];
      meeting.decisions.push(
        compact({
          title,
          for: votes.for,
          against: votes.against,
          abstained: votes.abstained,
          chairVotedFor: bool(v.chairVotedFor),
          action,
          schoolIds: action !== undefined && schoolIds.length > 0 ? schoolIds : undefined,
          lists: action !== undefined ? lists : undefined,
          grounds: str(v.grounds),
          dissent: str(v.dissent),
          draft: action === "approveLists" ? num(v.draft) : undefined,
        }),
      );
    }
    meetings.set(key, meeting);
  }
  const result: Meeting[] = [];
  for (const { firstRow, ...meeting } of meetings.values()) {
    const checked = MeetingSchema.safeParse(meeting);
    if (checked.success) result.push(checked.data);
    else out.add(firstRow, out.header("date"), checked.error.issues[0]?.message ?? "заседание не читается");
  }
  return result;
}
