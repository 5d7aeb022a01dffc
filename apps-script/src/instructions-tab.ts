// The «Инструкция» tab: how to work with the sheet, what each tab is for, and the links of the forms to send to schools.
import { COORDINATOR_TABS } from "../../functions/src/catalog/coordinator-tabs.js";
import { FORMS } from "../../functions/src/catalog/form-catalog.js";
import type { GasSpreadsheet } from "./gas-services.js";
import { OUTBOX_TAB } from "./outbox.js";
import type { FormRecord } from "./settings-store.js";
import { INSTRUCTIONS_TAB } from "./sheet-preparation.js";

/** Title, then the table «what / details»: the tab is regenerated on every run, nothing typed there is kept. */
export function instructionRows(records: readonly FormRecord[]): string[][] {
  const rows: string[][] = [
    ["ШНОР-Монитор: инструкция координатора", ""],
    ["", ""],
    ["Порядок работы", ""],
    [
      "1. Настройка подключения",
      "Меню «ШНОР-Монитор» → «Настройка подключения»: адрес функции и код территории.",
    ],
    [
      "2. Подготовить таблицу",
      "Создаёт листы, заголовки, подсказки и проверки ввода. Можно запускать повторно.",
    ],
    ["3. Заполните «Школы» и «Настройки»", "Коды школ не меняйте: по ним связаны все данные."],
    ["4. Синхронизировать данные", "Отправляет листы ввода на сервер; ячейки с ошибками выделяются красным."],
    [
      "5. Создать формы",
      "Создаёт и публикует шесть форм для школ (повторный запуск обновляет их). Ответы обрабатываются от имени того, кто создал формы.",
    ],
    [
      "6. Проверить формы",
      "Перед рассылкой: опубликованы ли формы, подтверждаются ли адреса, установлен ли триггер отправки. У каждой проблемы — что сделать.",
    ],
    [
      "7. Разошлите ссылки школам",
      "Ссылки на формы — ниже. Школа заполняет анкету, войдя в аккаунт Google с адресом из столбца «Электронная почта» листа «Школы». Результаты появятся на листах через минуту.",
    ],
    [
      "Заполнить критерии из пресета…",
      "Записывает на лист «Критерии выявления» критерии программы другой территории — отправная точка для своего приказа. Заполненный лист заменяется только после подтверждения.",
    ],
    [
      "Сравнить с другой методикой…",
      "Показывает, какие школы войдут в ШНОР и ШНСУ и выйдут из них по пресету или по листу «Критерии выявления» в нынешнем виде, и почему. Ничего не меняет.",
    ],
    [
      "Пересчитать сейчас",
      "Пересчёт и запись результатов немедленно (обычно это происходит само после каждой анкеты).",
    ],
    [
      "Повторить неотправленные",
      `Анкеты, которые не удалось отправить на сервер, ждут на листе «${OUTBOX_TAB}» и отправляются сами каждые 10 минут.`,
    ],
    [
      "Досылка ответов",
      "Сверяет ответы каждой формы с сервером и досылает недостающие (например, если Google не запустил отправку). Запускается сама каждую ночь.",
    ],
    [
      "Передать обработку ответов мне",
      "Если формы создавал другой координатор (например, он уволился): ответы начнут обрабатываться от вашего имени.",
    ],
    ["", ""],
    ["Листы ввода (заполняет координатор)", ""],
    ...COORDINATOR_TABS.map((tab) => [`«${tab.name}»`, tab.description]),
    ["", ""],
    [
      "Листы результатов",
      "Заполняются автоматически и защищены от изменений: «Сводка», «Индексы», «ШНОР и ШНСУ», «Наставники», «Рекомендации», «Критерии результативности», «Дорожная карта: статус», «Ошибки» (непринятые анкеты и ошибки листов ввода).",
    ],
    ["", ""],
    ["Формы для школ", ""],
  ];
  for (const form of FORMS) {
    const record = records.find((r) => r.kind === form.kind);
    rows.push([
      form.title + (form.anonymous ? " (анонимная, для каждого учителя)" : ""),
      record ? record.publishedUrl : "ещё не создана: меню «ШНОР-Монитор» → «Создать формы»",
    ]);
  }
  return rows;
}

/** Creates the tab if needed and rewrites its content. */
export function writeInstructions(spreadsheet: GasSpreadsheet, records: readonly FormRecord[]): void {
  const sheet = spreadsheet.getSheetByName(INSTRUCTIONS_TAB) ?? spreadsheet.insertSheet(INSTRUCTIONS_TAB, 0);
  const rows = instructionRows(records);
  sheet.clear();
  sheet.getRange(1, 1, rows.length, 2).setValues(rows).setWrap(true);
  sheet.getRange(1, 1).setFontWeight("bold");
  sheet.setColumnWidth(1, 320);
  sheet.setColumnWidth(2, 640);
}
