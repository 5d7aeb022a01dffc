// Fakes of the remaining services (UrlFetchApp, ScriptApp, properties, lock, mail, HTML, utilities, session, clock) and one bundle of all.
import type {
  GasAttachment,
  GasBlob,
  GasClockTriggerBuilder,
  GasFetchParams,
  GasForm,
  GasHttpResponse,
  GasLock,
  GasProperties,
  GasTrigger,
  Services,
} from "../../../apps-script/src/gas-services.js";
import { FakeFormApp } from "./fake-forms.js";
import { FakeFormsApi } from "./fake-forms-api.js";
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

/** Who is running the script: a menu command's user, or an installable trigger's owner. */
export class FakeSession {
  constructor(public email: string) {}
  getEffectiveUser() {
    return new FakeUser(this.email);
  }
}

/** One request as the fake server saw it: the JSON body parsed, or the bytes of a raw body (`application/octet-stream`). */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  contentType?: string | undefined;
  bytes?: Buffer | undefined;
}

/** What the fake server answers: a status and a JSON body (or raw bytes), or a thrown network error. */
export type FakeReply = { status: number; body?: unknown; bytes?: Buffer } | { networkError: string };

/**
 * UrlFetchApp's limits (https://developers.google.com/apps-script/guides/services/quotas): «URL Fetch URL length
 * 2 KB / call», «URL Fetch POST size 50 MB / call», «URL Fetch response size 50 MB / call». The real service
 * throws past them; so does the fake.
 */
export const URL_FETCH_LIMITS = {
  urlLength: 2 * 1024,
  postBytes: 50 * 1024 * 1024,
  responseBytes: 50 * 1024 * 1024,
};

/** Apps Script's Byte[] (-128…127) as bytes, and back. */
export function fromJavaBytes(bytes: readonly number[]): Buffer {
  return Buffer.from(Int8Array.from(bytes).buffer);
}
export function toJavaBytes(bytes: Uint8Array): number[] {
  return Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
}

/** The bytes behind each fake blob, for UrlFetchApp to send as they are. */
const blobContents = new WeakMap<GasBlob, Buffer>();

/**
 * A Blob over `bytes`. As with the real service, a blob handed to UrlFetchApp as the payload is sent without
 * becoming a JavaScript array: turning a 33 MB file into one and back took seconds of each test run.
 */
export function fakeBlob(bytes: Buffer): GasBlob {
  const blob: GasBlob = { getBytes: () => toJavaBytes(bytes) };
  blobContents.set(blob, bytes);
  return blob;
}

/**
 * UrlFetchApp. Requests to the Google Forms API go to the fake Forms API and are logged in `googleRequests`;
 * every other request is one to our function: logged in `requests` and answered by `handler`. Each request
 * takes `latencyMs` of the fake clock.
 */
export class FakeUrlFetchApp {
  readonly requests: SeenRequest[] = [];
  readonly googleRequests: SeenRequest[] = [];
  latencyMs = 0;
  /**
   * «URL Fetch calls | 20,000 / day» for a consumer account (https://developers.google.com/apps-script/guides/services/quotas);
   * past it every call throws, as Apps Script does, until the quota resets (`newDay`).
   */
  callsPerDay = 20_000;
  callsToday = 0;
  newDay(): void {
    this.callsToday = 0;
  }
  constructor(
    private readonly clock: FakeClock,
    private readonly formsApi: FakeFormsApi,
  ) {}
  /** Decides the reply; by default every request gets `200 {status:"ok"}`. */
  handler: (request: SeenRequest) => FakeReply = () => ({ status: 200, body: { status: "ok" } });
  fetch(url: string, params: GasFetchParams): GasHttpResponse {
    if (this.callsToday >= this.callsPerDay)
      throw new Error("Exception: Service invoked too many times for one day: urlfetch.");
    this.callsToday += 1;
    if (url.length > URL_FETCH_LIMITS.urlLength)
      throw new Error(`Exception: Limit Exceeded: URLFetch URL Length (${url.length})`);
    const payload = params.payload;
    const raw = Array.isArray(payload)
      ? fromJavaBytes(payload)
      : typeof payload === "object" && payload !== null
        ? (blobContents.get(payload) ?? fromJavaBytes((payload as GasBlob).getBytes()))
        : undefined;
    if (raw !== undefined && raw.length > URL_FETCH_LIMITS.postBytes)
      throw new Error("Exception: Limit Exceeded: URLFetch POST Size.");
    const request: SeenRequest = {
      url,
      method: params.method ?? "get",
      headers: { ...(params.headers ?? {}) },
      body: typeof payload === "string" ? JSON.parse(payload) : undefined,
      contentType: params.contentType,
      bytes: raw,
    };
    this.clock.advance(this.latencyMs);
    const google = this.formsApi.handles(url);
    (google ? this.googleRequests : this.requests).push(request);
    const reply = google ? this.formsApi.reply(request) : this.handler(request);
    if ("networkError" in reply) throw new Error(reply.networkError);
    if (params.muteHttpExceptions !== true && reply.status >= 400)
      throw new Error(`Request failed for ${url} returned code ${reply.status}`);
    const content =
      reply.bytes ?? Buffer.from(reply.body === undefined ? "" : JSON.stringify(reply.body), "utf8");
    if (content.length > URL_FETCH_LIMITS.responseBytes)
      throw new Error("Exception: Limit Exceeded: URLFetch response size.");
    return {
      getResponseCode: () => reply.status,
      getContentText: () => content.toString("utf8"),
      getContent: () => toJavaBytes(content),
      getBlob: () => fakeBlob(content),
      getHeaders: () => ({ "Content-Length": String(content.length) }),
    };
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
  owner: string;
  minutes?: number;
  days?: number;
  hour?: number;
}

let nextTriggerId = 1;

/**
 * ScriptApp with triggers per user, as Apps Script keeps them: `getProjectTriggers()` lists only the effective
 * user's, and `deleteTrigger` refuses anyone else's.
 */
export class FakeScriptApp {
  readonly triggers: FakeTrigger[] = [];
  token = "identity-token-of-coordinator";
  oauthToken = "oauth-token-of-coordinator";
  /** Called with each new trigger, as soon as it exists (a test can make it fire at once). */
  onCreate: (trigger: FakeTrigger) => void = () => {};
  constructor(private readonly session: FakeSession) {}
  getIdentityToken() {
    return this.token;
  }
  getOAuthToken() {
    return this.oauthToken;
  }
  getProjectTriggers() {
    return this.triggers.filter((t) => t.owner === this.session.email);
  }
  /** Test helper: the triggers of one user. */
  triggersOf(owner: string): FakeTrigger[] {
    return this.triggers.filter((t) => t.owner === owner);
  }
  deleteTrigger(trigger: GasTrigger) {
    const i = this.triggers.findIndex((t) => t.getUniqueId() === trigger.getUniqueId());
    if (i < 0) throw new Error("No trigger with that id");
    if (this.triggers[i]?.owner !== this.session.email)
      throw new Error("Cannot delete another user's trigger");
    this.triggers.splice(i, 1);
  }
  newTrigger(functionName: string) {
    const triggers = this.triggers;
    const owner = this.session.email;
    const base = (kind: "form" | "time", source: string) => {
      const uid = String(nextTriggerId++);
      return {
        kind,
        owner,
        getHandlerFunction: () => functionName,
        getTriggerSourceId: () => source,
        getUniqueId: () => uid,
      };
    };
    const clock = (spec: { minutes?: number; days?: number; hour?: number }): GasClockTriggerBuilder => ({
      everyMinutes: (minutes) => clock({ ...spec, minutes }),
      everyDays: (days) => clock({ ...spec, days }),
      atHour: (hour) => clock({ ...spec, hour }),
      create: () => {
        if (spec.minutes !== undefined && ![1, 5, 10, 15, 30].includes(spec.minutes))
          throw new Error("everyMinutes accepts 1, 5, 10, 15 or 30");
        const trigger: FakeTrigger = { ...base("time", ""), ...spec };
        triggers.push(trigger);
        this.onCreate(trigger);
        return trigger;
      },
    });
    return {
      forForm: (form: GasForm) => ({
        onFormSubmit: () => ({
          create: () => {
            const trigger: FakeTrigger = base("form", form.getId());
            triggers.push(trigger);
            this.onCreate(trigger);
            return trigger;
          },
        }),
      }),
      timeBased: () => clock({}),
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
  /** Calls made, each one of «Properties read/write» a day (50,000 for a consumer account, 500,000 for Workspace). */
  calls = 0;
  getProperty(key: string) {
    this.calls += 1;
    return this.values.get(key) ?? null;
  }
  getProperties(): Record<string, string> {
    this.calls += 1;
    return Object.fromEntries(this.values);
  }
  setProperty(key: string, value: string) {
    this.calls += 1;
    if (bytes(value) > FakeProperties.VALUE_LIMIT)
      throw new Error(`Exception: Argument too large: value (property ${key})`);
    const total = this.totalBytes() - this.entryBytes(key) + bytes(key) + bytes(value);
    if (total > FakeProperties.TOTAL_LIMIT)
      throw new Error("Exception: You have exceeded the property storage quota.");
    this.values.set(key, value);
    return this;
  }
  deleteProperty(key: string) {
    this.calls += 1;
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
  /** Names of the attached files, when there are any. */
  attachments?: string[];
}

/**
 * MailApp with the daily recipients quota: each address of `to` counts, and a send past the quota throws as
 * Apps Script does («Service invoked too many times for one day: email.»). 100 is the consumer quota
 * (https://developers.google.com/apps-script/guides/services/quotas).
 */
export class FakeMailApp {
  readonly sent: SentMail[] = [];
  remaining = 100;
  /** How long one send takes on the fake clock (0: instant); a real send with an attachment takes about a second. */
  sendLatencyMs = 0;
  constructor(private readonly clock: FakeClock) {}
  sendEmail(message: {
    to: string;
    subject: string;
    body: string;
    name?: string;
    attachments?: GasAttachment[];
  }) {
    const recipients = message.to.split(",").filter((a) => a.trim() !== "").length;
    if (recipients > this.remaining) throw new Error("Service invoked too many times for one day: email.");
    this.clock.advance(this.sendLatencyMs);
    this.remaining -= recipients;
    this.sent.push({
      to: message.to,
      subject: message.subject,
      body: message.body,
      ...(message.attachments !== undefined
        ? { attachments: message.attachments.map((a) => (a as GasAttachment & { name: string }).name) }
        : {}),
    });
  }
  getRemainingDailyQuota() {
    return this.remaining;
  }
  /** The next day: the quota is whole again. */
  newDay() {
    this.remaining = 100;
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
  newBlob(data: string, contentType: string, name: string) {
    const blob = {
      name,
      contentType,
      data,
      getAs: () => blob,
      getBlob: () => blob,
      getBytes: () => toJavaBytes(Buffer.from(data, "utf8")),
    };
    return blob;
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

/** A file in the fake Drive: its bytes, or (a Google Sheet) what its export as .xlsx gives. */
export interface FakeDriveEntry {
  id: string;
  name: string;
  mimeType: string;
  bytes: Buffer;
}

/** DriveApp over a map of files; an unknown id throws as Drive does for a missing or unshared file. */
export class FakeDriveApp {
  readonly files = new Map<string, FakeDriveEntry>();
  /** Ids whose content was read (`getBlob`): a file refused for its size must not be. */
  readonly downloaded: string[] = [];
  add(entry: FakeDriveEntry): FakeDriveEntry {
    this.files.set(entry.id, entry);
    return entry;
  }
  getFileById(id: string) {
    const entry = this.files.get(id);
    if (entry === undefined) throw new Error(`Exception: No item with the given ID could be found. (${id})`);
    const native = entry.mimeType.startsWith("application/vnd.google-apps.");
    return {
      getId: () => entry.id,
      getName: () => entry.name,
      // Drive reports no size for native Google files
      getSize: () => (native ? 0 : entry.bytes.length),
      getMimeType: () => entry.mimeType,
      getBlob: () => {
        // the real getBlob reads the file's content
        this.downloaded.push(id);
        return fakeBlob(entry.bytes);
      },
    };
  }
}

export const COORDINATOR = "metodist@example.org";
export const SERVICE_ACCOUNT = "shnor-api@project.iam.gserviceaccount.com";

/** Every fake, wired as the project's `Services`, around one coordinator spreadsheet. */
export function createFakes() {
  const spreadsheet = new FakeSpreadsheet("sheet-1", COORDINATOR);
  const clock = new FakeClock();
  const session = new FakeSession(COORDINATOR);
  const formApp = new FakeFormApp();
  const scriptApp = new FakeScriptApp(session);
  const formsApi = new FakeFormsApi(formApp, () => scriptApp.oauthToken);
  const fakes = {
    spreadsheet,
    spreadsheetApp: new FakeSpreadsheetApp(spreadsheet),
    formApp,
    formsApi,
    scriptApp,
    urlFetchApp: new FakeUrlFetchApp(clock, formsApi),
    driveApp: new FakeDriveApp(),
    properties: new FakeProperties(),
    lockService: new FakeLockService(),
    mailApp: new FakeMailApp(clock),
    utilities: new FakeUtilities(clock),
    session,
    clock,
  };
  const services: Services = {
    spreadsheetApp: fakes.spreadsheetApp,
    formApp: fakes.formApp,
    scriptApp: fakes.scriptApp,
    urlFetchApp: fakes.urlFetchApp,
    driveApp: fakes.driveApp,
    propertiesService: { getDocumentProperties: () => fakes.properties },
    lockService: fakes.lockService,
    mailApp: fakes.mailApp,
    htmlService: { createHtmlOutput: (html: string) => new FakeHtmlOutput(html) },
    utilities: fakes.utilities,
    session: fakes.session,
    clock: fakes.clock,
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
    DriveApp: s.driveApp,
    PropertiesService: s.propertiesService,
    LockService: s.lockService,
    MailApp: s.mailApp,
    HtmlService: s.htmlService,
    Utilities: s.utilities,
    Session: s.session,
  };
}
