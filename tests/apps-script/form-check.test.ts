// «Проверить формы»: what is wrong with each form, and the one-line fix, before the links go to schools.
import { describe, expect, it } from "vitest";
import { checkFormsCommand, createFormsCommand } from "../../apps-script/src/entry-points.js";
import { checkForms, renderFormCheck } from "../../apps-script/src/form-check.js";
import { readFormRecord, writeFormRecord } from "../../apps-script/src/settings-store.js";
import { CATALOG_VERSION, FORMS } from "../../functions/src/catalog/form-catalog.js";
import { COORDINATOR, type Fakes } from "./fakes/fake-services.js";
import { asUser, connect, preparedWithSchools } from "./fakes/scenario.js";

function built(): Fakes {
  const fakes = preparedWithSchools();
  connect(fakes);
  fakes.urlFetchApp.handler = (r) =>
    r.url.endsWith("/catalog")
      ? { status: 200, body: { catalogVersion: CATALOG_VERSION } }
      : { status: 200, body: { status: "accepted" } };
  createFormsCommand(fakes.services);
  return fakes;
}

function formByKind(fakes: Fakes, kind: string) {
  const title = FORMS.find((d) => d.kind === kind)?.title;
  const form = [...fakes.formApp.forms.values()].find((f) => f.title === title);
  if (!form) throw new Error(`no ${kind}`);
  return form;
}

function problemsOf(fakes: Fakes, title: string) {
  return checkForms(fakes.services)
    .forms.find((f) => f.title === title)
    ?.findings.filter((f) => !f.ok);
}

describe("«Проверить формы»", () => {
  it("finds nothing wrong right after «Создать формы», and says the forms are ready", () => {
    const fakes = built();
    const report = checkForms(fakes.services);
    expect(report.problems).toBe(0);
    expect(report.forms).toHaveLength(FORMS.length);
    for (const form of report.forms) expect(form.findings.length).toBeGreaterThanOrEqual(4);
    checkFormsCommand(fakes.services);
    const alert = fakes.spreadsheetApp.ui.alerts.at(-1);
    expect(alert?.title).toBe("Проверка форм");
    expect(alert?.prompt).toContain("Проблем не найдено: формы готовы к рассылке школам.");
    expect(alert?.prompt).toContain("✓ опубликована и принимает ответы");
    expect(alert?.prompt).toContain("✓ адреса отвечающих: подтверждённые (вход в аккаунт Google)");
    expect(alert?.prompt).toContain(`✓ триггер отправки ответов установлен (владелец ${COORDINATOR})`);
    expect(alert?.prompt).toContain(`✓ версия каталога ${CATALOG_VERSION}`);
  });

  it.each([
    [
      "unpublished",
      (f: Fakes) => {
        formByKind(f, "social").published = false;
        formByKind(f, "social").acceptingResponses = false;
      },
      "не опубликована",
      "запустите «Создать формы»",
    ],
    [
      "closed to answers",
      (f: Fakes) => {
        formByKind(f, "social").acceptingResponses = false;
      },
      "не принимает ответы",
      "снова откроет приём ответов",
    ],
    [
      "typed addresses",
      (f: Fakes) => {
        formByKind(f, "social").emailCollectionType = "RESPONDER_INPUT";
      },
      "вводит сам отвечающий",
      "включит подтверждённый сбор адресов",
    ],
    [
      "no submit trigger",
      (f: Fakes) => {
        const id = formByKind(f, "social").id;
        const trigger = f.scriptApp.triggers.find((t) => t.getTriggerSourceId() === id);
        if (trigger) f.scriptApp.deleteTrigger(trigger);
      },
      "нет триггера отправки ответов",
      "запустите «Создать формы»",
    ],
    [
      "an older catalog",
      (f: Fakes) => {
        const record = readFormRecord(f.properties, "social");
        if (record) writeFormRecord(f.properties, { ...record, catalogVersion: "2025.1" });
      },
      `форма построена по каталогу 2025.1, в скрипте — ${CATALOG_VERSION}`,
      "ссылка останется прежней",
    ],
    [
      "the Forms API off",
      (f: Fakes) => {
        f.formsApi.disabled = true;
      },
      "сбор адресов: не удалось прочитать",
      "включите Google Forms API",
    ],
  ])("reports a form %s, with its fix", (_label, breakIt, text, fix) => {
    const fakes = built();
    breakIt(fakes);
    const problems = problemsOf(fakes, "Социальный паспорт школы") ?? [];
    expect(problems).toHaveLength(1);
    expect(problems[0]?.text).toContain(text);
    expect(problems[0]?.fix).toContain(fix);
    const lines = renderFormCheck(checkForms(fakes.services)).join("\n");
    expect(lines).toMatch(/^Найдено проблем: \d+\./);
    expect(lines).toContain(`→ ${problems[0]?.fix}`);
  });

  it("names the owner to anyone else, who cannot see the owner's triggers", () => {
    const fakes = built();
    const report = asUser(fakes, "zam@example.org", () => checkForms(fakes.services));
    const trigger = report.forms[0]?.findings.find((f) => f.text.includes("отправку ответов ведёт"));
    expect(trigger).toMatchObject({ ok: true });
    expect(trigger?.text).toContain(COORDINATOR);
  });

  it("reports forms not built yet, a server on another catalog, and missing time triggers", () => {
    const fakes = built();
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { catalogVersion: "2099.1" } });
    for (const t of fakes.scriptApp.triggers.filter((t) => t.kind === "time"))
      fakes.scriptApp.deleteTrigger(t);
    fakes.properties.deleteProperty("shnor.form.support");
    const report = checkForms(fakes.services);
    const support = report.forms.find((f) => f.title === FORMS.find((d) => d.kind === "support")?.title);
    expect(support?.findings).toEqual([
      { ok: false, text: "форма не создана", fix: "запустите «Создать формы»" },
    ]);
    const general = report.general.filter((f) => !f.ok).map((f) => f.text);
    expect(general).toEqual([
      `версия каталога на сервере 2099.1, в скрипте ${CATALOG_VERSION}`,
      "повтор неотправленных не включён",
      "ежедневная «Досылка ответов» не включена",
    ]);
  });
});
