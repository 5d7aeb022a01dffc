// «Импорт файла…», the ГИА mapping step, «Отменить импорт…» and «Скачать шаблон» on typed fakes of Drive, UrlFetchApp and the sheet.
import { describe, expect, it } from "vitest";
import {
  driveFileId,
  importFromDrive,
  saveMappingAndImport,
  undoableImports,
  undoImport,
} from "../../apps-script/src/file-import.js";
import {
  importFileCommand,
  importFileDialogCommand,
  undoImportCommand,
} from "../../apps-script/src/import-commands.js";
import { importDialogHtml, undoDialogHtml } from "../../apps-script/src/import-dialogs.js";
import { createTemplateSpreadsheet } from "../../apps-script/src/template-spreadsheet.js";
import { templateTables } from "../../functions/src/catalog/template-tables.js";
import { MAX_FILE_NAME, MAX_IMPORT_BYTES } from "../../functions/src/contract/import-limits.js";
import { createFakes, type Fakes, URL_FETCH_LIMITS } from "./fakes/fake-services.js";
import { API_URL, connect, preparedWithSchools, TERRITORY } from "./fakes/scenario.js";

const connection = { apiUrl: API_URL, territoryId: TERRITORY };
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const FILE_ID = "1AbCdEfGhIjKlMnOpQrStUv";
const LINK = `https://drive.google.com/file/d/${FILE_ID}/view?usp=sharing`;

function withFile(fakes: Fakes, bytes: Buffer, name = "Ф1 ВПР 5 русский.xlsx", mimeType = XLSX) {
  fakes.driveApp.add({ id: FILE_ID, name, mimeType, bytes });
}

const applied = {
  status: "applied",
  importId: "fisoko-vpr~ab",
  formatName: "«Ф1 Индивидуальные результаты» ВПР (ФИС ОКО)",
  file: { name: "Ф1 ВПР 5 русский.xlsx" },
  rows: { read: 812, taken: 790 },
  procedures: ["ВПР 2025/2026, 5 класс, русский язык"],
  matched: 22,
  unmatched: [
    {
      fileName: "МБОУ «СОШ № 5» (филиал)",
      fileCode: "edu640099",
      rows: 22,
      suggestions: [{ schoolId: "sch-005", name: "МБОУ «СОШ № 5»" }],
    },
  ],
  unmatchedCount: 1,
  conflictCount: 2,
  changed: 22,
  ignoredColumns: ["ФИО", "Пол"],
  replaced: [],
};

describe("a Drive link", () => {
  it("names its file: a sharing link, an «open?id=» link, a Sheets address, a bare id; anything else is refused", () => {
    expect(driveFileId(LINK)).toBe(FILE_ID);
    expect(driveFileId(`https://drive.google.com/open?id=${FILE_ID}`)).toBe(FILE_ID);
    expect(driveFileId(`https://docs.google.com/spreadsheets/d/${FILE_ID}/edit#gid=0`)).toBe(FILE_ID);
    expect(driveFileId(` ${FILE_ID} `)).toBe(FILE_ID);
    expect(driveFileId("C:\\Users\\metodist\\Ф1.xlsx")).toBeUndefined();
  });
});

describe("«Импорт файла…»", () => {
  it("sends the file's bytes as they are, with its name, kind and Drive id, and summarises the reply", () => {
    const fakes = createFakes();
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x80, 0x00, 0x7f]);
    withFile(fakes, bytes);
    fakes.urlFetchApp.handler = () => ({ status: 200, body: applied });
    const reply = importFromDrive(fakes.services, connection, { file: LINK, format: "fisoko-vpr" });
    const [request] = fakes.urlFetchApp.to("/import");
    expect(request?.contentType).toBe("application/octet-stream");
    expect(request?.bytes?.equals(bytes)).toBe(true);
    expect(request?.headers.Authorization).toBe("Bearer identity-token-of-coordinator");
    const url = new URL(request?.url ?? "");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      territoryId: TERRITORY,
      format: "fisoko-vpr",
      name: "Ф1 ВПР 5 русский.xlsx",
      driveFileId: FILE_ID,
    });
    expect(reply.ok).toBe(true);
    expect(reply.lines).toEqual([
      "Файл «Ф1 ВПР 5 русский.xlsx» загружен: «Ф1 Индивидуальные результаты» ВПР (ФИС ОКО).",
      "Что в файле: ВПР 2025/2026, 5 класс, русский язык.",
      "Строк прочитано: 812, учтено: 790. Школ найдено в реестре: 22. Изменено записей «школа — год»: 22.",
      "Школ нет в реестре: 1 — их строки не загружены:",
      "• «МБОУ «СОШ № 5» (филиал)» (edu640099); похожие: «МБОУ «СОШ № 5»» [sch-005]",
      "Добавьте этим школам код из файла на листе «Школы», синхронизируйте данные и загрузите файл ещё раз.",
      "Расхождений с ответами форм школ: 2. В расчёте — ответы форм; список — на листе «Импорт».",
      "Не читались столбцы: «ФИО», «Пол» — их значения не загружались и не хранятся.",
      "Результаты обновятся в течение минуты.",
    ]);
  });

  it("exports a Google Sheet as .xlsx through the Drive API with the script's OAuth token", () => {
    const fakes = createFakes();
    withFile(fakes, Buffer.alloc(0), "Итоги ВПР 2024", "application/vnd.google-apps.spreadsheet");
    const exported = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
    fakes.urlFetchApp.handler = (r) =>
      r.url.startsWith("https://www.googleapis.com/drive/v3/files/")
        ? { status: 200, bytes: exported }
        : { status: 200, body: { ...applied, file: { name: "Итоги ВПР 2024.xlsx" } } };
    const reply = importFromDrive(fakes.services, connection, { file: LINK, format: "auto" });
    const [exportCall, post] = fakes.urlFetchApp.requests;
    expect(exportCall?.url).toBe(
      `https://www.googleapis.com/drive/v3/files/${FILE_ID}/export?mimeType=${encodeURIComponent(XLSX)}`,
    );
    expect(exportCall?.headers.Authorization).toBe("Bearer oauth-token-of-coordinator");
    expect(post?.bytes?.equals(exported)).toBe(true);
    expect(new URL(post?.url ?? "").searchParams.get("name")).toBe("Итоги ВПР 2024.xlsx");
    expect(reply.ok).toBe(true);
  });

  it("says what to do with a Google Sheet too large for the Drive API's 10 MB export", () => {
    const fakes = createFakes();
    withFile(fakes, Buffer.alloc(0), "Огромная", "application/vnd.google-apps.spreadsheet");
    fakes.urlFetchApp.handler = () => ({
      status: 403,
      body: { error: { errors: [{ reason: "exportSizeLimitExceeded" }] } },
    });
    const reply = importFromDrive(fakes.services, connection, { file: LINK });
    expect(reply.lines[0]).toMatch(/больше 10 МБ.*Файл → Скачать → Microsoft Excel/);
    expect(fakes.urlFetchApp.to("/import")).toEqual([]);
  });

  it("sends a file of exactly the server's limit, and refuses one byte more before downloading it", () => {
    const fakes = createFakes();
    withFile(fakes, Buffer.alloc(MAX_IMPORT_BYTES, 0x41), "большой.csv", "text/csv");
    fakes.urlFetchApp.handler = () => ({ status: 200, body: applied });
    importFromDrive(fakes.services, connection, { file: LINK });
    expect(fakes.urlFetchApp.to("/import")[0]?.bytes?.length).toBe(MAX_IMPORT_BYTES);
    expect(MAX_IMPORT_BYTES).toBeLessThan(URL_FETCH_LIMITS.postBytes);

    const over = createFakes();
    withFile(over, Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41), "большой.csv", "text/csv");
    const reply = importFromDrive(over.services, connection, { file: LINK });
    expect(reply.ok).toBe(false);
    expect(reply.lines[0]).toMatch(/^Файл «большой.csv» — 33,5 МБ, а загрузить можно не больше 33,5 МБ/);
    expect(over.driveApp.downloaded).toEqual([]);
    expect(over.urlFetchApp.requests).toEqual([]);
  });

  it("keeps the address within UrlFetchApp's 2 KB whatever the file is called", () => {
    const fakes = createFakes();
    const name = `${"Результаты всероссийских проверочных работ ".repeat(10)}.xlsx`;
    withFile(fakes, Buffer.from([0x50, 0x4b]), name);
    fakes.urlFetchApp.handler = () => ({ status: 200, body: applied });
    importFromDrive(fakes.services, connection, { file: LINK });
    const [request] = fakes.urlFetchApp.to("/import");
    expect(request?.url.length).toBeLessThanOrEqual(URL_FETCH_LIMITS.urlLength);
    expect(new URL(request?.url ?? "").searchParams.get("name")).toBe(name.slice(0, MAX_FILE_NAME));
  });

  it("lists a refused file's errors and says nothing was loaded", () => {
    const fakes = createFakes();
    withFile(fakes, Buffer.from([0x50, 0x4b]));
    const issues = Array.from(
      { length: 12 },
      (_, i) => `лист «Ф1», строка ${i + 9}, столбец «Отметка»: 6 — отметка должна быть от 2 до 5`,
    );
    fakes.urlFetchApp.handler = () => ({
      status: 422,
      body: {
        status: "error",
        code: "import_refused",
        message: "файл «Ф1.xlsx» не принят (ошибок: 12); из него ничего не загружено",
        issues,
        more: 0,
      },
    });
    const reply = importFromDrive(fakes.services, connection, { file: LINK });
    expect(reply.ok).toBe(false);
    expect(reply.lines[0]).toBe("файл «Ф1.xlsx» не принят (ошибок: 12); из него ничего не загружено.");
    expect(reply.lines).toContain(`• ${issues[0]}`);
    expect(reply.lines).toContain("…и ещё 2.");
  });

  it("asks for the columns of a ГИА table, saves the map, then imports the same file", () => {
    const fakes = createFakes();
    withFile(fakes, Buffer.from("Шифр ОУ;Тип экзамена;Итоговая оценка\n", "utf8"), "огэ.csv", "text/csv");
    let asked = false;
    fakes.urlFetchApp.handler = (r) => {
      if (r.url.includes("/import/map")) return { status: 200, body: { status: "saved", kind: "oge" } };
      if (!asked) {
        asked = true;
        return {
          status: 422,
          body: {
            code: "mapping_required",
            message: "столбцы файла не распознаны",
            headers: ["Шифр ОУ", "Тип экзамена", "Итоговая оценка"],
          },
        };
      }
      return { status: 200, body: { ...applied, formatName: "таблица результатов ГИА (РЦОИ)" } };
    };
    const first = importFromDrive(fakes.services, connection, { file: LINK });
    expect(first.mapping).toEqual({
      headers: ["Шифр ОУ", "Тип экзамена", "Итоговая оценка"],
      file: LINK,
      format: "auto",
    });

    const second = saveMappingAndImport(fakes.services, connection, {
      file: LINK,
      format: "auto",
      exam: "oge",
      year: "",
      columns: { school: "Шифр ОУ", mark: "Итоговая оценка", exam: "", subject: "" },
    });
    const [map] = fakes.urlFetchApp.to("/import/map");
    expect(map?.body).toEqual({
      territoryId: TERRITORY,
      map: {
        format: "shnor-gia-map",
        version: 1,
        exam: "oge",
        columns: { school: "Шифр ОУ", mark: "Итоговая оценка" },
      },
    });
    expect(new URL(fakes.urlFetchApp.to("/import").at(-1)?.url ?? "").searchParams.get("format")).toBe("gia");
    expect(second.ok).toBe(true);
    expect(second.lines[0]).toMatch(/Схема столбцов сохранена/);
  });

  it("refuses a mapping without the school column and sends nothing", () => {
    const fakes = createFakes();
    const reply = saveMappingAndImport(fakes.services, connection, {
      file: LINK,
      columns: { mark: "Оценка" },
    });
    expect(reply.lines[0]).toBe(
      "Выберите столбец с кодом ОО (школы): без него строки не связать со школами.",
    );
    expect(fakes.urlFetchApp.requests).toEqual([]);
  });

  it("opens a dialog whose buttons call the global callbacks; without a connection it says what to set up", () => {
    const fakes = createFakes();
    importFileCommand(fakes.services);
    const dialog = fakes.spreadsheetApp.ui.dialogs.at(-1);
    expect(dialog?.title).toBe("Импорт файла");
    const html = importDialogHtml();
    expect(html).toContain("google.script.run");
    expect(html).toContain(".importFileFromDialog(");
    expect(html).toContain(".saveGiaMappingFromDialog(");
    expect(importFileDialogCommand(fakes.services, { file: LINK }).lines[0]).toMatch(
      /Подключение к серверу не настроено/,
    );
  });
});

describe("«Отменить импорт…»", () => {
  const list = {
    imports: [
      {
        importId: "gia~cc",
        status: "applied",
        file: { name: "огэ.csv" },
        importedAt: "2026-03-03T10:00:00Z",
        procedures: ["ОГЭ 2025/2026, русский язык"],
      },
      {
        importId: "refused~dd",
        status: "refused",
        file: { name: "x.xls" },
        importedAt: "2026-03-02T10:00:00Z",
        procedures: [],
      },
      {
        importId: "fisoko-vpr~ab",
        status: "undone",
        file: { name: "Ф1.xlsx" },
        importedAt: "2026-03-01T10:00:00Z",
        procedures: [],
      },
    ],
  };

  it("offers only the files whose data are in the calculation, and undoes the one chosen", () => {
    const fakes = createFakes();
    connect(fakes);
    fakes.urlFetchApp.handler = (r) =>
      r.url.includes("/imports")
        ? { status: 200, body: list }
        : { status: 200, body: { status: "undone", file: { name: "огэ.csv" }, changed: 12 } };
    const offered = undoableImports(fakes.services, connection);
    expect(offered).toEqual({
      success: true,
      data: [{ importId: "gia~cc", label: "огэ.csv — ОГЭ 2025/2026, русский язык (загружен 03.03.2026)" }],
    });
    undoImportCommand(fakes.services);
    expect(fakes.spreadsheetApp.ui.dialogs.at(-1)?.title).toBe("Отменить импорт");
    expect(undoDialogHtml(offered.success ? offered.data : [])).toContain('value="gia~cc"');
    const reply = undoImport(fakes.services, connection, "gia~cc");
    expect(fakes.urlFetchApp.to("/import/undo")[0]?.body).toEqual({
      territoryId: TERRITORY,
      importId: "gia~cc",
    });
    expect(reply.lines[0]).toBe(
      "Загрузка файла «огэ.csv» отменена: убрано то, что он дал (записей «школа — год»: 12).",
    );
  });

  it("says there is nothing to undo when no file is loaded", () => {
    const fakes = createFakes();
    connect(fakes);
    fakes.urlFetchApp.handler = () => ({ status: 200, body: { imports: [] } });
    undoImportCommand(fakes.services);
    expect(fakes.spreadsheetApp.ui.alerts.at(-1)?.prompt).toBe("Загруженных файлов нет: отменять нечего.");
    expect(fakes.spreadsheetApp.ui.dialogs).toEqual([]);
  });
});

describe("«Скачать шаблон»", () => {
  it("creates the template as a Google Sheet: the rules with the registry's schools, then a sheet per form", () => {
    const fakes = preparedWithSchools();
    const created = createTemplateSpreadsheet(fakes.services, fakes.spreadsheet);
    const book = fakes.spreadsheetApp.created[0];
    if (book === undefined) throw new Error("no spreadsheet created");
    expect(created.url).toBe(book.getUrl());
    expect(book.getSheets().map((s) => s.getName())).toEqual([
      "Как заполнять",
      ...templateTables().map((t) => t.name),
    ]);
    const rules = book
      .sheet("Как заполнять")
      .getDataRange()
      .getValues()
      .map((r) => r[0]);
    expect(rules).toContain("МБОУ СОШ № 1 [sch-001]");
    expect(rules).toContain("МКОУ Ивановская ООШ [sch-002]");
    for (const table of templateTables()) {
      const sheet = book.sheet(table.name);
      expect(sheet.getRange(1, 1, 1, table.columns.length).getValues()[0]).toEqual(
        table.columns.map((c) => c.header),
      );
    }
  });
});
