// A small in-memory FormApp: forms with ordered items, publishing, e-mail collection, text validations, responses.
import type {
  GasForm,
  GasFormApp,
  GasFormResponse,
  GasItem,
  GasItemResponse,
  GasItemTypeName,
  GasTextValidationBuilder,
} from "../../../apps-script/src/gas-services.js";

export class FakeTextValidation {
  constructor(
    readonly criterion: string,
    readonly args: readonly unknown[],
    readonly helpText: string,
  ) {}
}

class FakeTextValidationBuilder implements GasTextValidationBuilder {
  private criterion = "";
  private args: unknown[] = [];
  private helpText = "";
  private require(criterion: string, ...args: unknown[]): this {
    this.criterion = criterion;
    this.args = args;
    return this;
  }
  requireNumberBetween(start: number, end: number) {
    return this.require("NUMBER_BETWEEN", start, end);
  }
  requireNumberGreaterThanOrEqualTo(number: number) {
    return this.require("NUMBER_GREATER_THAN_OR_EQUAL_TO", number);
  }
  requireNumber() {
    return this.require("NUMBER");
  }
  requireTextMatchesPattern(pattern: string) {
    return this.require("TEXT_MATCHES_PATTERN", pattern);
  }
  setHelpText(text: string) {
    this.helpText = text;
    return this;
  }
  build() {
    return new FakeTextValidation(this.criterion, this.args, this.helpText);
  }
}

let nextItemId = 1_000;

/** One item; the typed views (`asTextItem()`, …) are the item itself, refused for the wrong kind as Forms does. */
export class FakeItem implements GasItem {
  readonly id = nextItemId++;
  title = "";
  help = "";
  required = false;
  choices: string[] = [];
  validation: FakeTextValidation | null = null;
  constructor(
    private readonly form: FakeForm,
    readonly type: GasItemTypeName,
  ) {}
  getId() {
    return this.id;
  }
  getIndex() {
    return this.form.items.indexOf(this);
  }
  getType() {
    return this.type;
  }
  getTitle() {
    return this.title;
  }
  setTitle(title: string) {
    this.title = title;
    return this;
  }
  setHelpText(text: string) {
    this.help = text;
    return this;
  }
  setRequired(enabled: boolean) {
    this.required = enabled;
    return this;
  }
  setChoiceValues(values: string[]) {
    if (values.length === 0) throw new Error("choices cannot be empty");
    this.choices = [...values];
    return this;
  }
  setValidation(validation: object) {
    this.validation = validation as FakeTextValidation;
    return this;
  }
  clearValidation() {
    this.validation = null;
    return this;
  }
  private as(type: GasItemTypeName): this {
    if (this.type !== type) throw new Error(`Item ${this.id} is ${this.type}, not ${type}`);
    return this;
  }
  asTextItem() {
    return this.as("TEXT");
  }
  asListItem() {
    return this.as("LIST");
  }
  asMultipleChoiceItem() {
    return this.as("MULTIPLE_CHOICE");
  }
  asCheckboxItem() {
    return this.as("CHECKBOX");
  }
  asPageBreakItem() {
    return this.as("PAGE_BREAK");
  }
  asSectionHeaderItem() {
    return this.as("SECTION_HEADER");
  }
}

/** `FormSettings.emailCollectionType` of the Forms API; FormApp's setCollectEmail only toggles it. */
export type FakeEmailCollection = "DO_NOT_COLLECT" | "VERIFIED" | "RESPONDER_INPUT";

export class FakeForm implements GasForm {
  readonly items: FakeItem[] = [];
  readonly responses: FakeFormResponse[] = [];
  description = "";
  emailCollectionType: FakeEmailCollection = "DO_NOT_COLLECT";
  /** A form made through the API after 30 June 2026 starts unpublished, taking no answers. */
  published = false;
  acceptingResponses = false;
  /** A legacy form has no publish state: always published. */
  legacy = false;
  allowResponseEdits = false;
  progressBar = false;
  confirmation = "";
  destination: { type: unknown; id: string } | undefined;
  setDestinationCalls = 0;
  setPublished?: (enabled: boolean) => FakeForm;
  isPublished?: () => boolean;
  supportsAdvancedResponderPermissions?: () => boolean;
  constructor(
    readonly id: string,
    public title: string,
    formAppPublishes: boolean,
  ) {
    if (formAppPublishes) {
      // FormApp's setPublished(true) publishes and starts accepting responses.
      this.setPublished = (enabled) => {
        if (this.legacy) throw new Error("Legacy forms cannot be published or unpublished.");
        this.published = enabled;
        this.acceptingResponses = enabled;
        return this;
      };
      this.isPublished = () => this.legacy || this.published;
      this.supportsAdvancedResponderPermissions = () => !this.legacy;
    }
  }
  /** Whether a respondent can open the form and send it now. */
  get open(): boolean {
    return (this.legacy || this.published) && this.acceptingResponses;
  }
  get collectEmail(): boolean {
    return this.emailCollectionType !== "DO_NOT_COLLECT";
  }
  getId() {
    return this.id;
  }
  getTitle() {
    return this.title;
  }
  collectsEmail() {
    return this.collectEmail;
  }
  isAcceptingResponses() {
    return this.acceptingResponses;
  }
  setAcceptingResponses(enabled: boolean) {
    // The API forces accepting to false on an unpublished form.
    this.acceptingResponses = enabled && (this.legacy || this.published);
    return this;
  }
  getResponses() {
    return [...this.responses];
  }
  /** Test helper: a respondent sends (or edits, same id) a response; returns it. */
  submit(response: FakeFormResponse): FakeFormResponse {
    if (!this.open) throw new Error(`form ${this.id} is not accepting responses`);
    const i = this.responses.findIndex((r) => r.getId() === response.getId());
    if (i >= 0) this.responses.splice(i, 1);
    this.responses.push(response);
    return response;
  }
  getPublishedUrl() {
    return `https://docs.google.com/forms/d/e/${this.id}/viewform`;
  }
  getEditUrl() {
    return `https://docs.google.com/forms/d/${this.id}/edit`;
  }
  setTitle(title: string) {
    this.title = title;
    return this;
  }
  setDescription(description: string) {
    this.description = description;
    return this;
  }
  setCollectEmail(collect: boolean) {
    if (!collect) this.emailCollectionType = "DO_NOT_COLLECT";
    else if (this.emailCollectionType === "DO_NOT_COLLECT") this.emailCollectionType = "RESPONDER_INPUT";
    return this;
  }
  setAllowResponseEdits(enabled: boolean) {
    this.allowResponseEdits = enabled;
    return this;
  }
  setConfirmationMessage(message: string) {
    this.confirmation = message;
    return this;
  }
  setProgressBar(enabled: boolean) {
    this.progressBar = enabled;
    return this;
  }
  getDestinationId() {
    if (!this.destination) throw new Error("This form does not currently have a response destination.");
    return this.destination.id;
  }
  setDestination(type: unknown, id: string) {
    // Each call makes Forms add another responses tab to the spreadsheet, so the tests count them.
    this.setDestinationCalls += 1;
    this.destination = { type, id };
    return this;
  }
  getItems() {
    return [...this.items];
  }
  deleteItem(item: GasItem) {
    const i = this.items.indexOf(item as FakeItem);
    if (i < 0) throw new Error("no such item");
    this.items.splice(i, 1);
  }
  moveItem(from: number, to: number) {
    const [item] = this.items.splice(from, 1);
    if (!item) throw new Error(`no item at ${from}`);
    this.items.splice(to, 0, item);
    return item;
  }
  private add(type: GasItemTypeName): FakeItem {
    const item = new FakeItem(this, type);
    this.items.push(item);
    return item;
  }
  addTextItem() {
    return this.add("TEXT");
  }
  addListItem() {
    return this.add("LIST");
  }
  addMultipleChoiceItem() {
    return this.add("MULTIPLE_CHOICE");
  }
  addCheckboxItem() {
    return this.add("CHECKBOX");
  }
  addPageBreakItem() {
    return this.add("PAGE_BREAK");
  }
  addSectionHeaderItem() {
    return this.add("SECTION_HEADER");
  }
  /** Test helper: the question (not a section) with this title. */
  item(title: string): FakeItem {
    const item = this.items.find(
      (i) => i.title === title && i.type !== "PAGE_BREAK" && i.type !== "SECTION_HEADER",
    );
    if (!item) throw new Error(`no item «${title}»`);
    return item;
  }
}

export class FakeFormApp implements GasFormApp {
  readonly forms = new Map<string, FakeForm>();
  /** False: a runtime whose FormApp has no setPublished/isPublished, so the script must use the Forms API. */
  publishes = true;
  readonly ItemType = {
    TEXT: "TEXT",
    LIST: "LIST",
    MULTIPLE_CHOICE: "MULTIPLE_CHOICE",
    CHECKBOX: "CHECKBOX",
    PAGE_BREAK: "PAGE_BREAK",
    SECTION_HEADER: "SECTION_HEADER",
  } as const;
  readonly DestinationType = { SPREADSHEET: "SPREADSHEET" } as const;
  private counter = 0;
  create(title: string) {
    this.counter += 1;
    const form = new FakeForm(`form-${this.counter}`, title, this.publishes);
    this.forms.set(form.id, form);
    return form;
  }
  openById(id: string) {
    const form = this.forms.get(id);
    if (!form) throw new Error(`No item with the given ID could be found: ${id}`);
    return form;
  }
  createTextValidation() {
    return new FakeTextValidationBuilder();
  }
}

/** A response as Forms hands it to onFormSubmit; `answers` pairs an item with what getResponse() returns. */
export class FakeFormResponse implements GasFormResponse {
  constructor(
    private readonly options: {
      id: string;
      timestamp: Date;
      email?: string;
      answers: [FakeItem, unknown][];
    },
  ) {}
  getId() {
    return this.options.id;
  }
  getTimestamp() {
    return this.options.timestamp;
  }
  getRespondentEmail() {
    return this.options.email ?? "";
  }
  getEditResponseUrl() {
    return `https://docs.google.com/forms/d/e/edit?edit2=${this.options.id}`;
  }
  getItemResponses(): GasItemResponse[] {
    return this.options.answers.map(([item, response]) => ({
      getItem: () => item,
      getResponse: () => response,
    }));
  }
}
