// «Заполнить критерии из пресета…» and «Сравнить с другой методикой…» in the sheet: a preset written onto «Критерии выявления» that the server reads back as the preset, asking before replacing; the preview request and its Russian answer.
import { describe, expect, it } from "vitest";
import {
  CRITERIA_TAB,
  compareMethodsCommand,
  compareMethodsDialogCommand,
  DRAFT_CHOICE,
  fillCriteriaCommand,
  fillCriteriaDialogCommand,
} from "../../apps-script/src/criteria-commands.js";
import { readInputTabs } from "../../apps-script/src/tab-sync.js";
import { PRESET_TABLES } from "../../functions/src/catalog/criteria-preset-tables.js";
import { parseSyncTabs } from "../../functions/src/catalog/sync-tabs.js";
import { PRESET_NAMES } from "../../functions/src/contract/criteria-vocabulary.js";
import { normaliseCriteria } from "../../functions/src/contract/identification-criteria.js";
import type { FakeHtmlOutput } from "./fakes/fake-services.js";
import { connect, preparedWithSchools, TERRITORY } from "./fakes/scenario.js";

/** The tab as the server reads it after «Синхронизировать данные». */
function syncedCriteria(fakes: ReturnType<typeof preparedWithSchools>) {
  const tab = readInputTabs(fakes.spreadsheet)[CRITERIA_TAB];
  return parseSyncTabs({ [CRITERIA_TAB]: tab });
}

describe("«Заполнить критерии из пресета…»", () => {
  it("offers the presets that have a table", () => {
    const fakes = preparedWithSchools();
    fillCriteriaCommand(fakes.services);
    const dialog = fakes.spreadsheetApp.ui.dialogs.at(-1);
    expect(dialog?.title).toBe("Заполнить критерии из пресета");
    const html = (dialog?.output as FakeHtmlOutput | undefined)?.html ?? "";
    expect(html).toContain('value="neftekumsk-2020"');
    expect(html).toContain('value="sharan-2021"');
    expect(html).not.toContain('value="default"');
  });

  it.each(PRESET_NAMES.filter((p) => PRESET_TABLES[p].length > 0))(
    "writes %s so that the server reads back exactly the preset's table",
    (preset) => {
      const fakes = preparedWithSchools();
      const reply = fillCriteriaDialogCommand(fakes.spreadsheet, preset, false);
      expect(reply.ok, reply.lines.join("\n")).toBe(true);
      const { data, errors } = syncedCriteria(fakes);
      expect(errors).toEqual([]);
      expect(normaliseCriteria(data.criteria ?? [])).toEqual(normaliseCriteria(PRESET_TABLES[preset]));
    },
  );

  it("asks before replacing a filled tab, leaves it untouched until confirmed, then replaces it whole", () => {
    const fakes = preparedWithSchools();
    fillCriteriaDialogCommand(fakes.spreadsheet, "sharan-2021", false);
    const before = fakes.spreadsheet.sheet(CRITERIA_TAB).values();
    const asked = fillCriteriaDialogCommand(fakes.spreadsheet, "neftekumsk-2020", false);
    expect(asked.confirm).toBe(true);
    expect(asked.lines[0]).toBe(
      `На листе «${CRITERIA_TAB}» уже есть строки: ${PRESET_TABLES["sharan-2021"].length}. Заменить их таблицей «Нефтекумский городской округ, программа 2020–2024 (раздел 7)»?`,
    );
    expect(fakes.spreadsheet.sheet(CRITERIA_TAB).values()).toEqual(before);
    const replaced = fillCriteriaDialogCommand(fakes.spreadsheet, "neftekumsk-2020", true);
    expect(replaced.ok).toBe(true);
    const { data } = syncedCriteria(fakes);
    // No row of the longer Шаранский table is left below the Нефтекумский one.
    expect(normaliseCriteria(data.criteria ?? [])).toEqual(
      normaliseCriteria(PRESET_TABLES["neftekumsk-2020"]),
    );
  });
});

describe("«Сравнить с другой методикой…»", () => {
  it("offers the tab as it is now and every preset", () => {
    const fakes = preparedWithSchools();
    compareMethodsCommand(fakes.services);
    const html = (fakes.spreadsheetApp.ui.dialogs.at(-1)?.output as FakeHtmlOutput | undefined)?.html ?? "";
    for (const value of [DRAFT_CHOICE, ...PRESET_NAMES]) expect(html).toContain(`value="${value}"`);
    expect(html).toContain("compareMethodsFromDialog");
  });

  it("sends the tab as typed (not yet synced) or the preset, and shows the server's preview", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    fillCriteriaDialogCommand(fakes.spreadsheet, "sharan-2021", false);
    const text = "Сравнение методик за 2025/2026: …\nШНОР: сейчас 7, было бы 1; войдут 0, выйдут 6.\n";
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "ok", text } });
    const draft = compareMethodsDialogCommand(fakes.services, fakes.spreadsheet, DRAFT_CHOICE);
    expect(draft).toEqual({ ok: true, lines: text.trimEnd().split("\n") });
    const [request] = fakes.urlFetchApp.to("/compare");
    const body = request?.body as { territoryId: string; tab: string[][] };
    expect(body.territoryId).toBe(TERRITORY);
    expect(body.tab).toEqual(readInputTabs(fakes.spreadsheet)[CRITERIA_TAB]);
    expect(parseSyncTabs({ [CRITERIA_TAB]: body.tab }).errors).toEqual([]);

    compareMethodsDialogCommand(fakes.services, fakes.spreadsheet, "neftekumsk-2020");
    expect(fakes.urlFetchApp.to("/compare").at(-1)?.body).toEqual({
      territoryId: TERRITORY,
      preset: "neftekumsk-2020",
    });
  });

  it("shows the row errors of a draft the server refused, and asks to connect first", () => {
    const fakes = preparedWithSchools();
    expect(compareMethodsDialogCommand(fakes.services, fakes.spreadsheet, "sharan-2021").lines[0]).toContain(
      "«Настройка подключения»",
    );
    connect(fakes);
    fakes.urlFetchApp.handler = () => ({
      status: 422,
      body: {
        status: "error",
        message: "лист «Критерии выявления» заполнен с ошибками: сравнить не с чем",
        errors: [
          { tab: CRITERIA_TAB, row: 2, column: "Показатель", message: "«ОГЭ по географии» — допустимые…" },
        ],
      },
    });
    const reply = compareMethodsDialogCommand(fakes.services, fakes.spreadsheet, DRAFT_CHOICE);
    expect(reply.ok).toBe(false);
    expect(reply.lines).toEqual([
      "Сравнение не выполнено: ответ сервера 422: лист «Критерии выявления» заполнен с ошибками: сравнить не с чем.",
      "строка 2, «Показатель»: «ОГЭ по географии» — допустимые…",
    ]);
  });
});
