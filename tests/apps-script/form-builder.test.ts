// «Создать формы»: every catalog question with its validation, the school dropdown, e-mail collection, rebuilds in place.
import { describe, expect, it } from "vitest";
import { ACADEMIC_YEAR_PATTERN, buildForms } from "../../apps-script/src/form-builder.js";
import { readFormRecord } from "../../apps-script/src/settings-store.js";
import { CATALOG_VERSION, FORMS, formFields } from "../../functions/src/catalog/form-catalog.js";
import { createFakes } from "./fakes/fake-services.js";
import { preparedWithSchools, SCHOOLS, withForms } from "./fakes/scenario.js";

describe("building the forms from the catalog", () => {
  it("creates the six forms with every catalog question, in order, with its kind, help and required flag", () => {
    const fakes = preparedWithSchools();
    const { form } = withForms(fakes);
    expect(fakes.formApp.forms.size).toBe(FORMS.length);
    for (const definition of FORMS) {
      const built = form(definition.kind);
      expect(built.title).toBe(definition.title);
      const questions = built.items.filter((i) => i.type !== "PAGE_BREAK" && i.type !== "SECTION_HEADER");
      expect(questions.map((q) => q.title)).toEqual(formFields(definition).map((f) => f.title));
      for (const field of formFields(definition)) {
        const item = built.item(field.title);
        expect(item.help).toBe(field.help);
        expect(item.required).toBe(field.required);
      }
      // one page per section after the first
      expect(built.items.filter((i) => i.type === "PAGE_BREAK")).toHaveLength(definition.sections.length - 1);
    }
  });

  it("checks numbers against the catalog's range and the academic year against its pattern", () => {
    const fakes = preparedWithSchools();
    const { form } = withForms(fakes);
    for (const definition of FORMS) {
      for (const field of formFields(definition)) {
        const item = form(definition.kind).item(field.title);
        if (field.type === "integer" || field.type === "number") {
          expect(item.type).toBe("TEXT");
          expect(item.validation?.criterion).toBe("NUMBER_BETWEEN");
          expect(item.validation?.args).toEqual([field.min, field.max]);
          expect(item.validation?.helpText).toMatch(/^Введите (целое )?число от/);
        }
        if (field.type === "year") expect(item.validation?.criterion).toBe("TEXT_MATCHES_PATTERN");
        if (field.type === "boolean") expect(item.choices).toEqual(["Да", "Нет"]);
        if (field.type === "multichoice") {
          expect(item.type).toBe("CHECKBOX");
          expect(item.choices).toEqual(field.options?.map((o) => o.label));
        }
      }
    }
    const pattern = new RegExp(`^${ACADEMIC_YEAR_PATTERN}$`);
    for (const typed of ["2024/2025", "2024-2025", "2024–25"]) expect(pattern.test(typed)).toBe(true);
    for (const typed of ["2024", "24/25", "две тысячи"]) expect(pattern.test(typed)).toBe(false);
  });

  it("offers the schools of «Школы» as «Наименование [код]» in a dropdown", () => {
    const fakes = preparedWithSchools();
    const { form } = withForms(fakes);
    const school = form("social").item("Школа");
    expect(school.type).toBe("LIST");
    expect(school.choices).toEqual(SCHOOLS.map(([id, name]) => `${name} [${id}]`));
  });

  it("collects verified addresses (Google sign-in) on every form except the anonymous self-diagnosis, answers go to this spreadsheet", () => {
    const fakes = preparedWithSchools();
    const { form } = withForms(fakes);
    for (const definition of FORMS) {
      const built = form(definition.kind);
      expect(built.emailCollectionType).toBe(definition.anonymous ? "DO_NOT_COLLECT" : "VERIFIED");
      expect(built.destination?.id).toBe(fakes.spreadsheet.getId());
    }
    expect(form("selfDiagnosis").collectEmail).toBe(false);
  });

  it("installs one submit trigger per form, the 10-minute outbox trigger and the daily «Досылка ответов»", () => {
    const fakes = preparedWithSchools();
    const { records } = withForms(fakes);
    const formTriggers = fakes.scriptApp.triggers.filter((t) => t.kind === "form");
    expect(formTriggers.map((t) => t.getTriggerSourceId()).sort()).toEqual(
      [...records.values()].map((r) => r.id).sort(),
    );
    expect(formTriggers.every((t) => t.getHandlerFunction() === "onFormSubmit")).toBe(true);
    const time = fakes.scriptApp.triggers.filter((t) => t.kind === "time");
    expect(time.map((t) => [t.getHandlerFunction(), t.minutes, t.days, t.hour])).toEqual([
      ["resendOutbox", 10, undefined, undefined],
      ["reconcileResponses", undefined, 1, 3],
    ]);
  });

  it("saves each form's item id → catalog key map with the catalog version", () => {
    const fakes = preparedWithSchools();
    const { form } = withForms(fakes);
    for (const definition of FORMS) {
      const record = readFormRecord(fakes.properties, definition.kind);
      expect(record?.catalogVersion).toBe(CATALOG_VERSION);
      const built = form(definition.kind);
      const mapped = Object.entries(record?.items ?? {}).map(([id, key]) => [
        built.items.find((i) => String(i.id) === id)?.title,
        key,
      ]);
      expect(mapped).toEqual(formFields(definition).map((f) => [f.title, f.key]));
    }
  });

  it("updates the same forms and items when run again: no duplicate forms, items, triggers or response tabs", () => {
    const fakes = preparedWithSchools();
    const first = withForms(fakes);
    const idsBefore = FORMS.map((d) => first.form(d.kind).items.map((i) => i.id));
    const itemCount = FORMS.map((d) => first.form(d.kind).items.length);
    // a new school arrives on «Школы» between the runs
    fakes.spreadsheet
      .sheet("Школы")
      .getRange(4, 1, 1, 2)
      .setValues([["sch-003", "МБОУ Лицей № 3"]]);
    const second = withForms(fakes);
    expect(fakes.formApp.forms.size).toBe(FORMS.length);
    expect(FORMS.map((d) => second.form(d.kind).items.map((i) => i.id))).toEqual(idsBefore);
    expect(FORMS.map((d) => second.form(d.kind).items.length)).toEqual(itemCount);
    expect(fakes.scriptApp.triggers).toHaveLength(FORMS.length + 2);
    for (const d of FORMS) expect(second.form(d.kind).setDestinationCalls).toBe(1);
    expect(second.form("gia").item("Школа").choices).toContain("МБОУ Лицей № 3 [sch-003]");
  });

  it("puts back questions deleted by hand and replaces a form deleted by hand", () => {
    const fakes = preparedWithSchools();
    const first = withForms(fakes);
    const staff = first.form("staff");
    staff.deleteItem(staff.item("Вакансии учителей"));
    fakes.formApp.forms.delete(first.records.get("support")?.id ?? "");
    const second = withForms(fakes);
    const titles = second.form("staff").items.map((i) => i.title);
    expect(titles.filter((t) => t === "Вакансии учителей")).toHaveLength(1);
    expect(titles.indexOf("Вакансии учителей")).toBe(titles.indexOf("Учителя старше 55 лет") + 1);
    expect(second.records.get("support")?.id).not.toBe(first.records.get("support")?.id);
  });

  it("refuses to build forms while «Школы» has no school, saying what to fill in", () => {
    const fakes = createFakes();
    const result = buildForms(fakes.services, fakes.spreadsheet);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.message).toContain("«Школы»");
    expect(fakes.formApp.forms.size).toBe(0);
  });
});
