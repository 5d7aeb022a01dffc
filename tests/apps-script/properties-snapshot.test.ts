// A school's answer reads the settings in one getProperties() call: what a hostile store or a setting changed during
// a run does to it. Limits from https://developers.google.com/apps-script/guides/services/quotas («Properties
// read/write», «Properties value size» 9 KB, «Properties total storage» 500 KB; a spent quota throws and stops the
// run); getProperties() returns a copy of the whole store
// (https://developers.google.com/apps-script/reference/properties/properties#getProperties()).
import { describe, expect, it } from "vitest";
import {
  formSubmitCommand,
  reconcileTriggerCommand,
  takeOverCommand,
} from "../../apps-script/src/entry-points.js";
import { readFormRecord, readTriggerOwner, writeConnection } from "../../apps-script/src/settings-store.js";
import { FORM_KINDS } from "../../functions/src/catalog/form-catalog.js";
import type { FakeForm } from "./fakes/fake-forms.js";
import { COORDINATOR, FakeProperties, type Fakes } from "./fakes/fake-services.js";
import { API_URL, asUser, respond, TERRITORY, withServerAndForms } from "./fakes/scenario.js";

const SECOND = "zam.metodista@example.org";

const built = withServerAndForms;

/** The form-submit trigger of `owner` firing for `response`, as Apps Script runs it. */
function fire(fakes: Fakes, owner: string, form: FakeForm, response: ReturnType<typeof respond>) {
  return asUser(fakes, owner, () => formSubmitCommand(fakes.services, { source: form, response }));
}

const rejected = {
  status: 422,
  body: {
    status: "rejected",
    issues: [{ path: "social.students", message: "число обучающихся не указано" }],
  },
} as const;

describe("an answer's settings read in one property call", () => {
  it("loses no answer when the property quota is spent: the run stops before sending, «Досылка ответов» sends it", () => {
    const { fakes, server, form } = built();
    const social = form("social");
    const response = respond(social, { id: "quota-day", school: "МБОУ СОШ № 1 [sch-001]" });
    const store = fakes.properties;
    const read = store.getProperties.bind(store);
    store.getProperties = () => {
      throw new Error("Exception: Service invoked too many times for one day: properties.");
    };
    expect(() => fire(fakes, COORDINATOR, social, response)).toThrow(/too many times/);
    expect(server.timesSubmitted("quota-day")).toBe(0);
    // The next day the quota is back: the daily reconcile finds the answer the server lacks and sends it, once.
    store.getProperties = read;
    reconcileTriggerCommand(fakes.services);
    expect(server.timesSubmitted("quota-day")).toBe(1);
    expect(server.held.has(`${social.id}|quota-day`)).toBe(true);
  });

  it("delivers an answer from a store near its 500 KB, with every form record near its 9 KB", () => {
    const { fakes, server, form } = built();
    const store = fakes.properties;
    // Each form record padded to just under a property value's limit (a long-titled form grows its record).
    for (const kind of FORM_KINDS) {
      const record = readFormRecord(store, kind);
      if (!record) continue;
      const key = `shnor.form.${kind}`;
      const bare = JSON.stringify({ ...record, padding: "" });
      store.setProperty(
        key,
        JSON.stringify({
          ...record,
          padding: "ж".repeat((FakeProperties.VALUE_LIMIT - 8 - Buffer.byteLength(bare)) / 2),
        }),
      );
      expect(Buffer.byteLength(store.getProperty(key) ?? "")).toBeGreaterThan(
        FakeProperties.VALUE_LIMIT - 16,
      );
    }
    // Other values fill the store to within 4 KB of the total.
    for (let i = 0; store.totalBytes() < FakeProperties.TOTAL_LIMIT - 12 * 1024; i += 1)
      store.setProperty(`other.${i}`, "x".repeat(8 * 1024));
    expect(store.totalBytes()).toBeGreaterThan(FakeProperties.TOTAL_LIMIT - 12 * 1024);
    const social = form("social");
    const before = store.calls;
    fire(fakes, COORDINATOR, social, respond(social, { id: "full-store", school: "МБОУ СОШ № 1 [sch-001]" }));
    expect(server.held.has(`${social.id}|full-store`)).toBe(true);
    expect(store.calls - before).toBeLessThanOrEqual(3);
  });

  it("sends the next answer to a connection saved while the previous answer was on its way", () => {
    const { fakes, server, form } = built();
    const social = form("social");
    const urls: string[] = [];
    const moved = "https://api-new.a.run.app";
    fakes.urlFetchApp.handler = (request) => {
      urls.push(request.url);
      // The coordinator saves the connection anew while the first answer waits for the server.
      if (urls.length === 1) writeConnection(fakes.properties, { apiUrl: moved, territoryId: TERRITORY });
      return server.handle(request);
    };
    fire(fakes, COORDINATOR, social, respond(social, { id: "before-move" }));
    fire(fakes, COORDINATOR, social, respond(social, { id: "after-move" }));
    expect(urls.filter((u) => u.endsWith("/submit"))).toStrictEqual([`${API_URL}/submit`, `${moved}/submit`]);
  });

  it("mails a rejected answer once when the answers are handed over while its first run waits on the server", () => {
    const { fakes, server, form } = built();
    const social = form("social");
    const response = respond(social, { id: "handed-over", school: "МБОУ СОШ № 1 [sch-001]" });
    let handedOver = false;
    fakes.urlFetchApp.handler = (request) => {
      if (!handedOver && request.url.endsWith("/submit")) {
        handedOver = true;
        // «Передать обработку ответов мне» by the second coordinator, then the new owner's trigger fires for the
        // same answer, all while the former owner's run still waits for the server's verdict.
        asUser(fakes, SECOND, () => takeOverCommand(fakes.services));
        expect(fire(fakes, SECOND, social, response)?.kind).toBe("rejected");
      }
      server.handle(request);
      return rejected;
    };
    fire(fakes, COORDINATOR, social, response);
    expect(handedOver).toBe(true);
    expect(readTriggerOwner(fakes.properties)).toBe(SECOND);
    expect(fakes.mailApp.sent).toHaveLength(1);
    // The former owner's next firing retires instead of sending.
    expect(fire(fakes, COORDINATOR, social, response)).toBeUndefined();
    expect(server.timesSubmitted("handed-over")).toBe(2);
    expect(fakes.mailApp.sent).toHaveLength(1);
  });
});
