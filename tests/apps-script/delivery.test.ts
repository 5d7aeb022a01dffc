// Delivery of a response: backoff retries, the «Исходящие» outbox under the script lock, the rejection letter.

import { describe, expect, it } from "vitest";
import { deliverSubmission, resendOutbox } from "../../apps-script/src/delivery.js";
import { formSubmitCommand } from "../../apps-script/src/entry-points.js";
import { OUTBOX_TAB, readOutbox } from "../../apps-script/src/outbox.js";
import { readConnection } from "../../apps-script/src/settings-store.js";
import type { SubmissionEnvelope } from "../../apps-script/src/submission-envelope.js";
import { CATALOG_VERSION } from "../../functions/src/catalog/form-catalog.js";
import { FakeFormResponse } from "./fakes/fake-forms.js";
import type { Fakes } from "./fakes/fake-services.js";
import { API_URL, connect, preparedWithSchools, TERRITORY, withForms } from "./fakes/scenario.js";

function envelope(
  responseId: string,
  submittedAt = "2026-03-02T09:00:00Z",
  students = "120",
): SubmissionEnvelope {
  return {
    format: "shnor-submission",
    version: 1,
    territoryId: TERRITORY,
    form: { kind: "social", id: "form-social", catalogVersion: CATALOG_VERSION },
    response: {
      id: responseId,
      submittedAt,
      respondentEmail: "school1@example.org",
      editUrl: `https://forms.example/edit/${responseId}`,
    },
    answers: [
      { key: "school", value: "МБОУ СОШ № 1 [sch-001]" },
      { key: "social.students", value: students },
    ],
    locale: "ru_RU",
  };
}

function connected(): Fakes {
  const fakes = preparedWithSchools();
  connect(fakes);
  return fakes;
}

function deliver(fakes: Fakes, env: SubmissionEnvelope) {
  return deliverSubmission(fakes.services, fakes.spreadsheet, readConnection(fakes.properties), env);
}

function outbox(fakes: Fakes) {
  return readOutbox(fakes.spreadsheet.sheet(OUTBOX_TAB));
}

const accepted = { status: 200, body: { status: "accepted" } };

describe("delivering a response", () => {
  it("posts the envelope to /submit with the script's ID token", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(accepted);
    const outcome = deliver(fakes, envelope("r1"));
    expect(outcome).toEqual({ kind: "accepted", status: "accepted", attempts: 1 });
    const [request] = fakes.urlFetchApp.requests;
    expect(request?.url).toBe(`${API_URL}/submit`);
    expect(request?.method).toBe("post");
    expect(request?.headers.Authorization).toBe("Bearer identity-token-of-coordinator");
    expect(request?.body).toEqual(envelope("r1"));
  });

  it("retries network errors, 429 and 5xx with doubling pauses, and stops at the first answer", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(
      { networkError: "Address unavailable" },
      { status: 503 },
      { status: 429 },
      accepted,
    );
    const outcome = deliver(fakes, envelope("r1"));
    expect(outcome).toMatchObject({ kind: "accepted", attempts: 4 });
    expect(fakes.utilities.sleeps).toEqual([1000, 2000, 4000]);
    expect(outbox(fakes)).toEqual([]);
  });

  it("queues the response on «Исходящие» after the last retry, with the reason, under the script lock", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ status: 500, body: { status: "error", message: "Внутренняя ошибка" } });
    const outcome = deliver(fakes, envelope("r1"));
    expect(outcome).toMatchObject({ kind: "queued", attempts: 4 });
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(4);
    const queued = outbox(fakes);
    expect(queued.map((e) => e.envelope)).toEqual([envelope("r1")]);
    expect(queued[0]?.attempts).toBe(4);
    const row = fakes.spreadsheet.sheet(OUTBOX_TAB).values()[1];
    expect(row?.[4]).toBe("ответ сервера 500: Внутренняя ошибка");
    expect(fakes.lockService.acquired).toBe(1);
    expect(fakes.lockService.released).toBe(1);
  });

  it("does not retry a 400 or a 401 (they will not pass by themselves) but keeps the response queued", () => {
    for (const status of [400, 401]) {
      const fakes = connected();
      fakes.urlFetchApp.replyInOrder({ status, body: { status: "error", message: "нет" } });
      expect(deliver(fakes, envelope("r1"))).toMatchObject({ kind: "queued", attempts: 1 });
      expect(outbox(fakes)).toHaveLength(1);
    }
  });

  it("queues without calling anyone while the connection is not set up", () => {
    const fakes = preparedWithSchools();
    const outcome = deliver(fakes, envelope("r1"));
    expect(outcome.kind).toBe("queued");
    expect(fakes.urlFetchApp.requests).toEqual([]);
    expect(outbox(fakes)).toHaveLength(1);
  });

  it("on 422 e-mails the respondent in Russian what to correct, with the edit link, and queues nothing", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({
      status: 422,
      body: {
        status: "rejected",
        errors: [
          {
            field: "social.students",
            message: "«Число обучающихся» (social.students): «12О» — ожидается число",
          },
          {
            field: "social.disabilities",
            message: "«Обучающиеся с ОВЗ и дети-инвалиды»: больше числа обучающихся",
          },
        ],
      },
    });
    const outcome = deliver(fakes, envelope("r1"));
    expect(outcome).toMatchObject({ kind: "rejected", mailed: true });
    expect(fakes.utilities.sleeps).toEqual([]);
    expect(outbox(fakes)).toEqual([]);
    const [mail] = fakes.mailApp.sent;
    expect(mail?.to).toBe("school1@example.org");
    expect(mail?.subject).toBe(
      "ШНОР-Монитор: анкета «Социальный паспорт школы» не принята — нужно исправить ответы",
    );
    expect(mail?.body).toContain("отправленная 02.03.2026 12:00"); // Moscow time
    expect(mail?.body).toContain("1. «Число обучающихся» (social.students): «12О» — ожидается число");
    expect(mail?.body).toContain("2. «Обучающиеся с ОВЗ и дети-инвалиды»: больше числа обучающихся");
    expect(mail?.body).toContain("https://forms.example/edit/r1");
  });

  it("treats a respondent not registered for the school (403) as a rejection the school must see", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({
      status: 403,
      body: {
        status: "rejected",
        code: "respondent_not_allowed",
        message: "Адрес school1@example.org не указан для школы sch-001 на вкладке «Школы»",
      },
    });
    expect(deliver(fakes, envelope("r1")).kind).toBe("rejected");
    expect(fakes.mailApp.sent[0]?.body).toContain("1. Адрес school1@example.org не указан для школы sch-001");
    expect(outbox(fakes)).toEqual([]);
  });
});

describe("the outbox", () => {
  it("resends queued responses, deletes the delivered ones and never sends them again", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
    deliver(fakes, envelope("r1"));
    deliver(fakes, envelope("r2"));
    deliver(fakes, envelope("r3"));
    expect(outbox(fakes)).toHaveLength(3);

    fakes.urlFetchApp.requests.length = 0;
    fakes.urlFetchApp.handler = (request) => {
      const id = (request.body as SubmissionEnvelope).response.id;
      return id === "r2" ? { status: 503 } : { status: 200, body: { status: "accepted" } };
    };
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report).toMatchObject({ delivered: 2, rejected: 0, left: 1, busy: false });
    const left = outbox(fakes);
    expect(left.map((e) => e.envelope.response.id)).toEqual(["r2"]);
    expect(left[0]?.attempts).toBe(5);

    fakes.urlFetchApp.requests.length = 0;
    fakes.urlFetchApp.handler = () => accepted;
    resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    const sent = fakes.urlFetchApp.requests.map((r) => (r.body as SubmissionEnvelope).response.id);
    expect(sent).toEqual(["r2"]);
    expect(outbox(fakes)).toEqual([]);
  });

  it("sends nothing while another run holds the script lock", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
    deliver(fakes, envelope("r1"));
    fakes.urlFetchApp.requests.length = 0;
    fakes.lockService.busy = true;
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report).toMatchObject({ busy: true, delivered: 0, left: 1 });
    expect(fakes.urlFetchApp.requests).toEqual([]);
  });

  it("keeps only the newest version of an edited response, and drops it once a newer one is delivered", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
    deliver(fakes, envelope("r1", "2026-03-02T09:00:00Z", "120"));
    deliver(fakes, envelope("r1", "2026-03-02T09:05:00Z", "125"));
    expect(outbox(fakes).map((e) => e.envelope.answers[1]?.value)).toEqual(["125"]);

    fakes.urlFetchApp.replyInOrder({ status: 200, body: { status: "updated" } });
    expect(deliver(fakes, envelope("r1", "2026-03-02T09:10:00Z", "130")).kind).toBe("accepted");
    expect(outbox(fakes)).toEqual([]);
  });

  it("e-mails the school when a queued response is finally rejected, and removes it", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
    deliver(fakes, envelope("r1"));
    fakes.urlFetchApp.replyInOrder({
      status: 422,
      body: { status: "rejected", errors: [{ field: "x", message: "ошибка" }] },
    });
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report).toMatchObject({ delivered: 0, rejected: 1, left: 0 });
    expect(fakes.mailApp.sent).toHaveLength(1);
    expect(outbox(fakes)).toEqual([]);
  });

  it("fills in the territory of responses queued before the connection was set up", () => {
    const fakes = preparedWithSchools();
    const { form } = withForms(fakes);
    const social = form("social");
    formSubmitCommand(fakes.services, {
      source: social,
      response: new FakeFormResponse({
        id: "early",
        timestamp: new Date("2026-03-02T09:00:00Z"),
        email: "school1@example.org",
        answers: [[social.item("Школа"), "МБОУ СОШ № 1 [sch-001]"]],
      }),
    });
    expect(outbox(fakes)).toHaveLength(1);
    connect(fakes);
    fakes.urlFetchApp.replyInOrder(accepted);
    resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect((fakes.urlFetchApp.requests[0]?.body as SubmissionEnvelope | undefined)?.territoryId).toBe(
      TERRITORY,
    );
    expect(outbox(fakes)).toEqual([]);
  });
});
