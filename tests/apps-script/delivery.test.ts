// Delivery of a response: backoff retries, the «Исходящие» outbox under the script lock, the rejection letter.

import { describe, expect, it } from "vitest";
import { resendOutbox } from "../../apps-script/src/delivery.js";
import { formSubmitCommand, resendCommand } from "../../apps-script/src/entry-points.js";
import { appendEntry, ensureOutboxSheet, OUTBOX_TAB, readOutbox } from "../../apps-script/src/outbox.js";
import { readConnection } from "../../apps-script/src/settings-store.js";
import type { SubmissionEnvelope } from "../../apps-script/src/submission-envelope.js";
import { RUN_LIMIT_MS } from "../../apps-script/src/time-budget.js";
import { FakeFormResponse } from "./fakes/fake-forms.js";
import { FakeServer } from "./fakes/fake-server.js";
import type { Fakes } from "./fakes/fake-services.js";
import { killable, RunKilled } from "./fakes/kill-switch.js";
import {
  API_URL,
  connect,
  connected,
  deliver,
  preparedWithSchools,
  socialEnvelope,
  TERRITORY,
  withForms,
} from "./fakes/scenario.js";

function outbox(fakes: Fakes) {
  return readOutbox(fakes.spreadsheet.sheet(OUTBOX_TAB));
}

const accepted = { status: 200, body: { status: "accepted" } };

describe("delivering a response", () => {
  it("posts the envelope to /submit with the script's ID token", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(accepted);
    const outcome = deliver(fakes, socialEnvelope("r1"));
    expect(outcome).toEqual({ kind: "accepted", status: "accepted", attempts: 1 });
    const [request] = fakes.urlFetchApp.requests;
    expect(request?.url).toBe(`${API_URL}/submit`);
    expect(request?.method).toBe("post");
    expect(request?.headers.Authorization).toBe("Bearer identity-token-of-coordinator");
    expect(request?.body).toEqual(socialEnvelope("r1"));
  });

  it("retries network errors, 429 and 5xx with doubling pauses, and stops at the first answer", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(
      { networkError: "Address unavailable" },
      { status: 503 },
      { status: 429 },
      accepted,
    );
    const outcome = deliver(fakes, socialEnvelope("r1"));
    expect(outcome).toMatchObject({ kind: "accepted", attempts: 4 });
    expect(fakes.utilities.sleeps).toEqual([1000, 2000, 4000]);
    expect(outbox(fakes)).toEqual([]);
  });

  it("queues the response on «Исходящие» after the last retry, with the reason, under the script lock", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ status: 500, body: { status: "error", message: "Внутренняя ошибка" } });
    const outcome = deliver(fakes, socialEnvelope("r1"));
    expect(outcome).toMatchObject({ kind: "queued", attempts: 4 });
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(4);
    const queued = outbox(fakes);
    expect(queued.map((e) => e.envelope)).toEqual([socialEnvelope("r1")]);
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
      expect(deliver(fakes, socialEnvelope("r1"))).toMatchObject({ kind: "queued", attempts: 1 });
      expect(outbox(fakes)).toHaveLength(1);
    }
  });

  it("queues without calling anyone while the connection is not set up", () => {
    const fakes = preparedWithSchools();
    const outcome = deliver(fakes, socialEnvelope("r1"));
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
    const outcome = deliver(fakes, socialEnvelope("r1"));
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
    expect(deliver(fakes, socialEnvelope("r1")).kind).toBe("rejected");
    expect(fakes.mailApp.sent[0]?.body).toContain("1. Адрес school1@example.org не указан для школы sch-001");
    expect(outbox(fakes)).toEqual([]);
  });
});

describe("the outbox", () => {
  it("resends queued responses, deletes the delivered ones and never sends them again", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
    deliver(fakes, socialEnvelope("r1"));
    deliver(fakes, socialEnvelope("r2"));
    deliver(fakes, socialEnvelope("r3"));
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
    // r2 was tried once when it came (the server had just failed r1 four times: server-outage.ts), once now
    expect(left[0]?.attempts).toBe(2);

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
    deliver(fakes, socialEnvelope("r1"));
    fakes.urlFetchApp.requests.length = 0;
    fakes.lockService.busy = true;
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report).toMatchObject({ busy: true, delivered: 0, left: 1 });
    expect(fakes.urlFetchApp.requests).toEqual([]);
  });

  it("keeps only the newest version of an edited response, and drops it once a newer one is delivered", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
    deliver(fakes, socialEnvelope("r1", "2026-03-02T09:00:00Z", "120"));
    deliver(fakes, socialEnvelope("r1", "2026-03-02T09:05:00Z", "125"));
    expect(outbox(fakes).map((e) => e.envelope.answers[1]?.value)).toEqual(["125"]);

    fakes.urlFetchApp.replyInOrder({ status: 200, body: { status: "updated" } });
    expect(deliver(fakes, socialEnvelope("r1", "2026-03-02T09:10:00Z", "130")).kind).toBe("accepted");
    expect(outbox(fakes)).toEqual([]);
  });

  it("e-mails the school when a queued response is finally rejected, and removes it", () => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
    deliver(fakes, socialEnvelope("r1"));
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

describe("final answers are never sent again, and never mailed twice", () => {
  const finals: [
    string,
    { status: number; body: unknown },
    "accepted" | "pending" | "conflict" | "rejected",
  ][] = [
    ["200 accepted", { status: 200, body: { status: "accepted" } }, "accepted"],
    ["200 duplicate", { status: 200, body: { status: "duplicate" } }, "accepted"],
    ["202 pending_confirmation", { status: 202, body: { status: "pending_confirmation" } }, "pending"],
    [
      "409 version_conflict",
      { status: 409, body: { status: "conflict", code: "version_conflict" } },
      "conflict",
    ],
    [
      "422 rejected",
      { status: 422, body: { status: "rejected", errors: [{ field: "x", message: "ошибка" }] } },
      "rejected",
    ],
    [
      "403 respondent_not_allowed",
      {
        status: 403,
        body: { status: "rejected", code: "respondent_not_allowed", message: "адрес не школы" },
      },
      "rejected",
    ],
    [
      "413 too_large (kept cut by the server, as rejected)",
      {
        status: 413,
        body: {
          status: "rejected",
          code: "too_large",
          errors: [{ field: "response", message: "слишком большой" }],
        },
      },
      "rejected",
    ],
  ];

  it.each(finals)("%s: one request, nothing queued, a letter only for a rejection", (_label, reply, kind) => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(reply);
    expect(deliver(fakes, socialEnvelope("r1")).kind).toBe(kind);
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(1);
    expect(fakes.utilities.sleeps).toEqual([]);
    expect(outbox(fakes)).toEqual([]);
    expect(fakes.mailApp.sent).toHaveLength(kind === "rejected" ? 1 : 0);
  });

  it.each(finals)(
    "%s from the outbox: the row is removed, a rejection mailed once, nothing resent",
    (_l, reply, kind) => {
      const fakes = connected();
      fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
      deliver(fakes, socialEnvelope("r1"));
      fakes.urlFetchApp.requests.length = 0;
      fakes.urlFetchApp.replyInOrder(reply);
      for (let run = 0; run < 3; run += 1)
        resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
      expect(fakes.urlFetchApp.to("/submit")).toHaveLength(1);
      expect(outbox(fakes)).toEqual([]);
      expect(fakes.mailApp.sent).toHaveLength(kind === "rejected" ? 1 : 0);
    },
  );

  it.each([
    ["400", { status: 400, body: { status: "error", message: "нет" } }],
    ["401", { status: 401 }],
    ["403 for the script's account", { status: 403, body: { status: "error", code: "not_allowed" } }],
    ["415", { status: 415 }],
    ["429", { status: 429 }],
    ["503", { status: 503 }],
    ["no answer", { networkError: "DNS error" }],
  ] as const)("%s keeps the response queued, without a letter", (_label, reply) => {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder(reply);
    expect(deliver(fakes, socialEnvelope("r1")).kind).toBe("queued");
    resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(outbox(fakes).map((e) => e.envelope.response.id)).toEqual(["r1"]);
    expect(fakes.mailApp.sent).toEqual([]);
  });
});

describe("the resend run and the 6-minute limit", () => {
  function queued(count: number): Fakes {
    const fakes = connected();
    fakes.urlFetchApp.replyInOrder({ networkError: "timeout" });
    const sheet = ensureOutboxSheet(fakes.spreadsheet);
    for (let i = 0; i < count; i += 1)
      appendEntry(sheet, socialEnvelope(`r${i}`), 4, "нет связи", new Date(), "x");
    fakes.urlFetchApp.replyInOrder(accepted);
    return fakes;
  }

  it("starts no send after 4.5 minutes: 600 queued at 1 s each → 270 sent, 330 left for the next run", () => {
    const fakes = queued(600);
    fakes.urlFetchApp.latencyMs = 1_000;
    const start = fakes.clock.now();
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report).toMatchObject({ delivered: 270, left: 330, stopped: true });
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(270);
    expect(fakes.clock.now() - start).toBeLessThan(RUN_LIMIT_MS);
    expect(outbox(fakes).map((e) => e.envelope.response.id)).toEqual(
      Array.from({ length: 330 }, (_, i) => `r${i + 270}`),
    );
    // the next run goes on where this one stopped
    const next = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(next).toMatchObject({ delivered: 270, left: 60 });
  });

  it("ends inside the 6 minutes even when each request takes 59 s (a server about to time out)", () => {
    const fakes = queued(20);
    fakes.urlFetchApp.latencyMs = 59_000;
    const start = fakes.clock.now();
    const report = resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(report.delivered).toBe(5); // started at 0, 59, 118, 177 and 236 s
    expect(fakes.clock.now() - start).toBeLessThan(RUN_LIMIT_MS);
    expect(report.stopped).toBe(true);
  });

  it("deletes each settled row as soon as its answer arrives, not at the end of the run", () => {
    const fakes = queued(3);
    const rowsAtEachSend: number[] = [];
    fakes.urlFetchApp.handler = () => {
      rowsAtEachSend.push(outbox(fakes).length);
      return accepted;
    };
    resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(rowsAtEachSend).toEqual([3, 2, 1]);
  });

  it("never deletes another school's row when rows were removed by hand during the run", () => {
    const fakes = queued(4);
    fakes.urlFetchApp.handler = (request) => {
      const id = (request.body as SubmissionEnvelope).response.id;
      // while r1 is being sent, the coordinator deletes the r0 row by hand
      if (id === "r1") fakes.spreadsheet.sheet(OUTBOX_TAB).deleteRow(2);
      return id === "r2" ? { status: 503 } : accepted;
    };
    resendOutbox(fakes.services, fakes.spreadsheet, readConnection(fakes.properties));
    expect(outbox(fakes).map((e) => [e.envelope.response.id, e.attempts])).toEqual([["r2", 5]]);
  });
});

describe("a resend run killed at any point", () => {
  const verdicts: Record<string, { status: number; body?: unknown }> = {
    ok: accepted,
    bad: { status: 422, body: { status: "rejected", errors: [{ field: "x", message: "ошибка" }] } },
    down: { status: 503 },
    stranger: {
      status: 403,
      body: { status: "rejected", code: "respondent_not_allowed", message: "чужой адрес" },
    },
    hint: { status: 202, body: { status: "pending_confirmation" } },
    twin: { status: 409, body: { status: "conflict", code: "version_conflict" } },
  };

  function fixture(): { fakes: Fakes; server: FakeServer } {
    const fakes = connected();
    const server = new FakeServer();
    fakes.urlFetchApp.handler = (r) => server.handle(r);
    server.down = true;
    for (const id of Object.keys(verdicts)) deliver(fakes, socialEnvelope(id));
    server.down = false;
    server.verdict = (env) => verdicts[env.response.id] ?? accepted;
    fakes.utilities.sleeps.length = 0;
    return { fakes, server };
  }

  function lettersTo(fakes: Fakes, id: string): number {
    return fakes.mailApp.sent.filter((m) => m.body.includes(`https://forms.example/edit/${id}\n`)).length;
  }

  it("never sends a rejection letter twice and loses no response, wherever Apps Script cuts it off", () => {
    const dry = fixture();
    const probe = killable(dry.fakes.services, () => false);
    resendCommand(probe.services);
    const calls = probe.state.calls;
    expect(calls).toBeGreaterThan(20);

    for (let k = 1; k <= calls; k += 1) {
      const { fakes, server } = fixture();
      const killed = killable(fakes.services, (call) => call.index === k);
      expect(() => resendCommand(killed.services)).toThrow(RunKilled);
      fakes.lockService.held = false; // Apps Script releases a dead run's lock
      resendCommand(fakes.services);
      resendCommand(fakes.services);

      for (const id of ["bad", "stranger"])
        expect(lettersTo(fakes, id), `kill at ${k}`).toBeLessThanOrEqual(1);
      for (const id of ["ok", "hint", "twin"]) expect(lettersTo(fakes, id)).toBe(0);
      // every final answer is held by the server and gone from the outbox; the failing one is still queued, once
      for (const id of ["ok", "bad", "stranger", "hint", "twin"])
        expect(server.held.has(`form-social|${id}`), `kill at ${k}: ${id}`).toBe(true);
      expect(
        outbox(fakes).map((e) => e.envelope.response.id),
        `kill at ${k}`,
      ).toEqual(["down"]);
    }
  });

  it("without a kill, each rejected school gets exactly one letter", () => {
    const { fakes } = fixture();
    resendCommand(fakes.services);
    resendCommand(fakes.services);
    expect(lettersTo(fakes, "bad")).toBe(1);
    expect(lettersTo(fakes, "stranger")).toBe(1);
  });
});
