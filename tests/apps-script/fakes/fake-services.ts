// Fakes of the remaining services (UrlFetchApp, ScriptApp, properties, lock, mail, HTML, utilities, session) and one bundle of all.
import type {
  GasFetchParams,
  GasForm,
  GasHttpResponse,
  GasLock,
  GasProperties,
  GasTrigger,
  Services,
} from "../../../apps-script/src/gas-services.js";
import { FakeFormApp } from "./fake-forms.js";
import { FakeSpreadsheet, FakeSpreadsheetApp, FakeUser } from "./fake-spreadsheet.js";

/** Time as the script sees it: starts at a fixed instant and moves only when a fake says time passed. */
export class FakeClock {
  ms = Date.UTC(2026, 2, 2, 9, 0, 0);
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** One request as the fake server saw it, the JSON body parsed. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What the fake server answers: a status and a JSON body, or a thrown network error. */
export type FakeReply = { status: number; body?: unknown } | { networkError: string };

/** UrlFetchApp; each request takes `latencyMs` of the fake clock. */
export class FakeUrlFetchApp {
  readonly requests: SeenRequest[] = [];
  latencyMs = 0;
  constructor(private readonly clock: FakeClock) {}
  /** Decides the reply; by default every request gets `200 {status:"ok"}`. */
  handler: (request: SeenRequest) => FakeReply = () => ({ status: 200, body: { status: "ok" } });
  fetch(url: string, params: GasFetchParams): GasHttpResponse {
    const request: SeenRequest = {
      url,
      method: params.method ?? "get",
      headers: { ...(params.headers ?? {}) },
      body: params.payload === undefined ? undefined : JSON.parse(params.payload),
    };
    this.clock.advance(this.latencyMs);
    this.requests.push(request);
    const reply = this.handler(request);
    if ("networkError" in reply) throw new Error(reply.networkError);
    if (params.muteHttpExceptions !== true && reply.status >= 400)
      throw new Error(`Request failed for ${url} returned code ${reply.status}`);
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    return { getResponseCode: () => reply.status, getContentText: () => text };
  }
  /** Test helper: replies in order, the last one repeated. */
  replyInOrder(...replies: FakeReply[]): void {
    let i = 0;
    this.handler = () => {
      const reply = replies[Math.min(i, replies.length - 1)] as FakeReply;
      i += 1;
      return reply;
    };
  }
  /** Test helper: requests to a path (`/submit`). */
  to(path: string): SeenRequest[] {
    return this.requests.filter((r) => new URL(r.url).pathname.endsWith(path));
  }
}

export interface FakeTrigger extends GasTrigger {
  kind: "form" | "time";
  minutes?: number;
}

export class FakeScriptApp {
  readonly triggers: FakeTrigger[] = [];
  token = "identity-token-of-coordinator";
  getIdentityToken() {
    return this.token;
  }
  getProjectTriggers() {
    return [...this.triggers];
  }
  newTrigger(functionName: string) {
    const triggers = this.triggers;
    const add = (trigger: FakeTrigger) => {
      triggers.push(trigger);
      return trigger;
    };
    return {
      forForm: (form: GasForm) => ({
        onFormSubmit: () => ({
          create: () =>
            add({
              kind: "form",
              getHandlerFunction: () => functionName,
              getTriggerSourceId: () => form.getId(),
            }),
        }),
      }),
      timeBased: () => ({
        everyMinutes: (minutes: number) => ({
          create: () =>
            add({
              kind: "time",
              minutes,
              getHandlerFunction: () => functionName,
              getTriggerSourceId: () => "",
            }),
        }),
      }),
    };
  }
}

/** UTF-8 bytes: the unit of the property limits. */
function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * Document properties with Apps Script's limits enforced: «Properties value size 9 KB / val» and «Properties
 * total storage 500 KB / property store» (https://developers.google.com/apps-script/guides/services/quotas).
 */
export class FakeProperties implements GasProperties {
  static readonly VALUE_LIMIT = 9 * 1024;
  static readonly TOTAL_LIMIT = 500 * 1024;
  readonly values = new Map<string, string>();
  getProperty(key: string) {
    return this.values.get(key) ?? null;
  }
  setProperty(key: string, value: string) {
    if (bytes(value) > FakeProperties.VALUE_LIMIT)
      throw new Error(`Exception: Argument too large: value (property ${key})`);
    const total = this.totalBytes() - this.entryBytes(key) + bytes(key) + bytes(value);
    if (total > FakeProperties.TOTAL_LIMIT)
      throw new Error("Exception: You have exceeded the property storage quota.");
    this.values.set(key, value);
    return this;
  }
  deleteProperty(key: string) {
    this.values.delete(key);
    return this;
  }
  /** Test helper: keys and values together, as the store counts them. */
  totalBytes(): number {
    let total = 0;
    for (const key of this.values.keys()) total += this.entryBytes(key);
    return total;
  }
  private entryBytes(key: string): number {
    const value = this.values.get(key);
    return value === undefined ? 0 : bytes(key) + bytes(value);
  }
}

/** The script lock: counts acquisitions and releases; `busy` makes tryLock fail as if another run held it. */
export class FakeLockService {
  busy = false;
  held = false;
  acquired = 0;
  released = 0;
  getScriptLock(): GasLock {
    return {
      tryLock: () => {
        if (this.busy || this.held) return false;
        this.held = true;
        this.acquired += 1;
        return true;
      },
      releaseLock: () => {
        if (this.held) this.released += 1;
        this.held = false;
      },
    };
  }
}

export interface SentMail {
  to: string;
  subject: string;
  body: string;
}

export class FakeMailApp {
  readonly sent: SentMail[] = [];
  sendEmail(message: SentMail) {
    this.sent.push({ to: message.to, subject: message.subject, body: message.body });
  }
}

export class FakeHtmlOutput {
  width = 0;
  height = 0;
  constructor(readonly html: string) {}
  setWidth(width: number) {
    this.width = width;
    return this;
  }
  setHeight(height: number) {
    this.height = height;
    return this;
  }
}

export class FakeUtilities {
  /** Every pause asked for, in ms; nothing actually waits, the fake clock moves on. */
  readonly sleeps: number[] = [];
  constructor(private readonly clock: FakeClock) {}
  sleep(milliseconds: number) {
    this.sleeps.push(milliseconds);
    this.clock.advance(milliseconds);
  }
  formatDate(date: Date, timeZone: string, format: string) {
    if (format !== "dd.MM.yyyy HH:mm") throw new Error(`format ${format} not faked`);
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("ru-RU", {
        timeZone,
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(date)
        .map((p) => [p.type, p.value]),
    );
    return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
  }
}

export const COORDINATOR = "metodist@example.org";
export const SERVICE_ACCOUNT = "shnor-api@project.iam.gserviceaccount.com";

/** Every fake, wired as the project's `Services`, around one coordinator spreadsheet. */
export function createFakes() {
  const spreadsheet = new FakeSpreadsheet("sheet-1", COORDINATOR);
  const clock = new FakeClock();
  const fakes = {
    clock,
    spreadsheet,
    spreadsheetApp: new FakeSpreadsheetApp(spreadsheet),
    formApp: new FakeFormApp(),
    scriptApp: new FakeScriptApp(),
    urlFetchApp: new FakeUrlFetchApp(clock),
    properties: new FakeProperties(),
    lockService: new FakeLockService(),
    mailApp: new FakeMailApp(),
    utilities: new FakeUtilities(clock),
  };
  const services: Services = {
    spreadsheetApp: fakes.spreadsheetApp,
    formApp: fakes.formApp,
    scriptApp: fakes.scriptApp,
    urlFetchApp: fakes.urlFetchApp,
    propertiesService: { getDocumentProperties: () => fakes.properties },
    lockService: fakes.lockService,
    mailApp: fakes.mailApp,
    htmlService: { createHtmlOutput: (html: string) => new FakeHtmlOutput(html) },
    utilities: fakes.utilities,
    session: { getEffectiveUser: () => new FakeUser(COORDINATOR) },
    clock,
  };
  return { ...fakes, services };
}

export type Fakes = ReturnType<typeof createFakes>;

/** The globals a bundle expects, named as Apps Script names them, for a `vm` context. */
export function gasGlobals(fakes: Fakes): Record<string, unknown> {
  const s = fakes.services;
  return {
    SpreadsheetApp: s.spreadsheetApp,
    FormApp: s.formApp,
    ScriptApp: s.scriptApp,
    UrlFetchApp: s.urlFetchApp,
    PropertiesService: s.propertiesService,
    LockService: s.lockService,
    MailApp: s.mailApp,
    HtmlService: s.htmlService,
    Utilities: s.utilities,
    Session: s.session,
  };
}
