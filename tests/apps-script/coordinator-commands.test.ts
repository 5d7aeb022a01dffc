// The coordinator's menu: sync with marked errors, recalculation, resend, the connection dialog and its Russian test results.

import { describe, expect, it } from "vitest";
import { saveAndTestConnection, testConnection } from "../../apps-script/src/connection-settings.js";
import {
  addMenu,
  connectionSettingsCommand,
  createFormsCommand,
  prepareSheetCommand,
  recalculateCommand,
  resendMenuCommand,
  syncDataCommand,
} from "../../apps-script/src/entry-points.js";
import { readConnection } from "../../apps-script/src/settings-store.js";
import { ERROR_BACKGROUND } from "../../apps-script/src/tab-sync.js";
import { CATALOG_VERSION } from "../../functions/src/catalog/form-catalog.js";
import { INPUT_TAB_NAMES } from "../../functions/src/contract/tab-names.js";
import type { FakeHtmlOutput } from "./fakes/fake-services.js";
import { createFakes, type Fakes } from "./fakes/fake-services.js";
import { API_URL, connect, preparedWithSchools, TERRITORY } from "./fakes/scenario.js";

function lastAlert(fakes: Fakes) {
  return fakes.spreadsheetApp.ui.alerts.at(-1);
}

describe("the «ШНОР-Монитор» menu", () => {
  it("lists every command in Russian", () => {
    const fakes = createFakes();
    addMenu(fakes.services);
    const [menu] = fakes.spreadsheetApp.ui.menus;
    expect(menu?.title).toBe("ШНОР-Монитор");
    expect(menu?.items.filter((i) => i !== "separator").map((i) => i[0])).toEqual([
      "Подготовить таблицу",
      "Настройка подключения",
      "Создать формы",
      "Проверить формы",
      "Передать обработку ответов мне",
      "Синхронизировать данные",
      "Заполнить критерии из пресета…",
      "Сравнить с другой методикой…",
      "Пересчитать сейчас",
      "Повторить неотправленные",
      "Досылка ответов",
      "Импорт файла…",
      "Отменить импорт…",
      "Скачать шаблон",
      "Сформировать проект списков",
      "Разослать письма по проекту",
      "Утвердить списки…",
      "Документы решения",
    ]);
  });

  it("«Подготовить таблицу» reports what it did and asks to share the spreadsheet with the service account", () => {
    const fakes = createFakes();
    prepareSheetCommand(fakes.services);
    expect(lastAlert(fakes)?.prompt).toContain("Созданы листы: «Инструкция»");
    expect(lastAlert(fakes)?.prompt).toContain("сервисному аккаунту функции");
    prepareSheetCommand(fakes.services);
    expect(lastAlert(fakes)?.prompt).toContain("Все листы уже были на месте");
  });

  it("«Создать формы» lists the form links on «Инструкция»", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    createFormsCommand(fakes.services);
    expect(lastAlert(fakes)?.prompt).toContain("Созданы формы: «Социальный паспорт школы»");
    const text = fakes.spreadsheet.sheet("Инструкция").values().flat().join("\n");
    for (const form of fakes.formApp.forms.values()) expect(text).toContain(form.getPublishedUrl());
    createFormsCommand(fakes.services);
    expect(lastAlert(fakes)?.prompt).toContain("Обновлены формы: «Социальный паспорт школы»");
  });

  it("asks to set up the connection before a command that needs the server", () => {
    const fakes = preparedWithSchools();
    syncDataCommand(fakes.services);
    recalculateCommand(fakes.services);
    expect(fakes.urlFetchApp.requests).toEqual([]);
    expect(fakes.spreadsheetApp.ui.alerts.map((a) => a.prompt)).toEqual([
      expect.stringContaining("«Настройка подключения»"),
      expect.stringContaining("«Настройка подключения»"),
    ]);
  });
});

describe("«Синхронизировать данные»", () => {
  it("sends every input tab as displayed, header first, and marks the cells the server rejected", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    const schools = fakes.spreadsheet.sheet("Школы");
    schools.getRange(2, 6).setValue(54.6);
    fakes.urlFetchApp.handler = () => ({
      status: 200,
      body: {
        status: "ok",
        errors: [{ tab: "Школы", row: 3, column: "Широта", message: "«ab» — ожидается число" }],
      },
    });
    syncDataCommand(fakes.services);
    const [request] = fakes.urlFetchApp.to("/sync");
    const body = request?.body as { territoryId: string; tabs: Record<string, string[][]> };
    expect(body.territoryId).toBe(TERRITORY);
    expect(Object.keys(body.tabs)).toEqual([...INPUT_TAB_NAMES]);
    expect(body.tabs.Школы?.[0]?.slice(0, 2)).toEqual(["Код школы", "Наименование"]);
    expect(body.tabs.Школы?.[1]?.slice(0, 6)).toEqual(["sch-001", "МБОУ СОШ № 1", "", "", "", "54,6"]);
    expect(body.tabs.Школы).toHaveLength(3);
    const cell = schools.getRange(3, 6);
    expect(cell.getBackground()).toBe(ERROR_BACKGROUND);
    expect(cell.getNote()).toBe("ШНОР-Монитор: «ab» — ожидается число");
    expect(lastAlert(fakes)?.prompt).toContain("«Школы», строка 3, «Широта»: «ab» — ожидается число");

    // fixed: the next sync clears the mark
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "ok", errors: [] } });
    syncDataCommand(fakes.services);
    expect(cell.getBackground()).toBeNull();
    expect(cell.getNote()).toBe("");
    expect(lastAlert(fakes)?.prompt).toContain("ошибок нет");
  });

  it("says which input tab it could not find (renamed by the coordinator), so «ошибок нет» is not taken for «принято»", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    fakes.spreadsheet.sheet("Школы").setName("Школы 2026");
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { status: "ok", errors: [] } });
    syncDataCommand(fakes.services);
    const body = fakes.urlFetchApp.to("/sync")[0]?.body as { tabs: Record<string, unknown> };
    expect(Object.keys(body.tabs)).not.toContain("Школы");
    expect(lastAlert(fakes)?.title).toBe("Синхронизация: есть ошибки");
    expect(lastAlert(fakes)?.prompt).toContain(
      "Не найден лист «Школы»: его данные на сервере не изменены. Если лист переименован, верните ему прежнее название; недостающие листы создаёт «Подготовить таблицу».",
    );
  });

  it("changes nothing in the sheet and says so when the server cannot be reached", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    fakes.urlFetchApp.handler = () => ({ networkError: "DNS error" });
    syncDataCommand(fakes.services);
    expect(lastAlert(fakes)?.title).toBe("Данные не отправлены");
    expect(lastAlert(fakes)?.prompt).toContain("нет связи с сервером");
  });
});

describe("«Пересчитать сейчас» and «Повторить неотправленные»", () => {
  it("asks the server to recalculate the territory", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    recalculateCommand(fakes.services);
    expect(fakes.urlFetchApp.to("/recalculate")[0]?.body).toEqual({ territoryId: TERRITORY });
    expect(lastAlert(fakes)?.prompt).toContain("Пересчёт выполнен");
  });

  it("reports how many queued responses were delivered", () => {
    const fakes = preparedWithSchools();
    connect(fakes);
    resendMenuCommand(fakes.services);
    expect(lastAlert(fakes)?.prompt).toContain("Доставлено: 0");
  });
});

describe("«Настройка подключения»", () => {
  it("opens a dialog with the saved values filled in", () => {
    const fakes = createFakes();
    connect(fakes);
    connectionSettingsCommand(fakes.services);
    const [dialog] = fakes.spreadsheetApp.ui.dialogs;
    expect(dialog?.title).toBe("Настройка подключения");
    const html = (dialog?.output as FakeHtmlOutput | undefined)?.html;
    expect(html).toContain(`value="${API_URL}"`);
    expect(html).toContain(`value="${TERRITORY}"`);
    expect(html).toContain("saveConnectionSettings");
  });

  it("refuses an address without https and a territory id with capitals, saving nothing", () => {
    const fakes = createFakes();
    const report = saveAndTestConnection(fakes.services, { apiUrl: "api.example", territoryId: "Кировский" });
    expect(report.ok).toBe(false);
    expect(report.lines.join("\n")).toContain("https://");
    expect(report.lines.join("\n")).toContain("латинские строчные буквы");
    expect(readConnection(fakes.properties)).toBeUndefined();
  });

  it("saves, installs the resend trigger and reports a working connection", () => {
    const fakes = createFakes();
    fakes.urlFetchApp.handler = (r) =>
      r.url.endsWith("/catalog")
        ? { status: 200, body: { catalogVersion: CATALOG_VERSION } }
        : r.url.includes("/results")
          ? { status: 404, body: { status: "error", code: "results_not_found", message: "нет" } }
          : { status: 200, body: { status: "ok" } };
    const report = saveAndTestConnection(fakes.services, { apiUrl: `${API_URL}/`, territoryId: TERRITORY });
    expect(report.ok).toBe(true);
    expect(report.lines[0]).toBe("Настройки сохранены.");
    expect(report.lines).toContain(
      `Доступ к территории «${TERRITORY}» есть (вы вошли как metodist@example.org).`,
    );
    expect(readConnection(fakes.properties)).toEqual({ apiUrl: API_URL, territoryId: TERRITORY });
    expect(fakes.scriptApp.triggers.map((t) => t.getHandlerFunction())).toEqual(["resendOutbox"]);
    expect(fakes.urlFetchApp.requests.every((r) => r.headers.Authorization?.startsWith("Bearer "))).toBe(
      true,
    );
  });

  it.each([
    [401, "invalid_token", "аудитория ID-токена"],
    [403, "not_allowed", "не входит в список координаторов"],
    [404, "territory_not_found", "на сервере не найдена"],
  ])("explains a %i on the territory check in Russian", (status, code, text) => {
    const fakes = createFakes();
    fakes.urlFetchApp.handler = (r) =>
      r.url.includes("/results") ? { status, body: { status: "error", code } } : { status: 200, body: {} };
    const report = testConnection(fakes.services, { apiUrl: API_URL, territoryId: TERRITORY });
    expect(report.ok).toBe(false);
    expect(report.lines.join("\n")).toContain(text);
  });

  it("says the server does not answer, and warns when its catalog differs from the script's", () => {
    const fakes = createFakes();
    fakes.urlFetchApp.handler = () => ({ networkError: "DNS error" });
    expect(testConnection(fakes.services, { apiUrl: API_URL, territoryId: TERRITORY }).lines[0]).toContain(
      "Сервер не отвечает",
    );
    fakes.urlFetchApp.handler = (r) =>
      r.url.endsWith("/catalog")
        ? { status: 200, body: { catalogVersion: "2099.9" } }
        : { status: 200, body: {} };
    const report = testConnection(fakes.services, { apiUrl: API_URL, territoryId: TERRITORY });
    expect(report.lines.join("\n")).toContain("версия каталога форм на сервере (2099.9)");
  });
});
