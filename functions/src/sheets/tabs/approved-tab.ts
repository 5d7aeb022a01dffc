// «Утверждённые списки»: the lists an order fixed beside today's computation («Расчёт сейчас»), every difference highlighted; the order and every version below.
import type { Approval } from "../../contract/decision-cycle.js";
import { formatRuDate } from "../../domain/academic-calendar.js";
import { listCategories, orderText } from "../../domain/approved-lists.js";
import type { CellValue, HexColour, Tab } from "../workbook-model.js";
import { listsText } from "./decision-view.js";
import { STATUS_FILLS } from "./status-fills.js";
import type { TabContext } from "./tab-context.js";

const REASON_TEXT: Readonly<Record<Approval["reason"], string>> = {
  decision: "решение рабочей группы",
  correction: "исправление",
  earlier: "приказ прошлых лет",
};

/** «15.10.2025, протокол № 3». */
function meetingText(meeting: Approval["meeting"]): string {
  if (meeting === undefined) return "";
  return `${formatRuDate(meeting.date)}${meeting.protocol !== undefined ? `, протокол № ${meeting.protocol}` : ""}`;
}

/**
 * Builds «Утверждённые списки»: one row per school that is on an approved list or on today's computed lists, by
 * name — «Утверждённые списки» and «Расчёт сейчас» side by side; every difference named («по расчёту вошла бы в
 * ШНОР; в утверждённом списке её нет») on a red row; years on the approved lists, «усиленное сопровождение» after
 * N years, the exits the method sees, the grounds. Below: the order in force, then every version. Later
 * recomputations change only «Расчёт сейчас»; the approved columns change only with a new version.
 */
export function buildApprovedTab(context: TabContext, approvals: readonly Approval[]): Tab {
  const approved = context.results.approved;
  const byId = new Map((approved?.schools ?? []).map((s) => [s.schoolId, s]));
  const differences = new Map<string, string[]>();
  for (const d of approved?.differences ?? [])
    differences.set(d.schoolId, [
      ...(differences.get(d.schoolId) ?? []),
      d.text.slice(d.text.indexOf(": ") + 2),
    ]);
  const ids = new Set<string>(byId.keys());
  for (const s of context.results.schools) if (listCategories(s.categories).length > 0) ids.add(s.schoolId);
  const ordered = [...ids].sort(
    (a, b) =>
      context.schoolName(a).localeCompare(context.schoolName(b), "ru") || (a < b ? -1 : a > b ? 1 : 0),
  );
  const rows: CellValue[][] = [];
  const rowFills: (HexColour | null)[] = [];
  for (const id of ordered) {
    const a = byId.get(id);
    const now = listCategories(context.schoolResult(id)?.categories ?? []);
    const diff = differences.get(id) ?? [];
    const years =
      a === undefined
        ? ""
        : [
            a.yearsInSupport.lowResults > 0 ? `ШНОР ${a.yearsInSupport.lowResults}` : "",
            a.yearsInSupport.adverseSocial > 0 ? `ШНСУ ${a.yearsInSupport.adverseSocial}` : "",
          ]
            .filter((x) => x !== "")
            .join(", ");
    rows.push([
      context.schoolName(id),
      id,
      approved === undefined ? "" : listsText(a?.categories, "нет"),
      listsText(now, "не входит"),
      diff.join("\n"),
      years,
      a?.escalation !== undefined ? `усиленное сопровождение: ${a.escalation.join("; ")}` : "",
      (a?.exits ?? []).map((e) => e.text).join("\n"),
      (a?.grounds ?? []).join("\n"),
    ]);
    rowFills.push(
      diff.length > 0 ? STATUS_FILLS.bad : a?.escalation !== undefined ? STATUS_FILLS.warning : null,
    );
  }
  const order: CellValue[][] =
    approved === undefined
      ? [
          [
            "Утверждённых списков нет",
            "После решения рабочей группы: меню «ШНОР-Монитор» → «Утвердить списки…»",
          ],
        ]
      : [
          ["Версия", `${approved.version} из ${approved.versions}`],
          ["Приказ", orderText(approved.order)],
          [
            "Основание версии",
            `${REASON_TEXT[approved.reason]}${approved.note !== undefined ? `: ${approved.note}` : ""}`,
          ],
          ["Учебный год", approved.year],
          ["Заседание рабочей группы", meetingText(approved.meeting)],
          ["Проект списков", approved.draft === undefined ? "" : `№ ${approved.draft}`],
          [
            "Расчёт сейчас",
            `${context.results.year} учебный год, методика ${context.results.methodology.version}`,
          ],
          ["Различий с расчётом", approved.differences.length],
        ];
  return {
    name: "Утверждённые списки",
    kind: "output",
    columns: [
      { key: "name", header: "Школа", format: "text", width: 40 },
      { key: "schoolId", header: "Код школы", format: "text", width: 12 },
      {
        key: "approved",
        header: "Утверждённые списки",
        note: "Как утверждено приказом (версия ниже). Пересчёт их не меняет: только новое решение и новая версия.",
        format: "text",
        width: 14,
      },
      {
        key: "now",
        header: "Расчёт сейчас",
        note: "Списки по сегодняшним данным и методике.",
        format: "text",
        width: 14,
      },
      { key: "difference", header: "Различие", format: "text", width: 50, wrap: true },
      {
        key: "years",
        header: "Лет в списках",
        note: "Лет подряд в утверждённых списках (включая приказы прошлых лет), до года этой версии.",
        format: "text",
        width: 14,
      },
      { key: "escalation", header: "Сопровождение", format: "text", width: 40, wrap: true },
      { key: "exit", header: "Выход из списка", format: "text", width: 40, wrap: true },
      { key: "grounds", header: "Основания", format: "text", width: 60, wrap: true },
    ],
    rows,
    rowFills,
    frozenRows: 1,
    frozenColumns: 1,
    autoFilter: true,
    sections: [
      {
        key: "order",
        title: "Действующий приказ",
        columns: [
          { key: "field", header: "Сведения", format: "text", width: 40 },
          { key: "value", header: "Значение", format: "text", width: 70 },
        ],
        rows: order.map(([k, v]) => [k ?? "", v === null || v === undefined ? "" : String(v)]),
      },
      {
        key: "versions",
        title: "Все версии утверждённых списков",
        columns: [
          { key: "version", header: "Версия", format: "integer", width: 8 },
          { key: "year", header: "Учебный год", format: "text", width: 12 },
          { key: "order", header: "Приказ", format: "text", width: 30 },
          { key: "reason", header: "Основание", format: "text", width: 30 },
          { key: "meeting", header: "Заседание", format: "text", width: 24 },
          { key: "schools", header: "Школ", format: "integer", width: 8 },
        ],
        rows: [...approvals]
          .sort((x, y) => y.version - x.version)
          .map((v) => [
            v.version,
            v.year,
            orderText(v.order),
            `${REASON_TEXT[v.reason]}${v.note !== undefined ? `: ${v.note}` : ""}`,
            meetingText(v.meeting),
            v.schools.length,
          ]),
      },
    ],
  };
}
