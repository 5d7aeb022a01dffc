// The Apps Script side at Google's real limits, as a busy district and a hurried coordinator would push it.
import { describe, expect, it } from "vitest";
import { deliverSubmission, resendOutbox } from "../../apps-script/src/delivery.js";
import { appendEntry, ensureOutboxSheet, OUTBOX_TAB, readOutbox } from "../../apps-script/src/outbox.js";
import { readConnection } from "../../apps-script/src/settings-store.js";
import type { SubmissionEnvelope } from "../../apps-script/src/submission-envelope.js";
import { CATALOG_VERSION } from "../../functions/src/catalog/form-catalog.js";
import type { Fakes } from "./fakes/fake-services.js";
import { connect, preparedWithSchools, TERRITORY } from "./fakes/scenario.js";

function envelope(responseId: string): SubmissionEnvelope {
  return {
    format: "shnor-submission",
    version: 1,
    territoryId: TERRITORY,
    form: { kind: "social", id: "form-social", catalogVersion: CATALOG_VERSION },
    response: {
      id: responseId,
      submittedAt: "2026-03-02T09:00:00Z",
      respondentEmail: "school1@example.org",
      editUrl: `https://forms.example/edit/${responseId}`,
    },
    answers: [
      { key: "school", value: "МБОУ СОШ № 1 [sch-001]" },
      { key: "social.students", value: "120" },
    ],
    locale: "ru_RU",
  };
}

function connected(): Fakes {
  const fakes = preparedWithSchools();
  connect(fakes);
  return fakes;
}

function queued(fakes: Fakes, count: number): void {
  const sheet = ensureOutboxSheet(fakes.spreadsheet);
  for (let i = 0; i < count; i += 1) appendEntry(sheet, envelope(`r${i}`), 4, "нет связи", new Date(), "x");
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
    const outcome = deliverSubmission(
      fakes.services,
      fakes.spreadsheet,
      readConnection(fakes.properties),
      envelope("r-html"),
    );
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
