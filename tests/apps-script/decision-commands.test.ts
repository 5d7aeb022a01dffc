// «Сформировать проект списков», «Разослать письма по проекту», «Утвердить списки…»: letters inside the MailApp quota (at and past 100 recipients), the rest waiting for the next day, and approvals refused in the Положение's words.
import { describe, expect, it } from "vitest";
import {
  approvalDocumentsCommand,
  approveDialogHtml,
  approveListsCommand,
  approveListsDialogCommand,
  draftLettersCommand,
  draftLettersTriggerCommand,
  draftListsCommand,
} from "../../apps-script/src/decision-commands.js";
import { writeFormRecord } from "../../apps-script/src/settings-store.js";
import { RUN_BUDGET_MS, RUN_LIMIT_MS, startRun } from "../../apps-script/src/time-budget.js";
import { ApproveBody, NotifiedBody } from "../../functions/src/http/decision-routes.js";
import {
  COORDINATOR,
  createFakes,
  type FakeReply,
  type Fakes,
  type SeenRequest,
} from "./fakes/fake-services.js";
import { connect, TERRITORY } from "./fakes/scenario.js";

interface School {
  schoolId: string;
  name: string;
  to: string[];
}

/**
 * The server's side of a draft as the routes answer it: /draft makes draft № 1 of `schools`, /draft/letters
 * gives the ones not notified (100 a call at most), /draft/notified records them.
 */
function draftServer(fakes: Fakes, schools: School[]) {
  const notified = new Set<string>();
  let drafted = false;
  fakes.urlFetchApp.handler = (request: SeenRequest): FakeReply => {
    const path = new URL(request.url).pathname;
    if (path === "/draft") {
      drafted = true;
      return {
        status: 200,
        body: {
          status: "created",
          number: 1,
          message: `Сформирован проект списков № 1 за 2025/2026: школ ${schools.length}. Обращения принимаются до 26.05.2026 включительно (10 рабочих дней).`,
        },
      };
    }
    if (path === "/draft/letters") {
      if (!drafted)
        return { status: 404, body: { code: "draft_not_found", message: "проекта списков ещё нет" } };
      const pending = schools.filter((s) => !notified.has(s.schoolId));
      return {
        status: 200,
        body: {
          draft: 1,
          year: "2025/2026",
          reviewDeadline: "2026-05-26",
          reviewWorkingDays: 10,
          pending: pending.length,
          letters: pending.slice(0, 100).map((s) => ({
            ...s,
            lists: ["ШНОР — низкие образовательные результаты"],
            reasons: ["ШНОР: контекстный результат в нижних 20% кластера"],
            card: { name: `Карточка школы ${s.schoolId}.html`, html: "<!doctype html><p>карточка</p>" },
          })),
        },
      };
    }
    if (path === "/draft/notified") {
      for (const s of (request.body as { schools: { schoolId: string }[] }).schools) notified.add(s.schoolId);
      return { status: 200, body: { status: "ok" } };
    }
    return { status: 404, body: { message: "нет такого пути" } };
  };
  return { notified };
}

const schoolsOf = (n: number, addresses = 1): School[] =>
  Array.from({ length: n }, (_, i) => ({
    schoolId: `sch-${String(i + 1).padStart(3, "0")}`,
    name: `МБОУ «СОШ № ${i + 1}»`,
    to: Array.from({ length: addresses }, (_, k) => `school${i + 1}-${k}@example.ru`),
  }));

const lastAlert = (fakes: Fakes) => fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt ?? "";

describe("letters of the list draft", () => {
  it("sends every letter when the draft's schools need exactly the day's 100 recipients", () => {
    const fakes = createFakes();
    connect(fakes);
    const server = draftServer(fakes, schoolsOf(100));
    draftListsCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(100);
    expect(fakes.mailApp.remaining).toBe(0);
    expect(server.notified.size).toBe(100);
    expect(lastAlert(fakes)).toContain("Сформирован проект списков № 1");
    expect(lastAlert(fakes)).toContain("Писем школам отправлено: 100 (получателей: 100).");
    expect(lastAlert(fakes)).not.toContain("Ждут отправки");
  });

  it("past the quota, the rest wait for the next day and the server knows who was not notified", () => {
    const fakes = createFakes();
    connect(fakes);
    const server = draftServer(fakes, schoolsOf(130));
    draftListsCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(100);
    expect(server.notified.size).toBe(100);
    expect(server.notified.has("sch-101")).toBe(false);
    expect(lastAlert(fakes)).toContain("Ждут отправки: 30 — дневная квота писем исчерпана");
    expect(lastAlert(fakes)).toContain("«не отправлено — ждёт квоты писем»");
    // the same day: nothing more goes out, nothing is marked, no exception
    const calls = fakes.urlFetchApp.to("/draft/notified").length;
    draftLettersCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(100);
    expect(fakes.urlFetchApp.to("/draft/notified")).toHaveLength(calls);
    expect(lastAlert(fakes)).toContain("Писем школам отправлено: 0");
    expect(lastAlert(fakes)).toContain("Ждут отправки: 30");
    // the next day the daily trigger sends the 30
    fakes.mailApp.newDay();
    expect(draftLettersTriggerCommand(fakes.services)).toEqual({ sent: 30, recipients: 30, waiting: 0 });
    expect(server.notified.size).toBe(130);
    expect(new Set(fakes.mailApp.sent.map((m) => m.to)).size).toBe(130);
  });

  it("stops starting letters before Apps Script's 6-minute limit, records those sent, and sends the rest next run", () => {
    const fakes = createFakes();
    connect(fakes);
    // a Workspace account: 1,500 recipients a day, so the quota does not stop 250 letters — the run's time does
    fakes.mailApp.remaining = 1_500;
    fakes.mailApp.sendLatencyMs = 2_000;
    const server = draftServer(fakes, schoolsOf(250));
    const startedAt = fakes.clock.now();
    draftListsCommand(fakes.services);
    const first = fakes.mailApp.sent.length;
    expect(first).toBeGreaterThan(100);
    expect(first).toBeLessThan(250);
    // no letter was started past the run's budget (4.5 min), so the run ended well inside 6 minutes
    expect(fakes.clock.now() - startedAt).toBeLessThan(RUN_LIMIT_MS);
    expect(fakes.clock.now() - startedAt - 2_000).toBeLessThan(RUN_BUDGET_MS);
    // the server knows exactly who got a letter: nobody is sent one twice
    expect(server.notified.size).toBe(first);
    expect(lastAlert(fakes)).toContain(
      `Ждут отправки: ${250 - first} — рассылка остановлена, чтобы скрипт уложился в 6 минут`,
    );
    expect(lastAlert(fakes)).not.toContain("квота писем исчерпана");
    draftLettersCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(250);
    expect(new Set(fakes.mailApp.sent.map((m) => m.to)).size).toBe(250);
    expect(server.notified.size).toBe(250);
  });

  it("in the daily run, letters get only what «Досылка ответов» left of the same 6 minutes", () => {
    const fakes = createFakes();
    connect(fakes);
    const server = draftServer(fakes, schoolsOf(5));
    draftListsCommand(fakes.services);
    fakes.mailApp.newDay();
    server.notified.clear();
    // «Досылка ответов» used the whole budget of the run: no letter may start in it
    const spent = startRun(fakes.services, fakes.clock.now() - RUN_BUDGET_MS);
    const sentBefore = fakes.mailApp.sent.length;
    expect(draftLettersTriggerCommand(fakes.services, spent)).toEqual({
      sent: 0,
      recipients: 0,
      waiting: 5,
      timeUp: true,
    });
    expect(fakes.mailApp.sent).toHaveLength(sentBefore);
    expect(server.notified.size).toBe(0);
  });

  it("counts recipients, not letters: a school with two addresses waits when one recipient is left", () => {
    const fakes = createFakes();
    connect(fakes);
    fakes.mailApp.remaining = 1;
    const server = draftServer(fakes, schoolsOf(2, 2));
    draftListsCommand(fakes.services);
    expect(fakes.mailApp.sent).toEqual([]);
    expect(server.notified.size).toBe(0);
    expect(lastAlert(fakes)).toContain("Ждут отправки: 2");
  });

  it("writes the letter in Russian with the lists, reasons, the deadline, the form's link and the card attached", () => {
    const fakes = createFakes();
    connect(fakes);
    writeFormRecord(fakes.properties, {
      kind: "objection",
      id: "form-obj",
      catalogVersion: "x",
      publishedUrl: "https://docs.google.com/forms/d/e/obj/viewform",
      editUrl: "https://docs.google.com/forms/d/obj/edit",
      items: {},
      sections: {},
    });
    draftServer(fakes, [
      { schoolId: "sch-001", name: "МБОУ «СОШ № 8»", to: ["a@example.ru", "b@example.ru"] },
    ]);
    draftListsCommand(fakes.services);
    const [letter] = fakes.mailApp.sent;
    expect(letter?.to).toBe("a@example.ru,b@example.ru");
    expect(letter?.subject).toBe("ШНОР-Монитор: школа в проекте списков № 1 на 2025/2026 учебный год");
    expect(letter?.body).toContain(
      "МБОУ «СОШ № 8» включена в проект:\n— ШНОР — низкие образовательные результаты",
    );
    expect(letter?.body).toContain("1. ШНОР: контекстный результат в нижних 20% кластера");
    expect(letter?.body).toContain(
      "до 26.05.2026 включительно (10 рабочих дней) направьте обращение по форме «Обращение школы по спискам»: https://docs.google.com/forms/d/e/obj/viewform",
    );
    expect(letter?.attachments).toEqual(["Карточка школы sch-001.html"]);
    expect(fakes.mailApp.remaining).toBe(98);
  });

  it("says why when there is no draft or no connection", () => {
    const fakes = createFakes();
    draftLettersCommand(fakes.services);
    expect(lastAlert(fakes)).toContain("Подключение к серверу не настроено");
    connect(fakes);
    draftServer(fakes, schoolsOf(1));
    draftLettersCommand(fakes.services);
    expect(lastAlert(fakes)).toBe("Письма школам не отправлены: ответ сервера 404: проекта списков ещё нет.");
  });
});

describe("«Утвердить списки…»", () => {
  it("opens a dialog asking for the order and the meeting", () => {
    const fakes = createFakes();
    approveListsCommand(fakes.services);
    expect(fakes.spreadsheetApp.ui.dialogs.at(-1)?.title).toBe("Утвердить списки");
    const html = approveDialogHtml();
    for (const label of ["Номер приказа", "Дата приказа", "Дата заседания рабочей группы", "Номер протокола"])
      expect(html).toContain(label);
    expect(html).toContain("approveListsFromDialog");
  });

  it("sends the order and the meeting, and shows a refusal in the Положение's words", () => {
    const fakes = createFakes();
    connect(fakes);
    const refusal =
      "Списки не утверждены: нет кворума: на заседание 28.05.2026 (протокол № 5) присутствовали 4 из 9 членов рабочей группы, нужно не менее 5 (Положение о рабочей группе, п. 3.2: «Заседание Рабочей группы является правомочным, если на нем присутствует более половины членов Рабочей группы»).";
    fakes.urlFetchApp.replyInOrder({
      status: 422,
      body: { status: "error", code: "approval_refused", rule: "quorum", message: refusal },
    });
    const reply = approveListsDialogCommand(fakes.services, {
      orderNumber: " 127-од ",
      orderDate: "28.05.2026",
      meetingDate: "28.05.2026",
      protocol: "5",
    });
    expect(reply).toEqual({ ok: false, lines: [refusal] });
    expect(fakes.urlFetchApp.to("/approve")[0]?.body).toEqual({
      territoryId: TERRITORY,
      order: { number: "127-од", date: "28.05.2026" },
      meeting: { date: "28.05.2026", protocol: "5" },
    });
  });

  it("shows the approved version and every difference from today's computation", () => {
    const fakes = createFakes();
    connect(fakes);
    fakes.urlFetchApp.replyInOrder({
      status: 200,
      body: {
        status: "approved",
        version: 2,
        message: "Списки утверждены: версия 2, приказ № 128-од от 29.05.2026; школ 5.",
        notCarried: [],
        differences: ["МБОУ «СОШ № 15»: в утверждённом списке ШНОР; по расчёту сейчас в него не входит"],
      },
    });
    const reply = approveListsDialogCommand(fakes.services, {
      orderNumber: "128-од",
      orderDate: "29.05.2026",
      meetingDate: "28.05.2026",
    });
    expect(reply.ok).toBe(true);
    expect(reply.lines).toContain("Списки утверждены: версия 2, приказ № 128-од от 29.05.2026; школ 5.");
    expect(reply.lines).toContain(
      "— МБОУ «СОШ № 15»: в утверждённом списке ШНОР; по расчёту сейчас в него не входит",
    );
  });

  it("asks for what is missing without calling the server", () => {
    const fakes = createFakes();
    connect(fakes);
    expect(approveListsDialogCommand(fakes.services, { orderNumber: "1" })).toEqual({
      ok: false,
      lines: ["Укажите дату приказа, дату заседания рабочей группы."],
    });
    // a correction of the order in force needs no meeting
    approveListsDialogCommand(fakes.services, {
      orderNumber: "128-од",
      orderDate: "30.05.2026",
      correction: "опечатка в дате приказа",
    });
    expect(fakes.urlFetchApp.to("/approve")).toHaveLength(1);
    expect(fakes.urlFetchApp.to("/approve")[0]?.body).toMatchObject({
      correction: { note: "опечатка в дате приказа" },
    });
  });
});

describe("«Документы решения»", () => {
  it("mails the coordinator the latest version's order and protocol as files to print", () => {
    const fakes = createFakes();
    connect(fakes);
    fakes.urlFetchApp.handler = (request: SeenRequest): FakeReply => {
      const url = new URL(request.url);
      if (url.pathname === "/approvals")
        return {
          status: 200,
          body: {
            approvals: [
              { version: 1, reason: "earlier" },
              { version: 2, reason: "decision" },
            ],
          },
        };
      if (url.pathname === "/documents" && url.searchParams.get("version") === "2")
        return {
          status: 200,
          body: {
            order: { name: "order-v2.html", html: "<!doctype html>приказ" },
            protocol: { name: "protocol-2026-05-28-6.html", html: "<!doctype html>протокол" },
          },
        };
      return { status: 404, body: { message: "нет" } };
    };
    approvalDocumentsCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(1);
    expect(fakes.mailApp.sent[0]?.to).toBe(COORDINATOR);
    expect(fakes.mailApp.sent[0]?.attachments).toEqual(["order-v2.html", "protocol-2026-05-28-6.html"]);
    expect(lastAlert(fakes)).toBe(`Отправлено на ${COORDINATOR}: order-v2.html, protocol-2026-05-28-6.html.`);
  });

  it("says so when nothing was approved yet, or the day's mail quota is spent", () => {
    const fakes = createFakes();
    connect(fakes);
    fakes.urlFetchApp.replyInOrder({ status: 200, body: { approvals: [] } });
    approvalDocumentsCommand(fakes.services);
    expect(lastAlert(fakes)).toBe("Списки ещё не утверждались: сначала «Утвердить списки…».");
    fakes.urlFetchApp.replyInOrder(
      { status: 200, body: { approvals: [{ version: 1, reason: "decision" }] } },
      { status: 200, body: { order: { name: "order-v1.html", html: "x" } } },
    );
    fakes.mailApp.remaining = 0;
    approvalDocumentsCommand(fakes.services);
    expect(fakes.mailApp.sent).toEqual([]);
    expect(lastAlert(fakes)).toContain("Дневная квота писем исчерпана");
  });
});

describe("the server reads what the decision commands send", () => {
  it("parses /draft/notified and /approve bodies with the routes' own schemas", () => {
    const fakes = createFakes();
    connect(fakes);
    draftServer(fakes, schoolsOf(3, 2));
    draftListsCommand(fakes.services);
    const notified = NotifiedBody.safeParse(fakes.urlFetchApp.to("/draft/notified")[0]?.body);
    expect(notified.success).toBe(true);
    expect(notified.data?.schools).toEqual([
      { schoolId: "sch-001", recipients: 2 },
      { schoolId: "sch-002", recipients: 2 },
      { schoolId: "sch-003", recipients: 2 },
    ]);
    fakes.urlFetchApp.replyInOrder({ status: 422, body: { message: "нет" } });
    approveListsDialogCommand(fakes.services, {
      orderNumber: "128-од",
      orderDate: "29.05.2026",
      meetingDate: "28.05.2026",
      protocol: "6",
      correction: "опечатка",
    });
    const approve = ApproveBody.safeParse(fakes.urlFetchApp.to("/approve")[0]?.body);
    expect(approve.success).toBe(true);
    // the Russian dates the coordinator types become the ISO dates the server keeps
    expect(approve.data?.order).toEqual({ number: "128-од", date: "2026-05-29" });
    expect(approve.data?.meeting).toEqual({ date: "2026-05-28", protocol: "6" });
  });
});

describe("the daily trigger's letters", () => {
  it("is quiet when there is no draft yet, and sends what waited when there is one", () => {
    const fakes = createFakes();
    connect(fakes);
    fakes.urlFetchApp.replyInOrder({
      status: 404,
      body: { status: "error", code: "draft_not_found", message: "проекта списков ещё нет" },
    });
    expect(draftLettersTriggerCommand(fakes.services)).toBeUndefined();
    draftServer(fakes, schoolsOf(2));
    draftListsCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(2);
  });
});
