// The Apps Script client (delivery, «Повторить неотправленные», «Досылка ответов») against the REAL `api` on the emulator.
//
// The fakes stand in only for Google's services (Forms, Sheets, mail, properties, lock); every request to our
// function goes over HTTP to the real function in a child process (tests/apps-script/fakes/real-api.ts), so the
// client's reading of the answers is checked against what the server really answers, not against the contract.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createFormsCommand,
  formSubmitCommand,
  reconcileMenuCommand,
  resendCommand,
  syncDataCommand,
} from "../../apps-script/src/entry-points.js";
import { appendEntry, ensureOutboxSheet, OUTBOX_TAB, readOutbox } from "../../apps-script/src/outbox.js";
import { readFormRecord } from "../../apps-script/src/settings-store.js";
import { buildEnvelope } from "../../apps-script/src/submission-envelope.js";
import { CATALOG_VERSION, FORMS } from "../../functions/src/catalog/form-catalog.js";
import { clearEmulatorProject } from "../../functions/src/store/firestore-emulator.js";
import { openStore, type Store } from "../../functions/src/store/open-store.js";
import type { FakeForm, FakeFormResponse } from "../apps-script/fakes/fake-forms.js";
import { COORDINATOR, type Fakes } from "../apps-script/fakes/fake-services.js";
import { killable, RunKilled } from "../apps-script/fakes/kill-switch.js";
import {
  identityToken,
  type RealApi,
  RealUrlFetchApp,
  realServices,
  SyncHttp,
  startRealApi,
} from "../apps-script/fakes/real-api.js";
import { connect, preparedWithSchools, respond, TERRITORY } from "../apps-script/fakes/scenario.js";
import { emulatorHost, uniqueProjectId } from "../support/emulator.js";

const SCHOOL_1 = "МБОУ СОШ № 1 [sch-001]";
const SCHOOL_2 = "МКОУ Ивановская ООШ [sch-002]";
const EMAILS: Record<string, string> = { "sch-001": "school1@example.org", "sch-002": "school2@example.org" };

let host: string;
let projectId: string;
let api: RealApi;
let store: Store;
const http = new SyncHttp();

async function start(options: { dieBeforeSettle?: string[] } = {}): Promise<RealApi> {
  return startRealApi(
    {
      projectId,
      firestoreEmulatorHost: host,
      territories: [
        {
          id: TERRITORY,
          name: "Кировский район",
          spreadsheetId: "sheet-1",
          coordinators: [COORDINATOR],
          timeZone: "Europe/Moscow",
        },
      ],
    },
    options,
  );
}

interface Client {
  fakes: Fakes;
  fetchApp: RealUrlFetchApp;
  services: Fakes["services"];
  form(kind: string): FakeForm;
  lastAlert(): string;
}

/** A coordinator's sheet with the registry (and the schools' addresses), connected, forms built, talking to `api`. */
function client(sync = false): Client {
  const fakes = preparedWithSchools();
  const schools = fakes.spreadsheet.sheet("Школы");
  const headers = schools.getRange(1, 1, 1, schools.getLastColumn()).getValues()[0] ?? [];
  const emailColumn = headers.indexOf("Электронная почта") + 1;
  if (emailColumn === 0) throw new Error("no «Электронная почта» column");
  schools.getRange(2, emailColumn, 2, 1).setValues([[EMAILS["sch-001"]], [EMAILS["sch-002"]]]);
  connect(fakes);
  const fetchApp = new RealUrlFetchApp(fakes, http, () => api.url);
  const services = realServices(fakes, fetchApp, COORDINATOR);
  if (sync) syncDataCommand(services);
  createFormsCommand(services);
  return {
    fakes,
    fetchApp,
    services,
    form(kind) {
      const title = FORMS.find((d) => d.kind === kind)?.title;
      const found = [...fakes.formApp.forms.values()].find((f) => f.title === title);
      if (!found) throw new Error(`no ${kind} form`);
      return found;
    },
    lastAlert: () => fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt ?? "",
  };
}

let counter = 0;
/** A school's «Кадры» answer; `id` keeps responses of different tests apart on the shared server. */
function staffAnswer(
  form: FakeForm,
  options: { id?: string; at?: string; school?: string; email?: string; year?: string; teachers?: string },
): FakeFormResponse {
  const school = options.school ?? SCHOOL_1;
  return respond(form, {
    id: options.id ?? `real-${++counter}`,
    ...(options.at !== undefined ? { at: options.at } : {}),
    school,
    email: options.email ?? EMAILS[/\[(.+)\]$/.exec(school)?.[1] ?? ""] ?? "",
    answers: [
      ["Учебный год", options.year ?? "2025/2026"],
      ["Число учителей", options.teachers ?? "30"],
    ],
  });
}

const held = (formId: string, responseId: string) =>
  store.submissions.getResponse({ territoryId: TERRITORY, formId, responseId });

beforeAll(async () => {
  host = emulatorHost();
  projectId = uniqueProjectId("gas-real");
  store = openStore({ projectId, firestoreEmulatorHost: host });
  api = await start();
  // the registry reaches the server the way a coordinator sends it: «Синхронизировать данные»
  const first = client(true);
  expect(first.lastAlert()).not.toMatch(/не отправлены/);
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await http.close();
  await store?.close();
  if (projectId !== undefined) await clearEmulatorProject(host, projectId);
});

describe("the Apps Script client against the real api", () => {
  it("«Досылка ответов» finds an answer whose trigger never ran, delivers it once, and finds nothing the next time", async () => {
    const c = client();
    const staff = c.form("staff");
    const sent = staffAnswer(staff, { year: "2021/2022", teachers: "30" });
    expect(formSubmitCommand(c.services, { source: staff, response: sent })).toMatchObject({
      kind: "accepted",
    });
    // the trigger of this one never ran (daily trigger quota): only the form has it
    const lost = staffAnswer(staff, { school: SCHOOL_2, year: "2021/2022", teachers: "41" });

    reconcileMenuCommand(c.services);
    expect(c.lastAlert()).toContain("Не хватало на сервере: 1");
    expect(c.lastAlert()).toContain("Все формы сверены.");
    expect(c.fetchApp.timesSubmitted(sent.getId())).toBe(1);
    expect(c.fetchApp.timesSubmitted(lost.getId())).toBe(1);
    expect((await store.territories.getStoredFact(TERRITORY, "sch-002", "2021/2022"))?.facts.staff).toEqual({
      teachers: 41,
    });

    reconcileMenuCommand(c.services);
    expect(c.lastAlert()).toContain("Не хватало на сервере: 0");
    expect(c.fetchApp.to("/submit")).toHaveLength(2);
  });

  it("finds a lost edit: the server holds the first version, «Досылка ответов» sends the edit", async () => {
    const c = client();
    const staff = c.form("staff");
    const first = staffAnswer(staff, { at: "2026-03-02T09:00:00Z", year: "2022/2023", teachers: "30" });
    formSubmitCommand(c.services, { source: staff, response: first });
    // the school edits the response; that trigger is lost
    staffAnswer(staff, { id: first.getId(), at: "2026-03-05T12:00:00Z", year: "2022/2023", teachers: "33" });

    reconcileMenuCommand(c.services);
    expect(c.lastAlert()).toContain("Не хватало на сервере: 1");
    expect((await held(staff.id, first.getId())).current).toMatchObject({
      status: "accepted",
      submittedAt: "2026-03-05T12:00:00.000Z",
    });
    expect((await store.territories.getStoredFact(TERRITORY, "sch-001", "2022/2023"))?.facts.staff).toEqual({
      teachers: 33,
    });
    reconcileMenuCommand(c.services);
    expect(c.lastAlert()).toContain("Не хватало на сервере: 0");
  });

  it("202, 409 and a refused address are final: never queued, never resent, one letter, all on «Ошибки»", async () => {
    const c = client();
    const staff = c.form("staff");
    const refused = staffAnswer(staff, { email: "stranger@example.org" });
    const original = staffAnswer(staff, { at: "2026-03-06T09:00:00Z", teachers: "30" });
    const deliveries = [
      formSubmitCommand(c.services, { source: staff, response: refused }),
      formSubmitCommand(c.services, { source: staff, response: original }),
      // same response, same time, other answers (a forged or broken client): the server keeps both
      formSubmitCommand(c.services, {
        source: staff,
        response: staffAnswer(staff, { id: original.getId(), at: "2026-03-06T09:00:00Z", teachers: "35" }),
      }),
    ];
    // the coordinator switches the form back to typed addresses: answers are stored, not counted
    staff.emailCollectionType = "RESPONDER_INPUT";
    const typed = staffAnswer(staff, { email: "zavuch@mail.example" });
    deliveries.push(formSubmitCommand(c.services, { source: staff, response: typed }));
    expect(deliveries.map((d) => d?.kind)).toEqual(["rejected", "accepted", "conflict", "pending"]);
    expect(c.fakes.mailApp.sent.map((m) => m.to)).toEqual(["stranger@example.org"]);
    expect(readOutbox(c.fakes.spreadsheet.sheet(OUTBOX_TAB))).toHaveLength(0);

    const before = c.fetchApp.to("/submit").length;
    resendCommand(c.services);
    reconcileMenuCommand(c.services);
    expect(c.lastAlert()).toContain("Не хватало на сервере: 0");
    expect(c.fetchApp.to("/submit")).toHaveLength(before);
    expect(c.fakes.mailApp.sent).toHaveLength(1);

    const listed = await store.submissions.listRejected(TERRITORY);
    const reasons = (id: string) =>
      listed
        .filter((r) => r.responseId === id)
        .flatMap((r) => r.errors.map((e) => e.message))
        .join(" ");
    expect(reasons(refused.getId())).toMatch(/stranger@example.org не указан у школы/);
    expect(reasons(original.getId())).toMatch(/конфликт версий/);
    expect(reasons(typed.getId())).toMatch(/адрес не подтверждён/);
  });

  it("an outage queues the answer; «Повторить неотправленные» delivers it once the function is back", async () => {
    const c = client();
    const staff = c.form("staff");
    await api.stop();
    const answer = staffAnswer(staff, { year: "2023/2024", teachers: "27" });
    expect(formSubmitCommand(c.services, { source: staff, response: answer })).toMatchObject({
      kind: "queued",
      attempts: 4,
    });
    expect(readOutbox(c.fakes.spreadsheet.sheet(OUTBOX_TAB))).toHaveLength(1);

    api = await start();
    expect(resendCommand(c.services)).toMatchObject({ delivered: 1, left: 0 });
    expect(readOutbox(c.fakes.spreadsheet.sheet(OUTBOX_TAB))).toHaveLength(0);
    expect((await held(staff.id, answer.getId())).current?.status).toBe("accepted");
    reconcileMenuCommand(c.services);
    expect(c.lastAlert()).toContain("Не хватало на сервере: 0");
  }, 60_000);

  it("an instance killed between storing and settling: the raw envelope is kept, the retry settles it once", async () => {
    const c = client();
    const staff = c.form("staff");
    const id = `crash-${Date.now()}`;
    await api.stop();
    api = await start({ dieBeforeSettle: [id] });
    const answer = staffAnswer(staff, { id, year: "2024/2025", teachers: "19" });
    // the first attempt kills the process mid-request, the next three find nobody listening
    expect(formSubmitCommand(c.services, { source: staff, response: answer })).toMatchObject({
      kind: "queued",
    });
    await api.exited;
    const stored = await held(staff.id, id);
    expect(stored.versions).toHaveLength(1);
    expect(stored.current).toBeUndefined();

    api = await start();
    // «Досылка ответов» asks first: a stored but unsettled version is not held, so it is sent again
    reconcileMenuCommand(c.services);
    expect(c.lastAlert()).toContain("Не хватало на сервере: 1");
    expect(readOutbox(c.fakes.spreadsheet.sheet(OUTBOX_TAB))).toHaveLength(0);
    const settled = await held(staff.id, id);
    expect(settled.current).toMatchObject({ status: "accepted", settledVersions: 1 });
    expect(settled.versions).toHaveLength(1);
    expect((await store.territories.getStoredFact(TERRITORY, "sch-001", "2024/2025"))?.facts.staff).toEqual({
      teachers: 19,
    });
  }, 60_000);

  it("a resend run killed at any service call, then run again: the outbox empties, one letter at most, all held", async () => {
    /** Three queued answers (accepted, refused, unconfirmed) of one sheet, none of them on the server yet. */
    function queued(tag: string) {
      const c = client();
      const staff = c.form("staff");
      const record = readFormRecord(c.fakes.properties, "staff");
      if (!record) throw new Error("no staff record");
      const answers = [
        staffAnswer(staff, { id: `${tag}-ok`, year: "2020/2021" }),
        staffAnswer(staff, { id: `${tag}-refused`, email: "stranger@example.org" }),
      ];
      const sheet = ensureOutboxSheet(c.fakes.spreadsheet);
      for (const answer of answers)
        appendEntry(
          sheet,
          buildEnvelope(TERRITORY, record, answer, "ru_RU", "verified"),
          1,
          "нет связи",
          new Date(),
          "Кадры",
        );
      appendEntry(
        sheet,
        buildEnvelope(
          TERRITORY,
          record,
          staffAnswer(staff, { id: `${tag}-typed`, email: "typed@mail.example" }),
          "ru_RU",
          "responder_input",
        ),
        1,
        "нет связи",
        new Date(),
        "Кадры",
      );
      return { c, staff, ids: [`${tag}-ok`, `${tag}-refused`, `${tag}-typed`] };
    }
    const dry = queued(`dry-${Date.now()}`);
    const probe = killable(dry.c.services, () => false);
    expect(resendCommand(probe.services)).toMatchObject({ delivered: 1, rejected: 1, pending: 1, left: 0 });
    expect(probe.state.calls).toBeGreaterThan(10);

    for (let k = 1; k <= probe.state.calls; k += 2) {
      const { c, staff, ids } = queued(`kill-${k}-${Date.now()}`);
      const killed = killable(c.services, (call) => call.index === k);
      expect(() => resendCommand(killed.services)).toThrow(RunKilled);
      c.fakes.lockService.held = false; // Apps Script releases a dead run's lock
      expect(resendCommand(c.services), `kill at ${k}`).toMatchObject({ left: 0 });
      expect(readOutbox(c.fakes.spreadsheet.sheet(OUTBOX_TAB)), `kill at ${k}`).toHaveLength(0);
      expect(c.fakes.mailApp.sent.length, `kill at ${k}`).toBeLessThanOrEqual(1);
      const states = await Promise.all(ids.map(async (id) => (await held(staff.id, id)).current?.status));
      expect(states, `kill at ${k}`).toEqual(["accepted", "rejected", "pending"]);
    }
  }, 240_000);

  it("onFormSubmit killed at any service call: «Досылка ответов» settles the answer, counted once, one letter at most", async () => {
    const dry = client();
    const dryStaff = dry.form("staff");
    const probe = killable(dry.services, () => false);
    formSubmitCommand(probe.services, {
      source: dryStaff,
      response: staffAnswer(dryStaff, { email: "stranger@example.org" }),
    });
    expect(probe.state.calls).toBeGreaterThan(5);

    for (let k = 1; k <= probe.state.calls; k += 1) {
      const c = client();
      const staff = c.form("staff");
      const refused = staffAnswer(staff, {
        id: `submit-kill-${k}-${Date.now()}`,
        email: "stranger@example.org",
      });
      const killed = killable(c.services, (call) => call.index === k);
      try {
        formSubmitCommand(killed.services, { source: staff, response: refused });
      } catch (error) {
        if (!(error instanceof RunKilled)) throw error;
      }
      c.fakes.lockService.held = false; // Apps Script releases a dead run's lock
      resendCommand(c.services);
      reconcileMenuCommand(c.services);
      expect(c.lastAlert(), `kill at ${k}`).toContain("Все формы сверены.");
      expect((await held(staff.id, refused.getId())).current?.status, `kill at ${k}`).toBe("rejected");
      expect(readOutbox(c.fakes.spreadsheet.sheet(OUTBOX_TAB)), `kill at ${k}`).toHaveLength(0);
      expect(c.fakes.mailApp.sent.length, `kill at ${k}`).toBeLessThanOrEqual(1);
    }
  }, 240_000);

  // An envelope past 900,000 bytes can never be kept whole: the server keeps it cut as a rejected version (so
  // /receipts counts it as held) and answers 413, which the client takes as a final rejection with one letter.
  it("an answer the server can never keep (413) is not sent again and again, and the school is told once", () => {
    const c = client();
    const staff = c.form("staff");
    const huge = staffAnswer(staff, { teachers: "я".repeat(460_000) });
    formSubmitCommand(c.services, { source: staff, response: huge });
    expect(c.fetchApp.to("/submit").map((r) => r.status)).toEqual([413]);
    resendCommand(c.services);
    reconcileMenuCommand(c.services);
    expect(c.fetchApp.timesSubmitted(huge.getId())).toBe(1);
    expect(c.fakes.mailApp.sent).toHaveLength(1);
    expect(c.fakes.mailApp.sent[0]?.body).toMatch(/ответ слишком большой/);
  }, 60_000);

  it("1,001 responses of one form: /receipts is asked about 1,000 and then 1, and only the missing one is sent", async () => {
    const c = client();
    const staff = c.form("staff");
    const record = readFormRecord(c.fakes.properties, "staff");
    if (!record) throw new Error("no staff record");
    const tag = `bulk-${Date.now()}`;
    const answers = Array.from({ length: 1_001 }, (_, i) =>
      staffAnswer(staff, {
        id: `${tag}-${String(i).padStart(4, "0")}`,
        at: new Date(Date.UTC(2026, 3, 1) + i * 1000).toISOString(),
        // a school that is not in the registry: each is refused, and refused is held too
        school: "Школа вне реестра [sch-999]",
        email: "school1@example.org",
      }),
    );
    // the server already holds all but the last (delivered earlier, as if by their triggers)
    const envelopes = answers
      .slice(0, 1_000)
      .map((a) => buildEnvelope(TERRITORY, record, a, "ru_RU", "verified"));
    for (let i = 0; i < envelopes.length; i += 25) {
      const statuses = await Promise.all(
        envelopes.slice(i, i + 25).map(async (envelope) => {
          const response = await fetch(`${api.url}/submit`, {
            method: "POST",
            headers: {
              Authorization: `Bearer ${c.fakes.scriptApp.token}`,
              "Content-Type": "application/json",
            },
            body: JSON.stringify(envelope),
          });
          return response.status;
        }),
      );
      expect(new Set(statuses)).toEqual(new Set([422]));
    }

    reconcileMenuCommand(c.services);
    expect(
      c.fetchApp.to("/receipts").map((r) => (r.body as { responses: unknown[] }).responses.length),
    ).toEqual([1_000, 1]);
    expect(c.fetchApp.to("/receipts").map((r) => r.status)).toEqual([200, 200]);
    expect(c.fetchApp.to("/submit").map((r) => (r.body as { response: { id: string } }).response.id)).toEqual(
      [answers[1_000]?.getId()],
    );
    expect(c.lastAlert()).toContain("Сверено ответов: 1001. Не хватало на сервере: 1");
    // one refusal letter, for the one sent now (the others were refused before this sheet sent anything)
    expect(c.fakes.mailApp.sent).toHaveLength(1);
  }, 180_000);
});

// Contention between two processes is resolved by the emulator only after its ~30 s transaction lock timeout
// (firebase/firebase-tools#2452, #1629; production Firestore aborts the younger transaction at once), so each race
// is run once, with room for that wait: what is checked is the outcome, not the time.
describe("two instances of the function racing on one response", () => {
  let other: RealApi;
  beforeAll(async () => {
    other = await start();
  }, 60_000);
  afterAll(async () => {
    await other?.stop();
  });

  const envelope = (
    id: string,
    submittedAt: string,
    teachers: string,
    school = SCHOOL_1,
    year = "2019/2020",
  ) => ({
    format: "shnor-submission",
    version: 1,
    territoryId: TERRITORY,
    form: { kind: "staff", id: "form-racing", catalogVersion: CATALOG_VERSION },
    response: { id, submittedAt, respondentEmail: COORDINATOR, emailCollection: "verified" },
    answers: [
      { key: "school", value: school },
      { key: "year", value: year },
      { key: "staff.teachers", value: teachers },
    ],
    locale: "ru_RU",
  });
  const post = async (instance: RealApi, body: unknown) => {
    const response = await fetch(`${instance.url}/submit`, {
      method: "POST",
      headers: { Authorization: `Bearer ${identityToken(COORDINATOR)}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { status: string } };
  };

  it("the same instant with other answers on each: one counts, the other is 409, both raw kept", async () => {
    for (let round = 0; round < 1; round++) {
      const id = `twin-${round}-${Date.now()}`;
      const answers = await Promise.all([
        post(api, envelope(id, "2026-05-01T10:00:00Z", "30")),
        post(other, envelope(id, "2026-05-01T10:00:00Z", "31")),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect((await held("form-racing", id)).versions).toHaveLength(2);
    }
  }, 180_000);

  it("an identical replay on each at once: accepted once, the other a duplicate, one version settled", async () => {
    const id = `replay-${Date.now()}`;
    const body = envelope(id, "2026-05-02T10:00:00Z", "22");
    const answers = await Promise.all([post(api, body), post(other, body)]);
    expect(answers.map((a) => a.body.status).sort()).toEqual(["accepted", "duplicate"]);
    expect((await held("form-racing", id)).current).toMatchObject({ status: "accepted", settledVersions: 1 });
  }, 180_000);

  it("an edit on one racing its original on the other, and a move racing an edit: the latest version wins", async () => {
    for (let round = 0; round < 1; round++) {
      const id = `edit-race-${round}-${Date.now()}`;
      await Promise.all([
        post(api, envelope(id, "2026-05-03T10:00:00Z", "20", SCHOOL_1, "2018/2019")),
        post(other, envelope(id, "2026-05-03T10:05:00Z", "21", SCHOOL_1, "2018/2019")),
      ]);
      expect((await held("form-racing", id)).current?.submittedAt).toBe("2026-05-03T10:05:00Z");
      // the school moves it to the other school (latest) while an older edit is in flight
      await Promise.all([
        post(other, envelope(id, "2026-05-03T10:20:00Z", "23", SCHOOL_2, "2018/2019")),
        post(api, envelope(id, "2026-05-03T10:10:00Z", "22", SCHOOL_1, "2018/2019")),
      ]);
      const holds = async (school: string) =>
        (await store.territories.getStoredFact(TERRITORY, school, "2018/2019"))?.sources.some((s) =>
          s.submission.endsWith(id),
        ) ?? false;
      expect([await holds("sch-001"), await holds("sch-002")]).toEqual([false, true]);
    }
  }, 240_000);
});
