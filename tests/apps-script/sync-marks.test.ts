// «Синхронизировать данные» at district scale: every wrong cell of 2,000-row tabs marked and cleared, nothing kept in properties.
import { describe, expect, it } from "vitest";
import { syncDataCommand } from "../../apps-script/src/entry-points.js";
import { ERROR_BACKGROUND } from "../../apps-script/src/tab-sync.js";
import { FakeProperties, type Fakes } from "./fakes/fake-services.js";
import type { FakeSheet } from "./fakes/fake-spreadsheet.js";
import { connect, preparedWithSchools } from "./fakes/scenario.js";

const ROWS = 2_000;

function columnOf(sheet: FakeSheet, header: string): number {
  const index = (sheet.values()[0] ?? []).indexOf(header);
  if (index < 0) throw new Error(`no «${header}»`);
  return index + 1;
}

/** «Школы» and «Дорожная карта» with 2,000 filled rows each. */
function bigSheet(): Fakes {
  const fakes = preparedWithSchools();
  connect(fakes);
  const schools = fakes.spreadsheet.sheet("Школы");
  schools
    .getRange(2, 1, ROWS, 2)
    .setValues(Array.from({ length: ROWS }, (_, i) => [`sch-${i}`, `Школа № ${i}`]));
  const roadmap = fakes.spreadsheet.sheet("Дорожная карта");
  roadmap
    .getRange(2, 1, ROWS, 2)
    .setValues(Array.from({ length: ROWS }, (_, i) => [`${i}.1`, `Мероприятие ${i}`]));
  return fakes;
}

function everyRowWrong() {
  return Array.from({ length: ROWS }, (_, i) => [
    { tab: "Школы", row: i + 2, column: "Широта", message: `«x${i}» — ожидается число` },
    { tab: "Дорожная карта", row: i + 2, column: "Начало", message: "ожидается дата, например 01.09.2025" },
  ]).flat();
}

function marked(sheet: FakeSheet, column: number): number {
  let count = 0;
  for (let row = 2; row <= ROWS + 1; row += 1)
    if (sheet.getRange(row, column).getBackground() === ERROR_BACKGROUND) count += 1;
  return count;
}

describe("marks of «Синхронизировать данные» on 2,000-row tabs", () => {
  it("marks all 4,000 wrong cells, lists 15 in the message, clears them all on the next sync", () => {
    const fakes = bigSheet();
    const schools = fakes.spreadsheet.sheet("Школы");
    const roadmap = fakes.spreadsheet.sheet("Дорожная карта");
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "ok", errors: everyRowWrong() } });
    syncDataCommand(fakes.services);
    expect(marked(schools, columnOf(schools, "Широта"))).toBe(ROWS);
    expect(marked(roadmap, columnOf(roadmap, "Начало"))).toBe(ROWS);
    expect(schools.getRange(ROWS + 1, columnOf(schools, "Широта")).getNote()).toBe(
      `ШНОР-Монитор: «x${ROWS - 1}» — ожидается число`,
    );
    const prompt = fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt ?? "";
    expect(prompt).toContain("найдено ошибок: 4000");
    expect(prompt).toContain("…и ещё 3985.");
    // nothing about the marks is kept in the properties (a value holds 9 KB, the store 500 KB)
    expect(fakes.properties.totalBytes()).toBeLessThan(FakeProperties.VALUE_LIMIT);

    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "ok", errors: [] } });
    syncDataCommand(fakes.services);
    expect(marked(schools, columnOf(schools, "Широта"))).toBe(0);
    expect(marked(roadmap, columnOf(roadmap, "Начало"))).toBe(0);
    expect(schools.getRange(ROWS + 1, columnOf(schools, "Широта")).getNote()).toBe("");
  });

  it("clears a mark whose row moved since, and keeps the coordinator's own notes and colours", () => {
    const fakes = bigSheet();
    const schools = fakes.spreadsheet.sheet("Школы");
    const latitude = columnOf(schools, "Широта");
    fakes.urlFetchApp.handler = () => ({
      status: 200,
      body: {
        status: "ok",
        errors: [{ tab: "Школы", row: 10, column: "Широта", message: "ожидается число" }],
      },
    });
    syncDataCommand(fakes.services);
    schools.getRange(5, 2).setNote("Проверить название").setBackground("#fff2cc");
    schools.deleteRow(3); // the marked row moves up to 9
    expect(schools.getRange(9, latitude).getBackground()).toBe(ERROR_BACKGROUND);

    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "ok", errors: [] } });
    syncDataCommand(fakes.services);
    expect(schools.getRange(9, latitude).getBackground()).toBeNull();
    expect(schools.getRange(9, latitude).getNote()).toBe("");
    expect(schools.getRange(4, 2).getNote()).toBe("Проверить название");
    expect(schools.getRange(4, 2).getBackground()).toBe("#fff2cc");
  });

  it("forgets the mark list an older script left in the properties", () => {
    const fakes = bigSheet();
    fakes.properties.setProperty("shnor.syncMarks", JSON.stringify([{ tab: "Школы", row: 2, column: 6 }]));
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "ok", errors: [] } });
    syncDataCommand(fakes.services);
    expect(fakes.properties.getProperty("shnor.syncMarks")).toBeNull();
  });
});

describe("the fake document properties hold Apps Script's limits", () => {
  it("refuse a value over 9 KB (UTF-8) and a store over 500 KB", () => {
    const properties = new FakeProperties();
    expect(() => properties.setProperty("k", "я".repeat(4_700))).toThrow(/too large/); // 9,400 bytes
    properties.setProperty("k", "я".repeat(4_600));
    for (let i = 0; i < 55; i += 1) properties.setProperty(`k${i}`, "x".repeat(9_000));
    expect(() => properties.setProperty("one-more", "x".repeat(9_000))).toThrow(/quota/);
  });
});
