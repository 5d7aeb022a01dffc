// Private mode: which token combinations the function accepts behind Cloud Run IAM, and that nothing else changes.
import { describe, expect, it } from "vitest";
import {
  type AuthRequest,
  authErrorStatus,
  authorizeCoordinator,
  authorizeFlush,
  createAuthenticator,
} from "../../functions/src/http/auth.js";
import {
  COORDINATOR,
  certs,
  claims,
  FUNCTION_URL,
  forged,
  INVOKER,
  SCHEDULER,
  SCRIPT_AUDIENCE,
  signed,
  strangerKey,
  stripped,
} from "./id-tokens.js";

const audiences = [SCRIPT_AUDIENCE, FUNCTION_URL];
const privateMode = createAuthenticator({
  audiences,
  devMode: false,
  certs,
  privateMode: { schedulerEmail: SCHEDULER },
});
const defaultMode = createAuthenticator({ audiences, devMode: false, certs });

function request(authorization: string | undefined, serverless?: string): AuthRequest {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = `Bearer ${authorization}`;
  if (serverless !== undefined) headers["x-serverless-authorization"] = serverless;
  return { headers, remoteAddress: "169.254.1.1" };
}

const scheduler = signed(claims(SCHEDULER));
const coordinator = signed(claims(COORDINATOR));
const invoker = signed(claims(INVOKER));

type Outcome = { email: string; via: string } | { code: string; message: RegExp };

/**
 * Every combination of what `Authorization` carries and what X-Serverless-Authorization carries, in both modes.
 * X-Serverless-Authorization, when present, is what Cloud Run checked: it arrives without its signature.
 */
const combinations: {
  name: string;
  authorization: string | undefined;
  serverless: string | undefined;
  private: Outcome;
  default: Outcome;
}[] = [
  {
    name: "the script: its signed token in Authorization, the same token (stripped) in X-Serverless-Authorization",
    authorization: coordinator,
    serverless: `Bearer ${stripped(coordinator)}`,
    private: { email: COORDINATOR, via: "id_token" },
    default: { email: COORDINATOR, via: "id_token" },
  },
  {
    name: "the scheduler: its token in Authorization only, signature removed by Cloud Run",
    authorization: stripped(scheduler),
    serverless: undefined,
    private: { email: SCHEDULER, via: "cloud_run_iam" },
    default: { code: "invalid_token", message: /без подписи.*открытом режиме/ },
  },
  {
    name: "the scheduler: its token in Authorization only, still signed",
    authorization: scheduler,
    serverless: undefined,
    private: { email: SCHEDULER, via: "id_token" },
    default: { email: SCHEDULER, via: "id_token" },
  },
  {
    name: "an invoker's own valid token in X-Serverless-Authorization and a forged unsigned scheduler token in Authorization",
    authorization: forged(claims(SCHEDULER)),
    serverless: `Bearer ${stripped(invoker)}`,
    private: { code: "invalid_token", message: /Cloud Run проверяла другой токен/ },
    default: { code: "invalid_token", message: /без подписи/ },
  },
  {
    name: "the scheduler's genuine token with its signature removed, next to an X-Serverless-Authorization",
    authorization: stripped(scheduler),
    serverless: `Bearer ${stripped(scheduler)}`,
    private: { code: "invalid_token", message: /Cloud Run проверяла другой токен/ },
    default: { code: "invalid_token", message: /без подписи/ },
  },
  {
    name: "a forged unsigned scheduler token next to an empty X-Serverless-Authorization",
    authorization: forged(claims(SCHEDULER)),
    serverless: "",
    private: { code: "invalid_token", message: /Cloud Run проверяла другой токен/ },
    default: { code: "invalid_token", message: /без подписи/ },
  },
  {
    name: "an outdated script: the coordinator's token in Authorization only, signature removed by Cloud Run",
    authorization: stripped(coordinator),
    serverless: undefined,
    private: { code: "invalid_token", message: /обновите скрипт/ },
    default: { code: "invalid_token", message: /без подписи/ },
  },
  {
    name: "a token signed with a key Google never published, with an X-Serverless-Authorization",
    authorization: signed(claims(SCHEDULER), strangerKey),
    serverless: `Bearer ${stripped(invoker)}`,
    private: { code: "invalid_token", message: /подписи Google/ },
    default: { code: "invalid_token", message: /подписи Google/ },
  },
  {
    name: "a token signed with a key Google never published, alone",
    authorization: signed(claims(SCHEDULER), strangerKey),
    serverless: undefined,
    private: { code: "invalid_token", message: /подписи Google/ },
    default: { code: "invalid_token", message: /подписи Google/ },
  },
  {
    name: "a token with an empty signature",
    authorization: `${scheduler.slice(0, scheduler.lastIndexOf("."))}.`,
    serverless: undefined,
    private: { code: "invalid_token", message: /подписи Google/ },
    default: { code: "invalid_token", message: /подписи Google/ },
  },
  {
    name: "no Authorization, only the token Cloud Run checked",
    authorization: undefined,
    serverless: `Bearer ${stripped(coordinator)}`,
    private: { code: "missing_token", message: /нет токена/ },
    default: { code: "missing_token", message: /нет токена/ },
  },
];

describe("private mode, every combination of headers", () => {
  for (const mode of ["private", "default"] as const) {
    const authenticator = mode === "private" ? privateMode : defaultMode;
    for (const c of combinations) {
      const expected = c[mode];
      const verdict = "email" in expected ? `accepts ${expected.email} (${expected.via})` : expected.code;
      it(`${mode} mode, ${c.name}: ${verdict}`, async () => {
        const result = await authenticator.identify(request(c.authorization, c.serverless));
        if ("email" in expected) {
          expect(result).toEqual({ success: true, data: expected });
          return;
        }
        expect(result.success).toBe(false);
        if (result.success) return;
        expect(result.error.code).toBe(expected.code);
        expect(result.error.message).toMatch(expected.message);
        expect(authErrorStatus(result.error)).toBe(401);
      });
    }
  }

  it("finds X-Serverless-Authorization whatever the case of its name", async () => {
    const result = await privateMode.identify({
      headers: { authorization: `Bearer ${stripped(scheduler)}`, "X-Serverless-Authorization": "Bearer x" },
    });
    expect(result).toMatchObject({ success: false, error: { code: "invalid_token" } });
  });
});

describe("private mode, the claims of a token whose signature Cloud Run removed", () => {
  const now = Math.floor(Date.now() / 1000);
  const scheduled = (overrides: Record<string, unknown>) =>
    request(stripped(signed(claims(SCHEDULER, overrides))));

  it("accepts the scheduler's address in any case, and gives it back in lower case", async () => {
    const result = await privateMode.identify(scheduled({ email: SCHEDULER.toUpperCase() }));
    expect(result).toEqual({ success: true, data: { email: SCHEDULER, via: "cloud_run_iam" } });
  });

  it("accepts the scripts' audience as well as the function URL (both are the function's audiences)", async () => {
    expect((await privateMode.identify(scheduled({ aud: SCRIPT_AUDIENCE }))).success).toBe(true);
  });

  it("accepts a token expired less than Google's 5-minute clock skew ago, as google-auth-library does", async () => {
    const result = await privateMode.identify(scheduled({ iat: now - 3600, exp: now - 290 }));
    expect(result.success).toBe(true);
  });

  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ["expired past the 5-minute skew", { iat: now - 3600, exp: now - 310 }, "invalid_token", /истёк/],
    [
      "issued more than 5 minutes in the future",
      { iat: now + 310, exp: now + 3600 },
      "invalid_token",
      /время/,
    ],
    ["valid for more than a day", { exp: now + 86_400 + 60 }, "invalid_token", /время/],
    ["without an expiry", { exp: undefined }, "invalid_token", /срока действия/],
    ["without an issue time", { iat: undefined }, "invalid_token", /времени выдачи/],
    ["with an expiry that is not a number", { exp: "tomorrow" }, "invalid_token", /срока действия/],
    ["of another issuer", { iss: "https://evil.example" }, "invalid_token", /не Google/],
    ["for another application", { aud: "https://other.example" }, "wrong_audience", /аудитория/],
    ["for a list of audiences", { aud: [FUNCTION_URL] }, "wrong_audience", /аудитория/],
    ["with an unverified address", { email_verified: false }, "invalid_token", /не подтверждён/],
    ["without an address", { email: undefined }, "invalid_token", /нет адреса почты/],
    [
      "of another service account",
      { email: "other@shnor-test.iam.gserviceaccount.com" },
      "invalid_token",
      /обновите/,
    ],
  ];
  for (const [name, overrides, code, message] of refusals) {
    it(`refuses a token ${name} with ${code} (401)`, async () => {
      const result = await privateMode.identify(scheduled(overrides));
      expect(result.success).toBe(false);
      if (result.success) return;
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
      expect(authErrorStatus(result.error)).toBe(401);
    });
  }

  it("refuses a token whose parts are not JSON", async () => {
    for (const token of [
      `e30.bm90IGpzb24.SIGNATURE_REMOVED_BY_GOOGLE`,
      `bm90.e30.SIGNATURE_REMOVED_BY_GOOGLE`,
    ]) {
      const result = await privateMode.identify(request(token));
      expect(result).toMatchObject({
        success: false,
        error: { code: "invalid_token", message: /повреждён/ },
      });
    }
  });

  it("refuses, with every audience configured away, before reading the token", async () => {
    const unconfigured = createAuthenticator({
      audiences: [],
      devMode: false,
      certs,
      privateMode: { schedulerEmail: SCHEDULER },
    });
    const result = await unconfigured.identify(request(stripped(scheduler)));
    expect(result).toMatchObject({ success: false, error: { message: /не настроена/ } });
  });
});

describe("private mode, what the accepted scheduler may do", () => {
  it("may flush, and is no coordinator of any territory", async () => {
    const result = await privateMode.identify(request(stripped(scheduler)));
    if (!result.success) throw new Error(result.error.message);
    expect(authorizeFlush(result.data, SCHEDULER, [COORDINATOR]).success).toBe(true);
    const asCoordinator = authorizeCoordinator(result.data, "obraztsovsky", [COORDINATOR]);
    expect(asCoordinator.success).toBe(false);
    if (!asCoordinator.success) expect(authErrorStatus(asCoordinator.error)).toBe(403);
  });
});
