// GET /catalog's body: a client can build every form and every coordinator tab from this JSON alone.
import { describe, expect, it } from "vitest";
import { describeCatalog } from "../../functions/src/catalog/catalog-description.js";
import { COORDINATOR_TABS } from "../../functions/src/catalog/coordinator-tabs.js";
import { CATALOG_VERSION, FORMS, formFields } from "../../functions/src/catalog/form-catalog.js";
import {
  parseObjectionAnswers,
  parseSubmissionAnswers,
} from "../../functions/src/catalog/submission-answers.js";
import { parseSyncTabs } from "../../functions/src/catalog/sync-tabs.js";

describe("describeCatalog", () => {
  const catalog = describeCatalog();

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(catalog))).toEqual(catalog);
    expect(JSON.stringify(catalog)).not.toContain("undefined");
  });

  it("describes every form question with key, Russian title, help, type, range, required and options", () => {
    expect(catalog.catalogVersion).toBe(CATALOG_VERSION);
    expect(catalog.forms.map((f) => f.kind)).toEqual(FORMS.map((f) => f.kind));
    for (const form of FORMS) {
      const described = catalog.forms.find((f) => f.kind === form.kind);
      expect(described?.fields.map((f) => f.key)).toEqual(formFields(form).map((f) => f.key));
      expect(described?.sections.map((s) => s.title)).toEqual(form.sections.map((s) => s.title));
    }
    const students = catalog.forms[0]?.fields.find((f) => f.key === "social.students");
    expect(students).toEqual({
      key: "social.students",
      title: "Число обучающихся",
      help: "Все обучающиеся школы на начало учебного года.",
      type: "integer",
      required: true,
      min: 0,
      max: 20000,
      datasetPath: "social.students",
      section: "Контингент обучающихся",
    });
    const deficits = catalog.forms.find((f) => f.kind === "selfDiagnosis");
    expect(deficits?.anonymous).toBe(true);
    expect(deficits?.fields[2]?.options?.[0]).toEqual({
      value: "subjectContent",
      label: "Предметное содержание (знание своего предмета)",
    });
  });

  it("describes the nine coordinator tabs with their Russian headers, keys and types", () => {
    expect(catalog.coordinatorTabs.map((t) => t.name)).toEqual([
      "Школы",
      "Настройки",
      "Критерии выявления",
      "Эталоны",
      "Дорожная карта",
      "Рабочая группа",
      "Закрепление пар",
      "Нерабочие дни",
      "Приказы прошлых лет",
    ]);
    expect(catalog.coordinatorTabs[0]?.columns[0]).toEqual({
      header: "Код школы",
      key: "id",
      type: "text",
      required: true,
      note: "Постоянный код без пробелов, например sch-001 или ИНН.",
    });
  });

  it("is enough to build a valid submission: answering only the required questions with their minimum is accepted", () => {
    for (const form of catalog.forms) {
      const answers = form.fields
        .filter((f) => f.required)
        .map((f) => ({
          key: f.key,
          value:
            f.type === "school"
              ? "Школа [s1]"
              : f.type === "year"
                ? "2024/2025"
                : f.type === "choice"
                  ? (f.options?.[0]?.label ?? "")
                  : f.type === "text"
                    ? "текст"
                    : String(f.min ?? ""),
        }));
      const parse = form.record === true ? parseObjectionAnswers : parseSubmissionAnswers;
      expect(parse(form.kind, answers).success, form.kind).toBe(true);
    }
  });

  it("is enough to build a valid sync: the headers it lists are the headers the parser reads", () => {
    const tabs = Object.fromEntries(
      catalog.coordinatorTabs.map((tab) => [tab.name, [tab.columns.map((c) => c.header)]]),
    );
    expect(parseSyncTabs(tabs).errors).toEqual([]);
    expect(Object.keys(parseSyncTabs(tabs).data).sort()).toEqual(
      [
        "schools",
        "methodology",
        "criteria",
        "references",
        "roadmap",
        "meetings",
        "pins",
        "calendar",
        "pastOrders",
      ].sort(),
    );
    expect(COORDINATOR_TABS.length).toBe(9);
  });
});
