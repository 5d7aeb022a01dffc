// What the script sends is what the server reads: its envelopes and tab snapshots through the server's own parsers.
import { describe, expect, it } from "vitest";
import { importFromDrive } from "../../apps-script/src/file-import.js";
import { buildEnvelope } from "../../apps-script/src/submission-envelope.js";
import { readInputTabs } from "../../apps-script/src/tab-sync.js";
import { parseSubmissionAnswers } from "../../functions/src/catalog/submission-answers.js";
import { parseSyncTabs } from "../../functions/src/catalog/sync-tabs.js";
import { readQuery } from "../../functions/src/http/query-params.js";
import { parseSubmissionEnvelope } from "../../functions/src/http/submission-envelope.js";
import { importFile } from "../../functions/src/import/import-file.js";
import { csvBytes } from "../import/support/import-fixture.js";
import { FakeFormResponse } from "./fakes/fake-forms.js";
import { createFakes } from "./fakes/fake-services.js";
import { preparedWithSchools, TERRITORY, withForms } from "./fakes/scenario.js";

describe("the server reads what the script sends", () => {
  it("accepts the envelope of a social passport typed the way people type, with every answer typed right", () => {
    const fakes = preparedWithSchools();
    const { records, form } = withForms(fakes);
    const social = form("social");
    const record = records.get("social");
    if (!record) throw new Error("no social form");
    const envelope = buildEnvelope(
      TERRITORY,
      record,
      new FakeFormResponse({
        id: "resp-1",
        timestamp: new Date("2026-03-02T09:00:00Z"),
        email: "school1@example.org",
        answers: [
          [social.item("Школа"), "МБОУ СОШ № 1 [sch-001]"],
          [social.item("Учебный год"), "2025-2026"],
          [social.item("Число обучающихся"), "1 200"],
          [social.item("Обучающиеся из неполных семей"), "140"],
          [social.item("Школа удалена от других образовательных центров (транспортная недоступность)"), "Да"],
          [social.item("Каких специалистов нет в штате школы"), ["Педагог-психолог", "Учитель-логопед"]],
        ],
      }),
      "ru_RU",
      "verified",
    );
    const parsedEnvelope = parseSubmissionEnvelope(JSON.parse(JSON.stringify(envelope)));
    expect(parsedEnvelope.success).toBe(true);
    const answers = parseSubmissionAnswers(envelope.form.kind, envelope.answers, envelope.locale);
    if (!answers.success) throw new Error(JSON.stringify(answers.error.issues));
    expect(answers.data.schoolId).toBe("sch-001");
    expect(answers.data.year).toBe("2025/2026");
    expect(answers.data.patch).toMatchObject({
      social: {
        students: 1200,
        singleParentFamilies: 140,
        remote: true,
        missingSpecialists: ["psychologist", "speechTherapist"],
      },
    });
  });

  it("reads the prepared tabs as the script sends them, with the schools under their headers", () => {
    const fakes = preparedWithSchools();
    fakes.spreadsheet
      .sheet("Школы")
      .getRange(2, 3, 1, 3)
      .setValues([["Сельская", "Школа", "Да"]]);
    const { data, errors } = parseSyncTabs(readInputTabs(fakes.spreadsheet));
    expect(errors).toEqual([]);
    expect(data.schools?.map((s) => s.id)).toEqual(["sch-001", "sch-002"]);
    expect(data.schools?.[0]).toMatchObject({ name: "МБОУ СОШ № 1", settlement: "rural", smallSchool: true });
  });

  it("reads the file the script sends to /import: the same bytes, the name and kind from the query", async () => {
    const fakes = createFakes();
    const table = csvBytes([
      ["Код ОО", "Наименование ОО", "Код участника", "ФИО", "Экзамен", "Предмет", "Дата экзамена", "Отметка"],
      ["sch-001", "МБОУ СОШ № 1", "1001", "Иванов Иван", "ОГЭ", "Русский язык", "03.06.2026", 4],
      ["sch-001", "МБОУ СОШ № 1", "1002", "Петров Пётр", "ОГЭ", "Русский язык", "03.06.2026", 3],
    ]);
    fakes.driveApp.add({
      id: "1AbCdEfGhIjKlMnOpQrStUv",
      name: "огэ 2026.csv",
      mimeType: "text/csv",
      bytes: Buffer.from(table),
    });
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "applied" } });
    importFromDrive(
      fakes.services,
      { apiUrl: "https://api-test.a.run.app", territoryId: TERRITORY },
      {
        file: "1AbCdEfGhIjKlMnOpQrStUv",
        format: "auto",
      },
    );
    const [request] = fakes.urlFetchApp.to("/import");
    const query = readQuery(request?.url.slice(request.url.indexOf("/import")) ?? "");
    if (!query.success) throw new Error(query.error.message);
    expect(query.data.get("name")).toBe("огэ 2026.csv");
    const imported = await importFile(new Uint8Array(request?.bytes ?? []), query.data.get("name") ?? "", {
      format: "auto",
      schools: [{ id: "sch-001", name: "МБОУ СОШ № 1" }],
    });
    if (!imported.success) throw new Error(JSON.stringify(imported.error));
    expect(imported.data.facts).toEqual([
      {
        schoolId: "sch-001",
        year: "2025/2026",
        oge: [{ subject: "russian", participants: 2, meanGrade: 3.5, failed: 0 }],
      },
    ]);
  });
});
