// «Сформировать проект списков», «Разослать письма по проекту», «Утвердить списки…»: the decision cycle from the sheet, with the letters to listed schools kept inside the MailApp quota.
import { callApiWithRetry, describeFailure } from "./api-client.js";
import { type DialogReply, dialogButton, dialogField, dialogHtml } from "./dialog-template.js";
import type { Services } from "./gas-services.js";
import { acquireScriptLock } from "./outbox.js";
import { type ConnectionSettings, readConnection, readFormRecord } from "./settings-store.js";
import { outOfTime, type RunClock, startRun } from "./time-budget.js";

/**
 * Recipients a consumer account may mail per day: «Email recipients per day (for example, with MailApp) |
 * 100 / day» (Google Workspace: 1,500), «Quotas are per user and reset 24 hours after the first request»
 * (https://developers.google.com/apps-script/guides/services/quotas). The script does not trust the number:
 * it asks `MailApp.getRemainingDailyQuota()` («the number of recipients you can send emails to for the rest of
 * the day», https://developers.google.com/apps-script/reference/mail/mail-app#getremainingdailyquota) before
 * every letter, so a Workspace account sends more and a day already spent on rejection letters sends fewer.
 */
export const CONSUMER_MAIL_RECIPIENTS_PER_DAY = 100;

/** Pages of /draft/letters one run reads at most (100 letters a page): far above a Workspace day of 1,500. */
const MAX_LETTER_PAGES = 20;

const NOT_CONNECTED =
  "Подключение к серверу не настроено. Откройте меню «ШНОР-Монитор» → «Настройка подключения» и укажите адрес функции и код территории.";

/** One letter as GET /draft/letters gives it. */
export interface DraftLetter {
  schoolId: string;
  name: string;
  to: string[];
  lists: string[];
  reasons: string[];
  card?: { name: string; html: string };
}

interface LettersPage {
  draft: number;
  year: string;
  reviewDeadline: string;
  reviewWorkingDays: number;
  pending: number;
  letters: DraftLetter[];
}

/** What a run of the letters did: how many went, how many wait for tomorrow's quota, and why it stopped. */
export interface LettersReport {
  sent: number;
  recipients: number;
  waiting: number;
  /** The run stopped starting letters to end before Apps Script's 6 minutes; the rest go on the next run. */
  timeUp?: true;
  error?: string;
}

function ruDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}.${m}.${y}`;
}

/**
 * The letter to a listed school: its lists and reasons, the review deadline in working days, how to contest
 * (the form «Обращение школы по спискам», its link when the form exists) and that the card is attached.
 */
export function draftLetter(
  page: Pick<LettersPage, "draft" | "year" | "reviewDeadline" | "reviewWorkingDays">,
  letter: DraftLetter,
  objectionFormUrl: string | undefined,
): { to: string; subject: string; body: string; name: string } {
  const lines = [
    "Здравствуйте!",
    "",
    `Муниципальный координатор сформировал проект списков № ${page.draft} на ${page.year} учебный год: школ с низкими образовательными результатами (ШНОР) и школ, функционирующих в неблагоприятных социальных условиях (ШНСУ).`,
    `${letter.name} включена в проект:`,
    ...letter.lists.map((l) => `— ${l}`),
    "",
    "Основания:",
    ...letter.reasons.map((r, i) => `${i + 1}. ${r}`),
    "",
    letter.card !== undefined
      ? "Карточка школы с показателями приложена к письму (файл HTML: откройте его в браузере, его можно распечатать)."
      : "Карточку школы можно получить у муниципального координатора.",
    "",
    `Если школа не согласна с включением или её данные неверны, до ${ruDate(page.reviewDeadline)} включительно (${page.reviewWorkingDays} рабочих дней) направьте обращение${objectionFormUrl !== undefined ? ` по форме «Обращение школы по спискам»: ${objectionFormUrl}` : " по форме «Обращение школы по спискам» (ссылку даст координатор)"}.`,
    "Неверные данные исправьте в анкетах, как обычно: проект покажет, какими были бы списки после исправления. Решение примет рабочая группа на заседании.",
    "",
    "Письмо отправлено автоматически системой «ШНОР-Монитор». С вопросами обращайтесь к муниципальному координатору.",
  ];
  return {
    to: letter.to.join(","),
    subject: `ШНОР-Монитор: школа в проекте списков № ${page.draft} на ${page.year} учебный год`,
    body: lines.join("\n"),
    name: "ШНОР-Монитор",
  };
}

type LettersServices = Pick<
  Services,
  "urlFetchApp" | "scriptApp" | "utilities" | "mailApp" | "propertiesService" | "clock" | "lockService"
>;

/** Told when another run holds the script lock: it may be sending these very letters. */
export const LETTERS_BUSY =
  "рассылка уже идёт (или идёт отправка анкет) в другом запуске скрипта; повторите через несколько минут";

/**
 * Sends the latest draft's letters not sent yet while the day's quota lasts, and tells the server which went
 * (POST /draft/notified), so «Проект списков» shows who is still waiting. A letter whose recipients exceed what
 * is left of the quota is not started: it and the ones after it wait for the next day (the daily trigger, or the
 * menu item, sends them). A send that fails stops the run the same way; the letters before it are recorded.
 * The whole run holds the script lock: two runs at once (the menu clicked twice, or the menu while the daily
 * trigger sends) would both read the same unsent letters and every school would get each letter twice
 * (getScriptLock: «prevents any user from concurrently running a section of code»,
 * https://developers.google.com/apps-script/reference/lock/lock-service#getScriptLock()).
 */
export function sendDraftLetters(
  services: LettersServices,
  connection: ConnectionSettings,
  // A Workspace account may send 1,500 recipients a day: hundreds of letters would outlast the 6-minute run, which
  // Apps Script cuts wherever it is — the letters sent since the last /draft/notified would go again next time. A
  // run that did other work first (the daily «Досылка ответов») passes its own clock.
  run: RunClock = startRun(services),
): LettersReport | { error: string; code?: string } {
  const lock = acquireScriptLock(services);
  if (!lock) return { error: LETTERS_BUSY, code: "busy" };
  try {
    return sendUnderLock(services, connection, run);
  } finally {
    lock.releaseLock();
  }
}

function sendUnderLock(
  services: LettersServices,
  connection: ConnectionSettings,
  run: RunClock,
): LettersReport | { error: string; code?: string } {
  const objectionForm = readFormRecord(services.propertiesService.getDocumentProperties(), "objection");
  const report: LettersReport = { sent: 0, recipients: 0, waiting: 0 };
  for (let page = 0; page < MAX_LETTER_PAGES; page += 1) {
    const got = callApiWithRetry(
      services,
      connection,
      "get",
      `/draft/letters?territoryId=${encodeURIComponent(connection.territoryId)}`,
      undefined,
    );
    if (got.result.kind !== "http" || got.result.status !== 200) {
      const code =
        got.result.kind === "http" ? (got.result.body as { code?: unknown } | undefined)?.code : undefined;
      if (page > 0) return { ...report, error: describeFailure(got.result) };
      return { error: describeFailure(got.result), ...(typeof code === "string" ? { code } : {}) };
    }
    const letters = got.result.body as LettersPage | undefined;
    // an answer without letters (an older server) is told, never thrown: the daily trigger goes on
    if (!Array.isArray(letters?.letters) || typeof letters.pending !== "number")
      return { ...report, error: "сервер не дал список писем (обновите функцию)" };
    report.waiting = letters.pending;
    if (letters.letters.length === 0) return report;
    const sent: { schoolId: string; recipients: number }[] = [];
    let stopped: string | undefined;
    for (const letter of letters.letters) {
      if (outOfTime(services, run)) {
        stopped = "time";
        break;
      }
      const left = services.mailApp.getRemainingDailyQuota();
      if (letter.to.length > left) {
        stopped = "quota";
        break;
      }
      const mail = draftLetter(letters, letter, objectionForm?.publishedUrl);
      try {
        services.mailApp.sendEmail({
          ...mail,
          ...(letter.card !== undefined
            ? { attachments: [services.utilities.newBlob(letter.card.html, "text/html", letter.card.name)] }
            : {}),
        });
      } catch (error) {
        stopped = `письмо школе ${letter.name} не отправлено: ${String(error)}`;
        break;
      }
      sent.push({ schoolId: letter.schoolId, recipients: letter.to.length });
    }
    if (sent.length > 0) {
      const marked = callApiWithRetry(services, connection, "post", "/draft/notified", {
        territoryId: connection.territoryId,
        draft: letters.draft,
        schools: sent,
      });
      report.sent += sent.length;
      report.recipients += sent.reduce((n, s) => n + s.recipients, 0);
      report.waiting = letters.pending - sent.length;
      if (marked.result.kind !== "http" || marked.result.status !== 200)
        return { ...report, error: `отметка об отправке не сохранена: ${describeFailure(marked.result)}` };
    }
    if (stopped === "time") return { ...report, timeUp: true };
    if (stopped !== undefined) return stopped === "quota" ? report : { ...report, error: stopped };
  }
  return report;
}

/** The lines telling the coordinator what the letters run did. */
export function lettersLines(report: LettersReport | { error: string }): string[] {
  if (!("sent" in report)) return [`Письма школам не отправлены: ${report.error}.`];
  const lines = [`Писем школам отправлено: ${report.sent} (получателей: ${report.recipients}).`];
  if (report.waiting > 0 && report.timeUp === true)
    lines.push(
      `Ждут отправки: ${report.waiting} — рассылка остановлена, чтобы скрипт уложился в 6 минут работы. ` +
        "Они уйдут при ежедневном запуске скрипта или по пункту «Разослать письма по проекту».",
    );
  else if (report.waiting > 0)
    lines.push(
      `Ждут отправки: ${report.waiting} — дневная квота писем исчерпана (${CONSUMER_MAIL_RECIPIENTS_PER_DAY} получателей в сутки для обычного аккаунта Google). ` +
        "Они уйдут при ежедневном запуске скрипта или по пункту «Разослать письма по проекту»; на листе «Проект списков» у этих школ — «не отправлено — ждёт квоты писем».",
    );
  if (report.error !== undefined) lines.push(`Рассылка остановлена: ${report.error}.`);
  return lines;
}

function alert(services: Pick<Services, "spreadsheetApp">, title: string, lines: readonly string[]): void {
  const ui = services.spreadsheetApp.getUi();
  ui.alert(title, lines.join("\n"), ui.ButtonSet.OK);
}

/** «Сформировать проект списков»: the numbered draft on the server, then the letters while the quota lasts. */
export function draftListsCommand(services: Services): void {
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (!connection) {
    alert(services, "Проект списков", [NOT_CONNECTED]);
    return;
  }
  const made = callApiWithRetry(services, connection, "post", "/draft", {
    territoryId: connection.territoryId,
  });
  if (made.result.kind !== "http" || made.result.status !== 200) {
    alert(services, "Проект списков", [`Проект не сформирован: ${describeFailure(made.result)}.`]);
    return;
  }
  const message = (made.result.body as { message?: string }).message ?? "Проект списков сформирован.";
  alert(services, "Проект списков", [message, "", ...lettersLines(sendDraftLetters(services, connection))]);
}

/** «Разослать письма по проекту»: the letters still waiting, while the quota lasts. */
export function draftLettersCommand(services: Services): void {
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (!connection) {
    alert(services, "Письма по проекту списков", [NOT_CONNECTED]);
    return;
  }
  alert(services, "Письма по проекту списков", lettersLines(sendDraftLetters(services, connection)));
}

/** The daily trigger's part: the letters that waited for today's quota; quiet (undefined) when there is no draft. */
export function draftLettersTriggerCommand(
  services: Services,
  run: RunClock = startRun(services),
): LettersReport | { error: string } | undefined {
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (connection === undefined) return undefined;
  const report = sendDraftLetters(services, connection, run);
  // no draft yet is the usual night: nothing to log
  return "code" in report && report.code === "draft_not_found" ? undefined : report;
}

/** What the approval dialog sends. */
export interface ApproveInput {
  orderNumber?: unknown;
  orderDate?: unknown;
  meetingDate?: unknown;
  protocol?: unknown;
  correction?: unknown;
}

/** The dialog's answer: what to show, green or red. */
export type ApproveReply = DialogReply;

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/**
 * The approval dialog's «Утвердить»: POST /approve with the order (number, date), the meeting (date, protocol
 * number) and, for a correction of the order in force, its reason. The server checks the meeting's decisions by
 * the Положение о рабочей группе; a refusal comes back in its words, naming the rule.
 */
export function approveListsDialogCommand(services: Services, input: ApproveInput): ApproveReply {
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (!connection) return { ok: false, lines: [NOT_CONNECTED] };
  const orderNumber = text(input?.orderNumber);
  const orderDate = text(input?.orderDate);
  const meetingDate = text(input?.meetingDate);
  const protocol = text(input?.protocol);
  const correction = text(input?.correction);
  const missing = [
    orderNumber === "" ? "номер приказа" : "",
    orderDate === "" ? "дату приказа" : "",
    meetingDate === "" && correction === "" ? "дату заседания рабочей группы" : "",
  ].filter((m) => m !== "");
  if (missing.length > 0) return { ok: false, lines: [`Укажите ${missing.join(", ")}.`] };
  const body = {
    territoryId: connection.territoryId,
    order: { number: orderNumber, date: orderDate },
    ...(meetingDate !== ""
      ? { meeting: { date: meetingDate, ...(protocol !== "" ? { protocol } : {}) } }
      : {}),
    ...(correction !== "" ? { correction: { note: correction } } : {}),
  };
  const { result } = callApiWithRetry(services, connection, "post", "/approve", body);
  if (result.kind === "http" && result.status === 200) {
    const answer = result.body as { message: string; differences?: string[]; notCarried?: string[] };
    const lines = [answer.message];
    if ((answer.notCarried ?? []).length > 0)
      lines.push("", "Не учтены решения, не принятые по Положению:", ...(answer.notCarried ?? []));
    if ((answer.differences ?? []).length > 0)
      lines.push("", "Отличия от расчёта сейчас:", ...(answer.differences ?? []).map((d) => `— ${d}`));
    lines.push("", "Листы «Утверждённые списки», «Журнал решений» и «История» обновятся через минуту.");
    return { ok: true, lines };
  }
  return { ok: false, lines: [describeFailure(result).replace(/^ответ сервера \d+: /, "")] };
}

/** «Утвердить списки…»: the order and the meeting whose decisions it carries; the button calls `approveListsFromDialog`. */
export function approveDialogHtml(): string {
  const field = (id: string, label: string, hint: string) => dialogField({ id, label, hint });
  return dialogHtml({
    style: "form",
    body: `<p>Списки утверждаются так, как решила рабочая группа: решения заседания берутся с листа «Рабочая группа» (выполните «Синхронизировать данные», если вносили их сейчас). Утверждённая версия больше не меняется; новое решение создаёт новую версию.</p>
${field("orderNumber", "Номер приказа", "например 128-од")}
${field("orderDate", "Дата приказа", "например 29.05.2026")}
${field("meetingDate", "Дата заседания рабочей группы", "заседание, на котором принято решение «утвердить списки целиком»")}
${field("protocol", "Номер протокола", "если в этот день было несколько заседаний")}
${field("correction", "Исправление (только для исправления утверждённого приказа)", "причина, например: опечатка в номере приказа; тогда заседание можно не указывать")}
<br>${dialogButton("Утвердить списки")}`,
    serverFunction: "approveListsFromDialog",
    before: "var v=function(id){return document.getElementById(id).value;};",
    args: "{orderNumber:v('orderNumber'),orderDate:v('orderDate'),meetingDate:v('meetingDate'),protocol:v('protocol'),correction:v('correction')}",
    busy: "Решения проверяются…",
  });
}

/** «Утвердить списки…»: opens the dialog. */
export function approveListsCommand(services: Services): void {
  const output = services.htmlService.createHtmlOutput(approveDialogHtml()).setWidth(560).setHeight(620);
  services.spreadsheetApp.getUi().showModalDialog(output, "Утвердить списки");
}

/**
 * «Документы решения»: the draft order (with the lists as appendix) and the meeting's protocol of the latest
 * approved version, as HTML files in a letter to the coordinator — to open in a browser and print. A letter, not a
 * Drive file: the script has read-only Drive access, and the letter costs one recipient of the day's quota.
 */
export function approvalDocumentsCommand(services: Services): void {
  const title = "Документы решения";
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (!connection) {
    alert(services, title, [NOT_CONNECTED]);
    return;
  }
  const territory = encodeURIComponent(connection.territoryId);
  const listed = callApiWithRetry(
    services,
    connection,
    "get",
    `/approvals?territoryId=${territory}`,
    undefined,
  );
  if (listed.result.kind !== "http" || listed.result.status !== 200) {
    alert(services, title, [`Утверждённые списки не получены: ${describeFailure(listed.result)}.`]);
    return;
  }
  const approvals =
    (listed.result.body as { approvals?: { version: number; reason: string }[] }).approvals ?? [];
  // Apps Script's target (es2020) has no Array.prototype.at
  const decided = approvals.filter((a) => a.reason !== "earlier");
  const latest = decided[decided.length - 1];
  if (latest === undefined) {
    alert(services, title, ["Списки ещё не утверждались: сначала «Утвердить списки…»."]);
    return;
  }
  const got = callApiWithRetry(
    services,
    connection,
    "get",
    `/documents?territoryId=${territory}&version=${latest.version}`,
    undefined,
  );
  if (got.result.kind !== "http" || got.result.status !== 200) {
    alert(services, title, [`Документы не получены: ${describeFailure(got.result)}.`]);
    return;
  }
  const docs = got.result.body as {
    order: { name: string; html: string };
    protocol?: { name: string; html: string };
  };
  const to = services.session.getEffectiveUser().getEmail();
  if (services.mailApp.getRemainingDailyQuota() < 1) {
    alert(services, title, [
      `Дневная квота писем исчерпана (${CONSUMER_MAIL_RECIPIENTS_PER_DAY} получателей в сутки для обычного аккаунта Google): повторите завтра.`,
    ]);
    return;
  }
  const files = [docs.order, ...(docs.protocol !== undefined ? [docs.protocol] : [])];
  services.mailApp.sendEmail({
    to,
    subject: `ШНОР-Монитор: проект приказа и протокол (утверждённая версия ${latest.version})`,
    body:
      "Во вложении — проект приказа об утверждении списков с приложениями и протокол заседания рабочей группы " +
      "(файлы HTML: откройте в браузере и распечатайте; протокол подписывают председательствующий и секретарь).",
    name: "ШНОР-Монитор",
    attachments: files.map((f) => services.utilities.newBlob(f.html, "text/html", f.name)),
  });
  alert(services, title, [`Отправлено на ${to}: ${files.map((f) => f.name).join(", ")}.`]);
}
