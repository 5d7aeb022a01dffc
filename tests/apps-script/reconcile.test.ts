// «Досылка ответов»: responses whose trigger never ran reach the server, in /receipts chunks, within the time limit.
import { describe, expect, it } from "vitest";
import {
  formSubmitCommand,
  reconcileMenuCommand,
  reconcileTriggerCommand,
  resendTriggerCommand,
} from "../../apps-script/src/entry-points.js";
import { OUTBOX_TAB, readOutbox } from "../../apps-script/src/outbox.js";
import { reconcileResponses } from "../../apps-script/src/reconcile.js";
import { readConnection, readReconcileCursor } from "../../apps-script/src/settings-store.js";
import type { SubmissionEnvelope } from "../../apps-script/src/submission-envelope.js";
import { RUN_LIMIT_MS } from "../../apps-script/src/time-budget.js";
import type { Fakes } from "./fakes/fake-services.js";
import { killable, RunKilled } from "./fakes/kill-switch.js";
import { respond, TERRITORY, withServerAndForms } from "./fakes/scenario.js";

const setUp = withServerAndForms;

function reconcile(fakes: Fakes) {
  const connection = readConnection(fakes.properties);
  if (!connection) throw new Error("not connected");
  return reconcileResponses(fakes.services, fakes.spreadsheet, connection);
}

describe("«Досылка ответов»", () => {
  it("sends exactly the responses the server lacks, through the normal delivery path", () => {
    const { fakes, server, form } = setUp();
    const social = form("social");
    const sent = respond(social, { id: "on-time", school: "МБОУ СОШ № 1 [sch-001]" });
    formSubmitCommand(fakes.services, { source: social, response: sent });
    respond(social, {
      id: "lost-1",
      school: "МКОУ Ивановская ООШ [sch-002]",
      answers: [["Число обучающихся", "310"]],
    });
    respond(form("selfDiagnosis"), { id: "lost-2" });

    const report = reconcile(fakes);
    expect(report).toMatchObject({ finished: true, checked: 3, missing: 2, delivered: 2 });
    expect(server.timesSubmitted("on-time")).toBe(1);
    const lost = server.submitted.find((e) => e.response.id === "lost-1");
    expect(lost).toMatchObject({
      territoryId: TERRITORY,
      form: { kind: "social", id: social.id },
      response: { respondentEmail: "school1@example.org", emailCollection: "verified" },
    });
    expect(lost?.answers).toContainEqual({ key: "social.students", value: "310" });
    expect(server.submitted.find((e) => e.response.id === "lost-2")?.response.emailCollection).toBe("none");

    const [request] = fakes.urlFetchApp.to("/receipts");
    expect(request?.body).toEqual({
      territoryId: TERRITORY,
      formId: social.id,
      responses: [
        { responseId: "on-time", submittedAt: sent.getTimestamp().toISOString() },
        { responseId: "lost-1", submittedAt: expect.any(String) },
      ],
    });
    // a second pass finds nothing missing
    expect(reconcile(fakes)).toMatchObject({ finished: true, checked: 3, missing: 0 });
  });

  it("finds a lost edit: the server holds only the older version, the current one is sent", () => {
    const { fakes, server, form } = setUp();
    const social = form("social");
    const first = respond(social, {
      id: "r",
      at: "2026-03-02T09:00:00Z",
      answers: [["Число обучающихся", "120"]],
    });
    formSubmitCommand(fakes.services, { source: social, response: first });
    respond(social, { id: "r", at: "2026-03-03T10:00:00Z", answers: [["Число обучающихся", "125"]] }); // trigger lost
    expect(reconcile(fakes)).toMatchObject({ missing: 1, delivered: 1 });
    const last = server.submitted.at(-1) as SubmissionEnvelope;
    expect(last.response.submittedAt).toBe("2026-03-03T10:00:00.000Z");
    expect(last.answers).toContainEqual({ key: "social.students", value: "125" });
  });

  it("asks /receipts about at most 1000 responses at a time: 2,500 responses are 3 requests", () => {
    const { fakes, server, form } = setUp();
    const staff = form("staff");
    for (let i = 0; i < 2_500; i += 1) respond(staff, { id: `s-${String(i).padStart(4, "0")}` });
    const report = reconcile(fakes);
    expect(server.receipts.map((r) => r.count)).toEqual([1000, 1000, 500]);
    expect(report).toMatchObject({ finished: true, checked: 2_500, missing: 2_500, delivered: 2_500 });
    expect(new Set(server.submitted.map((e) => e.response.id)).size).toBe(2_500);
  });

  it("stops starting sends at 4.5 minutes and resumes where it stopped: each response sent once", () => {
    const { fakes, server, form } = setUp();
    const staff = form("staff");
    for (let i = 0; i < 600; i += 1) respond(staff, { id: `s-${String(i).padStart(3, "0")}` });
    fakes.urlFetchApp.latencyMs = 1_000;

    const start = fakes.clock.now();
    const first = reconcile(fakes);
    expect(first).toMatchObject({ finished: false, stoppedBy: "time" });
    expect(fakes.clock.now() - start).toBeLessThan(RUN_LIMIT_MS);
    expect(first.delivered).toBeGreaterThan(200);
    expect(readReconcileCursor(fakes.properties)).toBeDefined();

    const second = reconcile(fakes);
    const third = reconcile(fakes);
    expect(first.delivered + second.delivered + third.delivered).toBe(600);
    expect(third.finished).toBe(true);
    expect(readReconcileCursor(fakes.properties)).toBeUndefined();
    for (let i = 0; i < 600; i += 1) expect(server.timesSubmitted(`s-${String(i).padStart(3, "0")}`)).toBe(1);
  });

  it("an unfinished pass goes on from the 10-minute resend trigger, not the next day", () => {
    const { fakes, server, form } = setUp();
    const gia = form("gia");
    for (let i = 0; i < 400; i += 1) respond(gia, { id: `g-${String(i).padStart(3, "0")}` });
    fakes.urlFetchApp.latencyMs = 1_000;
    expect(reconcileTriggerCommand(fakes.services)).toMatchObject({ finished: false });
    const next = resendTriggerCommand(fakes.services);
    expect(next?.reconcile).toMatchObject({ finished: true });
    expect(new Set(server.submitted.map((e) => e.response.id)).size).toBe(400);
  });

  it("keeps its place when the server does not answer, and says so", () => {
    const { fakes, server, form } = setUp();
    respond(form("social"), { id: "a" });
    respond(form("vpr"), { id: "b" });
    server.down = true;
    reconcileMenuCommand(fakes.services);
    expect(fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt).toContain("Сверка прервана: нет связи с сервером");
    server.down = false;
    reconcileMenuCommand(fakes.services);
    const prompt = fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt ?? "";
    expect(prompt).toContain("Не хватало на сервере: 2");
    expect(prompt).toContain("Все формы сверены.");
  });

  it("queues what cannot be delivered and mails a rejected school once", () => {
    const { fakes, server, form } = setUp();
    const social = form("social");
    respond(social, { id: "bad" });
    respond(social, { id: "later" });
    server.verdict = (e) =>
      e.response.id === "bad"
        ? { status: 422, body: { status: "rejected", errors: [{ field: "x", message: "ошибка" }] } }
        : { status: 503 };
    expect(reconcile(fakes)).toMatchObject({ missing: 2, rejected: 1, queued: 1 });
    expect(readOutbox(fakes.spreadsheet.sheet(OUTBOX_TAB)).map((e) => e.envelope.response.id)).toEqual([
      "later",
    ]);
    reconcile(fakes);
    expect(fakes.mailApp.sent).toHaveLength(1);
  });

  it("killed at any point, it never mails twice, never sends a response twice, and finishes on the next run", () => {
    function fixture() {
      const { fakes, server, form } = setUp();
      respond(form("social"), { id: "ok-1" });
      respond(form("social"), { id: "bad" });
      respond(form("staff"), { id: "ok-2" });
      respond(form("selfDiagnosis"), { id: "ok-3" });
      server.verdict = (e) =>
        e.response.id === "bad"
          ? { status: 422, body: { status: "rejected", errors: [{ field: "x", message: "ошибка" }] } }
          : { status: 200, body: { status: "accepted" } };
      return { fakes, server };
    }
    const dry = fixture();
    const probe = killable(dry.fakes.services, () => false);
    reconcileTriggerCommand(probe.services);
    expect(probe.state.calls).toBeGreaterThan(30);

    for (let k = 1; k <= probe.state.calls; k += 1) {
      const { fakes, server } = fixture();
      const killed = killable(fakes.services, (call) => call.index === k);
      expect(() => reconcileTriggerCommand(killed.services)).toThrow(RunKilled);
      fakes.lockService.held = false; // Apps Script releases a dead run's lock
      expect(reconcileTriggerCommand(fakes.services)?.finished, `kill at ${k}`).toBe(true);
      for (const id of ["ok-1", "bad", "ok-2", "ok-3"]) {
        expect(server.timesSubmitted(id), `kill at ${k}: ${id}`).toBe(1);
      }
      expect(fakes.mailApp.sent.length, `kill at ${k}`).toBeLessThanOrEqual(1);
    }
  });
});
