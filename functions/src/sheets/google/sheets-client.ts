// Builds the `@googleapis/sheets` client the writer uses: production auth, or a static token against a local endpoint.
// Auth classes come from the package's own google-auth-library (re-exported as `auth`), which may be a
// different copy than the top-level one; mixing the two does not type-check.
import { auth as googleAuth, sheets, type sheets_v4 } from "@googleapis/sheets";

/** Any auth the client accepts (GoogleAuth, OAuth2 client, …). */
export type SheetsAuth = NonNullable<sheets_v4.Options["auth"]>;

/** The only scope the writer needs. */
export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

/** Where and as whom the client talks. */
export interface SheetsClientOptions {
  /** An auth client; defaults to the function's service account (Application Default Credentials). */
  auth?: SheetsAuth;
  /** Another endpoint than `https://sheets.googleapis.com/` (tests: a local HTTP server). */
  rootUrl?: string | undefined;
}

/**
 * A Sheets v4 client with the library's own retries turned off: the writer retries with its own
 * backoff (docs/design.md §6), and a second hidden retry layer would multiply writes against the quota.
 */
export function createSheetsClient(options: SheetsClientOptions = {}): sheets_v4.Sheets {
  const auth = options.auth ?? new googleAuth.GoogleAuth({ scopes: [SHEETS_SCOPE] });
  return sheets({
    version: "v4",
    auth,
    retry: false,
    ...(options.rootUrl === undefined ? {} : { rootUrl: options.rootUrl }),
  });
}

/**
 * An auth client that sends a fixed bearer token and never refreshes: for a local Sheets endpoint in
 * tests and development, where no Google credentials exist.
 */
export function staticTokenAuth(token: string): SheetsAuth {
  const client = new googleAuth.OAuth2();
  // Far-future expiry, so the library never tries to refresh it.
  client.setCredentials({ access_token: token, expiry_date: Number.MAX_SAFE_INTEGER });
  return client;
}
