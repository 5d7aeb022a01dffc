// The menu items «Импорт файла…», «Отменить импорт…», «Скачать шаблон» and the dialog callbacks behind them.
import { MENU_TITLE } from "./entry-points.js";
import {
  type ImportInput,
  type ImportReply,
  importFromDrive,
  type MappingInput,
  saveMappingAndImport,
  undoableImports,
  undoImport,
} from "./file-import.js";
import type { Services } from "./gas-services.js";
import { importDialogHtml, undoDialogHtml } from "./import-dialogs.js";
import { readConnection } from "./settings-store.js";
import { createTemplateSpreadsheet } from "./template-spreadsheet.js";

const NOT_CONNECTED =
  "Подключение к серверу не настроено. Откройте меню «ШНОР-Монитор» → «Настройка подключения» и укажите адрес функции и код территории.";

function alert(services: Pick<Services, "spreadsheetApp">, title: string, lines: readonly string[]): void {
  const ui = services.spreadsheetApp.getUi();
  ui.alert(title, lines.join("\n"), ui.ButtonSet.OK);
}

function connected<T extends ImportReply>(
  services: Services,
  run: (c: NonNullable<ReturnType<typeof readConnection>>) => T,
): ImportReply {
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  return connection ? run(connection) : { ok: false, lines: [NOT_CONNECTED] };
}

/** «Импорт файла…»: opens the dialog (a link to a Drive file and its kind). */
export function importFileCommand(services: Services): void {
  const output = services.htmlService.createHtmlOutput(importDialogHtml()).setWidth(560).setHeight(560);
  services.spreadsheetApp.getUi().showModalDialog(output, "Импорт файла");
}

/** The import dialog's «Загрузить». */
export function importFileDialogCommand(services: Services, input: ImportInput): ImportReply {
  return connected(services, (connection) => importFromDrive(services, connection, input ?? {}));
}

/** The mapping step's «Сохранить схему и загрузить». */
export function saveGiaMappingDialogCommand(services: Services, input: MappingInput): ImportReply {
  return connected(services, (connection) => saveMappingAndImport(services, connection, input ?? {}));
}

/** «Отменить импорт…»: the files whose data are in the calculation, to choose one; an alert when there are none. */
export function undoImportCommand(services: Services): void {
  const connection = readConnection(services.propertiesService.getDocumentProperties());
  if (!connection) {
    alert(services, MENU_TITLE, [NOT_CONNECTED]);
    return;
  }
  const listed = undoableImports(services, connection);
  if (!listed.success) {
    alert(services, "Отменить импорт", [`Список загрузок не получен: ${listed.message}.`]);
    return;
  }
  if (listed.data.length === 0) {
    alert(services, "Отменить импорт", ["Загруженных файлов нет: отменять нечего."]);
    return;
  }
  const output = services.htmlService
    .createHtmlOutput(undoDialogHtml(listed.data))
    .setWidth(600)
    .setHeight(480);
  services.spreadsheetApp.getUi().showModalDialog(output, "Отменить импорт");
}

/** The undo dialog's button. */
export function undoImportDialogCommand(services: Services, importId: unknown): ImportReply {
  return connected(services, (connection) => undoImport(services, connection, importId));
}

/** «Скачать шаблон»: a new Google Sheet with the template, its address in an alert. */
export function downloadTemplateCommand(
  services: Services,
  coordinator: ReturnType<Services["spreadsheetApp"]["getActive"]>,
): void {
  const created = createTemplateSpreadsheet(services, coordinator);
  alert(services, "Шаблон загрузки данных", [
    `Создана таблица «${created.name}»: ${created.url}`,
    "Лист «Как заполнять» объясняет правила и перечисляет школы реестра; на остальных листах — вопросы форм, одна строка — школа за учебный год.",
    "Заполните её (или скопируйте данные из своих таблиц прошлых лет) и загрузите: меню «ШНОР-Монитор» → «Импорт файла…», ссылка на эту таблицу.",
  ]);
}
