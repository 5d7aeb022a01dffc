// Unverified respondent addresses (issue 9 §1) over HTTP: stored and answered 202, not counted, listed on «Ошибки» until a /sync confirms them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coordinatorTabs, type SampleEnvelope } from "../../functions/src/sample/sample-submissions.js";
import type { Workbook } from "../../functions/src/sheets/workbook-model.js";
import {
  type ApiHarness,
  bearer,
  firstOf,
  recordingWriter,
  startApi,
  TERRITORY,
  withAnswers,
} from "./api-fixture.js";

let api: ApiHarness;
const written: Workbook[] = [];

beforeAll(async () => {
  api = await startApi(
    {
      writer: recordingWriter(written),
      // every change publishes at once, so the last workbook written is what the sheet shows
      minPublishIntervalMs: 0,
    },
    { schools: 12 },
  );
  await api.syncSample();
  await api.runtime.store.territories.importFacts(TERRITORY, api.dataset.facts, "import:sample", new Date());
}, 60_000);

afterAll(async () => {
  await api?.close();
});

const submit = (envelope: unknown) =>
  api.request
    .post("/submit")
    .set("Authorization", bearer())
    .send(envelope as object);

/** The rows of «Ошибки» in the last workbook written. */
function errorRows(): string[][] {
  const tab = written.at(-1)?.tabs.find((t) => t.name === "Ошибки");
  return (tab?.rows ?? []).map((row) => row.map((cell) => String(cell ?? "")));
}

const results = async () =>
  (await api.request.get("/results").query({ territoryId: TERRITORY }).set("Authorization", bearer())).body;

const schoolOf = (envelope: SampleEnvelope) =>
  /\[(.+)\]$/.exec(String(envelope.answers[0]?.value))?.[1] ?? "";

describe("an unverified respondent address", () => {
  it("is stored and answered 202; nothing counts until /sync finds the address on the school's row", async () => {
    const recalculated = await api.request
      .post("/recalculate")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY });
    expect(recalculated.status).toBe(200);
    const before = await results();
    const base = firstOf(api.envelopes, "social", 2);
    const schoolId = schoolOf(base);
    const year = String(base.answers[1]?.value);
    const factsBefore = await api.runtime.store.territories.getStoredFact(TERRITORY, schoolId, year);

    const typed: SampleEnvelope = {
      ...withAnswers(base, { "social.onPreventiveRegister": "0", "social.remote": "Да" }),
      response: {
        ...base.response,
        id: "typed-address-1",
        submittedAt: "2026-06-25T09:00:00Z",
        respondentEmail: "zavuch.sosnovka@mail.example",
        emailCollection: "responder_input",
      } as SampleEnvelope["response"],
    };
    const response = await submit(typed);
    expect(response.status).toBe(202);
    expect(response.body.status).toBe("pending_confirmation");
    expect(response.body.message).toMatch(/адрес респондента не подтверждён/);
    // a replay is the same final answer, never a 200 that would count it
    expect((await submit(typed)).status).toBe(202);

    expect(await api.runtime.store.territories.getStoredFact(TERRITORY, schoolId, year)).toEqual(factsBefore);
    expect(await results()).toEqual(before);
    const pendingRow = errorRows().find((r) => r.some((cell) => cell.includes("адрес не подтверждён")));
    expect(pendingRow).toBeDefined();
    expect(pendingRow).toContain("zavuch.sosnovka@mail.example");

    // the coordinator adds the address to the school's «Электронная почта» and syncs
    const dataset = {
      ...api.dataset,
      schools: api.dataset.schools.map((s) =>
        s.id === schoolId ? { ...s, emails: [...(s.emails ?? []), "zavuch.sosnovka@mail.example"] } : s,
      ),
    };
    const sync = await api.request
      .post("/sync")
      .set("Authorization", bearer())
      .send({ territoryId: TERRITORY, tabs: coordinatorTabs(dataset) });
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ status: "ok", errors: [], confirmed: 1 });

    const after = await api.runtime.store.territories.getStoredFact(TERRITORY, schoolId, year);
    expect(after?.facts.social).toMatchObject({ onPreventiveRegister: 0, remote: true });
    expect(errorRows().some((r) => r.some((cell) => cell.includes("адрес не подтверждён")))).toBe(false);
  });

  it("a verified address that is not the school's is refused (403), as before", async () => {
    const base = firstOf(api.envelopes, "staff", 3);
    const response = await submit({
      ...base,
      response: {
        ...base.response,
        id: "verified-stranger",
        respondentEmail: "stranger@gmail.com",
        emailCollection: "verified",
      },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("respondent_not_allowed");
  });
});

describe("an envelope from an older script (no emailCollection)", () => {
  it("is accepted as before, and «Ошибки» asks once to update the script until a current one writes", async () => {
    const sent = firstOf(api.envelopes, "staff", 4);
    // the sample sends what a current script sends; an older script had no emailCollection
    const { emailCollection: _current, ...olderResponse } = sent.response;
    const old = { ...sent, response: olderResponse };
    const first = await submit({ ...old, response: { ...old.response, id: "old-script-1" } });
    expect(first.status).toBe(200);
    const second = await submit({ ...old, response: { ...old.response, id: "old-script-2" } });
    expect(second.status).toBe(200);
    const notices = errorRows().filter((r) => r.some((cell) => cell.startsWith("Скрипт таблицы устарел")));
    expect(notices).toHaveLength(1);
    expect(errorRows()[0]).toEqual(notices[0]);

    const current = firstOf(api.envelopes, "staff", 5);
    const updated = await submit({
      ...current,
      response: { ...current.response, id: "new-script-1", emailCollection: "verified" },
    });
    expect(updated.status).toBe(200);
    expect(errorRows().some((r) => r.some((cell) => cell.startsWith("Скрипт таблицы устарел")))).toBe(false);
  });
});
