// The built dist/Code.js is what Apps Script can run: one plain script, entry points as globals, driven here in a `vm`.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAppsScript } from "../../apps-script/build.mjs";
import { MENU_ITEMS } from "../../apps-script/src/entry-points.js";
import type { SubmissionEnvelope } from "../../apps-script/src/submission-envelope.js";
import { CATALOG_VERSION } from "../../functions/src/catalog/form-catalog.js";
import { FakeFormResponse } from "./fakes/fake-forms.js";
import { FakeServer } from "./fakes/fake-server.js";
import { COORDINATOR, createFakes, type Fakes, gasGlobals } from "./fakes/fake-services.js";
import { connect, respond, SCHOOLS, TERRITORY } from "./fakes/scenario.js";

let dir: string;
let code: string;
let manifest: {
  timeZone: string;
  runtimeVersion: string;
  exceptionLogging: string;
  oauthScopes: string[];
};

beforeAll(async () => {
  // Built from the current sources every run (esbuild takes a fraction of a second), never a stale dist/.
  dir = await mkdtemp(join(tmpdir(), "shnor-gas-"));
  await buildAppsScript(dir);
  code = await readFile(join(dir, "Code.js"), "utf8");
  manifest = JSON.parse(await readFile(join(dir, "appsscript.json"), "utf8"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh Apps Script-like global scope with the fakes under their Apps Script names, the bundle loaded. */
function loadBundle(fakes: Fakes): Record<string, (...args: unknown[]) => unknown> {
  const context = createContext({ ...gasGlobals(fakes), console });
  runInContext(code, context, { filename: "Code.js" });
  return context as Record<string, (...args: unknown[]) => unknown>;
}

describe("the Apps Script bundle", () => {
  it("is one plain script: no import, export or require left", () => {
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/\bprocess\.|\bBuffer\b/);
  });

  it("ships the manifest: V8, Moscow time, Stackdriver logging and exactly the needed scopes (forms.body for the Forms API)", () => {
    expect(manifest.runtimeVersion).toBe("V8");
    expect(manifest.timeZone).toBe("Europe/Moscow");
    expect(manifest.exceptionLogging).toBe("STACKDRIVER");
    expect([...manifest.oauthScopes].sort()).toEqual(
      [
        "openid",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/script.external_request",
        "https://www.googleapis.com/auth/spreadsheets",
        // «Импорт файла…» reads a Drive file the coordinator names (and exports a Google Sheet as .xlsx)
        "https://www.googleapis.com/auth/drive.readonly",
        "https://www.googleapis.com/auth/forms",
        "https://www.googleapis.com/auth/forms.body",
        "https://www.googleapis.com/auth/script.scriptapp",
        "https://www.googleapis.com/auth/script.container.ui",
        "https://www.googleapis.com/auth/script.send_mail",
      ].sort(),
    );
  });

  it("declares every menu handler, trigger handler and dialog callback as a top-level function", () => {
    const names = [
      "onOpen",
      "onFormSubmit",
      "resendOutbox",
      "reconcileResponses",
      "saveConnectionSettings",
      "importFileFromDialog",
      "saveGiaMappingFromDialog",
      "undoImportFromDialog",
      ...MENU_ITEMS.flatMap((item) => (item === null ? [] : [item[1]])),
    ];
    for (const name of names) expect(code).toMatch(new RegExp(`^function ${name}\\(`, "m"));
    const globals = loadBundle(createFakes());
    for (const name of names) expect(typeof globals[name]).toBe("function");
  });

  it("opens the template's dialogs from the menu, and each page calls a server function the bundle declares", () => {
    const fakes = createFakes();
    connect(fakes);
    const gas = loadBundle(fakes);
    for (const menu of [
      "menuConnectionSettings",
      "menuCompareMethods",
      "menuFillCriteria",
      "menuApproveLists",
    ])
      gas[menu]?.();
    const pages = fakes.spreadsheetApp.ui.dialogs.map((d) => String((d.output as { html?: unknown }).html));
    const called = pages.flatMap((html) =>
      [...html.matchAll(/google\.script\.run\..*\}\)\.(\w+)\(/g)].map((m) => m[1]),
    );
    expect(called).toEqual([
      "saveConnectionSettings",
      "compareMethodsFromDialog",
      "fillCriteriaFromDialog",
      "approveListsFromDialog",
    ]);
    for (const name of called) expect(typeof gas[name ?? ""]).toBe("function");
  });

  it("onOpen adds the «ШНОР-Монитор» menu", () => {
    const fakes = createFakes();
    loadBundle(fakes).onOpen?.({});
    expect(fakes.spreadsheetApp.ui.menus.map((m) => m.title)).toEqual(["ШНОР-Монитор"]);
    expect(fakes.spreadsheetApp.ui.menus[0]?.items).toContainEqual(["Создать формы", "menuCreateForms"]);
  });

  it("runs the coordinator's path through the globals: prepare, create forms, then a school's answer is posted", () => {
    const fakes = createFakes();
    connect(fakes);
    const gas = loadBundle(fakes);
    gas.menuPrepareSheet?.();
    const schools = fakes.spreadsheet.sheet("Школы");
    SCHOOLS.forEach(([id, name], i) => {
      schools.getRange(i + 2, 1, 1, 2).setValues([[id, name]]);
    });
    gas.menuCreateForms?.();
    expect(fakes.formApp.forms.size).toBe(7);
    const form = [...fakes.formApp.forms.values()].find((f) => f.title === "Кадры");
    if (!form) throw new Error("no staff form");

    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "accepted" } });
    gas.onFormSubmit?.({
      source: form,
      response: new FakeFormResponse({
        id: "resp-42",
        timestamp: new Date("2026-03-02T09:00:00Z"),
        email: "school2@example.org",
        answers: [
          [form.item("Школа"), "МКОУ Ивановская ООШ [sch-002]"],
          [form.item("Учебный год"), "2025/2026"],
          [form.item("Число учителей"), "31"],
        ],
      }),
    });
    const [submit] = fakes.urlFetchApp.to("/submit");
    const envelope = submit?.body as SubmissionEnvelope;
    expect(envelope).toMatchObject({
      territoryId: TERRITORY,
      form: { kind: "staff", id: form.id },
      response: { id: "resp-42", respondentEmail: "school2@example.org" },
      locale: "ru_RU",
    });
    expect(envelope.answers).toContainEqual({ key: "staff.teachers", value: "31" });
    expect(envelope.answers).toContainEqual({ key: "staff.vacancies", value: null });
    expect(submit?.headers.Authorization).toBe("Bearer identity-token-of-coordinator");
  });

  it("runs the issue-9 entry points through the globals: checks, the daily reconcile, a hand-over", () => {
    const fakes = createFakes();
    connect(fakes);
    const server = new FakeServer();
    fakes.urlFetchApp.handler = (r) =>
      r.url.endsWith("/catalog")
        ? { status: 200, body: { catalogVersion: CATALOG_VERSION } }
        : server.handle(r);
    const gas = loadBundle(fakes);
    gas.menuPrepareSheet?.();
    const schools = fakes.spreadsheet.sheet("Школы");
    SCHOOLS.forEach(([id, name], i) => {
      schools.getRange(i + 2, 1, 1, 2).setValues([[id, name]]);
    });
    gas.menuCreateForms?.();
    const forms = [...fakes.formApp.forms.values()];
    expect(forms.every((f) => f.open)).toBe(true);

    gas.menuCheckForms?.();
    expect(fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt).toContain("Проблем не найдено");

    // a response whose trigger never ran is found by the daily trigger
    const staff = forms.find((f) => f.title === "Кадры");
    if (!staff) throw new Error("no staff form");
    respond(staff, { id: "lost-1" });
    gas.reconcileResponses?.();
    expect(server.timesSubmitted("lost-1")).toBe(1);
    expect(server.submitted[0]?.response.emailCollection).toBe("verified");
    gas.menuReconcile?.();
    expect(fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt).toContain("Все формы сверены.");

    // a second coordinator takes over; the first one's next trigger run retires all of them
    fakes.session.email = "zam@example.org";
    gas.menuTakeOverResponses?.();
    fakes.session.email = COORDINATOR;
    gas.resendOutbox?.();
    expect(fakes.scriptApp.triggersOf(COORDINATOR)).toEqual([]);
    expect(fakes.scriptApp.triggersOf("zam@example.org")).toHaveLength(forms.length + 2);
  });

  it("runs «Импорт файла…» and «Скачать шаблон» through the globals: the file's bytes posted, the template created", () => {
    const fakes = createFakes();
    connect(fakes);
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x80, 0xff, 0x01]);
    fakes.driveApp.add({
      id: "1AbCdEfGhIjKlMnOpQrStUv",
      name: "ОГЭ 2026.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      bytes,
    });
    fakes.urlFetchApp.handler = () => ({
      status: 200,
      body: {
        status: "applied",
        formatName: "таблица ГИА",
        file: { name: "ОГЭ 2026.xlsx" },
        rows: { read: 3, taken: 3 },
      },
    });
    const gas = loadBundle(fakes);
    gas.menuImportFile?.();
    expect(fakes.spreadsheetApp.ui.dialogs.at(-1)?.title).toBe("Импорт файла");
    const reply = gas.importFileFromDialog?.({
      file: "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUv/view",
      format: "gia",
    }) as { ok: boolean; lines: string[] };
    expect(reply.ok).toBe(true);
    const [post] = fakes.urlFetchApp.to("/import");
    expect(post?.bytes?.equals(bytes)).toBe(true);
    expect(new URL(post?.url ?? "").searchParams.get("format")).toBe("gia");

    gas.menuPrepareSheet?.();
    gas.menuDownloadTemplate?.();
    expect(fakes.spreadsheetApp.created).toHaveLength(1);
    expect(fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt).toContain(
      fakes.spreadsheetApp.created[0]?.getUrl(),
    );
  });
});
