// Google ID tokens verified with google-auth-library against a locally generated key; allowlists; the dev header.
import { createSign, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type AuthRequest,
  authErrorStatus,
  authorizeCoordinator,
  authorizeFlush,
  createAuthenticator,
} from "../../functions/src/http/auth.js";

const AUDIENCE = "1234567890-script.apps.googleusercontent.com";
const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
const certs = async () => ({ "test-key": key.publicKey.export({ type: "spki", format: "pem" }).toString() });

function sign(payload: Record<string, unknown>, privateKey = key.privateKey): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", kid: "test-key", typ: "JWT" })}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

function idToken(overrides: Record<string, unknown> = {}, privateKey = key.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    {
      iss: "https://accounts.google.com",
      aud: AUDIENCE,
      sub: "1098765",
      email: "Metodist@Example.ru",
      email_verified: true,
      iat: now,
      exp: now + 3600,
      ...overrides,
    },
    privateKey,
  );
}

const bearer = (token: string, remoteAddress = "203.0.113.7"): AuthRequest => ({
  headers: { authorization: `Bearer ${token}` },
  remoteAddress,
});

const production = createAuthenticator({ audiences: [AUDIENCE], devMode: false, certs });
const development = createAuthenticator({ audiences: [], devMode: true, certs });

describe("ID token verification", () => {
  it("accepts a valid Google ID token and returns the verified e-mail in lower case", async () => {
    expect(await production.identify(bearer(idToken()))).toEqual({
      success: true,
      data: { email: "metodist@example.ru", via: "id_token" },
    });
  });

  const refusals: [string, AuthRequest, string, RegExp][] = [
    ["no Authorization header", { headers: {} }, "missing_token", /нет токена/],
    [
      "a token for another application",
      bearer(idToken({ aud: "other-client" })),
      "wrong_audience",
      /аудитория/,
    ],
    [
      "an expired token",
      bearer(
        idToken({ iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }),
      ),
      "invalid_token",
      /срок действия токена истёк/,
    ],
    [
      "a token signed with someone else's key",
      bearer(idToken({}, stranger.privateKey)),
      "invalid_token",
      /подписи/,
    ],
    [
      "a token of another issuer",
      bearer(idToken({ iss: "https://evil.example" })),
      "invalid_token",
      /подписи/,
    ],
    ["an unverified e-mail", bearer(idToken({ email_verified: false })), "invalid_token", /не подтверждён/],
    ["a token without e-mail", bearer(idToken({ email: undefined })), "invalid_token", /нет адреса почты/],
    ["garbage", bearer("not.a.token"), "invalid_token", /подписи/],
  ];
  for (const [name, request, code, message] of refusals) {
    it(`refuses ${name} with ${code} (401)`, async () => {
      const result = await production.identify(request);
      expect(result.success).toBe(false);
      if (result.success) return;
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(message);
      expect(authErrorStatus(result.error)).toBe(401);
    });
  }
});

describe("allowlists", () => {
  const caller = { email: "metodist@example.ru", via: "id_token" as const };

  it("lets a coordinator of the territory in, whatever the case of the listed address", () => {
    expect(authorizeCoordinator(caller, "obraztsovsky", ["METODIST@example.ru"]).success).toBe(true);
  });

  it("refuses a verified caller who is not on the territory's allowlist with not_allowed (403)", () => {
    const result = authorizeCoordinator(caller, "obraztsovsky", ["head@example.ru"]);
    expect(result).toEqual({
      success: false,
      error: {
        code: "not_allowed",
        message: "metodist@example.ru нет в списке координаторов территории «obraztsovsky»",
      },
    });
    if (!result.success) expect(authErrorStatus(result.error)).toBe(403);
  });

  it("lets the scheduler's service account flush, and nobody else who is not a coordinator", () => {
    const scheduler = { email: "scheduler@shnor.iam.gserviceaccount.com", via: "id_token" as const };
    expect(authorizeFlush(scheduler, "scheduler@shnor.iam.gserviceaccount.com", []).success).toBe(true);
    expect(authorizeFlush(caller, "scheduler@shnor.iam.gserviceaccount.com", []).success).toBe(false);
    expect(authorizeFlush(caller, undefined, ["metodist@example.ru"]).success).toBe(true);
  });
});

describe("development header X-Shnor-Dev-User", () => {
  const dev = (remoteAddress: string): AuthRequest => ({
    headers: { "x-shnor-dev-user": "Tester@Example.ru" },
    remoteAddress,
  });

  it("is accepted in development mode from loopback (IPv4, IPv6, mapped)", async () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      expect(await development.identify(dev(address))).toEqual({
        success: true,
        data: { email: "tester@example.ru", via: "dev_header" },
      });
    }
  });

  it("is refused from another machine even in development mode", async () => {
    const result = await development.identify(dev("192.168.1.20"));
    expect(result).toMatchObject({ success: false, error: { code: "invalid_token" } });
  });

  it("is refused outside development mode, even from loopback", async () => {
    const result = await production.identify(dev("127.0.0.1"));
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.message).toMatch(/только в режиме разработки/);
  });
});
