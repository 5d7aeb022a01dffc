// Who is calling: Google ID tokens verified with google-auth-library, the dev-mode header on loopback, and allowlists.
import { OAuth2Client } from "google-auth-library";

/** Header that names the caller in development mode instead of an ID token. */
export const DEV_USER_HEADER = "x-shnor-dev-user";

/** Issuers of Google ID tokens (`ScriptApp.getIdentityToken()`, Cloud Scheduler OIDC tokens). */
export const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

/**
 * The header Cloud Run IAM checks instead of `Authorization` when a request has both: "If both headers are
 * provided, only the X-Serverless-Authorization header is checked", and Cloud Run "removes the signature before
 * passing the token to the user container" (https://cloud.google.com/run/docs/authenticating/service-to-service#acquire-token;
 * the same holds for gen2 functions, which "also use the Cloud Run Invoker role":
 * https://cloud.google.com/functions/docs/securing/authenticating). The Apps Script sends its token in
 * both headers, so in private mode `Authorization` still reaches the function signed.
 */
export const SERVERLESS_AUTHORIZATION_HEADER = "x-serverless-authorization";

/**
 * What Cloud Run writes in place of the signature of a token it checked
 * (https://cloud.google.com/run/docs/troubleshooting#signature-removed: «SIGNATURE_REMOVED_BY_GOOGLE»).
 */
export const REMOVED_SIGNATURE = "SIGNATURE_REMOVED_BY_GOOGLE";

/** google-auth-library's bounds (OAuth2Client.CLOCK_SKEW_SECS_, DEFAULT_MAX_TOKEN_LIFETIME_SECS_), kept for unsigned tokens too. */
const CLOCK_SKEW_SECONDS = 300;
const MAX_TOKEN_LIFETIME_SECONDS = 86_400;

/** Expected refusals; the HTTP layer maps `missing_token`/`invalid_token`/`wrong_audience` to 401, `not_allowed` to 403. */
export type AuthErrorCode = "missing_token" | "invalid_token" | "wrong_audience" | "not_allowed";

export interface AuthError {
  code: AuthErrorCode;
  /** Russian, safe to show the caller (never the token or a stack). */
  message: string;
}

/** An authenticated caller. */
export interface Caller {
  /** Lower-case e-mail, verified by Google (or named by the dev header). */
  email: string;
  /** `cloud_run_iam`: the scheduler's token whose signature Cloud Run removed after checking it (private mode). */
  via: "id_token" | "dev_header" | "cloud_run_iam";
}

export type AuthResult<T> = { success: true; data: T } | { success: false; error: AuthError };

/** The parts of a request authentication looks at (works with Express/functions-framework requests). */
export interface AuthRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Peer address of the TCP connection (`req.socket.remoteAddress`), not a forwarded header. */
  remoteAddress?: string | undefined;
}

/** Public keys by key id (PEM), as Google publishes them; tests pass a locally generated key. */
export type CertsSource = () => Promise<Record<string, string>>;

export interface AuthOptions {
  /** Accepted `aud` values (configuration SHNOR_ID_TOKEN_AUDIENCES). */
  audiences: readonly string[];
  /** Development mode: accept {@link DEV_USER_HEADER} from loopback peers. */
  devMode: boolean;
  /** Where the signing keys come from; Google's published certificates when absent. */
  certs?: CertsSource;
  /**
   * Private mode (configuration SHNOR_PRIVATE_MODE): Cloud Run IAM checks each request's token before the function
   * runs. The one thing it changes here: a token of `schedulerEmail` whose signature Cloud Run removed is accepted
   * when the request carries no X-Serverless-Authorization — then the token Cloud Run checked was this very
   * `Authorization` one. Absent: every token must carry a signature this process verifies.
   */
  privateMode?: { schedulerEmail: string };
}

const LOOPBACK_PEERS = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** True for a loopback peer address (IPv4, IPv6 and IPv4-mapped IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return LOOPBACK_PEERS.has(address) || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address);
}

function header(request: AuthRequest, name: string): string | undefined {
  const value = request.headers[name] ?? request.headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

const simpleEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function fail<T>(code: AuthErrorCode, message: string): AuthResult<T> {
  return { success: false, error: { code, message } };
}

/** Verifies callers; create once per process with {@link createAuthenticator}. */
export interface Authenticator {
  /** Who is calling, or why they cannot be identified. Never throws for a bad request. */
  identify(request: AuthRequest): Promise<AuthResult<Caller>>;
}

/**
 * Creates the authenticator: `Authorization: Bearer <Google ID token>` verified with
 * `OAuth2Client.verifySignedJwtWithCertsAsync` (signature, expiry with Google's 5-minute skew, issuer,
 * audience), then `email_verified` required. In private mode the scheduler's token whose signature Cloud Run
 * removed passes the same claim checks instead (see {@link AuthOptions.privateMode}); any other unsigned token is
 * refused. In development mode a loopback request may instead name its user in `X-Shnor-Dev-User`; elsewhere that
 * header is refused, never silently ignored.
 */
export function createAuthenticator(options: AuthOptions): Authenticator {
  const client = new OAuth2Client();
  const certs: CertsSource =
    options.certs ??
    (async () => {
      // google-auth-library caches these until the expiry Google sends with them
      const response = await client.getFederatedSignonCertsAsync();
      return response.certs as Record<string, string>;
    });

  return {
    async identify(request) {
      const devUser = header(request, DEV_USER_HEADER);
      if (devUser !== undefined) {
        if (!options.devMode || !isLoopbackAddress(request.remoteAddress)) {
          return fail(
            "invalid_token",
            "заголовок X-Shnor-Dev-User принимается только в режиме разработки и только с адреса 127.0.0.1; " +
              "нужен токен Google (Authorization: Bearer …)",
          );
        }
        if (!simpleEmail.test(devUser)) {
          return fail("invalid_token", `«${devUser}» в X-Shnor-Dev-User — это не адрес электронной почты`);
        }
        return { success: true, data: { email: devUser.toLowerCase(), via: "dev_header" } };
      }

      const authorization = header(request, "authorization");
      const match = authorization === undefined ? null : /^Bearer\s+(\S+)$/i.exec(authorization);
      const token = match?.[1];
      if (token === undefined) {
        return fail("missing_token", "нет токена: нужен заголовок Authorization: Bearer <ID-токен Google>");
      }
      if (options.audiences.length === 0) {
        return fail("invalid_token", "проверка токенов не настроена (SHNOR_ID_TOKEN_AUDIENCES пуст)");
      }
      const segments = token.split(".");
      if (segments.length === 3 && segments[2] === REMOVED_SIGNATURE) {
        return identifyCheckedByCloudRun(request, segments[0] ?? "", segments[1] ?? "", options);
      }
      let payload: Record<string, unknown> | undefined;
      try {
        const ticket = await client.verifySignedJwtWithCertsAsync(
          token,
          await certs(),
          [...options.audiences],
          GOOGLE_ISSUERS,
        );
        payload = ticket.getPayload() as Record<string, unknown> | undefined;
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (text.startsWith("Wrong recipient")) {
          return fail("wrong_audience", "токен выдан для другого приложения (неверная аудитория)");
        }
        if (text.startsWith("Token used too late")) {
          return fail("invalid_token", "срок действия токена истёк; получите новый");
        }
        return fail("invalid_token", "токен не прошёл проверку подписи Google");
      }
      return callerOf(payload, "id_token");
    },
  };
}

/** The verified e-mail of a token's claims: present, and confirmed by Google (`email_verified`). */
function callerOf(payload: Record<string, unknown> | undefined, via: Caller["via"]): AuthResult<Caller> {
  const email = payload?.email;
  if (typeof email !== "string" || email === "") {
    return fail("invalid_token", "в токене нет адреса почты (нужна область userinfo.email)");
  }
  if (payload?.email_verified !== true && payload?.email_verified !== "true") {
    return fail("invalid_token", `адрес ${email} не подтверждён в Google`);
  }
  return { success: true, data: { email: email.toLowerCase(), via } };
}

/** One base64url part of a JWT as a JSON object; undefined for anything else. */
function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The claims google-auth-library checks after the signature, checked alike for a token without one: `iat` and
 * `exp` numbers, `exp` less than a day ahead, now within [iat − 5 min, exp + 5 min], a Google issuer, an
 * accepted audience.
 */
function checkClaims(
  payload: Record<string, unknown>,
  audiences: readonly string[],
  nowSeconds: number,
): AuthResult<void> {
  const { iat, exp, iss, aud } = payload;
  if (typeof iat !== "number" || typeof exp !== "number" || !Number.isFinite(iat) || !Number.isFinite(exp)) {
    return fail("invalid_token", "в токене нет времени выдачи или срока действия");
  }
  if (exp >= nowSeconds + MAX_TOKEN_LIFETIME_SECONDS || nowSeconds < iat - CLOCK_SKEW_SECONDS) {
    return fail("invalid_token", "время действия токена не сходится с текущим временем");
  }
  if (nowSeconds > exp + CLOCK_SKEW_SECONDS) {
    return fail("invalid_token", "срок действия токена истёк; получите новый");
  }
  if (typeof iss !== "string" || !GOOGLE_ISSUERS.includes(iss)) {
    return fail("invalid_token", "токен выдан не Google");
  }
  if (typeof aud !== "string" || !audiences.includes(aud)) {
    return fail("wrong_audience", "токен выдан для другого приложения (неверная аудитория)");
  }
  return { success: true, data: undefined };
}

/**
 * A token whose signature Cloud Run removed («header.payload.SIGNATURE_REMOVED_BY_GOOGLE»). Accepted only when all
 * hold: private mode (Cloud Run IAM checks every request, so nothing reaches the function unchecked); no
 * X-Serverless-Authorization in the request (Cloud Run checks that header when present, so this `Authorization`
 * would be unchecked — an invoker could put their own valid token there and forge this one); the claims pass
 * {@link checkClaims}; the e-mail is verified and is the scheduler's — the one caller that sends only
 * `Authorization` (Cloud Scheduler's `oidc_token`), so a stripped token of anyone else means an outdated script.
 */
function identifyCheckedByCloudRun(
  request: AuthRequest,
  headerSegment: string,
  payloadSegment: string,
  options: AuthOptions,
): AuthResult<Caller> {
  if (options.privateMode === undefined) {
    return fail(
      "invalid_token",
      "токен пришёл без подписи Google (её снимает Cloud Run в закрытом режиме), а функция работает в " +
        "открытом режиме и принимает только подписанные токены",
    );
  }
  const serverless = Object.keys(request.headers).some(
    (name) => name.toLowerCase() === SERVERLESS_AUTHORIZATION_HEADER,
  );
  if (serverless) {
    return fail(
      "invalid_token",
      "токен в Authorization пришёл без подписи, а Cloud Run проверяла другой токен (X-Serverless-Authorization); " +
        "в Authorization нужен подписанный токен",
    );
  }
  const payload = decodeSegment(payloadSegment);
  if (decodeSegment(headerSegment) === undefined || payload === undefined) {
    return fail("invalid_token", "токен повреждён: его части не читаются");
  }
  const claims = checkClaims(payload, options.audiences, Date.now() / 1000);
  if (!claims.success) return claims;
  const caller = callerOf(payload, "cloud_run_iam");
  if (!caller.success) return caller;
  if (caller.data.email !== options.privateMode.schedulerEmail.toLowerCase()) {
    return fail(
      "invalid_token",
      `токен ${caller.data.email} пришёл без подписи: скрипт таблицы должен отправлять его и в заголовке ` +
        "X-Serverless-Authorization — обновите скрипт (docs/deploy.md, раздел 6)",
    );
  }
  return caller;
}

/** The caller must be one of the territory's coordinators (case-insensitive). */
export function authorizeCoordinator(
  caller: Caller,
  territoryId: string,
  coordinators: readonly string[],
): AuthResult<Caller> {
  if (coordinators.some((email) => email.toLowerCase() === caller.email))
    return { success: true, data: caller };
  return fail("not_allowed", `${caller.email} нет в списке координаторов территории «${territoryId}»`);
}

/**
 * /flush: Cloud Scheduler's service account, or a coordinator of any territory (a manual flush).
 * `schedulerEmail` absent means only coordinators may flush.
 */
export function authorizeFlush(
  caller: Caller,
  schedulerEmail: string | undefined,
  anyCoordinators: readonly string[],
): AuthResult<Caller> {
  if (schedulerEmail !== undefined && caller.email === schedulerEmail.toLowerCase()) {
    return { success: true, data: caller };
  }
  if (anyCoordinators.some((email) => email.toLowerCase() === caller.email))
    return { success: true, data: caller };
  return fail("not_allowed", `${caller.email} не может запускать публикацию (/flush)`);
}

/** HTTP status for an authentication error: 401 when the caller is unknown, 403 when known but not allowed. */
export function authErrorStatus(error: AuthError): 401 | 403 {
  return error.code === "not_allowed" ? 403 : 401;
}
