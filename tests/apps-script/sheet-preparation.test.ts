// «Подготовить таблицу»: tabs, Russian headers with notes, input validation, protected output tabs, safe to run again.
import { describe, expect, it } from "vitest";
import { OUTBOX_HEADERS, OUTBOX_TAB } from "../../apps-script/src/outbox.js";
import {
  OUTPUT_PROTECTION_DESCRIPTION,
  prepareSpreadsheet,
} from "../../apps-script/src/sheet-preparation.js";
import { COORDINATOR_TABS } from "../../functions/src/catalog/coordinator-tabs.js";
import { OUTPUT_TAB_NAMES } from "../../functions/src/contract/tab-names.js";
import { COORDINATOR, createFakes, SERVICE_ACCOUNT } from "./fakes/fake-services.js";
import type { FakeDataValidation } from "./fakes/fake-spreadsheet.js";

function prepared() {
  const fakes = createFakes();
  fakes.spreadsheet.editors.push(SERVICE_ACCOUNT);
  const report = prepareSpreadsheet(fakes.spreadsheetApp, fakes.spreadsheet, COORDINATOR);
  return { fakes, report };
}

function column(sheetName: string, header: string, fakes: ReturnType<typeof createFakes>): number {
  const headers = fakes.spreadsheet.sheet(sheetName).values()[0] ?? [];
  const index = headers.indexOf(header);
  if (index < 0) throw new Error(`no header «${header}» on «${sheetName}»`);
  return index + 1;
}

describe("preparing the coordinator's spreadsheet", () => {
  it("creates «Инструкция», the seven input tabs, the nine output tabs and the outbox, and drops the empty «Лист1»", () => {
    const { fakes, report } = prepared();
    const names = fakes.spreadsheet.getSheets().map((s) => s.getName());
    expect(names).toEqual([
      "Инструкция",
      ...COORDINATOR_TABS.map((t) => t.name),
      ...OUTPUT_TAB_NAMES,
      OUTBOX_TAB,
    ]);
    expect(report.createdTabs).toHaveLength(names.length);
    expect(fakes.spreadsheet.sheet(OUTBOX_TAB).values()[0]).toEqual([...OUTBOX_HEADERS]);
  });

  it("writes every column's Russian header in row 1 with a note explaining it, and freezes the header", () => {
    const { fakes } = prepared();
    for (const tab of COORDINATOR_TABS) {
      const sheet = fakes.spreadsheet.sheet(tab.name);
      expect(sheet.values()[0]).toEqual(tab.columns.map((c) => c.header));
      expect(sheet.frozenRows).toBe(1);
      tab.columns.forEach((c, i) => {
        const note = sheet.getRange(1, i + 1).getNote();
        if (c.note) expect(note).toContain(c.note);
        expect(note).toMatch(c.required ? /Обязательный столбец/ : /Можно не заполнять/);
      });
    }
    expect(fakes.spreadsheet.sheet("Школы").getRange(1, 3).getNote()).toContain("Городская, Сельская");
  });

  it("validates input: lists for choices and yes/no, number ranges, dates; codes kept as text", () => {
    const { fakes } = prepared();
    const schools = fakes.spreadsheet.sheet("Школы");
    const rule = (sheet: string, header: string, row = 2) =>
      fakes.spreadsheet
        .sheet(sheet)
        .getRange(row, column(sheet, header, fakes))
        .getDataValidation() as FakeDataValidation | null;
    expect(rule("Школы", "Местность")?.criterion).toBe("VALUE_IN_LIST");
    expect(rule("Школы", "Местность")?.args[0]).toEqual(["Городская", "Сельская"]);
    expect(rule("Школы", "Малокомплектная")?.args[0]).toEqual(["Да", "Нет"]);
    expect(rule("Школы", "Широта")).toMatchObject({
      criterion: "NUMBER_BETWEEN",
      args: [-90, 90],
      allowInvalid: false,
    });
    expect(rule("Школы", "Широта", 999)?.criterion).toBe("NUMBER_BETWEEN");
    expect(rule("Эталоны", "Доля «2», %")?.args).toEqual([0, 100]);
    expect(rule("Дорожная карта", "Начало")?.criterion).toBe("DATE_IS_VALID_DATE");
    expect(rule("Рабочая группа", "Присутствовали")?.args).toEqual([0, 1000]);
    expect(rule("Школы", "Код школы")).toBeNull();
    expect(schools.getRange(2, column("Школы", "Код школы", fakes)).getNumberFormat()).toBe("@");
    expect(rule("Школы", "Местность")?.helpText).toMatch(/^Выберите из списка/);
  });

  it("protects every output tab so only the owner, the coordinator and the functions' service account can write", () => {
    const { fakes, report } = prepared();
    expect(report.writers).toEqual([SERVICE_ACCOUNT]);
    for (const name of OUTPUT_TAB_NAMES) {
      const protections = fakes.spreadsheet.sheet(name).protections;
      expect(protections).toHaveLength(1);
      expect(protections[0]?.description).toBe(OUTPUT_PROTECTION_DESCRIPTION);
      expect(protections[0]?.warningOnly).toBe(false);
      expect(protections[0]?.editors.sort()).toEqual([COORDINATOR, SERVICE_ACCOUNT].sort());
      expect(protections[0]?.domainEdit).toBe(false);
    }
    for (const tab of COORDINATOR_TABS) expect(fakes.spreadsheet.sheet(tab.name).protections).toHaveLength(0);
  });

  it("only warns on output tabs until the spreadsheet is shared with the service account, then locks them", () => {
    const fakes = createFakes();
    const before = prepareSpreadsheet(fakes.spreadsheetApp, fakes.spreadsheet, COORDINATOR);
    expect(before.writers).toEqual([]);
    expect(fakes.spreadsheet.sheet("Сводка").protections[0]?.warningOnly).toBe(true);
    fakes.spreadsheet.editors.push(SERVICE_ACCOUNT);
    prepareSpreadsheet(fakes.spreadsheetApp, fakes.spreadsheet, COORDINATOR);
    const protections = fakes.spreadsheet.sheet("Сводка").protections;
    expect(protections).toHaveLength(1);
    expect(protections[0]?.warningOnly).toBe(false);
    expect(protections[0]?.editors).toContain(SERVICE_ACCOUNT);
  });

  it("renames the «Критерии» tab of an earlier version to «Критерии результативности», leaving no stale copy", () => {
    const fakes = createFakes();
    fakes.spreadsheet.editors.push(SERVICE_ACCOUNT);
    const old = fakes.spreadsheet.insertSheet("Критерии", 0);
    old.getRange(1, 1).setValue("Школа");
    const report = prepareSpreadsheet(fakes.spreadsheetApp, fakes.spreadsheet, COORDINATOR);
    const names = fakes.spreadsheet.getSheets().map((s) => s.getName());
    expect(names).not.toContain("Критерии");
    expect(names.filter((n) => n === "Критерии результативности")).toHaveLength(1);
    expect(fakes.spreadsheet.sheet("Критерии результативности")).toBe(old);
    expect(report.renamedTabs).toEqual(["«Критерии» → «Критерии результативности»"]);
    expect(report.createdTabs).not.toContain("Критерии результативности");
  });

  it("is safe to run again: nothing duplicated, the coordinator's rows and own columns kept, a missing header restored", () => {
    const { fakes } = prepared();
    const schools = fakes.spreadsheet.sheet("Школы");
    schools.getRange(2, 1, 1, 3).setValues([["sch-001", "МБОУ СОШ № 1", "Сельская"]]);
    // The coordinator added a column of their own and deleted «Кластер» (the last catalog column).
    const cluster = column("Школы", "Кластер", fakes);
    schools.getRange(1, cluster).setValue("");
    schools.getRange(1, cluster + 1).setValue("Директор");
    schools.getRange(2, cluster + 1).setValue("Иванова И. И.");
    const sheetsBefore = fakes.spreadsheet.getSheets().length;

    const again = prepareSpreadsheet(fakes.spreadsheetApp, fakes.spreadsheet, COORDINATOR);

    expect(again.createdTabs).toEqual([]);
    expect(fakes.spreadsheet.getSheets()).toHaveLength(sheetsBefore);
    expect(again.addedHeaders).toEqual(["Школы: Кластер"]);
    const rows = schools.values();
    expect(rows[1]?.slice(0, 3)).toEqual(["sch-001", "МБОУ СОШ № 1", "Сельская"]);
    expect(rows[0]?.filter((h) => h === "Директор")).toHaveLength(1);
    expect(rows[0]?.filter((h) => h === "Кластер")).toHaveLength(1);
    expect(rows[1]?.[cluster]).toBe("Иванова И. И.");
    for (const name of OUTPUT_TAB_NAMES) expect(fakes.spreadsheet.sheet(name).protections).toHaveLength(1);
  });
});
