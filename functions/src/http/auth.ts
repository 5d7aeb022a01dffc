// Who is calling: Google ID tokens verified with google-auth-library, the dev-mode header on loopback, and allowlists.
import { OAuth2Client } from "google-auth-library";

/** Header that names the caller in development mode instead of an ID token. */
export const DEV_USER_HEADER = "x-shnor-dev-user";

/** Issuers of Google ID tokens (`ScriptApp.getIdentityToken()`, Cloud Scheduler OIDC tokens). */
export const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

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
  via: "id_token" | "dev_header";
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
 * audience), then `email_verified` required. In development mode a loopback request may instead name its
 * user in `X-Shnor-Dev-User`; elsewhere that header is refused, never silently ignored.
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
      const email = payload?.email;
      if (typeof email !== "string" || email === "") {
        return fail("invalid_token", "в токене нет адреса почты (нужна область userinfo.email)");
      }
      if (payload?.email_verified !== true && payload?.email_verified !== "true") {
        return fail("invalid_token", `адрес ${email} не подтверждён в Google`);
      }
      return { success: true, data: { email: email.toLowerCase(), via: "id_token" } };
    },
  };
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
