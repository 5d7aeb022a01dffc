// «Проект списков»: the latest numbered draft, school by school — its lists and reasons, what today's data would give, its objection, whether its letter went out.
import { formatRuDate } from "../../domain/academic-calendar.js";
import { listCategories } from "../../domain/approved-lists.js";
import { OBJECTION_STATUS_LABELS } from "../../domain/objection-status.js";
import type { CellValue, HexColour, Tab } from "../workbook-model.js";
import { type DecisionCycleView, listsText } from "./decision-view.js";
import { submittedAtText } from "./errors-tab.js";
import { STATUS_FILLS } from "./status-fills.js";
import type { TabContext } from "./tab-context.js";

/** «Письмо»: what the cell says of a school whose letter has not gone out (the sheet's mail quota, issue 13 §1). */
export const NOT_NOTIFIED = "не отправлено — ждёт квоты писем";

/** «Письмо» of a school with no address on «Школы»: no letter can go, whatever the quota. */
export const NO_ADDRESS = "нет адреса на листе «Школы» — письмо не отправляется";

/** «По текущим данным»: the same lists as in the draft. */
const UNCHANGED = "без изменений";

/**
 * Builds «Проект списков»: one row per school of the latest draft — its lists and reasons as drafted, what the
 * lists would be with today's data (corrected answers go through the forms and show here), the status of its
 * objection, and when its letter went out («не отправлено — ждёт квоты писем» until the sheet's script sends it);
 * then the schools today's data would add. Rows that changed are highlighted. Below, the draft's identity: number,
 * date, method and preset, data version, the review deadline in working days.
 */
export function buildDraftTab(context: TabContext, view: DecisionCycleView): Tab {
  const timeZone = context.dataset.territory.timeZone ?? "Europe/Moscow";
  const rows: CellValue[][] = [];
  const fills: (HexColour | null)[] = [];
  const stored = view.draft;
  const objectionOf = new Map(view.objections.map((o) => [o.objection.schoolId, o]));
  const now = (schoolId: string) => listCategories(context.schoolResult(schoolId)?.categories ?? []);
  const drafted = new Set<string>();
  for (const school of stored?.draft.schools ?? []) {
    drafted.add(school.schoolId);
    const today = now(school.schoolId);
    const same =
      today.length === school.categories.length && today.every((c) => school.categories.includes(c));
    const notified = stored?.notified[school.schoolId];
    const objection = objectionOf.get(school.schoolId);
    rows.push([
      context.schoolName(school.schoolId),
      school.schoolId,
      listsText(school.categories),
      school.reasons.map((r) => r.text).join("\n"),
      same ? UNCHANGED : listsText(today),
      objection === undefined ? "" : `${OBJECTION_STATUS_LABELS[objection.status]} (№ ${objection.number})`,
      notified !== undefined
        ? submittedAtText(notified.at, timeZone)
        : school.emails.length === 0
          ? NO_ADDRESS
          : NOT_NOTIFIED,
      school.emails.join(", "),
    ]);
    fills.push(same ? (notified === undefined ? STATUS_FILLS.warning : null) : STATUS_FILLS.bad);
  }
  if (stored !== undefined)
    for (const s of context.results.schools) {
      const today = now(s.schoolId);
      if (drafted.has(s.schoolId) || today.length === 0) continue;
      rows.push([
        context.schoolName(s.schoolId),
        s.schoolId,
        "нет в проекте",
        "",
        listsText(today),
        "",
        "",
        "",
      ]);
      fills.push(STATUS_FILLS.bad);
    }
  const draft = stored?.draft;
  const about: CellValue[][] =
    draft === undefined
      ? [["Проект", "ещё не сформирован: меню «ШНОР-Монитор» → «Сформировать проект списков»"]]
      : [
          ["Номер проекта", draft.number],
          ["Сформирован", `${formatRuDate(draft.date)} (${draft.createdBy})`],
          ["Учебный год", draft.year],
          [
            "Методика",
            `версия ${draft.methodology.version}${draft.methodology.preset === null ? "" : `, набор «${draft.methodology.preset}»`}`,
          ],
          ["Версия данных", draft.dataVersion],
          ["Школ в проекте", draft.schools.length],
          [
            "Обращения принимаются до",
            `${formatRuDate(draft.reviewDeadline)} включительно (${draft.reviewWorkingDays} рабочих дней)`,
          ],
          [
            "Письма не отправлены",
            draft.schools.filter((s) => stored?.notified[s.schoolId] === undefined).length,
          ],
        ];
  return {
    name: "Проект списков",
    kind: "output",
    columns: [
      { key: "name", header: "Школа", format: "text", width: 40 },
      { key: "schoolId", header: "Код школы", format: "text", width: 12 },
      { key: "draft", header: "В проекте", format: "text", width: 14 },
      { key: "reasons", header: "Основания", format: "text", width: 70, wrap: true },
      {
        key: "now",
        header: "По текущим данным",
        note: "Каким был бы список сейчас: исправленные школой ответы форм уже учтены. «без изменений» — как в проекте.",
        format: "text",
        width: 18,
      },
      {
        key: "objection",
        header: "Обращение",
        note: "Статус обращения школы (лист «Обращения»).",
        format: "text",
        width: 22,
      },
      {
        key: "letter",
        header: "Письмо отправлено",
        note: "Когда школе ушло письмо о проекте. Письма сверх суточной квоты почты отправляются на следующий день.",
        format: "text",
        width: 22,
      },
      { key: "emails", header: "Адреса", format: "text", width: 30 },
    ],
    rows,
    rowFills: fills,
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
    sections: [
      {
        key: "about",
        title: "О проекте",
        columns: [
          { key: "field", header: "Сведения", format: "text", width: 40 },
          { key: "value", header: "Значение", format: "text", width: 70 },
        ],
        rows: about.map(([k, v]) => [k ?? "", v === null || v === undefined ? "" : String(v)]),
      },
    ],
  };
}
