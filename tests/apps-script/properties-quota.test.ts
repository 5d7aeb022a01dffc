// Apps Script's «Properties read/write» quota: every property call counts, 50,000 a day for a consumer account
// (https://developers.google.com/apps-script/guides/services/quotas); a school's answer must not spend a dozen.
import { describe, expect, it } from "vitest";
import {
  formSubmitCommand,
  reconcileTriggerCommand,
  resendTriggerCommand,
} from "../../apps-script/src/entry-points.js";
import type { FakeForm, FakeFormResponse } from "./fakes/fake-forms.js";
import type { Fakes } from "./fakes/fake-services.js";
import { connected, respond, withForms } from "./fakes/scenario.js";

/** «Properties read/write» a day for a consumer (gmail.com) account; Google Workspace has 500,000. */
const CONSUMER_PROPERTY_CALLS_PER_DAY = 50_000;

/** A «Кадры» answer of МКОУ Ивановская ООШ stored in the form, as Forms stores it. */
function staffAnswer(form: FakeForm, id: string): FakeFormResponse {
  return respond(form, {
    id,
    email: "school2@example.org",
    school: "МКОУ Ивановская ООШ [sch-002]",
    answers: [
      ["Учебный год", "2025/2026"],
      ["Число учителей", "31"],
    ],
  });
}

/** The form-submit trigger firing for `response` (a new answer when given an id). */
function answerStaff(fakes: Fakes, form: FakeForm, answer: string | FakeFormResponse) {
  const response = typeof answer === "string" ? staffAnswer(form, answer) : answer;
  return formSubmitCommand(fakes.services, { source: form, response });
}

/** The property calls `run` makes. */
function callsOf(fakes: Fakes, run: () => unknown): number {
  const before = fakes.properties.calls;
  run();
  return fakes.properties.calls - before;
}

describe("property calls per run", () => {
  it("reads an answer's settings (owner, seven form records, connection, spreadsheet) in one call", () => {
    const fakes = connected();
    const staff = withForms(fakes).form("staff");
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "accepted" } });
    answerStaff(fakes, staff, "resp-first");
    // Steady state: the settings in one call, the server's last outcome read and left as it was.
    const calls = callsOf(fakes, () => expect(answerStaff(fakes, staff, "resp-2")?.kind).toBe("accepted"));
    expect(calls).toBeLessThanOrEqual(3);
    expect(fakes.urlFetchApp.to("/submit")).toHaveLength(2);
  });

  it("writes through what a run notes: the spreadsheet's id reaches the store", () => {
    const fakes = connected();
    const staff = withForms(fakes).form("staff");
    fakes.properties.deleteProperty("shnor.spreadsheetId");
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "accepted" } });
    answerStaff(fakes, staff, "resp-1");
    expect(fakes.properties.getProperty("shnor.spreadsheetId")).toBe(fakes.spreadsheet.getId());
  });

  it("leaves a consumer account's daily property calls enough for a 2,000-school territory's seven forms in one day", () => {
    const fakes = connected();
    const staff = withForms(fakes).form("staff");
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "accepted" } });
    answerStaff(fakes, staff, "resp-first");
    const perAnswer = callsOf(fakes, () => answerStaff(fakes, staff, "resp-2"));
    const perResend = callsOf(fakes, () => resendTriggerCommand(fakes.services));
    const perReconcile = callsOf(fakes, () => reconcileTriggerCommand(fakes.services));
    // Every answer of the territory on one day, the resend trigger every 10 minutes, the daily «Досылка ответов».
    const day = 2_000 * 7 * perAnswer + 144 * perResend + perReconcile;
    expect(day).toBeLessThanOrEqual(CONSUMER_PROPERTY_CALLS_PER_DAY);
  });

  it("mails a rejected answer once when its trigger fires twice", () => {
    const fakes = connected();
    const staff = withForms(fakes).form("staff");
    fakes.urlFetchApp.handler = () => ({
      status: 422,
      body: {
        status: "rejected",
        issues: [{ path: "staff.teachers", message: "число учителей не указано" }],
      },
    });
    const response = staffAnswer(staff, "resp-rejected");
    answerStaff(fakes, staff, response);
    answerStaff(fakes, staff, response);
    expect(fakes.mailApp.sent).toHaveLength(1);
  });

  it("mails a rejected answer once when a second firing runs while the first waits on the server", () => {
    const fakes = connected();
    const staff = withForms(fakes).form("staff");
    const response = staffAnswer(staff, "resp-overlap");
    let nested = false;
    fakes.urlFetchApp.handler = () => {
      // The second firing of the trigger runs whole while the first is still waiting for its answer: the first's
      // settings were read before the second claimed the letter.
      if (!nested) {
        nested = true;
        answerStaff(fakes, staff, response);
      }
      return {
        status: 422,
        body: {
          status: "rejected",
          issues: [{ path: "staff.teachers", message: "число учителей не указано" }],
        },
      };
    };
    answerStaff(fakes, staff, response);
    expect(nested).toBe(true);
    expect(fakes.mailApp.sent).toHaveLength(1);
  });
});
