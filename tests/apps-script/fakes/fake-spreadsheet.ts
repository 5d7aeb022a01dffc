// A small in-memory SpreadsheetApp: sheets of cells with values, notes, backgrounds, formats, validation and protections.
import type {
  GasDataValidation,
  GasDataValidationBuilder,
  GasMenu,
  GasProtection,
  GasRange,
  GasSheet,
  GasSpreadsheet,
  GasSpreadsheetApp,
  GasUi,
  GasUser,
} from "../../../apps-script/src/gas-services.js";

/** A validation rule as built: the criterion, its arguments, strictness and help text. */
export class FakeDataValidation implements GasDataValidation {
  constructor(
    readonly criterion: string,
    readonly args: readonly unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getHelpText(): string {
    return this.helpText;
  }
}

class FakeDataValidationBuilder implements GasDataValidationBuilder {
  private criterion = "";
  private args: unknown[] = [];
  private allowInvalid = true;
  private helpText = "";
  private require(criterion: string, ...args: unknown[]): this {
    this.criterion = criterion;
    this.args = args;
    return this;
  }
  requireValueInList(values: string[], showDropdown: boolean) {
    return this.require("VALUE_IN_LIST", [...values], showDropdown);
  }
  requireNumberBetween(start: number, end: number) {
    return this.require("NUMBER_BETWEEN", start, end);
  }
  requireNumberGreaterThanOrEqualTo(number: number) {
    return this.require("NUMBER_GREATER_THAN_OR_EQUAL_TO", number);
  }
  requireDate() {
    return this.require("DATE_IS_VALID_DATE");
  }
  setAllowInvalid(allowInvalidData: boolean) {
    this.allowInvalid = allowInvalidData;
    return this;
  }
  setHelpText(helpText: string) {
    this.helpText = helpText;
    return this;
  }
  build(): FakeDataValidation {
    if (this.criterion === "") throw new Error("validation without a criterion");
    return new FakeDataValidation(this.criterion, this.args, this.allowInvalid, this.helpText);
  }
}

export class FakeUser implements GasUser {
  constructor(private readonly email: string) {}
  getEmail(): string {
    return this.email;
  }
}

export class FakeProtection implements GasProtection {
  description = "";
  warningOnly = false;
  domainEdit = true;
  editors: string[];
  constructor(owner: string) {
    // Like Sheets: the one who protects is an editor of the protection.
    this.editors = [owner];
  }
  getDescription() {
    return this.description;
  }
  setDescription(description: string) {
    this.description = description;
    return this;
  }
  setWarningOnly(warningOnly: boolean) {
    this.warningOnly = warningOnly;
    return this;
  }
  isWarningOnly() {
    return this.warningOnly;
  }
  getEditors() {
    return this.editors.map((e) => new FakeUser(e));
  }
  addEditors(emails: string[]) {
    for (const e of emails) if (!this.editors.includes(e)) this.editors.push(e);
    return this;
  }
  removeEditors(emails: string[]) {
    this.editors = this.editors.filter((e) => !emails.includes(e));
    return this;
  }
  canDomainEdit() {
    return this.domainEdit;
  }
  setDomainEdit(editable: boolean) {
    this.domainEdit = editable;
    return this;
  }
}

/**
 * One cell. Cells are never changed in place, only replaced, so equal cells can be one object: «Подготовить
 * таблицу» formats and validates 999 rows of every input column (~74,000 cells), and one object per cell made the
 * tests that prepare a spreadsheet again and again spend most of their time collecting garbage.
 */
type Cell = Readonly<{
  value: unknown;
  note: string;
  background: string | null;
  format: string;
  bold: boolean;
  validation: FakeDataValidation | null;
}>;

/** The most characters a cell holds. */
export const CELL_CHARS_LIMIT = 50_000;

const BLANK_CELL: Cell = Object.freeze({
  value: "",
  note: "",
  background: null,
  format: "",
  bold: false,
  validation: null,
});

/** How Sheets in a Russian locale would show a value (enough for the tests: decimal comma, dd.MM.yyyy). */
function display(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value).replace(".", ",");
  if (value instanceof Date)
    return `${String(value.getDate()).padStart(2, "0")}.${String(value.getMonth() + 1).padStart(2, "0")}.${value.getFullYear()}`;
  return String(value);
}

export class FakeRange implements GasRange {
  constructor(
    private readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {
    if (row < 1 || column < 1 || numRows < 1 || numColumns < 1)
      throw new Error(`invalid range ${row},${column},${numRows},${numColumns}`);
  }
  private cells<T>(read: (cell: Cell) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const line: T[] = [];
      for (let c = 0; c < this.numColumns; c++)
        line.push(read(this.sheet.cell(this.row + r, this.column + c)));
      out.push(line);
    }
    return out;
  }
  /** Gives every cell of the range the same `change`; cells equal before stay one object after. */
  private each(change: Partial<Cell>): this {
    const changed = new Map<Cell, Cell>();
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numColumns; c++) {
        const before = this.sheet.cell(this.row + r, this.column + c);
        let after = changed.get(before);
        if (after === undefined) {
          after = { ...before, ...change };
          changed.set(before, after);
        }
        this.sheet.replaceCell(this.row + r, this.column + c, after);
      }
    }
    return this;
  }
  /** Changes one cell. */
  private change(r: number, c: number, change: Partial<Cell>): void {
    this.sheet.replaceCell(this.row + r, this.column + c, {
      ...this.sheet.cell(this.row + r, this.column + c),
      ...change,
    });
  }
  getValues() {
    return this.cells((c) => c.value);
  }
  getDisplayValues() {
    return this.cells((c) => display(c.value));
  }
  setValues(values: unknown[][]) {
    if (values.length !== this.numRows || values.some((line) => line.length !== this.numColumns))
      throw new Error("The number of rows or columns in the data does not match the range");
    values.forEach((line, r) => {
      line.forEach((value, c) => {
        this.change(r, c, { value });
      });
    });
    return this;
  }
  setValue(value: unknown) {
    return this.each({ value });
  }
  getNote() {
    return this.sheet.cell(this.row, this.column).note;
  }
  getBackground() {
    return this.sheet.cell(this.row, this.column).background;
  }
  /** As Sheets: a cell with no colour of its own reads as white. */
  getBackgrounds() {
    return this.cells((c) => c.background ?? "#ffffff");
  }
  getNotes() {
    return this.cells((c) => c.note);
  }
  setBackgrounds(colors: (string | null)[][]) {
    if (colors.length !== this.numRows || colors.some((line) => line.length !== this.numColumns))
      throw new Error("The number of rows or columns in the data does not match the range");
    colors.forEach((line, r) => {
      line.forEach((color, c) => {
        // White written back is the same as no colour.
        this.change(r, c, { background: color === "#ffffff" ? null : color });
      });
    });
    return this;
  }
  getDataValidation() {
    return this.sheet.cell(this.row, this.column).validation;
  }
  getNumberFormat() {
    return this.sheet.cell(this.row, this.column).format;
  }
  setNote(note: string | null) {
    return this.each({ note: note ?? "" });
  }
  setNotes(notes: (string | null)[][]) {
    if (notes.length !== this.numRows || notes.some((line) => line.length !== this.numColumns))
      throw new Error("The number of rows or columns in the data does not match the range");
    notes.forEach((line, r) => {
      line.forEach((note, c) => {
        this.change(r, c, { note: note ?? "" });
      });
    });
    return this;
  }
  setBackground(color: string | null) {
    return this.each({ background: color });
  }
  setFontWeight(weight: string | null) {
    return this.each({ bold: weight === "bold" });
  }
  setNumberFormat(format: string) {
    return this.each({ format });
  }
  setWrap() {
    return this;
  }
  setDataValidation(rule: GasDataValidation | null) {
    return this.each({ validation: rule as FakeDataValidation | null });
  }
  clearContent() {
    return this.each({ value: "" });
  }
}

export class FakeSheet implements GasSheet {
  private grid: Cell[][] = [];
  readonly protections: FakeProtection[] = [];
  frozenRows = 0;
  tabColor: string | null = null;
  maxRows = 1000;
  constructor(
    private name: string,
    private readonly owner: string,
  ) {}
  /** The cell at 1-based row and column; the grid grows to hold it on first touch. */
  cell(row: number, column: number): Cell {
    while (this.grid.length < row) this.grid.push([]);
    const line = this.grid[row - 1] as Cell[];
    while (line.length < column) line.push(BLANK_CELL);
    return line[column - 1] as Cell;
  }
  /** Puts `cell` at 1-based row and column. */
  replaceCell(row: number, column: number, cell: Cell): void {
    // Sheets refuses a longer cell: «Your input contains more than the maximum of 50000 characters in a single
    // cell» (Google's documentation does not list it; the error is Sheets' own, e.g.
    // https://github.com/ONE-F-M/one_fm/pull/1926). The server's writers keep to it too (submit-route.ts).
    if (typeof cell.value === "string" && cell.value.length > CELL_CHARS_LIMIT)
      throw new Error(
        `Exception: Your input contains more than the maximum of ${CELL_CHARS_LIMIT} characters in a single cell.`,
      );
    this.cell(row, column);
    (this.grid[row - 1] as Cell[])[column - 1] = cell;
  }
  /** Test helper: the values of the used area, as written. */
  values(): unknown[][] {
    return this.getLastRow() === 0 ? [] : this.getDataRange().getValues();
  }
  getName() {
    return this.name;
  }
  setName(name: string) {
    this.name = name;
    return this;
  }
  getRange(row: number, column: number, numRows = 1, numColumns = 1) {
    return new FakeRange(this, row, column, numRows, numColumns);
  }
  getDataRange() {
    return new FakeRange(this, 1, 1, Math.max(this.getLastRow(), 1), Math.max(this.getLastColumn(), 1));
  }
  getLastRow() {
    for (let r = this.grid.length; r >= 1; r--) {
      if ((this.grid[r - 1] ?? []).some((c) => c.value !== "" && c.value !== null)) return r;
    }
    return 0;
  }
  getLastColumn() {
    let last = 0;
    for (const line of this.grid) {
      line.forEach((c, i) => {
        if (c.value !== "" && c.value !== null) last = Math.max(last, i + 1);
      });
    }
    return last;
  }
  getMaxRows() {
    return Math.max(this.maxRows, this.grid.length);
  }
  getMaxColumns() {
    return Math.max(26, this.getLastColumn());
  }
  appendRow(rowContents: unknown[]) {
    const row = this.getLastRow() + 1;
    rowContents.forEach((value, i) => {
      this.replaceCell(row, i + 1, { ...this.cell(row, i + 1), value });
    });
    return this;
  }
  deleteRow(rowPosition: number) {
    if (rowPosition < 1 || rowPosition > this.grid.length) throw new Error(`no row ${rowPosition}`);
    this.grid.splice(rowPosition - 1, 1);
    return this;
  }
  setFrozenRows(rows: number) {
    this.frozenRows = rows;
  }
  setColumnWidth() {
    return this;
  }
  protect() {
    const protection = new FakeProtection(this.owner);
    this.protections.push(protection);
    return protection;
  }
  getProtections(type: unknown) {
    if (type !== "SHEET") throw new Error("only sheet protections are faked");
    return [...this.protections];
  }
  clear() {
    this.grid = [];
    return this;
  }
  setTabColor(color: string | null) {
    this.tabColor = color;
    return this;
  }
}

export interface Alert {
  title: string;
  prompt: string;
}

export class FakeUi implements GasUi {
  readonly menus: { title: string; items: ([string, string] | "separator")[] }[] = [];
  readonly alerts: Alert[] = [];
  readonly dialogs: { output: unknown; title: string }[] = [];
  readonly ButtonSet = { OK: "OK", YES_NO: "YES_NO" } as const;
  readonly Button = { YES: "YES", NO: "NO", OK: "OK" } as const;
  /** What the person presses in a «Да/Нет» dialog. */
  answer: "YES" | "NO" = "NO";
  createMenu(caption: string): GasMenu {
    const menu = { title: caption, items: [] as ([string, string] | "separator")[] };
    const ui = this;
    const builder: GasMenu = {
      addItem(itemCaption, functionName) {
        menu.items.push([itemCaption, functionName]);
        return builder;
      },
      addSeparator() {
        menu.items.push("separator");
        return builder;
      },
      addToUi() {
        ui.menus.push(menu);
      },
    };
    return builder;
  }
  alert(title: string, prompt: string, buttons?: unknown) {
    this.alerts.push({ title, prompt });
    return buttons === this.ButtonSet.YES_NO ? this.answer : "OK";
  }
  showModalDialog(output: unknown, title: string) {
    this.dialogs.push({ output, title });
  }
}

export class FakeSpreadsheet implements GasSpreadsheet {
  readonly sheets: FakeSheet[] = [];
  readonly toasts: string[] = [];
  /** Editors of the file; a service account appears here once the spreadsheet is shared with it. */
  editors: string[];
  constructor(
    readonly id: string,
    readonly owner: string,
    readonly name = "Координатор",
  ) {
    this.editors = [owner];
    // A new spreadsheet comes with one empty tab.
    this.sheets.push(new FakeSheet("Лист1", owner));
  }
  getId() {
    return this.id;
  }
  getUrl() {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
  getName() {
    return this.name;
  }
  getSpreadsheetLocale() {
    return "ru_RU";
  }
  getSpreadsheetTimeZone() {
    return "Europe/Moscow";
  }
  getSheetByName(name: string) {
    return this.sheets.find((s) => s.getName() === name) ?? null;
  }
  /** Test helper: the sheet, failing the test when it is missing. */
  sheet(name: string): FakeSheet {
    const sheet = this.getSheetByName(name);
    if (!sheet) throw new Error(`no sheet «${name}»`);
    return sheet;
  }
  getSheets() {
    return [...this.sheets];
  }
  insertSheet(sheetName: string, sheetIndex: number) {
    if (this.getSheetByName(sheetName))
      throw new Error(`A sheet with the name "${sheetName}" already exists.`);
    const sheet = new FakeSheet(sheetName, this.owner);
    this.sheets.splice(Math.min(sheetIndex, this.sheets.length), 0, sheet);
    return sheet;
  }
  deleteSheet(sheet: GasSheet) {
    const i = this.sheets.indexOf(sheet as FakeSheet);
    if (i < 0) throw new Error("no such sheet");
    this.sheets.splice(i, 1);
  }
  getEditors() {
    return this.editors.map((e) => new FakeUser(e));
  }
  toast(msg: string) {
    this.toasts.push(msg);
  }
}

export class FakeSpreadsheetApp implements GasSpreadsheetApp {
  readonly ui = new FakeUi();
  readonly ProtectionType = { SHEET: "SHEET" } as const;
  /** Spreadsheets made by `create`, in order. */
  readonly created: FakeSpreadsheet[] = [];
  constructor(readonly active: FakeSpreadsheet) {}
  create(name: string) {
    const spreadsheet = new FakeSpreadsheet(`created-${this.created.length + 1}`, this.active.owner, name);
    this.created.push(spreadsheet);
    return spreadsheet;
  }
  getActive() {
    return this.active;
  }
  openById(id: string) {
    if (id !== this.active.id) throw new Error(`no spreadsheet ${id}`);
    return this.active;
  }
  getUi() {
    return this.ui;
  }
  newDataValidation() {
    return new FakeDataValidationBuilder();
  }
}
