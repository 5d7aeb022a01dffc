// Failures of functions-framework's body parsers (broken JSON, an unknown charset, 413) answered in our Russian JSON.
//
// functions-framework 5.0.5 (the version in package-lock, and the latest release) parses every body with
// body-parser before the function runs (server.ts: json, text, urlencoded, then raw for `*/*`, each with a
// 1024mb limit and `verify` keeping `req.rawBody`); a parser that fails calls Express's `next(err)`, and with no
// error handler of ours Express answers with an HTML page. The framework offers no way to add one (an open
// request: GoogleCloudPlatform/functions-framework-nodejs#686). Its `getServer` — used by production's `main`
// and by `getTestServer` alike — ends with `http.createServer(app)` once every middleware and route is on the
// app, and the entry module is loaded before that call. So this module wraps `http.createServer` once: when it
// is handed an Express app, our handler is appended to the app, after the framework's routes. Nothing else is
// loaded for it (requiring Express ourselves would cost ~200 ms of import). A body that was read but is not JSON
// is handed to the function itself (as text), so it is answered and kept like any other unreadable envelope.
//
// The same hook bounds what a compressed body may inflate to: body-parser gunzips (or inflates, or brotli-decodes)
// up to its 1024 MB limit before anything of ours runs — and before authentication, so anyone on the internet
// could make an instance inflate a 32 MB gzip of blanks into a gigabyte and die of memory (measured on
// `shnor serve`: 200 KB of gzip took the process from 340 to 795 MB).
import http, { type IncomingMessage } from "node:http";
import type { Writable } from "node:stream";

/**
 * Largest body, once decompressed, the function reads: what Cloud Run functions accept uncompressed («Max
 * uncompressed HTTP request size», 32 MB for 2nd gen, https://cloud.google.com/functions/quotas). An envelope is
 * kept up to 900,000 bytes, a /sync of 2,000 schools is a few megabytes; Apps Script never compresses what it sends.
 */
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/** An Express-like application: what the hook needs of it. */
interface ExpressApp {
  use(handler: ErrorMiddleware): unknown;
  handle(req: unknown, res: unknown, callback?: unknown): unknown;
}

interface JsonResponse {
  headersSent: boolean;
  status(code: number): JsonResponse;
  set(field: string, value: string): JsonResponse;
  json(body: unknown): void;
}

interface BodyRequest {
  body?: unknown;
  rawBody?: Buffer;
}

type ErrorMiddleware = (
  error: unknown,
  req: BodyRequest,
  res: JsonResponse,
  next: (error?: unknown) => void,
) => void;

/** The function to hand a read-but-unparsable body to (the `api` handler). */
export type RetryHandler = (req: never, res: never) => Promise<void>;

/** Status and JSON body answering a body-parser failure. */
export interface BodyErrorAnswer {
  status: number;
  body: { status: "error"; code: string; message: string };
}

function answer(status: number, code: string, message: string): BodyErrorAnswer {
  return { status, body: { status: "error", code, message } };
}

/**
 * The Russian answer to an error raised before the function ran, by body-parser's `type`: 413 for a body over the
 * parser's limit, 415 for a charset or content encoding it cannot decode, 400 for a body that is not JSON or
 * was cut short; any other error keeps its 4xx status (or becomes a 500) with a neutral message.
 */
export function bodyErrorAnswer(error: unknown): BodyErrorAnswer {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  switch (e.type) {
    case "entity.parse.failed":
      return answer(400, "malformed", "тело запроса — не JSON");
    case "entity.too.large":
      return answer(
        413,
        "too_large",
        `запрос слишком большой: ${typeof e.length === "number" ? `${e.length} байт` : "тело"} больше допустимого`,
      );
    case "parameters.too.many":
      return answer(413, "too_large", "запрос слишком большой: слишком много параметров формы");
    case "charset.unsupported":
      return answer(
        415,
        "unsupported_media_type",
        `кодировка «${text(e.charset)}» не поддерживается: отправляйте JSON в UTF-8 ` +
          "(Content-Type: application/json; charset=utf-8)",
      );
    case "encoding.unsupported":
      return answer(
        415,
        "unsupported_media_type",
        `сжатие тела «${text(e.encoding)}» (Content-Encoding) не поддерживается: отправляйте тело без сжатия или в gzip`,
      );
    case "request.aborted":
      return answer(400, "malformed", "запрос прерван: тело пришло не полностью");
    case "request.size.invalid":
      return answer(400, "malformed", "длина тела не совпадает с заголовком Content-Length");
  }
  const status =
    typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : 500;
  if (status >= 400 && status < 500)
    return answer(status, "malformed", "запрос не прочитан: неверный формат");
  return answer(500, "internal", "внутренняя ошибка сервера; запрос можно повторить позже");
}

/**
 * Makes body-parser's decompression stream of this request fail with its own «too large» error (413 below) once
 * more than {@link MAX_INFLATED_BYTES} came out of it. body-parser pipes a compressed request into a zlib stream
 * and reads that with no limit of ours (read.js: `req.pipe(stream)` then raw-body with the framework's 1024 MB), so
 * the count is taken on the stream the request is piped into. A request without Content-Encoding is untouched.
 */
export function limitInflation(req: IncomingMessage): void {
  const encoding = req.headers["content-encoding"];
  if (encoding === undefined || encoding.trim().toLowerCase() === "identity") return;
  const pipe = req.pipe.bind(req);
  req.pipe = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    let inflated = 0;
    const stream = destination as unknown as Writable & NodeJS.ReadableStream;
    if (typeof stream.on === "function" && typeof stream.destroy === "function") {
      // a second 'data' listener next to raw-body's: both see every chunk
      stream.on("data", (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > MAX_INFLATED_BYTES) {
          stream.destroy(
            Object.assign(new Error("request entity too large"), {
              type: "entity.too.large",
              status: 413,
              length: inflated,
              limit: MAX_INFLATED_BYTES,
            }),
          );
        }
      });
    }
    return pipe(destination, options);
  };
}

let retry: RetryHandler | undefined;
const installed = new WeakSet<object>();

const handleBodyErrors: ErrorMiddleware = (error, req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.parse.failed" && retry !== undefined) {
    // the body was read in full: let the function answer (and keep) it as the text it is
    const body = (error as { body?: unknown }).body;
    req.body = typeof body === "string" ? body : (req.rawBody?.toString("utf8") ?? "");
    retry(req as never, res as never).catch(next);
    return;
  }
  const { status, body } = bodyErrorAnswer(error);
  res.status(status).set("Cache-Control", "no-store").json(body);
};

function install(app: ExpressApp): void {
  if (installed.has(app)) return;
  installed.add(app);
  app.use(handleBodyErrors);
}

const PATCHED = Symbol.for("shnor-monitor.body-error-answers");

/** An Express application (a request handler with `use`, `handle` and `set`), as `http.createServer` gets it. */
function expressApp(handler: unknown): ExpressApp | undefined {
  const app = handler as Partial<ExpressApp> & { set?: unknown };
  return typeof handler === "function" &&
    typeof app.use === "function" &&
    typeof app.handle === "function" &&
    typeof app.set === "function"
    ? (app as ExpressApp)
    : undefined;
}

/**
 * Makes every server functions-framework builds from now on answer body-parser failures in Russian JSON, and
 * hand a read-but-unparsable body to `handler`. Idempotent; call it from the entry module, which the framework
 * loads before it builds its server.
 */
export function answerFrameworkBodyErrors(handler?: RetryHandler): void {
  if (handler !== undefined) retry = handler;
  const target = http as typeof http & { [PATCHED]?: boolean };
  if (target[PATCHED] === true) return;
  const createServer = http.createServer;
  const wrapped = (...args: unknown[]) => {
    const handed = args.map((arg) => {
      const app = expressApp(arg);
      if (app === undefined) return arg;
      install(app);
      return guarded(app);
    });
    return (createServer as (...a: unknown[]) => http.Server)(...handed);
  };
  target.createServer = wrapped as typeof http.createServer;
  target[PATCHED] = true;
}

const GUARDED = Symbol.for("shnor-monitor.inflation-guard");

/** The app as a request listener that first bounds what the request's body may inflate to. */
function guarded(app: ExpressApp): (req: IncomingMessage, res: http.ServerResponse) => void {
  const listener = (req: IncomingMessage, res: http.ServerResponse) => {
    limitInflation(req);
    (app as unknown as (q: IncomingMessage, s: http.ServerResponse) => void)(req, res);
  };
  return Object.assign(listener, { [GUARDED]: app });
}

/**
 * For a server built before the hook was installed (or to be sure): appends the same handler to its Express app
 * now, and bounds decompression the same way. `shnor serve` and the demo call it on the server they start.
 */
export function answerBodyErrorsAsJson(server: http.Server): void {
  const listener = server.listeners("request")[0] as
    | (Partial<ExpressApp> & { [GUARDED]?: ExpressApp })
    | undefined;
  if (listener?.[GUARDED] !== undefined) return;
  const app = expressApp(listener);
  if (app === undefined) return;
  install(app);
  server.removeListener("request", listener as never);
  server.on("request", guarded(app));
}
