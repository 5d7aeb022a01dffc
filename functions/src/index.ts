// Entry of the deployed code: registers the ONE HTTP function `api`; configuration and heavy modules load on first request.
import { http, type Request, type Response } from "@google-cloud/functions-framework";
import type { Result } from "./contract/result.js";
import type { ApiOverrides, ApiRuntime } from "./http/api-runtime.js";
import type { Config } from "./http/config.js";
import { DEV_MODE_WARNING } from "./http/dev-mode-warning.js";
import { answerFrameworkBodyErrors } from "./http/json-errors.js";
import { apiLogs } from "./http/logs.js";

/** How the process's runtime is built: from `env` (process.env by default) or a ready config, plus overrides. */
export interface ApiSetup {
  env?: Readonly<Record<string, string | undefined>>;
  config?: Config;
  overrides?: ApiOverrides;
}

/** The runtime and the router, or why there is none: a 500 `misconfigured` with this Russian message. */
type Loaded = Result<
  { runtime: ApiRuntime; handle: (runtime: ApiRuntime, req: Request, res: Response) => Promise<void> },
  { code: "misconfigured"; message: string }
>;

let setup: ApiSetup = {};
/** One JSON line each, like the rest of the function's log (Cloud Logging reads them as structured). */
const logs = apiLogs();
let loading: Promise<Loaded> | undefined;

async function load(): Promise<Loaded> {
  const [{ parseConfig }, { createApiRuntime }, { handleApiRequest }] = await Promise.all([
    import("./http/config.js"),
    import("./http/api-runtime.js"),
    import("./http/api-handler.js"),
  ]);
  let config = setup.config;
  if (config === undefined) {
    const parsed = parseConfig(setup.env ?? process.env);
    if (!parsed.success) {
      logs.configInvalid(parsed.error.issues);
      return {
        success: false,
        error: {
          code: "misconfigured",
          message: "функция настроена неверно; подробности — в журнале функции",
        },
      };
    }
    config = parsed.data;
    // `shnor serve` prints its own warning; a framework started by hand with SHNOR_DEV_MODE gets this one
    if (config.devMode) logs.devMode(DEV_MODE_WARNING);
  }
  return {
    success: true,
    data: { runtime: createApiRuntime(config, setup.overrides), handle: handleApiRequest },
  };
}

/**
 * Replaces how the runtime is built (tests, `shnor serve`, the demo); call before the first request, or
 * after {@link closeApi}. Production never calls it: configuration comes from the environment, parsed once.
 */
export function configureApi(next: ApiSetup): void {
  if (loading !== undefined) throw new Error("configureApi after the api has started: call closeApi first");
  setup = next;
}

/** The process's runtime (parsed configuration, the store, the scheduler), loading it if needed. */
export async function apiRuntime(): Promise<ApiRuntime> {
  loading ??= load();
  const loaded = await loading;
  if (!loaded.success) throw new Error(loaded.error.message);
  return loaded.data.runtime;
}

/** Waits for background publishes, closes the store and forgets the runtime (the next request builds a new one). */
export async function closeApi(): Promise<void> {
  const current = loading;
  loading = undefined;
  const loaded = await current?.catch(() => undefined);
  if (loaded?.success) await loaded.data.runtime.close();
}

/** The one HTTP function: builds the runtime on first use, then hands every request to the router. */
async function api(req: Request, res: Response): Promise<void> {
  let loaded: Loaded;
  try {
    loading ??= load();
    loaded = await loading;
  } catch (error) {
    // a module that failed to load: try again on the next request rather than keep the failure forever
    loading = undefined;
    logs.loadFailed(error);
    loaded = {
      success: false,
      error: { code: "misconfigured", message: "внутренняя ошибка сервера; запрос можно повторить позже" },
    };
  }
  if (!loaded.success) {
    res.status(500).json({ status: "error", code: loaded.error.code, message: loaded.error.message });
    return;
  }
  await loaded.data.handle(loaded.data.runtime, req, res);
}

http("api", api);
// Before the framework builds its server: its body parsers' failures are answered in Russian JSON, and a body
// that is not JSON reaches `api` as text (kept like any unreadable envelope), instead of Express's HTML page.
answerFrameworkBodyErrors(api);
