// One trigger owner: a second coordinator cannot double every answer; a hand-over retires the former owner's triggers.
import { describe, expect, it } from "vitest";
import { saveAndTestConnection } from "../../apps-script/src/connection-settings.js";
import {
  createFormsCommand,
  formSubmitCommand,
  reconcileTriggerCommand,
  resendTriggerCommand,
  takeOverCommand,
} from "../../apps-script/src/entry-points.js";
import { readTriggerOwner } from "../../apps-script/src/settings-store.js";
import { TRIGGERS_PER_USER_LIMIT } from "../../apps-script/src/triggers.js";
import { FORMS } from "../../functions/src/catalog/form-catalog.js";
import { FakeServer } from "./fakes/fake-server.js";
import { COORDINATOR, type Fakes } from "./fakes/fake-services.js";
import { API_URL, asUser, connect, preparedWithSchools, respond, TERRITORY } from "./fakes/scenario.js";

const SECOND = "zam.metodista@example.org";
const OWN_TRIGGERS = FORMS.length + 2;

function builtByCoordinator(): { fakes: Fakes; server: FakeServer } {
  const fakes = preparedWithSchools();
  connect(fakes);
  const server = new FakeServer();
  fakes.urlFetchApp.handler = (r) => server.handle(r);
  createFormsCommand(fakes.services);
  return { fakes, server };
}

function formOf(fakes: Fakes, kind: string) {
  const form = [...fakes.formApp.forms.values()].find(
    (f) => f.title === FORMS.find((d) => d.kind === kind)?.title,
  );
  if (!form) throw new Error(`no ${kind} form`);
  return form;
}

/** An installable form-submit trigger of `owner` fires for the response. */
function fireFormTrigger(fakes: Fakes, owner: string, kind: string, response: ReturnType<typeof respond>) {
  const form = formOf(fakes, kind);
  const trigger = fakes.scriptApp
    .triggersOf(owner)
    .find((t) => t.getHandlerFunction() === "onFormSubmit" && t.getTriggerSourceId() === form.id);
  if (!trigger) return "no trigger";
  return asUser(fakes, owner, () =>
    formSubmitCommand(fakes.services, { source: form, response, triggerUid: trigger.getUniqueId() }),
  );
}

describe("one trigger owner", () => {
  it("records who built the forms as the owner of answer processing", () => {
    const { fakes } = builtByCoordinator();
    expect(readTriggerOwner(fakes.properties)).toBe(COORDINATOR);
    expect(fakes.scriptApp.triggersOf(COORDINATOR)).toHaveLength(OWN_TRIGGERS);
    expect(fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt).toContain(
      `Ответы обрабатываются от имени ${COORDINATOR}`,
    );
  });

  it("refuses «Создать формы» to another coordinator, naming the owner; «Нет» changes nothing", () => {
    const { fakes } = builtByCoordinator();
    const itemsBefore = [...fakes.formApp.forms.values()].map((f) => f.items.length);
    fakes.spreadsheetApp.ui.answer = "NO";
    asUser(fakes, SECOND, () => createFormsCommand(fakes.services));
    const refusal = fakes.spreadsheetApp.ui.alerts.at(-1);
    expect(refusal?.title).toBe("Формы ведёт другой координатор");
    expect(refusal?.prompt).toContain(`Формы и отправку ответов на сервер ведёт ${COORDINATOR}`);
    expect(refusal?.prompt).toContain("«Да» — передать обработку ответов мне");
    expect(fakes.scriptApp.triggersOf(SECOND)).toEqual([]);
    expect(readTriggerOwner(fakes.properties)).toBe(COORDINATOR);
    expect([...fakes.formApp.forms.values()].map((f) => f.items.length)).toEqual(itemsBefore);
  });

  it("«Да» hands processing over: every answer is then sent once, and the former owner's triggers retire at their next firing", () => {
    const { fakes, server } = builtByCoordinator();
    fakes.spreadsheetApp.ui.answer = "YES";
    asUser(fakes, SECOND, () => createFormsCommand(fakes.services));
    expect(readTriggerOwner(fakes.properties)).toBe(SECOND);
    expect(fakes.scriptApp.triggersOf(SECOND)).toHaveLength(OWN_TRIGGERS);
    // A script cannot delete another user's triggers: the former owner's are still there…
    expect(fakes.scriptApp.triggersOf(COORDINATOR)).toHaveLength(OWN_TRIGGERS);

    // …until one fires. Forms fires both owners' triggers for every response.
    const response = respond(formOf(fakes, "social"), { id: "r-1", school: "МБОУ СОШ № 1 [sch-001]" });
    expect(fireFormTrigger(fakes, COORDINATOR, "social", response)).toBeUndefined();
    expect(fireFormTrigger(fakes, SECOND, "social", response)).toMatchObject({ kind: "accepted" });
    expect(server.timesSubmitted("r-1")).toBe(1);
    expect(fakes.scriptApp.triggersOf(COORDINATOR)).toEqual([]);
    expect(fakes.scriptApp.triggersOf(SECOND)).toHaveLength(OWN_TRIGGERS);

    const next = respond(formOf(fakes, "staff"), { id: "r-2" });
    expect(fireFormTrigger(fakes, COORDINATOR, "staff", next)).toBe("no trigger");
    fireFormTrigger(fakes, SECOND, "staff", next);
    expect(server.timesSubmitted("r-2")).toBe(1);
  });

  it("a new owner's trigger that fires while «Создать формы» is still running keeps working", () => {
    const { fakes, server } = builtByCoordinator();
    fakes.spreadsheetApp.ui.answer = "YES";
    let fired = false;
    fakes.scriptApp.onCreate = (trigger) => {
      if (fired || trigger.kind !== "form" || trigger.owner !== SECOND) return;
      fired = true;
      const form = [...fakes.formApp.forms.values()].find((f) => f.id === trigger.getTriggerSourceId());
      if (!form) throw new Error("no form");
      asUser(fakes, SECOND, () =>
        formSubmitCommand(fakes.services, { source: form, response: respond(form, { id: "early" }) }),
      );
    };
    asUser(fakes, SECOND, () => createFormsCommand(fakes.services));
    expect(fired).toBe(true);
    expect(server.timesSubmitted("early")).toBe(1);
    expect(fakes.scriptApp.triggersOf(SECOND)).toHaveLength(OWN_TRIGGERS);
  });

  it("a former owner's resend and daily reconcile triggers do nothing and retire too", () => {
    for (const fire of [resendTriggerCommand, reconcileTriggerCommand]) {
      const { fakes } = builtByCoordinator();
      fakes.spreadsheetApp.ui.answer = "YES";
      asUser(fakes, SECOND, () => createFormsCommand(fakes.services));
      fakes.urlFetchApp.requests.length = 0;
      expect(asUser(fakes, COORDINATOR, () => fire(fakes.services))).toBeUndefined();
      expect(fakes.urlFetchApp.requests).toEqual([]);
      expect(fakes.scriptApp.triggersOf(COORDINATOR)).toEqual([]);
      // the owner's run does its work
      expect(asUser(fakes, SECOND, () => fire(fakes.services))).toBeDefined();
    }
  });

  it("«Передать обработку ответов мне» installs the caller's triggers for the existing forms and records the caller", () => {
    const { fakes } = builtByCoordinator();
    asUser(fakes, SECOND, () => takeOverCommand(fakes.services));
    expect(readTriggerOwner(fakes.properties)).toBe(SECOND);
    const forms = [...fakes.formApp.forms.values()].map((f) => f.id).sort();
    const own = fakes.scriptApp.triggersOf(SECOND);
    expect(
      own
        .filter((t) => t.kind === "form")
        .map((t) => t.getTriggerSourceId())
        .sort(),
    ).toEqual(forms);
    expect(
      own
        .filter((t) => t.kind === "time")
        .map((t) => t.getHandlerFunction())
        .sort(),
    ).toEqual(["reconcileResponses", "resendOutbox"]);
    const prompt = fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt ?? "";
    expect(prompt).toContain(`Ответы теперь обрабатываются от имени ${SECOND}`);
    expect(prompt).toContain(`Обработка у ${COORDINATOR} отключится сама`);
  });

  it("the connection dialog of a non-owner installs no resend trigger (it would only retire itself)", () => {
    const { fakes } = builtByCoordinator();
    fakes.urlFetchApp.handler = () => ({ status: 200, body: {} });
    asUser(fakes, SECOND, () =>
      saveAndTestConnection(fakes.services, { apiUrl: API_URL, territoryId: TERRITORY }),
    );
    expect(fakes.scriptApp.triggersOf(SECOND)).toEqual([]);
  });

  it("stays within 20 triggers per user per script through repeated builds and hand-overs back and forth", () => {
    const { fakes } = builtByCoordinator();
    fakes.spreadsheetApp.ui.answer = "YES";
    for (let round = 0; round < 5; round += 1) {
      asUser(fakes, SECOND, () => createFormsCommand(fakes.services));
      asUser(fakes, SECOND, () => createFormsCommand(fakes.services));
      asUser(fakes, COORDINATOR, () => takeOverCommand(fakes.services));
      asUser(fakes, COORDINATOR, () => createFormsCommand(fakes.services));
      // the former owner's resend trigger fires and retires them all
      asUser(fakes, SECOND, () => resendTriggerCommand(fakes.services));
    }
    for (const user of [COORDINATOR, SECOND])
      expect(fakes.scriptApp.triggersOf(user).length).toBeLessThanOrEqual(TRIGGERS_PER_USER_LIMIT);
    expect(fakes.scriptApp.triggersOf(COORDINATOR)).toHaveLength(OWN_TRIGGERS);
    expect(fakes.scriptApp.triggersOf(SECOND)).toEqual([]);
  });
});

describe("when Google does not tell who is running", () => {
  it("«Создать формы» changes nothing while an owner is recorded, rather than install a second set of triggers", () => {
    const { fakes } = builtByCoordinator();
    asUser(fakes, "", () => createFormsCommand(fakes.services));
    expect(fakes.spreadsheetApp.ui.alerts.at(-1)?.title).toBe("Формы не изменены");
    expect(fakes.scriptApp.triggersOf("")).toEqual([]);
    expect(readTriggerOwner(fakes.properties)).toBe(COORDINATOR);
  });
});
