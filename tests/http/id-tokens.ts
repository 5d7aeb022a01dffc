// Google-shaped ID tokens for the auth tests: signed with a locally generated key, and as Cloud Run passes them on.
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { REMOVED_SIGNATURE } from "../../functions/src/http/auth.js";

export const SCRIPT_AUDIENCE = "1234567890-script.apps.googleusercontent.com";
export const FUNCTION_URL = "https://europe-west1-shnor-test.cloudfunctions.net/api";
export const SCHEDULER = "shnor-scheduler@shnor-test.iam.gserviceaccount.com";
export const COORDINATOR = "metodist@example.ru";
/** Holds roles/run.invoker in private mode (invoker_members), so Cloud Run lets their own tokens through. */
export const INVOKER = "someone@example.ru";

const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
/** A key Google never published: tokens signed with it are forgeries. */
export const strangerKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

/** The certificates the function is told to trust (instead of Google's published ones). */
export const certs = async () => ({
  "test-key": key.publicKey.export({ type: "spki", format: "pem" }).toString(),
});

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The claims of a Google ID token for `email` issued now for one hour; `overrides` replace or remove (undefined). */
export function claims(email: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: "https://accounts.google.com",
    aud: email === SCHEDULER ? FUNCTION_URL : SCRIPT_AUDIENCE,
    sub: "1098765",
    email,
    email_verified: true,
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

/** A signed ID token, as Google issues it (`ScriptApp.getIdentityToken()`, the scheduler's OIDC token). */
export function signed(payload: Record<string, unknown>, privateKey: KeyObject = key.privateKey): string {
  const unsigned = `${encode({ alg: "RS256", kid: "test-key", typ: "JWT" })}.${encode(payload)}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

/**
 * The token with its signature replaced by Cloud Run's marker — what the container gets for the token Cloud Run
 * checked (https://cloud.google.com/run/docs/troubleshooting#signature-removed), and what anyone can write by hand.
 */
export function stripped(token: string): string {
  return `${token.slice(0, token.lastIndexOf("."))}.${REMOVED_SIGNATURE}`;
}

/** An unsigned token nobody issued, written by hand with the marker Cloud Run uses. */
export function forged(payload: Record<string, unknown>): string {
  return `${encode({ alg: "RS256", kid: "test-key", typ: "JWT" })}.${encode(payload)}.${REMOVED_SIGNATURE}`;
}

/**
 * What Cloud Run IAM does to the headers of a request it lets through, as its documentation describes
 * (https://cloud.google.com/run/docs/authenticating/service-to-service): it checks X-Serverless-Authorization
 * when present, else Authorization, and passes the checked token on without its signature; the other header is
 * passed on untouched. (Whether the checked token was valid and its caller an invoker is Cloud Run's refusal,
 * not modelled: these requests are the ones it let through.)
 */
export function throughCloudRun(headers: Readonly<Record<string, string>>): Record<string, string> {
  const passed = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const checked =
    passed["x-serverless-authorization"] !== undefined ? "x-serverless-authorization" : "authorization";
  const value = passed[checked];
  if (value !== undefined) passed[checked] = `Bearer ${stripped(value.replace(/^Bearer\s+/i, ""))}`;
  return passed;
}
