// What each menu item, trigger and dialog callback does, on injected services; every message to a person is Russian.
import { FORM_KINDS, findForm } from "../../functions/src/catalog/form-catalog.js";
import { callApiWithRetry, describeFailure } from "./api-client.js";
import {
  type ConnectionInput,
  type ConnectionReport,
  connectionDialogHtml,
  saveAndTestConnection,
} from "./connection-settings.js";
import { CONSUMER_MAIL_RECIPIENTS_PER_DAY } from "./decision-commands.js";
import { type DeliveryOutcome, deliverSubmission, type ResendReport, resendOutbox } from "./delivery.js";
import { liveEmailCollection } from "./form-access.js";
import { buildForms } from "./form-builder.js";
import { checkForms, renderFormCheck } from "./form-check.js";
import type { GasForm, GasFormResponse, GasSpreadsheet, Services } from "./gas-services.js";
import { writeInstructions } from "./instructions-tab.js";
import { acquireScriptLock, OUTBOX_TAB } from "./outbox.js";
import { withPropertiesSnapshot } from "./properties-snapshot.js";
import { type ReconcileReport, reconcilePending, reconcileResponses } from "./reconcile.js";
import {
  type ConnectionSettings,
  type FormRecord,
  readConnection,
  readFormRecord,
  readSpreadsheetId,
  writeSpreadsheetId,
} from "./settings-store.js";
import { prepareSpreadsheet } from "./sheet-preparation.js";
import { buildEnvelope } from "./submission-envelope.js";
import { syncTabs } from "./tab-sync.js";
import { outOfTime, startRun } from "./time-budget.js";
import { effectiveAccount, mayHandle, ownership, takeOverResponses } from "./trigger-owner.js";

export const MENU_TITLE = "ШНОР-Монитор";

/** Menu captions and the global functions they call (main.ts exports functions with exactly these names). */
export const MENU_ITEMS = [
  ["Подготовить таблицу", "menuPrepareSheet"],
  ["Настройка подключения", "menuConnectionSettings"],
  ["Создать формы", "menuCreateForms"],
  ["Проверить формы", "menuCheckForms"],
  ["Передать обработку ответов мне", "menuTakeOverResponses"],
  null,
  ["Синхронизировать данные", "menuSyncData"],
  ["Заполнить критерии из пресета…", "menuFillCriteria"],
  ["Сравнить с другой методикой…", "menuCompareMethods"],
  ["Пересчитать сейчас", "menuRecalculate"],
  ["Повторить неотправленные", "menuResendOutbox"],
  ["Досылка ответов", "menuReconcile"],
  null,
  ["Импорт файла…", "menuImportFile"],
  ["Отменить импорт…", "menuUndoImport"],
  ["Скачать шаблон", "menuDownloadTemplate"],
  null,
  ["Сформировать проект списков", "menuDraftLists"],
  ["Разослать письма по проекту", "menuDraftLetters"],
  ["Утвердить списки…", "menuApproveLists"],
  ["Документы решения", "menuApprovalDocuments"],
] as const;

const NOT_CONNECTED =
  "Подключение к серверу не настроено. Откройте меню «ШНОР-Монитор» → «Настройка подключения» и укажите адрес функции и код территории.";

/** onOpen: the «ШНОР-Монитор» menu. */
export function addMenu(services: Pick<Services, "spreadsheetApp">): void {
  const menu = services.spreadsheetApp.getUi().createMenu(MENU_TITLE);
  for (const item of MENU_ITEMS) {
    if (item === null) menu.addSeparator();
    else menu.addItem(item[0], item[1]);
  }
  menu.addToUi();
}

function alert(services: Pick<Services, "spreadsheetApp">, title: string, lines: readonly string[]): void {
  const ui = services.spreadsheetApp.getUi();
  ui.alert(title, lines.join("\n"), ui.ButtonSet.OK);
}

/** The coordinator's spreadsheet: the active one, or (in a trigger without one) the id remembered earlier. */
export function coordinatorSpreadsheet(
  services: Pick<Services, "spreadsheetApp" | "propertiesService">,
): GasSpreadsheet {
  const props = services.propertiesService.getDocumentProperties();
  const active = services.spreadsheetApp.getActive();
  if (active) {
    if (readSpreadsheetId(props) !== active.getId()) writeSpreadsheetId(props, active.getId());
    return active;
  }
  const id = readSpreadsheetId(props);
  if (!id) throw new Error("ШНОР-Монитор: таблица координатора не найдена (скрипт не привязан к таблице)");
  return services.spreadsheetApp.openById(id);
}

function savedRecords(services: Pick<Services, "propertiesService">): FormRecord[] {
  const props = services.propertiesService.getDocumentProperties();
  return FORM_KINDS.map((kind) => readFormRecord(props, kind)).filter(
    (r): r is FormRecord => r !== undefined,
  );
}

function currentUser(services: Pick<Services, "session">): string {
  return effectiveAccount(services);
}

/** «Подготовить таблицу». */
export function prepareSheetCommand(services: Services): void {
  const spreadsheet = coordinatorSpreadsheet(services);
  const report = prepareSpreadsheet(services.spreadsheetApp, spreadsheet, currentUser(services));
  writeInstructions(spreadsheet, savedRecords(services));
  const lines = ["Таблица подготовлена."];
  lines.push(
    report.createdTabs.length > 0
      ? `Созданы листы: ${report.createdTabs.map((n) => `«${n}»`).join(", ")}.`
      : "Все листы уже были на месте; данные на них не изменены.",
  );
  if (report.renamedTabs.length > 0) lines.push(`Переименованы листы: ${report.renamedTabs.join(", ")}.`);
  if (report.addedHeaders.length > 0) lines.push(`Добавлены столбцы: ${report.addedHeaders.join("; ")}.`);
  if (report.writers.length === 0) {
    lines.push(
      "",
      "Листы результатов пока защищены только предупреждением: таблица не открыта сервисному аккаунту функции. " +
        "Откройте ему доступ («Настройки доступа», роль «Редактор», адрес сообщает администратор) и запустите «Подготовить таблицу» ещё раз.",
    );
  } else {
    lines.push(
      `Листы результатов защищены; записывать их может сервисный аккаунт ${report.writers.join(", ")}.`,
    );
  }
  lines.push(
    "",
    "Дальше: заполните «Школы» и «Настройки», затем «Синхронизировать данные» и «Создать формы».",
  );
  alert(services, "Подготовка таблицы", lines);
}

/** «Настройка подключения»: opens the dialog. */
export function connectionSettingsCommand(services: Services): void {
  const output = services.htmlService
    .createHtmlOutput(connectionDialogHtml(services))
    .setWidth(520)
    .setHeight(460);
  services.spreadsheetApp.getUi().showModalDialog(output, "Настройка подключения");
}

/** The dialog's callback. */
export function saveConnectionCommand(services: Services, input: ConnectionInput): ConnectionReport {
  coordinatorSpreadsheet(services); // remembers the spreadsheet id for triggers
  return saveAndTestConnection(services, input ?? {});
}

/**
 * «Создать формы». Only the recorded trigger owner may run it: anyone else is told who processes the answers
 * and offered «Передать обработку ответов мне»; declining changes nothing. The one who builds the forms installs
 * the triggers and becomes the owner. One build at a time, under the script lock; a second click is told to wait.
 */
export function createFormsCommand(services: Services): void {
  const who = ownership(services);
  if (who.kind === "unknown") {
    alert(services, "Формы не изменены", [
      `Формы и отправку ответов ведёт ${who.owner}, а адрес вашей учётной записи Google не сообщил. Войдите в таблицу под своей учётной записью Google и повторите.`,
    ]);
    return;
  }
  if (who.kind === "other" && !confirmTakeOver(services, who.owner, who.me)) return;
  // Building takes a minute with no dialog meanwhile: a second click would build a second set of forms, each with
  // its own submit trigger. The script lock keeps one build at a time (and off the outbox while it runs).
  const lock = acquireScriptLock(services);
  if (!lock) {
    alert(services, "Формы не изменены", [
      "Формы уже создаются (или идёт отправка анкет) в другом запуске скрипта. Дождитесь его окончания и, если нужно, запустите «Создать формы» ещё раз через минуту.",
    ]);
    return;
  }
  try {
    buildFormsAndReport(services);
  } finally {
    lock.releaseLock();
  }
}

function buildFormsAndReport(services: Services): void {
  const spreadsheet = coordinatorSpreadsheet(services);
  spreadsheet.toast("Формы создаются, это может занять минуту…", MENU_TITLE, 60);
  const me = currentUser(services);
  const result = buildForms(services, spreadsheet, me);
  if (!result.success) {
    alert(services, "Формы не созданы", [result.error.message]);
    return;
  }
  writeInstructions(spreadsheet, result.data.records);
  const lines: string[] = [];
  if (result.data.created.length > 0)
    lines.push(`Созданы формы: ${result.data.created.map((t) => `«${t}»`).join(", ")}.`);
  if (result.data.updated.length > 0)
    lines.push(`Обновлены формы: ${result.data.updated.map((t) => `«${t}»`).join(", ")}.`);
  if (result.data.problems.length === 0)
    lines.push(
      "Формы опубликованы и принимают ответы; школы входят в аккаунт Google, и адрес отвечающего подтверждается автоматически.",
    );
  lines.push(
    "Ссылки для школ — на листе «Инструкция». Ответы каждой формы попадают на отдельный лист этой таблицы и сразу отправляются на сервер.",
  );
  if (me !== "") lines.push(`Ответы обрабатываются от имени ${me}.`);
  if (result.data.problems.length > 0) {
    lines.push("", "Не всё удалось настроить:", ...result.data.problems.map((p) => `• ${p}`));
    lines.push("Проверьте формы: меню «ШНОР-Монитор» → «Проверить формы».");
  }
  if (!readConnection(services.propertiesService.getDocumentProperties())) lines.push("", NOT_CONNECTED);
  alert(services, "Формы для школ", lines);
}

/** Refusal of «Создать формы» for a non-owner, with the offer to take over; true when accepted. */
function confirmTakeOver(services: Services, owner: string, me: string): boolean {
  const ui = services.spreadsheetApp.getUi();
  const answer = ui.alert(
    "Формы ведёт другой координатор",
    [
      `Формы и отправку ответов на сервер ведёт ${owner}: ответы обрабатываются от его имени.`,
      `Если запустить «Создать формы» от вашего имени (${me}), каждый ответ отправлялся бы дважды, поэтому формы не изменены.`,
      "",
      `«Да» — передать обработку ответов мне: ответы будут обрабатываться от имени ${me}, а обработка у ${owner} отключится сама при следующем ответе. Затем формы будут обновлены.`,
      "«Нет» — ничего не менять.",
    ].join("\n"),
    ui.ButtonSet.YES_NO,
  );
  return answer === ui.Button.YES;
}

/** «Передать обработку ответов мне». */
export function takeOverCommand(services: Services): void {
  const me = currentUser(services);
  if (me === "") {
    alert(services, "Обработка ответов", [
      "Google не сообщил адрес вашей учётной записи, поэтому передать обработку ответов нельзя. Войдите в таблицу под своей учётной записью Google и повторите.",
    ]);
    return;
  }
  const report = takeOverResponses(services, me);
  const lines = [`Ответы теперь обрабатываются от имени ${me}.`];
  if (report.previous)
    lines.push(
      `Обработка у ${report.previous} отключится сама при следующем срабатывании (скрипт не может удалить чужие триггеры сразу).`,
    );
  if (report.missingForms.length > 0)
    lines.push("Некоторые формы недоступны — запустите «Создать формы», чтобы восстановить их.");
  alert(services, "Обработка ответов", lines);
}

/** «Проверить формы»: a dialog (an alert) with every finding and its fix. */
export function checkFormsCommand(services: Services): void {
  coordinatorSpreadsheet(services);
  const report = checkForms(services);
  alert(services, "Проверка форм", renderFormCheck(report));
}

function withConnection(services: Services, run: (connection: ConnectionSettings) => void): void {
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (!connection) {
    alert(services, MENU_TITLE, [NOT_CONNECTED]);
    return;
  }
  run(connection);
}

/** How many error lines an alert lists before «и ещё N». */
const MAX_LISTED = 15;

/** «Синхронизировать данные». */
export function syncDataCommand(services: Services): void {
  withConnection(services, (connection) => {
    const spreadsheet = coordinatorSpreadsheet(services);
    const result = syncTabs(services, spreadsheet, connection);
    if (!result.success) {
      alert(services, "Данные не отправлены", [
        `Не удалось отправить листы: ${result.error.message}.`,
        "Попробуйте ещё раз через минуту.",
      ]);
      return;
    }
    const { errors, missing } = result.data;
    if (errors.length === 0 && missing.length === 0) {
      alert(services, "Синхронизация", [
        "Данные листов ввода отправлены, ошибок нет. Результаты обновятся в течение минуты.",
      ]);
      return;
    }
    const names = missing.map((name) => `«${name}»`).join(", ");
    const lines = [
      ...(missing.length === 0
        ? []
        : [
            `${missing.length === 1 ? `Не найден лист ${names}: его данные` : `Не найдены листы ${names}: их данные`} на сервере не изменены. ` +
              `Если лист переименован, верните ему прежнее название; недостающие листы создаёт «Подготовить таблицу».`,
            "",
          ]),
      errors.length === 0
        ? "Данные остальных листов отправлены, ошибок в них нет."
        : `Данные отправлены, но найдено ошибок: ${errors.length}. Строки с ошибками не учтены в расчёте.`,
      "",
      ...errors
        .slice(0, MAX_LISTED)
        .map((e) => `«${e.tab}», строка ${e.row}${e.column ? `, «${e.column}»` : ""}: ${e.message}`),
    ];
    if (errors.length > MAX_LISTED) lines.push(`…и ещё ${errors.length - MAX_LISTED}.`);
    if (errors.length > 0)
      lines.push(
        "",
        "Ячейки с ошибками выделены красным, пояснение — в примечании к ячейке. Исправьте и синхронизируйте снова.",
      );
    alert(services, "Синхронизация: есть ошибки", lines);
  });
}

/** «Пересчитать сейчас». */
export function recalculateCommand(services: Services): void {
  withConnection(services, (connection) => {
    // One retry only: each call forces a publish, and a failed publish (502) is not cured by hammering.
    const { result } = callApiWithRetry(
      services,
      connection,
      "post",
      "/recalculate",
      { territoryId: connection.territoryId },
      { attempts: 2, firstDelayMs: 2_000 },
    );
    if (result.kind === "http" && result.status === 200) {
      const message = (result.body as { message?: unknown } | undefined)?.message;
      const lines = ["Пересчёт выполнен. Листы результатов обновятся в течение минуты."];
      if (typeof message === "string" && message !== "") lines.push(`Сервер: ${message}`);
      alert(services, "Пересчёт", lines);
    } else {
      alert(services, "Пересчёт не выполнен", [
        `${describeFailure(result)}.`,
        "Попробуйте ещё раз через минуту.",
      ]);
    }
  });
}

/** The resend run behind the menu. */
export function resendCommand(services: Services): ResendReport {
  const spreadsheet = coordinatorSpreadsheet(services);
  return resendOutbox(
    services,
    spreadsheet,
    readConnection(services.propertiesService.getDocumentProperties()),
  );
}

/**
 * The 10-minute trigger: the outbox, then — in the same run's budget — an unfinished «Досылка ответов» pass, so
 * a pass cut short by the time limit goes on within minutes instead of the next day. Undefined when the trigger
 * belongs to a former owner (it retires itself).
 */
export function resendTriggerCommand(
  services: Services,
): { resend: ResendReport; reconcile?: ReconcileReport } | undefined {
  if (!mayHandle(services)) return undefined;
  const run = startRun(services);
  const spreadsheet = coordinatorSpreadsheet(services);
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  const resend = resendOutbox(services, spreadsheet, connection, run);
  if (
    !connection ||
    resend.busy ||
    resend.stopped ||
    resend.serverUnavailable ||
    outOfTime(services, run) ||
    !reconcilePending(services)
  )
    return { resend };
  return { resend, reconcile: reconcileResponses(services, spreadsheet, connection, run) };
}

/** The daily trigger: «Досылка ответов». */
export function reconcileTriggerCommand(services: Services): ReconcileReport | undefined {
  if (!mayHandle(services)) return undefined;
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (!connection) return undefined;
  return reconcileResponses(services, coordinatorSpreadsheet(services), connection);
}

/**
 * Rejected responses whose letter did not go. MailApp refuses past the day's recipients («Email recipients per
 * day 100 / day» for a consumer account, https://developers.google.com/apps-script/guides/services/quotas), and the
 * response is not sent again to retry the letter, so the coordinator is told to pass the word on.
 */
function unmailedLine(count: number): string {
  return `Письма не отправлены: ${count} — у ответа нет адреса или исчерпана дневная квота писем (${CONSUMER_MAIL_RECIPIENTS_PER_DAY} получателей в сутки для обычного аккаунта Google). Что исправить, видно на листе «Ошибки»; сообщите этим школам сами.`;
}

/** «Повторить неотправленные»: the same run, with a report. */
export function resendMenuCommand(services: Services): void {
  const report = resendCommand(services);
  if (report.busy) {
    alert(services, "Повтор отправки", [
      "Отправка уже идёт (запущена автоматически). Повторите через минуту.",
    ]);
    return;
  }
  const lines = [
    `Доставлено: ${report.delivered}. Ждут подтверждения адреса: ${report.pending}. Конфликт версий: ${report.conflicts}. Отклонено сервером: ${report.rejected} (письма школам отправлены: ${report.rejected - report.unmailed}). Осталось в очереди: ${report.left}.`,
  ];
  if (report.unmailed > 0) lines.push(unmailedLine(report.unmailed));
  if (report.stopped)
    lines.push(
      "Отправка остановлена, чтобы уложиться в 6 минут работы скрипта; остальное уйдёт при следующем запуске.",
    );
  if (report.serverUnavailable)
    lines.push(
      "Сервер не отвечает или перегружен: после трёх неудачных попыток подряд отправка остановлена, чтобы не расходовать дневную квоту запросов скрипта; остальное уйдёт при следующем запуске.",
    );
  if (report.lastError) lines.push(`Последняя ошибка: ${report.lastError}.`);
  if (report.left > 0)
    lines.push(`Оставшиеся анкеты — на листе «${OUTBOX_TAB}»; они отправляются сами каждые 10 минут.`);
  alert(services, "Повтор отправки", lines);
}

/** «Досылка ответов». */
export function reconcileMenuCommand(services: Services): void {
  withConnection(services, (connection) => {
    const report = reconcileResponses(services, coordinatorSpreadsheet(services), connection);
    if (report.busy) {
      alert(services, "Досылка ответов", [
        "Идёт отправка анкет (запущена автоматически). Повторите через минуту.",
      ]);
      return;
    }
    const lines = [
      `Сверено ответов: ${report.checked}. Не хватало на сервере: ${report.missing}.`,
      `Из них доставлено: ${report.delivered}; ждут подтверждения адреса: ${report.pending}; конфликт версий: ${report.conflicts}; отклонено: ${report.rejected} (письма школам отправлены: ${report.rejected - report.unmailed}); поставлено в очередь «${OUTBOX_TAB}»: ${report.queued}.`,
    ];
    if (report.unmailed > 0) lines.push(unmailedLine(report.unmailed));
    if (report.finished) lines.push("Все формы сверены.");
    else if (report.stoppedBy === "time")
      lines.push(
        "Сверка не закончена: скрипт работает не дольше 6 минут. Она продолжится автоматически в течение 10 минут, или запустите «Досылка ответов» ещё раз.",
      );
    else
      lines.push(
        `Сверка прервана: ${report.error ?? "сервер не ответил"}. Она продолжится с этого места при следующем запуске.`,
      );
    if (report.unreadable.length > 0)
      lines.push(
        `Недоступны формы: ${report.unreadable.map((t) => `«${t}»`).join(", ")} — запустите «Создать формы».`,
      );
    alert(services, "Досылка ответов", lines);
  });
}

/** The event of an installable form-submit trigger (the parts used). */
export interface FormSubmitEvent {
  source?: GasForm;
  response?: GasFormResponse;
  triggerUid?: string;
}

/**
 * onFormSubmit: the response → envelope → `submit`, with retries, the outbox and the rejection letter. A
 * response from a form the script did not build is logged and left alone (it is still on its responses tab).
 * A trigger of a former owner does nothing: the owner's own trigger on the same form sends the response.
 */
export function formSubmitCommand(services: Services, event: FormSubmitEvent): DeliveryOutcome | undefined {
  // The owner, the form records, the connection and the spreadsheet read in one property call, not thirteen;
  // the delivery reads the store itself (a letter's claim is read under the script lock).
  const settled = withPropertiesSnapshot(services);
  if (!mayHandle(settled)) return undefined;
  const form = event?.source;
  const response = event?.response;
  if (!form || !response) {
    console.error("ШНОР-Монитор: onFormSubmit вызван без формы или ответа");
    return undefined;
  }
  const props = settled.propertiesService.getDocumentProperties();
  const formId = form.getId();
  const record = FORM_KINDS.map((kind) => readFormRecord(props, kind)).find((r) => r?.id === formId);
  if (!record) {
    console.error(`ШНОР-Монитор: форма ${formId} не создана этим скриптом, ответ не отправлен`);
    return undefined;
  }
  const spreadsheet = coordinatorSpreadsheet(settled);
  const connection = readConnection(props);
  const envelope = buildEnvelope(
    connection?.territoryId ?? "",
    record,
    response,
    spreadsheet.getSpreadsheetLocale(),
    liveEmailCollection(services, form, findForm(record.kind)?.anonymous ?? false),
  );
  const outcome = deliverSubmission(services, spreadsheet, connection, envelope);
  if (outcome.kind !== "accepted") {
    console.warn(
      `ШНОР-Монитор: анкета «${findForm(record.kind)?.title ?? record.kind}» (${envelope.response.id}): ${outcome.kind}`,
    );
  }
  return outcome;
}
