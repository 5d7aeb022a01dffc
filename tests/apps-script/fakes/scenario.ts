// Shared test steps: a connected, prepared spreadsheet with schools, and the forms built from the catalog.
import { deliverSubmission } from "../../../apps-script/src/delivery.js";
import { createFormsCommand } from "../../../apps-script/src/entry-points.js";
import { buildForms } from "../../../apps-script/src/form-builder.js";
import { type FormRecord, readConnection, writeConnection } from "../../../apps-script/src/settings-store.js";
import { prepareSpreadsheet } from "../../../apps-script/src/sheet-preparation.js";
import type { SubmissionEnvelope } from "../../../apps-script/src/submission-envelope.js";
import { CATALOG_VERSION, FORMS } from "../../../functions/src/catalog/form-catalog.js";
import { type FakeForm, FakeFormResponse, type FakeItem } from "./fake-forms.js";
import { FakeServer } from "./fake-server.js";
import { COORDINATOR, createFakes, type Fakes } from "./fake-services.js";

export const API_URL = "https://api-test.a.run.app";
export const TERRITORY = "kirovsky-rayon";

export const SCHOOLS: readonly [string, string][] = [
  ["sch-001", "МБОУ СОШ № 1"],
  ["sch-002", "МКОУ Ивановская ООШ"],
];

/** Saves the connection as the dialog would. */
export function connect(fakes: Fakes): void {
  writeConnection(fakes.properties, { apiUrl: API_URL, territoryId: TERRITORY });
}

/** Prepared spreadsheet with the registry filled in (codes and names under their headers). */
export function preparedWithSchools(): Fakes {
  const fakes = createFakes();
  prepareSpreadsheet(fakes.spreadsheetApp, fakes.spreadsheet, COORDINATOR);
  const sheet = fakes.spreadsheet.sheet("Школы");
  SCHOOLS.forEach(([id, name], i) => {
    sheet.getRange(i + 2, 1, 1, 2).setValues([[id, name]]);
  });
  return fakes;
}

/** A connected, prepared spreadsheet with the registry: where a school's answer can be delivered or queued. */
export function connected(): Fakes {
  const fakes = preparedWithSchools();
  connect(fakes);
  return fakes;
}

/** A school's «social» answer as the script sends it: `students` as typed, one response version per `submittedAt`. */
export function socialEnvelope(
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

/** The forms built by «Создать формы», by kind. */
export function withForms(fakes: Fakes): {
  records: Map<string, FormRecord>;
  form: (kind: string) => FakeForm;
} {
  const built = buildForms(fakes.services, fakes.spreadsheet);
  if (!built.success) throw new Error(built.error.message);
  const records = new Map(built.data.records.map((r) => [r.kind as string, r]));
  return {
    records,
    form: (kind) => {
      const record = records.get(kind);
      if (!record) throw new Error(`no form ${kind}`);
      return fakes.formApp.openById(record.id);
    },
  };
}

/** Runs `body` as another Google account (a second coordinator, or a trigger's owner), then switches back. */
export function asUser<T>(fakes: Fakes, email: string, body: () => T): T {
  const before = fakes.session.email;
  fakes.session.email = email;
  try {
    return body();
  } finally {
    fakes.session.email = before;
  }
}

let responseCounter = 0;

/**
 * A school fills the form: the response is stored in the form (as Forms does) and returned, for the test to
 * hand to onFormSubmit — or not, as when a trigger never ran.
 */
export function respond(
  form: FakeForm,
  options: { id?: string; at?: string; email?: string; school?: string; answers?: [string, unknown][] } = {},
): FakeFormResponse {
  responseCounter += 1;
  const answers: [FakeItem, unknown][] = (options.answers ?? []).map(([title, value]) => [
    form.item(title),
    value,
  ]);
  if (options.school !== undefined) answers.unshift([form.item("Школа"), options.school]);
  return form.submit(
    new FakeFormResponse({
      id: options.id ?? `resp-${responseCounter}`,
      timestamp: new Date(options.at ?? Date.UTC(2026, 2, 2, 9, 0, responseCounter)),
      email: options.email ?? "school1@example.org",
      answers,
    }),
  );
}

/**
 * A connected sheet whose forms «Создать формы» built, answering through a fake server that keeps what it is sent:
 * the set-up of the tests that follow answers from the form to the store.
 */
export function withServerAndForms(): { fakes: Fakes; server: FakeServer; form: (kind: string) => FakeForm } {
  const fakes = connected();
  const server = new FakeServer();
  fakes.urlFetchApp.handler = (r) => server.handle(r);
  createFormsCommand(fakes.services);
  const form = (kind: string) => {
    const title = FORMS.find((d) => d.kind === kind)?.title;
    const found = [...fakes.formApp.forms.values()].find((f) => f.title === title);
    if (!found) throw new Error(`no ${kind} form`);
    return found;
  };
  return { fakes, server, form };
}

/** An envelope through the delivery, with the saved connection: what the form-submit trigger does after building it. */
export function deliver(fakes: Fakes, envelope: SubmissionEnvelope) {
  return deliverSubmission(fakes.services, fakes.spreadsheet, readConnection(fakes.properties), envelope);
}
