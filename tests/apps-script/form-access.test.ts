// Forms that accept answers from the right people: published, open, verified addresses, and what the envelope claims.
import { describe, expect, it } from "vitest";
import { createFormsCommand, formSubmitCommand } from "../../apps-script/src/entry-points.js";
import type { SubmissionEnvelope } from "../../apps-script/src/submission-envelope.js";
import { FORMS } from "../../functions/src/catalog/form-catalog.js";
import type { Fakes } from "./fakes/fake-services.js";
import { connect, preparedWithSchools, respond, withForms } from "./fakes/scenario.js";

function lastAlert(fakes: Fakes) {
  return fakes.spreadsheetApp.ui.alerts.at(-1);
}

describe("«Создать формы» opens the forms to schools", () => {
  it("publishes every new form and makes it accept answers (new API forms start unpublished)", () => {
    const fakes = preparedWithSchools();
    const { form } = withForms(fakes);
    for (const definition of FORMS) {
      const built = form(definition.kind);
      expect(built.published).toBe(true);
      expect(built.acceptingResponses).toBe(true);
      // what a school would notice: the form takes its answer
      expect(() => respond(built)).not.toThrow();
    }
  });

  it("reopens a form someone closed or unpublished by hand, on the next run", () => {
    const fakes = preparedWithSchools();
    const first = withForms(fakes);
    first.form("gia").published = false;
    first.form("gia").acceptingResponses = false;
    first.form("staff").acceptingResponses = false;
    const second = withForms(fakes);
    expect(second.form("gia").open).toBe(true);
    expect(second.form("staff").open).toBe(true);
  });

  it("publishes through the Forms API where FormApp has no setPublished", () => {
    const fakes = preparedWithSchools();
    fakes.formApp.publishes = false;
    const { form } = withForms(fakes);
    for (const definition of FORMS) expect(form(definition.kind).open).toBe(true);
    const publishCalls = fakes.urlFetchApp.googleRequests.filter((r) =>
      r.url.endsWith(":setPublishSettings"),
    );
    expect(publishCalls).toHaveLength(FORMS.length);
    expect(publishCalls[0]?.body).toEqual({
      publishSettings: { publishState: { isPublished: true, isAcceptingResponses: true } },
      updateMask: "publishState",
    });
    expect(publishCalls[0]?.headers.Authorization).toBe("Bearer oauth-token-of-coordinator");
  });

  it("leaves a legacy form's publishing alone (it has none) but opens it to answers", () => {
    const fakes = preparedWithSchools();
    const first = withForms(fakes);
    const social = first.form("social");
    social.legacy = true;
    social.acceptingResponses = false;
    withForms(fakes);
    expect(social.open).toBe(true);
  });

  it("sets VERIFIED collection with the documented request, and DO_NOT_COLLECT stays on the anonymous form", () => {
    const fakes = preparedWithSchools();
    withForms(fakes);
    const updates = fakes.urlFetchApp.googleRequests.filter((r) => r.url.endsWith(":batchUpdate"));
    expect(updates).toHaveLength(FORMS.filter((f) => !f.anonymous).length);
    expect(updates[0]?.body).toEqual({
      requests: [
        {
          updateSettings: {
            settings: { emailCollectionType: "VERIFIED" },
            updateMask: "emailCollectionType",
          },
        },
      ],
    });
  });

  it("says in Russian what it could not set when the Forms API is off, and how to fix it", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    fakes.formsApi.disabled = true;
    createFormsCommand(fakes.services);
    const prompt = lastAlert(fakes)?.prompt ?? "";
    expect(prompt).toContain("Не всё удалось настроить");
    // one line for the five school forms, not five copies
    expect(prompt).toContain(
      "«Социальный паспорт школы», «Результаты ГИА (ЕГЭ и ОГЭ)», «ВПР и РДР», «Кадры», «Реализация программы поддержки», «Обращение школы по спискам»: " +
        "подтверждённый сбор адресов не включён — Google Forms API выключен в проекте Google Cloud, к которому привязан скрипт. " +
        "Что сделать: включите Google Forms API в проекте Google Cloud",
    );
    expect(prompt).toContain("«Проверить формы»");
    // publishing needs no API where FormApp has setPublished
    for (const f of fakes.formApp.forms.values()) expect(f.open).toBe(true);
  });
});

describe("the envelope says how the address was collected", () => {
  function submitted(fakes: Fakes): SubmissionEnvelope {
    const body = fakes.urlFetchApp.to("/submit").at(-1)?.body;
    if (!body) throw new Error("nothing was submitted");
    return body as SubmissionEnvelope;
  }

  it.each([
    ["VERIFIED", "verified"],
    ["RESPONDER_INPUT", "responder_input"],
    ["DO_NOT_COLLECT", "none"],
  ] as const)(
    "reads the form's live mode %s → %s, even when changed by hand after «Создать формы»",
    (mode, sent) => {
      const fakes = preparedWithSchools();
      connect(fakes);
      const { form } = withForms(fakes);
      const social = form("social");
      social.emailCollectionType = mode;
      formSubmitCommand(fakes.services, { source: social, response: respond(social) });
      expect(submitted(fakes).response.emailCollection).toBe(sent);
    },
  );

  it("claims only «responder_input» when the Forms API cannot tell (over its 390 reads a minute, or off)", () => {
    for (const breakApi of [
      (f: Fakes) => (f.formsApi.overQuota = true),
      (f: Fakes) => (f.formsApi.disabled = true),
    ]) {
      const fakes = preparedWithSchools();
      connect(fakes);
      const { form } = withForms(fakes);
      breakApi(fakes);
      const social = form("social");
      formSubmitCommand(fakes.services, { source: social, response: respond(social) });
      const envelope = submitted(fakes);
      expect(envelope.response.emailCollection).toBe("responder_input");
      expect(envelope.response.respondentEmail).toBe("school1@example.org"); // still delivered, as a hint
    }
  });

  it("sends «none» and no address for the anonymous self-diagnosis without asking the API", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    const { form } = withForms(fakes);
    const anonymous = form("selfDiagnosis");
    const before = fakes.urlFetchApp.googleRequests.length;
    formSubmitCommand(fakes.services, {
      source: anonymous,
      response: respond(anonymous, { email: "t@x.org" }),
    });
    expect(submitted(fakes).response).not.toHaveProperty("respondentEmail");
    expect(submitted(fakes).response.emailCollection).toBe("none");
    expect(fakes.urlFetchApp.googleRequests.length).toBe(before);
  });
});
