// The Apps Script side at Google's real limits, as a busy district and a hurried coordinator would push it.
import { describe, expect, it } from "vitest";
import { draftLettersCommand, draftLettersTriggerCommand } from "../../apps-script/src/decision-commands.js";
import { deliverSubmission, resendOutbox } from "../../apps-script/src/delivery.js";
import {
  createFormsCommand,
  formSubmitCommand,
  resendMenuCommand,
  resendTriggerCommand,
} from "../../apps-script/src/entry-points.js";
import { appendEntry, ensureOutboxSheet, OUTBOX_TAB, readOutbox } from "../../apps-script/src/outbox.js";
import { readConnection } from "../../apps-script/src/settings-store.js";
import type { SubmissionEnvelope } from "../../apps-script/src/submission-envelope.js";
import { FORM_SUBMIT_HANDLER } from "../../apps-script/src/triggers.js";
import { FORMS } from "../../functions/src/catalog/form-catalog.js";
import { createFakes, type FakeReply, type Fakes, type SeenRequest } from "./fakes/fake-services.js";
import { CELL_CHARS_LIMIT } from "./fakes/fake-spreadsheet.js";
import { connect, connected, deliver, respond, socialEnvelope, withForms } from "./fakes/scenario.js";

function queued(fakes: Fakes, count: number): void {
  const sheet = ensureOutboxSheet(fakes.spreadsheet);
  for (let i = 0; i < count; i += 1)
    appendEntry(sheet, socialEnvelope(`r${i}`), 4, "нет связи", new Date(), "x");
}

const outboxIds = (fakes: Fakes) =>
  readOutbox(fakes.spreadsheet.sheet(OUTBOX_TAB)).map((e) => e.envelope.response.id);

/**
 * UrlFetchApp follows redirects unless told not to («followRedirects … The default is true»,
 * https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object)): an address
 * that redirects to a Google sign-in page, or a proxy's page, answers 200 with HTML that is no answer of ours.
 */
const signInPage = {
  status: 200,
  bytes: Buffer.from("<!doctype html><html><title>Вход – Google Аккаунты</title></html>", "utf8"),
};

describe("a 200 that is not the server's answer", () => {
  it("keeps the school's response queued: an HTML page after a redirect is not a delivery", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(signInPage);
    const outcome = deliver(fakes, socialEnvelope("r-html"));
    expect(outcome.kind).toBe("queued");
    expect(outboxIds(fakes)).toEqual(["r-html"]);
    const row = fakes.spreadsheet.sheet(OUTBOX_TAB).getRange(2, 5).getValues()[0]?.[0];
    expect(String(row)).toContain("не ответ сервера ШНОР-Монитор");
  });

  it("leaves queued rows on «Исходящие» when the resend gets such pages, and says what to check", () => {
    const fakes = connected();
    queued(fakes, 3);
    fakes.urlFetchApp.replyInOrder(signInPage);
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report.delivered).toBe(0);
    expect(outboxIds(fakes)).toEqual(["r0", "r1", "r2"]);
    expect(report.lastError).toContain("проверьте адрес функции");
  });
});

/**
 * The server's side of a draft whose letters are not sent yet: /draft/letters lists the schools not notified,
 * /draft/notified records them. `during` runs inside the first /draft/letters call: another run starting then.
 */
function lettersServer(fakes: Fakes, count: number, during: () => void) {
  const schools = Array.from({ length: count }, (_, i) => ({
    schoolId: `sch-${i + 1}`,
    name: `МБОУ «СОШ № ${i + 1}»`,
    to: [`school${i + 1}@example.ru`],
  }));
  const notified = new Set<string>();
  let calls = 0;
  fakes.urlFetchApp.handler = (request: SeenRequest): FakeReply => {
    const path = new URL(request.url).pathname;
    if (path === "/draft/letters") {
      const pending = schools.filter((s) => !notified.has(s.schoolId));
      calls += 1;
      if (calls === 1) during();
      return {
        status: 200,
        body: {
          draft: 1,
          year: "2025/2026",
          reviewDeadline: "2026-05-26",
          reviewWorkingDays: 10,
          pending: pending.length,
          letters: pending.map((s) => ({ ...s, lists: ["ШНОР"], reasons: ["основание"] })),
        },
      };
    }
    if (path === "/draft/notified") {
      for (const s of (request.body as { schools: { schoolId: string }[] }).schools) notified.add(s.schoolId);
      return { status: 200, body: { status: "ok" } };
    }
    return { status: 404, body: { message: "нет такого пути" } };
  };
}

const lettersPerSchool = (fakes: Fakes) => {
  const counts = new Map<string, number>();
  for (const mail of fakes.mailApp.sent) counts.set(mail.to, (counts.get(mail.to) ?? 0) + 1);
  return [...counts.values()];
};

describe("«Разослать письма по проекту» run twice at once", () => {
  it("a second click while the letters go out sends nothing and says the letters are already going", () => {
    const fakes = createFakes();
    connect(fakes);
    lettersServer(fakes, 30, () => draftLettersCommand(fakes.services));
    draftLettersCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(30);
    expect(lettersPerSchool(fakes).every((n) => n === 1)).toBe(true);
    const [second, first] = fakes.spreadsheetApp.ui.alerts.map((a) => a.prompt);
    expect(second).toContain("рассылка уже идёт");
    expect(first).toContain("Писем школам отправлено: 30");
  });

  it("the daily trigger firing while the coordinator's run sends the letters sends none of them again", () => {
    const fakes = createFakes();
    connect(fakes);
    let nightly: unknown;
    lettersServer(fakes, 30, () => {
      nightly = draftLettersTriggerCommand(fakes.services);
    });
    draftLettersCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(30);
    expect(lettersPerSchool(fakes).every((n) => n === 1)).toBe(true);
    expect(nightly).toMatchObject({ error: expect.stringContaining("рассылка уже идёт") });
  });
});

describe("«Создать формы» clicked again while it runs", () => {
  it("builds one form per kind with one submit trigger each; the second click says the forms are being built", () => {
    const fakes = connected();
    // Building takes a minute; the coordinator, seeing no dialog yet, clicks the menu item again.
    const create = fakes.formApp.create.bind(fakes.formApp);
    let clicked = false;
    fakes.formApp.create = (title: string) => {
      if (!clicked) {
        clicked = true;
        createFormsCommand(fakes.services);
      }
      return create(title);
    };
    createFormsCommand(fakes.services);
    expect(fakes.formApp.forms.size).toBe(FORMS.length);
    const submitTriggers = fakes.scriptApp.triggers.filter(
      (t) => t.getHandlerFunction() === FORM_SUBMIT_HANDLER,
    );
    expect(submitTriggers).toHaveLength(FORMS.length);
    expect(new Set(submitTriggers.map((t) => t.getTriggerSourceId())).size).toBe(FORMS.length);
    const [second, first] = fakes.spreadsheetApp.ui.alerts;
    expect(second?.prompt).toContain("Формы уже создаются");
    expect(first?.title).toBe("Формы для школ");
  });
});

describe("the 10-minute resend while the server is down, and Google's daily quotas", () => {
  it("a day of resends to a down server leaves UrlFetchApp's 20,000 calls for the schools' answers", () => {
    const fakes = connected();
    queued(fakes, 150);
    fakes.urlFetchApp.replyInOrder({ status: 503, bytes: Buffer.from("<html>Service Unavailable</html>") });
    // 24 hours of the trigger every 10 minutes: 144 runs
    for (let run = 0; run < 144; run += 1) {
      resendTriggerCommand(fakes.services);
      fakes.clock.advance(10 * 60_000);
    }
    expect(outboxIds(fakes)).toHaveLength(150);
    // The server is back before the quota's day is over; a school submits.
    fakes.urlFetchApp.replyInOrder({ status: 200, body: { status: "accepted" } });
    const outcome = deliver(fakes, socialEnvelope("r-new"));
    expect(outcome.kind).toBe("accepted");
  });

  it("stops a run after three failures in a row, says why, and the next run sends everything once the server is back", () => {
    const fakes = connected();
    queued(fakes, 50);
    fakes.urlFetchApp.replyInOrder({ status: 429 });
    resendMenuCommand(fakes.services);
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(3);
    expect(outboxIds(fakes)).toHaveLength(50);
    const told = fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt ?? "";
    expect(told).toContain("Осталось в очереди: 50");
    expect(told).toContain("после трёх неудачных попыток подряд отправка остановлена");
    expect(told).toContain("превышена квота запросов");
    fakes.urlFetchApp.replyInOrder({ status: 200, body: { status: "accepted" } });
    const next = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(next).toMatchObject({ delivered: 50, left: 0 });
  });

  it("one response the server fails on (500) does not hold up the ones queued after it", () => {
    const fakes = connected();
    queued(fakes, 5);
    fakes.urlFetchApp.handler = (request) =>
      (request.body as SubmissionEnvelope).response.id === "r0"
        ? { status: 500 }
        : { status: 200, body: { status: "accepted" } };
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report).toMatchObject({ delivered: 4, left: 1 });
    expect(outboxIds(fakes)).toEqual(["r0"]);
  });
});

describe("rejection letters when the day's mail quota runs out", () => {
  const rejected = {
    status: 422,
    body: {
      code: "invalid_answer",
      errors: [{ field: "social.students", message: "«Число обучающихся»: не число" }],
    },
  };

  it("«Повторить неотправленные» does not claim letters went when the quota let only one go", () => {
    const fakes = connected();
    queued(fakes, 3);
    fakes.mailApp.remaining = 1;
    fakes.urlFetchApp.replyInOrder(rejected);
    resendMenuCommand(fakes.services);
    expect(fakes.mailApp.sent).toHaveLength(1);
    const told = fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt ?? "";
    expect(told).toContain("Отклонено сервером: 3 (письма школам отправлены: 1)");
    expect(told).toContain("Письма не отправлены: 2");
    expect(told).toContain("«Ошибки»");
  });
});

describe("a form-submit trigger that fires twice for one response", () => {
  const rejected = {
    status: 422,
    body: {
      code: "invalid_answer",
      errors: [{ field: "social.students", message: "«Число обучающихся»: не число" }],
    },
  };

  function schoolAnswers() {
    const fakes = connected();
    const { form } = withForms(fakes);
    fakes.urlFetchApp.replyInOrder(rejected);
    return { fakes, form: form("social") };
  }

  it("mails the school one letter about its rejected answers, not two", () => {
    const { fakes, form } = schoolAnswers();
    const response = respond(form, { id: "resp-twice", school: "МБОУ СОШ № 1 [sch-001]" });
    formSubmitCommand(fakes.services, { source: form, response });
    formSubmitCommand(fakes.services, { source: form, response });
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(2);
    expect(fakes.mailApp.sent).toHaveLength(1);
  });

  it("mails one letter when the second firing runs while the first is still sending", () => {
    const { fakes, form } = schoolAnswers();
    const response = respond(form, { id: "resp-overlap", school: "МБОУ СОШ № 1 [sch-001]" });
    const send = fakes.mailApp.sendEmail.bind(fakes.mailApp);
    let again = true;
    fakes.mailApp.sendEmail = (message) => {
      if (again) {
        again = false;
        formSubmitCommand(fakes.services, { source: form, response });
      }
      send(message);
    };
    formSubmitCommand(fakes.services, { source: form, response });
    expect(fakes.mailApp.sent).toHaveLength(1);
  });

  it("remembers the latest letters within a property's 9 KB through a busy day of 300 rejections", () => {
    const fakes = connected();
    fakes.mailApp.remaining = 1_500; // a Workspace account
    fakes.urlFetchApp.replyInOrder(rejected);
    // Forms response ids are long: 2_ABaOnu… of about 80 characters
    const long = (i: number) => socialEnvelope(`2_ABaOnud${"x".repeat(64)}${String(i).padStart(4, "0")}`);
    const connection = readConnection(fakes.properties);
    for (let i = 0; i < 300; i += 1)
      deliverSubmission(fakes.services, fakes.spreadsheet, connection, long(i));
    expect(fakes.mailApp.sent).toHaveLength(300);
    const memory = fakes.properties.getProperty("shnor.sentLetters") ?? "";
    expect(Buffer.byteLength(memory, "utf8")).toBeLessThanOrEqual(9 * 1024);
    // the last one fires twice: still one letter
    deliverSubmission(fakes.services, fakes.spreadsheet, connection, long(299));
    expect(fakes.mailApp.sent).toHaveLength(300);
  });

  it("a letter the mail quota refused is not remembered as sent: the next firing mails it", () => {
    const { fakes, form } = schoolAnswers();
    const response = respond(form, { id: "resp-quota", school: "МБОУ СОШ № 1 [sch-001]" });
    fakes.mailApp.remaining = 0;
    formSubmitCommand(fakes.services, { source: form, response });
    expect(fakes.mailApp.sent).toHaveLength(0);
    // the next day's quota, and the trigger's second firing (or the coordinator's resend) for the same response
    fakes.mailApp.remaining = 100;
    formSubmitCommand(fakes.services, { source: form, response });
    expect(fakes.mailApp.sent).toHaveLength(1);
  });

  it("still mails again when the school corrects the answers and they are rejected again", () => {
    const { fakes, form } = schoolAnswers();
    const first = respond(form, {
      id: "resp-edited",
      at: "2026-03-02T09:00:00Z",
      school: "МБОУ СОШ № 1 [sch-001]",
    });
    formSubmitCommand(fakes.services, { source: form, response: first });
    const edited = respond(form, {
      id: "resp-edited",
      at: "2026-03-02T10:00:00Z",
      school: "МБОУ СОШ № 1 [sch-001]",
    });
    formSubmitCommand(fakes.services, { source: form, response: edited });
    expect(fakes.mailApp.sent).toHaveLength(2);
  });
});

describe("a huge answer waiting on «Исходящие»", () => {
  it("keeps an objection whose grounds run to 120,000 characters whole while the server is down, and sends it whole", () => {
    const fakes = connected();
    const { form } = withForms(fakes);
    const objection = form("objection");
    const grounds = "Показатели школы за 2024 год учтены неверно. ".repeat(2_700); // ≈ 120,000 characters
    expect(grounds.length).toBeGreaterThan(2 * CELL_CHARS_LIMIT);
    const response = respond(objection, {
      id: "resp-huge",
      school: "МБОУ СОШ № 1 [sch-001]",
      answers: [["Основания", grounds]],
    });
    fakes.urlFetchApp.replyInOrder({ networkError: "Address unavailable" });
    const outcome = formSubmitCommand(fakes.services, { source: objection, response });
    expect(outcome?.kind).toBe("queued");
    expect(outboxIds(fakes)).toEqual(["resp-huge"]);
    fakes.urlFetchApp.replyInOrder({ status: 200, body: { status: "accepted" } });
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report).toMatchObject({ delivered: 1, left: 0 });
    const sent = fakes.urlFetchApp.to("/submit").at(-1)?.body as SubmissionEnvelope;
    expect(sent.answers.find((a) => a.key === "objection.grounds")?.value).toBe(grounds);
    expect(outboxIds(fakes)).toEqual([]);
  });
});

describe("schools answering while the server is down", () => {
  const down = { status: 503, bytes: Buffer.from("<html>Service Unavailable</html>") };
  const accepted = { status: 200, body: { status: "accepted" } };
  const deliverSocial = (fakes: Fakes, id: string) => deliver(fakes, socialEnvelope(id));

  it("queues each answer after one call once the server has just failed: 90 min of trigger time a day, not 7 s an answer", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(down);
    for (let i = 0; i < 100; i += 1) {
      expect(deliverSocial(fakes, `down-${i}`).kind).toBe("queued");
      fakes.clock.advance(30_000);
    }
    // the first answer tried four times with 1 + 2 + 4 s of pauses; the 99 after it once each, without pauses
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(4 + 99);
    expect(fakes.utilities.sleeps).toEqual([1_000, 2_000, 4_000]);
    expect(outboxIds(fakes)).toHaveLength(100);
  });

  it("tries four times again ten minutes after the last failure, and after the server has answered", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(down);
    deliverSocial(fakes, "a");
    fakes.clock.advance(10 * 60_000);
    deliverSocial(fakes, "b");
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(8);
    // the server is back: an answer goes through at once, and the next blip is retried in full
    fakes.urlFetchApp.replyInOrder(accepted);
    expect(deliverSocial(fakes, "c").kind).toBe("accepted");
    fakes.urlFetchApp.replyInOrder(down, down, accepted);
    expect(deliverSocial(fakes, "d")).toMatchObject({ kind: "accepted", attempts: 3 });
  });
});
