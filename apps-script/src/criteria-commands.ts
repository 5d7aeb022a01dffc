// «Сравнить с другой методикой…» and «Заполнить критерии из пресета…»: the preview of another method (server /compare) and a preset written onto «Критерии выявления», asking before replacing.

import { COORDINATOR_TABS, type TabColumn } from "../../functions/src/catalog/coordinator-tabs.js";
import { PRESET_TABLES } from "../../functions/src/catalog/criteria-preset-tables.js";
import { escapeHtml } from "../../functions/src/catalog/escape-html.js";
import {
  PRESET_LABELS,
  PRESET_NAMES,
  type PresetName,
} from "../../functions/src/contract/criteria-vocabulary.js";
import type { CriteriaRow } from "../../functions/src/contract/identification-criteria.js";
import { callApiWithRetry, describeFailure } from "./api-client.js";
import { type DialogReply, dialogButton, dialogHtml } from "./dialog-template.js";
import type { GasSheet, GasSpreadsheet, Services } from "./gas-services.js";
import { readConnection } from "./settings-store.js";
import { normalizeHeader } from "./sheet-preparation.js";
import { readInputTabs } from "./tab-sync.js";

const TAB = COORDINATOR_TABS.find((t) => t.kind === "criteria");
export const CRITERIA_TAB = TAB?.name ?? "Критерии выявления";

/** What a dialog shows after its button: the lines, and whether the coordinator is asked to confirm. */
export interface CriteriaReply extends DialogReply {
  /** The tab has rows: the dialog offers «Заменить» (the same call with `replace`). */
  confirm?: boolean;
}

/** The choice «the tab as it is now» in the compare dialog. */
export const DRAFT_CHOICE = "tab";

const NOT_CONNECTED =
  "Подключение к серверу не настроено. Откройте меню «ШНОР-Монитор» → «Настройка подключения» и укажите адрес функции и код территории.";

const MAX_ERRORS = 15;

/** A dialog with one radio per choice and a button calling the global `callback(choice, replace)`. */
function choiceDialogHtml(
  intro: string,
  choices: readonly { value: string; label: string }[],
  button: string,
  callback: string,
  busy: string,
): string {
  const radios = choices
    .map(
      (c, i) =>
        `<label><input type="radio" name="choice" value="${escapeHtml(c.value)}"${i === 0 ? " checked" : ""}> ${escapeHtml(c.label)}</label>`,
    )
    .join("\n");
  return dialogHtml({
    style: "choice",
    body: `<p>${escapeHtml(intro)}</p>
${radios}
${dialogButton(button, "false")}
<button id="replace" onclick="go(true)" style="display:none">Заменить</button>`,
    serverFunction: callback,
    params: "replace",
    before: "var chosen=document.querySelector('input[name=choice]:checked');\n  if(!chosen)return;",
    sending: "document.getElementById('replace').style.display='none';",
    shown: "document.getElementById('replace').style.display=reply.confirm?'inline':'none';",
    args: "chosen.value,replace",
    busy,
  });
}

/** «Сравнить с другой методикой…»: the dialog; its button calls `compareMethodsFromDialog`. */
export function compareMethodsCommand(services: Services): void {
  const choices = [
    { value: DRAFT_CHOICE, label: `лист «${CRITERIA_TAB}» в нынешнем виде (ещё не синхронизированный)` },
    ...PRESET_NAMES.map((p) => ({ value: p, label: PRESET_LABELS[p] })),
  ];
  const html = choiceDialogHtml(
    "С какой методикой сравнить действующие списки ШНОР и ШНСУ? Данные и остальные настройки те же; ничего не меняется, пока вы не синхронизируете лист или не выберете пресет в «Настройках».",
    choices,
    "Сравнить",
    "compareMethodsFromDialog",
    "Списки пересчитываются…",
  );
  const output = services.htmlService.createHtmlOutput(html).setWidth(760).setHeight(620);
  services.spreadsheetApp.getUi().showModalDialog(output, "Сравнить с другой методикой");
}

/** The compare dialog's «Сравнить»: POST /compare with a preset or the tab as it is now. */
export function compareMethodsDialogCommand(
  services: Services,
  spreadsheet: GasSpreadsheet,
  choice: string,
): CriteriaReply {
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (!connection) return { ok: false, lines: [NOT_CONNECTED] };
  let body: Record<string, unknown>;
  if (choice === DRAFT_CHOICE) {
    const tab = readInputTabs(spreadsheet)[CRITERIA_TAB];
    if (tab === undefined)
      return { ok: false, lines: [`Листа «${CRITERIA_TAB}» нет: выполните «Подготовить таблицу».`] };
    body = { territoryId: connection.territoryId, tab };
  } else if ((PRESET_NAMES as readonly string[]).includes(choice)) {
    body = { territoryId: connection.territoryId, preset: choice };
  } else {
    return { ok: false, lines: [`«${choice}» — нет такого пресета`] };
  }
  const { result } = callApiWithRetry(services, connection, "post", "/compare", body, {
    attempts: 2,
    firstDelayMs: 2_000,
  });
  if (result.kind === "http" && result.status === 200) {
    const text = (result.body as { text?: unknown } | undefined)?.text;
    return { ok: true, lines: typeof text === "string" ? text.trimEnd().split("\n") : [] };
  }
  const lines = [`Сравнение не выполнено: ${describeFailure(result)}.`];
  const errors = (result.kind === "http" ? (result.body as { errors?: unknown })?.errors : undefined) ?? [];
  if (Array.isArray(errors)) {
    for (const e of errors.slice(0, MAX_ERRORS) as { row?: number; column?: string; message?: string }[])
      lines.push(`строка ${e.row ?? "?"}${e.column ? `, «${e.column}»` : ""}: ${e.message ?? ""}`);
    if (errors.length > MAX_ERRORS) lines.push(`…и ещё ${errors.length - MAX_ERRORS}.`);
  }
  return { ok: false, lines };
}

/** «Заполнить критерии из пресета…»: the dialog; its button calls `fillCriteriaFromDialog`. */
export function fillCriteriaCommand(services: Services): void {
  const choices = PRESET_NAMES.filter((p) => PRESET_TABLES[p].length > 0).map((p) => ({
    value: p,
    label: PRESET_LABELS[p],
  }));
  const html = choiceDialogHtml(
    `Таблица критериев выбранной программы будет записана на лист «${CRITERIA_TAB}» — её можно затем изменить под свой приказ. Расчёт изменится после «Синхронизировать данные».`,
    choices,
    "Заполнить",
    "fillCriteriaFromDialog",
    "Лист заполняется…",
  );
  const output = services.htmlService.createHtmlOutput(html).setWidth(560).setHeight(360);
  services.spreadsheetApp.getUi().showModalDialog(output, "Заполнить критерии из пресета");
}

/** A criteria row as the tab shows it: choices by their Russian names, numbers as numbers. */
function cellOf(column: TabColumn, row: CriteriaRow): string | number {
  const value = row[column.key as keyof CriteriaRow];
  if (value === undefined) return "";
  if (column.type === "choice") return column.allowed?.find((a) => a.value === value)?.label ?? String(value);
  return value;
}

function dataRowCount(sheet: GasSheet): number {
  const rows = readInputTabsOf(sheet);
  return Math.max(rows.length - 1, 0);
}

function readInputTabsOf(sheet: GasSheet): string[][] {
  const rows = sheet.getDataRange().getDisplayValues();
  while (rows.length > 1 && (rows[rows.length - 1] ?? []).every((cell) => cell.trim() === "")) rows.pop();
  return rows.filter((row, i) => i === 0 || row.some((cell) => cell.trim() !== ""));
}

/**
 * The fill dialog's «Заполнить» (and «Заменить»): writes the preset's rows under the tab's own headers (wherever
 * the coordinator moved the columns). A tab that already has criteria is not touched without `replace`: the reply
 * asks first, since those rows may be the territory's own order.
 */
export function fillCriteriaDialogCommand(
  spreadsheet: GasSpreadsheet,
  preset: string,
  replace: boolean,
): CriteriaReply {
  if (!(PRESET_NAMES as readonly string[]).includes(preset))
    return { ok: false, lines: [`«${preset}» — нет такого пресета`] };
  const rows = PRESET_TABLES[preset as PresetName];
  const sheet = spreadsheet.getSheetByName(CRITERIA_TAB);
  if (!sheet || !TAB)
    return { ok: false, lines: [`Листа «${CRITERIA_TAB}» нет: выполните «Подготовить таблицу».`] };
  const existing = dataRowCount(sheet);
  if (existing > 0 && !replace) {
    return {
      ok: false,
      confirm: true,
      lines: [
        `На листе «${CRITERIA_TAB}» уже есть строки: ${existing}. Заменить их таблицей «${PRESET_LABELS[preset as PresetName]}»?`,
        "Нынешние строки будут удалены с листа.",
      ],
    };
  }
  const width = sheet.getLastColumn();
  const header = (width > 0 ? (sheet.getRange(1, 1, 1, width).getDisplayValues()[0] ?? []) : []).map(
    normalizeHeader,
  );
  const positions = TAB.columns.map((c) => header.indexOf(normalizeHeader(c.header)));
  const missing = TAB.columns.filter((_, i) => positions[i] === -1);
  if (missing.length > 0)
    return {
      ok: false,
      lines: [
        `На листе нет столбцов ${missing.map((c) => `«${c.header}»`).join(", ")}: выполните «Подготовить таблицу».`,
      ],
    };
  const lastRow = sheet.getLastRow();
  if (lastRow > 1) sheet.getRange(2, 1, lastRow - 1, width).clearContent();
  const values = rows.map((row) => {
    const line: (string | number)[] = Array.from({ length: width }, () => "");
    TAB.columns.forEach((column, i) => {
      line[positions[i] as number] = cellOf(column, row);
    });
    return line;
  });
  if (values.length > 0) sheet.getRange(2, 1, values.length, width).setValues(values);
  return {
    ok: true,
    lines: [
      `На лист «${CRITERIA_TAB}» записано строк: ${values.length} (${PRESET_LABELS[preset as PresetName]}).`,
      "Проверьте их по своему приказу и выполните «Синхронизировать данные» — тогда по ним пересчитаются списки.",
    ],
  };
}
