// «Создать формы»: the six Google Forms built from the catalog, updated in place on every run, with their item-id → key maps.
import {
  CATALOG_VERSION,
  type FieldDefinition,
  FORMS,
  type FormDefinition,
  type SectionDefinition,
  schoolChoiceLabel,
} from "../../functions/src/catalog/form-catalog.js";
import { publishAndOpen, setCollection } from "./form-access.js";
import type {
  GasChoiceItem,
  GasForm,
  GasFormApp,
  GasItem,
  GasItemTypeName,
  GasSectionItem,
  GasSpreadsheet,
  GasTextItem,
  GasTextValidation,
  Services,
} from "./gas-services.js";
import { type FormRecord, readFormRecord, writeFormRecord, writeTriggerOwner } from "./settings-store.js";
import { normalizeHeader } from "./sheet-preparation.js";
import { ensureFormTrigger, ensureReconcileTrigger, ensureResendTrigger } from "./triggers.js";

const SCHOOLS_TAB = "Школы";

/** Accepted by the year question: `2024/2025`, `2024-2025`, `2024–25` (the server normalises them). */
export const ACADEMIC_YEAR_PATTERN = "\\s*20\\d\\d\\s*[/\\\\–—-]\\s*(20)?\\d\\d\\s*";

/** The Forms item kind a catalog field becomes. */
export function itemTypeOf(field: FieldDefinition): GasItemTypeName {
  switch (field.type) {
    case "school":
      return "LIST";
    case "boolean":
    case "choice":
      return "MULTIPLE_CHOICE";
    case "multichoice":
      return "CHECKBOX";
    default:
      return "TEXT";
  }
}

/** Schools of the «Школы» tab as dropdown options `Наименование [код]`, in the tab's order. */
export function schoolOptions(spreadsheet: GasSpreadsheet): string[] {
  const sheet = spreadsheet.getSheetByName(SCHOOLS_TAB);
  if (!sheet || sheet.getLastRow() < 2) return [];
  const rows = sheet
    .getRange(1, 1, sheet.getLastRow(), Math.max(sheet.getLastColumn(), 1))
    .getDisplayValues();
  const header = (rows[0] ?? []).map(normalizeHeader);
  const idCol = header.indexOf(normalizeHeader("Код школы"));
  const nameCol = header.indexOf(normalizeHeader("Наименование"));
  if (idCol < 0) return [];
  const options: string[] = [];
  for (const row of rows.slice(1)) {
    const id = (row[idCol] ?? "").trim();
    if (id === "") continue;
    const name = nameCol < 0 ? "" : (row[nameCol] ?? "").trim();
    const label = schoolChoiceLabel(name === "" ? id : name, id);
    if (!options.includes(label)) options.push(label);
  }
  return options;
}

/** One item the form should have, in order: a section start or a question. */
type Desired =
  | { key: string; type: "PAGE_BREAK" | "SECTION_HEADER"; section: SectionDefinition }
  | { key: string; type: GasItemTypeName; field: FieldDefinition };

function desiredItems(form: FormDefinition): Desired[] {
  return form.sections.flatMap((section, i): Desired[] => [
    // The first section opens the form, so it is a header on the first page, not a page break.
    { key: `section:${i}`, type: i === 0 ? "SECTION_HEADER" : "PAGE_BREAK", section },
    ...section.fields.map((field) => ({ key: field.key, type: itemTypeOf(field), field })),
  ]);
}

function numberHint(field: FieldDefinition): string {
  const what = field.type === "integer" ? "целое число" : "число";
  if (field.min !== undefined && field.max !== undefined)
    return `Введите ${what} от ${field.min} до ${field.max}.`;
  if (field.min !== undefined) return `Введите ${what} не меньше ${field.min}.`;
  return `Введите ${what}.`;
}

/** The answer check Forms applies before sending: numbers within the catalog's range, the year's pattern. */
export function textValidation(formApp: GasFormApp, field: FieldDefinition): GasTextValidation | undefined {
  const builder = formApp.createTextValidation();
  if (field.type === "integer" || field.type === "number") {
    const ranged =
      field.min !== undefined && field.max !== undefined
        ? builder.requireNumberBetween(field.min, field.max)
        : field.min !== undefined
          ? builder.requireNumberGreaterThanOrEqualTo(field.min)
          : builder.requireNumber();
    return ranged.setHelpText(numberHint(field)).build();
  }
  if (field.type === "year") {
    return builder
      .requireTextMatchesPattern(ACADEMIC_YEAR_PATTERN)
      .setHelpText("Учебный год записывается так: 2024/2025.")
      .build();
  }
  return undefined;
}

function choiceValues(field: FieldDefinition, schools: readonly string[]): string[] {
  if (field.type === "school") return [...schools];
  if (field.type === "boolean") return ["Да", "Нет"];
  return (field.options ?? []).map((o) => o.label);
}

type TypedItem = GasTextItem | GasChoiceItem | GasSectionItem;

function addItem(form: GasForm, type: GasItemTypeName): TypedItem {
  switch (type) {
    case "TEXT":
      return form.addTextItem();
    case "LIST":
      return form.addListItem();
    case "MULTIPLE_CHOICE":
      return form.addMultipleChoiceItem();
    case "CHECKBOX":
      return form.addCheckboxItem();
    case "PAGE_BREAK":
      return form.addPageBreakItem();
    case "SECTION_HEADER":
      return form.addSectionHeaderItem();
  }
}

function viewOf(item: GasItem, type: GasItemTypeName): TypedItem {
  switch (type) {
    case "TEXT":
      return item.asTextItem();
    case "LIST":
      return item.asListItem();
    case "MULTIPLE_CHOICE":
      return item.asMultipleChoiceItem();
    case "CHECKBOX":
      return item.asCheckboxItem();
    case "PAGE_BREAK":
      return item.asPageBreakItem();
    case "SECTION_HEADER":
      return item.asSectionHeaderItem();
  }
}

function configure(formApp: GasFormApp, item: TypedItem, desired: Desired, schools: readonly string[]): void {
  if ("section" in desired) {
    (item as GasSectionItem).setTitle(desired.section.title).setHelpText(desired.section.description);
    return;
  }
  const field = desired.field;
  if (desired.type === "TEXT") {
    const text = (item as GasTextItem)
      .setTitle(field.title)
      .setHelpText(field.help)
      .setRequired(field.required);
    const validation = textValidation(formApp, field);
    if (validation) text.setValidation(validation);
    else text.clearValidation();
    return;
  }
  (item as GasChoiceItem)
    .setTitle(field.title)
    .setHelpText(field.help)
    .setRequired(field.required)
    .setChoiceValues(choiceValues(field, schools));
}

function openExisting(formApp: GasFormApp, record: FormRecord | undefined): GasForm | undefined {
  if (!record) return undefined;
  try {
    return formApp.openById(record.id);
  } catch {
    return undefined; // deleted by hand: a new form is created and the record replaced
  }
}

function destinationOf(form: GasForm): string {
  try {
    return form.getDestinationId();
  } catch {
    return ""; // Forms throws when no destination is set
  }
}

const CONFIRMATION =
  "Спасибо! Ответ получен. Если при проверке в нём найдутся ошибки, на вашу почту придёт письмо со ссылкой для исправления.";
const ANONYMOUS_CONFIRMATION =
  "Спасибо! Ответ получен. Анкета анонимна: ответы учитываются только в сумме по школе.";

/**
 * Builds or updates one form. Items the script made before are found through the saved map and updated in
 * place (their ids, and so the response columns, stay); missing ones are added, ones no longer in the catalog
 * removed, and all moved into the catalog's order. Items someone added by hand are left after ours. The form
 * is then published, opened to answers and set to collect verified addresses (the anonymous one: none);
 * `problems` lists in Russian what of that could not be done.
 */
export function buildForm(
  services: Pick<Services, "formApp" | "scriptApp" | "urlFetchApp">,
  spreadsheet: GasSpreadsheet,
  definition: FormDefinition,
  previous: FormRecord | undefined,
  schools: readonly string[],
): { record: FormRecord; created: boolean; problems: string[] } {
  const { formApp } = services;
  const existing = openExisting(formApp, previous);
  const form = existing ?? formApp.create(definition.title);
  form
    .setTitle(definition.title)
    .setDescription(definition.description)
    .setAllowResponseEdits(!definition.anonymous)
    .setProgressBar(true)
    .setConfirmationMessage(definition.anonymous ? ANONYMOUS_CONFIRMATION : CONFIRMATION);
  if (destinationOf(form) !== spreadsheet.getId())
    form.setDestination(formApp.DestinationType.SPREADSHEET, spreadsheet.getId());

  const ours = new Map<string, string>(); // item id → key, from the previous build
  if (existing && previous) {
    for (const [id, key] of Object.entries(previous.items)) ours.set(id, key);
    for (const [key, id] of Object.entries(previous.sections)) ours.set(id, key);
  }
  const desired = desiredItems(definition);
  const typeOf = new Map(desired.map((d) => [d.key, d.type]));
  const reusable = new Map<string, GasItem>();
  for (const item of form.getItems()) {
    const key = ours.get(String(item.getId()));
    if (key === undefined) continue;
    const type = typeOf.get(key);
    if (type !== undefined && item.getType() === formApp.ItemType[type] && !reusable.has(key))
      reusable.set(key, item);
    else form.deleteItem(item); // no longer in the catalog, or its kind changed (a new item replaces it)
  }

  const items: Record<string, string> = {};
  const sections: Record<string, string> = {};
  desired.forEach((d, position) => {
    const old = reusable.get(d.key);
    const item = old ? viewOf(old, d.type) : addItem(form, d.type);
    configure(formApp, item, d, schools);
    const index = item.getIndex();
    if (index !== position) form.moveItem(index, position);
    if ("section" in d) sections[d.key] = String(item.getId());
    else items[String(item.getId())] = d.key;
  });

  const problems: string[] = [];
  for (const problem of [
    setCollection(services, form, definition.anonymous),
    publishAndOpen(services, form),
  ]) {
    if (problem) problems.push(problem);
  }

  ensureFormTrigger(services.scriptApp, form);
  const record: FormRecord = {
    kind: definition.kind,
    id: form.getId(),
    catalogVersion: CATALOG_VERSION,
    publishedUrl: form.getPublishedUrl(),
    editUrl: form.getEditUrl(),
    items,
    sections,
  };
  return { record, created: existing === undefined, problems };
}

/**
 * Result of «Создать формы»; `problems` are Russian lines ««форма», «форма»: что не так. Что сделать: …», one
 * per distinct problem (the API switched off fails the same way for every form).
 */
export type BuildFormsResult =
  | {
      success: true;
      data: { records: FormRecord[]; created: string[]; updated: string[]; problems: string[] };
    }
  | { success: false; error: { code: "no_schools"; message: string } };

/**
 * Builds the six forms of the catalog (the school dropdown from «Школы»), saves each form's record as soon as
 * it is built (a run stopped halfway keeps what it did), and makes sure the caller's outbox and daily reconcile
 * triggers exist. `owner` (the caller's address, when known) is recorded as the trigger owner before the first
 * trigger is installed: a trigger of the caller that fired while someone else was still recorded would retire
 * all of the caller's triggers (see trigger-owner.ts).
 */
export function buildForms(services: Services, spreadsheet: GasSpreadsheet, owner = ""): BuildFormsResult {
  const schools = schoolOptions(spreadsheet);
  if (schools.length === 0) {
    return {
      success: false,
      error: {
        code: "no_schools",
        message:
          "На листе «Школы» нет ни одной школы с кодом. Заполните столбцы «Код школы» и «Наименование» и запустите «Создать формы» ещё раз.",
      },
    };
  }
  const props = services.propertiesService.getDocumentProperties();
  if (owner !== "") writeTriggerOwner(props, owner);
  const records: FormRecord[] = [];
  const created: string[] = [];
  const updated: string[] = [];
  const problems = new Map<string, string[]>(); // problem → titles of the forms that have it
  for (const definition of FORMS) {
    const built = buildForm(
      services,
      spreadsheet,
      definition,
      readFormRecord(props, definition.kind),
      schools,
    );
    writeFormRecord(props, built.record);
    records.push(built.record);
    (built.created ? created : updated).push(definition.title);
    for (const problem of built.problems)
      problems.set(problem, [...(problems.get(problem) ?? []), definition.title]);
  }
  ensureResendTrigger(services.scriptApp);
  ensureReconcileTrigger(services.scriptApp);
  const lines = [...problems].map(
    ([problem, titles]) => `${titles.map((t) => `«${t}»`).join(", ")}: ${problem}`,
  );
  return { success: true, data: { records, created, updated, problems: lines } };
}
