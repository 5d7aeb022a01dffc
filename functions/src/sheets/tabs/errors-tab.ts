// «Ошибки»: every rejected, unconfirmed or conflicting form response with its reasons in Russian, one row per problem.
import { DateTime } from "luxon";
import { findForm, formFields } from "../../catalog/form-catalog.js";
import type { CellValue, Tab } from "../workbook-model.js";
import type { TabContext } from "./tab-context.js";

/** A rejected response as the store lists it (structurally the store's `RejectedSubmission`). */
export interface RejectedResponseRow {
  formKind: string;
  formId: string;
  responseId: string;
  submittedAt: string;
  respondentEmail?: string;
  editUrl?: string;
  schoolId?: string;
  year?: string;
  errors: readonly { field: string; message: string }[];
}

/** Time zone of the territory, or Moscow's (where the seeds come from) when the registry gives none. */
const DEFAULT_TIME_ZONE = "Europe/Moscow";

/** `2026-03-02T09:00:00Z` → `02.03.2026 12:00` in the territory's zone; the text as sent when it is not a date. */
export function submittedAtText(iso: string, timeZone: string): string {
  const at = DateTime.fromISO(iso, { setZone: false }).setZone(timeZone);
  return at.isValid ? at.toFormat("dd.MM.yyyy HH:mm") : iso;
}

/** What the «Вопрос» column says for a reason that is about the response, not one of its questions. */
const RESPONSE_FIELDS: Readonly<Record<string, string>> = {
  respondentEmail: "Адрес электронной почты респондента",
  schoolId: "Школа",
  answers: "Ответы",
  response: "Ответ целиком",
  script: "Скрипт таблицы",
};

/** The question's Russian title for an answer key (`ege.math.meanScore`), or the key when it is not a question. */
function questionTitle(formKind: string, field: string): string {
  const form = findForm(formKind);
  const question = form ? formFields(form).find((f) => f.key === field) : undefined;
  if (question) return question.title;
  // own keys only: a field is whatever a client sent, and «constructor» must not find Object.prototype's
  return Object.hasOwn(RESPONSE_FIELDS, field) ? (RESPONSE_FIELDS[field] ?? field) : field;
}

/**
 * Builds «Ошибки»: for each listed response (newest first, as given) — rejected, waiting for its address to be
 * confirmed («адрес не подтверждён»), or with conflicting versions — one row per reason: when it was sent, the
 * form, the school (by its registry name), the question and what is wrong, plus the link the school can use to
 * correct its answer; a notice about the sheet's script comes first when there is one. Always present, so the
 * tab empties once every error is fixed.
 */
export function buildErrorsTab(context: TabContext, rejected: readonly RejectedResponseRow[]): Tab {
  const timeZone = context.dataset.territory.timeZone ?? DEFAULT_TIME_ZONE;
  const rows: CellValue[][] = [];
  for (const response of rejected) {
    const formTitle = findForm(response.formKind)?.title ?? response.formKind;
    const school =
      response.schoolId === undefined
        ? ""
        : `${context.schoolName(response.schoolId)} [${response.schoolId}]`;
    for (const error of response.errors) {
      rows.push([
        submittedAtText(response.submittedAt, timeZone),
        formTitle,
        school,
        response.year ?? "",
        questionTitle(response.formKind, error.field),
        error.message,
        response.respondentEmail ?? "",
        response.editUrl ?? "",
      ]);
    }
  }
  return {
    name: "Ошибки",
    kind: "output",
    columns: [
      {
        key: "submittedAt",
        header: "Отправлено",
        note: "Когда школа отправила ответ (время территории).",
        format: "text",
        width: 17,
      },
      { key: "form", header: "Форма", format: "text", width: 34, wrap: true },
      { key: "school", header: "Школа", format: "text", width: 40, wrap: true },
      { key: "year", header: "Учебный год", format: "text", width: 11 },
      { key: "question", header: "Вопрос", format: "text", width: 36, wrap: true },
      {
        key: "message",
        header: "Что не так",
        note:
          "Ответ не принят (или ждёт подтверждения адреса) и в расчёт не вошёл. Исправьте ответ в форме или " +
          "добавьте адрес школе — строка исчезнет после пересчёта.",
        format: "text",
        width: 70,
        wrap: true,
      },
      { key: "respondent", header: "Кто отправил", format: "text", width: 28 },
      {
        key: "editUrl",
        header: "Ссылка для исправления",
        note: "Ссылка на редактирование ответа в Google Форме, если форма её выдаёт.",
        format: "text",
        width: 30,
      },
    ],
    rows,
    frozenRows: 1,
    autoFilter: true,
  };
}
