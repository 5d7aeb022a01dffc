// The function's configuration, parsed once from the environment with zod; nothing here is read at import time.
import { z } from "zod";
import { issuesFromZod, type ParseResult, type ValidationIssue } from "../contract/validation-issue.js";

/** Bind hosts that count as loopback: the only ones on which development mode may run. */
export const LOOPBACK_HOSTS = ["127.0.0.1", "::1", "localhost"] as const;

const TRUE_VALUES = ["1", "true", "yes", "on"] as const;
const FALSE_VALUES = ["", "0", "false", "no", "off"] as const;

/** Territory ids become Firestore document ids and URL parameters: keep them plain. */
export const TERRITORY_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "неверный адрес почты / not an e-mail address" }));

export const TerritoryConfigSchema = z.strictObject({
  id: z.string().regex(TERRITORY_ID_PATTERN, {
    message:
      "код территории — латиница в нижнем регистре, цифры, - и _ (пример: obraztsovsky) / " +
      "territory id: lower-case latin letters, digits, - and _",
  }),
  name: z.string().trim().min(1),
  spreadsheetId: z.string().trim().min(1),
  coordinators: z
    .array(email)
    .min(1, { message: "нужен хотя бы один координатор / at least one coordinator" }),
  timeZone: z.string().min(1).optional(),
});

export type TerritoryConfig = z.infer<typeof TerritoryConfigSchema>;

export interface Config {
  /** Google Cloud project of Firestore (and of the emulator's namespace locally). */
  projectId: string;
  /** Territories served, each with its coordinator sheet and allowlist. */
  territories: TerritoryConfig[];
  /** Accepted `aud` values of Google ID tokens (the Apps Script project's OAuth client id). */
  idTokenAudiences: string[];
  /** Service account Cloud Scheduler signs /flush calls with. */
  schedulerEmail?: string;
  /** `host:port` of the Firestore emulator; absent in production. */
  firestoreEmulatorHost?: string;
  /** Accept `X-Shnor-Dev-User` instead of ID tokens; only on loopback. */
  devMode: boolean;
  /**
   * Private mode (SHNOR_PRIVATE_MODE, set by Terraform when `allow_unauthenticated_invocations = false`): Cloud Run
   * IAM checks every request's token before the function runs, so the scheduler's token whose signature Cloud Run
   * removed may be accepted (see `auth.ts`). Absent or false means off; never together with development mode.
   */
  privateMode?: boolean;
  /** Interface the local server listens on. */
  bindHost: string;
}

/** Development mode's project id when SHNOR_PROJECT_ID is not set. */
export const DEV_PROJECT_ID = "shnor-local";

const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;

function listed(values: readonly string[]): string {
  return values.map((v) => (v === "" ? "(пусто)" : v)).join(", ");
}

function parseFlag(name: string, raw: string | undefined, issues: ValidationIssue[]): boolean {
  const value = (raw ?? "").trim().toLowerCase();
  if ((TRUE_VALUES as readonly string[]).includes(value)) return true;
  if ((FALSE_VALUES as readonly string[]).includes(value)) return false;
  issues.push({
    path: name,
    message: `«${raw}» — допустимые значения / valid values: ${listed([...TRUE_VALUES, ...FALSE_VALUES])}`,
  });
  return false;
}

function parseTerritories(raw: string | undefined, issues: ValidationIssue[]): TerritoryConfig[] {
  if (raw === undefined || raw.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    issues.push({
      path: "SHNOR_TERRITORIES",
      message:
        `это не JSON / not JSON (${error instanceof Error ? error.message : String(error)}); ожидается / expected: ` +
        '[{"id":"obraztsovsky","name":"…","spreadsheetId":"…","coordinators":["metodist@example.ru"],"timeZone":"Europe/Moscow"}]',
    });
    return [];
  }
  const parsed = z.array(TerritoryConfigSchema).safeParse(value);
  if (!parsed.success) {
    issues.push(...issuesFromZod(parsed.error, value, ["SHNOR_TERRITORIES"]));
    return [];
  }
  const seen = new Set<string>();
  parsed.data.forEach((territory, i) => {
    if (seen.has(territory.id))
      issues.push({
        path: `SHNOR_TERRITORIES[${i}].id`,
        message: `«${territory.id}» — код территории повторяется / duplicate territory id`,
      });
    seen.add(territory.id);
  });
  return parsed.data;
}

/**
 * Parses the environment once: SHNOR_PROJECT_ID, SHNOR_TERRITORIES (JSON list), SHNOR_ID_TOKEN_AUDIENCES
 * (comma list), SHNOR_SCHEDULER_EMAIL, FIRESTORE_EMULATOR_HOST, SHNOR_DEV_MODE, SHNOR_BIND_HOST, SHNOR_PRIVATE_MODE.
 * Development mode is refused unless the bind host is loopback; outside it the project id and at least one
 * audience are required. Private mode needs the scheduler's e-mail (the only caller it changes anything for) and
 * is refused together with development mode. All problems are returned together, each naming the variable and
 * the valid values.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ParseResult<Config> {
  const issues: ValidationIssue[] = [];
  const devMode = parseFlag("SHNOR_DEV_MODE", env.SHNOR_DEV_MODE, issues);

  const bindHost = (env.SHNOR_BIND_HOST ?? "").trim() || (devMode ? "127.0.0.1" : "0.0.0.0");
  if (devMode && !(LOOPBACK_HOSTS as readonly string[]).includes(bindHost)) {
    issues.push({
      path: "SHNOR_BIND_HOST",
      message:
        `«${bindHost}» — режим разработки (SHNOR_DEV_MODE) работает только на петлевом адресе; допустимые значения: ` +
        `${listed(LOOPBACK_HOSTS)} / development mode only binds to loopback: ${listed(LOOPBACK_HOSTS)}`,
    });
  }

  const projectId = (env.SHNOR_PROJECT_ID ?? "").trim() || (devMode ? DEV_PROJECT_ID : "");
  if (projectId === "") {
    issues.push({
      path: "SHNOR_PROJECT_ID",
      message: "не задан идентификатор проекта Google Cloud / the Google Cloud project id is required",
    });
  } else if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(projectId)) {
    issues.push({
      path: "SHNOR_PROJECT_ID",
      message: `«${projectId}» — 6–30 знаков: латиница в нижнем регистре, цифры и дефис / 6–30 lower-case letters, digits, hyphens`,
    });
  }

  const territories = parseTerritories(env.SHNOR_TERRITORIES, issues);

  const idTokenAudiences = (env.SHNOR_ID_TOKEN_AUDIENCES ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  if (!devMode && idTokenAudiences.length === 0) {
    issues.push({
      path: "SHNOR_ID_TOKEN_AUDIENCES",
      message:
        "нужен хотя бы один OAuth client id скрипта (через запятую) / at least one audience (comma-separated " +
        "OAuth client ids), e.g. 1234567890-abc.apps.googleusercontent.com",
    });
  }

  let schedulerEmail: string | undefined;
  const schedulerRaw = (env.SHNOR_SCHEDULER_EMAIL ?? "").trim();
  if (schedulerRaw !== "") {
    const parsed = email.safeParse(schedulerRaw);
    if (parsed.success) schedulerEmail = parsed.data;
    else
      issues.push({
        path: "SHNOR_SCHEDULER_EMAIL",
        message: `«${schedulerRaw}» — ожидается адрес сервисного аккаунта / expected a service account e-mail`,
      });
  }

  const privateMode = parseFlag("SHNOR_PRIVATE_MODE", env.SHNOR_PRIVATE_MODE, issues);
  if (privateMode && devMode) {
    issues.push({
      path: "SHNOR_PRIVATE_MODE",
      message:
        "закрытый режим (Cloud Run проверяет токены) и режим разработки (SHNOR_DEV_MODE) несовместимы / " +
        "private mode is for Cloud Run, development mode for loopback: set one of them",
    });
  }
  if (privateMode && schedulerRaw === "") {
    issues.push({
      path: "SHNOR_SCHEDULER_EMAIL",
      message:
        "в закрытом режиме (SHNOR_PRIVATE_MODE) нужен адрес сервисного аккаунта планировщика / " +
        "private mode needs the scheduler's service account e-mail",
    });
  }

  const emulatorRaw = (env.FIRESTORE_EMULATOR_HOST ?? "").trim();
  if (emulatorRaw !== "" && !hostPort.test(emulatorRaw)) {
    issues.push({
      path: "FIRESTORE_EMULATOR_HOST",
      message: `«${emulatorRaw}» — ожидается хост:порт, например 127.0.0.1:8080 / expected host:port`,
    });
  }

  if (issues.length > 0) return { success: false, error: { code: "invalid", issues } };
  const config: Config = { projectId, territories, idTokenAudiences, devMode, bindHost };
  if (schedulerEmail !== undefined) config.schedulerEmail = schedulerEmail;
  if (privateMode) config.privateMode = true;
  if (emulatorRaw !== "") config.firestoreEmulatorHost = emulatorRaw;
  return { success: true, data: config };
}

/** One line per problem, for the fail-fast message at start. */
export function formatConfigIssues(issues: readonly ValidationIssue[]): string {
  return [
    "Ошибка конфигурации / configuration error:",
    ...issues.map((issue) => `  ${issue.path}: ${issue.message}`),
  ].join("\n");
}
